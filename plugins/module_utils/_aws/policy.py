# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM policy documents: parse, normalise, compare.

Two documents are equal when IAM would treat them the same, so a rerun does not
rewrite a policy only because AWS returned it in another shape:

- statement order does not matter; a single statement equals a one-element list;
- in Action/NotAction/Resource/NotResource, principals and condition values,
  order and duplicates do not matter and a single value equals a one-element list;
- ``"Principal": "*"`` equals ``{"AWS": "*"}``;
- an account id equals its root ARN (``arn:<partition>:iam::<id>:root``) in any partition;
- condition keys are case-insensitive; booleans and numbers equal their string form;
- a JSON string equals the dict it parses to.
"""

from __future__ import annotations

import json
import re

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError

_LIST_KEYS = ("Action", "NotAction", "Resource", "NotResource")
_ROOT_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):root$")
_VALID_STATEMENT_KEYS = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
                         "Resource", "NotResource", "Condition"}


def parse_policy(value, option):
    """A policy document from a dict or a JSON string; ``ParameterError`` naming ``option`` if malformed."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as e:
            raise ParameterError(option, "is not valid JSON ({0})".format(e))
    if not isinstance(value, dict):
        raise ParameterError(option, "must be a JSON object (a policy document), not {0}".format(type(value).__name__))
    statements = value.get("Statement")
    if statements is None:
        raise ParameterError(option, "a policy document needs a Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise ParameterError(option, "Statement must be an object or a non-empty list of objects")
    for index, statement in enumerate(statements):
        where = "Statement[{0}]".format(index)
        if not isinstance(statement, dict):
            raise ParameterError(option, "{0} must be an object".format(where))
        unknown = sorted(set(statement) - _VALID_STATEMENT_KEYS)
        if unknown:
            raise ParameterError(option, "{0} has unknown element(s) {1}".format(where, ", ".join(unknown)))
        if statement.get("Effect") not in ("Allow", "Deny"):
            raise ParameterError(option, "{0}.Effect must be Allow or Deny".format(where))
        if ("Action" in statement) == ("NotAction" in statement):
            raise ParameterError(option, "{0} needs exactly one of Action or NotAction".format(where))
    return value


def policy_json(document):
    """Compact, deterministic JSON for sending a document to AWS."""
    return json.dumps(document, separators=(",", ":"), sort_keys=True)


def policy_size(document):
    """The size IAM counts against its quotas: JSON without whitespace."""
    return len(policy_json(document))


def _as_list(value):
    if isinstance(value, (list, tuple, set)):
        return list(value)
    return [value]


def _scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _principal_id(value):
    value = _scalar(value)
    match = _ROOT_ARN.match(value) if isinstance(value, str) else None
    return match.group(1) if match else value


def _sorted_unique(values):
    return sorted(set(_scalar(v) for v in values), key=str)


def _normalize_principal(principal):
    if principal == "*":
        principal = {"AWS": "*"}
    if not isinstance(principal, dict):
        return principal
    normalized = {}
    for kind, values in principal.items():
        values = _as_list(values)
        if kind == "AWS":
            values = [_principal_id(v) for v in values]
        normalized[kind] = _sorted_unique(values)
    return normalized


def _normalize_condition(condition):
    normalized = {}
    for operator, block in condition.items():
        if not isinstance(block, dict):
            normalized[operator] = block
            continue
        normalized[operator] = dict(
            (key.lower(), _sorted_unique(_as_list(values))) for key, values in block.items()
        )
    return normalized


def _normalize_statement(statement):
    normalized = {}
    for key, value in statement.items():
        if key in _LIST_KEYS:
            normalized[key] = _sorted_unique(_as_list(value))
        elif key in ("Principal", "NotPrincipal"):
            normalized[key] = _normalize_principal(value)
        elif key == "Condition" and isinstance(value, dict):
            normalized[key] = _normalize_condition(value)
        else:
            normalized[key] = value
    return normalized


def normalize_policy(document):
    """A canonical form of ``document`` (dict or JSON string) for comparison; None stays None."""
    if document is None:
        return None
    if isinstance(document, str):
        document = json.loads(document)
    normalized = dict((k, v) for k, v in document.items() if k != "Statement")
    statements = [_normalize_statement(s) for s in _as_list(document.get("Statement", []))]
    unique = dict((json.dumps(s, sort_keys=True), s) for s in statements)
    normalized["Statement"] = [unique[k] for k in sorted(unique)]
    return normalized


def policies_equal(a, b):
    return normalize_policy(a) == normalize_policy(b)


def has_wildcard_principal(document):
    """True when any Allow statement trusts ``*`` (anyone)."""
    for statement in normalize_policy(document)["Statement"]:
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        if isinstance(principal, dict) and "*" in principal.get("AWS", []):
            return True
    return False
