"""The admin user's files on disk: the access key in the credentials file, the CLI profile in the config file.

playbooks/setup.yml and teardown.yml (--tags admin), run with ansible-playbook against the emulator:
- IAM path: every run checks that the credentials file's profile holds an active key of the user; a lost file or
  a foreign key id gets a new key, written to the file, and the old key deleted (check mode predicts it with no
  write); two keys and none in the file fail naming admin_user_credentials_file with no write; teardown removes
  the profile and keeps every other byte of the file (and of the CLI config file, which the IAM path never edits).
- IAM path, interrupted: the orphan key of a run killed after CreateAccessKey (marked in the profile) is deleted by
  the rerun, which then converges; a key outside the marker's window is not taken for it; a marker of a run still
  running stops the module; teardown removes a marked profile.
- Identity Center path: teardown removes the CLI profile, and its sso-session only when no other profile uses it,
  keeping every other byte of the config file.
"""

import os
import re
import socket
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import boto3
import pytest

from conftest import REPO, run_playbook
from proton_emulator.testing import write_calls

SETUP = REPO / "playbooks" / "setup.yml"
TEARDOWN = REPO / "playbooks" / "teardown.yml"
USER = "proton-admin"

# Around the profile the role owns: other profiles, comments, a line without a final line ending.
CREDENTIALS_BEFORE = (
    "# written by hand: this comment must stay\n"
    "[default]\n"
    "aws_access_key_id = AKIADEFAULTEXAMPLE01\n"
    "aws_secret_access_key = default-secret\n"
    "\n"
    "; the next profile is the administrator's\n"
)
CREDENTIALS_AFTER = (
    "[ci]\n"
    "aws_access_key_id=AKIACIEXAMPLE0000001\n"
    "aws_secret_access_key=ci-secret\n"
    "\n"
    "# last line, no line ending"
)
FOREIGN_PROFILE = (
    "[proton-admin]\n"
    "aws_access_key_id = AKIAFOREIGNEXAMPLE01\n"
    "aws_secret_access_key = foreign-secret\n"
    "\n"
)

CONFIG_OTHERS = (
    "# my CLI config - keep this comment\n"
    "[default]\n"
    "region = eu-west-1\n"
    "\n"
    "; a colleague's profile\n"
    "[profile dev]\n"
    "sso_session = {session}\n"
    "sso_account_id = 210987654321\n"
    "sso_role_name = ReadOnly\n"
    "\n"
    "[sso-session {session}]\n"
    "sso_start_url = https://d-0000000000.awsapps.com/start\n"
    "sso_region = us-east-1\n"
    "sso_registration_scopes = sso:account:access\n"
)


def admin_args(tmp_path, *extra):
    return ["-e", "@playbooks/vars/example.yml",
            "-e", "admin_user_credentials_file={0}".format(tmp_path / "admin-credentials"),
            "-e", "admin_user_cli_config_file={0}".format(tmp_path / "admin-config"),
            "--tags", "admin", *extra]


def iam_args(tmp_path, *extra):
    return admin_args(tmp_path, "-e", "admin_user_method=iam", "-e", "admin_user_create_access_key=true", *extra)


def iam_client(emulator, access_key="AKIAIOSFODNN7EXAMPLE", secret="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
               service="iam"):
    return boto3.client(service, endpoint_url=emulator.url, region_name="us-east-1",
                        aws_access_key_id=access_key, aws_secret_access_key=secret)


def user_keys(emulator):
    return sorted(k["AccessKeyId"] for k in iam_client(emulator).list_access_keys(UserName=USER)["AccessKeyMetadata"])


def profile(text, name="proton-admin"):
    """The key = value pairs of one section of an INI text."""
    match = re.search(r"^\[{0}\]\n((?:[^\[\n].*\n?|\n)*)".format(re.escape(name)), text, re.M)
    assert match, text
    return dict(re.findall(r"^(\w+)\s*=\s*(\S+)", match.group(1), re.M))


def recap_changed(proc):
    return int(re.search(r"localhost\s*:\s*ok=\d+\s+changed=(\d+)", proc.stdout).group(1))


def writes_since(emulator, mark):
    return ["{0}:{1}".format(c["service"], c["operation"]) for c in write_calls(emulator.calls()[mark:])]


def assert_working_key(emulator, path):
    """The file's profile holds the user's one key, and its secret signs requests as the user."""
    text = path.read_text()
    values = profile(text)
    assert user_keys(emulator) == [values["aws_access_key_id"]]
    identity = iam_client(emulator, values["aws_access_key_id"], values["aws_secret_access_key"],
                          service="sts").get_caller_identity()
    assert identity["Arn"].endswith(":user/" + USER), identity
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    return values["aws_access_key_id"]


def test_a_lost_credentials_file_gets_a_working_key_and_the_old_one_goes(ansible_env, emulator, tmp_path):
    path = tmp_path / "admin-credentials"
    run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    first = assert_working_key(emulator, path)
    path.unlink()

    mark = len(emulator.calls())
    check = run_playbook(ansible_env, SETUP, *iam_args(tmp_path, "--check", "--diff"))
    assert recap_changed(check) == 1, check.stdout[-3000:]  # the access key, and nothing else
    assert writes_since(emulator, mark) == []
    assert not path.exists()
    assert "aws_secret_access_key" not in check.stdout and "SecretAccessKey" not in check.stdout
    assert user_keys(emulator) == [first]

    mark = len(emulator.calls())
    fixed = run_playbook(ansible_env, SETUP, *iam_args(tmp_path, "--diff"))
    assert recap_changed(fixed) == 1, fixed.stdout[-3000:]
    assert writes_since(emulator, mark) == ["iam:CreateAccessKey", "iam:DeleteAccessKey"]
    second = assert_working_key(emulator, path)  # IAM holds only the key in the file
    assert second != first
    # --diff shows the profile's key id changing, never the secret.
    assert re.search(r"-\s+\"?access_key_id\"?: null.*\n(?:.*\n)*?\+\s+\"?access_key_id\"?: \"?{0}".format(second),
                     fixed.stdout), fixed.stdout[-3000:]
    assert profile(path.read_text())["aws_secret_access_key"] not in fixed.stdout + fixed.stderr

    mark = len(emulator.calls())
    rerun = run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    assert recap_changed(rerun) == 0, rerun.stdout[-3000:]
    assert writes_since(emulator, mark) == []


def test_a_foreign_key_id_in_the_profile_is_replaced_keeping_the_rest_of_the_file(ansible_env, emulator, tmp_path):
    path = tmp_path / "admin-credentials"
    run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    first = assert_working_key(emulator, path)
    path.write_text(CREDENTIALS_BEFORE + FOREIGN_PROFILE + CREDENTIALS_AFTER)

    mark = len(emulator.calls())
    run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    assert writes_since(emulator, mark) == ["iam:CreateAccessKey", "iam:DeleteAccessKey"]
    second = assert_working_key(emulator, path)
    assert second not in (first, "AKIAFOREIGNEXAMPLE01")
    text = path.read_text()
    assert text.startswith(CREDENTIALS_BEFORE + "[proton-admin]\naws_access_key_id = {0}\n".format(second))
    assert text.endswith("\n\n" + CREDENTIALS_AFTER)
    assert "foreign-secret" not in text


def test_two_keys_and_none_in_the_file_fails_naming_the_variable_without_a_write(ansible_env, emulator, tmp_path):
    path = tmp_path / "admin-credentials"
    run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    first = assert_working_key(emulator, path)
    path.unlink()
    second = iam_client(emulator).create_access_key(UserName=USER)["AccessKey"]["AccessKeyId"]

    for mode in ([], ["--check"]):
        mark = len(emulator.calls())
        proc = run_playbook(ansible_env, SETUP, *iam_args(tmp_path, *mode), check=False)
        output = proc.stdout + proc.stderr
        assert proc.returncode != 0, output[-3000:]
        assert "admin_user_credentials_file: the profile proton-admin in {0} holds no access key".format(path) \
            in output, output[-3000:]
        assert first in output and second in output and "delete" in output.lower()
        assert writes_since(emulator, mark) == []
        assert not path.exists()
    assert user_keys(emulator) == sorted([first, second])


def test_iam_teardown_removes_only_the_profile(ansible_env, emulator, tmp_path):
    path = tmp_path / "admin-credentials"
    config = tmp_path / "admin-config"
    path.write_text(CREDENTIALS_BEFORE + FOREIGN_PROFILE + CREDENTIALS_AFTER)
    config_text = CONFIG_OTHERS.format(session="proton")
    config.write_text(config_text)
    run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    assert_working_key(emulator, path)

    run_playbook(ansible_env, TEARDOWN, *iam_args(tmp_path, "-e", "proton_teardown_confirm=true"))
    assert path.read_text() == CREDENTIALS_BEFORE + CREDENTIALS_AFTER  # byte for byte, and no [proton-admin]
    assert config.read_text() == config_text  # the IAM path does not touch the CLI config
    assert iam_client(emulator).list_users()["Users"] == []

    mark = len(emulator.calls())
    again = run_playbook(ansible_env, TEARDOWN, *iam_args(tmp_path, "-e", "proton_teardown_confirm=true"))
    assert recap_changed(again) == 0, again.stdout[-3000:]
    assert writes_since(emulator, mark) == []
    assert path.read_text() == CREDENTIALS_BEFORE + CREDENTIALS_AFTER


@pytest.mark.parametrize("session, kept", [("proton", True), ("someone-elses", False)])
def test_identity_center_teardown_removes_the_profile_and_an_unused_sso_session(
        ansible_env, emulator, tmp_path, session, kept):
    config = tmp_path / "admin-config"
    credentials = tmp_path / "admin-credentials"
    original = CONFIG_OTHERS.format(session=session)
    config.write_text(original)
    credentials.write_text(CREDENTIALS_BEFORE + CREDENTIALS_AFTER)
    run_playbook(ansible_env, SETUP, *admin_args(tmp_path))
    written = config.read_text()
    assert "[profile proton-admin]" in written and "[sso-session proton]" in written

    run_playbook(ansible_env, TEARDOWN, *admin_args(tmp_path, "-e", "proton_teardown_confirm=true"))
    text = config.read_text()
    assert "[profile proton-admin]" not in text
    if kept:
        # [profile dev] uses the role's sso-session: it stays (with the values setup wrote), all else as it was.
        assert text == written[:written.index("\n[profile proton-admin]\n")]
        assert profile(text, "sso-session proton")["sso_region"] == "us-east-1"
    else:
        assert text == original  # the profile and the session it alone used are gone, every other byte kept
    assert credentials.read_text() == CREDENTIALS_BEFORE + CREDENTIALS_AFTER  # not touched on this path


def interrupted_marker(since, pid, host, keys_before):
    """The marker iam_access_key writes into the profile before CreateAccessKey (credentials_file.marker_line)."""
    return "# awsops.proton: creating an access key for {0} since {1} (pid {2} on {3}; keys before: {4})\n".format(
        USER, since.strftime("%Y-%m-%dT%H:%M:%SZ"), pid, host, ", ".join(keys_before) or "none")


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_orphan_of_a_run_killed_after_create_access_key_is_deleted_on_rerun(ansible_env, emulator, tmp_path):
    # The state such a run leaves, made out of band as the module makes it (a real kill at that point is in
    # tests/reliability/test_interruption.py): the profile was lost, the run marked the creation in the file,
    # CreateAccessKey answered, and the run died before writing the key: IAM holds the old key and the orphan.
    path = tmp_path / "admin-credentials"
    run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    first = assert_working_key(emulator, path)
    since = datetime.now(timezone.utc)
    marker = interrupted_marker(since, dead_pid(), socket.gethostname(), [first])
    marked = CREDENTIALS_BEFORE + "[proton-admin]\n" + marker + "\n" + CREDENTIALS_AFTER
    path.write_text(marked)
    orphan = iam_client(emulator).create_access_key(UserName=USER)["AccessKey"]["AccessKeyId"]

    mark = len(emulator.calls())
    check = run_playbook(ansible_env, SETUP, *iam_args(tmp_path, "--check"))
    assert writes_since(emulator, mark) == [] and path.read_text() == marked
    assert "Would delete the access key {0}".format(orphan) in " ".join((check.stdout + check.stderr).split()), \
        check.stdout[-3000:]

    mark = len(emulator.calls())
    fixed = run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    assert "interrupted run created it" in " ".join((fixed.stdout + fixed.stderr).split()), fixed.stdout[-3000:]
    assert writes_since(emulator, mark) == ["iam:DeleteAccessKey", "iam:CreateAccessKey", "iam:DeleteAccessKey"]
    third = assert_working_key(emulator, path)  # IAM holds only the key in the file
    assert third not in (first, orphan)
    text = path.read_text()
    assert text == CREDENTIALS_BEFORE + "[proton-admin]\naws_access_key_id = {0}\naws_secret_access_key = {1}\n\n{2}" \
        .format(third, profile(text)["aws_secret_access_key"], CREDENTIALS_AFTER)  # the marker is gone, the rest kept

    mark = len(emulator.calls())
    again = run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    assert recap_changed(again) == 0 and writes_since(emulator, mark) == []


def test_a_key_outside_the_markers_window_is_not_taken_for_the_orphan(ansible_env, emulator, tmp_path):
    # A marker an hour old: the user's second key is no orphan of it, so this is the two-keys failure, no write.
    path = tmp_path / "admin-credentials"
    run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    first = assert_working_key(emulator, path)
    marked = "[proton-admin]\n" + interrupted_marker(datetime.now(timezone.utc) - timedelta(hours=1), dead_pid(),
                                                     socket.gethostname(), [first])
    path.write_text(marked)
    iam_client(emulator).create_access_key(UserName=USER)
    mark = len(emulator.calls())
    proc = run_playbook(ansible_env, SETUP, *iam_args(tmp_path), check=False)
    assert proc.returncode != 0 and "admin_user_credentials_file: the profile proton-admin" in proc.stdout
    assert writes_since(emulator, mark) == [] and path.read_text() == marked
    assert len(user_keys(emulator)) == 2


def test_a_marker_of_a_run_still_running_fails_naming_the_variable_without_a_write(ansible_env, emulator, tmp_path):
    path = tmp_path / "admin-credentials"
    run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    keys = user_keys(emulator)
    marked = "[proton-admin]\n" + interrupted_marker(datetime.now(timezone.utc), os.getpid(), socket.gethostname(),
                                                     keys)
    path.write_text(marked)  # this test's own process stands for the run still creating its key
    mark = len(emulator.calls())
    proc = run_playbook(ansible_env, SETUP, *iam_args(tmp_path), check=False)
    output = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert "admin_user_credentials_file: another run (pid {0} on".format(os.getpid()) in output, output[-3000:]
    assert writes_since(emulator, mark) == [] and path.read_text() == marked and user_keys(emulator) == keys


def test_iam_teardown_removes_a_marked_profile_and_its_orphan(ansible_env, emulator, tmp_path):
    path = tmp_path / "admin-credentials"
    run_playbook(ansible_env, SETUP, *iam_args(tmp_path))
    path.write_text(CREDENTIALS_BEFORE + "[proton-admin]\n" + interrupted_marker(
        datetime.now(timezone.utc), dead_pid(), socket.gethostname(), user_keys(emulator)) + "\n" + CREDENTIALS_AFTER)
    iam_client(emulator).create_access_key(UserName=USER)
    run_playbook(ansible_env, TEARDOWN, *iam_args(tmp_path, "-e", "proton_teardown_confirm=true"))
    assert path.read_text() == CREDENTIALS_BEFORE + CREDENTIALS_AFTER
    assert iam_client(emulator).list_users()["Users"] == []
