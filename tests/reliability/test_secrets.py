"""Secrets never show: not in ansible's output at -vvvv, not in module results, not in files.

setup.yml runs with the IAM admin method, a console password (from a vars file, as from a vault:
ansible itself echoes -e values at -vvvv) and an access key written to the credentials file; the
caller's own secret key and a session token come from the environment. Then teardown.yml removes it
all. Searched for each secret: both runs' output at -vvvv (which holds every task's module arguments
and results), ansible's log file, and every file under the run's home directory (ansible's temporary
files, the AWS CLI config, ...) except the credentials file, plus any file of the checkout changed
during the runs. The access key's secret must be in the credentials file, which must be mode 0600.
"""

import os
import secrets
import stat
import time

import pytest
import yaml

import harness
from harness import job

SKIP_DIRS = {".git", ".venv", "build", "__pycache__", ".pytest_cache", "node_modules"}


def _files(root, newer_than=None, skip=()):
    for directory, dirs, names in os.walk(str(root)):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in names:
            path = os.path.join(directory, name)
            if path in skip or not os.path.isfile(path) or os.path.islink(path):
                continue
            if newer_than is not None and os.stat(path).st_mtime < newer_than:
                continue
            yield path


@job("secrets", weight=1.8)
def secrets_job(ctx):
    token = secrets.token_hex(8)
    values = {
        "console password": "Rel-Console-{0}-Pw!".format(token),
        "caller secret access key": "RelCallerSecret{0}{1}".format(token, "K" * 9),
        "session token": "RelSessionToken{0}".format(secrets.token_hex(32)),
    }
    home = ctx.workdir / "home"
    credentials = home / ".aws" / "credentials"
    inputs = ctx.workdir / "inputs"
    inputs.mkdir()
    vars_file = inputs / "admin-secrets.yml"
    vars_file.write_text(yaml.safe_dump(dict(
        admin_user_method="iam",
        admin_user_console_password=values["console password"],
        admin_user_create_access_key=True,
        admin_user_credentials_file=str(credentials),
        admin_user_credentials_profile="proton-admin",
    )))
    os.chmod(str(vars_file), 0o600)
    env = ctx.env("home", extra={
        "AWS_SECRET_ACCESS_KEY": values["caller secret access key"],
        "AWS_SESSION_TOKEN": values["session token"],
        "ANSIBLE_LOG_PATH": str(home / "ansible.log"),
    })
    started = time.time() - 1
    setup = harness.run_playbook(env, harness.SETUP, harness.setup_args("-e", "@" + str(vars_file), "-vvvv"),
                                 label="setup (iam admin, -vvvv)", workdir=ctx.workdir / "outputs")
    state = harness.snapshot(ctx.emulator.url)
    key_file = dict(exists=credentials.exists())
    if credentials.exists():
        key_file["mode"] = stat.S_IMODE(os.stat(str(credentials)).st_mode)
        text = credentials.read_text()
        secret = next((line.split("=", 1)[1].strip() for line in text.splitlines()
                       if line.strip().startswith("aws_secret_access_key")), "")
        key_file["secret_length"] = len(secret)
    teardown = harness.run_playbook(env, harness.TEARDOWN, harness.teardown_args("-e", "@" + str(vars_file),
                                                                                 "-vvvv"),
                                    label="teardown (iam admin, -vvvv)", workdir=ctx.workdir / "outputs")
    after_teardown = harness.snapshot(ctx.emulator.url)
    if key_file.get("secret_length"):
        values["access key secret (new key)"] = secret

    places = {"setup output (-vvvv)": setup.output, "teardown output (-vvvv)": teardown.output}
    skip = {str(credentials)}
    for path in _files(home, skip=skip):
        places[path] = open(path, "rb").read().decode("utf-8", "replace")
    for path in _files(harness.REPO, newer_than=started):
        places[path] = open(path, "rb").read().decode("utf-8", "replace")
    found = sorted((what, where) for what, value in values.items() for where, text in places.items()
                   if value in text)
    harness.STATS.add("secrets searched for", len(values))
    harness.STATS.add("places searched", len(places))
    return dict(setup=setup, teardown=teardown, state=state, after_teardown=after_teardown, key_file=key_file,
                found=found, searched=sorted(values), places=sorted(places))


@pytest.mark.jobs("secrets")
def test_setup_and_teardown_with_secrets_end_ok(jobs):
    result = jobs.result("secrets")
    assert result["setup"].ok, result["setup"].describe()
    assert result["teardown"].ok, result["teardown"].describe()
    user = result["state"]["users"]["proton-admin"]
    assert user["login_profile"] == {"password_reset_required": True}, user
    assert user["access_keys"] == ["Active"] and user["groups"] == ["Admins"], user
    assert not result["after_teardown"]["users"] and not result["after_teardown"]["groups"]


@pytest.mark.jobs("secrets")
def test_secrets_appear_nowhere_but_the_credentials_file(jobs):
    result = jobs.result("secrets")
    assert result["searched"] == ["access key secret (new key)", "caller secret access key", "console password",
                                  "session token"], result["searched"]
    assert not result["found"], "secrets found: {0}".format(result["found"])
    # -vvvv really shows module arguments and results, so the search means something.
    assert "module_args" in result["setup"].output and '"invocation"' in result["setup"].output
    assert any(place.endswith("ansible.log") for place in result["places"])


@pytest.mark.jobs("secrets")
def test_access_key_secret_is_only_in_a_0600_credentials_file(jobs):
    key_file = jobs.result("secrets")["key_file"]
    assert key_file["exists"], key_file
    assert key_file.get("secret_length", 0) >= 20, key_file
    assert key_file["mode"] == 0o600, oct(key_file["mode"])


@pytest.mark.jobs("secrets")
def test_iam_admin_method_warns(jobs):
    output = " ".join(jobs.result("secrets")["setup"].output.split())
    assert "[WARNING]: admin_user_method=iam creates an IAM user with long-term credentials" in output, \
        jobs.result("secrets")["setup"].describe()
