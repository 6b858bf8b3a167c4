"""Per-account state: credentials from sts AssumeRole act in the role's account, for moto and Proton alike."""

ACCOUNT_A = "123456789012"
ACCOUNT_B = "210987654321"


def test_assumed_role_credentials_act_in_the_other_account(client, emulator, trust_policy):
    assumed = client("sts").assume_role(RoleArn="arn:aws:iam::%s:role/OrganizationAccountAccessRole" % ACCOUNT_B,
                                        RoleSessionName="setup")["Credentials"]
    credentials_b = {"aws_access_key_id": assumed["AccessKeyId"],
                     "aws_secret_access_key": assumed["SecretAccessKey"],
                     "aws_session_token": assumed["SessionToken"]}
    assert client("sts", credentials=credentials_b).get_caller_identity()["Account"] == ACCOUNT_B

    iam_b = client("iam", credentials=credentials_b)
    role_b = iam_b.create_role(RoleName="ProtonPipelineRole", AssumeRolePolicyDocument=trust_policy)["Role"]
    assert role_b["Arn"] == "arn:aws:iam::%s:role/ProtonPipelineRole" % ACCOUNT_B
    proton_b = client("proton", credentials=credentials_b)
    proton_b.update_account_settings(pipelineServiceRoleArn=role_b["Arn"])

    assert [role["RoleName"] for role in client("iam").list_roles()["Roles"]] == []
    assert client("proton").get_account_settings()["accountSettings"] == {}
    assert proton_b.get_account_settings()["accountSettings"] == {"pipelineServiceRoleArn": role_b["Arn"]}
    assert [role["RoleName"] for role in iam_b.list_roles()["Roles"]] == ["ProtonPipelineRole"]

    accounts = [(call["operation"], call["account"]) for call in emulator.calls()]
    assert accounts == [("AssumeRole", ACCOUNT_A), ("GetCallerIdentity", ACCOUNT_B), ("CreateRole", ACCOUNT_B),
                        ("UpdateAccountSettings", ACCOUNT_B), ("ListRoles", ACCOUNT_A),
                        ("GetAccountSettings", ACCOUNT_A), ("GetAccountSettings", ACCOUNT_B), ("ListRoles", ACCOUNT_B)]


def test_a_role_of_account_a_is_not_a_role_of_account_b(client, trust_policy):
    role_a = client("iam").create_role(RoleName="Shared", AssumeRolePolicyDocument=trust_policy)["Role"]
    assumed = client("sts").assume_role(RoleArn="arn:aws:iam::%s:role/Admin" % ACCOUNT_B,
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
