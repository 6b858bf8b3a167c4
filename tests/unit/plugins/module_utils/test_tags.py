# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.tags import (
    boto3_tags_to_dict,
    compare_tags,
    dict_to_boto3_tags,
    merged_tags,
)

CURRENT = {"team": "platform", "env": "dev", "owner": "alice"}


def test_boto3_tags_round_trip():
    boto3_tags = [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}]
    as_dict = boto3_tags_to_dict(boto3_tags)
    assert as_dict == {"a": "1", "b": "2"}
    assert dict_to_boto3_tags(as_dict) == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]


def test_boto3_tags_other_key_names_and_empty():
    assert boto3_tags_to_dict([{"key": "a", "value": "1"}], key="key", value="value") == {"a": "1"}
    assert boto3_tags_to_dict(None) == {}
    assert boto3_tags_to_dict([{"Key": "novalue"}]) == {"novalue": ""}
    assert dict_to_boto3_tags({}) == []


def test_wanted_none_leaves_tags_alone():
    assert compare_tags(CURRENT, None) == ({}, [])
    assert compare_tags(CURRENT, None, purge=True) == ({}, [])
    assert merged_tags(CURRENT, None) == CURRENT


def test_same_tags_no_change():
    assert compare_tags(CURRENT, dict(CURRENT)) == ({}, [])
    assert merged_tags(CURRENT, dict(CURRENT)) == CURRENT


def test_purge_removes_unlisted_keys():
    to_set, to_remove = compare_tags(CURRENT, {"team": "platform", "env": "prod"}, purge=True)
    assert to_set == {"env": "prod"}
    assert to_remove == ["owner"]
    assert merged_tags(CURRENT, {"team": "platform", "env": "prod"}) == {"team": "platform", "env": "prod"}


def test_without_purge_keeps_unlisted_keys():
    to_set, to_remove = compare_tags(CURRENT, {"env": "prod", "new": "x"}, purge=False)
    assert to_set == {"env": "prod", "new": "x"}
    assert to_remove == []
    assert merged_tags(CURRENT, {"env": "prod", "new": "x"}, purge=False) == {
        "team": "platform", "env": "prod", "owner": "alice", "new": "x"}


def test_empty_wanted_with_purge_removes_everything():
    assert compare_tags(CURRENT, {}, purge=True) == ({}, ["env", "owner", "team"])
    assert merged_tags(CURRENT, {}, purge=True) == {}


def test_empty_wanted_without_purge_changes_nothing():
    assert compare_tags(CURRENT, {}, purge=False) == ({}, [])
    assert merged_tags(CURRENT, {}, purge=False) == CURRENT


@pytest.mark.parametrize("current", [None, {}])
def test_no_current_tags(current):
    assert compare_tags(current, {"a": "1"}) == ({"a": "1"}, [])
    assert merged_tags(current, {"a": "1"}) == {"a": "1"}


def test_values_compare_as_strings():
    # YAML gives numbers and booleans; AWS stores strings.
    current = {"count": "3", "enabled": "True"}
    assert compare_tags(current, {"count": 3, "enabled": True}) == ({}, [])
    assert compare_tags({}, {"count": 3})[0] == {"count": "3"}


def test_removal_keys_are_sorted():
    assert compare_tags({"z": "1", "a": "1", "m": "1"}, {})[1] == ["a", "m", "z"]


def test_inputs_are_not_modified():
    current = dict(CURRENT)
    wanted = {"env": "prod"}
    merged_tags(current, wanted, purge=True)
    assert current == CURRENT
    assert wanted == {"env": "prod"}
