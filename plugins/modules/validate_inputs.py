#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: validate_inputs
short_description: Check role variables against AWS's rules before anything is changed
version_added: 0.1.0
description:
  - Applies the collection's input rules (the same checks its modules make) to a list of named values
    and fails on the first one that breaks its rule, with a message that names the variable.
  - The collection's roles call it first, so bad input stops a run before any AWS call. Makes no AWS call.
author:
  - awsops.proton maintainers (@awsops)
options:
  inputs:
    description: The values to check.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: The variable's name, used in the error message.
        type: str
        required: true
      value:
        description: The value to check. An empty value (V(null), V("")) is skipped unless O(inputs[].required=true).
        type: raw
      rule:
        description: The rule to apply.
        type: str
        required: true
        choices:
          - account_id
          - account_ids
          - email
          - iam_group_name
          - iam_path
          - iam_policy_arn
          - iam_policy_name
          - iam_role_arn
          - iam_role_name
          - iam_tags
          - iam_user_name
          - identitystore_display_name
          - identitystore_user_name
          - max_session_duration
          - permission_set_name
          - policy_document
          - proton_parts
          - proton_repository
          - session_duration
      required:
        description: Whether an empty value is an error.
        type: bool
        default: false
  warnings:
    description:
      - Warnings to show when the inputs pass, for choices that are valid but unsafe (for example long-term
        credentials, or administrator rights on a service role). Shown as Ansible warnings.
    type: list
    elements: str
    default: []
attributes:
  check_mode:
    description: Makes no change; runs the same in check mode.
    support: full
  diff_mode:
    description: Changes nothing, so there is nothing to diff.
    support: N/A
  idempotent:
    description: Reads nothing and changes nothing.
    support: full
"""

EXAMPLES = r"""
- name: Check the admin user's variables before any change
  awsops.proton.validate_inputs:
    inputs:
      - {name: admin_user_name, value: "{{ admin_user_name }}", rule: identitystore_user_name, required: true}
      - {name: admin_user_email, value: "{{ admin_user_email }}", rule: email, required: true}
      - {name: admin_user_session_duration, value: "{{ admin_user_session_duration }}", rule: session_duration}
"""

RETURN = r"""
checked:
  description: The names of the values that were checked.
  returned: success
  type: list
  elements: str
  sample: [admin_user_name, admin_user_email]
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._plan import input_rules


def main():
    module = AWSModule(input_rules.ARGUMENT_SPEC, connection=False, supports_check_mode=True)
    module.run(lambda: input_rules.check_inputs(module.params, module.warn))


if __name__ == "__main__":
    main()
