# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. What the two sides of ``proton_roles`` share: its options, and how a plan made on the
controller names an account it does not know yet.

The action plugin (``role_set.plan``, on the controller) plans every role; the module (``role_converge``) converges
the plan, so the module process carries neither the planner nor the IAM action data. This file is all the module
needs of the options (besides the IAM and account settings backends it converges with).

**Placeholders.** The documents name the caller's account and partition. When the task does not give them (no
``caller_info`` from an earlier lookup), the controller plans with ``ACCOUNT_PLACEHOLDER`` and
``PARTITION_PLACEHOLDER`` in their place, and the module ``fill``s them in once a role's ARN (or STS) tells it.
Both are runs of private-use characters, which IAM allows in no policy document, name, path, description or tag
(its patterns stop at U+00FF, its tags take letters, digits and a few symbols), so no value a user can give
IAM contains them; their lengths are those of an account id and of ``aws``, so that the sizes the controller checks
are the sizes in the ``aws`` partition (the module checks every document again, filled in, before its first write).
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._proton import account_settings as settings

# The kinds of role (role_policies.ROLE_KINDS describes each) and the permission modes (role_policies.PERMISSION_MODES).
ROLE_KIND_NAMES = ("environment_codebuild", "environment_component", "environment_provisioning", "pipeline_codebuild",
                   "pipeline_service")
PERMISSION_MODE_NAMES = ("scoped", "from_templates", "administrator", "custom")

ACCOUNT_PLACEHOLDER = u"\ue000" * 12
PARTITION_PLACEHOLDER = u"\ue001" * 3
# What the placeholders become where a plan is checked (IAM's patterns, its sizes) or shown: an account and a
# partition of the same lengths.
SAMPLE_ACCOUNT, SAMPLE_PARTITION = "123456789012", "aws"

ROLE_SPEC = dict(
    kind=dict(type="str", required=True, choices=list(ROLE_KIND_NAMES)),
    name=dict(type="str"),
    name_variable=dict(type="str"),
)

# proton_roles's options, as a task gives them (the action plugin checks them).
ARGUMENT_SPEC = dict(
    roles=dict(type="list", elements="dict", required=True, options=ROLE_SPEC),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    plan_only=dict(type="bool", default=False),
    account_id=dict(type="str"),
    partition=dict(type="str"),
    caller_info=dict(type="dict", default={}),
    source_account=dict(type="str", default=""),
    confused_deputy_conditions=dict(type="bool", default=True),
    trust_conditions=dict(type="dict", default={}),
    permissions=dict(type="str", default="scoped", choices=list(PERMISSION_MODE_NAMES)),
    services=dict(type="list", elements="str", default=[]),
    statements=dict(type="list", elements="dict", default=[]),
    managed_policies=dict(type="list", elements="str", default=[]),
    template_paths=dict(type="list", elements="path", default=[]),
    template_unknown_types=dict(type="str", choices=["fail", "wildcard"], default="fail"),
    template_type_actions=dict(type="dict", default={}),
    template_extra_actions=dict(type="list", elements="str", default=[]),
    template_oversize=dict(type="str", choices=["fail", "widen"], default="fail"),
    path=dict(type="str", default="/"),
    boundary=dict(type="str", default="", aliases=["permissions_boundary"]),
    max_session_duration=dict(type="int", default=iam.DEFAULT_SESSION_DURATION),
    tags=dict(type="dict", default={}),
    variable_names=dict(type="dict", default={}),
    read_variables=dict(type="bool", default=False),
    register_account_settings=dict(type="bool", default=False),
    pipeline_provisioning_repository=settings.REPOSITORY_SPEC,
    role_propagation_timeout=dict(type="int", default=settings.DEFAULT_TIMEOUT),
)
# The module's: the task's, and the plan its action plugin made of them.
MODULE_ARGUMENT_SPEC = dict(ARGUMENT_SPEC, plan=dict(type="list", elements="dict"))

# The account settings' role options, by the kind of role each names.
SETTINGS_ROLE_OPTIONS = {"pipeline_service": "pipeline_service_role", "pipeline_codebuild": "pipeline_codebuild_role"}


def namer(variable_names):
    """``names(option)``: the name a caller gave ``option`` in ``variable_names``, else the option itself."""
    variable_names = variable_names or {}

    def names(option):
        return variable_names.get(option, option)
    return names


def with_caller_info(params):
    """``params`` with ``account_id`` and ``partition`` taken from ``caller_info`` (an ``aws_caller_info`` result)
    where they are not set; a bad value is then reported under ``caller_info``'s name."""
    info = params.get("caller_info") or {}
    if not info:
        return params
    result, variable_names = dict(params), dict(params.get("variable_names") or {})
    for option, key in (("account_id", "account"), ("partition", "partition")):
        if not result.get(option) and info.get(key):
            result[option] = str(info[key])
            variable_names.setdefault(option, variable_names.get("caller_info", "caller_info"))
    result["variable_names"] = variable_names
    return result


def fill(value, account, partition):
    """``value`` (a plan, or any part of one) with the placeholders replaced by ``account`` and ``partition``."""
    if isinstance(value, dict):
        return dict((fill(k, account, partition), fill(v, account, partition)) for k, v in value.items())
    if isinstance(value, list):
        return [fill(item, account, partition) for item in value]
    if isinstance(value, str):
        return value.replace(ACCOUNT_PLACEHOLDER, account).replace(PARTITION_PLACEHOLDER, partition)
    return value


def sample(value):
    """``value`` with the placeholders replaced by the sample account and partition, as a plan is checked."""
    return fill(value, SAMPLE_ACCOUNT, SAMPLE_PARTITION)
