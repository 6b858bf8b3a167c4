# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. Statements that IAM can enforce as written: no action on a resource it cannot
be scoped to.

IAM never allows an action that supports no resource-level permission when the statement names resources
(it needs ``Resource: "*"``). ``scope_statements`` moves such actions out of every Allow statement that
names resources into a statement of their own with ``Resource: "*"`` and the same conditions (the keys
the collection writes, such as ``aws:CalledVia`` and ``aws:SourceAccount``, are global condition keys,
which apply to every action). What IAM supports comes from the collection's IAM action table
(``_iam/actions.py``).
"""

from __future__ import annotations

import copy

from ansible_collections.awsops.proton.plugins.module_utils._iam import actions as iam_actions

UNSCOPED_SID_SUFFIX = "AnyResource"


def _as_list(value):
    return list(value) if isinstance(value, list) else [value]


def _names_resources(statement):
    resources = _as_list(statement.get("Resource", "*"))
    return "Resource" in statement and resources != ["*"]


def unscoped_actions(actions):
    """The actions of ``actions`` that support no resource-level permission (wildcards are left alone)."""
    return [a for a in actions if "*" not in a and "?" not in a and iam_actions.action_exists(a)
            and not iam_actions.supports_resource_level(a)]


def scope_statement(statement):
    """``[statement]``, or the statement and one with ``Resource: "*"`` for its actions that need it."""
    if statement.get("Effect") != "Allow" or "Action" not in statement or not _names_resources(statement):
        return [statement]
    actions = _as_list(statement["Action"])
    moved = unscoped_actions(actions)
    if not moved:
        return [statement]
    kept = [a for a in actions if a not in moved]
    extra = dict((key, copy.deepcopy(value)) for key, value in statement.items() if key not in ("Action", "Resource"))
    extra.update(Action=moved[0] if len(moved) == 1 else moved, Resource="*")
    if "Sid" in statement:
        extra["Sid"] = statement["Sid"] + UNSCOPED_SID_SUFFIX
    if not kept:
        return [extra]
    scoped = dict(statement)
    scoped["Action"] = kept[0] if len(kept) == 1 else kept
    return [scoped, extra]


def scope_statements(statements):
    """Every statement of ``statements`` through ``scope_statement``, in order."""
    return [s for statement in statements for s in scope_statement(statement)]
