# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pipeline provisioning repository checks shared by account_settings and validate_inputs."""

from __future__ import annotations

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._proton import client as proton
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._plan.input_rules import check

OPTION = "pipeline_roles_provisioning_repository"
GOOD = dict(provider="GITHUB", name="my-org/proton-pipelines", branch="main")


def refused(value):
    with pytest.raises(ParameterError) as caught:
        check(OPTION, "proton_repository", value)
    return caught.value


def test_a_linked_repository_passes():
    check(OPTION, "proton_repository", GOOD)
    proton.check_repository_name("name", "o/" + "r" * 98)


@pytest.mark.parametrize("field, value, option, words", [
    ("name", "proton-pipelines", OPTION + ".name", "owner/repository"),
    ("name", "o/" + "r" * 99, OPTION + ".name", "1 to 100"),
    ("branch", "b" * 201, OPTION + ".branch", "1 to 200"),
    ("branch", "", OPTION + ".branch", "is required"),
    ("provider", "GITLAB", OPTION + ".provider", "GITHUB, GITHUB_ENTERPRISE, BITBUCKET"),
])
def test_a_bad_field_is_named(field, value, option, words):
    error = refused(dict(GOOD, **{field: value}))
    assert error.option == option
    assert error.message.startswith(option + ": ") and words in error.message


def test_not_a_dictionary():
    error = refused("my-org/proton-pipelines")
    assert error.option == OPTION and "dictionary" in error.message
