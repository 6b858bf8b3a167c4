# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError


def rejected(fn, option, *args):
    with pytest.raises(ParameterError) as caught:
        fn(option, *args)
    assert caught.value.option == option
    assert caught.value.message.startswith(option + ": ")
    return caught.value.message


# --- names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a", "ProtonServiceRole", "svc+role=a,b.c@d_e-f", "x" * 64])
def test_check_name_accepts(name):
    validation.check_name("role_name", name, validation.ROLE_NAME_MAX)


def test_check_name_none_is_skipped():
    validation.check_name("role_name", None, 64)


@pytest.mark.parametrize("name, fragment", [
    ("", "1 to 64 characters"),
    ("x" * 65, "1 to 64 characters long (got 65)"),
    ("has space", "may contain only"),
    ("slash/name", "may contain only"),
    ("r\u00f4le", "may contain only"),          # IAM's \w is ASCII only
    ("ok\n", "may contain only"),              # a trailing newline is not a valid name
])
def test_check_name_rejects(name, fragment):
    assert fragment in rejected(validation.check_name, "role_name", name, 64)


def test_check_name_uses_the_given_maximum():
    validation.check_name("policy_name", "p" * 128, validation.POLICY_NAME_MAX)
    assert "1 to 128" in rejected(validation.check_name, "policy_name", "p" * 129, validation.POLICY_NAME_MAX)


# --- paths -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/proton/", "/a/b/c/", "/" + "x" * 510 + "/"])
def test_check_path_accepts(path):
    validation.check_path("path", path)


@pytest.mark.parametrize("path", ["", "proton/", "/proton", "/with space/", "/" + "x" * 511 + "/",
                                  "/caf\u00e9/", "/a/\n"])
def test_check_path_rejects(path):
    assert "must start and end with '/'" in rejected(validation.check_path, "path", path)


def test_check_path_none_is_skipped():
    validation.check_path("path", None)


# --- lengths and ranges ----------------------------------------------------------------------

def test_check_length():
    validation.check_length("description", "d" * 1000, validation.DESCRIPTION_MAX)
    validation.check_length("description", None, 10)
    assert "0 to 1000 characters long (got 1001)" in rejected(
        validation.check_length, "description", "d" * 1001, validation.DESCRIPTION_MAX)
    assert "2 to 5" in rejected(validation.check_length, "x", "a", 5, 2)


def test_check_range():
    validation.check_range("max_session_duration", 3600, 3600, 43200)
    validation.check_range("max_session_duration", 43200, 3600, 43200)
    validation.check_range("max_session_duration", None, 3600, 43200)
    message = rejected(validation.check_range, "max_session_duration", 3599, 3600, 43200)
    assert "between 3600 and 43200 (got 3599)" in message
    rejected(validation.check_range, "max_session_duration", 43201, 3600, 43200)


# --- tags ------------------------------------------------------------------------------------

def test_check_tags_accepts():
    validation.check_tags("tags", None)
    validation.check_tags("tags", {})
    validation.check_tags("tags", dict(("k{0}".format(i), "v") for i in range(validation.TAGS_MAX)))
    validation.check_tags("tags", {"k" * 128: "v" * 256, "empty": ""})


@pytest.mark.parametrize("tags, fragment", [
    (dict(("k{0}".format(i), "v") for i in range(51)), "at most 50 tags (got 51)"),
    ({"": "v"}, "must be 1 to 128 characters"),
    ({"k" * 129: "v"}, "must be 1 to 128 characters"),
    ({"aws:cloudformation:stack": "v"}, "aws: prefix is reserved"),
    ({"AWS:x": "v"}, "aws: prefix is reserved"),
    ({"k": "v" * 257}, "value longer than 256"),
])
def test_check_tags_rejects(tags, fragment):
    assert fragment in rejected(validation.check_tags, "tags", tags)


# --- account ids and ARNs --------------------------------------------------------------------

def test_check_account_id():
    validation.check_account_id("account_id", "123456789012")
    validation.check_account_id("account_id", 123456789012)
    validation.check_account_id("account_id", None)
    for bad in ("12345678901", "1234567890123", "12345678901a", "\u0661" * 12, "123456789012\n"):
        assert "12-digit" in rejected(validation.check_account_id, "account_id", bad)


def test_check_account_ids_names_the_item():
    validation.check_account_ids("ids", ["123456789012", "210987654321"])
    validation.check_account_ids("ids", [])
    with pytest.raises(ParameterError) as caught:
        validation.check_account_ids("ids", ["123456789012", "12345"])
    assert caught.value.option == "ids[1]"
    assert "12-digit" in caught.value.message
    assert "must be a list" in rejected(validation.check_account_ids, "ids", "123456789012")


def test_check_subset():
    validation.check_subset("parts", ["pipeline", "environment"], ("environment", "pipeline"))
    assert "pipelines not among environment, pipeline" in rejected(
        validation.check_subset, "parts", ["pipelines"], ("environment", "pipeline"))
    assert "must be a list" in rejected(validation.check_subset, "parts", "pipeline", ("environment", "pipeline"))


@pytest.mark.parametrize("arn", [
    "arn:aws:iam::123456789012:role/ProtonServiceRole",
    "arn:aws:iam::123456789012:role/service-role/Proton+Role",
    "arn:aws-cn:iam::123456789012:role/r",
    "arn:aws-us-gov:iam::123456789012:role/a/b/r",
])
def test_check_role_arn_accepts(arn):
    validation.check_role_arn("pipeline_service_role_arn", arn)


@pytest.mark.parametrize("arn", [
    None, "", "ProtonServiceRole", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::12345:role/r",
    "arn:aws:iam::123456789012:role/" + "r" * 65, "arn:aws:sts::123456789012:role/r",
    "arn:aws:iam::123456789012:role/r\n",
])
def test_check_role_arn_rejects(arn):
    assert "must be an IAM role ARN" in rejected(validation.check_role_arn, "pipeline_service_role_arn", arn)


@pytest.mark.parametrize("arn", [
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/aws-service-role/AWSProtonSyncServiceRolePolicy",
    "arn:aws:iam::123456789012:policy/proton/MyPolicy",
    "arn:aws-cn:iam::123456789012:policy/p",
])
def test_check_policy_arn_accepts(arn):
    validation.check_policy_arn("managed_policies", arn)


@pytest.mark.parametrize("arn", [
    None, "AdministratorAccess", "arn:aws:iam::aws:role/AdministratorAccess", "arn:aws:iam::123:policy/p",
    "arn:aws:iam::aws:policy/" + "p" * 129,
])
def test_check_policy_arn_rejects(arn):
    assert "must be an IAM policy ARN" in rejected(validation.check_policy_arn, "managed_policies", arn)


# --- partitions ------------------------------------------------------------------------------

@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-f",
                                       "aws-eusc"])
def test_check_partition_accepts(partition):
    validation.check_partition("partition", partition)


@pytest.mark.parametrize("partition", [None, "", "amazon", "AWS", "aws-", "aws--cn", "aws_cn", "aws-cn1", " aws",
                                       "aws\n", "arn:aws", "aws-us-gov/"])
def test_check_partition_rejects(partition):
    message = rejected(validation.check_partition, "environment_roles_partition", partition)
    assert "must be an AWS partition such as aws, aws-cn or aws-us-gov" in message
    assert "(got {0!r})".format(partition) in message
