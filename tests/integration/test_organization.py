"""playbooks/organization.yml over an Organization of 12 member accounts in 2 OUs, with the inventory plugin.

One test walks the whole life cycle on one emulator state (the steps depend on each other, so they cannot be
split across pytest-xdist workers):

1. setup: the administrator's group is assigned in every account (centrally, from the management account); every
   account with its role gets the environment roles, whose trust conditions name that account; the accounts of
   OU Workloads/Prod (proton_parts set by the inventory's compose) also get the pipeline roles and Proton's
   account settings; one AssumeRole per account. One account lacks OrganizationAccountAccessRole and one has a
   bad per-account variable: both are reported failed, with the reason, with no write in them, while the ten
   others converge; rc is non-zero; the JSON report says the same.
2. the bad variable fixed, a rerun converges that account, and changes and writes nothing in the converged ones;
3. teardown removes the roles, the account settings and the assignments in every account, and the administrator.
"""

import json
from pathlib import Path

import boto3

from conftest import REPO, run_playbook
from proton_emulator.testing import seed_organization, write_calls

MANAGEMENT = "123456789012"
ROLE = "OrganizationAccountAccessRole"


def client(env, service, account=None, session=None):
    credentials = dict(aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    if session is not None:
        credentials = dict(aws_access_key_id=session["AccessKeyId"], aws_secret_access_key=session["SecretAccessKey"],
                           aws_session_token=session["SessionToken"])
    return boto3.client(service, endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-east-1", **credentials)


def member_iam(env, account):
    """An IAM client acting in ``account`` through its OrganizationAccountAccessRole."""
    answer = client(env, "sts").assume_role(RoleArn="arn:aws:iam::{0}:role/{1}".format(account, ROLE),
                                            RoleSessionName="test")
    return client(env, "iam", session=answer["Credentials"])


def roles_of(iam):
    return sorted(role["RoleName"] for role in iam.list_roles()["Roles"] if role["RoleName"] != ROLE)


def write_inventory(directory, bad_account=None):
    inventory = Path(directory) / "org.aws_organization.yml"
    inventory.write_text(
        "plugin: awsops.proton.aws_organization\n"
        "compose:\n"
        "  proton_parts: \"['environment', 'pipeline'] if aws_account_ou_path == 'Root/Workloads/Prod'"
        " else ['environment']\"\n")
    host_vars = Path(directory) / "host_vars"
    host_vars.mkdir(exist_ok=True)
    for stale in host_vars.iterdir():
        stale.unlink()
    if bad_account:
        (host_vars / "{0}.yml".format(bad_account)).write_text("environment_roles_path: bogus\n")
    return inventory


def run_organization(env, inventory, report, playbook="organization.yml", *extra):
    return run_playbook(env, REPO / "playbooks" / playbook, "-i", str(inventory),
                        "-e", "@playbooks/vars/example.yml", "-e", "proton_report_file={0}".format(report),
                        "-e", "admin_user_cli_config_file={0}".format(Path(report).parent / "aws-config"),
                        "-f", "20", *extra, check=False)


def by_account(calls):
    accounts = {}
    for call in calls:
        accounts.setdefault(call["account"], []).append(call["operation"])
    return accounts


def statuses(report):
    return {entry["account_id"]: entry for entry in json.loads(Path(report).read_text())["accounts"]}


def test_organization_setup_isolates_failures_converges_and_tears_down(ansible_env, emulator, tmp_path):
    org = seed_organization(emulator.url, ["Workloads/Prod", "Sandbox"], 6, without_role=1)
    members = [account["id"] for account in org["accounts"]]
    assert len(members) == 12
    no_role = [account["id"] for account in org["accounts"] if account["role_name"] is None]
    assert len(no_role) == 1
    prod = {account["id"] for account in org["accounts"] if account["ou_path"] == "Root/Workloads/Prod"}
    bad = next(account for account in members if account in prod and account not in no_role)
    converging = [account for account in members if account not in no_role and account != bad]
    report = tmp_path / "report.json"

    # 1. Setup: two accounts fail, each for its own reason, the ten others converge.
    start = len(emulator.calls())
    proc = run_organization(ansible_env, write_inventory(tmp_path, bad_account=bad), report)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-4000:]
    calls = emulator.calls()[start:]
    entries = statuses(report)
    assert set(entries) == set(members)
    assert entries[no_role[0]]["status"] == "failed" and "Cannot assume" in entries[no_role[0]]["message"]
    assert entries[bad]["status"] == "failed" and "environment_roles_path" in entries[bad]["message"]
    assert all(entries[account]["status"] == "changed" for account in converging), entries
    assert "2 of 12 accounts failed" in output
    # One AssumeRole per account that passed its plan, all from the management account.
    assume = [call for call in calls if call["operation"] == "AssumeRole"]
    assert len(assume) == 11 and {call["account"] for call in assume} == {MANAGEMENT}
    writes = by_account(write_calls(calls))
    assert no_role[0] not in writes and bad not in writes, writes
    # Centrally: the group assigned in every account of the inventory, in the management account's Identity Center.
    assert writes[MANAGEMENT].count("CreateAccountAssignment") == 12, writes[MANAGEMENT]
    for account in converging:
        assert "CreateRole" in writes[account], (account, writes.get(account))
        assert ("UpdateAccountSettings" in writes[account]) == (account in prod), (account, writes[account])
    # The trust conditions name the member account, not the management account.
    account = converging[0]
    iam = member_iam(ansible_env, account)
    names = roles_of(iam)
    assert names, names
    trust = json.dumps(iam.get_role(RoleName=names[0])["Role"]["AssumeRolePolicyDocument"])
    assert account in trust and MANAGEMENT not in trust, trust
    assert len(roles_of(member_iam(ansible_env, sorted(prod - {bad} - set(no_role))[0]))) > len(
        roles_of(member_iam(ansible_env, next(a for a in converging if a not in prod))))
    # The secrets of the assumed roles are not printed.
    assert "sts_creds" not in output and "session_token" not in output

    # 2. The bad variable fixed: that account converges, nothing is written anywhere else.
    start = len(emulator.calls())
    proc = run_organization(ansible_env, write_inventory(tmp_path), report)
    assert proc.returncode != 0  # the account without the role still fails
    entries = statuses(report)
    assert entries[bad]["status"] == "changed", entries[bad]
    assert all(entries[account]["status"] == "ok" for account in converging), entries
    writes = by_account(write_calls(emulator.calls()[start:]))
    assert set(writes) == {bad}, writes
    recap = dict(line.split(None, 1) for line in proc.stdout.split("PLAY RECAP")[-1].splitlines() if ":" in line)
    assert all("changed=0" in recap[account] for account in converging), recap

    # 3. Teardown, account by account, then the administrator.
    start = len(emulator.calls())
    proc = run_organization(ansible_env, write_inventory(tmp_path), report, "organization_teardown.yml",
                            "-e", "proton_teardown_confirm=true")
    assert proc.returncode != 0  # the account without the role is reported again
    writes = by_account(write_calls(emulator.calls()[start:]))
    assert writes[MANAGEMENT].count("DeleteAccountAssignment") == 12, writes[MANAGEMENT]
    for account in converging + [bad]:
        assert roles_of(member_iam(ansible_env, account)) == [], account
    identity_store = client(ansible_env, "identitystore")
    store = client(ansible_env, "sso-admin").list_instances()["Instances"][0]["IdentityStoreId"]
    assert identity_store.list_users(IdentityStoreId=store)["Users"] == []
