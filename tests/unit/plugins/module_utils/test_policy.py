# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.policy import (
    has_wildcard_principal,
    normalize_policy,
    parse_policy,
    policies_equal,
    policy_json,
    policy_size,
)

ACCOUNT = "123456789012"


def doc(*statements, **top):
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    document.update(top)
    return document


def allow(action="s3:GetObject", resource="*", **extra):
    statement = {"Effect": "Allow", "Action": action, "Resource": resource}
    statement.update(extra)
    return statement


def trust(principal, **extra):
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    statement.update(extra)
    return statement


# --- equality: what IAM treats as the same document -------------------------------------------

def test_action_order_does_not_matter():
    assert policies_equal(doc(allow(["s3:GetObject", "s3:PutObject"])),
                          doc(allow(["s3:PutObject", "s3:GetObject"])))


def test_resource_order_and_duplicates_do_not_matter():
    assert policies_equal(doc(allow(resource=["arn:aws:s3:::b/*", "arn:aws:s3:::a/*", "arn:aws:s3:::a/*"])),
                          doc(allow(resource=["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"])))


def test_not_action_and_not_resource_are_order_insensitive():
    a = {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "NotResource": ["b", "a"]}
    b = {"Effect": "Allow", "NotAction": ["organizations:*", "iam:*"], "NotResource": ["a", "b"]}
    assert policies_equal(doc(a), doc(b))


def test_statement_order_does_not_matter():
    first, second = allow("s3:GetObject"), allow("ec2:DescribeInstances")
    assert policies_equal(doc(first, second), doc(second, first))


def test_single_statement_object_equals_one_element_list():
    single = {"Version": "2012-10-17", "Statement": allow()}
    assert policies_equal(single, doc(allow()))


def test_single_action_and_resource_equal_one_element_lists():
    assert policies_equal(doc(allow("s3:GetObject", "*")), doc(allow(["s3:GetObject"], ["*"])))


def test_principal_values_are_order_insensitive():
    a = trust({"Service": ["proton.amazonaws.com", "codebuild.amazonaws.com"]})
    b = trust({"Service": ["codebuild.amazonaws.com", "proton.amazonaws.com"]})
    assert policies_equal(doc(a), doc(b))


def test_single_principal_equals_one_element_list():
    assert policies_equal(doc(trust({"Service": "proton.amazonaws.com"})),
                          doc(trust({"Service": ["proton.amazonaws.com"]})))


def test_star_principal_equals_aws_star():
    assert policies_equal(doc(trust("*")), doc(trust({"AWS": "*"})))
    assert policies_equal(doc(trust("*")), doc(trust({"AWS": ["*"]})))


@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
def test_account_id_equals_its_root_arn(partition):
    root = "arn:{0}:iam::{1}:root".format(partition, ACCOUNT)
    assert policies_equal(doc(trust({"AWS": ACCOUNT})), doc(trust({"AWS": root})))
    assert policies_equal(doc(trust({"AWS": [root]})), doc(trust({"AWS": ACCOUNT})))


def test_account_id_as_number_equals_string():
    assert policies_equal(doc(trust({"AWS": int(ACCOUNT)})), doc(trust({"AWS": ACCOUNT})))


def test_other_account_is_not_equal():
    assert not policies_equal(doc(trust({"AWS": ACCOUNT})), doc(trust({"AWS": "210987654321"})))


def test_a_role_arn_is_not_its_account():
    role = "arn:aws:iam::{0}:role/Admin".format(ACCOUNT)
    assert not policies_equal(doc(trust({"AWS": ACCOUNT})), doc(trust({"AWS": role})))


def test_json_string_equals_dict():
    document = doc(allow(["s3:GetObject", "s3:PutObject"]))
    assert policies_equal(json.dumps(document, indent=2), document)
    assert policies_equal(document, json.dumps(document))


def test_condition_key_case_does_not_matter():
    a = allow(Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}})
    b = allow(Condition={"StringEquals": {"AWS:sourceaccount": ACCOUNT}})
    assert policies_equal(doc(a), doc(b))


def test_condition_values_are_order_insensitive_and_single_equals_list():
    a = allow(Condition={"StringEquals": {"aws:PrincipalTag/team": ["b", "a"]}})
    b = allow(Condition={"StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}})
    c = allow(Condition={"StringEquals": {"aws:PrincipalTag/team": "a"}})
    d = allow(Condition={"StringEquals": {"aws:PrincipalTag/team": ["a"]}})
    assert policies_equal(doc(a), doc(b))
    assert policies_equal(doc(c), doc(d))


def test_booleans_equal_their_string_form():
    a = allow(Condition={"Bool": {"aws:SecureTransport": True}})
    b = allow(Condition={"Bool": {"aws:SecureTransport": "true"}})
    assert policies_equal(doc(a), doc(b))
    c = allow(Condition={"Bool": {"aws:SecureTransport": False}})
    assert not policies_equal(doc(a), doc(c))


def test_numbers_equal_their_string_form():
    a = allow(Condition={"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}})
    b = allow(Condition={"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}})
    assert policies_equal(doc(a), doc(b))


def test_different_effects_are_not_equal():
    deny = dict(allow(), Effect="Deny")
    assert not policies_equal(doc(allow()), doc(deny))


def test_different_conditions_are_not_equal():
    a = allow(Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}})
    b = allow(Condition={"StringEquals": {"aws:SourceAccount": "210987654321"}})
    c = allow(Condition={"StringLike": {"aws:SourceAccount": ACCOUNT}})
    assert not policies_equal(doc(a), doc(b))
    assert not policies_equal(doc(a), doc(c))
    assert not policies_equal(doc(a), doc(allow()))


def test_different_versions_are_not_equal():
    assert not policies_equal(doc(allow()), doc(allow(), Version="2008-10-17"))


def test_different_actions_resources_or_statement_counts_are_not_equal():
    assert not policies_equal(doc(allow("s3:GetObject")), doc(allow("s3:PutObject")))
    assert not policies_equal(doc(allow(resource="arn:aws:s3:::a")), doc(allow(resource="arn:aws:s3:::b")))
    assert not policies_equal(doc(allow()), doc(allow(), allow("ec2:*")))


def test_action_versus_not_action_is_not_equal():
    not_action = {"Effect": "Allow", "NotAction": "s3:GetObject", "Resource": "*"}
    assert not policies_equal(doc(allow()), doc(not_action))


def test_different_principal_kinds_are_not_equal():
    assert not policies_equal(doc(trust({"Service": "proton.amazonaws.com"})),
                              doc(trust({"AWS": "proton.amazonaws.com"})))


def test_duplicate_statements_collapse():
    assert policies_equal(doc(allow(), allow()), doc(allow()))


def test_none_documents():
    assert normalize_policy(None) is None
    assert policies_equal(None, None)
    assert not policies_equal(None, doc(allow()))


def test_normalize_is_deterministic_and_idempotent():
    document = doc(trust({"AWS": ["arn:aws:iam::{0}:root".format(ACCOUNT), "*"]}), allow(["b:x", "a:y"]))
    once = normalize_policy(document)
    assert normalize_policy(once) == once
    assert policy_json(once) == policy_json(normalize_policy(json.dumps(document)))


# --- parse_policy: errors name the option ----------------------------------------------------

def test_parse_policy_accepts_dict_and_json():
    document = doc(allow())
    assert parse_policy(document, "policy") == document
    assert parse_policy(json.dumps(document), "policy") == document


@pytest.mark.parametrize("value, fragment", [
    ("{not json", "is not valid JSON"),
    ("[1, 2]", "must be a JSON object"),
    (42, "must be a JSON object"),
    ({"Version": "2012-10-17"}, "needs a Statement"),
    ({"Statement": []}, "non-empty list"),
    ({"Statement": "x"}, "non-empty list"),
    ({"Statement": ["x"]}, "Statement[0] must be an object"),
    ({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resourse": "*"}]}, "unknown element(s) Resourse"),
    ({"Statement": [{"Effect": "allow", "Action": "s3:*"}]}, "Statement[0].Effect must be Allow or Deny"),
    ({"Statement": [{"Action": "s3:*"}]}, "Effect must be Allow or Deny"),
    ({"Statement": [allow(), {"Effect": "Allow", "Resource": "*"}]}, "Statement[1] needs exactly one of Action"),
    ({"Statement": [{"Effect": "Allow", "Action": "a", "NotAction": "b"}]}, "exactly one of Action or NotAction"),
])
def test_parse_policy_errors_name_the_option(value, fragment):
    with pytest.raises(ParameterError) as caught:
        parse_policy(value, "assume_role_policy_document")
    error = caught.value
    assert error.option == "assume_role_policy_document"
    assert error.message.startswith("assume_role_policy_document: ")
    assert fragment in error.message


# --- has_wildcard_principal ------------------------------------------------------------------

@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}, {"AWS": ["*"]}, {"AWS": [ACCOUNT, "*"]}])
def test_wildcard_principal_detected(principal):
    assert has_wildcard_principal(doc(trust(principal)))


def test_wildcard_principal_in_json_string():
    assert has_wildcard_principal(json.dumps(doc(trust("*"))))


@pytest.mark.parametrize("document", [
    doc(trust({"AWS": ACCOUNT})),
    doc(trust({"Service": "proton.amazonaws.com"})),
    doc(dict(trust("*"), Effect="Deny")),
    doc(allow()),
])
def test_no_wildcard_principal(document):
    assert not has_wildcard_principal(document)


# --- policy_size -----------------------------------------------------------------------------

def test_policy_size_ignores_whitespace():
    document = doc(allow(["s3:GetObject", "s3:PutObject"]))
    pretty = json.dumps(document, indent=4)
    compact = json.dumps(document, separators=(",", ":"))
    assert policy_size(document) == len(compact)
    assert policy_size(document) < len(pretty)
    assert policy_size(json.loads(pretty)) == policy_size(document)


def test_policy_size_grows_with_content():
    small = doc(allow("s3:GetObject"))
    big = doc(allow(["s3:Get{0:04d}".format(i) for i in range(500)]))
    assert policy_size(big) > 6144 > policy_size(small)


def test_policy_json_is_compact_and_sorted():
    assert policy_json({"b": 1, "a": [1, 2]}) == '{"a":[1,2],"b":1}'
