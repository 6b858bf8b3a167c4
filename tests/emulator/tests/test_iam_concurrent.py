"""Injected ConcurrentModification (iam_concurrent_rate): IAM writes only, HTTP 409, no state touched, not retried
by botocore's standard mode."""

import pytest
from botocore.exceptions import ClientError

from proton_emulator.testing import start_emulator

NO_RETRY = {"mode": "standard", "total_max_attempts": 1}
THREE_ATTEMPTS = {"mode": "standard", "total_max_attempts": 3}


def test_every_iam_write_gets_concurrent_modification_and_changes_nothing(client, emulator, trust_policy):
    emulator.set_faults(iam_concurrent_rate=1.0)
    iam = client("iam", retries=NO_RETRY)
    with pytest.raises(ClientError) as error:
        iam.create_role(RoleName="Racing", AssumeRolePolicyDocument=trust_policy)
    assert error.value.response["Error"]["Code"] == "ConcurrentModification"
    assert error.value.response["Error"]["Message"].startswith(
        "The request was rejected because multiple requests to change this object were submitted simultaneously.")
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    # Reads of IAM and writes of other services are not affected.
    assert iam.list_roles()["Roles"] == []
    assert iam.get_account_summary()["SummaryMap"]
    client("proton", retries=NO_RETRY).get_account_settings()
    client("sso-admin", retries=NO_RETRY).list_instances()
    emulator.set_faults(iam_concurrent_rate=0.0)
    assert iam.list_roles()["Roles"] == []
    assert [(call["operation"], call["status"]) for call in emulator.calls()] == [
        ("CreateRole", 409), ("ListRoles", 200), ("GetAccountSummary", 200), ("GetAccountSettings", 200),
        ("ListInstances", 200), ("ListRoles", 200)]


def test_botocore_standard_mode_does_not_retry_it(client, emulator, trust_policy):
    emulator.set_faults(iam_concurrent_rate=1.0)
    with pytest.raises(ClientError) as error:
        client("iam", retries=THREE_ATTEMPTS).create_role(RoleName="Racing", AssumeRolePolicyDocument=trust_policy)
    assert error.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert len(emulator.calls()) == 1


def test_a_seeded_rate_is_reproducible_and_partial(client, emulator):
    def statuses():
        emulator.reset()
        emulator.set_faults(iam_concurrent_rate=0.5, seed=5)
        iam = client("iam", retries=NO_RETRY)
        for index in range(12):
            try:
                iam.create_user(UserName="user-%d" % index)
            except ClientError as error:
                assert error.response["Error"]["Code"] == "ConcurrentModification"
        created = {user["UserName"] for user in iam.list_users()["Users"]}
        calls = emulator.calls()[:-1]
        assert created == {"user-%d" % i for i, call in enumerate(calls) if call["status"] == 200}
        return [call["status"] for call in calls]

    first = statuses()
    assert first == statuses()
    assert set(first) == {200, 409}


@pytest.mark.parametrize("value", [1.5, -0.1, "often"])
def test_bad_rates_are_refused(emulator, value):
    with pytest.raises(Exception) as error:
        emulator.set_faults(iam_concurrent_rate=value)
    assert "400" in str(error.value)


def test_the_environment_sets_the_rate():
    with start_emulator(env={"EMULATOR_IAM_CONCURRENT_RATE": "0.2"}) as emulator:
        assert emulator.faults()["iam_concurrent_rate"] == 0.2
