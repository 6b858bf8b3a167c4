"""Per-account state: credentials from sts AssumeRole act in the role's account, for moto and Proton alike."""

import pytest

ACCOUNT_A = "123456789012"


@pytest.fixture
def member_account(client):
    """A member account of ACCOUNT_A's Organization: its OrganizationAccountAccessRole trusts ACCOUNT_A."""
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    request = organizations.create_account(AccountName="member", Email="member@example.com")["CreateAccountStatus"]
    return organizations.describe_create_account_status(
        CreateAccountRequestId=request["Id"])["CreateAccountStatus"]["AccountId"]


def test_assumed_role_credentials_act_in_the_other_account(client, emulator, trust_policy, member_account):
    account_b = member_account
    before = len(emulator.calls())
    assumed = client("sts").assume_role(RoleArn="arn:aws:iam::%s:role/OrganizationAccountAccessRole" % account_b,
                                        RoleSessionName="setup")["Credentials"]
    credentials_b = {"aws_access_key_id": assumed["AccessKeyId"],
                     "aws_secret_access_key": assumed["SecretAccessKey"],
                     "aws_session_token": assumed["SessionToken"]}
    assert client("sts", credentials=credentials_b).get_caller_identity()["Account"] == account_b

    iam_b = client("iam", credentials=credentials_b)
    role_b = iam_b.create_role(RoleName="ProtonPipelineRole", AssumeRolePolicyDocument=trust_policy)["Role"]
    assert role_b["Arn"] == "arn:aws:iam::%s:role/ProtonPipelineRole" % account_b
    proton_b = client("proton", credentials=credentials_b)
    proton_b.update_account_settings(pipelineServiceRoleArn=role_b["Arn"])

    assert [role["RoleName"] for role in client("iam").list_roles()["Roles"]] == []
    assert client("proton").get_account_settings()["accountSettings"] == {}
    assert proton_b.get_account_settings()["accountSettings"] == {"pipelineServiceRoleArn": role_b["Arn"]}
    assert sorted(role["RoleName"] for role in iam_b.list_roles()["Roles"]) == ["OrganizationAccountAccessRole",
                                                                                 "ProtonPipelineRole"]

    accounts = [(call["operation"], call["account"]) for call in emulator.calls()[before:]]
    assert accounts == [("AssumeRole", ACCOUNT_A), ("GetCallerIdentity", account_b), ("CreateRole", account_b),
                        ("UpdateAccountSettings", account_b), ("ListRoles", ACCOUNT_A),
                        ("GetAccountSettings", ACCOUNT_A), ("GetAccountSettings", account_b), ("ListRoles", account_b)]


def test_a_role_of_account_a_is_not_a_role_of_account_b(client, trust_policy, member_account):
    role_a = client("iam").create_role(RoleName="Shared", AssumeRolePolicyDocument=trust_policy)["Role"]
    assumed = client("sts").assume_role(RoleArn="arn:aws:iam::%s:role/OrganizationAccountAccessRole" % member_account,
                                        RoleSessionName="setup")["Credentials"]
    proton_b = client("proton", credentials={"aws_access_key_id": assumed["AccessKeyId"],
                                             "aws_secret_access_key": assumed["SecretAccessKey"],
                                             "aws_session_token": assumed["SessionToken"]})
    try:
        proton_b.update_account_settings(pipelineServiceRoleArn=role_a["Arn"])
    except proton_b.exceptions.ValidationException:
        pass
    else:
        raise AssertionError("account B accepted a role of account A")
