"""An account without an IAM Identity Center instance (fault setting sso_instance_enabled=false).

AWS answers sso-admin calls on an instance the account does not have in the region with
AccessDeniedException "... because the resource does not exist in this Region ..."; the emulator does
so for any instance ARN it does not know, and for every ARN while the switch is off.
"""

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"


@pytest.fixture
def sso(client):
    return client("sso-admin")


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response["Error"]


def test_no_instance_while_switched_off(emulator, client, sso):
    (instance,) = sso.list_instances()["Instances"]
    arn, store = instance["InstanceArn"], instance["IdentityStoreId"]
    ps_arn = sso.create_permission_set(Name="Admin", InstanceArn=arn)["PermissionSet"]["PermissionSetArn"]

    assert emulator.set_faults(sso_instance_enabled=False)["sso_instance_enabled"] is False
    assert sso.list_instances()["Instances"] == []
    denied = error_of(sso.list_permission_sets, InstanceArn=arn)
    assert denied["Code"] == "AccessDeniedException"
    assert denied["Message"] == (
        "User: arn:aws:sts::%s:user/moto is not authorized to perform: sso:ListPermissionSets on resource: %s "
        "because the resource does not exist in this Region, no resource-based policies allow access, or a "
        "resource-based policy explicitly denies access" % (ACCOUNT, arn))
    for call, kwargs in (
            (sso.describe_instance, {}),
            (sso.create_permission_set, {"Name": "Other"}),
            (sso.describe_permission_set, {"PermissionSetArn": ps_arn}),
            (sso.provision_permission_set, {"PermissionSetArn": ps_arn, "TargetType": "ALL_PROVISIONED_ACCOUNTS"}),
            (sso.list_account_assignments, {"AccountId": ACCOUNT, "PermissionSetArn": ps_arn}),
            (sso.create_account_assignment, {"TargetId": ACCOUNT, "TargetType": "AWS_ACCOUNT",
                                             "PermissionSetArn": ps_arn, "PrincipalType": "USER",
                                             "PrincipalId": "906771d2b6-2b9a4c44-5e1f-4b3e-9f6b-0123456789ab"}),
            (sso.list_permission_sets_provisioned_to_account, {"AccountId": ACCOUNT})):
        error = error_of(call, InstanceArn=arn, **kwargs)
        assert error["Code"] == "AccessDeniedException", call
        assert arn in error["Message"]
    identitystore = client("identitystore")
    assert error_of(identitystore.list_users, IdentityStoreId=store)["Code"] == "ResourceNotFoundException"

    # Switched on again, the instance is back as it was (nothing was created meanwhile).
    emulator.set_faults(sso_instance_enabled=True)
    assert sso.list_instances()["Instances"][0]["InstanceArn"] == arn
    assert sso.list_permission_sets(InstanceArn=arn)["PermissionSets"] == [ps_arn]
    assert identitystore.list_users(IdentityStoreId=store)["Users"] == []


def test_reset_switches_the_instance_back_on(emulator, sso):
    emulator.set_faults(sso_instance_enabled="false")
    assert sso.list_instances()["Instances"] == []
    emulator.reset()
    assert emulator.faults()["sso_instance_enabled"] is True
    assert len(sso.list_instances()["Instances"]) == 1


def test_an_unknown_instance_is_denied(sso):
    unknown = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
    for call in (sso.list_permission_sets, sso.describe_instance):
        error = error_of(call, InstanceArn=unknown)
        assert error["Code"] == "AccessDeniedException" and "does not exist in this Region" in error["Message"]
