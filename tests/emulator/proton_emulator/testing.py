"""Start the emulator from tests and talk to its control API (stdlib only: no moto import here;
``seed_organization`` imports boto3 when called).

    from proton_emulator.testing import start_emulator, write_calls

    with start_emulator(log_path="requests.log") as emulator:
        # point boto3 / ansible at emulator.url (AWS_ENDPOINT_URL)
        emulator.reset()
        emulator.set_faults(throttle_rate=0.3, seed=7)
        assert not write_calls(emulator.calls())
        org = seed_organization(emulator.url, ["Workloads/Prod", "Workloads/Dev"], 6)
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

EMULATOR_PATH = str(Path(__file__).resolve().parent.parent)

# Operations that read, or only hand out credentials or reports (AssumeRole*, Generate*Report...):
# they change no AWS resource. Everything else is a write.
READ_OPERATION = re.compile(r"(Get|List|Describe|Search|Simulate|Is|AssumeRole|Generate)(?=[A-Z]|$)")


def is_write(operation):
    """Whether an operation can change AWS resources (anything but a READ_OPERATION)."""
    return not READ_OPERATION.match(operation)


def write_calls(calls):
    """The entries of a call log whose operation is a write."""
    return [call for call in calls if call["operation"] and is_write(call["operation"])]


class Emulator:
    """A running emulator process and a client of its control API."""

    def __init__(self, process, url, output_path):
        self.process = process
        self.url = url
        self._output_path = output_path
        self._final_output = None

    def calls(self):
        return self._control("GET", "calls")

    def user_agents(self):
        """The User-Agent header of each call of ``calls()``, in the same order."""
        return self._control("GET", "user-agents")

    def reset(self):
        self._control("POST", "reset")

    def faults(self):
        return self._control("GET", "faults")

    def set_faults(self, **settings):
        return self._control("POST", "faults", settings)

    def stop(self, timeout=10):
        """SIGTERM, wait, and return the exit status (SIGKILL if it does not stop in time)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._final_output is None:
            self._final_output = _read(self._output_path)
            os.unlink(self._output_path)
        return self.process.returncode

    def output(self):
        """What the process wrote to stdout and stderr (so far, or until it stopped)."""
        return self._final_output if self._final_output is not None else _read(self._output_path)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _control(self, method, name, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request("%s/_emulator/%s" % (self.url, name), data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


def start_emulator(log_path=None, env=None, timeout=10):
    """Start `python -m proton_emulator --port 0`; return an Emulator once it is LISTENING.

    stdout and stderr go to a temporary file (Emulator.output()), never to a pipe; `env` adds to
    os.environ (e.g. {"EMULATOR_THROTTLE_RATE": "0.2"}).
    """
    handle, output_path = tempfile.mkstemp(prefix="proton-emulator-", suffix=".out")
    command = [sys.executable, "-m", "proton_emulator", "--host", "127.0.0.1", "--port", "0"]
    if log_path:
        command += ["--log", str(log_path)]
    with os.fdopen(handle, "ab") as output:
        process = subprocess.Popen(command, stdout=output, stderr=output, stdin=subprocess.DEVNULL,
                                   env=_environment(env))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        url = _listening_url(_read(output_path))
        if url:
            return Emulator(process, url, output_path)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    process.wait()
    text = _read(output_path)
    os.unlink(output_path)
    raise RuntimeError("the emulator did not start within %ss (exit %s):\n%s" % (timeout, process.returncode, text))


def _environment(extra):
    environ = dict(os.environ)
    environ.update(extra or {})
    paths = [EMULATOR_PATH] + [p for p in environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    environ["PYTHONPATH"] = os.pathsep.join(paths)
    return environ


def _read(path):
    with open(path, "rb") as output:
        return output.read().decode(errors="replace")


def _listening_url(text):
    for line in text.splitlines():
        if line.startswith("LISTENING "):
            return line.split()[1]
    return None


# The dummy credentials the tests use; the emulator maps unknown access keys to its default account
# (123456789012), which becomes the management account.
SEED_CREDENTIALS = {"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
                    "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
SEED_OTHER_ROLE = "ProtonSeedNoAccessRole"


def seed_organization(url, ous=("Workloads/Prod", "Workloads/Dev"), accounts_per_ou=6, without_role=0, suspended=0,
                      credentials=None, region="us-east-1", name_prefix=""):
    """Create an Organization on the emulator at ``url`` and fill it; return what was made.

    - The Organization is created from the account of ``credentials`` (default: the dummy keys the
      tests use, i.e. the emulator's default account 123456789012), which becomes its management
      account. The emulator must not have one yet (reset it first).
    - ``ous``: OU paths below the root, e.g. ``["Workloads/Prod", "Workloads/Dev"]`` (intermediate OUs
      are created once) or ``["Sandbox", "Production"]``.
    - ``accounts_per_ou`` member accounts are created in each OU of ``ous`` (moto's CreateAccount, which
      creates ``OrganizationAccountAccessRole`` in the new account trusting the management account),
      then moved there. Names are ``<prefix><ou path, lower case, "-" joined>-<nn>`` (e.g.
      ``workloads-prod-01``), emails ``<name>@example.com``.
    - ``without_role``: that many of them (the last of each OU in turn) are created with
      ``RoleName=ProtonSeedNoAccessRole`` instead, so they lack ``OrganizationAccountAccessRole``, as an
      invited account does.
    - ``suspended``: that many others (the first of each OU in turn) are closed (CloseAccount), which
      leaves them in the Organization with ``State`` SUSPENDED.

    Plain boto3 calls, no retries beyond botocore's defaults: 2 + one per OU + 2 per account (+1 closed) requests
    (100 accounts in 2 OUs: about 15 s on the emulator, most of it moto creating each account's IAM).

    Returns a dict::

        {"management_account_id": "123456789012", "organization_id": "o-...", "root_id": "r-...",
         "ous": {"Root": "r-...", "Root/Workloads": "ou-...", "Root/Workloads/Prod": "ou-...", ...},
         "accounts": [{"id", "name", "email", "ou_path": "Root/Workloads/Prod", "parent_id",
                       "role_name": "OrganizationAccountAccessRole" or None, "state": "ACTIVE"|"SUSPENDED"}, ...]}

    ``accounts`` lists the members only, in creation order (OU by OU).
    """
    import boto3  # here, not at the top: the rest of this file needs nothing but the standard library

    client = boto3.client("organizations", endpoint_url=url, region_name=region, **(credentials or SEED_CREDENTIALS))
    organization = client.create_organization(FeatureSet="ALL")["Organization"]
    root_id = client.list_roots()["Roots"][0]["Id"]
    ou_ids = {"Root": root_id}
    for path in ous:
        parts = [part for part in path.split("/") if part]
        parent = "Root"
        for part in parts:
            current = parent + "/" + part
            if current not in ou_ids:
                ou_ids[current] = client.create_organizational_unit(
                    ParentId=ou_ids[parent], Name=part)["OrganizationalUnit"]["Id"]
            parent = current
    leaves = ["Root/" + "/".join(part for part in path.split("/") if part) for path in ous]
    plan = [(leaf, index) for leaf in leaves for index in range(1, accounts_per_ou + 1)]
    no_role = set(_spread(leaves, accounts_per_ou, without_role, from_end=True))
    closing = set(_spread(leaves, accounts_per_ou, suspended, from_end=False)) - no_role
    if len(no_role) < without_role or len(closing) < suspended:
        raise ValueError("without_role + suspended exceed the accounts to create")
    accounts = []
    for leaf, index in plan:
        name = "%s%s-%02d" % (name_prefix, "-".join(leaf.split("/")[1:]).lower(), index)
        role_name = None if (leaf, index) in no_role else "OrganizationAccountAccessRole"
        status = client.create_account(AccountName=name, Email=name + "@example.com",
                                       RoleName=role_name or SEED_OTHER_ROLE)["CreateAccountStatus"]
        while status["State"] == "IN_PROGRESS":
            time.sleep(0.05)
            status = client.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
        if status["State"] != "SUCCEEDED":
            raise RuntimeError("CreateAccount %s: %s" % (name, status))
        client.move_account(AccountId=status["AccountId"], SourceParentId=root_id, DestinationParentId=ou_ids[leaf])
        state = "ACTIVE"
        if (leaf, index) in closing:
            client.close_account(AccountId=status["AccountId"])
            state = "SUSPENDED"
        accounts.append({"id": status["AccountId"], "name": name, "email": name + "@example.com", "ou_path": leaf,
                         "parent_id": ou_ids[leaf], "role_name": role_name, "state": state})
    return {"management_account_id": organization["MasterAccountId"], "organization_id": organization["Id"],
            "root_id": root_id, "ous": ou_ids, "accounts": accounts}


def _spread(leaves, per_leaf, count, from_end):
    """``count`` (leaf, index) slots taken one OU at a time, from the first or the last index of each."""
    order = range(per_leaf, 0, -1) if from_end else range(1, per_leaf + 1)
    slots = [(leaf, index) for index in order for leaf in leaves]
    return slots[:count]
