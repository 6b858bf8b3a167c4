# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWSClient.call retries IAM's ConcurrentModification (botocore's retry modes do not), bounded, with backoff."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("botocore")
pytest.importorskip("boto3")

from botocore.stub import Stubber  # noqa: E402  (after the importorskip guards)

from ansible_collections.awsops.proton.plugins.module_utils._aws import client as client_utils  # noqa: E402
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError  # noqa: E402

TRUST = '{"Version": "2012-10-17", "Statement": []}'
ROLE = {"Path": "/", "RoleName": "r", "RoleId": "AROAEXAMPLEEXAMPLE123", "Arn": "arn:aws:iam::123456789012:role/r",
        "CreateDate": "2024-01-01T00:00:00Z"}
CONCURRENT = dict(service_error_code="ConcurrentModification", http_status_code=409,
                  service_message="The request was rejected because multiple requests to change this object were "
                                  "submitted simultaneously. Wait a few minutes and submit your request again.")


@pytest.fixture(autouse=True)
def dummy_credentials(monkeypatch, tmp_path):
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    for name in ("config", "credentials"):
        (tmp_path / name).write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def stubbed(service, clock, region="us-east-1"):
    """(AWSClient on the fake ``clock``, its Stubber) for ``service``."""
    session = client_utils.build_session({})
    raw = client_utils.build_client(session, service, {"region": region}).raw
    return client_utils.AWSClient(raw, service, sleep=clock.sleep, clock=clock.clock), Stubber(raw)


def test_an_iam_write_is_retried_until_it_goes_through(clock):
    iam, stubber = stubbed("iam", clock)
    with stubber:
        stubber.add_client_error("create_role", **CONCURRENT)
        stubber.add_client_error("create_role", **CONCURRENT)
        stubber.add_response("create_role", {"Role": ROLE}, {"RoleName": "r", "AssumeRolePolicyDocument": TRUST})
        assert iam.call("CreateRole", RoleName="r", AssumeRolePolicyDocument=TRUST)["Role"]["RoleName"] == "r"
        stubber.assert_no_pending_responses()
    assert clock.sleeps == [0.5, 1.0]


def test_the_retry_is_bounded_and_then_raises_the_error_as_it_came(clock):
    iam, stubber = stubbed("iam", clock)
    attempts = []
    iam.raw.meta.events.register("before-parameter-build.iam.TagRole", lambda **kwargs: attempts.append(1))
    with stubber:
        for answer in [CONCURRENT] * 20:
            stubber.add_client_error("tag_role", **answer)
        with pytest.raises(AWSAPIError) as caught:
            iam.call("TagRole", RoleName="r", Tags=[{"Key": "k", "Value": "v"}])
    assert caught.value.code == "ConcurrentModification" and caught.value.status == 409
    assert caught.value.operation == "TagRole" and caught.value.service == "iam"
    # 0.5, 1, 2, 4, 8, then the 10 s cap; the next wait would end past the 30 s bound.
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0]
    assert sum(clock.sleeps) <= client_utils.CONFLICT_RETRY_TIMEOUT
    assert len(attempts) == 7


@pytest.mark.parametrize("code, status", [("EntityAlreadyExists", 409), ("DeleteConflict", 409),
                                          ("NoSuchEntity", 404), ("LimitExceeded", 409)])
def test_other_iam_errors_are_not_retried(code, status, clock):
    iam, stubber = stubbed("iam", clock)
    with stubber:
        stubber.add_client_error("delete_role", service_error_code=code, http_status_code=status)
        with pytest.raises(AWSAPIError) as caught:
            iam.call("DeleteRole", RoleName="r")
        stubber.assert_no_pending_responses()
    assert caught.value.code == code and clock.sleeps == []


def test_other_services_conflicts_are_left_to_their_callers(clock):
    # Identity Center's ConflictException is retried where its meaning is known (_identity_center), not here.
    sso, stubber = stubbed("sso-admin", clock)
    with stubber:
        stubber.add_client_error("provision_permission_set", service_error_code="ConflictException",
                                 http_status_code=409)
        with pytest.raises(AWSAPIError) as caught:
            sso.call("ProvisionPermissionSet", InstanceArn="arn:aws:sso:::instance/ssoins-0123456789abcdef",
                     PermissionSetArn="arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef",
                     TargetType="ALL_PROVISIONED_ACCOUNTS")
        stubber.assert_no_pending_responses()
    assert caught.value.code == "ConflictException" and clock.sleeps == []


def test_clients_from_build_client_retry_iam_conflicts():
    sleeps = []
    session = client_utils.build_session({})
    iam = client_utils.build_client(session, "iam", {})
    iam._sleep = sleeps.append  # not to wait for real
    with Stubber(iam.raw) as stubber:
        stubber.add_client_error("delete_role_policy", **CONCURRENT)
        stubber.add_response("delete_role_policy", {}, {"RoleName": "r", "PolicyName": "p"})
        iam.call("DeleteRolePolicy", RoleName="r", PolicyName="p")
        stubber.assert_no_pending_responses()
    assert sleeps == [0.5]
