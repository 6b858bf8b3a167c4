"""IAM as AWS has it where moto 5.2.5 was lax or lacking: delete conflicts, permissions boundaries,
policy usage, login profiles, renames and paths, service-specific credentials, policy dates."""

import datetime
import json

import pytest
from botocore.exceptions import ClientError

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
POLICY = json.dumps({"Version": "2012-10-17",
                     "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
SSH_KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDZ user@host"


def rejected(call, **kwargs):
    """Call, expect a ClientError, return (code, message, HTTP status)."""
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    response = error.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def conflict(message):
    return ("DeleteConflict", message, 409)


@pytest.fixture
def iam(client):
    return client("iam")


@pytest.fixture
def policy_arn(iam):
    return iam.create_policy(PolicyName="P", PolicyDocument=POLICY)["Policy"]["Arn"]


def _certificate():
    """A self-signed PEM certificate, as UploadSigningCertificate wants one."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "emulator")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
                   .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def test_delete_user_conflicts_until_everything_is_removed(iam, policy_arn):
    iam.create_user(UserName="U")
    iam.create_group(GroupName="G")
    iam.create_login_profile(UserName="U", Password="Sup3r-secret!")
    key = iam.create_access_key(UserName="U")["AccessKey"]["AccessKeyId"]
    certificate = iam.upload_signing_certificate(UserName="U", CertificateBody=_certificate())
    ssh = iam.upload_ssh_public_key(UserName="U", SSHPublicKeyBody=SSH_KEY)["SSHPublicKey"]["SSHPublicKeyId"]
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="U")["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName="U", SerialNumber=serial, AuthenticationCode1="123456",
                          AuthenticationCode2="654321")
    iam.put_user_policy(UserName="U", PolicyName="inline", PolicyDocument=POLICY)
    iam.attach_user_policy(UserName="U", PolicyArn=policy_arn)
    iam.add_user_to_group(UserName="U", GroupName="G")
    removals = [
        ("Cannot delete entity, must delete login profile first.", lambda: iam.delete_login_profile(UserName="U")),
        ("Cannot delete entity, must delete access keys first.",
         lambda: iam.delete_access_key(UserName="U", AccessKeyId=key)),
        ("Cannot delete entity, must delete certificates first.", lambda: iam.delete_signing_certificate(
            UserName="U", CertificateId=certificate["Certificate"]["CertificateId"])),
        ("Cannot delete entity, must remove referenced objects first.",
         lambda: iam.delete_ssh_public_key(UserName="U", SSHPublicKeyId=ssh)),
        ("Cannot delete entity, must delete MFA device first.",
         lambda: iam.deactivate_mfa_device(UserName="U", SerialNumber=serial)),
        ("Cannot delete entity, must delete policies first.",
         lambda: iam.delete_user_policy(UserName="U", PolicyName="inline")),
        ("Cannot delete entity, must detach all policies first.",
         lambda: iam.detach_user_policy(UserName="U", PolicyArn=policy_arn)),
        ("Cannot delete entity, must remove users from group first.",
         lambda: iam.remove_user_from_group(UserName="U", GroupName="G")),
    ]
    for message, remove in removals:
        assert rejected(iam.delete_user, UserName="U") == conflict(message)
        remove()
    iam.delete_user(UserName="U")
    assert rejected(iam.get_user, UserName="U")[0] == "NoSuchEntity"


def test_delete_group_conflicts(iam, policy_arn):
    iam.create_group(GroupName="G")
    iam.create_user(UserName="U")
    iam.add_user_to_group(UserName="U", GroupName="G")
    iam.attach_group_policy(GroupName="G", PolicyArn=policy_arn)
    iam.put_group_policy(GroupName="G", PolicyName="inline", PolicyDocument=POLICY)
    assert rejected(iam.delete_group, GroupName="G") == conflict(
        "Cannot delete entity, must remove users from group first.")
    iam.remove_user_from_group(UserName="U", GroupName="G")
    assert rejected(iam.delete_group, GroupName="G") == conflict(
        "Cannot delete entity, must detach all policies first.")
    iam.detach_group_policy(GroupName="G", PolicyArn=policy_arn)
    assert rejected(iam.delete_group, GroupName="G") == conflict("Cannot delete entity, must delete policies first.")
    iam.delete_group_policy(GroupName="G", PolicyName="inline")
    iam.delete_group(GroupName="G")
    assert rejected(iam.delete_group, GroupName="G")[0] == "NoSuchEntity"


def test_delete_role_conflicts(iam, trust_policy, policy_arn):
    """moto's own checks, kept: AWS refuses the same."""
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy, PermissionsBoundary=policy_arn)
    iam.create_instance_profile(InstanceProfileName="IP")
    iam.add_role_to_instance_profile(InstanceProfileName="IP", RoleName="R")
    iam.attach_role_policy(RoleName="R", PolicyArn=policy_arn)
    iam.put_role_policy(RoleName="R", PolicyName="inline", PolicyDocument=POLICY)
    assert rejected(iam.delete_role, RoleName="R") == conflict(
        "Cannot delete entity, must remove roles from instance profile first.")
    iam.remove_role_from_instance_profile(InstanceProfileName="IP", RoleName="R")
    assert rejected(iam.delete_role, RoleName="R") == conflict("Cannot delete entity, must detach all policies first.")
    iam.detach_role_policy(RoleName="R", PolicyArn=policy_arn)
    assert rejected(iam.delete_role, RoleName="R") == conflict("Cannot delete entity, must delete policies first.")
    iam.delete_role_policy(RoleName="R", PolicyName="inline")
    iam.delete_role(RoleName="R")  # a permissions boundary does not hold a role back


def test_delete_policy_conflicts(iam, trust_policy, policy_arn):
    attached = conflict("Cannot delete a policy attached to entities.")
    iam.create_user(UserName="U")
    iam.attach_user_policy(UserName="U", PolicyArn=policy_arn)
    assert rejected(iam.delete_policy, PolicyArn=policy_arn) == attached
    iam.detach_user_policy(UserName="U", PolicyArn=policy_arn)
    iam.put_user_permissions_boundary(UserName="U", PermissionsBoundary=policy_arn)
    assert rejected(iam.delete_policy, PolicyArn=policy_arn) == attached
    iam.delete_user_permissions_boundary(UserName="U")
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy, PermissionsBoundary=policy_arn)
    assert rejected(iam.delete_policy, PolicyArn=policy_arn) == attached
    iam.delete_role_permissions_boundary(RoleName="R")
    iam.create_policy_version(PolicyArn=policy_arn, PolicyDocument=POLICY, SetAsDefault=True)
    assert rejected(iam.delete_policy, PolicyArn=policy_arn) == conflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's "
        "versions. The default version is deleted with the policy.")
    iam.delete_policy_version(PolicyArn=policy_arn, VersionId="v1")
    iam.delete_policy(PolicyArn=policy_arn)
    assert rejected(iam.get_policy, PolicyArn=policy_arn)[0] == "NoSuchEntity"


def test_user_permissions_boundary(iam, policy_arn):
    user = iam.create_user(UserName="U", PermissionsBoundary=policy_arn)["User"]
    expected = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": policy_arn}
    assert user["PermissionsBoundary"] == expected
    assert iam.get_user(UserName="U")["User"]["PermissionsBoundary"] == expected
    assert "PermissionsBoundary" not in iam.list_users()["Users"][0]  # AWS's list operations leave it out
    iam.put_user_permissions_boundary(UserName="U", PermissionsBoundary=ADMIN)
    assert iam.get_user(UserName="U")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == ADMIN
    iam.delete_user_permissions_boundary(UserName="U")
    assert "PermissionsBoundary" not in iam.get_user(UserName="U")["User"]
    assert "PermissionsBoundary" not in iam.create_user(UserName="Plain")["User"]
    assert rejected(iam.put_user_permissions_boundary, UserName="nobody", PermissionsBoundary=ADMIN)[0] == \
        "NoSuchEntity"
    assert rejected(iam.delete_user_permissions_boundary, UserName="nobody")[0] == "NoSuchEntity"


@pytest.mark.parametrize("operation", ["create_user", "put_user_permissions_boundary", "create_role",
                                       "put_role_permissions_boundary"])
def test_permissions_boundary_must_exist(iam, trust_policy, operation):
    iam.create_user(UserName="Existing")
    iam.create_role(RoleName="Existing", AssumeRolePolicyDocument=trust_policy)
    missing = "arn:aws:iam::123456789012:policy/missing"
    kwargs = {"PermissionsBoundary": missing}
    kwargs.update({"create_user": {"UserName": "New"}, "put_user_permissions_boundary": {"UserName": "Existing"},
                   "create_role": {"RoleName": "New", "AssumeRolePolicyDocument": trust_policy},
                   "put_role_permissions_boundary": {"RoleName": "Existing"}}[operation])
    assert rejected(getattr(iam, operation), **kwargs) == (
        "NoSuchEntity", "Scope ARN: %s does not exist or is not attachable." % missing, 404)
    assert [user["UserName"] for user in iam.list_users()["Users"]] == ["Existing"]
    assert [role["RoleName"] for role in iam.list_roles()["Roles"]] == ["Existing"]
    assert "PermissionsBoundary" not in iam.get_role(RoleName="Existing")["Role"]


def test_role_permissions_boundary(iam, trust_policy, policy_arn):
    expected = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": policy_arn}
    role = iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy, PermissionsBoundary=policy_arn)
    assert role["Role"]["PermissionsBoundary"] == expected
    assert iam.get_role(RoleName="R")["Role"]["PermissionsBoundary"] == expected
    iam.put_role_permissions_boundary(RoleName="R", PermissionsBoundary=ADMIN)
    assert iam.get_role(RoleName="R")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == ADMIN
    iam.delete_role_permissions_boundary(RoleName="R")
    assert "PermissionsBoundary" not in iam.get_role(RoleName="R")["Role"]


def test_policy_usage_counts_and_entities(iam, trust_policy, policy_arn):
    iam.create_group(GroupName="G")
    iam.create_user(UserName="U", Path="/people/", PermissionsBoundary=policy_arn)
    iam.create_user(UserName="V")
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy, PermissionsBoundary=policy_arn)
    iam.attach_group_policy(GroupName="G", PolicyArn=policy_arn)
    iam.attach_user_policy(UserName="V", PolicyArn=policy_arn)
    iam.attach_role_policy(RoleName="R", PolicyArn=policy_arn)
    iam.attach_role_policy(RoleName="R", PolicyArn=policy_arn)  # attaching again changes nothing
    policy = iam.get_policy(PolicyArn=policy_arn)["Policy"]
    assert (policy["AttachmentCount"], policy["PermissionsBoundaryUsageCount"]) == (3, 2)
    listed = [p for p in iam.list_policies(Scope="Local")["Policies"] if p["Arn"] == policy_arn][0]
    assert (listed["AttachmentCount"], listed["PermissionsBoundaryUsageCount"]) == (3, 2)

    def entities(**kwargs):
        answer = iam.list_entities_for_policy(PolicyArn=policy_arn, **kwargs)
        return ([g["GroupName"] for g in answer["PolicyGroups"]], [u["UserName"] for u in answer["PolicyUsers"]],
                [r["RoleName"] for r in answer["PolicyRoles"]])

    assert entities() == (["G"], ["V", "U"], ["R"])
    assert entities(PolicyUsageFilter="PermissionsPolicy") == (["G"], ["V"], ["R"])
    assert entities(PolicyUsageFilter="PermissionsBoundary") == ([], ["U"], ["R"])
    assert entities(EntityFilter="User") == ([], ["V", "U"], [])
    assert entities(EntityFilter="Role", PolicyUsageFilter="PermissionsBoundary") == ([], [], ["R"])
    assert entities(PathPrefix="/people/") == ([], ["U"], [])
    first = iam.list_entities_for_policy(PolicyArn=policy_arn, MaxItems=3)
    assert first["IsTruncated"] and len(first["PolicyGroups"] + first["PolicyUsers"] + first["PolicyRoles"]) == 3
    rest = iam.list_entities_for_policy(PolicyArn=policy_arn, Marker=first["Marker"])
    assert [r["RoleName"] for r in rest["PolicyRoles"]] == ["R"] and not rest["IsTruncated"]
    iam.detach_role_policy(RoleName="R", PolicyArn=policy_arn)
    assert iam.get_policy(PolicyArn=policy_arn)["Policy"]["AttachmentCount"] == 2
    assert rejected(iam.list_entities_for_policy, PolicyArn=policy_arn + "x")[0] == "NoSuchEntity"


def test_login_profile_keeps_password_reset_required(iam):
    iam.create_user(UserName="U")
    created = iam.create_login_profile(UserName="U", Password="Sup3r-secret!", PasswordResetRequired=True)
    assert created["LoginProfile"]["PasswordResetRequired"] is True
    assert iam.get_login_profile(UserName="U")["LoginProfile"]["PasswordResetRequired"] is True
    iam.update_login_profile(UserName="U", PasswordResetRequired=False)
    assert iam.get_login_profile(UserName="U")["LoginProfile"]["PasswordResetRequired"] is False
    iam.delete_login_profile(UserName="U")
    iam.create_login_profile(UserName="U", Password="Sup3r-secret!")
    assert iam.get_login_profile(UserName="U")["LoginProfile"]["PasswordResetRequired"] is False


def test_update_group_path_and_name(iam, policy_arn):
    iam.create_group(GroupName="G")
    iam.attach_group_policy(GroupName="G", PolicyArn=policy_arn)
    iam.update_group(GroupName="G", NewPath="/teams/")
    assert iam.get_group(GroupName="G")["Group"]["Arn"] == "arn:aws:iam::123456789012:group/teams/G"
    iam.update_group(GroupName="G", NewGroupName="H")
    group = iam.get_group(GroupName="H")["Group"]
    assert (group["Path"], group["GroupName"]) == ("/teams/", "H")
    assert iam.list_attached_group_policies(GroupName="H")["AttachedPolicies"][0]["PolicyArn"] == policy_arn
    assert rejected(iam.update_group, GroupName="nope", NewPath="/x/") == (
        "NoSuchEntity", "The group with name nope cannot be found.", 404)
    iam.create_group(GroupName="Other")
    assert rejected(iam.update_group, GroupName="Other", NewGroupName="h")[:2] == (
        "EntityAlreadyExists", "Group with name h already exists.")


def test_update_user_keeps_tags(iam, policy_arn):
    tags = [{"Key": "team", "Value": "platform"}]
    iam.create_user(UserName="U", Tags=tags, PermissionsBoundary=policy_arn)
    iam.update_user(UserName="U", NewPath="/people/")
    user = iam.get_user(UserName="U")["User"]
    assert (user["Arn"], user["Tags"]) == ("arn:aws:iam::123456789012:user/people/U", tags)
    assert iam.list_user_tags(UserName="U")["Tags"] == tags
    iam.update_user(UserName="U", NewUserName="W")
    assert iam.list_user_tags(UserName="W")["Tags"] == tags
    assert iam.get_user(UserName="W")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == policy_arn
    iam.create_user(UserName="Other")
    assert rejected(iam.update_user, UserName="Other", NewUserName="w")[:2] == (
        "EntityAlreadyExists", "User with name w already exists.")
    assert iam.list_user_tags(UserName="W")["Tags"] == tags


def test_list_service_specific_credentials(iam):
    iam.create_user(UserName="U")
    answer = iam.list_service_specific_credentials(UserName="U")
    assert answer["ServiceSpecificCredentials"] == []
    assert rejected(iam.list_service_specific_credentials, UserName="nobody") == (
        "NoSuchEntity", "The user with name nobody cannot be found.", 404)


def test_policy_update_date_follows_versions(iam, policy_arn):
    created = iam.get_policy(PolicyArn=policy_arn)["Policy"]
    version = iam.create_policy_version(PolicyArn=policy_arn, PolicyDocument=POLICY)["PolicyVersion"]
    updated = iam.get_policy(PolicyArn=policy_arn)["Policy"]
    assert updated["UpdateDate"] == version["CreateDate"] > created["UpdateDate"]
    assert updated["CreateDate"] == created["CreateDate"]
    iam.delete_policy_version(PolicyArn=policy_arn, VersionId="v2")
    assert iam.get_policy(PolicyArn=policy_arn)["Policy"]["UpdateDate"] == created["CreateDate"]
