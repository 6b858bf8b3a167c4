"""IAM Identity Center's asynchronous requests: IN_PROGRESS first, the change made when they succeed.

By default (sso_async_polls=1, sso_async_seconds=5) the answer to the request and the first status read
say IN_PROGRESS and the second read SUCCEEDED; an unwatched request completes after 5 seconds.
"""

import time

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
USER = "906771d2b6-2b9a4c44-5e1f-4b3e-9f6b-0123456789ab"
OTHER_USER = "906771d2b6-2b9a4c44-5e1f-4b3e-9f6b-0123456789ac"


@pytest.fixture
def sso(client):
    return client("sso-admin")


@pytest.fixture
def arn(sso):
    return sso.list_instances()["Instances"][0]["InstanceArn"]


@pytest.fixture
def ps_arn(sso, arn):
    return sso.create_permission_set(Name="Admin", InstanceArn=arn)["PermissionSet"]["PermissionSetArn"]


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response["Error"]


def assignment(arn, ps_arn, principal=USER):
    return dict(InstanceArn=arn, TargetId=ACCOUNT, TargetType="AWS_ACCOUNT", PermissionSetArn=ps_arn,
                PrincipalType="USER", PrincipalId=principal)


def creation_status(sso, arn, request_id):
    return sso.describe_account_assignment_creation_status(
        InstanceArn=arn, AccountAssignmentCreationRequestId=request_id)["AccountAssignmentCreationStatus"]


def deletion_status(sso, arn, request_id):
    return sso.describe_account_assignment_deletion_status(
        InstanceArn=arn, AccountAssignmentDeletionRequestId=request_id)["AccountAssignmentDeletionStatus"]


def provisioning_status(sso, arn, request_id):
    return sso.describe_permission_set_provisioning_status(
        InstanceArn=arn, ProvisionPermissionSetRequestId=request_id)["PermissionSetProvisioningStatus"]


def assigned(sso, arn, ps_arn):
    return [a["PrincipalId"] for a in sso.list_account_assignments(
        InstanceArn=arn, AccountId=ACCOUNT, PermissionSetArn=ps_arn)["AccountAssignments"]]


def provisioned(sso, arn, status=None):
    kwargs = {"ProvisioningStatus": status} if status else {}
    return sso.list_permission_sets_provisioned_to_account(InstanceArn=arn, AccountId=ACCOUNT,
                                                           **kwargs)["PermissionSets"]


def test_assignment_appears_when_its_creation_succeeds(sso, arn, ps_arn):
    created = sso.create_account_assignment(**assignment(arn, ps_arn))["AccountAssignmentCreationStatus"]
    assert created["Status"] == "IN_PROGRESS"
    wanted = assignment(arn, ps_arn)
    del wanted["InstanceArn"]
    assert {key: created[key] for key in wanted} == wanted and created["RequestId"]
    assert assigned(sso, arn, ps_arn) == [] and provisioned(sso, arn) == []

    first = creation_status(sso, arn, created["RequestId"])
    assert first["Status"] == "IN_PROGRESS" and first["RequestId"] == created["RequestId"]
    assert assigned(sso, arn, ps_arn) == []
    second = creation_status(sso, arn, created["RequestId"])
    assert second["Status"] == "SUCCEEDED"
    assert second["PrincipalId"] == USER and second["TargetId"] == ACCOUNT and second["PermissionSetArn"] == ps_arn
    assert assigned(sso, arn, ps_arn) == [USER]
    assert provisioned(sso, arn, "LATEST_PERMISSION_SET_PROVISIONED") == [ps_arn]
    assert creation_status(sso, arn, created["RequestId"])["Status"] == "SUCCEEDED"

    listed = sso.list_account_assignment_creation_status(InstanceArn=arn)["AccountAssignmentsCreationStatus"]
    assert [(s["RequestId"], s["Status"]) for s in listed] == [(created["RequestId"], "SUCCEEDED")]
    assert sso.list_account_assignment_creation_status(
        InstanceArn=arn, Filter={"Status": "IN_PROGRESS"})["AccountAssignmentsCreationStatus"] == []


def test_assignment_stays_until_its_deletion_succeeds(emulator, sso, arn, ps_arn):
    emulator.set_faults(sso_async_polls=0)
    created = sso.create_account_assignment(**assignment(arn, ps_arn))["AccountAssignmentCreationStatus"]
    assert creation_status(sso, arn, created["RequestId"])["Status"] == "SUCCEEDED"
    emulator.set_faults(sso_async_polls=1)

    deleted = sso.delete_account_assignment(**assignment(arn, ps_arn))["AccountAssignmentDeletionStatus"]
    assert deleted["Status"] == "IN_PROGRESS" and deleted["RequestId"] != created["RequestId"]
    assert assigned(sso, arn, ps_arn) == [USER]
    assert deletion_status(sso, arn, deleted["RequestId"])["Status"] == "IN_PROGRESS"
    assert sso.list_account_assignment_deletion_status(
        InstanceArn=arn, Filter={"Status": "IN_PROGRESS"})["AccountAssignmentsDeletionStatus"][0]["RequestId"] \
        == deleted["RequestId"]
    assert assigned(sso, arn, ps_arn) == [USER] and provisioned(sso, arn) == [ps_arn]
    assert deletion_status(sso, arn, deleted["RequestId"])["Status"] == "SUCCEEDED"
    assert assigned(sso, arn, ps_arn) == [] and provisioned(sso, arn) == []

    # A creation request id is not a deletion request id, and unknown ids are not found.
    assert error_of(sso.describe_account_assignment_deletion_status, InstanceArn=arn,
                    AccountAssignmentDeletionRequestId=created["RequestId"])["Code"] == "ResourceNotFoundException"
    assert error_of(sso.describe_account_assignment_creation_status, InstanceArn=arn,
                    AccountAssignmentCreationRequestId="00000000-0000-4000-8000-000000000000")["Code"] \
        == "ResourceNotFoundException"
    # The assignment is gone: deleting it again is not found.
    assert error_of(sso.delete_account_assignment, **assignment(arn, ps_arn))["Code"] == "ResourceNotFoundException"


def test_provisioning_is_in_progress_then_succeeds(emulator, sso, arn, ps_arn):
    emulator.set_faults(sso_async_seconds=0)
    sso.create_account_assignment(**assignment(arn, ps_arn))
    emulator.set_faults(sso_async_seconds=5)
    sso.put_inline_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn, InlinePolicy=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}'))
    assert provisioned(sso, arn, "LATEST_PERMISSION_SET_NOT_PROVISIONED") == [ps_arn]

    request = sso.provision_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn,
                                           TargetType="ALL_PROVISIONED_ACCOUNTS")["PermissionSetProvisioningStatus"]
    assert request["Status"] == "IN_PROGRESS" and request["PermissionSetArn"] == ps_arn
    assert provisioned(sso, arn, "LATEST_PERMISSION_SET_NOT_PROVISIONED") == [ps_arn]
    in_progress = sso.list_permission_set_provisioning_status(
        InstanceArn=arn, Filter={"Status": "IN_PROGRESS"})["PermissionSetsProvisioningStatus"]
    assert [s["RequestId"] for s in in_progress] == [request["RequestId"]]
    assert provisioning_status(sso, arn, request["RequestId"])["Status"] == "IN_PROGRESS"
    assert provisioned(sso, arn, "LATEST_PERMISSION_SET_NOT_PROVISIONED") == [ps_arn]
    assert provisioning_status(sso, arn, request["RequestId"])["Status"] == "SUCCEEDED"
    assert provisioned(sso, arn, "LATEST_PERMISSION_SET_PROVISIONED") == [ps_arn]

    # One account: the status names it.
    single = sso.provision_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn, TargetType="AWS_ACCOUNT",
                                          TargetId=ACCOUNT)["PermissionSetProvisioningStatus"]
    assert single["AccountId"] == ACCOUNT and single["Status"] == "IN_PROGRESS"


@pytest.mark.parametrize("polls", [0, 3])
def test_polls_setting(emulator, sso, arn, ps_arn, polls):
    emulator.set_faults(sso_async_polls=polls)
    request_id = sso.create_account_assignment(**assignment(arn, ps_arn))[
        "AccountAssignmentCreationStatus"]["RequestId"]
    seen = [creation_status(sso, arn, request_id)["Status"] for _ in range(polls + 1)]
    assert seen == ["IN_PROGRESS"] * polls + ["SUCCEEDED"]


def test_unwatched_request_completes_after_sso_async_seconds(emulator, sso, arn, ps_arn):
    emulator.set_faults(sso_async_polls=100, sso_async_seconds=0.4)
    request_id = sso.create_account_assignment(**assignment(arn, ps_arn))[
        "AccountAssignmentCreationStatus"]["RequestId"]
    assert assigned(sso, arn, ps_arn) == []
    assert creation_status(sso, arn, request_id)["Status"] == "IN_PROGRESS"
    time.sleep(0.5)
    assert assigned(sso, arn, ps_arn) == [USER]
    assert creation_status(sso, arn, request_id)["Status"] == "SUCCEEDED"

    emulator.set_faults(sso_async_seconds=0)  # immediate: visible at once, though the answer said IN_PROGRESS
    created = sso.create_account_assignment(**assignment(arn, ps_arn, OTHER_USER))[
        "AccountAssignmentCreationStatus"]
    assert created["Status"] == "IN_PROGRESS"
    assert sorted(assigned(sso, arn, ps_arn)) == sorted([USER, OTHER_USER])


def test_requests_complete_in_order_and_duplicates_are_stored_once(sso, arn, ps_arn):
    first = sso.create_account_assignment(**assignment(arn, ps_arn))["AccountAssignmentCreationStatus"]
    again = sso.create_account_assignment(**assignment(arn, ps_arn))["AccountAssignmentCreationStatus"]
    assert creation_status(sso, arn, again["RequestId"])["Status"] == "IN_PROGRESS"
    assert creation_status(sso, arn, again["RequestId"])["Status"] == "SUCCEEDED"
    # Completing the later request completed the earlier one first; the assignment exists once.
    assert creation_status(sso, arn, first["RequestId"])["Status"] == "SUCCEEDED"
    assert assigned(sso, arn, ps_arn) == [USER]
    for_principal = sso.list_account_assignments_for_principal(InstanceArn=arn, PrincipalId=USER,
                                                               PrincipalType="USER")["AccountAssignments"]
    assert len(for_principal) == 1


def test_request_fails_when_its_permission_set_is_gone(emulator, sso, arn, ps_arn):
    created = sso.create_account_assignment(**assignment(arn, ps_arn))["AccountAssignmentCreationStatus"]
    sso.delete_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn)
    emulator.set_faults(sso_async_polls=0)
    failed = creation_status(sso, arn, created["RequestId"])
    assert failed["Status"] == "FAILED" and ps_arn in failed["FailureReason"]


def test_assignment_needs_a_permission_set(sso, arn):
    missing = "arn:aws:sso:::permissionSet/%s/ps-0123456789abcdef" % arn.rpartition("/")[2]
    for call in (sso.create_account_assignment, sso.delete_account_assignment):
        assert error_of(call, **assignment(arn, missing))["Code"] == "ResourceNotFoundException"


@pytest.mark.parametrize("settings", [{"sso_async_polls": -1}, {"sso_async_polls": 1.5}, {"sso_async_polls": True},
                                      {"sso_async_seconds": -1}, {"sso_instance_enabled": "maybe"}])
def test_bad_sso_settings_are_refused(emulator, settings):
    with pytest.raises(Exception) as error:
        emulator.set_faults(**settings)
    assert "400" in str(error.value)
