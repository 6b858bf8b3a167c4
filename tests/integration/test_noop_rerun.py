"""A no-op rerun: zero write calls, and no more module processes or reads than measured (a regression guard).

One converge, then the rerun whose module processes and calls are counted. Module processes are counted
by running every module through a wrapper interpreter that logs one line per start. The limits are what
`make bench` measured (docs/bench.md): raise them only with a reason, lower them when a change saves some.
"""

import os
import stat
import sys
from collections import Counter
from pathlib import Path

from conftest import REPO, run_playbook
from proton_emulator.testing import write_calls

# The no-op rerun of setup.yml with playbooks/vars/example.yml (Identity Center path): the preflight's STS
# call (1), the Identity Center part (1: sso_admin_access reads the instance, user, group, permission set,
# assignment and CLI profile in one process), the environment roles (1), the pipeline roles with the account
# settings that name them (1: proton_roles's register_account_settings).
MAX_SETUP_PROCESSES = 4
MAX_RERUN_READS = 30
# environment_roles + pipeline_roles alone: one process per role set (the account settings in the pipeline one).
MAX_ROLES_PROCESSES = 2
# What the playbook already knows is passed on, not looked up again.
EXPECTED_ONCE = ("sts:GetCallerIdentity", "sso:ListPermissionSets")

ROLES_ONLY = """
- name: The Proton roles alone
  hosts: localhost
  connection: local
  gather_facts: false
  roles:
    - awsops.proton.environment_roles
    - awsops.proton.pipeline_roles
"""


def counting_interpreter(tmp_path):
    """(interpreter path, log path): the interpreter appends a line to the log, then runs Python."""
    log = Path(tmp_path) / "module-starts.log"
    wrapper = Path(tmp_path) / "python-counting"
    wrapper.write_text("#!/bin/sh\necho start >> '{0}'\nexec '{1}' \"$@\"\n".format(log, sys.executable))
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return wrapper, log


def module_starts(log):
    return len(log.read_text().splitlines()) if log.exists() else 0


def rerun(ansible_env, emulator, tmp_path, playbook, *args):
    """Converge, then rerun with every module start counted: (rerun output, calls of the rerun, starts)."""
    interpreter, log = counting_interpreter(tmp_path)
    args = args + ("-e", "ansible_python_interpreter={0}".format(interpreter))
    run_playbook(ansible_env, playbook, *args)
    if log.exists():
        os.unlink(log)
    start = len(emulator.calls())
    output = run_playbook(ansible_env, playbook, *args)
    return output, emulator.calls()[start:], module_starts(log)


def test_noop_rerun_of_setup_makes_no_writes_few_processes_and_few_reads(ansible_env, emulator, tmp_path):
    output, calls, starts = rerun(ansible_env, emulator, tmp_path, REPO / "playbooks" / "setup.yml",
                                  "-e", "@playbooks/vars/example.yml",
                                  "-e", "admin_user_cli_config_file={0}".format(Path(tmp_path) / "aws-config"))
    assert "changed=0" in output.stdout
    assert write_calls(calls) == []
    by_operation = Counter("{0}:{1}".format(c["service"], c["operation"]) for c in calls)
    assert len(calls) <= MAX_RERUN_READS, "the no-op rerun made {0} reads (at most {1}): {2}".format(
        len(calls), MAX_RERUN_READS, sorted(by_operation.items()))
    for operation in EXPECTED_ONCE:
        assert by_operation[operation] == 1, (operation, sorted(by_operation.items()))
    assert 0 < starts <= MAX_SETUP_PROCESSES, "the no-op rerun started {0} module processes (at most {1})".format(
        starts, MAX_SETUP_PROCESSES)
    # Every call says it comes from the collection (botocore's user_agent_extra), as CloudTrail will show it.
    agents = emulator.user_agents()[-len(calls):]
    assert len(agents) == len(calls) and all(" awsops.proton/" in " " + a for a in agents), sorted(set(agents))


def test_noop_rerun_of_the_proton_roles_starts_three_module_processes(ansible_env, emulator, tmp_path):
    playbook = Path(tmp_path) / "roles.yml"
    playbook.write_text(ROLES_ONLY)
    output, calls, starts = rerun(ansible_env, emulator, tmp_path, playbook)
    assert "changed=0" in output.stdout
    assert write_calls(calls) == []
    assert 0 < starts <= MAX_ROLES_PROCESSES, "started {0} module processes (at most {1})".format(
        starts, MAX_ROLES_PROCESSES)
