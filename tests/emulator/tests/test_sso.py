"""IAM Identity Center: the administrative-user call sequence, and what the emulator adds to moto."""

import re

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


@pytest.fixture
def sso(client):
    return client("sso-admin")


@pytest.fixture
def instance(sso):
    (found,) = sso.list_instances()["Instances"]
    return found


def settle(describe, key, **kwargs):
    """Read a request's status until it is no longer IN_PROGRESS (the emulator's default: one read)."""
    for _ in range(5):
        status = describe(**kwargs)[key]
        if status["Status"] != "IN_PROGRESS":
            return status
    raise AssertionError("still IN_PROGRESS: %s" % status)


def code_of(call, **kwargs):
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response["Error"]["Code"]


def test_one_organization_instance_in_aws_formats(instance, sso):
    assert re.fullmatch(r"d-[0-9a-f]{10}", instance["IdentityStoreId"])
    assert re.fullmatch(r"arn:aws:sso:::instance/ssoins-[0-9a-f]{16}", instance["InstanceArn"])
    assert instance["OwnerAccountId"] == ACCOUNT and instance["Status"] == "ACTIVE"
    described = sso.describe_instance(InstanceArn=instance["InstanceArn"])
    assert described["IdentityStoreId"] == instance["IdentityStoreId"]
    assert code_of(sso.create_instance) == "UnknownOperationException"


def test_administrative_user_sequence(client, sso, instance):
    identitystore = client("identitystore")
    store = instance["IdentityStoreId"]
    user_id = identitystore.create_user(
        IdentityStoreId=store, UserName="proton-admin", DisplayName="Proton Admin",
        Name={"GivenName": "Proton", "FamilyName": "Admin"},
        Emails=[{"Value": "proton-admin@example.com", "Type": "work", "Primary": True}])["UserId"]
    group_id = identitystore.create_group(IdentityStoreId=store, DisplayName="ProtonAdmins")["GroupId"]
    identitystore.create_group_membership(IdentityStoreId=store, GroupId=group_id, MemberId={"UserId": user_id})

    permission_set = sso.create_permission_set(Name="AdministratorAccess", InstanceArn=instance["InstanceArn"],
                                               SessionDuration="PT8H")["PermissionSet"]
    ps_arn = permission_set["PermissionSetArn"]
    assert re.fullmatch(r"arn:aws:sso:::permissionSet/ssoins-[0-9a-f]{16}/ps-[0-9a-f]{16}", ps_arn)
    sso.attach_managed_policy_to_permission_set(InstanceArn=instance["InstanceArn"], PermissionSetArn=ps_arn,
                                                ManagedPolicyArn=ADMIN)
    status = sso.create_account_assignment(
        InstanceArn=instance["InstanceArn"], TargetId=ACCOUNT, TargetType="AWS_ACCOUNT", PermissionSetArn=ps_arn,
        PrincipalType="GROUP", PrincipalId=group_id)["AccountAssignmentCreationStatus"]
    assert status["Status"] == "IN_PROGRESS"
    described = settle(sso.describe_account_assignment_creation_status, "AccountAssignmentCreationStatus",
                       InstanceArn=instance["InstanceArn"], AccountAssignmentCreationRequestId=status["RequestId"])
    assert described["Status"] == "SUCCEEDED"

    # CreateAccountAssignment provisions the permission set to the account, as in AWS.
    provisioned = sso.list_permission_sets_provisioned_to_account(InstanceArn=instance["InstanceArn"],
                                                                 AccountId=ACCOUNT)
    assert provisioned["PermissionSets"] == [ps_arn]
    assert sso.list_accounts_for_provisioned_permission_set(
        InstanceArn=instance["InstanceArn"], PermissionSetArn=ps_arn)["AccountIds"] == [ACCOUNT]
    assert sso.list_permission_sets_provisioned_to_account(
        InstanceArn=instance["InstanceArn"], AccountId="210987654321")["PermissionSets"] == []


def test_changed_permission_set_needs_provisioning(sso, instance):
    arn = instance["InstanceArn"]
    ps_arn = sso.create_permission_set(Name="Admin", InstanceArn=arn, SessionDuration="PT8H",
                                       Description="admins")["PermissionSet"]["PermissionSetArn"]
    created = sso.create_account_assignment(InstanceArn=arn, TargetId=ACCOUNT, TargetType="AWS_ACCOUNT",
                                            PermissionSetArn=ps_arn, PrincipalType="USER",
                                            PrincipalId="906771d2b6-2b9a4c44-5e1f-4b3e-9f6b-0123456789ab")
    settle(sso.describe_account_assignment_creation_status, "AccountAssignmentCreationStatus", InstanceArn=arn,
           AccountAssignmentCreationRequestId=created["AccountAssignmentCreationStatus"]["RequestId"])
    sso.update_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn, Description="administrators")
    kept = sso.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn)["PermissionSet"]
    assert (kept["SessionDuration"], kept["Description"]) == ("PT8H", "administrators")

    def provisioned(status):
        return sso.list_permission_sets_provisioned_to_account(
            InstanceArn=arn, AccountId=ACCOUNT, ProvisioningStatus=status)["PermissionSets"]

    assert provisioned("LATEST_PERMISSION_SET_NOT_PROVISIONED") == [ps_arn]
    request = sso.provision_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn,
                                           TargetType="ALL_PROVISIONED_ACCOUNTS")["PermissionSetProvisioningStatus"]
    status = settle(sso.describe_permission_set_provisioning_status, "PermissionSetProvisioningStatus",
                    InstanceArn=arn, ProvisionPermissionSetRequestId=request["RequestId"])
    assert status["Status"] == "SUCCEEDED" and status["PermissionSetArn"] == ps_arn
    assert provisioned("LATEST_PERMISSION_SET_PROVISIONED") == [ps_arn]
    assert provisioned("LATEST_PERMISSION_SET_NOT_PROVISIONED") == []
    listed = sso.list_permission_set_provisioning_status(InstanceArn=arn)["PermissionSetsProvisioningStatus"]
    assert [entry["RequestId"] for entry in listed] == [request["RequestId"]]
    unknown_request = "00000000-0000-4000-8000-000000000000"
    assert code_of(sso.describe_permission_set_provisioning_status, InstanceArn=arn,
                   ProvisionPermissionSetRequestId=unknown_request) == "ResourceNotFoundException"

    deleted = sso.delete_account_assignment(InstanceArn=arn, TargetId=ACCOUNT, TargetType="AWS_ACCOUNT",
                                            PermissionSetArn=ps_arn, PrincipalType="USER",
                                            PrincipalId="906771d2b6-2b9a4c44-5e1f-4b3e-9f6b-0123456789ab")
    settle(sso.describe_account_assignment_deletion_status, "AccountAssignmentDeletionStatus", InstanceArn=arn,
           AccountAssignmentDeletionRequestId=deleted["AccountAssignmentDeletionStatus"]["RequestId"])
    # The last assignment gone, the permission set is no longer provisioned to the account.
    assert sso.list_permission_sets_provisioned_to_account(InstanceArn=arn, AccountId=ACCOUNT)["PermissionSets"] == []


def test_permission_set_names_are_unique(sso, instance):
    sso.create_permission_set(Name="AdministratorAccess", InstanceArn=instance["InstanceArn"])
    with pytest.raises(ClientError) as error:
        sso.create_permission_set(Name="AdministratorAccess", InstanceArn=instance["InstanceArn"])
    assert error.value.response["Error"]["Code"] == "ConflictException"
    assert error.value.response["Error"]["Message"] == "PermissionSet with name AdministratorAccess already exists."


def test_default_session_duration_is_an_iso_duration(sso, instance):
    ps = sso.create_permission_set(Name="Default", InstanceArn=instance["InstanceArn"])["PermissionSet"]
    assert ps["SessionDuration"] == "PT1H"


def test_permission_set_tags(sso, instance):
    arn = instance["InstanceArn"]
    created = sso.create_permission_set(Name="Tagged", InstanceArn=arn, Tags=[{"Key": "owner", "Value": "platform"}])
    ps_arn = created["PermissionSet"]["PermissionSetArn"]
    sso.tag_resource(InstanceArn=arn, ResourceArn=ps_arn, Tags=[{"Key": "stage", "Value": "dev"},
                                                                  {"Key": "owner", "Value": "proton"}])
    tags = sso.list_tags_for_resource(InstanceArn=arn, ResourceArn=ps_arn)["Tags"]
    assert sorted((tag["Key"], tag["Value"]) for tag in tags) == [("owner", "proton"), ("stage", "dev")]
    sso.untag_resource(InstanceArn=arn, ResourceArn=ps_arn, TagKeys=["stage"])
    assert sso.list_tags_for_resource(InstanceArn=arn, ResourceArn=ps_arn)["Tags"] == [
        {"Key": "owner", "Value": "proton"}]


def test_sso_requests_are_validated(sso, instance):
    with pytest.raises(ClientError) as error:
        sso.create_permission_set(Name="x" * 33, InstanceArn=instance["InstanceArn"])
    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert "at 'name' failed to satisfy constraint: Member must have length less than or equal to 32" in \
        error.value.response["Error"]["Message"]
    assert code_of(sso.create_permission_set, Name="ok", InstanceArn=instance["InstanceArn"],
                   SessionDuration="8 hours") == "ValidationException"
    assert code_of(sso.create_account_assignment, InstanceArn=instance["InstanceArn"], TargetId=ACCOUNT,
                   TargetType="AWS_ACCOUNT", PrincipalType="USER",
                   PermissionSetArn="arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef",
                   PrincipalId="906771d2b6-2b9a4c44-5e1f-4b3e-9f6b-0123456789ab") == "ResourceNotFoundException"


def test_identity_store_must_be_the_accounts(client, instance):
    identitystore = client("identitystore")
    assert code_of(identitystore.list_users, IdentityStoreId="d-0123456789") == "ResourceNotFoundException"
    assert code_of(identitystore.list_users, IdentityStoreId="not-a-store") == "ValidationException"
    assert identitystore.list_users(IdentityStoreId=instance["IdentityStoreId"])["Users"] == []
