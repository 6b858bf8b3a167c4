# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Identity Center backends (users, groups, permission sets, assignments, CLI profile) over a fake client."""

from __future__ import annotations

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError, ProtonCollectionError
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import assignments
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import cli_profile
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as ic
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import groups
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import permission_sets
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import users

STORE = "d-1234567890"
INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
PS_ARN = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"
USER_ID = "9067b4a6b8-1a2b3c4d-1234-5678-9abc-def012345678"


class FakeClient:
    """Answers from scripted responses (a list is answered in turn), recording every call."""

    def __init__(self, responses=None, region="us-east-1"):
        self.responses = responses or {}
        self.region = region
        self.calls = []

    def call(self, operation, **kwargs):
        self.calls.append(operation)
        answer = self.responses[operation]
        if isinstance(answer, list):
            answer = answer.pop(0)
        return answer

    def paginate(self, operation, result_key, **kwargs):
        return self.call(operation, **kwargs).get(result_key, [])

    def get_or_none(self, operation, **kwargs):
        return self.call(operation, **kwargs)


class Ctx:
    def __init__(self, check_mode=False):
        self.check_mode = check_mode
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)


USER = dict(user_id=USER_ID, user_name="jane", display_name="Jane Doe", given_name="Jane", family_name="Doe",
            email="jane@example.com", identity_store_id=STORE)
SPEC = dict(user_name="jane", display_name=None, given_name="Jane", family_name="Doe", email="jane@example.com")


def test_user_as_wanted_makes_no_call():
    client = FakeClient()
    outcome = users.ensure_present(Ctx(), client, STORE, SPEC, USER)
    assert outcome["changed"] is False and client.calls == []
    assert outcome["user"] == USER and outcome["updated_attributes"] == []


def test_user_update_names_the_changed_attributes_only():
    client = FakeClient({"UpdateUser": {}, "DescribeUser": None})
    outcome = users.ensure_present(Ctx(), client, STORE, dict(SPEC, email="jd@example.com"), USER)
    assert outcome["changed"] and outcome["updated_attributes"] == ["emails"]
    assert client.calls == ["UpdateUser", "DescribeUser"]
    assert outcome["user"]["email"] == "jd@example.com"


def test_new_user_in_check_mode_is_predicted_with_its_display_name():
    outcome = users.ensure_present(Ctx(check_mode=True), FakeClient(), STORE, SPEC, None)
    assert outcome["changed"] and outcome["user"]["user_id"] is None
    assert outcome["user"]["display_name"] == "Jane Doe"


def test_user_validation_names_the_prefixed_option():
    with pytest.raises(ParameterError) as error:
        users.validate(dict(SPEC, email="nope"), "user.")
    assert error.value.option == "user.email"


def test_group_members_known_to_the_caller_are_not_described():
    client = FakeClient({"ListGroupMemberships": {"GroupMemberships": [
        {"MemberId": {"UserId": USER_ID}, "MembershipId": "m-1"}]}})
    members = groups.current_members(client, STORE, "g-1", known={"jane": USER_ID})
    assert members == {"jane": (USER_ID, "m-1")}
    assert client.calls == ["ListGroupMemberships"]


def test_group_with_a_user_created_in_the_same_check_mode_run_warns_about_nothing():
    ctx = Ctx(check_mode=True)
    client = FakeClient()
    outcome = groups.ensure_present(ctx, client, STORE, dict(display_name="Admins", description=None,
                                                             members=["jane"], purge_members=False),
                                    None, {}, known={"jane": None})
    assert outcome["changed"] and outcome["members_added"] == ["jane"]
    assert outcome["group"]["members"] == ["jane"]
    assert ctx.warnings == [] and client.calls == []


def test_group_member_missing_fails_for_real_and_warns_in_check_mode():
    spec = dict(display_name="Admins", description=None, members=["bob"], purge_members=False)
    with pytest.raises(ParameterError) as error:
        groups.ensure_present(Ctx(), FakeClient({"GetUserId": None}), STORE, spec, None, {}, prefix="group.")
    assert error.value.option == "group.members"
    ctx = Ctx(check_mode=True)
    groups.ensure_present(ctx, FakeClient({"GetUserId": None}), STORE, spec, None, {})
    assert ctx.warnings and ctx.warnings[0].startswith("members: no such user")


def details(**values):
    base = dict(name="Admin", permission_set_arn=PS_ARN, instance_arn=INSTANCE_ARN, description="Full",
                session_duration="PT1H", relay_state=None, created_date=None,
                managed_policies=["arn:aws:iam::aws:policy/AdministratorAccess"], provisioned_accounts=[])
    base.update(values)
    return base


def test_read_details_without_parts_reads_policies_and_accounts_only():
    client = FakeClient({"ListManagedPoliciesInPermissionSet": {"AttachedManagedPolicies": []},
                         "ListAccountsForProvisionedPermissionSet": {"AccountIds": ["123456789012"]}})
    found = permission_sets.read_details(client, INSTANCE_ARN, dict(name="Admin", permission_set_arn=PS_ARN), ())
    assert client.calls == ["ListManagedPoliciesInPermissionSet", "ListAccountsForProvisionedPermissionSet"]
    assert "tags" not in found and "inline_policy" not in found
    assert found["provisioned_accounts"] == ["123456789012"]


def test_plan_compares_durations_by_length_and_names_policies_in_the_partition():
    spec = permission_sets.spec(name="Admin", session_duration="PT60M", managed_policies=["AdministratorAccess"])
    current = details()
    plan = permission_sets.plan_changes(spec, current, dict(current), None)
    assert not plan.changed


def test_plan_merges_tags_as_the_tag_helpers_do():
    spec = permission_sets.spec(name="Admin", tags={"a": 1}, purge_tags=False)
    current = details(tags={"b": "2"})
    after = dict(current)
    plan = permission_sets.plan_changes(spec, current, after, None)
    assert plan.tag_calls == [("TagResource", dict(Tags=[{"Key": "a", "Value": "1"}]))]
    assert not plan.changes_permissions
    assert after["tags"] == {"a": "1", "b": "2"}


def test_changed_permission_set_is_reprovisioned_to_its_accounts():
    client = FakeClient({
        "ListAccountsForProvisionedPermissionSet": [{"AccountIds": []}, {"AccountIds": ["123456789012"]}],
        "UpdatePermissionSet": {},
        "ProvisionPermissionSet": {"PermissionSetProvisioningStatus": {"Status": "SUCCEEDED", "RequestId": "r-1"}},
        "DescribePermissionSet": {"PermissionSet": {"Name": "Admin", "PermissionSetArn": PS_ARN,
                                                    "SessionDuration": "PT8H"}},
        "ListManagedPoliciesInPermissionSet": {"AttachedManagedPolicies": []},
    })
    spec = permission_sets.spec(name="Admin", session_duration="PT8H")
    outcome = permission_sets.ensure_present(Ctx(), client, INSTANCE_ARN, spec,
                                             details(provisioned_accounts=["123456789012"]), None, ())
    assert outcome["changed"] and outcome["reprovisioned"]
    assert outcome["provisioning_status"]["status"] == "SUCCEEDED"
    assert client.calls[:3] == ["ListAccountsForProvisionedPermissionSet", "UpdatePermissionSet",
                                "ProvisionPermissionSet"]


def test_permission_set_validation_names_the_prefixed_option():
    with pytest.raises(ParameterError) as error:
        permission_sets.validate(permission_sets.spec(name="Admin", session_duration="PT13H"), "permission_set.")
    assert error.value.option == "permission_set.session_duration"


def test_assignment_of_something_that_does_not_exist_yet_needs_no_call():
    client = FakeClient()
    wanted = assignments.assignment(INSTANCE_ARN, "123456789012", None, "GROUP", None, "Admins",
                                    permission_set_name="Admin")
    assert assignments.exists(client, wanted) is False and client.calls == []
    outcome = assignments.ensure(Ctx(check_mode=True), client, wanted, False, "present")
    assert outcome["changed"] and outcome["assignment"]["permission_set_name"] == "Admin"
    assert "request_status" not in outcome


def test_assignment_created_and_waited_for():
    pending = {"Status": "IN_PROGRESS", "RequestId": "r-1"}
    done = {"Status": "SUCCEEDED", "RequestId": "r-1"}
    client = FakeClient({
        "CreateAccountAssignment": {"AccountAssignmentCreationStatus": pending},
        "DescribeAccountAssignmentCreationStatus": {"AccountAssignmentCreationStatus": done},
    })
    wanted = assignments.assignment(INSTANCE_ARN, "123456789012", dict(name="Admin", permission_set_arn=PS_ARN),
                                    "GROUP", USER_ID)
    outcome = assignments.ensure(Ctx(), client, wanted, False, "present")
    assert outcome["request_status"]["status"] == "SUCCEEDED"
    assert client.calls == ["CreateAccountAssignment", "DescribeAccountAssignmentCreationStatus"]


def test_select_instance_without_one_names_the_region():
    with pytest.raises(ProtonCollectionError) as error:
        ic.select_instance([], FakeClient(region="eu-west-1"))
    assert "region eu-west-1" in error.value.message


def test_cli_profile_written_and_removed(tmp_path):
    class FileCtx(Ctx):
        module = None

    path = str(tmp_path / "aws" / "config")
    spec = dict(name="admin", sso_session="proton", sso_account_id="123456789012", sso_role_name="Admin",
                sso_start_url="https://d-1234567890.awsapps.com/start", sso_region="us-east-1", path=path)
    predicted = cli_profile.ensure_present(FileCtx(check_mode=True), spec)
    assert predicted["changed"] and not (tmp_path / "aws").exists()
    written = cli_profile.ensure_present(FileCtx(), spec)
    assert written["login_command"] == "aws sso login --profile admin"
    assert (tmp_path / "aws" / "config").stat().st_mode & 0o777 == 0o600
    assert cli_profile.ensure_present(FileCtx(), spec)["changed"] is False
    gone = cli_profile.ensure_absent(FileCtx(check_mode=True), dict(name="admin", path=path))
    assert gone["removed_sections"] == ["profile admin", "sso-session proton"]


def test_cli_profile_validation_names_the_prefixed_option():
    with pytest.raises(ParameterError) as error:
        cli_profile.validate(dict(name="admin", region="Europe"), "cli_profile.")
    assert error.value.option == "cli_profile.region"
