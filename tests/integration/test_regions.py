"""No region is guessed for the regional services; IAM and STS need none.

With no region configured anywhere (no AWS_REGION / AWS_DEFAULT_REGION, an empty profile, and
admin_user_sso_region left empty), the IAM Identity Center part fails naming the variable, before any
write; an IAM-only setup (IAM administrator, roles, no Proton account settings) converges.
"""

from pathlib import Path

from conftest import REPO, run_playbook
from proton_emulator.testing import write_calls


def without_region(env):
    env = dict(env)
    for key in ("AWS_DEFAULT_REGION", "AWS_REGION"):
        env.pop(key, None)
    return env


def test_identity_center_without_a_region_fails_naming_the_variable(ansible_env, emulator, tmp_path):
    proc = run_playbook(without_region(ansible_env), REPO / "playbooks" / "setup.yml",
                        "-e", "@playbooks/vars/example.yml", "-e", "admin_user_sso_region=",
                        "-e", "admin_user_cli_config_file={0}".format(Path(tmp_path) / "aws-config"), check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    assert "no region is guessed" in output and "admin_user_sso_region" in output, output[-3000:]
    assert write_calls(emulator.calls()) == [], write_calls(emulator.calls())


def test_an_iam_only_setup_needs_no_region(ansible_env, emulator, tmp_path):
    proc = run_playbook(without_region(ansible_env), REPO / "playbooks" / "setup.yml",
                        "-e", "@playbooks/vars/example.yml", "-e", "admin_user_method=iam",
                        "-e", "admin_user_sso_region=", "-e", "pipeline_roles_register_account_settings=false")
    assert "failed=0" in proc.stdout
    written = set(call["operation"] for call in write_calls(emulator.calls()))
    assert {"CreateUser", "CreateGroup", "CreateRole"} <= written, written
    assert all(call["service"] in ("iam", "sts") for call in emulator.calls()), emulator.calls()


def test_pipeline_roles_without_a_region_fail_before_any_write(ansible_env, emulator, tmp_path):
    # AWS Proton's account settings are regional: proton_roles makes the Proton client before its first write, so
    # the roles are not created only for the registration to fail afterwards.
    playbook = Path(tmp_path) / "pipeline.yml"
    playbook.write_text("- hosts: localhost\n  connection: local\n  gather_facts: false\n"
                        "  roles: [awsops.proton.pipeline_roles]\n")
    proc = run_playbook(without_region(ansible_env), playbook, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    assert "proton is a regional service" in output and "no region is guessed" in output, output[-3000:]
    assert write_calls(emulator.calls()) == [], write_calls(emulator.calls())
