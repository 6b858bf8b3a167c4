"""IAM as strict as AWS: model constraints, policy documents and quotas, plus moto's own happy paths."""

import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def rejected(call, **kwargs):
    """Call, expect a ClientError, return (code, message, HTTP status)."""
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    response = error.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def policy(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def allow_s3(resources):
    return policy([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": resources}])


@pytest.mark.parametrize("name", ["has space", "a" * 65, "semi;colon", "ümlaut"])
def test_bad_role_names(client, trust_policy, name):
    code, message, status = rejected(client("iam").create_role, RoleName=name, AssumeRolePolicyDocument=trust_policy)
    assert (code, status) == ("ValidationError", 400)
    assert message.startswith(
        "1 validation error detected: Value '%s' at 'roleName' failed to satisfy constraint" % name)


@pytest.mark.parametrize("path", ["noslash", "/no-trailing", "no-leading/", "/" + "a" * 511 + "/"])
def test_bad_paths(client, trust_policy, path):
    code, message, _ = rejected(client("iam").create_role, RoleName="R", Path=path,
                                AssumeRolePolicyDocument=trust_policy)
    assert code == "ValidationError" and "at 'path'" in message


def test_max_session_duration_range(client, trust_policy):
    iam = client("iam")
    code, message, _ = rejected(iam.create_role, RoleName="R", AssumeRolePolicyDocument=trust_policy,
                                MaxSessionDuration=43201)
    assert code == "ValidationError"
    assert message.endswith("at 'maxSessionDuration' failed to satisfy constraint: "
                            "Member must have value less than or equal to 43200")
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy, MaxSessionDuration=43200)
    assert rejected(iam.update_role, RoleName="R", MaxSessionDuration=50000)[0] == "ValidationError"


def test_minimums_are_checked_by_the_server_too(emulator, trust_policy):
    """botocore checks minimums client-side; the emulator must not rely on it."""
    iam = boto3.client("iam", endpoint_url=emulator.url, region_name="us-east-1",
                       aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x",
                       config=Config(parameter_validation=False))
    code, message, _ = rejected(iam.create_role, RoleName="", AssumeRolePolicyDocument=trust_policy,
                                MaxSessionDuration=900)
    assert code == "ValidationError"
    assert message.startswith("3 validation errors detected: ")  # length, pattern, range
    assert "Member must have value greater than or equal to 3600" in message
    assert "Value '' at 'roleName' failed to satisfy constraint: Member must have length greater than or equal to 1" \
        in message


def test_group_user_and_policy_names(client):
    iam = client("iam")
    assert rejected(iam.create_group, GroupName="g" * 129)[0] == "ValidationError"
    assert rejected(iam.create_user, UserName="u" * 65)[0] == "ValidationError"
    assert rejected(iam.create_policy, PolicyName="p!", PolicyDocument=allow_s3("*"))[0] == "ValidationError"
    iam.create_group(GroupName="g" * 128)
    iam.create_user(UserName="u" * 64)


@pytest.mark.parametrize("document, expected", [
    ("{not json", "This policy contains invalid Json"),
    ('["a list"]', "This policy contains invalid Json"),
    ('{"Version": "2012-10-17"}', "Missing required field Statement"),
    (policy([{"Effect": "Allow", "Action": "sts:AssumeRole"}]), "Missing required field Principal"),
    (policy([{"Effect": "Allow", "Principal": {"Service": "proton.amazonaws.com"}, "Action": "sts:AssumeRole",
              "Resource": "*"}]), "Has prohibited field Resource"),
])
def test_invalid_trust_policies(client, trust_policy, document, expected):
    iam = client("iam")
    code, message, status = rejected(iam.create_role, RoleName="R", AssumeRolePolicyDocument=document)
    assert (code, message, status) == ("MalformedPolicyDocument", expected, 400)
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy)
    code, message, _ = rejected(iam.update_assume_role_policy, RoleName="R", PolicyDocument=document)
    assert (code, message) == ("MalformedPolicyDocument", expected)


def test_trust_policy_quota_ignores_whitespace(client):
    statement = {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:root"] * 60},
                 "Action": "sts:AssumeRole"}
    big = policy([statement])
    assert len(big.replace(" ", "")) > 2048
    code, message, status = rejected(client("iam").create_role, RoleName="R", AssumeRolePolicyDocument=big)
    assert (code, message, status) == ("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048", 409)
    statement["Principal"]["AWS"] = statement["Principal"]["AWS"][:30]
    roomy = json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=12)
    assert len(roomy) > 2048
    client("iam").create_role(RoleName="R", AssumeRolePolicyDocument=roomy)


def test_permission_policy_documents(client, trust_policy):
    iam = client("iam")
    assert rejected(iam.create_policy, PolicyName="P", PolicyDocument="{x")[:2] == (
        "MalformedPolicyDocument", "This policy contains invalid Json")
    big = allow_s3(["arn:aws:s3:::bucket-%04d/*" % number for number in range(230)])
    assert rejected(iam.create_policy, PolicyName="P", PolicyDocument=big)[:2] == (
        "LimitExceeded", "Cannot exceed quota for PolicySize: 6144")
    arn = iam.create_policy(PolicyName="P", PolicyDocument=allow_s3("*"))["Policy"]["Arn"]
    assert rejected(iam.create_policy_version, PolicyArn=arn, PolicyDocument=big)[0] == "LimitExceeded"
    assert rejected(iam.create_policy_version, PolicyArn=arn, PolicyDocument="nope")[0] == "MalformedPolicyDocument"
    for _ in range(4):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow_s3("*"))
    assert rejected(iam.create_policy_version, PolicyArn=arn, PolicyDocument=allow_s3("*"))[0] == "LimitExceeded"


def test_inline_policies_share_one_quota_per_role(client, trust_policy):
    iam = client("iam")
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy)
    half = allow_s3(["arn:aws:s3:::bucket-%04d/*" % number for number in range(190)])
    assert 5120 < len(half) < 6144
    iam.put_role_policy(RoleName="R", PolicyName="one", PolicyDocument=half)
    iam.put_role_policy(RoleName="R", PolicyName="one", PolicyDocument=half)  # replacing does not add up
    code, message, status = rejected(iam.put_role_policy, RoleName="R", PolicyName="two", PolicyDocument=half)
    assert (code, message, status) == ("LimitExceeded", "Maximum policy size of 10240 bytes exceeded for role R", 409)
    assert rejected(iam.put_role_policy, RoleName="R", PolicyName="two", PolicyDocument="{")[0] == \
        "MalformedPolicyDocument"
    iam.create_user(UserName="U")
    assert rejected(iam.put_user_policy, UserName="U", PolicyName="p", PolicyDocument=half)[0] == "LimitExceeded"


def test_names_are_unique_regardless_of_case(client, trust_policy):
    iam = client("iam")
    iam.create_role(RoleName="ProtonRole", AssumeRolePolicyDocument=trust_policy)
    code, message, status = rejected(iam.create_role, RoleName="protonrole", AssumeRolePolicyDocument=trust_policy)
    assert (code, message, status) == ("EntityAlreadyExists", "Role with name protonrole already exists.", 409)
    iam.create_user(UserName="Admin")
    assert rejected(iam.create_user, UserName="ADMIN")[0] == "EntityAlreadyExists"
    iam.create_group(GroupName="Admins")
    assert rejected(iam.create_group, GroupName="admins")[0] == "EntityAlreadyExists"


def test_at_most_two_access_keys(client):
    iam = client("iam")
    iam.create_user(UserName="U")
    iam.create_access_key(UserName="U")
    iam.create_access_key(UserName="U")
    assert rejected(iam.create_access_key, UserName="U")[0] == "LimitExceeded"


def test_managed_policies_are_loaded(client):
    iam = client("iam")
    for name in ("AdministratorAccess", "AWSProtonCodeBuildProvisioningBasicAccess", "AWSProtonFullAccess"):
        assert iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/" + name)["Policy"]["PolicyName"] == name
    version = iam.get_policy_version(PolicyArn="arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess",
                                     VersionId="v1")["PolicyVersion"]["Document"]
    actions = [statement["Action"] for statement in version["Statement"]]
    assert "proton:NotifyResourceDeploymentStatusChange" in actions
    assert rejected(iam.get_policy, PolicyArn="arn:aws:iam::aws:policy/AWSProtonServiceRole")[0] == "NoSuchEntity"


def test_admin_user_happy_path(client, trust_policy):
    """The IAM user route end to end, so that validation never gets in the way of valid requests."""
    iam = client("iam")
    iam.create_group(GroupName="Admins", Path="/proton/")
    iam.attach_group_policy(GroupName="Admins", PolicyArn=ADMIN)
    iam.create_user(UserName="proton-admin", Tags=[{"Key": "team", "Value": "platform"}])
    iam.add_user_to_group(GroupName="Admins", UserName="proton-admin")
    iam.create_login_profile(UserName="proton-admin", Password="Sup3r-secret!", PasswordResetRequired=True)
    key = iam.create_access_key(UserName="proton-admin")["AccessKey"]
    assert [group["GroupName"] for group in iam.list_groups_for_user(UserName="proton-admin")["Groups"]] == ["Admins"]
    assert iam.list_attached_group_policies(GroupName="Admins")["AttachedPolicies"][0]["PolicyArn"] == ADMIN
    role = iam.create_role(RoleName="AWSProtonPipelineRole", Path="/service-role/",
                           AssumeRolePolicyDocument=trust_policy,
                           Description="Proton pipelines", MaxSessionDuration=3600,
                           Tags=[{"Key": "owner", "Value": "proton"}])["Role"]
    iam.put_role_policy(RoleName=role["RoleName"], PolicyName="cfn", PolicyDocument=allow_s3("*"))
    iam.attach_role_policy(RoleName=role["RoleName"], PolicyArn=ADMIN)
    iam.tag_role(RoleName=role["RoleName"], Tags=[{"Key": "stage", "Value": "dev"}])
    assert {tag["Key"] for tag in iam.list_role_tags(RoleName=role["RoleName"])["Tags"]} == {"owner", "stage"}
    iam.detach_role_policy(RoleName=role["RoleName"], PolicyArn=ADMIN)
    iam.delete_role_policy(RoleName=role["RoleName"], PolicyName="cfn")
    iam.delete_role(RoleName=role["RoleName"])
    iam.delete_access_key(UserName="proton-admin", AccessKeyId=key["AccessKeyId"])
    iam.delete_login_profile(UserName="proton-admin")
    iam.remove_user_from_group(GroupName="Admins", UserName="proton-admin")
    iam.delete_user(UserName="proton-admin")
    iam.detach_group_policy(GroupName="Admins", PolicyArn=ADMIN)
    iam.delete_group(GroupName="Admins")
    assert iam.list_users()["Users"] == [] and iam.list_roles()["Roles"] == []
