# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._templates.reader import (
    Template,
    discover,
    neutralize_jinja,
    parse_text,
)

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "proton_templates"


def parse(text):
    neutral = neutralize_jinja(text)[0]
    return parse_text(neutral, "test.yaml", "paths")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


# --- every short-form tag ---------------------------------------------------------------------

SHORT_FORMS = [
    ("!Base64 hello", {"Fn::Base64": "hello"}),
    ("!Cidr [10.0.0.0/16, 4, 8]", {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}),
    ("!FindInMap [Map, Top, Second]", {"Fn::FindInMap": ["Map", "Top", "Second"]}),
    ("!GetAtt Bucket.Arn", {"Fn::GetAtt": ["Bucket", "Arn"]}),
    ("!GetAtt Db.Endpoint.Address", {"Fn::GetAtt": ["Db", "Endpoint.Address"]}),
    ("!GetAtt [Bucket, Arn]", {"Fn::GetAtt": ["Bucket", "Arn"]}),
    ("!GetAZs ''", {"Fn::GetAZs": ""}),
    ("!ImportValue shared-vpc-id", {"Fn::ImportValue": "shared-vpc-id"}),
    ("!Join [',', [a, b]]", {"Fn::Join": [",", ["a", "b"]]}),
    ("!Select [0, [a, b]]", {"Fn::Select": [0, ["a", "b"]]}),
    ("!Split [',', 'a,b']", {"Fn::Split": [",", "a,b"]}),
    ("!Sub '${AWS::StackName}-x'", {"Fn::Sub": "${AWS::StackName}-x"}),
    ("!Sub ['${A}', {A: b}]", {"Fn::Sub": ["${A}", {"A": "b"}]}),
    ("!Transform {Name: 'AWS::Include', Parameters: {Location: s3://b/k}}",
     {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}),
    ("!Ref Bucket", {"Ref": "Bucket"}),
    ("!And [!Condition A, !Condition B]", {"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]}),
    ("!Equals [!Ref Env, prod]", {"Fn::Equals": [{"Ref": "Env"}, "prod"]}),
    ("!If [IsProd, 2, 1]", {"Fn::If": ["IsProd", 2, 1]}),
    ("!Not [!Equals [a, b]]", {"Fn::Not": [{"Fn::Equals": ["a", "b"]}]}),
    ("!Or [!Condition A, !Condition B]", {"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]}),
    ("!Condition IsProd", {"Condition": "IsProd"}),
    ("!ToJsonString {a: 1}", {"Fn::ToJsonString": {"a": 1}}),
    ("!Length [a, b]", {"Fn::Length": ["a", "b"]}),
    ("!Contains [[a], !Ref P]", {"Fn::Contains": [["a"], {"Ref": "P"}]}),
    ("!EachMemberEquals [!Ref P, a]", {"Fn::EachMemberEquals": [{"Ref": "P"}, "a"]}),
    ("!EachMemberIn [!Ref P, [a]]", {"Fn::EachMemberIn": [{"Ref": "P"}, ["a"]]}),
    ("!RefAll 'AWS::EC2::VPC::Id'", {"Fn::RefAll": "AWS::EC2::VPC::Id"}),
    ("!ValueOf [P, Tags]", {"Fn::ValueOf": ["P", "Tags"]}),
    ("!ValueOfAll ['AWS::EC2::VPC::Id', Tags]", {"Fn::ValueOfAll": ["AWS::EC2::VPC::Id", "Tags"]}),
]


@pytest.mark.parametrize("source, expected", SHORT_FORMS,
                         ids=[case[0].split()[0] + str(i) for i, case in enumerate(SHORT_FORMS)])
def test_short_form_tag_becomes_long_form(source, expected):
    assert parse("Value: " + source + "\n") == {"Value": expected}


def test_nested_tags_in_block_style():
    text = """
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !If
        - IsProd
        - !Sub
          - '${Name}-prod'
          - Name: !Select [0, !Split ['-', !Ref 'AWS::StackName']]
        - !Ref 'AWS::NoValue'
"""
    name = parse(text)["Resources"]["Bucket"]["Properties"]["BucketName"]
    assert name == {"Fn::If": ["IsProd", {"Fn::Sub": ["${Name}-prod", {"Name": {"Fn::Select": [
        0, {"Fn::Split": ["-", {"Ref": "AWS::StackName"}]}]}}]}, {"Ref": "AWS::NoValue"}]}


def test_tags_are_not_evaluated_and_unknown_tags_are_kept():
    assert parse("A: !Rain::Embed file.txt\nB: !Ref\n") == {"A": {"Fn::Rain::Embed": "file.txt"}, "B": {"Ref": ""}}


# --- Jinja tolerance --------------------------------------------------------------------------

def test_expressions_become_placeholders_anywhere():
    text = """
Description: {{ environment.name }} stack
Resources:
  Subnet{{ loop.index }}:
    Type: AWS::EC2::Subnet
    Properties:
      CidrBlock: {{ environment.inputs.cidr }}
      Quoted: '{{ service.name }}-x'
      Double: "{{ service.name }}"
      Sub: !Sub '${AWS::StackName}-{{ service_instance.name }}'
      List: [{{ a }}, {{ b | default('x') }}]
"""
    doc = parse(text)
    subnet = doc["Resources"]["Subnet__jinja_2__"]
    assert subnet["Type"] == "AWS::EC2::Subnet"
    assert subnet["Properties"]["CidrBlock"] == "__jinja_3__"
    assert subnet["Properties"]["Sub"] == {"Fn::Sub": "${AWS::StackName}-__jinja_6__"}
    assert subnet["Properties"]["List"] == ["__jinja_7__", "__jinja_8__"]


def test_statements_and_comments_are_removed_keeping_both_branches():
    text = """\
Resources:
  {% if environment.inputs.public %}
  Bucket:
    Type: AWS::S3::Bucket
  {% elif environment.inputs.efs %}
  Files:
    Type: AWS::EFS::FileSystem
  {% else %}
  Bucket:
    Type: AWS::DynamoDB::Table
  {% endif %}
  {#- a comment
      over lines #}
  {%- for q in service.inputs.queues -%}
  Queue{{ loop.index }}:
    Type: AWS::SQS::Queue
  {%- endfor %}
"""
    neutral, counts = neutralize_jinja(text)
    assert counts == dict(expressions=1, statements=6, dropped_lines=0)
    resources = parse_text(neutral, "t", "paths")["Resources"]
    assert resources["Bucket"]["Type"] == "AWS::S3::Bucket"
    assert resources["Bucket~2"]["Type"] == "AWS::DynamoDB::Table"
    assert resources["Files"]["Type"] == "AWS::EFS::FileSystem"
    assert resources["Queue__jinja_1__"]["Type"] == "AWS::SQS::Queue"
    # line numbers are kept, so YAML errors point at the template's own lines
    assert neutral.count("\n") == text.count("\n")


def test_inline_if_else_keeps_one_value():
    doc = parse('{"Status": {% if x %}"Enabled"{% elif y %}"Other"{% else %}"Suspended"{% endif %}, "N": 1}')
    assert doc == {"Status": "Enabled", "N": 1}
    assert parse("Name: a-{% if x %}b{% else %}c{% endif %}-d\n") == {"Name": "a-b-d"}


def test_expression_alone_on_a_line_is_dropped_and_counted():
    text = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    {{ service.inputs.extra_properties | to_yaml }}\n"
    neutral, counts = neutralize_jinja(text)
    assert counts["dropped_lines"] == 1
    assert parse_text(neutral, "t", "paths") == {"Resources": {"A": {"Type": "AWS::SNS::Topic"}}}


def test_json_with_bare_placeholders():
    doc = parse('{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": {{ x }}}}}}')
    assert doc["Resources"]["Q"]["Properties"]["DelaySeconds"] == "__jinja_1__"


def test_invalid_yaml_names_option_and_file():
    with pytest.raises(ParameterError) as e:
        parse_text("Resources: [a\n  b: c", "broken.yaml", "paths")
    assert e.value.option == "paths"
    assert "broken.yaml" in e.value.message and "not valid YAML or JSON" in e.value.message


# --- templates --------------------------------------------------------------------------------

def test_template_types_foreach_transforms_and_untyped(tmp_path):
    path = write(tmp_path, "t.yaml", """
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Resources:
  Fn::ForEach::Topics:
    - Name
    - [a, b]
    - Topic${Name}:
        Type: AWS::SNS::Topic
  Dynamic:
    Type: '{{ service.inputs.kind }}'
  Broken:
    Type: !Ref Kind
  Fn:
    Type: AWS::Serverless::Function
""")
    template = Template(path, "template", "paths")
    assert template.types() == ["AWS::SNS::Topic", "AWS::Serverless::Function"]
    assert template.resources[0][0] == "Fn::ForEach::Topics/Topic${Name}"
    assert template.transforms == ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"]
    assert [u[0] for u in template.untyped] == ["Dynamic", "Broken"]
    assert "Jinja" in template.untyped[0][1]


def test_not_a_template(tmp_path):
    with pytest.raises(ParameterError) as e:
        Template(write(tmp_path, "x.yaml", "Parameters: {}\n"), "template", "paths")
    assert e.value.option == "paths" and "no Resources section" in e.value.message


@pytest.mark.parametrize("token, expected", [
    ("!GetAtt Handler.Arn", "lambda"),
    ("!GetAtt [Handler, Arn]", "lambda"),
    ("!Ref Topic", "sns"),
    ("!GetAtt Topic.TopicArn", "sns"),
    ("!Sub 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:seed'", "lambda"),
    ("arn:aws:sns:us-east-1:123456789012:hooks", "sns"),
    ("!Join ['', ['arn:aws:lambda:', !Ref 'AWS::Region', ':1:function:f']]", "lambda"),
    ("!ImportValue shared-handler", None),
    ("!Ref HandlerArnParameter", None),
    ("'{{ environment.outputs.HandlerArn }}'", None),
])
def test_custom_resource_target(tmp_path, token, expected):
    path = write(tmp_path, "c.yaml", "\n".join([
        "Resources:",
        "  Handler: {Type: AWS::Lambda::Function}",
        "  Topic: {Type: AWS::SNS::Topic}",
        "  Seed:",
        "    Type: Custom::Seed",
        "    Properties:",
        "      ServiceToken: " + token,
        ""]))
    template = Template(path, "template", "paths")
    seed = [r for i, t, r in template.resources if i == "Seed"][0]
    assert template.custom_resource_target(seed) == expected


# --- bundles ----------------------------------------------------------------------------------

def test_discover_bundles_kinds_and_skipped():
    sources, skipped = discover([str(FIXTURES / "vpc-ecs-environment"), str(FIXTURES / "fargate-service"),
                                 str(FIXTURES / "lambda-service")], "paths")
    found = [(os.path.relpath(s["path"], str(FIXTURES)), s["kind"]) for s in sources]
    assert found == [
        ("vpc-ecs-environment/v1/infrastructure/cloudformation.yaml.j2", "environment"),
        ("fargate-service/v1/instance_infrastructure/cloudformation.yaml.j2", "service_instance"),
        ("fargate-service/v1/pipeline_infrastructure/cloudformation.yaml.j2", "service_pipeline"),
        ("lambda-service/v1/instance_infrastructure/cloudformation.yaml.j2", "service_instance"),
    ]
    assert sources[0]["bundle"] == str(FIXTURES / "vpc-ecs-environment" / "v1")
    assert [(os.path.relpath(s["path"], str(FIXTURES)), s["kind"]) for s in skipped] == [
        ("lambda-service/v1/pipeline_infrastructure/manifest.yaml", "service_pipeline")]
    assert "codebuild" in skipped[0]["reason"]


def test_discover_files_manifest_and_duplicates():
    manifest = str(FIXTURES / "fargate-service" / "v1" / "pipeline_infrastructure" / "manifest.yaml")
    component = str(FIXTURES / "s3-component" / "cloudformation.json")
    sources, skipped = discover([manifest, component, manifest], "paths")
    assert [s["kind"] for s in sources] == ["service_pipeline", "template"]
    assert skipped == []


def test_discover_component_manifest(tmp_path):
    write(tmp_path, "component/manifest.yaml", "infrastructure:\n  templates:\n    - file: c.yaml\n"
                                               "      rendering_engine: jinja\n      template_language: cloudformation\n")
    write(tmp_path, "component/c.yaml", "Resources: {}\n")
    sources = discover([str(tmp_path)], "paths")[0]
    assert [s["kind"] for s in sources] == ["component"]


@pytest.mark.parametrize("layout, message", [
    ({}, "holds no Proton manifest"),
    ({"infrastructure/manifest.yaml": "infrastructure: {}\n"}, "is not a Proton manifest"),
    ({"infrastructure/manifest.yaml": "infrastructure:\n  templates:\n    - file: missing.yaml\n"
                                      "      template_language: cloudformation\n"}, "does not exist"),
])
def test_discover_errors_name_option(tmp_path, layout, message):
    (tmp_path / "bundle").mkdir()
    for name, text in layout.items():
        write(tmp_path / "bundle", name, text)
    with pytest.raises(ParameterError) as e:
        discover([str(tmp_path / "bundle")], "paths")
    assert e.value.option == "paths" and message in e.value.message


def test_missing_path(tmp_path):
    with pytest.raises(ParameterError) as e:
        discover([str(tmp_path / "nope")], "paths")
    assert "does not exist" in e.value.message


@pytest.mark.parametrize("relative, types", [
    ("vpc-ecs-environment/v1/infrastructure/cloudformation.yaml.j2", [
        "AWS::EC2::EIP", "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::Route",
        "AWS::EC2::RouteTable", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::Subnet",
        "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::VPC", "AWS::EC2::VPCGatewayAttachment",
        "AWS::ECS::Cluster", "AWS::IAM::Role", "AWS::ServiceDiscovery::PrivateDnsNamespace"]),
    ("s3-component/cloudformation.template", ["AWS::S3::Bucket", "AWS::S3::BucketPolicy"]),
    ("s3-component/cloudformation.json", ["AWS::S3::Bucket", "AWS::S3::BucketPolicy"]),
])
def test_fixture_templates_parse(relative, types):
    template = Template(str(FIXTURES / relative), "template", "paths")
    assert template.types() == types
    assert template.untyped == []
