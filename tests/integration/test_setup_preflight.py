"""playbooks/setup.yml plans every part before the first write of any part.

Each case sets one bad variable of a later part (environment or pipeline roles) next to valid admin_user
variables, on a fresh emulator: setup.yml must exit non-zero with a message naming the variable, and the
emulator's call log must hold no write call at all - not even the administrative user's, which runs first.
"""

from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_playbook
from proton_emulator.testing import write_calls

MISSING_TEMPLATE = "/nonexistent/proton-templates/v1"
CASES = [
    ("permissions_bogus", {"environment_roles_permissions": "bogus"}, ["environment_roles_permissions"]),
    ("services_not_a_prefix", {"pipeline_roles_services": ["notaservice"]}, ["pipeline_roles_services",
                                                                             "notaservice"]),
    ("custom_statements_malformed", {"environment_roles_permissions": "custom",
                                     "environment_roles_custom_statements": [{"Effect": "Allow", "Action": "s3:*"}]},
     ["environment_roles_custom_statements", "Resource"]),
    ("service_role_name_65", {"pipeline_roles_service_role_name": "r" * 65},
     ["pipeline_roles_service_role_name", "1 to 64 characters"]),
    ("template_path_missing", {"environment_roles_permissions": "from_templates",
                               "environment_roles_template_paths": [MISSING_TEMPLATE]},
     ["environment_roles_template_paths", MISSING_TEMPLATE]),
    # Not an IAM service prefix (the ELBv2 API's, not IAM's: elasticloadbalancing), and an action IAM does not have.
    ("services_api_name_not_iam_prefix", {"environment_roles_services": ["elbv2"]},
     ["environment_roles_services", "elbv2"]),
    ("custom_statement_unknown_action", {"environment_roles_permissions": "custom",
                                         "environment_roles_custom_statements": [
                                             {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]},
     ["environment_roles_custom_statements", "s3:GetObjekt"]),
    ("repository_without_branch", {"pipeline_roles_provisioning_repository": {"provider": "GITHUB",
                                                                              "name": "my-org/pipelines"}},
     ["pipeline_roles_provisioning_repository", "branch"]),
]


# Teardown deletes by name: a bad name of a later part stops it before the first deletion.
TEARDOWN_CASES = [case for case in CASES if case[0] == "service_role_name_65"]


@pytest.mark.parametrize("playbook,case", [("setup.yml", case) for case in CASES] +
                         [("teardown.yml", case) for case in TEARDOWN_CASES],
                         ids=["setup-" + case[0] for case in CASES] + ["teardown-" + case[0] for case in TEARDOWN_CASES])
def test_a_bad_later_part_stops_the_run_before_any_write(ansible_env, emulator, tmp_path, playbook, case):
    unused_case_id, variables, words = case
    extra = Path(tmp_path) / "bad.yml"
    extra.write_text(yaml.safe_dump(dict(variables, proton_teardown_confirm=True)))
    emulator.reset()
    proc = run_playbook(ansible_env, REPO / "playbooks" / playbook, "-e", "@playbooks/vars/example.yml",
                        "-e", "admin_user_cli_config_file={0}".format(Path(tmp_path) / "aws-config"),
                        "-e", "@{0}".format(extra), check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    missing = [word for word in words if word not in output]
    assert not missing, "the message lacks {0}:\n{1}".format(missing, output[-3000:])
    assert write_calls(emulator.calls()) == [], write_calls(emulator.calls())
    # It failed in the preflight, before the first part's first task.
    assert "Preflight - plan" in output
    assert "Set up the administrator in IAM Identity Center" not in output and "sso_admin_access" not in output
