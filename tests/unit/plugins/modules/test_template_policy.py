# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""template_policy on the test bundles: the derived actions are exactly the schemas' handler permissions.

The expected actions come from the ``schema_permissions`` fixture (tests/unit/plugins/conftest.py),
which reads cfn-lint's schema files itself, not through the collection's data or lookup code.
"""

from __future__ import annotations

import fnmatch
import sys

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.policy import parse_policy, policy_size
from ansible_collections.awsops.proton.plugins.module_utils._templates import derive

ENVIRONMENT_TYPES = [
    "AWS::EC2::EIP", "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::Route", "AWS::EC2::RouteTable",
    "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::Subnet",
    "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::VPC", "AWS::EC2::VPCGatewayAttachment", "AWS::ECS::Cluster",
    "AWS::IAM::Role", "AWS::ServiceDiscovery::PrivateDnsNamespace"]
FARGATE_INSTANCE_TYPES = [
    "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::ECS::Service", "AWS::ECS::TaskDefinition",
    "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::IAM::Role", "AWS::Logs::LogGroup"]
FARGATE_PIPELINE_SCHEMA_TYPES = [
    "AWS::CodePipeline::Pipeline", "AWS::ECR::Repository", "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::KMS::Alias",
    "AWS::KMS::Key", "AWS::S3::Bucket"]
LAMBDA_TYPES = [
    "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Stage",
    "AWS::IAM::Role", "AWS::Lambda::Function", "AWS::Lambda::Permission", "AWS::Logs::LogGroup"]
S3_TYPES = ["AWS::S3::Bucket", "AWS::S3::BucketPolicy"]
CODEBUILD_ACTIONS = ["codebuild:BatchGetProjects", "codebuild:CreateProject", "codebuild:DeleteProject",
                     "codebuild:UpdateProject", "iam:PassRole"]


def run(**params):
    """derive() with the argument spec's defaults filled in (as the module or its action plugin would)."""
    arguments = dict((k, v.get("default")) for k, v in derive.ARGUMENT_SPEC.items())
    arguments.update(params)
    warnings = []
    return derive.derive(arguments, warnings.append), warnings


def result_of(**params):
    return run(**params)[0]


def via_cloudformation(documents):
    actions = []
    for document in documents:
        for statement in document["Statement"]:
            if statement["Sid"] == "ResourcesViaCloudFormation":
                value = statement["Action"]
                actions.extend([value] if isinstance(value, str) else value)
    return actions


def assert_policy_grants_exactly(result, expected):
    """The report lists exactly ``expected``; the documents grant every one of them and nothing else."""
    assert result["report"]["actions"] == sorted(expected, key=lambda a: (a.split(":")[0], a.lower(), a))
    allowed = via_cloudformation(result["policies"])
    assert len(allowed) == len(set(allowed))
    assert set(allowed) <= set(expected)
    for action in expected:  # left out only when a wildcard that the schemas list grants it
        assert action in allowed or any(fnmatch.fnmatchcase(action.lower(), w.lower()) for w in allowed if "*" in w)
    for document in result["policies"]:
        parse_policy(document, "policy")


def test_environment_bundle(fixtures_dir, schema_permissions):
    result, warnings = run(paths=[str(fixtures_dir / "vpc-ecs-environment")], account_id="123456789012")
    report = result["report"]
    assert sorted(report["resource_types"]) == ENVIRONMENT_TYPES
    assert_policy_grants_exactly(result, schema_permissions.union(ENVIRONMENT_TYPES))
    assert result["policy"] == result["policies"][0]
    assert result["policy"]["Statement"][0]["Resource"] == \
        "arn:aws:cloudformation:*:123456789012:stack/AWSProton-*"
    assert report["compaction"]["strategy"] == "exact" and policy_size(result["policy"]) <= 10240
    (file_report,) = report["files"]
    assert file_report["kind"] == "environment" and "protonServiceRoleArn" in file_report["role"]
    assert file_report["jinja"]["expressions"] > 0 and file_report["jinja"]["statements"] == 8
    # the NAT gateway sits inside {% if %}: possibly deployed, so included
    assert report["resource_types"]["AWS::EC2::NatGateway"]["resources"][0].endswith("#NatGateway")
    assert report["source"]["package"] == "cfn-lint"
    assert warnings == [] and result["changed"] is False


def test_fargate_service_fails_on_a_type_without_schema_permissions(fixtures_dir):
    with pytest.raises(ParameterError) as e:
        run(paths=[str(fixtures_dir / "fargate-service")])
    assert e.value.option == "unknown_types"
    assert "AWS::CodeBuild::Project (its resource provider schema lists no handler permissions)" in e.value.message
    assert "unknown_types=wildcard" in e.value.message


def test_fargate_service_with_wildcard_fallback(fixtures_dir, schema_permissions):
    result, warnings = run(paths=[str(fixtures_dir / "fargate-service")], unknown_types="wildcard")
    expected = schema_permissions.union(FARGATE_INSTANCE_TYPES + FARGATE_PIPELINE_SCHEMA_TYPES, ["codebuild:*"])
    assert_policy_grants_exactly(result, expected)
    assert result["report"]["unresolved"] == [dict(
        type="AWS::CodeBuild::Project", files=[str(fixtures_dir / "fargate-service" / "v1" / "pipeline_infrastructure"
                                                   / "cloudformation.yaml.j2")],
        reason="its resource provider schema lists no handler permissions", fallback="codebuild:*",
        fallback_prefix_guessed=False)]
    assert result["report"]["resource_types"]["AWS::CodeBuild::Project"]["source"] == "wildcard"
    assert any("AWS::CodeBuild::Project" in w and "codebuild:*" in w for w in warnings)
    # both Deploy projects of the {% for %} body and the build project are one resource each
    assert len(result["report"]["resource_types"]["AWS::CodeBuild::Project"]["resources"]) == 2


def test_fargate_service_instance_and_pipeline_with_type_actions(fixtures_dir, schema_permissions):
    result = result_of(paths=[str(fixtures_dir / "fargate-service")],
                       type_actions={"AWS::CodeBuild::Project": CODEBUILD_ACTIONS}, output="managed")
    expected = schema_permissions.union(FARGATE_INSTANCE_TYPES + FARGATE_PIPELINE_SCHEMA_TYPES, CODEBUILD_ACTIONS)
    assert_policy_grants_exactly(result, expected)
    assert result["report"]["unresolved"] == []
    assert [f["kind"] for f in result["report"]["files"]] == ["service_instance", "service_pipeline"]
    assert all(policy_size(d) <= 6144 for d in result["policies"])


def test_lambda_service_custom_resource_and_codebuild_pipeline(fixtures_dir, schema_permissions):
    result, warnings = run(paths=[str(fixtures_dir / "lambda-service")])
    report = result["report"]
    assert_policy_grants_exactly(result, schema_permissions.union(LAMBDA_TYPES, ["lambda:InvokeFunction"]))
    seed = report["resource_types"]["Custom::SeedData"]
    assert seed["source"] == "custom_resource" and seed["actions"] == ["lambda:InvokeFunction"]
    assert seed["service_token"] == ["lambda"]
    assert [s["kind"] for s in report["skipped"]] == ["service_pipeline"]
    assert warnings == []


@pytest.mark.parametrize("name", ["cloudformation.template", "cloudformation.json"])
def test_s3_component_yaml_and_json(fixtures_dir, schema_permissions, name):
    result = result_of(paths=[str(fixtures_dir / "s3-component" / name)], partition="aws-us-gov")
    assert_policy_grants_exactly(result, schema_permissions.union(S3_TYPES))
    assert result["report"]["files"][0]["kind"] == "template"
    assert result["policy"]["Statement"][0]["Resource"] == "arn:aws-us-gov:cloudformation:*:*:stack/AWSProton-*"


def test_yaml_and_json_components_give_the_same_policy(fixtures_dir):
    yaml_result = result_of(paths=[str(fixtures_dir / "s3-component" / "cloudformation.template")])
    json_result = result_of(paths=[str(fixtures_dir / "s3-component" / "cloudformation.json")])
    assert yaml_result["policy"] == json_result["policy"]


def test_everything_together_splits_into_managed_documents(fixtures_dir, schema_permissions):
    paths = [str(fixtures_dir / d) for d in ("vpc-ecs-environment", "fargate-service", "lambda-service",
                                             "s3-component/cloudformation.template")]
    result = result_of(paths=paths, output="managed", type_actions={"AWS::CodeBuild::Project": CODEBUILD_ACTIONS})
    expected = schema_permissions.union(ENVIRONMENT_TYPES + FARGATE_INSTANCE_TYPES + FARGATE_PIPELINE_SCHEMA_TYPES
                                        + LAMBDA_TYPES + S3_TYPES, CODEBUILD_ACTIONS + ["lambda:InvokeFunction"])
    assert_policy_grants_exactly(result, expected)
    compaction = result["report"]["compaction"]
    assert compaction["strategy"] == "split" and len(result["policies"]) == compaction["documents"] >= 2
    assert "policy" not in result
    assert compaction["sizes"] == [policy_size(d) for d in result["policies"]]
    assert all(size <= 6144 for size in compaction["sizes"])


def test_everything_inline_widens_and_says_so(fixtures_dir):
    paths = [str(fixtures_dir / d) for d in ("vpc-ecs-environment", "fargate-service", "lambda-service")]
    result, warnings = run(paths=paths, unknown_types="wildcard")
    compaction = result["report"]["compaction"]
    assert compaction["strategy"] == "widened" and policy_size(result["policy"]) <= 10240
    assert compaction["widened"][0]["service"] == "ec2" and compaction["widened"][0]["to"] == ["ec2:Describe*"]
    assert any("widened ec2 to ec2:Describe*" in w for w in warnings)
    with pytest.raises(ParameterError) as e:
        run(paths=paths, unknown_types="wildcard", oversize="fail")
    assert e.value.option == "oversize"
    assert "set oversize=widen" in e.value.message and "narrow paths" in e.value.message


def test_extra_actions_and_transform(tmp_path, schema_permissions):
    # With AWS::LanguageExtensions (which the SAM translator cannot run), serverless types need type_actions.
    template = tmp_path / "sam.yaml"
    template.write_text("Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources:\n"
                        "  Q: {Type: AWS::SQS::Queue}\n  F: {Type: AWS::Serverless::Function}\n")
    with pytest.raises(ParameterError) as e:
        run(paths=[str(template)], unknown_types="wildcard")
    assert e.value.option == "type_actions" and "AWS::Serverless::Function" in e.value.message
    result = result_of(paths=[str(template)], extra_actions=["s3:GetObject"],
                       type_actions={"AWS::Serverless::Function": ["lambda:CreateFunction"]})
    assert_policy_grants_exactly(result, schema_permissions.union(["AWS::SQS::Queue"],
                                                                  ["s3:GetObject", "lambda:CreateFunction"]))
    statements = result["policy"]["Statement"]
    assert statements[2] == {"Sid": "CloudFormationTransforms", "Effect": "Allow",
                             "Action": "cloudformation:CreateChangeSet",
                             "Resource": ["arn:aws:cloudformation:*:aws:transform/LanguageExtensions",
                                          "arn:aws:cloudformation:*:aws:transform/Serverless-2016-10-31"]}
    assert result["report"]["transforms"] == ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"]


@pytest.mark.parametrize("params, option", [
    (dict(paths=[]), "paths"),
    (dict(account_id="12345"), "account_id"),
    (dict(partition="amazon"), "partition"),
    (dict(type_actions={"S3 Bucket": []}), "type_actions"),
    (dict(type_actions={"AWS::S3::Bucket": "s3:*"}), "type_actions"),
    (dict(type_actions={"AWS::S3::Bucket": ["CreateBucket"]}), "type_actions"),
    (dict(extra_actions=["s3 GetObject"]), "extra_actions"),
    (dict(max_policy_size=10241), "max_policy_size"),
    (dict(output="managed", max_policy_size=6145), "max_policy_size"),
    (dict(max_policies=0), "max_policies"),
    (dict(max_policies=21), "max_policies"),
])
def test_bad_input_names_the_option(fixtures_dir, params, option):
    arguments = dict(paths=[str(fixtures_dir / "s3-component" / "cloudformation.template")])
    arguments.update(params)
    with pytest.raises(ParameterError) as e:
        run(**arguments)
    assert e.value.option == option


# ---------------------------------------------------------------- SAM (AWS::Serverless-2016-10-31)

# What AWS's translator (aws-sam-translator) generates for each SAM fixture bundle.
SAM_GENERATED_TYPES = {
    # AWS::Serverless::Function with Api, SQS and Schedule events and AutoPublishAlias: !Ref, and a plain queue.
    "sam-function": [
        "AWS::ApiGateway::Deployment", "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage", "AWS::Events::Rule",
        "AWS::IAM::Role", "AWS::Lambda::Alias", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Function",
        "AWS::Lambda::Permission", "AWS::Lambda::Version", "AWS::SQS::Queue"],
    # AWS::Serverless::HttpApi with a function behind it.
    "sam-http-api": [
        "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage", "AWS::IAM::Role", "AWS::Lambda::Function",
        "AWS::Lambda::Permission"],
    # AWS::Serverless::StateMachine invoking an AWS::Serverless::Function.
    "sam-state-machine": ["AWS::IAM::Role", "AWS::Lambda::Function", "AWS::StepFunctions::StateMachine"],
}
SAM_TRANSFORM_STATEMENT = {"Sid": "CloudFormationTransforms", "Effect": "Allow", "Action": "cloudformation:CreateChangeSet",
                           "Resource": "arn:aws:cloudformation:*:aws:transform/Serverless-2016-10-31"}


@pytest.mark.parametrize("bundle", sorted(SAM_GENERATED_TYPES))
def test_sam_bundles_grant_exactly_the_generated_types_permissions(fixtures_dir, schema_permissions, bundle):
    result = result_of(paths=[str(fixtures_dir / bundle)])
    (template,) = result["report"]["files"]
    assert template["sam"]["generated"] == SAM_GENERATED_TYPES[bundle]
    assert all(t.startswith("AWS::Serverless::") for t in template["sam"]["expanded"])
    assert template["resource_types"] == SAM_GENERATED_TYPES[bundle]
    assert_policy_grants_exactly(result, schema_permissions.union(SAM_GENERATED_TYPES[bundle]))
    assert SAM_TRANSFORM_STATEMENT in result["policy"]["Statement"]
    assert template["jinja"]["expressions"] >= 2  # Proton's Jinja was neutralised first


def test_sam_neutralises_what_the_translator_would_read_or_call():
    from ansible_collections.awsops.proton.plugins.module_utils._templates import sam
    document = {"Transform": sam.TRANSFORM, "Globals": {"Function": {"CodeUri": "src/"}}, "Resources": {
        "F": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "./build", "AutoPublishAlias": {"Ref": "A"}}},
        "L": {"Type": "AWS::Serverless::LayerVersion", "Properties": {"ContentUri": "layer/"}},
        "S": {"Type": "AWS::Serverless::StateMachine", "Properties": {"DefinitionUri": "sm.json"}},
        "P": {"Type": "AWS::Serverless::Application", "Properties": {"Location": {"ApplicationId": "x", "SemanticVersion": "1"}}},
        "K": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "s3://bucket/key", "AutoPublishAlias": "v"}},
    }}
    result = sam.neutralise(document)
    properties = dict((k, r["Properties"]) for k, r in result["Resources"].items())
    assert properties["F"]["CodeUri"].startswith("s3://") and properties["F"]["AutoPublishAlias"] == "live"
    assert properties["L"]["ContentUri"].startswith("s3://") and properties["S"]["DefinitionUri"].startswith("s3://")
    assert isinstance(properties["P"]["Location"], str) and properties["P"]["Location"].startswith("https://")
    assert properties["K"] == {"CodeUri": "s3://bucket/key", "AutoPublishAlias": "v"}
    assert result["Globals"]["Function"]["CodeUri"].startswith("s3://")
    assert document["Resources"]["F"]["Properties"]["CodeUri"] == "./build"  # the input is left alone


def test_sam_without_the_translator_says_what_to_install(fixtures_dir, monkeypatch):
    modules = sys.modules
    for name in [n for n in modules if n == "samtranslator" or n.startswith("samtranslator.")] + ["samtranslator"]:
        monkeypatch.setitem(modules, name, None)  # import samtranslator(.anything) -> ImportError
    with pytest.raises(ParameterError) as error:
        run(paths=[str(fixtures_dir / "sam-function")])
    assert error.value.option == "paths"
    assert "AWS::Serverless-2016-10-31" in error.value.message
    assert "pip install aws-sam-translator" in error.value.message


def test_sam_translator_errors_name_the_file(tmp_path):
    template = tmp_path / "bad.yaml"
    template.write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"
                        "    Properties: {Handler: app.h, Runtime: python3.12, CodeUri: src/, Events: {E: {Type: Nope}}}\n")
    with pytest.raises(ParameterError) as error:
        run(paths=[str(template)])
    assert error.value.option == "paths" and str(template) in error.value.message
    assert "rejects it" in error.value.message
