"""The collection as users get it: built with ansible-galaxy, installed from the tarball (offline), and its
playbooks run by their fully qualified names, awsops.proton.setup and awsops.proton.teardown, against the emulator.

Only the installed copy is on ANSIBLE_COLLECTIONS_PATH (not this checkout), and the runs start outside the
repository, so what runs is what the tarball holds.
"""

import configparser
import re
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from conftest import REPO

BIN = Path(sys.executable).parent
EXAMPLE_VARS = REPO / "playbooks" / "vars" / "example.yml"
RECAP = re.compile(r"^localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
ROLE_NAMES = {"ProtonEnvironmentServiceRole", "ProtonEnvironmentCodeBuildRole",
              "ProtonPipelineServiceRole", "ProtonPipelineCodeBuildRole"}


def _run(command, env, cwd):
    proc = subprocess.run(command, env=env, cwd=str(cwd), capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:
        pytest.fail("{0} exited {1}\n--- stdout ---\n{2}\n--- stderr ---\n{3}".format(
            " ".join(map(str, command)), proc.returncode, proc.stdout[-10000:], proc.stderr[-5000:]))
    return proc


def _changed(proc):
    match = RECAP.search(proc.stdout)
    assert match, "no PLAY RECAP in:\n" + proc.stdout[-5000:]
    assert match.group(4) == "0", proc.stdout[-5000:]
    return int(match.group(2))


def _writes(emulator, since):
    from proton_emulator.testing import write_calls
    return [c["service"] + ":" + c["operation"] for c in write_calls(emulator.calls()[since:]) if c["status"] < 400]


def _client(emulator, service):
    return boto3.client(service, endpoint_url=emulator.url, region_name="us-east-1",
                        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


@pytest.fixture
def installed_collection(tmp_path, ansible_env):
    """ansible-galaxy collection build, then install of the tarball with --no-deps --offline into tmp_path.

    Only the install directory is on ANSIBLE_COLLECTIONS_PATH (with this checkout's symlink there, ansible-galaxy
    would find awsops.proton already installed and install nothing).
    """
    dist, collections = tmp_path / "dist", tmp_path / "collections"
    env = dict(ansible_env, ANSIBLE_COLLECTIONS_PATH=str(collections))
    _run([str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(dist), str(REPO)], env, tmp_path)
    tarballs = list(dist.glob("awsops-proton-*.tar.gz"))
    assert len(tarballs) == 1, tarballs
    _run([str(BIN / "ansible-galaxy"), "collection", "install", str(tarballs[0]), "-p", str(collections),
          "--no-deps", "--offline"], env, tmp_path)
    installed = collections / "ansible_collections" / "awsops" / "proton"
    assert (installed / "MANIFEST.json").is_file()
    assert (installed / "playbooks" / "setup.yml").is_file()
    assert not installed.is_symlink() and not (installed / "tests" / "emulator").exists()
    return collections


def test_fqcn_playbooks_from_installed_collection(installed_collection, ansible_env, emulator, tmp_path):
    env = dict(ansible_env, ANSIBLE_COLLECTIONS_PATH=str(installed_collection))
    workdir = tmp_path / "work"
    workdir.mkdir()
    cli_config = tmp_path / "admin-aws-config"
    args = ["-e", "@{0}".format(EXAMPLE_VARS), "-e", "admin_user_cli_config_file={0}".format(cli_config)]
    setup = [str(BIN / "ansible-playbook"), "awsops.proton.setup"] + args
    teardown = [str(BIN / "ansible-playbook"), "awsops.proton.teardown"] + args + ["-e", "proton_teardown_confirm=true"]
    installed_roles = str(installed_collection / "ansible_collections" / "awsops" / "proton" / "roles")

    first = _run(setup, env, workdir)
    assert _changed(first) > 0
    # The roles' task files came from the installed copy.
    # include_role prints the role's name (the preflight's validate entry points), include_tasks the file.
    included = [path for path in re.findall(r"^included: (\S+)", first.stdout, re.M) if path.startswith("/")]
    assert included and all(path.startswith(installed_roles) for path in included), included
    assert "aws sso login --profile proton-admin" in first.stdout

    before_second = len(emulator.calls())
    second = _run(setup, env, workdir)
    assert _changed(second) == 0, second.stdout[-5000:]
    assert _writes(emulator, before_second) == []

    config = configparser.ConfigParser()
    config.read(str(cli_config))
    assert config.has_section("profile proton-admin")

    removed = _run(teardown, env, workdir)
    assert _changed(removed) > 0

    # Nothing is left: no Proton role, no Identity Center user, group, permission set or assignment, no account
    # settings, no CLI profile.
    iam = _client(emulator, "iam")
    assert not ROLE_NAMES & {role["RoleName"] for role in iam.list_roles()["Roles"]}
    sso = _client(emulator, "sso-admin")
    instance = sso.list_instances()["Instances"][0]
    assert sso.list_permission_sets(InstanceArn=instance["InstanceArn"])["PermissionSets"] == []
    assert sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance["InstanceArn"], AccountId="123456789012").get("PermissionSets", []) == []
    store = _client(emulator, "identitystore")
    assert store.list_users(IdentityStoreId=instance["IdentityStoreId"])["Users"] == []
    assert store.list_groups(IdentityStoreId=instance["IdentityStoreId"])["Groups"] == []
    assert _client(emulator, "proton").get_account_settings()["accountSettings"] == {}
    config = configparser.ConfigParser()
    config.read(str(cli_config))
    assert not config.has_section("profile proton-admin")
