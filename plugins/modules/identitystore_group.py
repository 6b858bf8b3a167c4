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
  - awsops.proton.attributes.actiongroup_aws
  - awsops.proton.attributes.check_mode
  - awsops.proton.attributes.diff_mode
  - awsops.proton.attributes.idempotent
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

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule


def validate(params):
    identity_center.check_display_string("display_name", params["display_name"])
    identity_center.check_display_string("description", params["description"])
    identity_center.check_identity_store_id("identity_store_id", params["identity_store_id"])
    for user_name in params["members"] or []:
        identity_center.check_user_name("members", user_name)


def current_members(client, store_id, group_id):
    """``{user_name: (user_id, membership_id)}`` of the group's members."""
    members = {}
    for user_id, membership_id in identity_center.group_memberships(client, store_id, group_id).items():
        user = identity_center.describe_user(client, store_id, user_id)
        members[user["user_name"] if user else user_id] = (user_id, membership_id)
    return members


def wanted_member_ids(module, client, store_id):
    """``{user_name: user_id}`` of the users in ``members``; an unknown user fails before any write."""
    ids = {}
    missing = []
    for user_name in module.params["members"] or []:
        user_id = identity_center.get_user_id(client, store_id, user_name)
        if user_id:
            ids[user_name] = user_id
        else:
            missing.append(user_name)
    if missing:
        message = "no such user in identity store {0}: {1}".format(store_id, ", ".join(sorted(set(missing))))
        if not module.check_mode:
            raise ParameterError("members", message)
        # In check mode the users may be created by an earlier task that did not run for real.
        module.warn("members: {0}; a real run fails unless they are created first".format(message))
        ids.update((name, None) for name in missing)
    return ids


def create_group(client, store_id, params):
    kwargs = dict(IdentityStoreId=store_id, DisplayName=params["display_name"])
    if params["description"]:
        kwargs["Description"] = params["description"]
    try:
        return client.call("CreateGroup", **kwargs)["GroupId"]
    except AWSAPIError as e:
        # Created meanwhile by someone else (DisplayName is unique): use that group.
        if e.is_code("ConflictException"):
            group_id = identity_center.get_group_id(client, store_id, params["display_name"])
            if group_id:
                return group_id
        raise


def add_member(client, store_id, group_id, user_id):
    try:
        client.call("CreateGroupMembership", IdentityStoreId=store_id, GroupId=group_id,
                    MemberId=dict(UserId=user_id))
    except AWSAPIError as e:
        if not e.is_code("ConflictException"):  # already a member: what we want
            raise


def remove_member(client, store_id, membership_id):
    try:
        client.call("DeleteGroupMembership", IdentityStoreId=store_id, MembershipId=membership_id)
    except AWSAPIError as e:
        if not e.is_code("ResourceNotFoundException"):
            raise


def run(module):
    params = module.params
    validate(params)
    client = module.client("identitystore")
    store_id = identity_center.resolve_identity_store_id(module)
    group = identity_center.find_group(client, store_id, params["display_name"])
    members = current_members(client, store_id, group["group_id"]) if group else {}
    before = dict(group, members=sorted(members)) if group else {}

    if params["state"] == "absent":
        if group and not module.check_mode:
            try:
                client.call("DeleteGroup", IdentityStoreId=store_id, GroupId=group["group_id"])
            except AWSAPIError as e:
                if not e.is_code("ResourceNotFoundException"):
                    raise
        return module.result(bool(group), before=before, after={}, group={},
                             members_added=[], members_removed=[])

    wanted_ids = wanted_member_ids(module, client, store_id) if params["members"] is not None else {}
    to_add = sorted(name for name in wanted_ids if name not in members)
    to_remove = sorted(name for name in members if name not in wanted_ids) \
        if params["members"] is not None and params["purge_members"] else []
    description_changes = bool(group) and params["description"] is not None \
        and params["description"] != group["description"]

    after = dict(group) if group else dict(group_id=None, display_name=params["display_name"],
                                           description=params["description"], identity_store_id=store_id)
    if params["description"] is not None:
        after["description"] = params["description"]
    after["members"] = sorted((set(members) | set(to_add)) - set(to_remove))
    changed = not group or description_changes or bool(to_add) or bool(to_remove)

    if changed and not module.check_mode:
        group_id = group["group_id"] if group else create_group(client, store_id, params)
        if description_changes:
            client.call("UpdateGroup", IdentityStoreId=store_id, GroupId=group_id,
                        Operations=[dict(AttributePath="description", AttributeValue=params["description"])])
        for name in to_add:
            add_member(client, store_id, group_id, wanted_ids[name])
        for name in to_remove:
            remove_member(client, store_id, members[name][1])
        after["group_id"] = group_id
    return module.result(changed, before=before, after=after, group=after,
                         members_added=to_add, members_removed=to_remove)


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
