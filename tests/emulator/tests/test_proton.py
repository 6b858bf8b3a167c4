"""The Proton backend: validation, account settings against IAM, repositories, unimplemented operations."""

import time

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
CONNECTION = "arn:aws:codestar-connections:us-east-1:%s:connection/2ad03b28-a7c4-4a4f-8b43-0123456789ab" % ACCOUNT


def role_arn(name):
    return "arn:aws:iam::%s:role/%s" % (ACCOUNT, name)


def test_too_long_field_is_a_validation_exception(client):
    value = "arn:aws:iam::%s:role/" % ACCOUNT + "p/" * 1020 + "name"
    with pytest.raises(ClientError) as error:
        client("proton").update_account_settings(pipelineServiceRoleArn=value)
    response = error.value.response
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Error"]["Message"] == (
        "1 validation error detected: Value '%s' at 'pipelineServiceRoleArn' failed to satisfy constraint: "
        "Member must have length less than or equal to 2048" % value)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amzn-errortype"] == "ValidationException"
    assert headers["content-type"] == "application/x-amz-json-1.0"
    assert headers["x-amzn-requestid"]


def test_badly_patterned_field_is_a_validation_exception(client):
    with pytest.raises(ClientError) as error:
        client("proton").update_account_settings(pipelineCodebuildRoleArn="arn:aws:iam::12345:role/short-account")
    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert "at 'pipelineCodebuildRoleArn' failed to satisfy constraint: Member must satisfy regular expression " \
           "pattern" in error.value.response["Error"]["Message"]


def test_enum_is_checked_server_side(client):
    with pytest.raises(ClientError) as error:
        client("proton").create_repository(connectionArn=CONNECTION, name="o/r", provider="GITLAB")
    assert "Member must satisfy enum value set: [GITHUB, GITHUB_ENTERPRISE, BITBUCKET]" in str(error.value)


def test_missing_role_is_rejected_and_changes_nothing(client):
    proton = client("proton")
    with pytest.raises(ClientError) as error:
        proton.update_account_settings(pipelineServiceRoleArn=role_arn("ProtonPipelineRole"))
    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert role_arn("ProtonPipelineRole") in error.value.response["Error"]["Message"]
    assert proton.get_account_settings()["accountSettings"] == {}


def test_existing_role_is_accepted_then_cleared(client, trust_policy):
    client("iam").create_role(RoleName="ProtonPipelineRole", AssumeRolePolicyDocument=trust_policy)
    proton = client("proton")
    updated = proton.update_account_settings(pipelineServiceRoleArn=role_arn("ProtonPipelineRole"))
    assert updated["accountSettings"] == {"pipelineServiceRoleArn": role_arn("ProtonPipelineRole")}
    assert proton.get_account_settings()["accountSettings"] == {
        "pipelineServiceRoleArn": role_arn("ProtonPipelineRole")}
    assert proton.update_account_settings(pipelineServiceRoleArn="")["accountSettings"] == {}
    assert proton.get_account_settings()["accountSettings"] == {}


def test_role_with_path_in_arn(client, trust_policy):
    client("iam").create_role(RoleName="Build", Path="/proton/", AssumeRolePolicyDocument=trust_policy)
    settings = client("proton").update_account_settings(pipelineCodebuildRoleArn=role_arn("proton/Build"))
    assert settings["accountSettings"] == {"pipelineCodebuildRoleArn": role_arn("proton/Build")}


def test_role_of_another_account_is_rejected(client, trust_policy):
    client("iam").create_role(RoleName="ProtonPipelineRole", AssumeRolePolicyDocument=trust_policy)
    with pytest.raises(ClientError) as error:
        client("proton").update_account_settings(
            pipelineServiceRoleArn="arn:aws:iam::210987654321:role/ProtonPipelineRole")
    assert error.value.response["Error"]["Code"] == "ValidationException"


def test_repositories_and_the_provisioning_repository(client):
    proton = client("proton")
    repository = {"provider": "GITHUB", "name": "myorg/pipelines", "branch": "main"}
    with pytest.raises(ClientError) as error:
        proton.update_account_settings(pipelineProvisioningRepository=repository)
    assert error.value.response["Error"]["Code"] == "ValidationException"

    created = proton.create_repository(connectionArn=CONNECTION, name="myorg/pipelines", provider="GITHUB")
    arn = "arn:aws:proton:us-east-1:%s:repository/github:myorg/pipelines" % ACCOUNT
    assert created["repository"] == {"arn": arn, "connectionArn": CONNECTION, "name": "myorg/pipelines",
                                     "provider": "GITHUB"}
    with pytest.raises(ClientError) as error:
        proton.create_repository(connectionArn=CONNECTION, name="myorg/pipelines", provider="GITHUB")
    assert error.value.response["Error"]["Code"] == "ConflictException"
    assert proton.get_repository(name="myorg/pipelines", provider="GITHUB")["repository"]["arn"] == arn

    settings = proton.update_account_settings(pipelineProvisioningRepository=repository)["accountSettings"]
    assert settings == {"pipelineProvisioningRepository": dict(repository, arn=arn)}
    with pytest.raises(ClientError) as error:
        proton.delete_repository(name="myorg/pipelines", provider="GITHUB")
    assert error.value.response["Error"]["Code"] == "ConflictException"

    settings = proton.update_account_settings(deletePipelineProvisioningRepository=True)["accountSettings"]
    assert settings == {}
    assert proton.delete_repository(name="myorg/pipelines", provider="GITHUB")["repository"]["arn"] == arn
    with pytest.raises(ClientError) as error:
        proton.get_repository(name="myorg/pipelines", provider="GITHUB")
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_list_repositories_paginates(client):
    proton = client("proton")
    names = ["org/repo-%d" % number for number in range(5)]
    for name in names:
        proton.create_repository(connectionArn=CONNECTION, name=name, provider="BITBUCKET")
    first = proton.list_repositories(maxResults=2)
    assert [repository["name"] for repository in first["repositories"]] == names[:2]
    pages = proton.get_paginator("list_repositories").paginate(PaginationConfig={"PageSize": 2})
    assert [repository["name"] for page in pages for repository in page["repositories"]] == names
    with pytest.raises(ClientError) as error:
        proton.list_repositories(nextToken="bm90LWEtbnVtYmVy")
    assert error.value.response["Error"]["Code"] == "ValidationException"


def test_unimplemented_operation_fails_fast_without_retries(client, emulator):
    proton = client("proton", retries={"mode": "standard", "total_max_attempts": 5})
    started = time.monotonic()
    with pytest.raises(ClientError) as error:
        proton.list_environments()
    assert time.monotonic() - started < 1
    assert error.value.response["Error"]["Code"] == "UnknownOperationException"
    assert error.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert emulator.calls() == [{"service": "proton", "operation": "ListEnvironments", "status": 400,
                                 "account": ACCOUNT}]


def test_proton_unavailable(client, emulator):
    emulator.set_faults(proton_available=False)
    with pytest.raises(ClientError) as error:
        client("proton", retries={"mode": "standard", "total_max_attempts": 5}).get_account_settings()
    assert error.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "no longer available" in error.value.response["Error"]["Message"]
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert [call["status"] for call in emulator.calls()] == [403]
    client("iam").list_roles()  # IAM still answers


def test_iam_propagation_delays_protons_view_of_a_new_role(client, emulator, trust_policy):
    emulator.set_faults(iam_propagation_seconds=1)
    client("iam").create_role(RoleName="Fresh", AssumeRolePolicyDocument=trust_policy)
    proton = client("proton")
    with pytest.raises(ClientError) as error:
        proton.update_account_settings(pipelineServiceRoleArn=role_arn("Fresh"))
    assert error.value.response["Error"]["Code"] == "ValidationException"
    time.sleep(1.1)
    assert proton.update_account_settings(pipelineServiceRoleArn=role_arn("Fresh"))["accountSettings"]
