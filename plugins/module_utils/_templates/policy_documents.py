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

This file needs no template and no CloudFormation data (``resource_actions.py`` turns templates into actions):
the ``proton_roles`` module builds its ``from_templates`` policy here from what its action plugin read on the
controller, for the account and partition it finds.
"""

from __future__ import annotations

import fnmatch

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


def finish(reading, params, warn, names=_same_name):
    """template_policy's result from ``reading`` (what ``derive.read`` found in the templates) for the account and
    partition of ``params``, which also gives the output options (``output``, ``max_policy_size``,
    ``max_policies``, ``oversize``). Warns the reading's warnings, then the policy's own."""
    for warning in reading["warnings"]:
        warn(warning)
    transforms = reading["transforms"]
    documents, compaction = build_documents(
        reading["actions"], params["partition"], params["account_id"], transforms=transforms, output=params["output"],
        max_policy_size=params["max_policy_size"], max_policies=params["max_policies"], oversize=params["oversize"],
        names=names)
    for item in compaction["widened"]:
        warn("the policy did not fit in {0} {1} document(s) of {2} characters: widened {3} to {4}".format(
            compaction["documents"], compaction["output"], compaction["limit"], item["service"], ", ".join(item["to"])))
    for transform in transforms:
        if not transform.startswith("AWS::"):
            warn("transform {0} is a macro: CloudFormation runs it with the macro's own role; its output was not "
                 "seen".format(transform))
    report = dict(reading["report"], compaction=compaction)
    result = dict(changed=False, policies=documents, report=report)
    if len(documents) == 1:
        result["policy"] = documents[0]
    return result
