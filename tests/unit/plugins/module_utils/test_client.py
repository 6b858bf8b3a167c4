# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import os
from pathlib import Path

import pytest

botocore = pytest.importorskip("botocore")
pytest.importorskip("boto3")

from botocore.stub import Stubber  # noqa: E402  (after the importorskip guards)

from ansible_collections.awsops.proton.plugins.module_utils._aws import client as client_utils  # noqa: E402
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import (  # noqa: E402
    AWSAPIError,
    ParameterError,
    ProtonCollectionError,
)


@pytest.fixture(autouse=True)
def clean_aws_environment(monkeypatch, tmp_path):
    """No AWS settings from the machine running the tests; dummy credentials; empty config files."""
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    config = tmp_path / "config"
    config.write_text("")
    credentials = tmp_path / "credentials"
    credentials.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    return config


def make_client(service="iam", **params):
    session = client_utils.build_session(params)
    return client_utils.build_client(session, service, params)


def effective_retries(aws_client):
    """What botocore will actually do: its resolved retry settings."""
    return aws_client.raw.meta.config.retries


# --- retry configuration ---------------------------------------------------------------------

def test_defaults_are_standard_mode_with_ten_attempts_in_total():
    assert client_utils.retry_config() == {"mode": "standard", "total_max_attempts": 10}
    assert effective_retries(make_client()) == {"mode": "standard", "total_max_attempts": 10}


def test_aws_max_attempts_is_honoured(monkeypatch):
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "3")
    assert client_utils.retry_config() == {"mode": "standard"}
    assert effective_retries(make_client()) == {"mode": "standard", "total_max_attempts": 3}


def test_aws_retry_mode_is_honoured(monkeypatch):
    monkeypatch.setenv("AWS_RETRY_MODE", "adaptive")
    assert client_utils.retry_config() == {"total_max_attempts": 10}
    assert effective_retries(make_client()) == {"mode": "adaptive", "total_max_attempts": 10}


def test_both_environment_variables_leave_botocore_in_charge(monkeypatch):
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    assert client_utils.retry_config() == {}
    assert effective_retries(make_client()) == {"mode": "legacy", "total_max_attempts": 2}


def test_profile_config_file_settings_are_honoured(clean_aws_environment):
    clean_aws_environment.write_text("[profile slow]\nretry_mode = adaptive\nmax_attempts = 4\n")
    aws_client = make_client(profile="slow")
    assert effective_retries(aws_client) == {"mode": "adaptive", "total_max_attempts": 4}


def test_aws_config_retries_win(monkeypatch):
    # botocore's Config max_attempts counts retries, not attempts: 4 retries = 5 attempts.
    aws_client = make_client(aws_config={"retries": {"mode": "legacy", "max_attempts": 4}})
    assert effective_retries(aws_client) == {"mode": "legacy", "total_max_attempts": 5}
    aws_client = make_client(aws_config={"retries": {"total_max_attempts": 6}})
    assert effective_retries(aws_client) == {"mode": "standard", "total_max_attempts": 6}
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    aws_client = make_client(aws_config={"retries": {"max_attempts": 7}})
    assert effective_retries(aws_client)["total_max_attempts"] == 8


def test_aws_config_other_settings_reach_botocore():
    params = {"aws_config": {"connect_timeout": 7, "read_timeout": 9}}
    aws_client = make_client(**params)
    assert aws_client.raw.meta.config.connect_timeout == 7
    assert aws_client.raw.meta.config.read_timeout == 9
    assert params == {"aws_config": {"connect_timeout": 7, "read_timeout": 9}}


def test_every_client_names_the_collection_in_its_user_agent():
    aws_client = make_client()
    assert aws_client.raw.meta.config.user_agent_extra == "awsops.proton/" + client_utils.COLLECTION_VERSION
    own = make_client(aws_config={"user_agent_extra": "my-pipeline/2"})
    assert own.raw.meta.config.user_agent_extra == "my-pipeline/2 awsops.proton/" + client_utils.COLLECTION_VERSION


def test_the_user_agent_version_is_the_collections():
    galaxy = Path(__file__).resolve().parents[4] / "galaxy.yml"
    versions = [line.split(":", 1)[1].strip() for line in galaxy.read_text().splitlines()
                if line.startswith("version:")]
    assert versions == [client_utils.COLLECTION_VERSION]


# --- session, region, endpoint ---------------------------------------------------------------

def test_region_from_params_then_session_and_none_guessed_for_regional_services(monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    for service in ("sso-admin", "identitystore", "proton"):
        with pytest.raises(ParameterError) as error:
            make_client(service)
        assert error.value.option == "region" and "no region is guessed" in error.value.message
        assert "admin_user_sso_region" in error.value.message
    assert make_client("iam").region in ("us-east-1", "aws-global") and make_client("sts").region == "us-east-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert make_client("sso-admin").region == "eu-west-1"
    assert make_client("sso-admin", region="ap-southeast-2").region == "ap-southeast-2"


def test_endpoint_url_is_used():
    aws_client = make_client("iam", endpoint_url="http://127.0.0.1:5999")
    assert aws_client.raw.meta.endpoint_url == "http://127.0.0.1:5999"
    assert aws_client.service == "iam"


def test_explicit_credentials_are_used():
    session = client_utils.build_session({"access_key": "AKIAEXPLICIT", "secret_key": "s", "session_token": "t"})
    credentials = session.get_credentials()
    assert (credentials.access_key, credentials.secret_key, credentials.token) == ("AKIAEXPLICIT", "s", "t")


def test_a_token_without_keys_comes_with_the_environments_keys(monkeypatch):
    # AWX's AWS credential sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SECURITY_TOKEN; the token reaches
    # session_token through its env fallback while the keys are left to boto3.
    monkeypatch.setenv("AWS_SECURITY_TOKEN", "token-from-awx")
    session = client_utils.build_session({"session_token": "token-from-awx"})
    credentials = session.get_credentials()
    assert (credentials.access_key, credentials.secret_key, credentials.token) == (
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "token-from-awx")


def test_unknown_profile_is_a_collection_error():
    with pytest.raises(ProtonCollectionError) as caught:
        client_utils.build_session({"profile": "does-not-exist"})
    assert "Cannot create an AWS session" in caught.value.message
    assert "does-not-exist" in caught.value.message


def test_unknown_service_is_a_collection_error():
    session = client_utils.build_session({})
    with pytest.raises(ProtonCollectionError) as caught:
        client_utils.build_client(session, "no-such-service", {})
    assert "Cannot create the no-such-service client" in caught.value.message


# --- AWSClient: calls, pagination, error translation (botocore's Stubber) --------------------

@pytest.fixture
def iam():
    aws_client = make_client("iam")
    with Stubber(aws_client.raw) as stubber:
        yield aws_client, stubber
        stubber.assert_no_pending_responses()


ROLE = {"Path": "/", "RoleName": "r", "RoleId": "AROAEXAMPLEEXAMPLE123", "Arn": "arn:aws:iam::123456789012:role/r",
        "CreateDate": "2024-01-01T00:00:00Z"}


def test_call_by_api_operation_name(iam):
    aws_client, stubber = iam
    stubber.add_response("get_role", {"Role": ROLE}, {"RoleName": "r"})
    assert aws_client.call("GetRole", RoleName="r")["Role"]["RoleName"] == "r"


def test_client_error_becomes_aws_api_error(iam):
    aws_client, stubber = iam
    stubber.add_client_error("create_role", service_error_code="EntityAlreadyExists",
                             service_message="Role with name r already exists.", http_status_code=409)
    with pytest.raises(AWSAPIError) as caught:
        aws_client.call("CreateRole", RoleName="r", AssumeRolePolicyDocument="{}")
    error = caught.value
    assert error.operation == "CreateRole"
    assert error.code == "EntityAlreadyExists"
    assert error.aws_message == "Role with name r already exists."
    assert error.status == 409
    assert error.service == "iam"
    assert error.is_code("NoSuchEntity", "EntityAlreadyExists")
    assert not error.is_code("NoSuchEntity")
    assert error.message == "CreateRole failed: EntityAlreadyExists: Role with name r already exists."


def test_botocore_error_becomes_aws_api_error():
    aws_client = make_client("iam", endpoint_url="http://127.0.0.1:9")  # never reached
    with pytest.raises(AWSAPIError) as caught:
        aws_client.call("GetRole")  # RoleName missing: botocore refuses before sending
    assert caught.value.code == "ParamValidationError"
    assert "RoleName" in caught.value.aws_message
    assert caught.value.status is None
    assert caught.value.operation == "GetRole"


def test_get_or_none(iam):
    aws_client, stubber = iam
    stubber.add_client_error("get_role", service_error_code="NoSuchEntity", http_status_code=404)
    stubber.add_response("get_role", {"Role": ROLE})
    stubber.add_client_error("get_role", service_error_code="AccessDenied", http_status_code=403)
    assert aws_client.get_or_none("GetRole", RoleName="r") is None
    assert aws_client.get_or_none("GetRole", RoleName="r")["Role"]["Arn"] == ROLE["Arn"]
    with pytest.raises(AWSAPIError) as caught:
        aws_client.get_or_none("GetRole", RoleName="r")
    assert caught.value.code == "AccessDenied"


def test_get_or_none_with_other_not_found_codes(iam):
    aws_client, stubber = iam
    stubber.add_client_error("get_role", service_error_code="Gone", http_status_code=404)
    assert aws_client.get_or_none("GetRole", not_found_codes=("Gone",), RoleName="r") is None


def test_paginate_collects_every_page(iam):
    aws_client, stubber = iam
    stubber.add_response("list_roles", {"Roles": [ROLE], "IsTruncated": True, "Marker": "m1"}, {})
    stubber.add_response("list_roles", {"Roles": [dict(ROLE, RoleName="s")], "IsTruncated": False},
                         {"Marker": "m1"})
    roles = aws_client.paginate("ListRoles", "Roles")
    assert [r["RoleName"] for r in roles] == ["r", "s"]


def test_paginate_translates_errors(iam):
    aws_client, stubber = iam
    stubber.add_client_error("list_attached_role_policies", service_error_code="NoSuchEntity",
                             service_message="The role with name r cannot be found.", http_status_code=404)
    with pytest.raises(AWSAPIError) as caught:
        aws_client.paginate("ListAttachedRolePolicies", "AttachedPolicies", RoleName="r")
    assert caught.value.operation == "ListAttachedRolePolicies"
    assert caught.value.code == "NoSuchEntity"


# --- the session's data loader ---------------------------------------------------------------


def test_the_data_loader_checks_one_service_without_listing_them_all(monkeypatch):
    session = client_utils.build_session({})
    loader = session.get_component("data_loader")
    listed = []
    real = os.listdir
    monkeypatch.setattr(os, "listdir", lambda path: listed.append(path) or real(path))
    assert "iam" in loader.list_available_services("service-2")
    assert "no-such-service" not in loader.list_available_services("service-2")
    assert len(listed) <= 2 * len(loader.search_paths)
    # Iterating still gives botocore's full, sorted list (session.get_available_services).
    assert "sso-admin" in session.get_available_services() and len(session.get_available_services()) > 300


def test_aws_data_path_is_searched_first(monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    loader = client_utils.build_session({}).get_component("data_loader")
    assert loader.search_paths[0] == str(tmp_path)
