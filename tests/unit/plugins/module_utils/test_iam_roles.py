# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_iam/roles.py validate(): every input checked before any API call, each error under the caller's name."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._iam import roles

TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "proton.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
INLINE = {"Permissions": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}
# iam_role's options as its argument spec leaves them, for a role being created.
ROLE = dict(name="ProtonEnvironmentServiceRole", path="/", description="d", assume_role_policy_document=TRUST,
            allow_wildcard_principal=False, managed_policies=[], purge_policies=True, inline_policies=INLINE,
            purge_inline_policies=True, boundary=None, max_session_duration=3600, tags={}, purge_tags=True,
            delete_instance_profile=False, state="present")
# What a role calls these options (its own variables), as proton_roles passes them through names.
VARIABLES = {
    "name": "environment_roles_provisioning_name",
    "path": "environment_roles_path",
    "description": "environment_roles_description",
    "max_session_duration": "environment_roles_max_session_duration",
    "managed_policies": "environment_roles_custom_managed_policies",
    "boundary": "environment_roles_permissions_boundary",
    "tags": "environment_roles_tags",
    "inline_policies": "environment_roles_custom_statements",
    "assume_role_policy_document": "environment_roles_trust_conditions",
}


def role(**changes):
    params = copy.deepcopy(ROLE)
    params.update(changes)
    return params


def names(option):
    return VARIABLES.get(option, option)


def test_a_good_role_returns_the_parsed_trust_and_inline_policies():
    trust, inline = roles.validate(role(), names)
    assert trust == TRUST
    assert inline == INLINE


def test_no_trust_document_is_none_and_default_names_are_the_options():
    trust, inline = roles.validate(role(assume_role_policy_document=None, inline_policies=None))
    assert trust is None and inline is None
    with pytest.raises(ParameterError) as error:
        roles.validate(role(name="bad name"))
    assert error.value.option == "name"


BAD = [
    ("name", dict(name="bad name"), "may contain only"),
    ("name", dict(name="x" * 65), "1 to 64 characters"),
    ("path", dict(path="no-slashes"), "must start and end with '/'"),
    ("description", dict(description="x" * 1001), "0 to 1000 characters"),
    ("max_session_duration", dict(max_session_duration=60), "between 3600 and 43200"),
    ("max_session_duration", dict(max_session_duration=43201), "between 3600 and 43200"),
    ("managed_policies", dict(managed_policies=[""]), "non-empty strings"),
    ("boundary", dict(boundary="not-an-arn"), "must be an IAM policy ARN"),
    ("tags", dict(tags={"aws:reserved": "x"}), "the aws: prefix is reserved"),
    ("inline_policies", dict(inline_policies={"P": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}]}}), "Effect must be Allow or Deny"),
    ("inline_policies", dict(inline_policies={"P": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:Get{0:05d}".format(i) for i in range(1000)], "Resource": "*"}]}}),
     "10240"),
    ("assume_role_policy_document", dict(assume_role_policy_document={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}), "allow_wildcard_principal"),
]


@pytest.mark.parametrize("option, changes, rule", BAD, ids=["{0}-{1}".format(b[0], i) for i, b in enumerate(BAD)])
def test_every_error_is_named_through_names(option, changes, rule):
    with pytest.raises(ParameterError) as error:
        roles.validate(role(**changes), names)
    # A policy document's error names the document inside the option too (option.P).
    assert error.value.option.split(".")[0] == VARIABLES[option]
    assert error.value.message.startswith(VARIABLES[option])
    assert rule in error.value.rule
    with pytest.raises(ParameterError) as plain:
        roles.validate(role(**changes))
    assert plain.value.option.split(".")[0] == option and plain.value.rule == error.value.rule


def test_a_wildcard_principal_is_accepted_only_when_allowed():
    wildcard = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}
    trust, unused_inline = roles.validate(role(assume_role_policy_document=wildcard, allow_wildcard_principal=True),
                                          names)
    assert trust == wildcard
