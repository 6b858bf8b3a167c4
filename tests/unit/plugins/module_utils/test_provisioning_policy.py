# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import random

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.policy import parse_policy, policy_size
from ansible_collections.awsops.proton.plugins.module_utils._templates.cloudformation import (
    called_via_cloudformation,
    stack_statements,
)
from ansible_collections.awsops.proton.plugins.module_utils._templates.policy_documents import (
    build_documents,
    minimize,
    transform_statement,
)

# AWS Proton User Guide, AWS-managed provisioning role, statement 1 (written out here on purpose).
DOCUMENTED_STACK_ACTIONS = sorted("cloudformation:" + a for a in (
    "CancelUpdateStack ContinueUpdateRollback CreateChangeSet CreateStack DeleteChangeSet DeleteStack "
    "DescribeChangeSet DescribeStackDriftDetectionStatus DescribeStackEvents DescribeStackResourceDrifts "
    "DescribeStacks DetectStackResourceDrift ExecuteChangeSet ListChangeSets ListStackResources UpdateStack").split())


def many_actions(services=30, per_service=25):
    return ["svc{0:02d}:Action{1:03d}Name".format(s, a) for s in range(services) for a in range(per_service)]


def allowed_via_cloudformation(documents):
    actions = []
    for document in documents:
        for statement in document["Statement"]:
            if statement.get("Condition") == called_via_cloudformation():
                value = statement["Action"]
                actions.extend([value] if isinstance(value, str) else value)
    return actions


def test_one_inline_document_with_the_documented_stack_statement():
    documents, report = build_documents(["s3:CreateBucket", "iam:PassRole", "s3:DeleteBucket"], "aws",
                                        "123456789012")
    assert len(documents) == 1
    stack, unscoped, via = documents[0]["Statement"]
    assert sorted(stack["Action"] + [unscoped["Action"]]) == DOCUMENTED_STACK_ACTIONS
    assert stack["Resource"] == "arn:aws:cloudformation:*:123456789012:stack/AWSProton-*"
    assert "Condition" not in stack
    assert [stack, unscoped] == stack_statements("aws", "123456789012")
    assert unscoped == {"Sid": "ProtonCloudFormationStacksAnyResource", "Effect": "Allow",
                        "Action": "cloudformation:DescribeStackDriftDetectionStatus", "Resource": "*"}
    assert via == {"Sid": "ResourcesViaCloudFormation", "Effect": "Allow",
                   "Action": ["iam:PassRole", "s3:CreateBucket", "s3:DeleteBucket"], "Resource": "*",
                   "Condition": {"ForAnyValue:StringEquals": {"aws:CalledVia": ["cloudformation.amazonaws.com"]}}}
    assert report["strategy"] == "exact" and report["sizes"] == [policy_size(documents[0])]
    parse_policy(documents[0], "policy")


def test_partition_and_any_account():
    documents = build_documents(["s3:CreateBucket"], "aws-cn", "*")[0]
    statements = documents[0]["Statement"]
    assert statements[0]["Resource"] == "arn:aws-cn:cloudformation:*:*:stack/AWSProton-*"
    assert statements[2]["Action"] == "s3:CreateBucket"


def test_no_resource_actions_leaves_only_the_stack_statement():
    documents = build_documents([], "aws", "*")[0]
    assert [s["Sid"] for s in documents[0]["Statement"]] == ["ProtonCloudFormationStacks",
                                                             "ProtonCloudFormationStacksAnyResource"]


def test_transform_statement():
    statement = transform_statement("aws", ["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions", "MyMacro"])
    assert statement["Action"] == "cloudformation:CreateChangeSet"
    assert statement["Resource"] == ["arn:aws:cloudformation:*:aws:transform/LanguageExtensions",
                                     "arn:aws:cloudformation:*:aws:transform/Serverless-2016-10-31"]
    assert transform_statement("aws", ["MyMacro"]) is None


def test_minimize_drops_actions_a_wildcard_grants():
    kept, covered = minimize(["ec2:Describe*", "ec2:DescribeVpcs", "EC2:describeSubnets", "ec2:CreateVpc",
                              "ec2:CreateVpc"])
    assert kept == ["ec2:CreateVpc", "ec2:Describe*"]
    assert covered == ["EC2:describeSubnets", "ec2:DescribeVpcs"]


def test_output_is_deterministic():
    actions = many_actions(12, 10)
    first = build_documents(actions, "aws", "*", output="managed")
    shuffled = list(actions)
    random.Random(7).shuffle(shuffled)
    assert build_documents(shuffled, "aws", "*", output="managed") == first


def test_managed_split_keeps_every_action_and_each_document_under_the_limit():
    actions = many_actions()
    documents, report = build_documents(actions, "aws", "*", output="managed")
    assert report["strategy"] == "split" and report["limit"] == 6144
    assert len(documents) == report["documents"] > 1
    assert all(policy_size(d) <= 6144 for d in documents)
    assert sorted(allowed_via_cloudformation(documents)) == sorted(actions)
    assert documents[0]["Statement"][0]["Sid"] == "ProtonCloudFormationStacks"
    assert all(not s["Sid"].startswith("ProtonCloudFormationStacks") for d in documents[1:] for s in d["Statement"])
    # a service that fits in one document is not spread over two
    for document in documents:
        for action in allowed_via_cloudformation([document]):
            service = action.split(":")[0]
            assert all(a.split(":")[0] != service for d in documents if d is not document
                       for a in allowed_via_cloudformation([d]))


def test_a_service_bigger_than_a_document_is_split_by_action():
    actions = ["big:Action{0:04d}WithALongName".format(i) for i in range(400)]
    documents, report = build_documents(actions, "aws", "*", output="managed")
    assert report["strategy"] == "split" and len(documents) >= 3
    assert sorted(allowed_via_cloudformation(documents)) == sorted(actions)


def test_split_limited_by_max_policies_then_widens_reads_before_services():
    actions = many_actions(3, 20) + ["svc00:Describe{0:02d}ThingWithALongName".format(i) for i in range(60)] + \
        ["svc00:List{0:02d}ThingsWithALongName".format(i) for i in range(60)] + ["svc00:Get{0:02d}Secret".format(i) for i in range(5)]
    documents, report = build_documents(actions, "aws", "*", output="managed", max_policies=1)
    assert report["strategy"] == "widened"
    assert report["widened"][0] == {"service": "svc00", "to": ["svc00:Describe*", "svc00:List*"], "replaced": 120}
    allowed = allowed_via_cloudformation(documents)
    assert "svc00:Describe*" in allowed and "svc00:List*" in allowed
    assert "svc00:Get00Secret" in allowed  # Get* is never collapsed
    assert all(policy_size(d) <= 6144 for d in documents) and len(documents) == 1


def test_inline_widens_to_service_wildcards_biggest_first_when_it_must():
    actions = many_actions(20, 30)
    documents, report = build_documents(actions, "aws", "*", output="inline")
    assert report["strategy"] == "widened" and len(documents) == 1
    assert policy_size(documents[0]) <= 10240
    widened = [w["service"] for w in report["widened"]]
    assert all(w["to"] == [w["service"] + ":*"] for w in report["widened"])
    assert widened == sorted(widened)  # equal sizes: alphabetical, one at a time
    assert len(widened) < 20  # only as many as needed
    assert set(allowed_via_cloudformation(documents)) == set(report["policy_actions"])


def test_oversize_fail_names_the_option():
    with pytest.raises(ParameterError) as e:
        build_documents(many_actions(20, 30), "aws", "*", output="inline", oversize="fail")
    assert e.value.option == "oversize"
    assert "set oversize=widen to collapse" in e.value.rule and "narrow paths" in e.value.rule


def test_oversize_fail_and_too_small_name_the_callers_options():
    names = {"oversize": "pipeline_roles_template_oversize", "paths": "pipeline_roles_template_paths",
             "max_policy_size": "pipeline_roles_template_oversize"}.get
    with pytest.raises(ParameterError) as e:
        build_documents(many_actions(20, 30), "aws", "*", output="inline", oversize="fail", names=names)
    assert e.value.option == "pipeline_roles_template_oversize"
    assert "set pipeline_roles_template_oversize=widen" in e.value.rule
    assert "narrow pipeline_roles_template_paths" in e.value.rule
    with pytest.raises(ParameterError) as e:
        build_documents(["s3:CreateBucket"], "aws", "*", max_policy_size=300, names=names)
    assert e.value.option == "pipeline_roles_template_oversize" and "too small" in e.value.rule


def test_widening_that_cannot_fit_names_max_policy_size():
    with pytest.raises(ParameterError) as e:
        build_documents(many_actions(60, 3), "aws", "*", output="managed", max_policies=1, max_policy_size=1000)
    assert e.value.option == "max_policy_size" and "does not fit" in e.value.rule


def test_max_policy_size_too_small_for_the_stack_statement():
    with pytest.raises(ParameterError) as e:
        build_documents(["s3:CreateBucket"], "aws", "*", max_policy_size=300)
    assert e.value.option == "max_policy_size" and "too small" in e.value.message


def test_a_lower_max_policy_size_is_respected():
    documents, report = build_documents(many_actions(5, 10), "aws", "*", output="managed", max_policy_size=1500)
    assert all(policy_size(d) <= 1500 for d in documents) and report["limit"] == 1500
