# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access key plan with a credentials file: keep the key the file holds, or make one for it."""

from __future__ import annotations

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
