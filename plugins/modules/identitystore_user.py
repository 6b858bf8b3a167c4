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
  - awsops.proton.attributes.actiongroup_aws
  - awsops.proton.attributes.check_mode
  - awsops.proton.attributes.diff_mode
  - awsops.proton.attributes.idempotent
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

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule

# Module attribute -> (UpdateUser attribute path, how to turn the option into its value).
ATTRIBUTES = (
    ("display_name", "displayName", lambda v: v),
    ("given_name", "name.givenName", lambda v: v),
    ("family_name", "name.familyName", lambda v: v),
    ("email", "emails", identity_center.work_email),
)


def validate(params):
    identity_center.check_user_name("user_name", params["user_name"])
    identity_center.check_identity_store_id("identity_store_id", params["identity_store_id"])
    for option in ("display_name", "given_name", "family_name"):
        identity_center.check_display_string(option, params[option])
    identity_center.check_email("email", params["email"])


def wanted_user(params, current, store_id):
    """The user the options describe, on top of ``current`` (None: a new user)."""
    if current:
        user = dict(current)
    else:
        user = dict(user_id=None, user_name=params["user_name"], display_name=None, given_name=None,
                    family_name=None, email=None, identity_store_id=store_id)
    for option in ("given_name", "family_name", "display_name", "email"):
        if params[option] is not None:
            user[option] = params[option]
    if not current and params["display_name"] is None:
        user["display_name"] = "{0} {1}".format(params["given_name"], params["family_name"])
    return user


def create_user(client, store_id, user):
    kwargs = dict(IdentityStoreId=store_id, UserName=user["user_name"], DisplayName=user["display_name"],
                  Name=dict(GivenName=user["given_name"], FamilyName=user["family_name"]))
    if user["email"]:
        kwargs["Emails"] = identity_center.work_email(user["email"])
    try:
        return client.call("CreateUser", **kwargs)["UserId"]
    except AWSAPIError as e:
        # Created meanwhile by someone else (UserName is unique): use that user.
        if e.is_code("ConflictException"):
            user_id = identity_center.get_user_id(client, store_id, user["user_name"])
            if user_id:
                return user_id
        raise


def run(module):
    params = module.params
    validate(params)
    client = module.client("identitystore")
    store_id = identity_center.resolve_identity_store_id(module)
    current = identity_center.find_user(client, store_id, params["user_name"])

    if params["state"] == "absent":
        if current and not module.check_mode:
            try:
                client.call("DeleteUser", IdentityStoreId=store_id, UserId=current["user_id"])
            except AWSAPIError as e:
                if not e.is_code("ResourceNotFoundException"):
                    raise
        return module.result(bool(current), before=current or {}, after={}, user={}, updated_attributes=[])

    wanted = wanted_user(params, current, store_id)
    if not current:
        if not module.check_mode:
            user_id = create_user(client, store_id, wanted)
            wanted = identity_center.describe_user(client, store_id, user_id) or dict(wanted, user_id=user_id)
        return module.result(True, before={}, after=wanted, user=wanted, updated_attributes=[])

    operations = []
    for option, path, to_value in ATTRIBUTES:
        if wanted[option] != current[option]:
            operations.append(dict(AttributePath=path, AttributeValue=to_value(wanted[option])))
    if operations and not module.check_mode:
        client.call("UpdateUser", IdentityStoreId=store_id, UserId=current["user_id"], Operations=operations)
        wanted = identity_center.describe_user(client, store_id, current["user_id"]) or wanted
    return module.result(bool(operations), before=current, after=wanted, user=wanted,
                         updated_attributes=[o["AttributePath"] for o in operations])


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
