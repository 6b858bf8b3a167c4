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
"""

import time

import pytest

import harness
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
