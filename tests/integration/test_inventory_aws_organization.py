"""The awsops.proton.aws_organization inventory: real ansible-inventory, real botocore, the emulator's Organization.

Each test seeds an Organization of 12 member accounts in two OUs (Root/Workloads/Prod, Root/Workloads/Dev; the
last Dev account created without OrganizationAccountAccessRole, the first Prod account closed, i.e. SUSPENDED)
and reads it with ``ansible-inventory --list``.
"""

import json
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import yaml

from proton_emulator.testing import seed_organization

ANSIBLE_INVENTORY = str(Path(sys.executable).parent / "ansible-inventory")
MANAGEMENT = "123456789012"
LISTINGS = {"ListRoots", "ListOrganizationalUnitsForParent", "ListAccountsForParent"}


@pytest.fixture
def org(ansible_env, emulator):
    return seed_organization(emulator.url, ["Workloads/Prod", "Workloads/Dev"], 6, without_role=1, suspended=1)


@pytest.fixture
def env(ansible_env):
    # A source the plugin cannot parse fails the command instead of becoming a warning and an empty inventory.
    return dict(ansible_env, ANSIBLE_INVENTORY_UNPARSED_FAILED="true", ANSIBLE_INVENTORY_ENABLED="auto")


def _plain(value):
    """ansible-core 2.19 marks strings from inventory plugins as untrusted in --list output."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def inventory(env, tmp_path, check=True, name="org.aws_organization.yml", **options):
    """Write an inventory file with these options, run ansible-inventory --list on it, return its JSON."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(dict({"plugin": "awsops.proton.aws_organization"}, **options)))
    proc = subprocess.run([ANSIBLE_INVENTORY, "-i", str(path), "--list"], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    if not check:
        return proc
    if proc.returncode != 0:
        pytest.fail("ansible-inventory exited %s\n%s\n%s" % (proc.returncode, proc.stdout[-5000:], proc.stderr[-5000:]))
    return _plain(json.loads(proc.stdout))


def hosts(data, group="aws_accounts"):
    return sorted(data.get(group, {}).get("hosts", []))


def ids(org, *, state="ACTIVE", ou=None):
    return sorted(a["id"] for a in org["accounts"]
                  if (state is None or a["state"] == state) and (ou is None or a["ou_path"].endswith("/" + ou)))


def organizations_calls(emulator, start=0):
    return [call for call in emulator.calls()[start:] if call["service"] == "organizations"]


def test_every_active_member_is_a_host_with_its_vars(env, org, emulator, tmp_path):
    start = len(emulator.calls())
    data = inventory(env, tmp_path)
    assert hosts(data) == ids(org) and len(hosts(data)) == 11  # not the SUSPENDED one, not the management account
    for account in org["accounts"]:
        if account["state"] != "ACTIVE":
            continue
        assert data["_meta"]["hostvars"][account["id"]] == {
            "aws_account_id": account["id"], "aws_account_name": account["name"],
            "aws_account_email": account["email"], "aws_account_state": "ACTIVE",
            "aws_account_joined_method": "CREATED", "aws_account_parent_id": account["parent_id"],
            "aws_account_ou_path": account["ou_path"],
            "proton_assume_role_arn": "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % account["id"],
            "ansible_connection": "local", "ansible_python_interpreter": sys.executable}
    calls = organizations_calls(emulator, start)
    assert {call["operation"] for call in calls} == LISTINGS
    # ListRoots, then one walk of each listing per node (Root, Workloads, Prod, Dev): no call per account.
    assert len(calls) == 1 + 4 + 4
    assert all(call["status"] == 200 and call["account"] == MANAGEMENT for call in calls)
    agents = emulator.user_agents()[start:]
    assert all("awsops.proton/" in agent for agent in agents)


def test_small_and_empty_pages_give_the_same_hosts(env, org, emulator, tmp_path):
    plain = inventory(env, tmp_path)
    emulator.set_faults(organizations_page_size=2)
    start = len(emulator.calls())
    paged = inventory(env, tmp_path)
    assert paged == plain and len(hosts(paged)) == 11
    pages = [call["operation"] for call in organizations_calls(emulator, start)]
    # Prod's 6 accounts and Dev's 6 in 3 pages each, the root's 1 account in 1, Workloads' 2 OUs in 1 page.
    assert pages.count("ListAccountsForParent") == 3 + 3 + 1 + 1

    emulator.set_faults(organizations_page_size=0, organizations_empty_pages=True)
    start = len(emulator.calls())
    empty_first = inventory(env, tmp_path)
    assert empty_first == plain
    assert len(organizations_calls(emulator, start)) == 2 * (1 + 4 + 4)  # every listing: an empty page first

    emulator.set_faults(organizations_page_size=1, organizations_empty_pages=True)
    assert inventory(env, tmp_path) == plain


def test_parent_ids_with_and_without_recursion(env, org, tmp_path):
    ous = org["ous"]
    assert hosts(inventory(env, tmp_path, parent_ids=[ous["Root/Workloads"]])) == ids(org)
    assert hosts(inventory(env, tmp_path, parent_ids=[ous["Root/Workloads"]], recursive=False)) == []
    assert hosts(inventory(env, tmp_path, parent_ids=[ous["Root/Workloads/Dev"]], recursive=False)) == ids(org, ou="Dev")
    both = inventory(env, tmp_path, parent_ids=[ous["Root/Workloads/Prod"], ous["Root/Workloads/Dev"]],
                     recursive=False)
    assert hosts(both) == ids(org)
    root_only = inventory(env, tmp_path, parent_ids=[org["root_id"]], recursive=False, include_management_account=True)
    assert hosts(root_only) == [MANAGEMENT]
    assert root_only["_meta"]["hostvars"][MANAGEMENT]["aws_account_ou_path"] == "Root"

    proc = inventory(env, tmp_path, check=False, parent_ids=["ou-zzzz-zzzzzzzz"])
    assert proc.returncode != 0 and "ou-zzzz-zzzzzzzz is no root or OU of the Organization" in proc.stderr


def test_states_include_and_exclude(env, org, tmp_path):
    suspended = [a for a in org["accounts"] if a["state"] == "SUSPENDED"]
    assert hosts(inventory(env, tmp_path, states=["SUSPENDED"])) == [suspended[0]["id"]]
    every = inventory(env, tmp_path, states=[])
    assert hosts(every) == ids(org, state=None)
    assert every["_meta"]["hostvars"][suspended[0]["id"]]["aws_account_state"] == "SUSPENDED"
    assert hosts(inventory(env, tmp_path, states=["ACTIVE", "SUSPENDED"], include_management_account=True)) == sorted(
        ids(org, state=None) + [MANAGEMENT])

    dev = [a for a in org["accounts"] if a["ou_path"].endswith("/Dev")]
    excluded = inventory(env, tmp_path, exclude_accounts=[dev[0]["name"], dev[1]["id"]])
    assert hosts(excluded) == sorted(set(ids(org)) - {dev[0]["id"], dev[1]["id"]})
    included = inventory(env, tmp_path, include_accounts=[dev[2]["name"], dev[3]["id"], dev[4]["id"]],
                         exclude_accounts=[dev[4]["name"]])
    assert hosts(included) == sorted([dev[2]["id"], dev[3]["id"]])

    proc = inventory(env, tmp_path, check=False, states=["Active"])
    assert proc.returncode != 0


def test_compose_groups_keyed_groups_and_role_name(env, org, tmp_path):
    data = inventory(
        env, tmp_path, role_name="ProtonDeployer",
        compose={"proton_parts": "['environment', 'pipeline'] if aws_account_ou_path.endswith('/Prod') "
                                 "else ['environment']"},
        groups={"pipeline_accounts": "'pipeline' in proton_parts"},
        keyed_groups=[{"key": "aws_account_ou_path.split('/')[-1] | lower", "prefix": "ou"}])
    assert hosts(data, "ou_prod") == ids(org, ou="Prod") and hosts(data, "ou_dev") == ids(org, ou="Dev")
    assert hosts(data, "pipeline_accounts") == ids(org, ou="Prod")
    for account_id in ids(org):
        host_vars = data["_meta"]["hostvars"][account_id]
        expected = ["environment", "pipeline"] if host_vars["aws_account_ou_path"].endswith("/Prod") else ["environment"]
        assert host_vars["proton_parts"] == expected
        assert host_vars["proton_assume_role_arn"] == "arn:aws:iam::%s:role/ProtonDeployer" % account_id

    proc = inventory(env, tmp_path, check=False, strict=True, compose={"x": "no_such_variable.attr"})
    assert proc.returncode != 0
    assert hosts(inventory(env, tmp_path, strict=False, compose={"x": "no_such_variable.attr"})) == ids(org)


def test_a_cached_inventory_makes_no_organizations_call(env, org, emulator, tmp_path):
    cache = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache"),
             "cache_timeout": 3600}
    start = len(emulator.calls())
    first = inventory(env, tmp_path, **cache)
    assert len(organizations_calls(emulator, start)) == 9
    start = len(emulator.calls())
    second = inventory(env, tmp_path, **cache)
    assert second == first and organizations_calls(emulator, start) == []
    # The filters apply to the cached listing: no call either.
    excluded = inventory(env, tmp_path, exclude_accounts=[ids(org)[0]], **cache)
    assert hosts(excluded) == ids(org)[1:] and organizations_calls(emulator, start) == []
    # Other parents: listed again, then cached under the same key.
    workloads = inventory(env, tmp_path, parent_ids=[org["ous"]["Root/Workloads/Dev"]], **cache)
    assert hosts(workloads) == ids(org, ou="Dev") and len(organizations_calls(emulator, start)) == 1 + 4 + 1
    start = len(emulator.calls())
    inventory(env, tmp_path, exclude_accounts=[ids(org)[0]], **cache)
    assert len(organizations_calls(emulator, start)) == 9  # back to the whole Organization: listed again
    start = len(emulator.calls())
    proc = subprocess.run([ANSIBLE_INVENTORY, "-i", str(tmp_path / "org.aws_organization.yml"), "--list",
                           "--flush-cache"], env=env, capture_output=True, text=True, timeout=300, check=True)
    assert hosts(_plain(json.loads(proc.stdout))) == ids(org)[1:]
    assert len(organizations_calls(emulator, start)) == 9


def test_connection_options_in_the_file_and_a_profile_from_the_environment(env, org, emulator, tmp_path):
    without_endpoint = {key: value for key, value in env.items() if key not in ("AWS_ENDPOINT_URL",)}
    data = inventory(without_endpoint, tmp_path, endpoint_url=emulator.url, region="us-east-1")
    assert hosts(data) == ids(org)

    credentials = tmp_path / "aws-credentials"
    credentials.write_text("[org]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (
        env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]))
    profiled = {key: value for key, value in env.items() if key not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    profiled.update(AWS_PROFILE="org", AWS_SHARED_CREDENTIALS_FILE=str(credentials))
    assert hosts(inventory(profiled, tmp_path)) == ids(org)
    proc = inventory(profiled, tmp_path, check=False, access_key="AKIAIOSFODNN7EXAMPLE", profile="org")
    assert proc.returncode != 0 and "profile and access_key are mutually exclusive" in proc.stderr


def test_no_organization_and_a_member_account_fail_with_a_clear_message(env, emulator, tmp_path):
    proc = inventory(env, tmp_path, check=False)
    assert proc.returncode != 0 and "is in no AWS Organization" in proc.stderr

    org = seed_organization(emulator.url, ["Sandbox"], 1)
    member = org["accounts"][0]["id"]
    sts = boto3.client("sts", endpoint_url=emulator.url, region_name="us-east-1",
                       aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    credentials = sts.assume_role(RoleArn="arn:aws:iam::%s:role/OrganizationAccountAccessRole" % member,
                                  RoleSessionName="inventory-test")["Credentials"]
    member_env = dict(env, AWS_ACCESS_KEY_ID=credentials["AccessKeyId"],
                      AWS_SECRET_ACCESS_KEY=credentials["SecretAccessKey"], AWS_SESSION_TOKEN=credentials["SessionToken"])
    proc = inventory(member_env, tmp_path, check=False)
    assert proc.returncode != 0 and "a member account cannot list the Organization" in proc.stderr
    assert organizations_calls(emulator)[-1]["account"] == member
