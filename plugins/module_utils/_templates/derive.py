# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. A Proton provisioning role's policy derived from its templates: no AWS call.

The backend of the ``template_policy`` module and action plugin and of ``proton_roles``'s ``from_templates``
mode. ``names(option)`` maps template_policy's option names to the names a caller reports them under.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._templates import cfn_permissions
from ansible_collections.awsops.proton.plugins.module_utils._templates import policy_documents as provisioning_policy
from ansible_collections.awsops.proton.plugins.module_utils._templates import reader as templates
from ansible_collections.awsops.proton.plugins.module_utils._templates import resource_actions
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._iam import actions as iam_actions
from ansible_collections.awsops.proton.plugins.module_utils._aws.validation import check_account_id, check_partition


def same_name(option):
    return option


def validate(params, names=same_name):
    if not params["paths"]:
        raise ParameterError(names("paths"), "give at least one template bundle directory or template file")
    if params["account_id"] != "*":
        check_account_id(names("account_id"), params["account_id"])
    check_partition(names("partition"), params["partition"])
    type_actions = params["type_actions"] or {}
    for type_name, actions in type_actions.items():
        if not cfn_permissions.TYPE_PATTERN.match(type_name) and not cfn_permissions.is_custom_resource(type_name):
            raise ParameterError(names("type_actions"), "{0!r} is not a resource type name such as AWS::S3::Bucket".format(
                type_name))
        if not isinstance(actions, list):
            raise ParameterError(names("type_actions"), "{0}: give a list of IAM actions".format(type_name))
        for action in actions:
            if not isinstance(action, str) or not cfn_permissions.ACTION_PATTERN.match(action):
                raise ParameterError(names("type_actions"), "{0}: {1!r} is not an IAM action such as s3:CreateBucket".format(
                    type_name, action))
        # Each one IAM knows (a wildcard: matches one at least); a misspelt action would grant nothing.
        iam_actions.check_actions(names("type_actions"), actions, "{0}: ".format(type_name))
    for action in params["extra_actions"] or []:
        if not cfn_permissions.ACTION_PATTERN.match(action):
            raise ParameterError(names("extra_actions"), "{0!r} is not an IAM action such as s3:CreateBucket".format(action))
    iam_actions.check_actions(names("extra_actions"), params["extra_actions"] or [])
    limit = provisioning_policy.INLINE_LIMIT if params["output"] == "inline" else provisioning_policy.MANAGED_LIMIT
    if params["max_policy_size"] is not None and not 1 <= params["max_policy_size"] <= limit:
        raise ParameterError(names("max_policy_size"), "must be between 1 and {0} (IAM's limit for {1} policies), got "
                             "{2}".format(limit, params["output"], params["max_policy_size"]))
    if not 1 <= params["max_policies"] <= provisioning_policy.MANAGED_POLICIES_MAX:
        raise ParameterError(names("max_policies"), "must be between 1 and {0} (managed policies per role), got {1}".format(
            provisioning_policy.MANAGED_POLICIES_MAX, params["max_policies"]))


def derive(params, warn, names=same_name):
    """template_policy's result for ``params`` (its options); ``warn(message)`` reports each warning."""
    return provisioning_policy.finish(read(params, names), params, warn, names)


def read(params, names=same_name):
    """Everything template_policy finds in the templates that does not depend on the account: ``{"actions",
    "transforms", "report", "warnings"}``, which ``policy_documents.finish`` turns into the policy. Checks
    ``params`` first (``validate``)."""
    validate(params, names)
    sources, skipped = templates.discover(params["paths"], names("paths"))
    if not sources:
        raise ParameterError(names("paths"), "no CloudFormation template found (only {0})".format(
            "; ".join("{0}: {1}".format(s["path"], s["reason"]) for s in skipped) or "nothing"))
    read_templates = [templates.Template(s["path"], s["kind"], names("paths"), bundle=s["bundle"]) for s in sources]
    actions, report, warnings = resource_actions.derive_actions(
        read_templates, type_actions=params["type_actions"], unknown_types=params["unknown_types"],
        extra_actions=params["extra_actions"] or [], names=names)
    transforms = sorted(set(t for template in read_templates for t in template.transforms))
    files = []
    for template in read_templates:
        files.append(dict(path=template.path, kind=template.kind, role=templates.ROLES[template.kind],
                          bundle=template.bundle, resource_types=template.types(), transforms=template.transforms,
                          sam=template.sam,
                          untyped=[dict(logical_id=i, reason=r) for i, r in template.untyped], jinja=template.jinja))
        for logical_id, reason in template.untyped:
            warnings.append("{0}#{1}: {2}; its permissions cannot be derived (add them with {3})".format(
                template.path, logical_id, reason, names("extra_actions")))
        if template.jinja["dropped_lines"]:
            warnings.append("{0}: {1} line(s) held only a Jinja expression, whose output cannot be known without "
                            "rendering; they were left out".format(template.path, template.jinja["dropped_lines"]))
    report.update(source=cfn_permissions.source_info(), files=files, skipped=skipped, transforms=transforms,
                  actions=actions)
    return dict(actions=actions, transforms=transforms, report=report, warnings=warnings)


ARGUMENT_SPEC = dict(
    paths=dict(type="list", elements="path", required=True, aliases=["path"]),
    account_id=dict(type="str", default="*"),
    partition=dict(type="str", default="aws"),
    unknown_types=dict(type="str", choices=["fail", "wildcard"], default="fail"),
    type_actions=dict(type="dict"),
    extra_actions=dict(type="list", elements="str"),
    output=dict(type="str", choices=["inline", "managed"], default="inline"),
    max_policy_size=dict(type="int"),
    max_policies=dict(type="int", default=10),
    oversize=dict(type="str", choices=["widen", "fail"], default="widen"),
)
