# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import importlib.util
from importlib.metadata import version
from pathlib import Path

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._templates import _cfn_handler_permissions as data
from ansible_collections.awsops.proton.plugins.module_utils._templates import cfn_permissions

ROOT = Path(__file__).resolve().parents[4]


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_cfn_permissions",
                                                  str(ROOT / "scripts" / "generate_cfn_permissions.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_comes_from_the_installed_pinned_package(schema_permissions):
    assert data.SOURCE == "cfn-lint"
    assert data.SOURCE_VERSION == version("cfn-lint"), (
        "the data was generated from cfn-lint {0} but {1} is installed: install the pinned version "
        "(requirements-test.txt) or regenerate with scripts/generate_cfn_permissions.py".format(
            data.SOURCE_VERSION, version("cfn-lint")))


def test_regeneration_is_reproducible(schema_permissions):
    generated = load_generator().generate()
    current = (ROOT / "plugins" / "module_utils" / "_templates" / "_cfn_handler_permissions.py").read_text(encoding="utf-8")
    assert generated == current, "run scripts/generate_cfn_permissions.py and commit the result"


def test_every_type_matches_the_schemas(schema_permissions):
    mismatched = []
    for type_name in sorted(schema_permissions.files):
        expected = schema_permissions.actions(type_name)
        actions, reason = cfn_permissions.lookup(type_name)
        if expected:
            if actions is None or set(actions) != expected or len(actions) != len(expected):
                mismatched.append(type_name)
        elif actions is not None or "no handler permissions" not in reason:
            mismatched.append(type_name)
    assert mismatched == []
    assert cfn_permissions.source_info()["resource_types"] == len(schema_permissions.files)


def test_dropped_entries_are_not_iam_actions(schema_permissions):
    for type_name, ignored in data.IGNORED.items():
        raw = schema_permissions.raw(type_name)
        assert set(ignored) <= raw
        assert cfn_permissions.ignored_permissions(type_name) == ignored


@pytest.mark.parametrize("type_name, fragment", [
    ("AWS::CodeBuild::Project", "lists no handler permissions"),
    ("AWS::Serverless::Function", "AWS::Serverless transform"),
    ("MyOrg::Network::Vpc::MODULE", "CloudFormation module"),
    ("MongoDB::Atlas::Cluster", "third-party"),
    ("AWS::S3::NoSuchThing", "no resource provider schema"),
    ("AWS::S3::bucket", "did you mean AWS::S3::Bucket?"),
])
def test_unresolvable_types_say_why(type_name, fragment):
    actions, reason = cfn_permissions.lookup(type_name)
    assert actions is None and fragment in reason


@pytest.mark.parametrize("type_name, expected", [
    ("AWS::CodeBuild::Project", ("codebuild:*", False)),
    ("AWS::ElasticLoadBalancingV2::Whatever", ("elasticloadbalancing:*", False)),
    ("AWS::StepFunctions::New", ("states:*", False)),
    ("AWS::BrandNewService::Thing", ("brandnewservice:*", True)),
    ("MongoDB::Atlas::Cluster", (None, False)),
    ("AWS::Serverless::Function", (None, False)),
])
def test_service_wildcard(type_name, expected):
    assert cfn_permissions.service_wildcard(type_name) == expected


def test_decode_round_trip():
    assert cfn_permissions.decode_actions("iam:PassRole s3:CreateBucket,DeleteBucket") == [
        "iam:PassRole", "s3:CreateBucket", "s3:DeleteBucket"]
