# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Policy documents for a Proton provisioning role from a set of IAM actions, within IAM's size limits.

Every document is deterministic: statements in a fixed order, actions sorted (so grouped by service).
When the actions do not fit, in this order and only as far as needed:

1. ``managed`` output only: spread the services over several documents (a service stays in one
   document unless it alone is too big), up to ``max_policies``;
2. collapse a service's ``Describe*`` and ``List*`` actions into those two wildcards (metadata reads;
   ``Get*`` is never collapsed: it covers reads of data such as ``s3:GetObject`` or
   ``secretsmanager:GetSecretValue``), the service that saves most first;
3. replace a service's actions by ``<prefix>:*``, the biggest service first.

Steps 2 and 3 happen only with ``oversize=widen``, and the result says which services were widened.
"""

from __future__ import annotations

import fnmatch

from ansible_collections.awsops.proton.plugins.module_utils._templates import cfn_permissions
from ansible_collections.awsops.proton.plugins.module_utils._templates import permission_names
from ansible_collections.awsops.proton.plugins.module_utils._templates.cloudformation import (
    called_via_cloudformation,
    stack_statements,
)
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.policy import policy_size

INLINE_LIMIT = 10240
MANAGED_LIMIT = 6144
MANAGED_POLICIES_MAX = 20
READ_VERBS = ("Describe", "List")


def transform_statement(partition, transforms):
    """CloudFormation checks ``CreateChangeSet`` on an AWS transform (``AWS::Serverless-2016-10-31``) too."""
    names = sorted(set(t.split("::", 1)[1] for t in transforms if t.startswith("AWS::")))
    if not names:
        return None
    resources = ["arn:{0}:cloudformation:*:aws:transform/{1}".format(partition, n) for n in names]
    return {
        "Sid": "CloudFormationTransforms",
        "Effect": "Allow",
        "Action": "cloudformation:CreateChangeSet",
        "Resource": resources[0] if len(resources) == 1 else resources,
    }


def via_cloudformation_statement(actions):
    return {
        "Sid": "ResourcesViaCloudFormation",
        "Effect": "Allow",
        "Action": actions[0] if len(actions) == 1 else list(actions),
        "Resource": "*",
        "Condition": called_via_cloudformation(),
    }


def document(statements):
    return {"Version": "2012-10-17", "Statement": statements}


def sort_actions(actions):
    """Sorted (so grouped by service), each action once: IAM ignores case, so the spelling that sorts first."""
    unique = {}
    for action in actions:
        key = action.lower()
        if key not in unique or action < unique[key]:
            unique[key] = action
    return sorted(unique.values(), key=lambda a: (a.split(":", 1)[0].lower(), a.lower(), a))


def _matches(pattern, action):
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def minimize(actions):
    """(actions without those a wildcard among them already grants, the ones left out)."""
    actions = sort_actions(actions)
    wildcards = [a for a in actions if "*" in a or "?" in a]
    kept, covered = [], []
    for action in actions:
        if any(w != action and _matches(w, action) for w in wildcards):
            covered.append(action)
        else:
            kept.append(action)
    return kept, covered


def by_service(actions):
    services = {}
    for action in sort_actions(actions):
        services.setdefault(action.split(":", 1)[0].lower(), []).append(action)
    return services


def _collapse_reads(actions, prefix):
    collapsed = []
    for verb in READ_VERBS:
        matching = [a for a in actions if a.split(":", 1)[1].startswith(verb)]
        if len(matching) >= 2:
            collapsed.append("{0}:{1}*".format(prefix, verb))
    if not collapsed:
        return actions, []
    widened = collapsed + actions
    return minimize(widened)[0], collapsed


def _cost(actions):
    return sum(len(a) + 3 for a in actions)


class _Packer:
    def __init__(self, head, limit, max_documents):
        self.head = head
        self.limit = limit
        self.max_documents = max_documents

    def _doc(self, index, actions):
        statements = list(self.head) if index == 0 else []
        if actions:
            statements.append(via_cloudformation_statement(sort_actions(actions)))
        return document(statements)

    def fits(self, index, actions):
        return policy_size(self._doc(index, actions)) <= self.limit

    def pack(self, services):
        """Documents holding every service's actions, or None when more than max_documents are needed."""
        if not self.fits(0, []):
            return None
        bins = [[]]
        for prefix in sorted(services):
            actions = services[prefix]
            for index, current in enumerate(bins):
                if self.fits(index, current + actions):
                    current.extend(actions)
                    break
            else:
                if self.fits(len(bins), actions):
                    bins.append(list(actions))
                else:  # the service alone is too big for a document: split it action by action
                    for action in actions:
                        for index, current in enumerate(bins):
                            if self.fits(index, current + [action]):
                                current.append(action)
                                break
                        else:
                            bins.append([action])
            if len(bins) > self.max_documents:
                return None
        return [self._doc(i, b) for i, b in enumerate(bins) if i == 0 or b]


def _same_name(option):
    return option


def build_documents(actions, partition, account, transforms=(), output="inline", max_policy_size=None,
                    max_policies=10, oversize="widen", names=_same_name):
    """(documents, compaction report). ``ParameterError`` when the result cannot be made to fit."""
    limit = max_policy_size or (INLINE_LIMIT if output == "inline" else MANAGED_LIMIT)
    max_documents = 1 if output == "inline" else max_policies
    head = stack_statements(partition, account)
    transform = transform_statement(partition, transforms)
    if transform:
        head.append(transform)
    packer = _Packer(head, limit, max_documents)
    if not packer.fits(0, []):
        raise ParameterError(names("max_policy_size"), "{0} is too small even for the CloudFormation stack statements "
                             "({1} characters)".format(limit, policy_size(document(head))))
    kept, covered = minimize(actions)
    services = by_service(kept)
    widened = []
    documents = packer.pack(services)
    if documents is None and oversize == "widen":
        candidates = []
        for prefix, service_actions in services.items():
            reduced, patterns = _collapse_reads(service_actions, prefix)
            if patterns:
                candidates.append((_cost(reduced) - _cost(service_actions), prefix, reduced, patterns))
        for unused_saving, prefix, reduced, patterns in sorted(candidates):
            widened.append(dict(service=prefix, to=patterns, replaced=len(services[prefix]) - len(reduced)
                                + len(patterns)))
            services[prefix] = reduced
            documents = packer.pack(services)
            if documents is not None:
                break
        if documents is None:
            for unused_cost, prefix in sorted((-_cost(a), p) for p, a in services.items()):
                if services[prefix] == [prefix + ":*"]:
                    continue
                widened.append(dict(service=prefix, to=[prefix + ":*"], replaced=len(services[prefix])))
                services[prefix] = [prefix + ":*"]
                documents = packer.pack(services)
                if documents is not None:
                    break
    if documents is None:
        raise ParameterError(
            names("oversize") if oversize == "fail" else names("max_policy_size"),
            "the derived policy does not fit: {0} actions need more than {1} {2} document(s) of at most {3} "
            "characters{4}".format(len(kept), max_documents, output, limit,
                                   "" if oversize == "widen" else "; set {0}=widen to collapse services' Describe*/List* "
                                   "reads (then whole services) until it fits, or narrow {1}".format(
                                       names("oversize"), names("paths"))))
    strategy = "exact"
    if widened:
        strategy = "widened"
    elif len(documents) > 1:
        strategy = "split"
    final = sort_actions(a for s in services.values() for a in s)
    report = dict(
        strategy=strategy,
        output=output,
        limit=limit,
        documents=len(documents),
        sizes=[policy_size(d) for d in documents],
        widened=widened,
        covered_by_wildcards=covered,
        policy_actions=final,
    )
    return documents, report


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
