"""A job as AWX / Ansible Automation Platform runs it: `ansible-runner run <private data dir> -p organization.yml`.

The private data directory is laid out as AWX lays it out for a job:
- project/         the job's playbook, importing the collection's (`ansible.builtin.import_playbook:
                   awsops.proton.organization`), as a project in source control would;
- inventory/       an `org.aws_organization.yml` source using the collection's inventory plugin (with `compose`);
- env/envvars      AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SECURITY_TOKEN, as AWX's "Amazon Web Services"
                   credential injects them, AWS_REGION and AWS_ENDPOINT_URL (the emulator), and ANSIBLE_COLLECTIONS_PATH
                   (in an execution environment, the image's collections path);
- env/extravars    the job's extra variables; env/cmdline `--forks 20` (the job template's forks); env/settings.
The collection is the one users get: built with ansible-galaxy and installed from the tarball, offline. The runner
process gets nothing else from the test's environment (no AWS_* or ANSIBLE_* variable, a temporary HOME).
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_command
from proton_emulator.testing import SEED_CREDENTIALS, seed_organization

BIN = Path(sys.executable).parent
FORKS = 20
JOB_ID = "42"
REGION = "us-east-1"
# The "STS Token" of AWX's "Amazon Web Services" credential, which AWX injects as AWS_SECURITY_TOKEN (not
# AWS_SESSION_TOKEN). The emulator does not check it; boto3 sends it with every request.
SECURITY_TOKEN = "FQoGZXIvYXdzEBYaDawxJobCredentialStsToken0123456789"
# Temporary credentials as STS (and the emulator) hands them out: access key ids ASIA..., session tokens of moto's
# shape. None of them, nor the job's secret key, may show in the job's output or events.
TEMPORARY_ACCESS_KEY = re.compile(r"ASIA[A-Z0-9]{16}")
SESSION_TOKEN = re.compile(r"FQoGZXIvYXdzEBYaD[A-Za-z0-9+/=]{20,}")
CREDENTIAL_OPTIONS = {"access_key", "secret_key", "session_token"}


@pytest.fixture(scope="module")
def installed_collections(tmp_path_factory):
    """A collections path holding awsops.proton installed from its freshly built tarball (--offline, --no-deps)."""
    root = tmp_path_factory.mktemp("runner-collections")
    env = _process_env(root)
    run_command([BIN / "ansible-galaxy", "collection", "build", "--output-path", root / "dist", REPO], root, env)
    tarballs = list((root / "dist").glob("awsops-proton-*.tar.gz"))
    assert len(tarballs) == 1, tarballs
    run_command([BIN / "ansible-galaxy", "collection", "install", tarballs[0], "-p", root / "collections", "--no-deps",
                 "--offline"], root, env)
    assert (root / "collections" / "ansible_collections" / "awsops" / "proton" / "MANIFEST.json").is_file()
    return root / "collections"


def _process_env(home):
    """What the runner process itself gets: the venv's tools on PATH, a temporary HOME, nothing else of ours."""
    return {"PATH": "{0}{1}{2}".format(BIN, os.pathsep, os.environ.get("PATH", "/usr/bin:/bin")),
            "HOME": str(home), "LANG": "C.UTF-8"}


def _private_data_dir(root, playbook, inventory, envvars, extravars):
    """Write AWX's layout: project/, inventory/, env/{envvars,extravars,cmdline,settings}."""
    for name in ("project", "inventory", "env"):
        (root / name).mkdir(parents=True)
    for name, text in playbook.items():
        (root / "project" / name).write_text(text)
    for name, text in inventory.items():
        (root / "inventory" / name).write_text(text)
    (root / "env" / "envvars").write_text(yaml.safe_dump(envvars))
    (root / "env" / "extravars").write_text(yaml.safe_dump(extravars))
    (root / "env" / "cmdline").write_text("--forks {0}".format(FORKS))
    (root / "env" / "settings").write_text(yaml.safe_dump({"job_timeout": 900, "idle_timeout": 600}))
    return root


def _run_job(private_data_dir, playbook):
    """ansible-runner run; returns (process, artifacts dir)."""
    home = private_data_dir.parent / "home"
    home.mkdir()
    proc = subprocess.run(
        [str(BIN / "ansible-runner"), "run", str(private_data_dir), "-p", playbook, "--ident", JOB_ID],
        env=_process_env(home), cwd=str(private_data_dir.parent), capture_output=True, text=True, timeout=900,
        check=False)
    return proc, private_data_dir / "artifacts" / JOB_ID


def _events(artifacts):
    """The job events, in order (the files are <counter>-<uuid>.json)."""
    files = sorted((artifacts / "job_events").glob("*.json"), key=lambda path: int(path.name.split("-", 1)[0]))
    return [json.loads(path.read_text()) for path in files]


def _leaks(text, secret):
    """Credentials found in text: the job's secret key, temporary access key ids, session tokens."""
    found = TEMPORARY_ACCESS_KEY.findall(text) + SESSION_TOKEN.findall(text)
    return found + ([secret] if secret in text else [])


def _assert_successful_job(proc, artifacts, hosts):
    details = "--- runner stdout ---\n{0}\n--- stderr ---\n{1}".format(proc.stdout[-15000:], proc.stderr[-3000:])
    assert proc.returncode == 0, details
    assert (artifacts / "rc").read_text().strip() == "0", details
    assert (artifacts / "status").read_text().strip() == "successful", details
    command = json.loads((artifacts / "command").read_text())
    assert command["command"][:3] == ["ansible-playbook", "--forks", str(FORKS)], command["command"]
    events = _events(artifacts)
    assert events[0]["event"] == "playbook_on_start" and events[-1]["event"] == "playbook_on_stats"
    stats = events[-1]["event_data"]
    assert set(stats["processed"]) == set(hosts), stats
    assert not stats["failures"] and not stats["dark"], stats
    ok_hosts = {event["event_data"].get("host") for event in events if event["event"] == "runner_on_ok"}
    assert set(hosts) <= ok_hosts, ok_hosts
    stdout = (artifacts / "stdout").read_text()
    for host in hosts:
        assert re.search(r"^{0}\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0".format(re.escape(host)),
                         stdout, re.M), stdout[-5000:]
    return events, stdout


def _assert_no_secrets(artifacts, events, stdout, secret):
    """Neither the job's secret key nor any temporary credential in stdout or any job event."""
    assert _leaks(stdout, secret) == []
    stderr = artifacts / "stderr"
    assert _leaks(stderr.read_text() if stderr.exists() else "", secret) == []
    for event in events:
        assert _leaks(json.dumps(event), secret) == [], (event["event"], event.get("counter"))
        # Credentials handed to a module (module_defaults) show in its invocation only masked.
        arguments = ((event["event_data"].get("res") or {}).get("invocation") or {}).get("module_args") or {}
        given = {name: value for name, value in arguments.items() if name in CREDENTIAL_OPTIONS and value}
        assert set(given.values()) <= {"VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"}, (event["event_data"].get("task"), given)
    # The check can fail: the runner's `command` artifact holds the job's environment (mode 0600; AWX deletes the
    # private data directory after the job), and the same scan finds the secret key and the token there.
    assert sorted(_leaks((artifacts / "command").read_text(), secret)) == sorted([SECURITY_TOKEN, secret])


def _aws_envvars(emulator, collections):
    return {"AWS_ENDPOINT_URL": emulator.url,
            "AWS_ACCESS_KEY_ID": SEED_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": SEED_CREDENTIALS["aws_secret_access_key"],
            "AWS_SECURITY_TOKEN": SECURITY_TOKEN,
            "AWS_REGION": REGION,
            "ANSIBLE_COLLECTIONS_PATH": str(collections),
            "ANSIBLE_NOCOLOR": "1"}


def _extravars(tmp_path):
    extravars = yaml.safe_load((REPO / "playbooks" / "vars" / "example.yml").read_text())
    extravars["admin_user_cli_config_file"] = str(tmp_path / "admin-aws-config")
    return extravars


def test_organization_job(emulator, installed_collections, tmp_path):
    """organization.yml over an Organization read by the inventory plugin: one host per member account."""
    emulator.reset()
    organization = seed_organization(emulator.url, ["Workloads/Prod", "Workloads/Dev"], accounts_per_ou=6)
    members = [account["id"] for account in organization["accounts"]]
    prod = {account["id"] for account in organization["accounts"] if account["ou_path"] == "Root/Workloads/Prod"}
    inventory = {
        "plugin": "awsops.proton.aws_organization",
        # Pipelines are deployed from the production accounts only.
        "compose": {"proton_parts": "['environment', 'pipeline'] if aws_account_ou_path == 'Root/Workloads/Prod' "
                                    "else ['environment']"},
    }
    playbook = ("---\n- name: Set up AWS Proton in every account of the Organization\n"
                "  ansible.builtin.import_playbook: awsops.proton.organization\n")
    private = _private_data_dir(
        tmp_path / "job", {"organization.yml": playbook},
        {"org.aws_organization.yml": "---\n" + yaml.safe_dump(inventory, sort_keys=False)},
        _aws_envvars(emulator, installed_collections), _extravars(tmp_path))

    proc, artifacts = _run_job(private, "organization.yml")

    events, stdout = _assert_successful_job(proc, artifacts, ["localhost"] + members)
    _assert_no_secrets(artifacts, events, stdout, SEED_CREDENTIALS["aws_secret_access_key"])
    # Every task came from the project or the installed collection, none from this checkout.
    task_paths = {event["event_data"]["task_path"].rsplit(":", 1)[0] for event in events
                  if event["event_data"].get("task_path")}
    assert task_paths and all(path.startswith((str(private), str(installed_collections))) for path in task_paths), \
        task_paths
    calls = [call for call in emulator.calls() if call["status"] < 400]
    assume = [call for call in calls if (call["service"], call["operation"]) == ("sts", "AssumeRole")]
    assert len(assume) == len(members), assume
    # Each account's roles were written with that account's assumed credentials; pipelines only in Prod.
    for account in members:
        created = {call["operation"] for call in calls if call["account"] == account and call["service"] == "iam"}
        assert "CreateRole" in created, (account, created)
        settings = [call for call in calls if call["account"] == account and call["operation"] == "UpdateAccountSettings"]
        assert bool(settings) == (account in prod), (account, settings)
    management = organization["management_account_id"]
    assignments = [call for call in calls if call["operation"] == "CreateAccountAssignment"]
    # The group's assignments, one per member account, were made centrally (in the management account) and once.
    assert len(assignments) == len(members) and {call["account"] for call in assignments} == {management}
