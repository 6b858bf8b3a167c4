# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Named input rules, so roles can check their variables before the first AWS call.

Each rule reuses the check a module applies to the same value; the role passes its
variable name as the option, so the message names what the user set.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils import identity_center, proton, validation
from ansible_collections.awsops.proton.plugins.module_utils.policy import parse_policy

RULES = {
    "iam_role_name": lambda name, value: validation.check_name(name, value, validation.ROLE_NAME_MAX),
    "iam_user_name": lambda name, value: validation.check_name(name, value, validation.USER_NAME_MAX),
    "iam_group_name": lambda name, value: validation.check_name(name, value, validation.GROUP_NAME_MAX),
    "iam_policy_name": lambda name, value: validation.check_name(name, value, validation.POLICY_NAME_MAX),
    "iam_path": validation.check_path,
    "iam_policy_arn": validation.check_policy_arn,
    "iam_tags": validation.check_tags,
    "policy_document": parse_policy,
    "account_id": validation.check_account_id,
    "max_session_duration": lambda name, value: validation.check_range(name, int(value), 3600, 43200),
    "identitystore_user_name": identity_center.check_user_name,
    "identitystore_display_name": identity_center.check_display_string,
    "email": identity_center.check_email,
    "permission_set_name": identity_center.check_permission_set_name,
    "session_duration": identity_center.check_session_duration,
    "proton_repository": proton.check_repository,
}


def check(name, rule, value):
    """Apply ``rule`` to ``value``; ``ParameterError`` naming ``name`` on failure."""
    RULES[rule](name, value)
