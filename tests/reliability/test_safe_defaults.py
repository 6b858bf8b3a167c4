"""Safe defaults: confused-deputy conditions, scoped permissions, warnings, no wildcard principal.

Read from runs other tests make anyway: the fault-free setup.yml (the roles as created in AWS), and the
bad-input playbook (test_bad_input.py), which also builds the role policies with default options, plans
the environment and pipeline roles with their default variables in check mode, asks for the
administrator mode, and creates (check mode) a role trusting any principal with the explicit opt-in.
The IAM admin method's warning is checked in test_secrets.py, whose run uses it.
"""

import pytest

import harness

ACCOUNT = harness.ACCOUNT
ENVIRONMENT_SOURCE_ARN = "arn:aws:proton:*:{0}:environment/*".format(ACCOUNT)
ADMINISTRATOR_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"


def _statements(document):
    statements = document["Statement"]
    return statements if isinstance(statements, list) else [statements]


def _as_list(value):
    return value if isinstance(value, list) else [value]


def assert_confused_deputy_conditions(name, document):
    for statement in _statements(document):
        condition = statement.get("Condition") or {}
        assert condition.get("StringEquals", {}).get("aws:SourceAccount") == ACCOUNT, (name, statement)
        if statement["Principal"] == {"Service": "proton.amazonaws.com"} and "Pipeline" not in name:
            assert condition.get("ArnLike", {}).get("aws:SourceArn") == ENVIRONMENT_SOURCE_ARN, (name, statement)
        assert statement["Principal"] not in ("*", {"AWS": "*"}), (name, statement)


def assert_scoped(name, managed, inline):
    """No administrator access: no AdministratorAccess, no Allow of every action, nothing outside
    CloudFormation's stacks unless called through CloudFormation (or the CodeBuild basics)."""
    assert ADMINISTRATOR_POLICY not in managed, name
    for document in inline.values():
        for statement in _statements(document):
            actions = _as_list(statement.get("Action", []))
            assert "NotAction" not in statement, (name, statement)
            assert "*" not in actions, (name, statement)
            assert all(action.split(":")[0] != "*" for action in actions), (name, statement)


def _bad_input_results(jobs):
    result = jobs.result("bad-input")
    assert result["run"].ok and result["results"], result["run"].describe()
    return result["results"]


@pytest.mark.jobs("baseline")
def test_created_roles_trust_with_confused_deputy_conditions(jobs):
    roles = jobs.result("baseline")["state"]["roles"]
    assert len(roles) == 4
    for name, role in roles.items():
        assert_confused_deputy_conditions(name, role["trust"])


@pytest.mark.jobs("baseline")
def test_created_roles_are_scoped(jobs):
    for name, role in jobs.result("baseline")["state"]["roles"].items():
        assert_scoped(name, role["managed"], role["inline"])


@pytest.mark.jobs("bad-input")
def test_role_policies_default_to_scoped_with_conditions(jobs):
    results = _bad_input_results(jobs)
    for kind in ("environment_provisioning", "pipeline_service"):
        built = results[kind]
        assert built["permissions"] == "scoped", built
        assert not built.get("warnings"), built.get("warnings")
        assert_confused_deputy_conditions(built["role"]["name"], built["role"]["assume_role_policy_document"])
        assert_scoped(kind, built["role"]["managed_policies"], built["role"]["inline_policies"])


@pytest.mark.jobs("bad-input")
def test_roles_default_variables_plan_scoped_roles_with_conditions(jobs):
    results = _bad_input_results(jobs)
    planned = results["environment_roles_plan"]["roles"] + results["pipeline_roles_plan"]["roles"]
    kinds = sorted(plan["kind"] for plan in planned)
    # The component role is disabled by default.
    assert kinds == ["environment_codebuild", "environment_provisioning", "pipeline_codebuild", "pipeline_service"]
    for plan in planned:
        role = plan["iam_role"]
        assert_confused_deputy_conditions(plan["name"], role["assume_role_policy_document"])
        assert_scoped(plan["name"], role["managed_policies"], role["inline_policies"])


@pytest.mark.jobs("bad-input")
def test_administrator_mode_warns(jobs):
    built = _bad_input_results(jobs)["administrator"]
    assert built["permissions"] == "administrator"
    warnings = " ".join(built.get("warnings") or [])
    assert "administrator" in warnings and "sandboxes only" in warnings, warnings


@pytest.mark.jobs("bad-input")
def test_wildcard_principal_only_when_explicitly_allowed(jobs):
    # Refused without the opt-in: test_bad_input's trust_wildcard_principal and trust_wildcard_aws_principal.
    outcomes = _bad_input_results(jobs)["cases"]
    for case in ("trust_wildcard_principal", "trust_wildcard_aws_principal"):
        assert outcomes[case]["failed"] and "allow_wildcard_principal" in outcomes[case]["msg"], outcomes[case]
    allowed = _bad_input_results(jobs)["wildcard_allowed"]
    assert not allowed.get("failed") and allowed["changed"], allowed
