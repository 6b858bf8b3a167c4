# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, WaitTimeout
from ansible_collections.awsops.proton.plugins.module_utils._aws.waiters import retry_on, wait_for


def failing(codes, result="done"):
    """A callable that raises AWSAPIError with each code in turn, then returns ``result``."""
    calls = []

    def fn():
        calls.append(len(calls))
        if len(calls) <= len(codes):
            raise AWSAPIError("CreateEnvironment", codes[len(calls) - 1], "not yet")
        return result

    fn.calls = calls
    return fn


def test_returns_at_once_without_sleeping(clock):
    fn = failing([])
    assert retry_on(fn, ["ValidationException"], 30, sleep=clock.sleep, clock=clock.clock) == "done"
    assert fn.calls == [0]
    assert clock.sleeps == []


def test_retries_on_listed_codes_with_backoff(clock):
    fn = failing(["ValidationException", "AccessDeniedException", "ValidationException"])
    result = retry_on(fn, ["ValidationException", "AccessDeniedException"], 60,
                      sleep=clock.sleep, clock=clock.clock)
    assert result == "done"
    assert len(fn.calls) == 4
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_backoff_is_capped(clock):
    fn = failing(["Throttled"] * 6)
    retry_on(fn, ["Throttled"], 300, initial_delay=2.0, max_delay=5.0, sleep=clock.sleep, clock=clock.clock)
    assert clock.sleeps == [2.0, 4.0, 5.0, 5.0, 5.0, 5.0]


def test_gives_up_at_the_timeout_with_the_last_error(clock):
    fn = failing(["ValidationException"] * 100)
    with pytest.raises(AWSAPIError) as caught:
        retry_on(fn, ["ValidationException"], 10, sleep=clock.sleep, clock=clock.clock)
    assert caught.value.code == "ValidationException"
    # 1 + 2 + 4 = 7 s slept; the next 8 s wait would pass the 10 s deadline.
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert len(fn.calls) == 4
    assert clock.now <= 10


def test_zero_timeout_means_one_attempt(clock):
    fn = failing(["ValidationException"])
    with pytest.raises(AWSAPIError):
        retry_on(fn, ["ValidationException"], 0, sleep=clock.sleep, clock=clock.clock)
    assert len(fn.calls) == 1
    assert clock.sleeps == []


def test_other_codes_are_not_retried(clock):
    fn = failing(["AccessDenied"])
    with pytest.raises(AWSAPIError) as caught:
        retry_on(fn, ["ValidationException"], 60, sleep=clock.sleep, clock=clock.clock)
    assert caught.value.code == "AccessDenied"
    assert len(fn.calls) == 1
    assert clock.sleeps == []


def test_other_exceptions_pass_through(clock):

    def fn():
        raise KeyError("boom")

    with pytest.raises(KeyError):
        retry_on(fn, ["ValidationException"], 60, sleep=clock.sleep, clock=clock.clock)
    assert clock.sleeps == []


def test_matches_narrows_the_retried_errors(clock):
    calls = []

    def fn():
        calls.append(1)
        message = "role cannot be assumed" if len(calls) == 1 else "name is too long"
        raise AWSAPIError("CreateEnvironment", "ValidationException", message)

    with pytest.raises(AWSAPIError) as caught:
        retry_on(fn, ["ValidationException"], 60, matches=lambda e: "assumed" in e.aws_message,
                 sleep=clock.sleep, clock=clock.clock)
    assert caught.value.aws_message == "name is too long"
    assert len(calls) == 2
    assert clock.sleeps == [1.0]


# --- wait_for --------------------------------------------------------------------------------

def test_wait_for_returns_the_first_truthy_value(clock):
    values = iter([None, {}, "SUCCEEDED"])
    assert wait_for(lambda: next(values), 30, "provisioning", interval=3, sleep=clock.sleep,
                    clock=clock.clock) == "SUCCEEDED"
    assert clock.sleeps == [3, 3]


def test_wait_for_times_out_naming_what_it_waited_for(clock):
    with pytest.raises(WaitTimeout) as caught:
        wait_for(lambda: False, 10, "the account assignment", interval=4, sleep=clock.sleep, clock=clock.clock)
    assert "10s" in caught.value.message
    assert "the account assignment" in caught.value.message
    assert clock.sleeps == [4, 4]
