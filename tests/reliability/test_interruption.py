"""Interruption: a setup.yml killed at any point of a fresh converge is finished by a rerun.

For each kill point N, a fresh setup.yml is watched through the emulator's call log and, as soon as
its Nth write call is logged, ansible-playbook and everything it started (its workers call setsid,
so they are not in its process group; the module doing the write is among them) are stopped and
SIGKILLed, as a crash would. Nothing of the killed run may reach AWS afterwards. A plain rerun must
then end OK with exactly the fault-free reference state, and teardown.yml must leave nothing.

The kill points are spread over the 17 writes of a fresh converge (Identity Center user, group,
membership; permission set, its policy, the assignment; four roles with their policies; the account
settings) and chosen to leave half-made resources: a permission set without its policy (4), an
assignment still being provisioned (6), roles without their policies (9, 12), roles without the
account settings (16).

The IAM admin's access key (admin_user_method=iam): a run is killed while CreateAccessKey's answer is
on its way, so IAM holds a key whose secret reached no file - the orphan an interruption between the
create and the file write leaves. The rerun must delete it (the credentials file's marker names the
interrupted creation) and end with one working key, held by the file and by IAM alone.
"""

import threading
import time
from pathlib import Path

import boto3
import pytest

import harness
import lockstep
from harness import job

KILL_POINTS = (1, 4, 6, 9, 12, 16)


def _kill_job(point):
    def killed_then_rerun(ctx):
        env = ctx.env("home")
        killed = harness.run_playbook(env, harness.SETUP, harness.setup_args(), label="setup (killed at write %d)"
                                      % point, emulator=ctx.emulator, kill_after_writes=point)
        assert killed.killed_after, "the run ended before its write call {0}:\n{1}".format(point, killed.describe())
        harness.STATS.add("kill points")
        # A request already sent when the tree stopped is still answered (and logged); after that, nothing
        # of the killed run may reach AWS.
        time.sleep(0.5)
        logged = len(ctx.emulator.calls())
        time.sleep(1.5)
        late = ctx.emulator.calls()[logged:]
        partial = [c["operation"] for c in harness.write_calls(ctx.emulator.calls())]
        harness.STATS.kill(point, killed.killed_after["writes_when_killed"], partial[point - 1])
        rerun = harness.run_playbook(env, harness.SETUP, harness.setup_args(), label="setup (rerun after kill %d)"
                                     % point)
        state = harness.snapshot(ctx.emulator.url, files=[harness.cli_config(env)])
        teardown = harness.run_playbook(env, harness.TEARDOWN, harness.teardown_args(),
                                        label="teardown (after kill %d)" % point)
        after_teardown = harness.snapshot(ctx.emulator.url, files=[harness.cli_config(env)])
        return dict(killed=killed, late=late, partial=partial, rerun=rerun, state=state, teardown=teardown,
                    after_teardown=after_teardown)
    return killed_then_rerun


for _point in KILL_POINTS:
    job("kill-%d" % _point, weight=2.0)(_kill_job(_point))


@pytest.mark.jobs("baseline")
def test_kill_points_are_within_a_fresh_converge(jobs):
    writes = jobs.result("baseline")["writes"]
    assert max(KILL_POINTS) <= len(writes), "a fresh converge makes only {0} writes: {1}".format(len(writes), writes)


@pytest.mark.parametrize("point", [pytest.param(p, marks=pytest.mark.jobs("baseline", "kill-%d" % p))
                                   for p in KILL_POINTS])
def test_rerun_after_kill_converges_and_teardown_leaves_nothing(jobs, point):
    result = jobs.result("kill-%d" % point)
    baseline = jobs.result("baseline")
    killed = result["killed"]
    assert killed.killed_after["writes_when_killed"] >= point
    # The partial run did what a fresh converge does first, and nothing of it ran on after the kill.
    assert result["partial"] == baseline["writes"][:len(result["partial"])], result["partial"]
    assert not result["late"], "calls logged after the kill: {0}".format(result["late"])
    assert result["rerun"].ok, result["rerun"].describe()
    differences = harness.diff(baseline["state"], result["state"])
    assert not differences, "\n".join(differences)
    assert result["teardown"].ok, result["teardown"].describe()
    after = dict(result["after_teardown"])
    config = after.pop("files")["config"]
    empty = dict(baseline["empty"])
    empty.pop("files")
    differences = harness.diff(empty, after)
    assert not differences, "teardown left: " + "\n".join(differences)
    assert not (config or "").strip(), "teardown left the CLI config: {0!r}".format(config)


# ---------------------------------------------------------------- killed between CreateAccessKey and the file write


class HoldCreateAccessKey(lockstep.LockstepProxy):
    """In front of the emulator: every call goes through at once, but the answer of a CreateAccessKey is never
    relayed: the key exists in IAM and its secret reaches nobody. ``calls()`` lists the held calls, so
    ``run_playbook(kill_after_writes=1, emulator=proxy)`` kills the run while it waits for that answer - the
    state of a run killed after the answer and before the file write, deterministically (the module writes the
    file a few milliseconds after the answer, too soon to be killed from the call log)."""

    def __init__(self, target_url):
        super().__init__(target_url, pair_timeout=0)
        self.held = []
        self._release = threading.Event()
        self._server.handle_error = lambda request, client_address: None

    def calls(self):
        return list(self.held)

    def _forward(self, handler, body):
        response = super()._forward(handler, body)
        if lockstep._operation(handler.headers, body) == "CreateAccessKey":  # pylint: disable=protected-access
            self.held.append(dict(service="iam", operation="CreateAccessKey", status=response[0]))
            self._release.wait(120)
            raise ConnectionAbortedError("the run was killed before this answer reached it")
        return response

    def __exit__(self, *exc_info):
        self._release.set()
        super().__exit__(*exc_info)


MARKER = "# awsops.proton: creating an access key for proton-admin since "


def iam_admin_args(path, *extra):
    return harness.setup_args("-e", "admin_user_method=iam", "-e", "admin_user_create_access_key=true",
                              "-e", "admin_user_credentials_file={0}".format(path), "--tags", "admin", *extra)


def _access_keys(url):
    keys = harness.clients(url)("iam").list_access_keys(UserName="proton-admin")["AccessKeyMetadata"]
    return sorted(k["AccessKeyId"] for k in keys)


def _profile(text):
    section = text.split("[proton-admin]", 1)[1].split("\n[", 1)[0]
    return dict(line.split(" = ", 1) for line in section.splitlines() if " = " in line)


def _caller(url, text):
    """The ARN the profile's key signs as (the emulator's STS knows the user of a key)."""
    values = _profile(text)
    sts = boto3.client("sts", endpoint_url=url, region_name=harness.REGION,
                       aws_access_key_id=values["aws_access_key_id"],
                       aws_secret_access_key=values["aws_secret_access_key"])
    return sts.get_caller_identity()["Arn"]


def _kill_at_create_access_key(ctx, env, path, label):
    with HoldCreateAccessKey(ctx.emulator.url) as proxy:
        through = dict(env, AWS_ENDPOINT_URL=proxy.url)
        killed = harness.run_playbook(through, harness.SETUP, iam_admin_args(path), label=label, emulator=proxy,
                                      kill_after_writes=1)
    harness.STATS.add("kill points")
    return dict(killed=killed, keys=_access_keys(ctx.emulator.url),
                file=path.read_text() if path.exists() else None)


def _rerun(ctx, env, path, label, *extra):
    mark = len(ctx.emulator.calls())
    run = harness.run_playbook(env, harness.SETUP, iam_admin_args(path, *extra), label=label)
    writes = [c["operation"] for c in harness.write_calls(ctx.emulator.calls()[mark:])]
    text = path.read_text() if path.exists() else None
    caller = _caller(ctx.emulator.url, text) if run.ok and "--check" not in extra else None
    return dict(run=run, writes=writes, keys=_access_keys(ctx.emulator.url), file=text, caller=caller)


@job("kill-create-access-key", weight=1.5)
def killed_between_create_access_key_and_the_file_write(ctx):
    env = ctx.env("home")
    path = Path(env["HOME"]) / ".aws" / "credentials"
    result = {}
    # A fresh converge killed at its CreateAccessKey, then rerun.
    result["fresh"] = _kill_at_create_access_key(ctx, env, path, "setup (killed at CreateAccessKey, fresh)")
    result["fresh_rerun"] = _rerun(ctx, env, path, "setup (rerun after the fresh kill)")
    # The file is lost; the run that replaces the key is killed at its CreateAccessKey: IAM holds the old key
    # and the orphan, the gap that used to end in the two-keys failure.
    result["lost_old_key"] = result["fresh_rerun"]["keys"]
    path.unlink()
    result["lost"] = _kill_at_create_access_key(ctx, env, path, "setup (killed at CreateAccessKey, lost file)")
    result["check"] = _rerun(ctx, env, path, "setup --check (after the lost-file kill)", "--check", "--diff")
    result["lost_rerun"] = _rerun(ctx, env, path, "setup (rerun after the lost-file kill)")
    result["again"] = _rerun(ctx, env, path, "setup (once more)")
    return result


def _assert_marker_only(state):
    """The killed run left IAM holding the orphan and the profile holding only the marker (no secret)."""
    assert state["killed"].killed_after, state["killed"].describe()
    assert state["file"] is not None and MARKER in state["file"], state["file"]
    assert _profile(state["file"]) == {}, state["file"]


def _assert_converged(state, orphans):
    assert state["run"].ok, state["run"].describe()
    (key,) = state["keys"]
    assert key not in orphans
    assert _profile(state["file"])["aws_access_key_id"] == key
    assert MARKER not in state["file"], state["file"]
    assert state["caller"] == "arn:aws:iam::{0}:user/proton-admin".format(harness.ACCOUNT)


@pytest.mark.jobs("kill-create-access-key")
def test_a_fresh_run_killed_after_create_access_key_converges_on_rerun(jobs):
    result = jobs.result("kill-create-access-key")
    fresh = result["fresh"]
    _assert_marker_only(fresh)
    (orphan,) = fresh["keys"]
    rerun = result["fresh_rerun"]
    _assert_converged(rerun, [orphan])
    assert rerun["writes"] == ["DeleteAccessKey", "CreateAccessKey"], rerun["writes"]
    assert "interrupted run created it" in " ".join(rerun["run"].output.split())


@pytest.mark.jobs("kill-create-access-key")
def test_a_key_replacement_killed_after_create_access_key_deletes_the_orphan_on_rerun(jobs):
    result = jobs.result("kill-create-access-key")
    (old,) = result["lost_old_key"]
    lost = result["lost"]
    _assert_marker_only(lost)
    assert old in lost["keys"] and len(lost["keys"]) == 2, lost["keys"]  # IAM's limit: old key and orphan
    orphan = next(k for k in lost["keys"] if k != old)
    # Check mode predicts the repair and writes nothing, not even the file.
    check = result["check"]
    assert check["run"].ok, check["run"].describe()
    assert check["writes"] == [] and check["keys"] == lost["keys"] and check["file"] == lost["file"]
    assert "Would delete the access key {0}".format(orphan) in " ".join(check["run"].output.split())
    rerun = result["lost_rerun"]
    _assert_converged(rerun, [old, orphan])
    # The orphan first, then the usual replacement: a new key written, the old one deleted after.
    assert rerun["writes"] == ["DeleteAccessKey", "CreateAccessKey", "DeleteAccessKey"], rerun["writes"]
    again = result["again"]
    assert again["run"].ok and again["writes"] == [] and again["keys"] == rerun["keys"], again["run"].describe()
    assert again["file"] == rerun["file"]
    assert again["run"].recap["changed"] == 0, again["run"].describe()
