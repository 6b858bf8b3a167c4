"""Injected throttling and server errors: each service's own error, retried by botocore, no state touched."""

from types import SimpleNamespace

import pytest
from botocore.exceptions import ClientError
from botocore.retries import standard

NO_RETRY = {"mode": "standard", "total_max_attempts": 1}
ONE_RETRY = {"mode": "standard", "total_max_attempts": 2}


def test_full_throttling_gives_each_services_throttling_error(client, emulator):
    emulator.set_faults(throttle_rate=1.0)
    operations = {"iam": ("list_roles", "Throttling"), "sts": ("get_caller_identity", "Throttling"),
                  "proton": ("get_account_settings", "ThrottlingException"),
                  "sso-admin": ("list_instances", "ThrottlingException"),
                  "identitystore": ("list_users", "ThrottlingException"),
                  "organizations": ("describe_organization", "TooManyRequestsException")}
    for service, (operation, code) in operations.items():
        with pytest.raises(ClientError) as error:
            kwargs = {"IdentityStoreId": "d-0123456789"} if service == "identitystore" else {}
            getattr(client(service, retries=NO_RETRY), operation)(**kwargs)
        assert error.value.response["Error"]["Code"] == code
        assert error.value.response["Error"]["Message"] == "Rate exceeded"
        assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert [call["status"] for call in emulator.calls()] == [400] * len(operations)


def botocore_verdict(client, error, operation):
    """(is it throttling?, is it retryable?) as botocore's standard retry mode judges the error."""
    response = error.value.response
    context = standard.RetryContext(
        attempt_number=1, operation_model=client.meta.service_model.operation_model(operation),
        parsed_response=response,
        http_response=SimpleNamespace(status_code=response["ResponseMetadata"]["HTTPStatusCode"]))
    return (standard.ThrottledRetryableChecker().is_retryable(context),
            standard.StandardRetryConditions().is_retryable(context))


@pytest.mark.parametrize("service, method, operation", [
    ("iam", "list_roles", "ListRoles"), ("proton", "get_account_settings", "GetAccountSettings"),
    ("organizations", "describe_organization", "DescribeOrganization")])
def test_botocore_classifies_injected_throttling_as_throttling(client, emulator, service, method, operation):
    emulator.set_faults(throttle_rate=1.0)
    api = client(service, retries=NO_RETRY)
    with pytest.raises(ClientError) as error:
        getattr(api, method)()
    assert botocore_verdict(api, error, operation) == (True, True)


def test_botocore_does_not_retry_unimplemented_operations(client):
    proton = client("proton", retries=NO_RETRY)
    with pytest.raises(ClientError) as error:
        proton.list_environments()
    assert botocore_verdict(proton, error, "ListEnvironments") == (False, False)


def test_botocore_retries_throttling(client, emulator):
    emulator.set_faults(throttle_rate=1.0)
    with pytest.raises(ClientError) as error:
        client("iam", retries=ONE_RETRY).list_roles()
    assert error.value.response["ResponseMetadata"]["RetryAttempts"] == 1
    assert len(emulator.calls()) == 2


def test_partial_throttling_is_absorbed_by_standard_retries(client, emulator, trust_policy):
    emulator.set_faults(throttle_rate=0.3, seed=7)
    iam = client("iam")
    iam.create_role(RoleName="First", AssumeRolePolicyDocument=trust_policy)
    iam.create_role(RoleName="Second", AssumeRolePolicyDocument=trust_policy)
    assert len(iam.list_roles()["Roles"]) == 2
    # seed 7 draws 0.32, 0.15, 0.65, 0.07, 0.54: the 2nd and 4th requests are throttled, then retried.
    assert [call["status"] for call in emulator.calls()] == [200, 400, 200, 400, 200]


def test_a_seed_makes_faults_reproducible(client, emulator):
    def statuses():
        emulator.reset()
        emulator.set_faults(throttle_rate=0.3, error_rate=0.2, seed=11)
        sts = client("sts", retries=NO_RETRY)
        for _ in range(15):
            try:
                sts.get_caller_identity()
            except ClientError:
                pass
        return [call["status"] for call in emulator.calls()]

    first = statuses()
    assert first == statuses()
    assert {200, 400} <= set(first) and set(first) & {500, 503}


def test_server_errors_are_retried_and_change_nothing(client, emulator, trust_policy):
    emulator.set_faults(error_rate=1.0)
    with pytest.raises(ClientError) as error:
        client("iam", retries=NO_RETRY).create_role(RoleName="Never", AssumeRolePolicyDocument=trust_policy)
    assert error.value.response["Error"]["Code"] in ("InternalFailure", "ServiceUnavailable")
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] in (500, 503)
    with pytest.raises(ClientError) as error:
        client("proton", retries=ONE_RETRY).get_account_settings()
    assert error.value.response["ResponseMetadata"]["RetryAttempts"] == 1
    assert [call["status"] in (500, 503) for call in emulator.calls()] == [True] * 3

    emulator.set_faults(error_rate=0.0)
    assert client("iam").list_roles()["Roles"] == []


# IAM Identity Center settings (tested in test_sso_async.py and test_sso_instance_switch.py).
SSO_DEFAULTS = {"sso_async_polls": 1, "sso_async_seconds": 5.0, "sso_instance_enabled": True}
# Organizations' paging settings (tested in test_organizations.py).
ORGANIZATIONS_DEFAULTS = {"organizations_page_size": 0, "organizations_empty_pages": False}
# IAM's ConcurrentModification (tested in test_iam_concurrent.py).
IAM_CONCURRENT_DEFAULTS = {"iam_concurrent_rate": 0.0}


def test_fault_settings_round_trip_and_reset(emulator):
    settings = emulator.set_faults(throttle_rate=0.5, iam_propagation_seconds=20, proton_available=False)
    assert settings == emulator.faults() == {"throttle_rate": 0.5, "error_rate": 0.0, "iam_propagation_seconds": 20.0,
                                             "seed": None, "proton_available": False, **SSO_DEFAULTS, **ORGANIZATIONS_DEFAULTS,
                                             **IAM_CONCURRENT_DEFAULTS}
    emulator.reset()
    assert emulator.faults() == {"throttle_rate": 0.0, "error_rate": 0.0, "iam_propagation_seconds": 0.0,
                                 "seed": None, "proton_available": True, **SSO_DEFAULTS, **ORGANIZATIONS_DEFAULTS,
                                 **IAM_CONCURRENT_DEFAULTS}


@pytest.mark.parametrize("settings", [{"throttle_rate": 2}, {"error_rate": -0.1}, {"bogus": 1},
                                      {"proton_available": "maybe"}, {"seed": "x"}])
def test_bad_fault_settings_are_refused(emulator, settings):
    with pytest.raises(Exception) as error:
        emulator.set_faults(**settings)
    assert "400" in str(error.value)
