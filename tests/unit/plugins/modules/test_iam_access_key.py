# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access key plan with a credentials file: keep the key the file holds, or make one for it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.awsops.proton.plugins.modules import iam_access_key as module
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError


def key(key_id, status="Active", day=1):
    return dict(access_key_id=key_id, status=status, create_date="2024-05-0{0}T00:00:00+00:00".format(day),
                user_name="u")


def plan(keys, held, rotate=False):
    return module.plan_keys(keys, 1, rotate, file_mode=True, held=held)


def test_the_held_key_is_kept_even_when_it_is_the_older_one():
    assert plan([key("OLD", day=1), key("NEW", day=2)], "OLD") == ([], 0, ["NEW"])
    # Without a file the newest active key is kept.
    assert module.plan_keys([key("OLD", day=1), key("NEW", day=2)], 1, False) == ([], 0, ["OLD"])


@pytest.mark.parametrize("held", [None, "AKIAFOREIGN", "INACTIVE"])
def test_a_file_without_an_active_key_of_the_user_gets_a_new_one_and_the_old_goes_after(held):
    keys = [key("INACTIVE", "Inactive", 1), key("A", day=2)]
    assert plan(keys, held) == (["INACTIVE"], 1, ["A"])
    assert plan([key("A")], held) == ([], 1, ["A"])
    assert plan([], held) == ([], 1, [])


def test_two_active_keys_none_in_the_file_must_free_an_active_key():
    keys = [key("A", day=1), key("B", day=2)]
    to_free, to_create, to_retire = plan(keys, None)
    assert (to_free, to_create, to_retire) == (["A"], 1, ["B"])
    location = dict(path="/c", profile="proton-admin")
    with pytest.raises(ParameterError) as caught:
        module.check_room(keys, to_free, None, "u", location, lambda o: {"credentials_file": "admin_file"}.get(o, o))
    assert caught.value.option == "admin_file"
    assert "A (Active" in caught.value.rule and "B (Active" in caught.value.rule
    assert "holds no access key" in caught.value.rule
    module.check_room([key("I", "Inactive"), key("B")], ["I"], None, "u", location, lambda o: o)


def test_rotating_frees_the_key_the_file_does_not_hold_first():
    # Both active, the file holds the older: the other one is freed, the held one retired after the write.
    assert plan([key("HELD", day=1), key("OTHER", day=2)], "HELD", rotate=True) == (["OTHER"], 1, ["HELD"])


# ---------------------------------------------------------------- the orphan of an interrupted run

SINCE = datetime(2024, 5, 3, 12, 0, 0, tzinfo=timezone.utc)


def marker(user="u", since=SINCE, pid=None, host=None, keys_before=None):
    return dict(user_name=user, since=since, pid=pid, host=host, keys_before=keys_before)


def at(key_id, when, status="Active"):
    return dict(access_key_id=key_id, status=status, create_date=when.isoformat(), user_name="u")


def test_a_key_created_around_the_marker_and_not_in_the_file_is_the_orphan():
    old = at("OLD", SINCE - timedelta(days=30))
    orphan = at("ORPHAN", SINCE + timedelta(seconds=2))
    assert module.orphan_keys([old, orphan], marker(), None, "u") == ["ORPHAN"]
    assert module.orphan_keys([old, orphan], marker(), "OLD", "u") == ["ORPHAN"]
    # The key the file holds is never an orphan, nor is any key without a marker, or with another user's.
    assert module.orphan_keys([old, orphan], marker(), "ORPHAN", "u") == []
    assert module.orphan_keys([old, orphan], None, None, "u") == []
    assert module.orphan_keys([old, orphan], marker(user="someone-else"), None, "u") == []


def test_a_key_the_user_had_before_the_marker_is_never_the_orphan():
    # The old key was made a minute before the marker (a file lost right after setup): inside the window, but
    # listed in the marker, so only the new key is the orphan.
    old = at("OLD", SINCE - timedelta(minutes=1))
    orphan = at("ORPHAN", SINCE + timedelta(seconds=1))
    assert module.orphan_keys([old, orphan], marker(keys_before=["OLD"]), None, "u") == ["ORPHAN"]
    assert module.orphan_keys([old, orphan], marker(keys_before=[]), None, "u") == ["OLD", "ORPHAN"]
    assert module.orphan_keys([old], marker(keys_before=["OLD"]), None, "u") == []


def test_the_orphan_window_allows_five_minutes_of_clock_skew_before_and_fifteen_after():
    inside = [at("EARLY", SINCE - timedelta(minutes=5)), at("LATE", SINCE + timedelta(minutes=15)),
              at("INACTIVE", SINCE, status="Inactive")]
    outside = [at("BEFORE", SINCE - timedelta(minutes=5, seconds=1)),
               at("AFTER", SINCE + timedelta(minutes=15, seconds=1)), dict(at("UNDATED", SINCE), create_date=None)]
    assert module.orphan_keys(inside + outside, marker(), None, "u") == ["EARLY", "LATE", "INACTIVE"]
    # IAM's dates in another zone, or naive (UTC), compare by instant.
    eastern = SINCE.astimezone(timezone(timedelta(hours=-5))) + timedelta(minutes=1)
    assert module.orphan_keys([at("TZ", eastern)], marker(), None, "u") == ["TZ"]
    naive = dict(at("NAIVE", SINCE), create_date="2024-05-03T12:00:30")
    assert module.orphan_keys([naive], marker(), None, "u") == ["NAIVE"]


def test_after_the_orphan_goes_the_plan_is_the_usual_one():
    # The gap this closes: killed after CreateAccessKey, the user holds the old key and the orphan, the file
    # holds neither. Without the marker that is the two-keys failure; with it the orphan goes first.
    keys = [at("OLD", SINCE - timedelta(days=30)), at("ORPHAN", SINCE + timedelta(seconds=1))]
    location = dict(path="/c", profile="proton-admin")
    with pytest.raises(ParameterError):
        module.check_room(keys, plan(keys, None)[0], None, "u", location, lambda o: o)
    orphans = module.orphan_keys(keys, marker(), None, "u")
    left = [k for k in keys if k["access_key_id"] not in orphans]
    to_free, to_create, to_retire = plan(left, None)
    assert (to_free, to_create, to_retire) == ([], 1, ["OLD"])
    module.check_room(left, to_free, None, "u", location, lambda o: o)


def test_a_marker_of_a_run_still_alive_on_this_host_stops_the_module():
    location = dict(path="/c", profile="proton-admin")
    names = {"credentials_file": "admin_user_credentials_file"}.get
    alive = marker(pid=77, host="laptop")
    with pytest.raises(ParameterError) as caught:
        module.check_marker(alive, location, lambda o: names(o, o), host="laptop", pid_alive=lambda pid: pid == 77)
    assert caught.value.option == "admin_user_credentials_file"
    assert "pid 77 on laptop" in caught.value.rule and "still running" in caught.value.rule
    # Dead, on another host (cannot be checked), or written without a pid: the run is over.
    module.check_marker(alive, location, names, host="laptop", pid_alive=lambda pid: False)
    module.check_marker(alive, location, names, host="other", pid_alive=lambda pid: True)
    module.check_marker(marker(), location, names, host="laptop", pid_alive=lambda pid: True)
    module.check_marker(None, location, names)


def test_this_process_and_a_dead_pid_are_not_alive():
    assert module.marker_alive(marker(pid=os.getpid(), host="h"), host="h") is False
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert module.marker_alive(marker(pid=child.pid, host="h"), host="h") is False
    assert module.marker_alive(marker(pid=os.getppid(), host="h"), host="h") is True
