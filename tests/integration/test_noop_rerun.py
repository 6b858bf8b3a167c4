"""A no-op rerun of playbooks/setup.yml: zero write calls, and no more reads than measured (a regression guard).

One converge, then the rerun whose calls are counted. The limits are what `make bench` measured
(docs/bench.md): raise them only with a reason, lower them when a change saves calls.
"""

from collections import Counter
from pathlib import Path

from conftest import REPO, run_playbook
from proton_emulator.testing import write_calls

# Reads of the no-op rerun of setup.yml with playbooks/vars/example.yml (docs/bench.md).
MAX_RERUN_READS = 39
# What the playbook already knows is passed on, not looked up again.
EXPECTED_ONCE = ("sts:GetCallerIdentity", "sso:ListPermissionSets")


def test_noop_rerun_of_setup_makes_no_writes_and_few_reads(ansible_env, emulator, tmp_path):
    args = ["-e", "@playbooks/vars/example.yml",
            "-e", "admin_user_cli_config_file={0}".format(Path(tmp_path) / "aws-config")]
    run_playbook(ansible_env, REPO / "playbooks" / "setup.yml", *args)
    start = len(emulator.calls())
    rerun = run_playbook(ansible_env, REPO / "playbooks" / "setup.yml", *args)
    calls = emulator.calls()[start:]

    assert "changed=0" in rerun.stdout
    assert write_calls(calls) == []
    by_operation = Counter("{0}:{1}".format(c["service"], c["operation"]) for c in calls)
    assert len(calls) <= MAX_RERUN_READS, "the no-op rerun made {0} reads (at most {1}): {2}".format(
        len(calls), MAX_RERUN_READS, sorted(by_operation.items()))
    for operation in EXPECTED_ONCE:
        assert by_operation[operation] == 1, (operation, sorted(by_operation.items()))
