#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: identitystore_user
short_description: Manage a user in the IAM Identity Center identity store
version_added: 0.1.0
description:
  - Creates, updates or deletes a user of the IAM Identity Center identity store, found by O(user_name).
  - Changed attributes are updated in place (identitystore C(UpdateUser)); the user keeps its id, its group
    memberships and its account assignments.
  - No API sets a password or sends the invitation email. The user sets a password on first sign-in
    ("Forgot password" on the access portal), or an administrator sends the invitation from the console.
author:
  - awsops.proton maintainers (@awsops)
options:
  user_name:
    description:
      - The user's sign-in name, unique in the identity store. 1 to 128 characters without spaces.
      - It identifies the user; it is not changed by this module.
    type: str
    required: true
    aliases: [name]
  display_name:
    description:
      - The name shown in the access portal and the console, up to 1024 characters.
      - When creating a user and not set, C(<given_name> <family_name>) is used. When updating, not set means
        leave it as it is.
    type: str
  given_name:
    description:
      - The user's first name. Required when O(state=present) (Identity Center requires it on every user).
    type: str
  family_name:
    description:
      - The user's last name. Required when O(state=present).
    type: str
  email:
    description:
      - The user's email address, stored as the user's only, primary, C(work) email.
      - Identity Center sends invitations and one-time passwords to it. Not set means leave it as it is.
    type: str
  identity_store_id:
    description:
      - The identity store, for example C(d-1234567890).
      - When not set, the identity store of the only IAM Identity Center instance in the region is used
        (this needs C(sso:ListInstances)).
    type: str
  state:
    description:
      - C(present) creates or updates the user; C(absent) deletes it.
      - Deleting a user removes it from its groups; its account assignments stop working.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
"""

EXAMPLES = r"""
- name: The Proton administrator
  awsops.proton.identitystore_user:
    user_name: jane
    given_name: Jane
    family_name: Doe
    email: jane@example.com
  register: admin

- name: Remove a user
  awsops.proton.identitystore_user:
    user_name: jane
    state: absent
"""

RETURN = r"""
user:
  description: The user after the change (predicted in check mode); empty after O(state=absent).
  returned: always
  type: dict
  contains:
    user_id:
      description: The user id; C(null) when a user is only predicted in check mode.
      type: str
      sample: 9067b4a6b8-1a2b3c4d-1234-5678-9abc-def012345678
    user_name:
      description: The sign-in name.
      type: str
      sample: jane
    display_name:
      description: The display name.
      type: str
      sample: Jane Doe
    given_name:
      description: The first name.
      type: str
      sample: Jane
    family_name:
      description: The last name.
      type: str
      sample: Doe
    email:
      description: The primary email address, or C(null).
      type: str
      sample: jane@example.com
    identity_store_id:
      description: The identity store.
      type: str
      sample: d-1234567890
updated_attributes:
  description: The attribute paths changed by C(UpdateUser) (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: [displayName, emails]
diff:
  description: The user before and after, when run with C(--diff).
  returned: when diff mode is on and something changed or would change
  type: dict
  contains:
    before:
      description: The user before (empty when it did not exist).
      type: dict
    after:
      description: The user after (empty when deleted).
      type: dict
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import users


def run(module):
    params = module.params
    users.validate(params)
    identity_center.check_identity_store_id("identity_store_id", params["identity_store_id"])
    client = module.client("identitystore")
    store_id = identity_center.resolve_identity_store_id(module)
    current = users.read(client, store_id, params["user_name"])
    if params["state"] == "absent":
        return module.result(**users.ensure_absent(module, client, store_id, current))
    return module.result(**users.ensure_present(module, client, store_id, params, current))


def main():
    argument_spec = dict(
        user_name=dict(type="str", required=True, aliases=["name"]),
        display_name=dict(type="str"),
        given_name=dict(type="str"),
        family_name=dict(type="str"),
        email=dict(type="str"),
        identity_store_id=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, supports_check_mode=True,
                       required_if=[("state", "present", ["given_name", "family_name"])])
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
