# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_proton/role_set.py: the planner of proton_roles and of proton_role_policy (plan_one); role_converge.py, the module's
side of a plan (filled in, checked). No AWS call.

Params are plain dicts built from the argument specs' defaults, as AnsibleModule (or the action plugin)
would fill them; variable names are the ones roles/environment_roles and roles/pipeline_roles pass. As the
action plugins do, ``from_templates`` reads the templates first (``read_role_templates``, controller-side).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_converge, role_options, role_policies
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_set
from ansible_collections.awsops.proton.plugins.module_utils._templates import cloudformation
from ansible_collections.awsops.proton.plugins.module_utils._templates import derive
from ansible_collections.awsops.proton.plugins.module_utils._proton.role_templates import read_role_templates

ACCOUNT = "123456789012"
FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "proton_templates"
ENVIRONMENT_BUNDLE = str(FIXTURES / "vpc-ecs-environment")
FARGATE_INSTANCE = str(FIXTURES / "fargate-service" / "v1" / "instance_infrastructure")
FARGATE_PIPELINE = str(FIXTURES / "fargate-service" / "v1" / "pipeline_infrastructure")
LAMBDA_PIPELINE = str(FIXTURES / "lambda-service" / "v1" / "pipeline_infrastructure")
CODEBUILD_BASIC = "arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess"

ENVIRONMENT_ROLES = [
    dict(kind="environment_provisioning", name="ProtonEnvironmentServiceRole",
         name_variable="environment_roles_provisioning_role_name"),
    dict(kind="environment_codebuild", name="ProtonEnvironmentCodeBuildRole",
         name_variable="environment_roles_codebuild_role_name"),
    dict(kind="environment_component", name="ProtonComponentRole",
         name_variable="environment_roles_component_role_name"),
]
PIPELINE_ROLES = [
    dict(kind="pipeline_service", name="ProtonPipelineServiceRole", name_variable="pipeline_roles_service_role_name"),
    dict(kind="pipeline_codebuild", name="ProtonPipelineCodeBuildRole",
         name_variable="pipeline_roles_codebuild_role_name"),
]


def variables(prefix):
    """roles/<prefix>/vars/main.yml's variable_names."""
    names = dict((option, "{0}_{1}".format(prefix, option)) for option in (
        "permissions", "services", "template_paths", "template_unknown_types", "template_type_actions",
        "template_extra_actions", "template_oversize", "confused_deputy_conditions", "trust_conditions",
        "source_account", "path", "max_session_duration", "tags"))
    names.update(statements=prefix + "_custom_statements", managed_policies=prefix + "_custom_managed_policies",
                 boundary=prefix + "_permissions_boundary", account_id=prefix + "_caller_info",
                 partition=prefix + "_caller_info")
    return names


ENVIRONMENT_VARIABLES = variables("environment_roles")
PIPELINE_VARIABLES = variables("pipeline_roles")


def defaults(spec):
    return dict((key, copy.deepcopy(option.get("default"))) for key, option in spec.items())


def params(roles, variable_names=None, **changes):
    """proton_roles's params: the argument spec's defaults, the caller's account and partition."""
    result = defaults(role_set.ARGUMENT_SPEC)
    result.update(roles=copy.deepcopy(roles), account_id=ACCOUNT, partition="aws",
                  variable_names=dict(variable_names or {}))
    result.update(changes)
    return result


def plan(given):
    warnings = []
    names = role_set.namer(given["variable_names"])
    planned = role_set.plan(read_role_templates(given, names), names, warnings.append)
    return planned, warnings


def plan_environment(**changes):
    return plan(params(ENVIRONMENT_ROLES, ENVIRONMENT_VARIABLES, **changes))


def plan_pipeline(**changes):
    return plan(params(PIPELINE_ROLES, PIPELINE_VARIABLES, **changes))


def by_kind(planned):
    return dict((entry["kind"], entry) for entry in planned)


def statements(entry):
    inline = entry["role"]["inline_policies"]
    return inline[role_policies.INLINE_POLICY_NAME]["Statement"] if inline else []


def rejected(plan_fn, **changes):
    with pytest.raises(ParameterError) as error:
        plan_fn(**changes)
    return error.value


# ---------------------------------------------------------------- the plan's shape


def test_plan_gives_each_role_its_kind_name_arn_and_iam_role_options():
    planned, warnings = plan_environment(services=["s3"])
    assert [entry["kind"] for entry in planned] == [role["kind"] for role in ENVIRONMENT_ROLES]
    assert warnings == []
    for entry, given in zip(planned, ENVIRONMENT_ROLES):
        assert sorted(entry) == ["arn", "kind", "name", "role"]
        assert entry["name"] == given["name"]
        assert entry["arn"] == "arn:aws:iam::{0}:role/{1}".format(ACCOUNT, given["name"])
        role = entry["role"]
        assert role["name"] == given["name"] and role["state"] == "present" and role["path"] == "/"
        assert role["description"] == role_policies.ROLE_KINDS[given["kind"]].description
        assert role["purge_inline_policies"] and role["purge_policies"] and role["purge_tags"]
        assert role["allow_wildcard_principal"] is False and role["delete_instance_profile"] is False
        assert role["max_session_duration"] == 3600 and role["boundary"] == "" and role["tags"] == {}


def test_roles_without_a_name_get_the_kinds_default_name_and_the_path_reaches_the_arn():
    planned, unused_warnings = plan(params([dict(kind="pipeline_service", name=None, name_variable=None)],
                                           path="/proton/", tags={"team": 7}))
    entry = planned[0]
    assert entry["name"] == "ProtonPipelineServiceRole"
    assert entry["arn"] == "arn:aws:iam::123456789012:role/proton/ProtonPipelineServiceRole"
    assert entry["role"]["path"] == "/proton/" and entry["role"]["tags"] == {"team": "7"}


def test_trust_policies_carry_the_confused_deputy_conditions():
    planned, unused_warnings = plan_environment()
    kinds = by_kind(planned)
    provisioning = kinds["environment_provisioning"]["role"]["assume_role_policy_document"]["Statement"][0]
    assert provisioning["Principal"] == {"Service": "proton.amazonaws.com"}
    assert provisioning["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT},
        "ArnLike": {"aws:SourceArn": "arn:aws:proton:*:123456789012:environment/*"}}
    codebuild = kinds["environment_codebuild"]["role"]["assume_role_policy_document"]["Statement"][0]
    assert codebuild["Principal"] == {"Service": "codebuild.amazonaws.com"}
    assert codebuild["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    other, unused_warnings = plan_environment(source_account="210987654321", partition="aws-us-gov")
    condition = other[0]["role"]["assume_role_policy_document"]["Statement"][0]["Condition"]
    assert condition["ArnLike"]["aws:SourceArn"] == "arn:aws-us-gov:proton:*:210987654321:environment/*"
    assert other[0]["arn"].startswith("arn:aws-us-gov:iam::123456789012:role/")
    off, unused_warnings = plan_environment(confused_deputy_conditions=False)
    assert "Condition" not in off[0]["role"]["assume_role_policy_document"]["Statement"][0]


# ---------------------------------------------------------------- modes


@pytest.mark.parametrize("plan_fn, proton_kinds, codebuild_kind", [
    (plan_environment, ("environment_provisioning", "environment_component"), "environment_codebuild"),
    (plan_pipeline, ("pipeline_service",), "pipeline_codebuild"),
])
def test_scoped(plan_fn, proton_kinds, codebuild_kind):
    planned, warnings = plan_fn(services=["S3", "ecs"])
    kinds = by_kind(planned)
    assert warnings == []
    for kind in proton_kinds:
        stacks, unscoped, services = statements(kinds[kind])
        assert [stacks, unscoped] == cloudformation.stack_statements("aws", ACCOUNT)
        assert services["Action"] == ["ecs:*", "s3:*"]
        assert services["Condition"] == cloudformation.called_via_cloudformation()
        assert kinds[kind]["role"]["managed_policies"] == []
    codebuild = kinds[codebuild_kind]
    assert statements(codebuild) == [{"Sid": "Services", "Effect": "Allow", "Action": ["ecs:*", "s3:*"],
                                      "Resource": "*"}]
    assert codebuild["role"]["managed_policies"] == [CODEBUILD_BASIC]


@pytest.mark.parametrize("plan_fn, variable", [(plan_environment, "environment_roles_permissions"),
                                               (plan_pipeline, "pipeline_roles_permissions")])
def test_administrator_warns_under_the_callers_variable(plan_fn, variable):
    planned, warnings = plan_fn(permissions="administrator")
    assert len(warnings) == len(planned)
    assert all("{0}=administrator".format(variable) in w and "sandboxes only" in w for w in warnings)
    for entry in planned:
        sids = [s["Sid"] for s in statements(entry)]
        if role_policies.ROLE_KINDS[entry["kind"]].uses_codebuild:
            assert sids == ["Administrator", "OrganizationAndRegionReads"]
            assert entry["role"]["managed_policies"] == [CODEBUILD_BASIC]
        else:
            assert sids == ["ProtonCloudFormationStacks", "ProtonCloudFormationStacksAnyResource", "Administrator",
                            "OrganizationAndRegionReads"]
            assert statements(entry)[:2] == cloudformation.stack_statements("aws", ACCOUNT)


@pytest.mark.parametrize("plan_fn", [plan_environment, plan_pipeline])
def test_custom(plan_fn):
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    planned, warnings = plan_fn(permissions="custom", statements=[statement], managed_policies=["ReadOnlyAccess"])
    assert warnings == []
    for entry in planned:
        assert statements(entry) == [statement]
        assert entry["role"]["managed_policies"] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]


@pytest.mark.parametrize("plan_fn", [plan_environment, plan_pipeline])
def test_custom_actions_iam_cannot_scope_move_to_their_own_statement_on_any_resource(plan_fn):
    statement = {"Sid": "Stacks", "Effect": "Allow", "Resource": "arn:aws:cloudformation:*:123456789012:stack/app-*",
                 "Action": ["cloudformation:DescribeStacks", "cloudformation:DescribeStackDriftDetectionStatus"],
                 "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}
    planned, unused_warnings = plan_fn(permissions="custom", statements=[statement])
    for entry in planned:
        assert statements(entry) == [
            dict(statement, Action="cloudformation:DescribeStacks"),
            {"Sid": "StacksAnyResource", "Effect": "Allow", "Condition": statement["Condition"],
             "Action": "cloudformation:DescribeStackDriftDetectionStatus", "Resource": "*"},
        ]


def test_from_templates_environment_roles():
    planned, warnings = plan_environment(permissions="from_templates", template_paths=[ENVIRONMENT_BUNDLE,
                                                                                       FARGATE_INSTANCE])
    kinds = by_kind(planned)
    for kind in ("environment_provisioning", "environment_component"):
        stacks, unscoped, resources = statements(kinds[kind])[:3]
        assert [stacks, unscoped] == cloudformation.stack_statements("aws", ACCOUNT)
        assert resources["Sid"] == "ResourcesViaCloudFormation"
        assert resources["Condition"] == cloudformation.called_via_cloudformation()
        assert {"ec2:CreateVpc", "ecs:CreateCluster", "ecs:CreateService"} <= set(resources["Action"])
        assert kinds[kind]["role"]["managed_policies"] == []
    assert statements(kinds["environment_provisioning"]) == statements(kinds["environment_component"])
    codebuild = kinds["environment_codebuild"]
    assert statements(codebuild) == [] and codebuild["role"]["managed_policies"] == [CODEBUILD_BASIC]
    assert warnings == []


def test_from_templates_pipeline_roles():
    planned, warnings = plan_pipeline(permissions="from_templates", template_unknown_types="wildcard",
                                      template_paths=[FARGATE_PIPELINE, LAMBDA_PIPELINE])
    kinds = by_kind(planned)
    stacks, unscoped, resources = statements(kinds["pipeline_service"])[:3]
    assert [stacks, unscoped] == cloudformation.stack_statements("aws", ACCOUNT)
    assert "codebuild:*" in resources["Action"] and "codepipeline:CreatePipeline" in resources["Action"]
    # The lambda-service pipeline is CodeBuild-provisioned: the CodeBuild role is told to list its services.
    assert any("AWS::CodeBuild::Project" in w and "codebuild:*" in w for w in warnings)
    manifest = [w for w in warnings if w.startswith("ProtonPipelineCodeBuildRole: 1 manifest(s)")]
    assert len(manifest) == 1
    assert "pipeline_roles_template_paths" in manifest[0] and "pipeline_roles_services" in manifest[0]
    assert kinds["pipeline_codebuild"]["role"]["managed_policies"] == [CODEBUILD_BASIC]


@pytest.mark.parametrize("plan_fn, kind, paths", [
    (plan_environment, "environment_provisioning", [ENVIRONMENT_BUNDLE]),
    (plan_pipeline, "pipeline_service", [FARGATE_PIPELINE]),
])
def test_the_stack_statement_is_the_same_in_scoped_and_from_templates(plan_fn, kind, paths):
    scoped = statements(by_kind(plan_fn(services=["s3"])[0])[kind])[:2]
    derived = statements(by_kind(plan_fn(permissions="from_templates", template_paths=paths,
                                         template_unknown_types="wildcard")[0])[kind])[:2]
    administrator = statements(by_kind(plan_fn(permissions="administrator")[0])[kind])[:2]
    assert scoped == derived == administrator
    stacks, unscoped = scoped
    assert stacks["Sid"] == "ProtonCloudFormationStacks"
    assert stacks["Resource"] == "arn:aws:cloudformation:*:123456789012:stack/AWSProton-*"
    # IAM allows DescribeStackDriftDetectionStatus only on "*" (no resource-level permission).
    assert unscoped == {"Sid": "ProtonCloudFormationStacksAnyResource", "Effect": "Allow",
                        "Action": "cloudformation:DescribeStackDriftDetectionStatus", "Resource": "*"}
    assert sorted(stacks["Action"] + [unscoped["Action"]]) == sorted(cloudformation.STACK_ACTIONS)


def test_from_templates_reads_the_templates_once_for_the_set(monkeypatch):
    calls = []
    real = derive.read

    def counting(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(derive, "read", counting)
    plan_environment(permissions="from_templates", template_paths=[ENVIRONMENT_BUNDLE])
    assert calls == [1]
    plan_environment(services=["s3"])
    assert calls == [1]


# ---------------------------------------------------------------- errors under the caller's variables


@pytest.mark.parametrize("changes, variable, rule", [
    (dict(services=["s4"]), "environment_roles_services", "'s4' is not an AWS service prefix"),
    (dict(services=["s3:GetObject"]), "environment_roles_services", "give the service prefix only"),
    (dict(permissions="custom"), "environment_roles_permissions",
     "custom needs environment_roles_custom_statements or environment_roles_custom_managed_policies"),
    (dict(permissions="custom", statements=[{"Effect": "Allow", "Action": "s3:*"}]),
     "environment_roles_custom_statements", "needs a Resource"),
    (dict(permissions="administrator", services=["s3"]), "environment_roles_services",
     "only used when environment_roles_permissions is from_templates or scoped, not administrator"),
    (dict(template_paths=[ENVIRONMENT_BUNDLE]), "environment_roles_template_paths",
     "only used when environment_roles_permissions is from_templates, not scoped"),
    (dict(managed_policies=[""], permissions="custom"), "environment_roles_custom_managed_policies",
     "non-empty strings"),
    (dict(trust_conditions={"StringEquals": "x"}), "environment_roles_trust_conditions", "must map condition keys"),
    (dict(path="proton"), "environment_roles_path", "must start and end with '/'"),
    (dict(boundary="nope"), "environment_roles_permissions_boundary", "must be an IAM policy ARN"),
    (dict(max_session_duration=60), "environment_roles_max_session_duration", "between 3600 and 43200"),
    (dict(tags={"aws:x": "y"}), "environment_roles_tags", "reserved"),
    (dict(source_account="12"), "environment_roles_source_account", "12-digit"),
    (dict(account_id="12"), "environment_roles_caller_info", "12-digit"),
    (dict(account_id=None), "environment_roles_caller_info", "is required when state is present"),
    (dict(partition="amazon"), "environment_roles_caller_info", "must be an AWS partition"),
])
def test_errors_name_the_callers_variable(changes, variable, rule):
    error = rejected(plan_environment, **changes)
    assert error.option == variable
    assert rule in error.rule


def test_a_bad_role_name_is_reported_under_its_name_variable():
    roles = copy.deepcopy(ENVIRONMENT_ROLES)
    roles[1]["name"] = "bad name"
    with pytest.raises(ParameterError) as error:
        plan(params(roles, ENVIRONMENT_VARIABLES))
    assert error.value.option == "environment_roles_codebuild_role_name"
    assert "may contain only" in error.value.rule
    roles[1]["name_variable"] = None
    with pytest.raises(ParameterError) as error:
        plan(params(roles, dict(ENVIRONMENT_VARIABLES, roles="environment_roles_managed_roles")))
    assert error.value.option == "environment_roles_managed_roles[1].name"


def test_two_roles_of_a_set_may_not_share_a_name_in_any_case():
    roles = copy.deepcopy(ENVIRONMENT_ROLES)
    roles[1]["name"] = roles[0]["name"].upper()
    with pytest.raises(ParameterError) as error:
        plan(params(roles, ENVIRONMENT_VARIABLES))
    assert error.value.option == "environment_roles_codebuild_role_name"
    assert "environment_provisioning role (environment_roles_provisioning_role_name)" in error.value.rule


@pytest.mark.parametrize("missing", ["account_id", "partition"])
def test_a_present_plan_needs_the_account_and_partition(missing):
    with pytest.raises(ParameterError) as error:
        plan(params(ENVIRONMENT_ROLES, {missing: "environment_roles_caller_info"}, **{missing: None}))
    assert error.value.option == "environment_roles_caller_info"
    assert error.value.rule == "is required when state is present"


def test_from_templates_without_paths_names_the_paths_variable():
    error = rejected(plan_environment, permissions="from_templates")
    assert error.option == "environment_roles_template_paths"
    assert "is required when environment_roles_permissions is from_templates" in error.rule


def test_a_missing_template_path_names_the_paths_variable(tmp_path):
    missing = str(tmp_path / "type_actions" / "oversize" / "v1")
    error = rejected(plan_environment, permissions="from_templates", template_paths=[missing])
    assert error.option == "environment_roles_template_paths"
    # No rewriting of messages any more: an option's name inside a path stays as it is.
    assert error.rule.startswith(missing + " does not exist")


def test_an_unresolved_type_names_the_unknown_types_variable():
    error = rejected(plan_pipeline, permissions="from_templates", template_paths=[FARGATE_PIPELINE])
    assert error.option == "pipeline_roles_template_unknown_types"
    assert "AWS::CodeBuild::Project" in error.rule
    assert "set pipeline_roles_template_unknown_types=wildcard" in error.rule
    assert error.rule.endswith("give the actions in pipeline_roles_template_type_actions")
    assert "unknown_types:" not in error.rule


def test_the_template_options_are_checked_under_the_callers_variables():
    error = rejected(plan_pipeline, permissions="from_templates", template_paths=[FARGATE_PIPELINE],
                     template_type_actions={"AWS::CodeBuild::Project": ["CreateProject"]})
    assert error.option == "pipeline_roles_template_type_actions"
    error = rejected(plan_pipeline, permissions="from_templates", template_paths=[FARGATE_PIPELINE],
                     template_unknown_types="wildcard", template_extra_actions=["s3 GetObject"])
    assert error.option == "pipeline_roles_template_extra_actions"
    planned, unused_warnings = plan_pipeline(
        permissions="from_templates", template_paths=[FARGATE_PIPELINE],
        template_type_actions={"AWS::CodeBuild::Project": ["codebuild:CreateProject"]},
        template_extra_actions=["s3:GetObject"])
    actions = statements(planned[0])[2]["Action"]
    assert "codebuild:CreateProject" in actions and "s3:GetObject" in actions and "codebuild:*" not in actions


def test_templates_of_the_other_role_set_are_rejected():
    error = rejected(plan_pipeline, permissions="from_templates", template_unknown_types="wildcard",
                     template_paths=[str(FIXTURES / "fargate-service")])
    assert error.option == "pipeline_roles_template_paths"
    assert "is a service instance template (instance_infrastructure)" in error.rule
    error = rejected(plan_environment, permissions="from_templates", template_unknown_types="wildcard",
                     template_paths=[FARGATE_PIPELINE])
    assert error.option == "environment_roles_template_paths"
    assert "is a service pipeline template (pipeline_infrastructure)" in error.rule


def test_a_policy_too_big_for_one_inline_document_names_the_oversize_variable(monkeypatch):
    from ansible_collections.awsops.proton.plugins.module_utils._templates import policy_documents

    monkeypatch.setattr(policy_documents, "INLINE_LIMIT", 1200)
    error = rejected(plan_environment, permissions="from_templates", template_paths=[ENVIRONMENT_BUNDLE])
    assert error.option == "environment_roles_template_oversize"
    assert "set environment_roles_template_oversize=widen" in error.rule
    assert "narrow environment_roles_template_paths" in error.rule


def test_without_variable_names_errors_name_proton_roles_own_options():
    with pytest.raises(ParameterError) as error:
        plan(params(PIPELINE_ROLES, permissions="from_templates", template_paths=[FARGATE_PIPELINE]))
    assert error.value.option == "template_unknown_types"
    assert "set template_unknown_types=wildcard" in error.value.rule
    with pytest.raises(ParameterError) as error:
        plan(params(PIPELINE_ROLES, services=["s4"]))
    assert error.value.option == "services"


# ---------------------------------------------------------------- absent


def test_absent_only_checks_the_names():
    planned, warnings = plan_environment(state="absent", account_id=None, partition=None, services=["s4"],
                                         path="bad", permissions="from_templates",
                                         template_paths=["/nowhere"])
    assert warnings == []
    assert planned == [dict(kind=r["kind"], name=r["name"], arn=None,
                            role=dict(name=r["name"], state="absent", delete_instance_profile=False))
                       for r in ENVIRONMENT_ROLES]
    roles = copy.deepcopy(ENVIRONMENT_ROLES)
    roles[0]["name"] = "x" * 65
    with pytest.raises(ParameterError) as error:
        plan(params(roles, ENVIRONMENT_VARIABLES, state="absent"))
    assert error.value.option == "environment_roles_provisioning_role_name"


# ---------------------------------------------------------------- plan_one (proton_role_policy)


def policy_params(**changes):
    result = defaults(role_set.POLICY_ARGUMENT_SPEC)
    result.update(account_id=ACCOUNT)
    result.update(changes)
    return result


def plan_one(**changes):
    warnings = []
    given = policy_params(**changes)
    return role_set.plan_one(read_role_templates(given, role_set.namer(given["variable_names"])),
                             warnings.append), warnings


def test_from_templates_needs_what_the_controller_read():
    # The module process has no template reader: without the action plugin's template_reading it says so.
    given = params(ENVIRONMENT_ROLES, ENVIRONMENT_VARIABLES, permissions="from_templates",
                   template_paths=[ENVIRONMENT_BUNDLE])
    with pytest.raises(ParameterError) as error:
        role_set.plan(given, role_set.namer(given["variable_names"]), lambda message: None)
    assert error.value.option == "environment_roles_template_paths"
    assert "read on the controller" in error.value.rule


def test_what_the_controller_reads_does_not_depend_on_the_account():
    # The action plugin reads with a placeholder account; the module builds the documents for the real one.
    here = plan_environment(permissions="from_templates", template_paths=[ENVIRONMENT_BUNDLE])[0]
    given = params(ENVIRONMENT_ROLES, ENVIRONMENT_VARIABLES, permissions="from_templates",
                   template_paths=[ENVIRONMENT_BUNDLE], account_id="210987654321", partition="aws-us-gov")
    names = role_set.namer(given["variable_names"])
    read = read_role_templates(dict(given, account_id="123456789012", partition="aws"), names)
    there = role_set.plan(dict(given, template_reading=read["template_reading"]), names, lambda message: None)
    documents = [statements(entry) for entry in there]
    assert "arn:aws-us-gov:cloudformation:*:210987654321:stack/AWSProton-*" in str(documents)
    assert "123456789012" not in str(documents)
    assert [len(statements(entry)) for entry in here] == [len(d) for d in documents]


def test_the_policy_argument_spec_is_one_role_of_the_set():
    spec = role_set.POLICY_ARGUMENT_SPEC
    assert "roles" not in spec and "plan_only" not in spec
    assert spec["kind"]["required"] and spec["partition"]["default"] == "aws"
    assert {"role_name", "description"} <= set(spec)


def test_plan_one_result_shape():
    result, warnings = plan_one(kind="environment_provisioning", services=["s3"])
    assert warnings == []
    assert sorted(result) == ["arn", "changed", "kind", "permissions", "role"]
    assert result["changed"] is False and result["kind"] == "environment_provisioning"
    assert result["permissions"] == "scoped"
    assert result["arn"] == "arn:aws:iam::123456789012:role/ProtonEnvironmentServiceRole"
    role = result["role"]
    assert sorted(role) == ["assume_role_policy_document", "boundary", "description", "inline_policies",
                            "managed_policies", "max_session_duration", "name", "path", "tags"]
    assert role["name"] == "ProtonEnvironmentServiceRole"
    assert role["description"] == role_policies.ROLE_KINDS["environment_provisioning"].description
    # The same role the set plans.
    planned, unused_warnings = plan(params([dict(kind="environment_provisioning", name=None, name_variable=None)],
                                           services=["s3"]))
    assert dict((key, planned[0]["role"][key]) for key in role) == role


def test_plan_one_takes_a_name_and_description_and_warns():
    result, warnings = plan_one(kind="pipeline_codebuild", role_name="MyPipelineRole", description="mine",
                                permissions="administrator", variable_names={"permissions": "my_permissions"})
    assert result["role"]["name"] == "MyPipelineRole" and result["role"]["description"] == "mine"
    assert result["arn"] == "arn:aws:iam::123456789012:role/MyPipelineRole"
    assert len(warnings) == 1 and warnings[0].startswith("MyPipelineRole: my_permissions=administrator")


def test_plan_one_absent():
    result, warnings = plan_one(kind="pipeline_service", state="absent", account_id=None)
    assert result == dict(changed=False, kind="pipeline_service", arn=None, permissions="scoped",
                          role=dict(name="ProtonPipelineServiceRole"))
    assert warnings == []


def test_plan_one_errors_name_the_callers_variables():
    with pytest.raises(ParameterError) as error:
        plan_one(kind="environment_provisioning", role_name="bad name",
                 variable_names={"role_name": "environment_roles_provisioning_role_name"})
    assert error.value.option == "environment_roles_provisioning_role_name"
    with pytest.raises(ParameterError) as error:
        plan_one(kind="environment_provisioning", role_name="bad name")
    assert error.value.option == "role_name"
    with pytest.raises(ParameterError) as error:
        plan_one(kind="environment_provisioning", permissions="from_templates", template_paths=["/nowhere/v1"],
                 variable_names={"template_paths": "environment_roles_template_paths"})
    assert error.value.option == "environment_roles_template_paths"


# ---------------------------------------------------------------- register_account_settings (pipeline roles)


def test_account_settings_are_for_the_pipeline_roles_only():
    with pytest.raises(ParameterError) as error:
        plan_environment(register_account_settings=True)
    assert error.value.option == "register_account_settings"
    assert "not environment_codebuild, environment_component, environment_provisioning" in error.value.rule


@pytest.mark.parametrize("repository, option, rule", [
    (dict(provider="GITHUB", name="my-org/proton"), "pipeline_roles_provisioning_repository.branch", "is required"),
    (dict(provider="GITHUB", name="proton", branch="main"), "pipeline_roles_provisioning_repository.name",
     "owner/repository"),
])
def test_the_repository_is_checked_in_the_plan_under_the_roles_variable(repository, option, rule):
    variables = dict(PIPELINE_VARIABLES, pipeline_provisioning_repository="pipeline_roles_provisioning_repository")
    with pytest.raises(ParameterError) as error:
        plan(params(PIPELINE_ROLES, variables, register_account_settings=True,
                    pipeline_provisioning_repository=repository))
    assert error.value.option == option and rule in error.value.rule


def test_the_propagation_timeout_is_checked_in_the_plan():
    with pytest.raises(ParameterError) as error:
        plan_pipeline(register_account_settings=True, role_propagation_timeout=-1)
    assert error.value.option == "role_propagation_timeout"


def test_without_register_account_settings_the_settings_options_are_not_read():
    planned, unused_warnings = plan_pipeline(pipeline_provisioning_repository=dict(provider="GITHUB", name="x"))
    assert [entry["kind"] for entry in planned] == ["pipeline_service", "pipeline_codebuild"]


# ---------------------------------------------------------------- without the caller's account: placeholders, and the
# module's side of the plan (role_converge): filled in, it is the plan made with the account; checked before a write.

PLACEHOLDERS = dict(account_id=role_options.ACCOUNT_PLACEHOLDER, partition=role_options.PARTITION_PLACEHOLDER)
CASES = [
    (ENVIRONMENT_ROLES, ENVIRONMENT_VARIABLES, dict()),
    (ENVIRONMENT_ROLES, ENVIRONMENT_VARIABLES, dict(services=["s3", "ecs"], tags={"team": "platform"},
                                                    boundary="arn:aws:iam::123456789012:policy/Boundary")),
    (ENVIRONMENT_ROLES, ENVIRONMENT_VARIABLES, dict(permissions="from_templates", template_paths=[ENVIRONMENT_BUNDLE])),
    (PIPELINE_ROLES, PIPELINE_VARIABLES, dict(permissions="from_templates", template_unknown_types="wildcard",
                                              template_paths=[FARGATE_PIPELINE])),
    (PIPELINE_ROLES, PIPELINE_VARIABLES, dict(permissions="custom", managed_policies=["ReadOnlyAccess"],
                                              statements=[{"Effect": "Allow", "Action": "s3:GetObject",
                                                           "Resource": "arn:aws:s3:::bucket/*"}])),
    (PIPELINE_ROLES, PIPELINE_VARIABLES, dict(permissions="administrator", source_account="210987654321")),
]


@pytest.mark.parametrize("roles, variable_names, changes", CASES)
@pytest.mark.parametrize("account, partition", [("123456789012", "aws"), ("000011112222", "aws-us-gov")])
def test_a_plan_with_placeholders_filled_in_is_the_plan_for_the_account(
        roles, variable_names, changes, account, partition):
    known, _warnings = plan(params(roles, variable_names, account_id=account, partition=partition, **changes))
    unknown, _warnings = plan(params(roles, variable_names, **dict(changes, **PLACEHOLDERS)))
    assert role_options.ACCOUNT_PLACEHOLDER in json.dumps(unknown, ensure_ascii=False)
    assert role_options.fill(unknown, account, partition) == known


def test_fill_replaces_the_placeholders_in_keys_values_and_lists_only():
    account, partition = role_options.ACCOUNT_PLACEHOLDER, role_options.PARTITION_PLACEHOLDER
    value = {"arn:{0}:iam::{1}:role/x".format(partition, account): [account, 7, None, {"k": partition + "-x"}],
             "n": True}
    assert role_options.fill(value, "111122223333", "aws-cn") == {
        "arn:aws-cn:iam::111122223333:role/x": ["111122223333", 7, None, {"k": "aws-cn-x"}], "n": True}
    assert role_options.sample(account) == role_options.SAMPLE_ACCOUNT


def test_the_placeholders_have_the_lengths_of_an_account_and_the_aws_partition():
    # So that the sizes the controller checks are the aws partition's.
    assert len(role_options.ACCOUNT_PLACEHOLDER) == len(role_options.SAMPLE_ACCOUNT) == 12
    assert len(role_options.PARTITION_PLACEHOLDER) == len(role_options.SAMPLE_PARTITION) == 3
    # IAM's policy documents take U+0009, U+000A, U+000D and U+0020 to U+00FF only: no user value holds these.
    assert all(ord(c) > 0xFF for c in role_options.ACCOUNT_PLACEHOLDER + role_options.PARTITION_PLACEHOLDER)


def test_the_module_needs_the_action_plugins_plan():
    with pytest.raises(ParameterError) as error:
        role_converge.planned_roles(dict(plan=None))
    assert error.value.option == "plan"
    assert "action plugin" in error.value.rule


def test_every_role_is_checked_before_the_first_write():
    planned, _warnings = plan(params(ENVIRONMENT_ROLES, ENVIRONMENT_VARIABLES, **PLACEHOLDERS))
    filled = role_options.fill(planned, "123456789012", "aws")
    checked = role_converge.check(filled, role_options.namer(ENVIRONMENT_VARIABLES))
    assert sorted(checked) == sorted(entry["name"] for entry in filled)
    # A document the real account makes invalid fails there, naming no role half-made.
    broken = role_options.fill(planned, "123456789012", "aws")
    broken[-1]["role"]["assume_role_policy_document"]["Statement"][0]["Effect"] = "Perhaps"
    with pytest.raises(ParameterError):
        role_converge.check(broken, role_options.namer(ENVIRONMENT_VARIABLES))


def test_absent_roles_are_not_checked_and_need_no_account():
    planned, _warnings = plan(params(ENVIRONMENT_ROLES, ENVIRONMENT_VARIABLES, state="absent", account_id=None,
                                     partition=None))
    assert role_converge.check(planned, role_options.namer(ENVIRONMENT_VARIABLES)) == {}
    ctx = object()  # no AWS: absent needs no account
    assert role_converge.for_account(ctx, dict(state="absent", account_id=None, partition=None), planned) == (
        planned, None)


def test_the_planner_stays_on_the_controller():
    # role_set (the planner) is not what the module imports; role_converge does not import it.
    import ansible_collections.awsops.proton.plugins.module_utils._proton.role_converge as module_side
    assert "role_set" not in vars(module_side) and "role_policies" not in vars(module_side)
    assert role_set.ARGUMENT_SPEC is role_options.ARGUMENT_SPEC
