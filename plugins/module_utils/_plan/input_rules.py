# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Named input rules, so roles can check their variables before the first AWS call.

Each rule reuses the check a module applies to the same value; the role passes its
variable name as the option, so the message names what the user set.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center

from ansible_collections.awsops.proton.plugins.module_utils._proton import client as proton

from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.policy import parse_policy
from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam

# What an Organization run sets up in an account (playbooks/organization.yml's proton_parts).
PROTON_PARTS = ("environment", "pipeline")

RULES = {
    "iam_role_name": lambda name, value: validation.check_name(name, value, validation.ROLE_NAME_MAX),
    "iam_user_name": lambda name, value: validation.check_name(name, value, validation.USER_NAME_MAX),
    "iam_group_name": lambda name, value: validation.check_name(name, value, validation.GROUP_NAME_MAX),
    "iam_policy_name": lambda name, value: validation.check_name(name, value, validation.POLICY_NAME_MAX),
    "iam_path": validation.check_path,
    "iam_policy_arn": validation.check_policy_arn,
    "iam_role_arn": validation.check_role_arn,
    "iam_tags": validation.check_tags,
    "policy_document": parse_policy,
    "account_id": validation.check_account_id,
    "account_ids": validation.check_account_ids,
    "max_session_duration": lambda name, value: validation.check_range(
        name, int(value), iam.MIN_SESSION_DURATION, iam.MAX_SESSION_DURATION),
    "identitystore_user_name": identity_center.check_user_name,
    "identitystore_display_name": identity_center.check_display_string,
    "email": identity_center.check_email,
    "permission_set_name": identity_center.check_permission_set_name,
    "session_duration": identity_center.check_session_duration,
    "proton_repository": proton.check_repository,
    "proton_parts": lambda name, value: validation.check_subset(name, value, PROTON_PARTS),
}


def check(name, rule, value):
    """Apply ``rule`` to ``value``; ``ParameterError`` naming ``name`` on failure."""
    RULES[rule](name, value)


ARGUMENT_SPEC = dict(
    inputs=dict(type="list", elements="dict", required=True, options=dict(
        name=dict(type="str", required=True),
        value=dict(type="raw"),
        rule=dict(type="str", required=True, choices=sorted(RULES)),
        required=dict(type="bool", default=False),
    )),
    warnings=dict(type="list", elements="str", default=[]),
)


def check_inputs(params, warn):
    """validate_inputs: every value against its rule; ``ParameterError`` naming the first bad one."""
    checked = []
    for item in params["inputs"]:
        value = item["value"]
        if value is None or value == "" or value == [] or value == {}:
            if item["required"]:
                raise ParameterError(item["name"], "is required")
            continue
        try:
            check(item["name"], item["rule"], value)
        except (TypeError, ValueError) as e:
            raise ParameterError(item["name"], str(e))
        checked.append(item["name"])
    for warning in params["warnings"]:
        warn(warning)
    return dict(changed=False, checked=checked)
