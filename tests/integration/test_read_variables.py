"""proton_roles's read_variables and caller_info, as the collection's roles use them, run by ansible-playbook.

With read_variables, each option the task does not set comes from the variable variable_names names for it (an
option the task sets wins); caller_info gives the account and partition, and a bad one is reported under its
variable. plan_only: no AWS call at all.
"""

from pathlib import Path

import yaml

from conftest import run_playbook

VARIABLES = {
    "my_permissions": "administrator",
    "my_tags": {"team": "platform"},
    "my_caller": {"account": "210987654321", "partition": "aws", "arn": "arn:aws:iam::210987654321:user/x"},
    "my_names": {"permissions": "my_permissions", "tags": "my_tags", "caller_info": "my_caller"},
}


def playbook(tmp_path, tasks, variables=None):
    path = Path(tmp_path) / "read_variables.yml"
    path.write_text(yaml.safe_dump([{"hosts": "localhost", "connection": "local", "gather_facts": False,
                                     "vars": dict(VARIABLES, **(variables or {})), "tasks": tasks}]))
    return path


def plan_task(**options):
    args = dict(roles=[{"kind": "environment_provisioning"}], variable_names="{{ my_names }}", plan_only=True)
    args.update(options)
    return {"name": "Plan", "awsops.proton.proton_roles": args, "register": "planned"}


def check(*conditions):
    return {"name": "Check", "ansible.builtin.assert": {"that": list(conditions)}}


def test_options_come_from_the_named_variables_and_the_task_wins(ansible_env, emulator, tmp_path):
    path = playbook(tmp_path, [
        plan_task(read_variables=True, permissions="scoped"),
        check("planned.roles[0].role.tags == {'team': 'platform'}",
              "planned.arns.environment_provisioning == 'arn:aws:iam::210987654321:role/ProtonEnvironmentServiceRole'",
              # scoped (the task's), not administrator (the variable's): no Action "*" anywhere.
              "planned.roles[0].role.inline_policies.ProtonRolePermissions.Statement | map(attribute='Action')"
              " | select('equalto', '*') | list == []",
              "planned.warnings is not defined"),
        plan_task(),
        check("planned.roles[0].role.tags == {}",
              "planned.arns.environment_provisioning == 'arn:aws:iam::123456789012:role/ProtonEnvironmentServiceRole'"),
    ])
    proc = run_playbook(ansible_env, path)
    assert "failed=0" in proc.stdout, proc.stdout[-3000:]
    assert emulator.calls() == [], emulator.calls()


def test_a_bad_caller_info_is_reported_under_its_variable(ansible_env, emulator, tmp_path):
    path = playbook(tmp_path, [plan_task(read_variables=True)], {"my_caller": {"account": "12", "partition": "aws"}})
    proc = run_playbook(ansible_env, path, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    assert "my_caller: must be a 12-digit AWS account id (got '12')" in output, output[-3000:]
    assert emulator.calls() == [], emulator.calls()
