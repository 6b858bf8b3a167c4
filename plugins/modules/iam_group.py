#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: iam_group
short_description: Manage an IAM group, its members and its managed policies
version_added: 0.1.0
description:
  - Creates, updates or deletes an IAM group with its path, attached managed policies and members.
  - Users to add and policies to attach are checked to exist before anything is changed.
  - Option names follow M(amazon.aws.iam_group) where the concept is the same.
author:
  - awsops.proton maintainers (@awsops)
options:
  name:
    description:
      - The group's name, 1 to 128 letters, digits and C(+=,.@_-).
    type: str
    required: true
    aliases: [group_name]
  path:
    description:
      - The group's path, for example C(/admins/). Defaults to C(/) when the group is created; a
        different path on an existing group moves it (its ARN changes).
    type: str
    aliases: [prefix, path_prefix]
  managed_policies:
    description:
      - Managed policies to attach, as ARNs or as names of AWS managed policies (V(AdministratorAccess),
        or with the policy's path). Names are resolved in the caller's partition.
      - Customer managed policies need their ARN.
      - Not set leaves the attached policies as they are.
    type: list
    elements: str
    aliases: [managed_policy]
  purge_policies:
    description:
      - Detach managed policies that are not in O(managed_policies). Only applies when
        O(managed_policies) is set.
    type: bool
    default: false
    aliases: [purge_policy, purge_managed_policies]
  users:
    description:
      - Names of users who should be members. Each must exist.
      - Not set leaves the members as they are.
    type: list
    elements: str
  purge_users:
    description:
      - Remove members who are not in O(users). Only applies when O(users) is set.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the group; V(absent) deletes it, after removing its members,
        detaching its managed policies and deleting its inline policies.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
notes:
  - IAM groups cannot be tagged and have no permissions boundary.
  - Check mode makes no write call. When it predicts a new group, the ARN is computed from the caller's
    account (one STS C(GetCallerIdentity) call); RV(iam_group.group_id) and RV(iam_group.create_date)
    are then null.
seealso:
  - module: awsops.proton.iam_user
  - module: awsops.proton.iam_role
  - module: amazon.aws.iam_group
"""

EXAMPLES = r"""
- name: An administrators group (AWS's recipe for a Proton administrator as an IAM user)
  awsops.proton.iam_group:
    name: Admins
    managed_policies:
      - AdministratorAccess
    users:
      - proton-admin
  register: admins

- name: Make alice the only member and the Proton full access policy the only policy
  awsops.proton.iam_group:
    name: Admins
    users: [alice]
    purge_users: true
    managed_policies: [AWSProtonFullAccess]
    purge_policies: true

- name: Delete the group
  awsops.proton.iam_group:
    name: Admins
    state: absent
"""

RETURN = r"""
iam_group:
  description:
    - The group after the task (predicted in check mode). Empty when O(state=absent).
  returned: always
  type: dict
  contains:
    arn:
      description: The group's ARN.
      type: str
      sample: arn:aws:iam::123456789012:group/Admins
    group_name:
      description: The group's name.
      type: str
      sample: Admins
    group_id:
      description: The group's unique id; null in check mode when the group would be created.
      type: str
      sample: AGPAEXAMPLEID
    path:
      description: The group's path.
      type: str
      sample: /
    create_date:
      description: When the group was created (ISO 8601); null in check mode when the group would be created.
      type: str
      sample: "2024-05-01T12:00:00+00:00"
    managed_policies:
      description: ARNs of the attached managed policies, sorted.
      type: list
      elements: str
      sample: ["arn:aws:iam::aws:policy/AdministratorAccess"]
    users:
      description: Names of the group's members, sorted.
      type: list
      elements: str
      sample: ["alice", "proton-admin"]
"""

from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule

KIND = iam.KINDS["group"]
USER = iam.KINDS["user"]


def validate(params):
    validation.check_name("name", params["name"], KIND.name_max)
    validation.check_path("path", params["path"])
    iam.check_managed_policies("managed_policies", params["managed_policies"])
    iam.check_names("users", params["users"], USER)


def plan(ctx, params, current):
    """``(create_params or None, write ops, group after, {option: [names or ARNs that must exist]})``."""
    name = params["name"]
    managed = iam.resolve_policy_arns(ctx, params["managed_policies"])
    ops = []
    if current is None:
        path = params["path"] or "/"
        create = dict(GroupName=name, Path=path)
        after = dict(arn=None, group_name=name, group_id=None, path=path, create_date=None,
                     managed_policies=[], users=[])
    else:
        create = None
        after = dict(current)
        if params["path"] and params["path"] != current["path"]:
            ops.append(("UpdateGroup", dict(GroupName=name, NewPath=params["path"])))
            after["path"] = params["path"]
            after["arn"] = ctx.entity_arn(KIND, params["path"], name)
    managed_ops, to_attach, after["managed_policies"] = iam.plan_managed_policies(
        KIND, name, after["managed_policies"], managed, params["purge_policies"])
    to_add, to_remove, after["users"] = iam.plan_set(after["users"], params["users"], params["purge_users"])
    user_ops = [("AddUserToGroup", dict(GroupName=name, UserName=user)) for user in to_add]
    user_ops += [("RemoveUserFromGroup", dict(GroupName=name, UserName=user)) for user in to_remove]
    return create, ops + managed_ops + user_ops, after, dict(managed_policies=to_attach, users=to_add)


def check_exist(client, must_exist):
    iam.check_policies_exist(client, "managed_policies", must_exist["managed_policies"])
    iam.check_entities_exist(client, "users", USER, must_exist["users"])


def clean_group(client, name):
    """Everything IAM wants gone before DeleteGroup: members, managed and inline policies."""
    _group, users = iam.get_group_with_users(client, name)
    for user in users:
        iam.call_write(client, "RemoveUserFromGroup", dict(GroupName=name, UserName=user["UserName"]))
    iam.remove_policies(client, KIND, name)


def run(module):
    params = module.params
    name = params["name"]
    validate(params)
    ctx = iam.IAMContext(module)
    client = ctx.client
    current = iam.read_group(client, name)
    if current is not None:
        ctx.learn_arn(current["arn"])
    if params["state"] == "absent":
        changed, before, after = iam.ensure_absent(module, ctx, KIND, current, lambda retry: clean_group(client, name))
    else:
        changed, before, after = iam.ensure_present(
            module, ctx, KIND, current,
            plan=lambda state: plan(ctx, params, state),
            check_exist=lambda must_exist: check_exist(client, must_exist),
            read=lambda: iam.read_group(client, name))
    return module.result(changed, before=before, after=after, iam_group=after)


def main():
    argument_spec = dict(
        name=dict(type="str", required=True, aliases=["group_name"]),
        path=dict(type="str", aliases=["prefix", "path_prefix"]),
        managed_policies=dict(type="list", elements="str", aliases=["managed_policy"]),
        purge_policies=dict(type="bool", default=False, aliases=["purge_policy", "purge_managed_policies"]),
        users=dict(type="list", elements="str"),
        purge_users=dict(type="bool", default=False),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
