# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. The IAM actions a set of CloudFormation templates' resources need: each resource
type's handler permissions (``cfn_permissions``, the data cfn-lint bundles), custom resources' ServiceToken
calls, or the caller's own ``type_actions``. Controller-side: ``policy_documents`` turns the actions into
documents.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._templates import cfn_permissions
from ansible_collections.awsops.proton.plugins.module_utils._templates import permission_names
from ansible_collections.awsops.proton.plugins.module_utils._templates.policy_documents import sort_actions
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError


def _same_name(option):
    return option


def derive_actions(templates, type_actions=None, unknown_types="fail", extra_actions=(), names=_same_name):
    """Resolve every resource type of ``templates`` to IAM actions.

    Returns (actions, report, warnings); raises ``ParameterError`` for types that cannot be resolved
    (with ``unknown_types=fail``, or when no service wildcard exists for them).
    """
    type_actions = type_actions or {}
    found = {}
    for template in templates:
        for logical_id, type_name, resource in template.resources:
            entry = found.setdefault(type_name, dict(files=[], resources=[], targets=set()))
            if template.path not in entry["files"]:
                entry["files"].append(template.path)
            entry["resources"].append("{0}#{1}".format(template.path, logical_id))
            if cfn_permissions.is_custom_resource(type_name):
                entry["targets"].add(template.custom_resource_target(resource) or "unknown")
    warnings, resolved, unresolved, failing = [], {}, [], []
    not_iam = dict(mapped={}, dropped=set())
    actions = set(extra_actions)
    for type_name in sorted(found):
        entry = found[type_name]
        info = dict(files=entry["files"], resources=entry["resources"])
        if type_name in type_actions:
            info.update(source="type_actions", actions=sort_actions(type_actions[type_name]))
        elif cfn_permissions.is_custom_resource(type_name):
            targets = sorted(entry["targets"])
            invoked = []
            for target in targets:
                invoked.extend(cfn_permissions.CUSTOM_RESOURCE_ACTIONS.get(target, []))
            note = "CloudFormation calls the ServiceToken with this role; what the handler then does runs with " \
                   "the handler's own role"
            if "unknown" in targets:
                invoked = [a for v in cfn_permissions.CUSTOM_RESOURCE_ACTIONS.values() for a in v]
                note = "ServiceToken is not a literal ARN or a function/topic of this template, so both Lambda " \
                       "and SNS are allowed; " + note
                warnings.append("{0}: could not tell whether its ServiceToken is a Lambda function or an SNS topic; "
                                "allowing lambda:InvokeFunction and sns:Publish (set {1} to narrow "
                                "it)".format(type_name, names("type_actions")))
            info.update(source="custom_resource", actions=sort_actions(invoked), service_token=targets, note=note)
        else:
            schema_actions, reason = cfn_permissions.lookup(type_name)
            if schema_actions is not None:
                iam_names, mapped, dropped = permission_names.to_iam_actions(schema_actions)
                info.update(source="schema", actions=sort_actions(iam_names))
                if mapped:
                    info["mapped_schema_entries"] = mapped
                    not_iam["mapped"].update(mapped)
                if dropped:
                    info["dropped_schema_entries"] = dropped
                    not_iam["dropped"].update(dropped)
                ignored = cfn_permissions.ignored_permissions(type_name)
                if ignored:
                    info["ignored_schema_entries"] = ignored
            else:
                wildcard, guessed = cfn_permissions.service_wildcard(type_name)
                fallback = wildcard if unknown_types == "wildcard" else None
                unresolved.append(dict(type=type_name, files=entry["files"], reason=reason, fallback=fallback,
                                       fallback_prefix_guessed=guessed if fallback else False))
                if fallback is None:
                    failing.append((type_name, reason, wildcard))
                    continue
                info.update(source="wildcard", actions=[wildcard], note=reason)
                warnings.append("{0}: {1}; allowing {2} instead{3}".format(
                    type_name, reason, wildcard,
                    " (the service prefix is a guess from the type name)" if guessed else ""))
        resolved[type_name] = info
        actions.update(info["actions"])
    if failing:
        lines = ["{0} ({1})".format(f[0], f[1]) for f in failing]
        if unknown_types == "fail":
            option, hint = names("unknown_types"), (
                "set {0}=wildcard to allow the service's actions (<prefix>:*) instead, or give the actions in "
                "{1}".format(names("unknown_types"), names("type_actions")))
        else:
            option, hint = names("type_actions"), (
                "there is no AWS service wildcard for them: give their actions in {0}".format(names("type_actions")))
        raise ParameterError(option, "cannot resolve {0} resource type(s): {1}; {2}".format(
            len(failing), "; ".join(lines), hint))
    report = dict(resource_types=resolved, unresolved=unresolved,
                  not_iam_actions=dict(mapped=not_iam["mapped"], dropped=sorted(not_iam["dropped"]),
                                       source=permission_names.iam_actions.source_text()))
    return sort_actions(actions), report, warnings
