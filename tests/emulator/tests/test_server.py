"""The server process, the control API, the call log, and the launchers for tests and the Makefile."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from proton_emulator.testing import EMULATOR_PATH, is_write, start_emulator, write_calls

ACCOUNT = "123456789012"


def test_call_log_records_every_request_in_order(client, emulator, trust_policy):
    iam = client("iam")
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy)
    with pytest.raises(ClientError):
        iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy)
    client("sts").get_caller_identity()
    client("proton").get_account_settings()
    client("sso-admin").list_instances()
    assert emulator.calls() == [
        {"service": "iam", "operation": "CreateRole", "status": 200, "account": ACCOUNT},
        {"service": "iam", "operation": "CreateRole", "status": 409, "account": ACCOUNT},
        {"service": "sts", "operation": "GetCallerIdentity", "status": 200, "account": ACCOUNT},
        {"service": "proton", "operation": "GetAccountSettings", "status": 200, "account": ACCOUNT},
        {"service": "sso", "operation": "ListInstances", "status": 200, "account": ACCOUNT},
    ]
    assert [call["operation"] for call in write_calls(emulator.calls())] == ["CreateRole", "CreateRole"]


def test_reset_forgets_everything(client, emulator, trust_policy):
    client("iam").create_role(RoleName="R", AssumeRolePolicyDocument=trust_policy)
    client("proton").update_account_settings(pipelineServiceRoleArn="arn:aws:iam::%s:role/R" % ACCOUNT)
    emulator.set_faults(iam_propagation_seconds=30)
    emulator.reset()
    assert emulator.calls() == []
    assert emulator.faults()["iam_propagation_seconds"] == 0
    assert client("iam").list_roles()["Roles"] == []
    assert client("proton").get_account_settings()["accountSettings"] == {}


def test_organizations_is_served_by_moto(client):
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    assert organizations.describe_organization()["Organization"]["MasterAccountId"] == ACCOUNT


def test_unimplemented_moto_operation_is_not_retried(client, emulator):
    with pytest.raises(ClientError) as error:
        client("iam", retries={"mode": "standard", "total_max_attempts": 5}).simulate_principal_policy(
            PolicySourceArn="arn:aws:iam::%s:role/R" % ACCOUNT, ActionNames=["s3:GetObject"])
    assert error.value.response["Error"]["Code"] == "InvalidAction"
    assert len(emulator.calls()) == 1


def test_unknown_service_is_refused(client, emulator):
    with pytest.raises(ClientError) as error:
        client("s3", retries={"mode": "standard", "total_max_attempts": 5}).list_buckets()
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert emulator.calls() == [{"service": "s3", "operation": None, "status": 400, "account": ACCOUNT}]


def test_control_api_unknown_endpoint(emulator):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(emulator.url + "/_emulator/nothing")
    assert error.value.code == 404


@pytest.mark.parametrize("operation, write", [
    ("CreateRole", True), ("UpdateAccountSettings", True), ("PutRolePolicy", True), ("ProvisionPermissionSet", True),
    ("GetRole", False), ("ListRoles", False), ("DescribePermissionSet", False), ("GetCallerIdentity", False),
    ("AssumeRole", False), ("IsMemberInGroups", False), ("SimulatePrincipalPolicy", False),
])
def test_is_write(operation, write):
    assert is_write(operation) is write


def test_startup_is_fast_and_sigterm_exits_cleanly(tmp_path):
    started = time.monotonic()
    emulator = start_emulator(log_path=tmp_path / "log")
    startup = time.monotonic() - started
    assert startup < 2, "startup took %.2fs" % startup
    urllib.request.urlopen(emulator.url + "/_emulator/calls").read()
    emulator.process.send_signal(signal.SIGTERM)
    assert emulator.process.wait(10) == 0
    assert emulator.stop() == 0
    assert "Traceback" not in emulator.output()


def test_sigint_exits_cleanly_and_log_is_written(tmp_path):
    log = tmp_path / "requests.log"
    emulator = start_emulator(log_path=log)
    request = urllib.request.Request(emulator.url + "/", data=b"Action=GetCallerIdentity&Version=2011-06-15",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/"
                                                               "20260101/us-east-1/sts/aws4_request, "
                                                               "SignedHeaders=host, Signature=0"})
    urllib.request.urlopen(request).read()
    emulator.process.send_signal(signal.SIGINT)
    assert emulator.process.wait(10) == 0
    emulator.stop()
    assert "sts GetCallerIdentity 200 account=%s" % ACCOUNT in log.read_text()
    assert emulator.output().splitlines() == ["LISTENING " + emulator.url]  # requests logged to the file only


def test_environment_sets_initial_faults():
    with start_emulator(env={"EMULATOR_THROTTLE_RATE": "0.25", "EMULATOR_SEED": "3",
                             "EMULATOR_PROTON_AVAILABLE": "false"}) as emulator:
        assert emulator.faults() == {"throttle_rate": 0.25, "error_rate": 0.0, "iam_propagation_seconds": 0.0,
                                     "seed": 3, "proton_available": False, "sso_async_polls": 1,
                                     "sso_async_seconds": 5.0, "sso_instance_enabled": True,
                                     "organizations_page_size": 0, "organizations_empty_pages": False,
                                     "iam_concurrent_rate": 0.0}


def test_ctl_start_and_stop(tmp_path):
    state = tmp_path / "state"
    environ = dict(os.environ, PYTHONPATH=EMULATOR_PATH)

    def ctl(*args):
        return subprocess.run([sys.executable, "-m", "proton_emulator.ctl", *args, "--state-dir", str(state)],
                              env=environ, capture_output=True, text=True, timeout=30)

    started = ctl("start")
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    assert url == (state / "url").read_text().strip() and url.startswith("http://127.0.0.1:")
    assert ctl("start").stdout.strip() == url  # already running: same server
    with urllib.request.urlopen(url + "/_emulator/faults") as response:
        assert json.loads(response.read())["proton_available"] is True
    pid = int((state / "pid").read_text())
    assert ctl("stop").returncode == 0
    assert not (state / "pid").exists()
    with pytest.raises(ProcessLookupError):
        _wait_gone(pid)
    assert ctl("stop").returncode == 0  # already stopped: not an error
    assert "LISTENING" in (state / "server.log").read_text()


def _wait_gone(pid):
    """Raise ProcessLookupError once `pid` has exited (it is not our child: init reaps it)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        os.kill(pid, 0)
        time.sleep(0.05)

