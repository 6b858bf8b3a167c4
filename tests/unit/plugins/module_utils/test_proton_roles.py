# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from pathlib import Path

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._proton import role_policies as proton_roles
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_options, role_set
from ansible_collections.awsops.proton.plugins.module_utils._templates import cloudformation, derive
from ansible_collections.awsops.proton.plugins.module_utils._templates import policy_documents as provisioning_policy
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._iam import actions as iam_actions
from ansible_collections.awsops.proton.plugins.module_utils._aws.policy import parse_policy
from ansible_collections.awsops.proton.plugins.module_utils._proton.client import (
    ProtonAPIError,
    rejects_role,
    retry_role_propagation,
    unavailable_error,
)

ACCOUNT = "123456789012"
KINDS = proton_roles.ROLE_KINDS
# Names where IAM's prefix is neither the boto3 client name alone nor obvious.
TRICKY_PREFIXES = ("s3", "ecs", "ec2", "logs", "cloudwatch", "elasticloadbalancing", "lambda", "iam", "sts",
                   "cloudformation", "execute-api", "states", "elasticfilesystem", "ecr", "es", "ses",
                   "mobiletargeting", "application-autoscaling", "autoscaling", "dynamodb", "sqs", "sns")


def given(kind, **kwargs):
    return proton_roles.PermissionInput(KINDS[kind], "aws", ACCOUNT, **kwargs)


def statement_of(trust):
    assert len(trust["Statement"]) == 1
    return trust["Statement"][0]


# ---------------------------------------------------------------- trust


@pytest.mark.parametrize("kind", ["environment_provisioning", "environment_component"])
def test_environment_roles_trust_proton_with_both_conditions(kind):
    statement = statement_of(proton_roles.build_trust_policy(KINDS[kind], "aws", ACCOUNT))
    assert statement["Principal"] == {"Service": "proton.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT},
        "ArnLike": {"aws:SourceArn": "arn:aws:proton:*:123456789012:environment/*"},
    }


def test_source_arn_has_the_service_in_the_third_field_not_the_old_misprint():
    arn = proton_roles.environment_source_arn("aws", ACCOUNT)
    parts = arn.split(":")
    assert parts[:4] == ["arn", "aws", "proton", "*"]
    assert parts[4] == ACCOUNT
    assert "arn:aws::proton" not in arn


@pytest.mark.parametrize("kind, principal", [
    ("pipeline_service", "proton.amazonaws.com"),
    ("environment_codebuild", "codebuild.amazonaws.com"),
    ("pipeline_codebuild", "codebuild.amazonaws.com"),
])
def test_pipeline_and_codebuild_roles_carry_source_account_only(kind, principal):
    statement = statement_of(proton_roles.build_trust_policy(KINDS[kind], "aws", ACCOUNT))
    assert statement["Principal"] == {"Service": principal}
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}


def test_trust_uses_the_partition_in_source_arn():
    statement = statement_of(proton_roles.build_trust_policy(KINDS["environment_provisioning"], "aws-us-gov",
                                                             ACCOUNT))
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"] == "arn:aws-us-gov:proton:*:123456789012:environment/*"


def test_trust_conditions_can_be_replaced_or_switched_off():
    replacement = {"StringEquals": {"aws:SourceAccount": ["111111111111", "222222222222"]}}
    replaced = statement_of(proton_roles.build_trust_policy(KINDS["environment_provisioning"], "aws", ACCOUNT,
                                                            conditions=replacement))
    assert replaced["Condition"] == replacement
    off = statement_of(proton_roles.build_trust_policy(KINDS["environment_provisioning"], "aws", ACCOUNT,
                                                       conditions=replacement, protect=False))
    assert "Condition" not in off


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_trust_policy_is_a_valid_document(kind):
    parse_policy(proton_roles.build_trust_policy(KINDS[kind], "aws", ACCOUNT), "trust")


# ---------------------------------------------------------------- permissions


def test_scoped_proton_role_gets_stacks_and_listed_services_via_cloudformation():
    permissions = proton_roles.build_permissions("scoped", given("environment_provisioning", services=["s3", "ecs"]))
    stacks, unscoped, services = permissions.statements
    assert stacks["Resource"] == "arn:aws:cloudformation:*:123456789012:stack/AWSProton-*"
    assert "cloudformation:CreateStack" in stacks["Action"]
    assert len(stacks["Action"]) == 15 and unscoped["Resource"] == "*"
    assert services["Action"] == ["ecs:*", "s3:*"]
    assert services["Resource"] == "*"
    assert services["Condition"] == {"ForAnyValue:StringEquals": {"aws:CalledVia": ["cloudformation.amazonaws.com"]}}
    assert permissions.managed_policies == []
    assert permissions.warnings == []


def test_scoped_without_services_is_only_the_stack_statement():
    permissions = proton_roles.build_permissions("scoped", given("pipeline_service"))
    assert [s["Sid"] for s in permissions.statements] == ["ProtonCloudFormationStacks",
                                                          "ProtonCloudFormationStacksAnyResource"]


def test_scoped_codebuild_role_gets_basics_and_direct_services():
    permissions = proton_roles.build_permissions("scoped", given("environment_codebuild", services=["s3"]))
    assert permissions.managed_policies == ["arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess"]
    assert permissions.statements == [{"Sid": "Services", "Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]
    bare = proton_roles.build_permissions("scoped", given("pipeline_codebuild"))
    assert bare.statements == [] and bare.inline_policies() == {}


def test_administrator_proton_role_is_the_documented_policy_with_a_warning():
    permissions = proton_roles.build_permissions("administrator", given("environment_provisioning"))
    stacks, unscoped, broad, reads = permissions.statements
    assert [stacks, unscoped] == cloudformation.stack_statements("aws", ACCOUNT)
    assert broad["NotAction"] == ["organizations:*", "account:*"]
    assert broad["Condition"] == proton_roles.called_via_cloudformation()
    assert reads["Action"] == ["organizations:DescribeOrganization", "account:ListRegions"]
    assert reads["Condition"] == proton_roles.called_via_cloudformation()
    assert len(permissions.warnings) == 1 and "sandboxes" in permissions.warnings[0]


def test_administrator_codebuild_role_has_basics_and_no_cloudformation_condition():
    permissions = proton_roles.build_permissions("administrator", given("pipeline_codebuild"))
    assert permissions.managed_policies == ["arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess"]
    assert all("Condition" not in s for s in permissions.statements)
    assert permissions.warnings


def test_custom_is_exactly_the_given_statements_and_policies():
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    permissions = proton_roles.build_permissions("custom", given(
        "environment_component", statements=[statement], managed_policies=["ReadOnlyAccess"]))
    assert permissions.statements == [statement]
    assert permissions.managed_policies == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    document = permissions.inline_policies()[proton_roles.INLINE_POLICY_NAME]
    assert document == {"Version": "2012-10-17", "Statement": [statement]}


def test_partition_reaches_every_arn():
    permissions = proton_roles.build_permissions("scoped", given("environment_codebuild"))
    assert permissions.managed_policies[0].startswith("arn:aws:iam::aws:policy/")
    china = proton_roles.PermissionInput(KINDS["environment_provisioning"], "aws-cn", ACCOUNT)
    assert proton_roles.build_permissions("scoped", china).statements[0]["Resource"].startswith(
        "arn:aws-cn:cloudformation:")


def test_names_map_options_to_the_callers_variables():
    names = {"permissions": "environment_roles_permissions", "statements": "environment_roles_custom_statements",
             "managed_policies": "environment_roles_custom_managed_policies",
             "services": "environment_roles_services"}.get
    with pytest.raises(ParameterError) as error:
        proton_roles.build_permissions("custom", given("environment_provisioning", names=names))
    assert error.value.option == "environment_roles_permissions"
    assert "environment_roles_custom_statements" in error.value.rule
    with pytest.raises(ParameterError) as error:
        proton_roles.build_permissions("administrator", given("environment_provisioning", services=["s3"],
                                                              names=names))
    assert error.value.option == "environment_roles_services"
    assert "only used when environment_roles_permissions is from_templates or scoped, not administrator" in error.value.rule


def test_every_mode_has_its_options_and_a_name():
    assert set(proton_roles.PERMISSION_MODES) == set(proton_roles.MODE_OPTIONS)
    assert set(proton_roles.PERMISSION_MODES) == set(role_options.PERMISSION_MODE_NAMES)


def test_the_module_knows_every_kind_by_name():
    # The module's options (role_options, which the module imports without the planner) name the planner's kinds.
    assert sorted(role_options.ROLE_KIND_NAMES) == sorted(proton_roles.ROLE_KINDS)
    assert role_options.ROLE_SPEC["kind"]["choices"] == sorted(proton_roles.ROLE_KINDS)


def test_the_argument_specs_choices_are_the_modes():
    # build_permissions no longer checks the mode name: the argument spec's choices do.
    for spec in (role_options.ARGUMENT_SPEC, role_options.MODULE_ARGUMENT_SPEC, role_set.POLICY_ARGUMENT_SPEC):
        assert sorted(spec["permissions"]["choices"]) == sorted(proton_roles.PERMISSION_MODES)


def test_stack_statement_is_defined_once_in_cloudformation():
    statement = cloudformation.stack_statement("aws", ACCOUNT)
    assert statement["Action"] == list(cloudformation.STACK_ACTIONS)
    assert len(statement["Action"]) == 16
    assert statement["Sid"] == "ProtonCloudFormationStacks"
    assert statement["Resource"] == cloudformation.stack_arn("aws", ACCOUNT)
    stacks, unscoped = cloudformation.stack_statements("aws", ACCOUNT)
    assert stacks == dict(statement, Action=[a for a in statement["Action"]
                                             if a != "cloudformation:DescribeStackDriftDetectionStatus"])
    assert unscoped["Action"] == "cloudformation:DescribeStackDriftDetectionStatus" and unscoped["Resource"] == "*"
    assert proton_roles.cloudformation_stack_statements is cloudformation.stack_statements
    assert provisioning_policy.stack_statements is cloudformation.stack_statements
    assert proton_roles.called_via_cloudformation is cloudformation.called_via_cloudformation
    assert provisioning_policy.called_via_cloudformation is cloudformation.called_via_cloudformation
    assert cloudformation.called_via_cloudformation() == {
        "ForAnyValue:StringEquals": {"aws:CalledVia": ["cloudformation.amazonaws.com"]}}
    for gone in ("CLOUDFORMATION_STACK_ACTIONS", "cloudformation_stack_arn", "given_template_policy",
                 "TEMPLATE_POLICY_OPTIONS", "_template_policy_failure"):
        assert not hasattr(proton_roles, gone)
    assert not hasattr(provisioning_policy, "CALLED_VIA_CLOUDFORMATION")


def test_role_arn_includes_the_path():
    assert proton_roles.role_arn("aws", ACCOUNT, "/proton/", "R") == "arn:aws:iam::123456789012:role/proton/R"


# ---------------------------------------------------------------- from_templates

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "proton_templates"
ENVIRONMENT_BUNDLE = str(FIXTURES / "vpc-ecs-environment" / "v1")
FARGATE_PIPELINE = str(FIXTURES / "fargate-service" / "v1" / "pipeline_infrastructure")
LAMBDA_PIPELINE = str(FIXTURES / "lambda-service" / "v1" / "pipeline_infrastructure")
ROLE_VARIABLES = {
    "permissions": "environment_roles_permissions",
    "services": "environment_roles_services",
    "template_paths": "environment_roles_template_paths",
    "template_policy": "environment_roles_template_paths",
    "template_unknown_types": "environment_roles_template_unknown_types",
    "template_type_actions": "environment_roles_template_type_actions",
    "template_extra_actions": "environment_roles_template_extra_actions",
    "template_oversize": "environment_roles_template_oversize",
}


def derived(paths, **params):
    """The template_policy backend's result for ``paths`` (what role_set passes as template_policy)."""
    arguments = dict((k, v.get("default")) for k, v in derive.ARGUMENT_SPEC.items())
    arguments.update(paths=paths, account_id=ACCOUNT, **params)
    return derive.derive(arguments, lambda message: None)


def from_templates(kind, result, paths=(ENVIRONMENT_BUNDLE,), names=ROLE_VARIABLES.get, **kwargs):
    def name(option):
        return names(option) or option

    return proton_roles.build_permissions("from_templates", given(kind, template_paths=list(paths),
                                                                  template_policy=result, names=name, **kwargs))


@pytest.mark.parametrize("kind", ["environment_provisioning", "environment_component"])
def test_from_templates_proton_roles_get_exactly_template_policys_document(kind):
    result = derived([ENVIRONMENT_BUNDLE])
    permissions = from_templates(kind, result)
    document = permissions.inline_policies()[proton_roles.INLINE_POLICY_NAME]
    assert document == result["policy"]
    stacks, unscoped, resources = document["Statement"]
    assert [stacks, unscoped] == proton_roles.cloudformation_stack_statements("aws", ACCOUNT)
    assert stacks["Resource"] == cloudformation.stack_arn("aws", ACCOUNT)
    assert resources["Condition"] == {"ForAnyValue:StringEquals": {"aws:CalledVia": ["cloudformation.amazonaws.com"]}}
    assert resources["Action"] == result["report"]["actions"]
    assert "ec2:CreateVpc" in resources["Action"] and "ecs:CreateCluster" in resources["Action"]
    assert permissions.managed_policies == [] and permissions.warnings == []


def test_from_templates_pipeline_service_role_gets_the_pipelines_document():
    result = derived([FARGATE_PIPELINE], unknown_types="wildcard")
    permissions = from_templates("pipeline_service", result, paths=[FARGATE_PIPELINE])
    assert permissions.statements == result["policy"]["Statement"]
    assert "codebuild:*" in permissions.statements[2]["Action"]


def test_from_templates_services_are_for_the_codebuild_roles_only():
    result = derived([ENVIRONMENT_BUNDLE])
    codebuild = from_templates("environment_codebuild", result, services=["s3"])
    assert codebuild.managed_policies == ["arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess"]
    assert codebuild.statements == [{"Sid": "Services", "Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]
    bare = from_templates("environment_codebuild", result)
    assert bare.statements == [] and bare.inline_policies() == {} and bare.warnings == []
    provisioning = from_templates("environment_provisioning", result, services=["s3"])
    assert provisioning.statements == result["policy"]["Statement"]


def test_codebuild_role_warns_about_manifests_nothing_can_be_derived_from():
    result = derived([FARGATE_PIPELINE, LAMBDA_PIPELINE], unknown_types="wildcard")
    paths = [FARGATE_PIPELINE, LAMBDA_PIPELINE]
    names = dict(ROLE_VARIABLES, template_paths="pipeline_roles_template_paths", services="pipeline_roles_services")
    permissions = from_templates("pipeline_codebuild", result, paths=paths, names=names.get)
    assert len(permissions.warnings) == 1
    warning = permissions.warnings[0]
    assert warning.startswith("ProtonPipelineCodeBuildRole: 1 manifest(s) in pipeline_roles_template_paths")
    assert LAMBDA_PIPELINE in warning and "pipeline_roles_services" in warning
    assert from_templates("pipeline_codebuild", result, paths=paths, services=["cloudformation"]).warnings == []
    assert from_templates("pipeline_service", result, paths=paths).warnings == []


def test_from_templates_needs_template_paths():
    with pytest.raises(ParameterError) as error:
        from_templates("environment_provisioning", derived([ENVIRONMENT_BUNDLE]), paths=[])
    assert error.value.option == "environment_roles_template_paths"
    assert "is required when environment_roles_permissions is from_templates" in error.value.rule


def test_templates_of_another_role_are_rejected():
    pipeline = derived([FARGATE_PIPELINE], unknown_types="wildcard")
    with pytest.raises(ParameterError) as error:
        from_templates("environment_provisioning", pipeline, paths=[FARGATE_PIPELINE])
    assert error.value.option == "environment_roles_template_paths"
    assert "cloudformation.yaml.j2 is a service pipeline template (pipeline_infrastructure), which AWS Proton " \
           "deploys with the pipeline service role" in error.value.rule
    environment = derived([ENVIRONMENT_BUNDLE])
    with pytest.raises(ParameterError) as error:
        from_templates("pipeline_service", environment)
    assert "is an environment template, which AWS Proton deploys with the environment provisioning role" \
        in error.value.rule
    assert "give only what the pipeline_service role deploys (service templates' pipeline_infrastructure)" \
        in error.value.rule


def test_a_template_file_given_directly_suits_every_role():
    component = str(FIXTURES / "s3-component" / "cloudformation.template")
    result = derived([component])
    for kind in ("environment_provisioning", "environment_component", "pipeline_service"):
        assert from_templates(kind, result, paths=[component]).statements == result["policy"]["Statement"]


def test_template_options_belong_to_from_templates_only():
    with pytest.raises(ParameterError) as error:
        proton_roles.build_permissions("scoped", given("environment_provisioning", template_paths=["t"],
                                                       names=lambda o: ROLE_VARIABLES.get(o, o)))
    assert error.value.option == "environment_roles_template_paths"
    assert "only used when environment_roles_permissions is from_templates, not scoped" in error.value.rule
    # Outside from_templates a derived policy is not used.
    result = derived([ENVIRONMENT_BUNDLE])
    scoped = proton_roles.build_permissions("scoped", given("environment_provisioning", template_policy=result))
    assert [s["Sid"] for s in scoped.statements] == [
        "ProtonCloudFormationStacks", "ProtonCloudFormationStacksAnyResource"]


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("name", TRICKY_PREFIXES)
def test_tricky_service_prefixes_are_in_the_generated_table(name):
    assert iam_actions.is_service_prefix(name)
    assert name in iam_actions.service_prefixes()


@pytest.mark.parametrize("name", ["s4", "cloudformations", "elb2", "ec2:*", "s3*", "auto-scaling", "", "elbv2",
                                  "stepfunctions", "monitoring"])
def test_check_services_rejects_what_is_no_prefix(name):
    with pytest.raises(ParameterError) as error:
        proton_roles.check_services("environment_roles_services", [name])
    assert error.value.option == "environment_roles_services"


def test_check_services_normalises():
    assert proton_roles.check_services("s", ["S3", "ecs", "s3", " ec2 "]) == ["ec2", "ecs", "s3"]


@pytest.mark.parametrize("statements, rule", [
    ("not a list", "must be a list"),
    ([{"Effect": "Allow", "Action": "s3:*"}], "needs a Resource"),
    ([{"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}], "Effect must be Allow or Deny"),
    ([{"Effect": "Allow", "Resource": "*"}], "exactly one of Action or NotAction"),
    ([{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": "*"}], "has a Principal"),
    ([{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Bogus": 1}], "unknown element"),
])
def test_check_statements_rejects_malformed_statements(statements, rule):
    with pytest.raises(ParameterError) as error:
        proton_roles.check_statements("pipeline_roles_custom_statements", statements)
    assert error.value.option == "pipeline_roles_custom_statements"
    assert rule in error.value.rule


def test_check_conditions():
    assert proton_roles.check_conditions("c", {}) is None
    good = {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    assert proton_roles.check_conditions("c", good) == good
    for bad in ({"StringEquals": "x"}, {"StringEquals": {"k": {"nested": 1}}}, ["x"]):
        with pytest.raises(ParameterError):
            proton_roles.check_conditions("c", bad)


# ---------------------------------------------------------------- proton.py: end of support, propagation


def api_error(code, message="m", operation="UpdateAccountSettings"):
    return AWSAPIError(operation, code, message, status=400, service="proton")


@pytest.mark.parametrize("code, phrase", [
    ("AccessDeniedException", "AWS Proton refused"),
    ("EndpointConnectionError", "AWS Proton cannot be reached"),
])
def test_unavailable_errors_say_that_support_ended(code, phrase):
    error = unavailable_error(api_error(code), "us-east-1")
    assert isinstance(error, ProtonAPIError)
    assert phrase in error.message and "2026-10-07" in error.message
    assert error.code == code and error.operation == "UpdateAccountSettings"


def test_other_errors_pass_through():
    original = api_error("ValidationException")
    assert unavailable_error(original, "us-east-1") is original


def test_role_rejections_are_retried_until_the_timeout_then_explained():
    arn = "arn:aws:iam::123456789012:role/New"
    assert rejects_role(api_error("ValidationException", "role {0} does not exist".format(arn)), [arn])
    assert not rejects_role(api_error("ValidationException", "Repository is not linked"), [arn])
    assert not rejects_role(api_error("AccessDeniedException", "role"), [arn])

    clock = {"now": 0.0}
    attempts = []

    def fn():
        attempts.append(clock["now"])
        raise api_error("ValidationException", "role {0} does not exist".format(arn))

    def sleep(seconds):
        clock["now"] += seconds

    with pytest.raises(ProtonAPIError) as error:
        retry_role_propagation(fn, [arn], 10, "role_propagation_timeout", sleep=sleep, clock=lambda: clock["now"])
    assert len(attempts) > 2
    assert "still rejects {0} after 10 seconds".format(arn) in error.value.message
    assert "role_propagation_timeout" in error.value.message


def test_propagation_retry_succeeds_once_the_role_is_visible():
    arn = "arn:aws:iam::123456789012:role/New"
    outcomes = [api_error("ValidationException", "role not found"), {"accountSettings": {}}]

    def fn():
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert retry_role_propagation(fn, [arn], 10, "t", sleep=lambda s: None) == {"accountSettings": {}}


def test_no_retry_when_no_role_is_being_set():
    def fn():
        raise api_error("ValidationException", "role")

    with pytest.raises(AWSAPIError) as error:
        retry_role_propagation(fn, ["", None], 10, "t", sleep=lambda s: pytest.fail("slept"))
    assert not isinstance(error.value, ProtonAPIError)
