# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as ic
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import (
    AWSAPIError,
    ParameterError,
    ProtonCollectionError,
    WaitTimeout,
)

INSTANCE = {"InstanceArn": "arn:aws:sso:::instance/ssoins-1234567890abcdef", "IdentityStoreId": "d-1234567890",
            "OwnerAccountId": "123456789012", "Status": "ACTIVE"}
PS_ARN = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"


class FakeClient:
    """Answers ``call``/``paginate``/``get_or_none`` from scripted responses, recording the calls."""

    def __init__(self, responses=None, region="us-east-1"):
        self.responses = responses or {}
        self.region = region
        self.calls = []

    def call(self, operation, **kwargs):
        self.calls.append((operation, kwargs))
        answer = self.responses[operation]
        if isinstance(answer, list):
            answer = answer.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def paginate(self, operation, result_key, **kwargs):
        return self.call(operation, **kwargs).get(result_key, [])

    def get_or_none(self, operation, not_found_codes=("ResourceNotFoundException",), **kwargs):
        try:
            return self.call(operation, **kwargs)
        except AWSAPIError as e:
            if e.is_code(*not_found_codes):
                return None
            raise


def not_found(operation):
    return AWSAPIError(operation, "ResourceNotFoundException", "not found")


# --- input checks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["jane", "jane.doe@example.com", "J\u00f6rg", "a" * 128, "x+y=z"])
def test_user_name_accepts(value):
    ic.check_user_name("user_name", value)


@pytest.mark.parametrize("value,rule", [("", "1 to 128"), ("a" * 129, "1 to 128"), ("jane doe", "no spaces"),
                                        ("tab\there", "no spaces")])
def test_user_name_rejects(value, rule):
    with pytest.raises(ParameterError) as error:
        ic.check_user_name("user_name", value)
    assert error.value.option == "user_name"
    assert rule in error.value.message


def test_display_string():
    ic.check_display_string("display_name", "Jane Doe\u3000(Admin)")
    for bad in ("", "   ", "a" * 1025, "bell\x07"):
        with pytest.raises(ParameterError) as error:
            ic.check_display_string("display_name", bad)
        assert error.value.message.startswith("display_name: ")


@pytest.mark.parametrize("value", ["jane@example.com", "j.doe+proton@mail.example.co.uk"])
def test_email_accepts(value):
    ic.check_email("email", value)


@pytest.mark.parametrize("value", ["jane", "jane@", "@example.com", "jane@example", "ja ne@example.com",
                                   "jane@example."])
def test_email_rejects(value):
    with pytest.raises(ParameterError) as error:
        ic.check_email("email", value)
    assert "email address" in error.value.message


@pytest.mark.parametrize("value,seconds", [("PT1H", 3600), ("PT8H", 28800), ("PT12H", 43200), ("PT90M", 5400),
                                           ("PT1H30M", 5400), ("PT3600S", 3600), ("PT2H0M0S", 7200)])
def test_session_duration_accepts(value, seconds):
    ic.check_session_duration("session_duration", value)
    assert ic.session_duration_seconds(value) == seconds


@pytest.mark.parametrize("value,rule", [("PT59M", "between 1 and 12 hours"), ("PT13H", "between 1 and 12 hours"),
                                        ("PT12H1S", "between 1 and 12 hours"), ("P1D", "ISO 8601"),
                                        ("8h", "ISO 8601"), ("PT", "ISO 8601"), ("", "ISO 8601"),
                                        ("3600", "ISO 8601")])
def test_session_duration_rejects(value, rule):
    with pytest.raises(ParameterError) as error:
        ic.check_session_duration("session_duration", value)
    assert error.value.option == "session_duration"
    assert rule in error.value.message


@pytest.mark.parametrize("value", ["AdministratorAccess", "a", "Proton+Admin=x,y.z@w_v-u", "a" * 32])
def test_permission_set_name_accepts(value):
    ic.check_permission_set_name("name", value)
    ic.check_permission_set_ref("permission_set", value)


@pytest.mark.parametrize("value", ["", "a" * 33, "Admin Access", "Admin/Access", "Adm\u00efn"])
def test_permission_set_name_rejects(value):
    with pytest.raises(ParameterError) as error:
        ic.check_permission_set_name("name", value)
    assert "1 to 32" in error.value.message


def test_permission_set_arn():
    ic.check_permission_set_ref("permission_set", PS_ARN)
    ic.check_permission_set_ref("permission_set", PS_ARN.replace("arn:aws:", "arn:aws-us-gov:"))
    for bad in ("arn:aws:sso:::instance/ssoins-1234567890abcdef/ps-1234567890abcdef",
                "arn:aws:sso:::permissionSet/ssoins-1234/ps-1234", "arn:"):
        with pytest.raises(ParameterError) as error:
            ic.check_permission_set_ref("permission_set", bad)
        assert error.value.option == "permission_set"


def test_instance_arn_and_identity_store_id():
    ic.check_instance_arn("instance_arn", INSTANCE["InstanceArn"])
    ic.check_identity_store_id("identity_store_id", "d-1234567890")
    ic.check_identity_store_id("identity_store_id", "0a1b2c3d-1234-5678-9abc-def012345678")
    with pytest.raises(ParameterError):
        ic.check_instance_arn("instance_arn", "arn:aws:sso:::instance/ins-short")
    for bad in ("d-123", "d-ghijklmnop", "1234567890"):
        with pytest.raises(ParameterError):
            ic.check_identity_store_id("identity_store_id", bad)


def test_principal_id():
    ic.check_principal_id("principal_id", "9067b4a6b8-1a2b3c4d-1234-5678-9abc-def012345678")
    ic.check_principal_id("principal_id", "1a2b3c4d-1234-5678-9abc-def012345678")
    with pytest.raises(ParameterError):
        ic.check_principal_id("principal_id", "jane")


def test_managed_policies_must_be_aws_managed():
    ic.check_managed_policy_arns("managed_policies", ["arn:aws:iam::aws:policy/AdministratorAccess",
                                                      "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"])
    with pytest.raises(ParameterError) as error:
        ic.check_managed_policy_arns("managed_policies", ["arn:aws:iam::123456789012:policy/Mine"])
    assert "customer_managed_policy_references" in error.value.message


def test_customer_policy_references():
    ic.check_customer_policy_references("refs", [{"name": "Boundary", "path": "/proton/"}, {"name": "X"}])
    for bad in ({"name": "Bad Name"}, {"name": "X", "path": "proton"}, {"name": ""}):
        with pytest.raises(ParameterError):
            ic.check_customer_policy_references("refs", [bad])


def test_relay_state_and_description():
    ic.check_relay_state("relay_state", "https://console.aws.amazon.com/proton/home?region=us-east-1#/")
    with pytest.raises(ParameterError):
        ic.check_relay_state("relay_state", "x" * 241)
    ic.check_permission_set_description("description", "Full access \u00e9")
    with pytest.raises(ParameterError):
        ic.check_permission_set_description("description", "emoji \U0001F600")


# --- the instance ------------------------------------------------------------------------------

def test_instance_summary_has_the_portal_url():
    summary = ic.list_instances(FakeClient({"ListInstances": {"Instances": [INSTANCE]}}))[0]
    assert summary["portal_url"] == "https://d-1234567890.awsapps.com/start"
    assert summary["instance_arn"] == INSTANCE["InstanceArn"]
    assert summary["owner_account_id"] == "123456789012"


def test_no_instance_explains_how_to_enable_one():
    with pytest.raises(ProtonCollectionError) as error:
        ic.resolve_instance(FakeClient({"ListInstances": {"Instances": []}}, region="eu-west-1"))
    message = error.value.message
    assert "eu-west-1" in message
    assert "organization instance" in message and "management account" in message
    assert "CreateInstance" in message and "cannot hold permission sets" in message


def test_several_instances_need_a_choice():
    other = dict(INSTANCE, InstanceArn="arn:aws:sso:::instance/ssoins-fedcba0987654321", IdentityStoreId="d-0987654321")
    client = FakeClient({"ListInstances": {"Instances": [INSTANCE, other]}})
    with pytest.raises(ParameterError) as error:
        ic.resolve_instance(client)
    assert error.value.option == "instance_arn"
    client = FakeClient({"ListInstances": {"Instances": [INSTANCE, other]}})
    assert ic.resolve_instance(client, instance_arn=other["InstanceArn"])["identity_store_id"] == "d-0987654321"
    client = FakeClient({"ListInstances": {"Instances": [INSTANCE, other]}})
    assert ic.resolve_instance(client, identity_store_id="d-1234567890")["instance_arn"] == INSTANCE["InstanceArn"]
    client = FakeClient({"ListInstances": {"Instances": [INSTANCE]}})
    with pytest.raises(ParameterError) as error:
        ic.resolve_instance(client, instance_arn=other["InstanceArn"])
    assert error.value.option == "instance_arn"


# --- identity store lookups ------------------------------------------------------------------------

def test_find_user_by_user_name():
    client = FakeClient({
        "GetUserId": {"UserId": "u-1", "IdentityStoreId": "d-1234567890"},
        "DescribeUser": {"UserId": "u-1", "UserName": "jane", "DisplayName": "Jane Doe",
                         "Name": {"GivenName": "Jane", "FamilyName": "Doe"},
                         "Emails": [{"Value": "old@example.com"}, {"Value": "jane@example.com", "Primary": True}],
                         "IdentityStoreId": "d-1234567890"},
    })
    user = ic.find_user(client, "d-1234567890", "jane")
    assert user == {"user_id": "u-1", "user_name": "jane", "display_name": "Jane Doe", "given_name": "Jane",
                    "family_name": "Doe", "email": "jane@example.com", "identity_store_id": "d-1234567890"}
    assert client.calls[0] == ("GetUserId", {"IdentityStoreId": "d-1234567890", "AlternateIdentifier": {
        "UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "jane"}}})


def test_missing_user_and_group_are_none():
    client = FakeClient({"GetUserId": not_found("GetUserId"), "GetGroupId": not_found("GetGroupId")})
    assert ic.find_user(client, "d-1234567890", "nobody") is None
    assert ic.find_group(client, "d-1234567890", "Nobody") is None
    assert [c[0] for c in client.calls] == ["GetUserId", "GetGroupId"]


def test_group_memberships_of_users_only():
    client = FakeClient({"ListGroupMemberships": {"GroupMemberships": [
        {"MembershipId": "m-1", "MemberId": {"UserId": "u-1"}},
        {"MembershipId": "m-2", "MemberId": {}},
    ]}})
    assert ic.group_memberships(client, "d-1234567890", "g-1") == {"u-1": "m-1"}


# --- permission sets ------------------------------------------------------------------------------

def test_find_permission_set_by_name_reads_until_found():
    client = FakeClient({
        "ListPermissionSets": {"PermissionSets": [PS_ARN + "a", PS_ARN]},
        "DescribePermissionSet": [{"PermissionSet": {"Name": "Other", "PermissionSetArn": PS_ARN + "a"}},
                                  {"PermissionSet": {"Name": "Admin", "PermissionSetArn": PS_ARN,
                                                     "SessionDuration": "PT8H"}}],
    })
    found = ic.find_permission_set(client, INSTANCE["InstanceArn"], "Admin")
    assert found["permission_set_arn"] == PS_ARN and found["session_duration"] == "PT8H"


def test_find_permission_set_by_arn_describes_it():
    client = FakeClient({"DescribePermissionSet": not_found("DescribePermissionSet")})
    assert ic.find_permission_set(client, INSTANCE["InstanceArn"], PS_ARN) is None
    assert [c[0] for c in client.calls] == ["DescribePermissionSet"]


def no_sleep(_seconds):
    pass


def test_provisioning_waits_for_the_request():
    client = FakeClient({
        "ProvisionPermissionSet": {"PermissionSetProvisioningStatus": {"Status": "IN_PROGRESS", "RequestId": "r-1"}},
        "DescribePermissionSetProvisioningStatus": [
            {"PermissionSetProvisioningStatus": {"Status": "IN_PROGRESS", "RequestId": "r-1"}},
            {"PermissionSetProvisioningStatus": {"Status": "SUCCEEDED", "RequestId": "r-1"}},
        ],
    })
    status = ic.provision_permission_set(client, INSTANCE["InstanceArn"], PS_ARN, sleep=no_sleep)
    assert status["Status"] == "SUCCEEDED"
    assert client.calls[0] == ("ProvisionPermissionSet", {"InstanceArn": INSTANCE["InstanceArn"],
                                                          "PermissionSetArn": PS_ARN,
                                                          "TargetType": "ALL_PROVISIONED_ACCOUNTS"})
    assert [c[0] for c in client.calls].count("DescribePermissionSetProvisioningStatus") == 2
    assert client.calls[1][1]["ProvisionPermissionSetRequestId"] == "r-1"


def test_provisioning_failure_reports_the_reason():
    client = FakeClient({
        "ProvisionPermissionSet": {"PermissionSetProvisioningStatus": {"Status": "IN_PROGRESS", "RequestId": "r-1"}},
        "DescribePermissionSetProvisioningStatus": {"PermissionSetProvisioningStatus": {
            "Status": "FAILED", "RequestId": "r-1",
            "FailureReason": "Customer managed policy Boundary does not exist in 123456789012"}},
    })
    with pytest.raises(ProtonCollectionError) as error:
        ic.provision_permission_set(client, INSTANCE["InstanceArn"], PS_ARN, sleep=no_sleep)
    assert "Customer managed policy Boundary does not exist" in error.value.message
    assert error.value.details["status"]["status"] == "FAILED"


def test_provisioning_without_wait_returns_at_once():
    client = FakeClient({
        "ProvisionPermissionSet": {"PermissionSetProvisioningStatus": {"Status": "IN_PROGRESS", "RequestId": "r-1"}}})
    assert ic.provision_permission_set(client, INSTANCE["InstanceArn"], PS_ARN, wait=False)["Status"] == "IN_PROGRESS"
    assert len(client.calls) == 1


def test_provisioning_timeout():
    client = FakeClient({
        "ProvisionPermissionSet": {"PermissionSetProvisioningStatus": {"Status": "IN_PROGRESS", "RequestId": "r-1"}},
        "DescribePermissionSetProvisioningStatus": {"PermissionSetProvisioningStatus": {"Status": "IN_PROGRESS"}},
    })
    with pytest.raises(WaitTimeout):
        ic.provision_permission_set(client, INSTANCE["InstanceArn"], PS_ARN, timeout=0, sleep=no_sleep)


@pytest.mark.parametrize("deletion,operation,key", [
    (False, "DescribeAccountAssignmentCreationStatus", "AccountAssignmentCreationRequestId"),
    (True, "DescribeAccountAssignmentDeletionStatus", "AccountAssignmentDeletionRequestId"),
])
def test_assignment_wait_polls_the_right_operation(deletion, operation, key):
    result_key = "AccountAssignment{0}Status".format("Deletion" if deletion else "Creation")
    client = FakeClient({operation: [{result_key: {"Status": "IN_PROGRESS", "RequestId": "r-2"}},
                                     {result_key: {"Status": "SUCCEEDED", "RequestId": "r-2"}}]})
    status = ic.wait_for_assignment(client, INSTANCE["InstanceArn"], {"Status": "IN_PROGRESS", "RequestId": "r-2"},
                                    deletion=deletion, sleep=no_sleep)
    assert status["Status"] == "SUCCEEDED"
    assert client.calls[0] == (operation, {"InstanceArn": INSTANCE["InstanceArn"], key: "r-2"})


def test_assignment_failure_reports_the_reason():
    client = FakeClient({"DescribeAccountAssignmentCreationStatus": {"AccountAssignmentCreationStatus": {
        "Status": "FAILED", "RequestId": "r-3", "FailureReason": "Received a 404 status error: No such account"}}})
    with pytest.raises(ProtonCollectionError) as error:
        ic.wait_for_assignment(client, INSTANCE["InstanceArn"], {"Status": "IN_PROGRESS", "RequestId": "r-3"},
                               sleep=no_sleep)
    assert "No such account" in error.value.message


def test_assignment_already_finished_needs_no_poll():
    client = FakeClient({})
    status = ic.wait_for_assignment(client, INSTANCE["InstanceArn"], {"Status": "SUCCEEDED", "RequestId": "r-4"})
    assert status["Status"] == "SUCCEEDED" and client.calls == []


def test_provisioning_retries_while_another_operation_runs():
    busy = AWSAPIError("ProvisionPermissionSet", "ConflictException", "An operation is in progress")
    client = FakeClient({"ProvisionPermissionSet": [
        busy, {"PermissionSetProvisioningStatus": {"Status": "SUCCEEDED", "RequestId": "r-5"}}]})
    status = ic.provision_permission_set(client, INSTANCE["InstanceArn"], PS_ARN, sleep=no_sleep)
    assert status["Status"] == "SUCCEEDED"
    assert [c[0] for c in client.calls] == ["ProvisionPermissionSet", "ProvisionPermissionSet"]


def test_permission_set_tags():
    ic.check_permission_set_tags("tags", dict(("k%d" % i, "v") for i in range(75)))
    for bad, rule in ((dict(("k%d" % i, "v") for i in range(76)), "at most 75"), ({"aws:x": "v"}, "reserved"),
                      ({"k" * 129: "v"}, "1 to 128"), ({"k": "v" * 257}, "at most 256")):
        with pytest.raises(ParameterError) as error:
            ic.check_permission_set_tags("tags", bad)
        assert rule in error.value.message
