#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: iam_user
short_description: Manage an IAM user, its groups, managed policies, boundary, tags and console password
version_added: 0.1.0
description:
  - Creates, updates or deletes an IAM user with its path, group memberships, attached managed policies,
    permissions boundary, tags and console password (login profile).
  - AWS recommends IAM Identity Center users (short-term credentials) over IAM users for people; use an
    IAM user only where Identity Center is not available.
  - The password is never returned, shown in a diff or logged.
  - Option names follow M(amazon.aws.iam_user) where the concept is the same; the console password is
    set with O(login_profile) instead of amazon.aws's top-level C(password) and C(password_reset_required).
author:
  - awsops.proton maintainers (@awsops)
options:
  name:
    description:
      - The user's name, 1 to 64 letters, digits and C(+=,.@_-).
    type: str
    required: true
    aliases: [user_name]
  path:
    description:
      - The user's path. Defaults to C(/) when the user is created; a different path on an existing user
        moves it (its ARN changes).
    type: str
    aliases: [prefix, path_prefix]
  groups:
    description:
      - Names of groups the user should be a member of. Each must exist.
      - Not set leaves the memberships as they are.
    type: list
    elements: str
  purge_groups:
    description:
      - Remove the user from groups that are not in O(groups). Only applies when O(groups) is set.
    type: bool
    default: false
  managed_policies:
    description:
      - Managed policies to attach, as ARNs or as names of AWS managed policies (V(AdministratorAccess),
        or with the policy's path). Names are resolved in the caller's partition.
      - Customer managed policies need their ARN. Not set leaves the attached policies as they are.
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
  boundary:
    description:
      - The ARN of the managed policy used as the user's permissions boundary. V("") removes the
        boundary. Not set leaves it as it is.
    type: str
    aliases: [boundary_policy_arn, permissions_boundary]
  tags:
    description:
      - Tags as a dict. Not set leaves the tags as they are.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Remove tags that are not in O(tags). Only applies when O(tags) is set.
    type: bool
    default: true
  login_profile:
    description:
      - The user's console password. When set, the user has a login profile (console access); when the
        user has none, it is created with O(login_profile.password).
      - An existing password is changed only with O(update_password=always), because IAM cannot tell
        whether it differs.
      - Not set leaves console access as it is; use O(remove_login_profile) to remove it.
    type: dict
    suboptions:
      password:
        description:
          - The password, 1 to 128 characters; the account's password policy may ask for more. Required
            when O(login_profile) is set.
        type: str
      password_reset_required:
        description:
          - Whether the user must choose a new password at the next sign-in.
          - Applied whenever the password is set (on create, and on every run with
            O(update_password=always)); otherwise left as it is, so that a user who has already changed
            their password is not asked again.
        type: bool
        default: true
  update_password:
    description:
      - V(on_create) sets the password only when the login profile is created.
      - V(always) sets it on every run, so the task always reports a change while O(login_profile) is set.
    type: str
    choices: [always, on_create]
    default: on_create
  remove_login_profile:
    description:
      - Remove the user's console password (login profile). Access keys are not affected.
      - Cannot be V(true) together with O(login_profile).
    type: bool
    default: false
    aliases: [remove_password]
  state:
    description:
      - V(present) creates or updates the user.
      - V(absent) deletes it, after deleting its access keys, login profile, signing certificates, SSH
        public keys and service-specific credentials, deactivating its MFA devices (and deleting the
        virtual ones), removing it from its groups, detaching its managed policies and deleting its
        inline policies.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
attributes:
  idempotent:
    support: partial
    details:
      - With O(update_password=always) and O(login_profile) set, the password is set again on every run
        and the task reports a change. Everything else makes no write call on a rerun.
notes:
  - Check mode makes no write call. When it predicts a new user, the ARN is computed from the caller's
    account (one STS C(GetCallerIdentity) call); RV(iam_user.user_id) and RV(iam_user.create_date) are
    then null.
  - A secret access key can be read only when it is created; this module does not create access keys.
seealso:
  - module: awsops.proton.iam_group
  - module: awsops.proton.iam_role
  - module: amazon.aws.iam_user
"""

EXAMPLES = r"""
- name: An administrative IAM user in the Admins group, with a console password to change at first sign-in
  awsops.proton.iam_user:
    name: proton-admin
    groups: [Admins]
    login_profile:
      password: "{{ initial_password }}"
    tags:
      purpose: proton-administration
  no_log: true
  register: admin

- name: Reset the password on every run (reports changed each time)
  awsops.proton.iam_user:
    name: proton-admin
    login_profile:
      password: "{{ new_password }}"
      password_reset_required: false
    update_password: always

- name: Remove console access, keep the user
  awsops.proton.iam_user:
    name: proton-admin
    remove_login_profile: true

- name: Delete the user and everything that belongs to it
  awsops.proton.iam_user:
    name: proton-admin
    state: absent
"""

RETURN = r"""
iam_user:
  description:
    - The user after the task (predicted in check mode). Empty when O(state=absent). Never holds the password.
  returned: always
  type: dict
  contains:
    arn:
      description: The user's ARN.
      type: str
      sample: arn:aws:iam::123456789012:user/proton-admin
    user_name:
      description: The user's name.
      type: str
      sample: proton-admin
    user_id:
      description: The user's unique id; null in check mode when the user would be created.
      type: str
      sample: AIDAEXAMPLEID
    path:
      description: The user's path.
      type: str
      sample: /
    create_date:
      description: When the user was created (ISO 8601); null in check mode when the user would be created.
      type: str
      sample: "2024-05-01T12:00:00+00:00"
    groups:
      description: Names of the groups the user is a member of, sorted.
      type: list
      elements: str
      sample: ["Admins"]
    managed_policies:
      description: ARNs of the attached managed policies, sorted.
      type: list
      elements: str
      sample: []
    permissions_boundary:
      description: ARN of the permissions boundary; null when there is none.
      type: str
      sample: null
    tags:
      description: The user's tags.
      type: dict
      sample: {"purpose": "proton-administration"}
    login_profile:
      description: The user's console access.
      type: dict
      contains:
        exists:
          description: Whether the user has a console password.
          type: bool
          sample: true
        password_reset_required:
          description: Whether the user must choose a new password at the next sign-in.
          type: bool
          sample: true
"""

from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._aws.tags import dict_to_boto3_tags, merged_tags

KIND = iam.KINDS["user"]
GROUP = iam.KINDS["group"]
PASSWORD_MAX = 128


def validate(params):
    validation.check_name("name", params["name"], KIND.name_max)
    validation.check_path("path", params["path"])
    iam.check_names("groups", params["groups"], GROUP)
    iam.check_managed_policies("managed_policies", params["managed_policies"])
    iam.check_boundary("boundary", params["boundary"])
    iam.check_tags("tags", params["tags"], KIND)
    profile = params["login_profile"]
    if profile is not None and params["remove_login_profile"]:
        raise ParameterError("remove_login_profile", "cannot be true while login_profile is set: either keep "
                                                     "console access or remove it")
    if profile is not None:
        # Never put the password itself in a message.
        password = profile.get("password")
        if password is None:
            raise ParameterError("login_profile.password", "is required when login_profile is set; to remove "
                                                           "console access use remove_login_profile: true")
        if not 1 <= len(password) <= PASSWORD_MAX:
            raise ParameterError("login_profile.password", "must be 1 to {0} characters long (got {1})".format(
                PASSWORD_MAX, len(password)))


def plan_login_profile(params, name, current):
    """``(ops, after)`` for the login profile; ``current`` is ``{exists, password_reset_required}``."""
    profile = params["login_profile"]
    if params["remove_login_profile"]:
        if not current["exists"]:
            return [], current
        return [("DeleteLoginProfile", dict(UserName=name))], dict(exists=False, password_reset_required=False)
    if profile is None:
        return [], current
    wanted = dict(UserName=name, Password=profile["password"],
                  PasswordResetRequired=profile["password_reset_required"])
    after = dict(exists=True, password_reset_required=profile["password_reset_required"])
    if not current["exists"]:
        return [("CreateLoginProfile", wanted)], after
    if params["update_password"] == "always":
        return [("UpdateLoginProfile", wanted)], after
    return [], current


def plan(ctx, params, current):
    """``(create_params or None, write ops, user after, {option: [names or ARNs that must exist]})``."""
    name = params["name"]
    managed = iam.resolve_policy_arns(ctx, params["managed_policies"])
    boundary = params["boundary"]
    ops = []
    if current is None:
        path = params["path"] or "/"
        create = dict(UserName=name, Path=path)
        if boundary:
            create["PermissionsBoundary"] = boundary
        tags = merged_tags({}, params["tags"])
        if tags:
            create["Tags"] = dict_to_boto3_tags(tags)
        new_boundary = boundary or None
        after = dict(arn=None, user_name=name, user_id=None, path=path, create_date=None, groups=[],
                     managed_policies=[], permissions_boundary=new_boundary, tags=tags,
                     login_profile=dict(exists=False, password_reset_required=False))
    else:
        create = None
        after = dict(current)
        if params["path"] and params["path"] != current["path"]:
            ops.append(("UpdateUser", dict(UserName=name, NewPath=params["path"])))
            after["path"] = params["path"]
            after["arn"] = ctx.entity_arn(KIND, params["path"], name)
        boundary_ops, after["permissions_boundary"] = iam.plan_boundary(
            KIND, name, current["permissions_boundary"], boundary)
        new_boundary = boundary if boundary_ops else None
        tag_ops, after["tags"] = iam.plan_tags(KIND, name, current["tags"], params["tags"], params["purge_tags"])
        ops += boundary_ops + tag_ops
    to_join, to_leave, after["groups"] = iam.plan_set(after["groups"], params["groups"], params["purge_groups"])
    ops += [("AddUserToGroup", dict(GroupName=group, UserName=name)) for group in to_join]
    ops += [("RemoveUserFromGroup", dict(GroupName=group, UserName=name)) for group in to_leave]
    managed_ops, to_attach, after["managed_policies"] = iam.plan_managed_policies(
        KIND, name, after["managed_policies"], managed, params["purge_policies"])
    profile_ops, after["login_profile"] = plan_login_profile(params, name, after["login_profile"])
    must_exist = dict(managed_policies=to_attach, boundary=[new_boundary] if new_boundary else [], groups=to_join)
    return create, ops + managed_ops + profile_ops, after, must_exist


def check_exist(client, must_exist):
    iam.check_policies_exist(client, "boundary", must_exist["boundary"])
    iam.check_policies_exist(client, "managed_policies", must_exist["managed_policies"])
    iam.check_entities_exist(client, "groups", GROUP, must_exist["groups"])


def clean_user(client, name, retry):
    """Everything IAM wants gone before DeleteUser.

    Service-specific credentials (CodeCommit, Keyspaces) are looked for only after a
    DeleteConflict (``retry``): they are rare, and listing them on every delete costs a call.
    """
    for key in iam.listed(lambda: client.paginate("ListAccessKeys", "AccessKeyMetadata", UserName=name)):
        iam.call_write(client, "DeleteAccessKey", dict(UserName=name, AccessKeyId=key["AccessKeyId"]))
    if client.get_or_none("GetLoginProfile", UserName=name) is not None:
        iam.call_write(client, "DeleteLoginProfile", dict(UserName=name))
    for device in iam.listed(lambda: client.paginate("ListMFADevices", "MFADevices", UserName=name)):
        serial = device["SerialNumber"]
        iam.call_write(client, "DeactivateMFADevice", dict(UserName=name, SerialNumber=serial))
        if serial.startswith("arn:") and ":mfa/" in serial:  # virtual: delete it too; hardware ones are returned
            iam.call_write(client, "DeleteVirtualMFADevice", dict(SerialNumber=serial))
    for cert in iam.listed(lambda: client.paginate("ListSigningCertificates", "Certificates", UserName=name)):
        iam.call_write(client, "DeleteSigningCertificate", dict(UserName=name, CertificateId=cert["CertificateId"]))
    for key in iam.listed(lambda: client.paginate("ListSSHPublicKeys", "SSHPublicKeys", UserName=name)):
        iam.call_write(client, "DeleteSSHPublicKey", dict(UserName=name, SSHPublicKeyId=key["SSHPublicKeyId"]))
    if retry:
        response = iam.listed(lambda: client.call("ListServiceSpecificCredentials", UserName=name))
        for cred in (response or {}).get("ServiceSpecificCredentials", []):
            iam.call_write(client, "DeleteServiceSpecificCredential",
                           dict(UserName=name, ServiceSpecificCredentialId=cred["ServiceSpecificCredentialId"]))
    for group in iam.listed(lambda: client.paginate("ListGroupsForUser", "Groups", UserName=name)):
        iam.call_write(client, "RemoveUserFromGroup", dict(GroupName=group["GroupName"], UserName=name))
    iam.remove_policies(client, KIND, name)


def run(module):
    params = module.params
    name = params["name"]
    validate(params)
    ctx = iam.IAMContext(module)
    client = ctx.client
    current = iam.read_user(client, name)
    if current is not None:
        ctx.learn_arn(current["arn"])
    if params["state"] == "absent":
        changed, before, after = iam.ensure_absent(module, ctx, KIND, current,
                                                   lambda retry: clean_user(client, name, retry))
    else:
        changed, before, after = iam.ensure_present(
            module, ctx, KIND, current,
            plan=lambda state: plan(ctx, params, state),
            check_exist=lambda must_exist: check_exist(client, must_exist),
            read=lambda: iam.read_user(client, name))
    return module.result(changed, before=before, after=after, iam_user=after)


def main():
    argument_spec = dict(
        name=dict(type="str", required=True, aliases=["user_name"]),
        path=dict(type="str", aliases=["prefix", "path_prefix"]),
        groups=dict(type="list", elements="str"),
        purge_groups=dict(type="bool", default=False),
        managed_policies=dict(type="list", elements="str", aliases=["managed_policy"]),
        purge_policies=dict(type="bool", default=False, aliases=["purge_policy", "purge_managed_policies"]),
        boundary=dict(type="str", aliases=["boundary_policy_arn", "permissions_boundary"]),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        login_profile=dict(type="dict", options=dict(
            password=dict(type="str", no_log=True),
            password_reset_required=dict(type="bool", default=True, no_log=False),
        )),
        update_password=dict(type="str", choices=["always", "on_create"], default="on_create", no_log=False),
        remove_login_profile=dict(type="bool", default=False, aliases=["remove_password"], no_log=False),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
