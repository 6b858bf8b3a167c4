#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: identitystore_group
short_description: Manage a group and its members in the IAM Identity Center identity store
version_added: 0.1.0
description:
  - Creates, updates or deletes a group of the IAM Identity Center identity store, found by O(display_name),
    and manages which users are its members.
  - Assign a permission set to the group with M(awsops.proton.sso_account_assignment) to give its members
    access to an AWS account.
author:
  - awsops.proton maintainers (@awsops)
options:
  display_name:
    description:
      - The group's name, unique in the identity store, up to 1024 characters. It identifies the group.
    type: str
    required: true
    aliases: [name]
  description:
    description:
      - The group's description. Not set means leave it as it is.
    type: str
  members:
    description:
      - User names (M(awsops.proton.identitystore_user) O(awsops.proton.identitystore_user#module:user_name))
        that should be members of the group. Every user must exist.
      - Not set means leave the members as they are.
    type: list
    elements: str
    aliases: [users]
  purge_members:
    description:
      - When true, members not listed in O(members) are removed from the group.
      - When false, listed users are added and no member is removed.
    type: bool
    default: false
    aliases: [purge_users]
  identity_store_id:
    description:
      - The identity store, for example C(d-1234567890).
      - When not set, the identity store of the only IAM Identity Center instance in the region is used
        (this needs C(sso:ListInstances)).
    type: str
  state:
    description:
      - C(present) creates or updates the group; C(absent) deletes it (its memberships go with it, the
        users stay).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
"""

EXAMPLES = r"""
- name: Administrators of the Proton account
  awsops.proton.identitystore_group:
    display_name: ProtonAdmins
    description: People who administer AWS Proton
    members: [jane]
    purge_members: true

- name: Remove the group
  awsops.proton.identitystore_group:
    display_name: ProtonAdmins
    state: absent
"""

RETURN = r"""
group:
  description: The group after the change (predicted in check mode); empty after O(state=absent).
  returned: always
  type: dict
  contains:
    group_id:
      description: The group id; C(null) when a group is only predicted in check mode.
      type: str
      sample: 9067b4a6b8-1a2b3c4d-1234-5678-9abc-def012345678
    display_name:
      description: The group name.
      type: str
      sample: ProtonAdmins
    description:
      description: The description, or C(null).
      type: str
      sample: People who administer AWS Proton
    identity_store_id:
      description: The identity store.
      type: str
      sample: d-1234567890
    members:
      description: User names of the members, sorted.
      type: list
      elements: str
      sample: [jane]
members_added:
  description: User names added to the group (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: [jane]
members_removed:
  description: User names removed from the group (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: []
diff:
  description: The group (with its members) before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The group before (empty when it did not exist).
      type: dict
    after:
      description: The group after (empty when deleted).
      type: dict
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import groups


def run(module):
    params = module.params
    groups.validate(params)
    identity_center.check_identity_store_id("identity_store_id", params["identity_store_id"])
    client = module.client("identitystore")
    store_id = identity_center.resolve_identity_store_id(module)
    group, members = groups.read(client, store_id, params["display_name"])
    if params["state"] == "absent":
        return module.result(**groups.ensure_absent(module, client, store_id, group, members))
    return module.result(**groups.ensure_present(module, client, store_id, params, group, members))


def main():
    argument_spec = dict(
        display_name=dict(type="str", required=True, aliases=["name"]),
        description=dict(type="str"),
        members=dict(type="list", elements="str", aliases=["users"]),
        purge_members=dict(type="bool", default=False, aliases=["purge_users"]),
        identity_store_id=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
