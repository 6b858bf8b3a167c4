#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sso_account_assignment
short_description: Give an Identity Center user or group a permission set in an AWS account
version_added: 0.1.0
description:
  - Creates or deletes an IAM Identity Center account assignment, which gives a user or group (the principal)
    a permission set in an AWS account. Identity Center provisions the permission set to the account
    (an C(AWSReservedSSO_<name>_...) role) when needed.
  - Assignments are made asynchronously. With O(wait=true) the module polls the request
    (sso-admin C(DescribeAccountAssignmentCreationStatus) or C(DescribeAccountAssignmentDeletionStatus))
    and fails with AWS's failure reason if it fails.
author:
  - awsops.proton maintainers (@awsops)
options:
  permission_set:
    description:
      - The permission set, by name or ARN.
    type: str
    required: true
  principal_type:
    description:
      - Whether the principal is a user or a group of the identity store.
    type: str
    required: true
    choices: [USER, GROUP]
  principal_name:
    description:
      - The principal by name, the user's C(user_name) or the group's C(display_name), looked up in the
        instance's identity store.
      - Exactly one of O(principal_name) and O(principal_id) is required.
    type: str
  principal_id:
    description:
      - The principal by its identity store id.
    type: str
  account_id:
    description:
      - The 12-digit id of the AWS account to give access to.
      - When not set, the account of the credentials in use (STS C(GetCallerIdentity)).
    type: str
    aliases: [target_id]
  instance_arn:
    description:
      - The IAM Identity Center instance. When not set, the only instance in the region is used.
    type: str
  wait:
    description:
      - Wait until the assignment is created or deleted, and fail with AWS's reason if that fails.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait.
    type: int
    default: 300
  state:
    description:
      - C(present) creates the assignment; C(absent) deletes it.
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
notes:
  - In check mode, a permission set or principal that does not exist yet (for example because an earlier
    task only ran in check mode) gives a warning and a predicted change instead of a failure.
seealso:
  - module: awsops.proton.sso_permission_set
  - module: awsops.proton.identitystore_group
"""

EXAMPLES = r"""
- name: The Proton administrators get administrator access to this account
  awsops.proton.sso_account_assignment:
    permission_set: AdministratorAccess
    principal_type: GROUP
    principal_name: ProtonAdmins

- name: A user gets read-only access to another account
  awsops.proton.sso_account_assignment:
    permission_set: ReadOnly
    principal_type: USER
    principal_name: jane
    account_id: "210987654321"

- name: Remove the assignment
  awsops.proton.sso_account_assignment:
    permission_set: AdministratorAccess
    principal_type: GROUP
    principal_name: ProtonAdmins
    state: absent
"""

RETURN = r"""
assignment:
  description: The assignment after the task (predicted in check mode); empty after O(state=absent).
  returned: always
  type: dict
  contains:
    account_id:
      description: The AWS account.
      type: str
      sample: "123456789012"
    permission_set_arn:
      description: The permission set's ARN; C(null) in check mode when it does not exist yet.
      type: str
      sample: arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef
    permission_set_name:
      description: The permission set's name, when known.
      type: str
      sample: AdministratorAccess
    principal_type:
      description: C(USER) or C(GROUP).
      type: str
      sample: GROUP
    principal_id:
      description: The principal's identity store id; C(null) in check mode when it does not exist yet.
      type: str
      sample: 9067b4a6b8-1a2b3c4d-1234-5678-9abc-def012345678
    principal_name:
      description: O(principal_name) when given.
      type: str
      sample: ProtonAdmins
    instance_arn:
      description: The Identity Center instance.
      type: str
      sample: arn:aws:sso:::instance/ssoins-1234567890abcdef
request_status:
  description: The final status of the creation or deletion request.
  returned: when an assignment was created or deleted (not in check mode)
  type: dict
  contains:
    status:
      description: C(SUCCEEDED), or C(IN_PROGRESS) when O(wait=false).
      type: str
      sample: SUCCEEDED
    request_id:
      description: The request id.
      type: str
      sample: 0a1b2c3d-1234-5678-9abc-def012345678
    failure_reason:
      description: AWS's reason when the request failed.
      type: str
      sample: null
    created_date:
      description: When the request was made.
      type: str
      sample: "2025-01-31T10:00:00+00:00"
diff:
  description: The assignment before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Before (empty when there was none).
      type: dict
    after:
      description: After (empty when deleted).
      type: dict
"""

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._aws.validation import check_account_id
from ansible_collections.awsops.proton.plugins.module_utils._aws.waiters import retry_on


def validate(params):
    identity_center.check_permission_set_ref("permission_set", params["permission_set"])
    identity_center.check_principal_id("principal_id", params["principal_id"])
    if params["principal_type"] == "USER":
        identity_center.check_user_name("principal_name", params["principal_name"])
    else:
        identity_center.check_display_string("principal_name", params["principal_name"])
    check_account_id("account_id", params["account_id"])
    identity_center.check_instance_arn("instance_arn", params["instance_arn"])
    if params["wait_timeout"] < 1:
        raise ParameterError("wait_timeout", "must be a positive number of seconds (got {0})".format(
            params["wait_timeout"]))


def missing(module, option, message):
    """A referenced resource does not exist: fail, except in check mode (an earlier task may create it)."""
    if not module.check_mode:
        raise ParameterError(option, message)
    module.warn("{0}: {1}; a real run fails unless it is created first".format(option, message))


def resolve_principal_id(module, store_id):
    """The principal's id; None when it does not exist (then no assignment of it exists either)."""
    params = module.params
    if params["principal_id"]:
        return params["principal_id"]
    identitystore = module.client("identitystore")
    if params["principal_type"] == "USER":
        principal_id = identity_center.get_user_id(identitystore, store_id, params["principal_name"])
    else:
        principal_id = identity_center.get_group_id(identitystore, store_id, params["principal_name"])
    if not principal_id and params["state"] == "present":
        missing(module, "principal_name", "no {0} named {1!r} in identity store {2}".format(
            params["principal_type"].lower(), params["principal_name"], store_id))
    return principal_id


def find_assignment(sso_admin, instance_arn, account_id, permission_set_arn, principal_type, principal_id):
    assignments = sso_admin.paginate("ListAccountAssignments", "AccountAssignments", InstanceArn=instance_arn,
                                     AccountId=account_id, PermissionSetArn=permission_set_arn)
    return any(a.get("PrincipalType") == principal_type and a.get("PrincipalId") == principal_id
               for a in assignments)


def run(module):
    params = module.params
    validate(params)
    sso_admin = module.client("sso-admin")
    instance = identity_center.resolve_instance(sso_admin, params["instance_arn"])
    instance_arn = instance["instance_arn"]
    account_id = params["account_id"] or module.client("sts").call("GetCallerIdentity")["Account"]
    absent = params["state"] == "absent"

    permission_set = identity_center.find_permission_set(sso_admin, instance_arn, params["permission_set"])
    if permission_set is None and not absent:
        missing(module, "permission_set", "no permission set {0!r} in instance {1}".format(
            params["permission_set"], instance_arn))
    # Without the permission set there is no assignment to remove: no need to look up the principal.
    principal_id = params["principal_id"]
    if permission_set is not None or not absent:
        principal_id = resolve_principal_id(module, instance["identity_store_id"])

    assignment = dict(
        account_id=account_id,
        permission_set_arn=permission_set["permission_set_arn"] if permission_set else None,
        permission_set_name=permission_set["name"] if permission_set else (
            None if identity_center.is_permission_set_arn(params["permission_set"]) else params["permission_set"]),
        principal_type=params["principal_type"],
        principal_id=principal_id,
        principal_name=params["principal_name"],
        instance_arn=instance_arn,
    )
    exists = bool(permission_set and principal_id) and find_assignment(
        sso_admin, instance_arn, account_id, permission_set["permission_set_arn"], params["principal_type"],
        principal_id)

    if absent:
        result = dict(assignment={})
        if exists and not module.check_mode:
            result["request_status"] = change_assignment(module, sso_admin, assignment, deletion=True)
        return module.result(exists, before=assignment if exists else {}, after={}, **result)

    result = dict(assignment=assignment)
    if not exists and not module.check_mode:
        result["request_status"] = change_assignment(module, sso_admin, assignment, deletion=False)
    return module.result(not exists, before=assignment if exists else {}, after=assignment, **result)


def change_assignment(module, sso_admin, assignment, deletion):
    kwargs = dict(InstanceArn=assignment["instance_arn"], TargetId=assignment["account_id"],
                  TargetType="AWS_ACCOUNT", PermissionSetArn=assignment["permission_set_arn"],
                  PrincipalType=assignment["principal_type"], PrincipalId=assignment["principal_id"])
    operation, key = ("DeleteAccountAssignment", "AccountAssignmentDeletionStatus") if deletion else \
        ("CreateAccountAssignment", "AccountAssignmentCreationStatus")

    def attempt():
        try:
            return sso_admin.call(operation, **kwargs)[key]
        except AWSAPIError as e:
            # Another request is running or just finished: done if it did what we want, else retry.
            if e.is_code("ConflictException") or deletion and e.is_code("ResourceNotFoundException"):
                exists = find_assignment(sso_admin, assignment["instance_arn"], assignment["account_id"],
                                         assignment["permission_set_arn"], assignment["principal_type"],
                                         assignment["principal_id"])
                if exists != deletion:
                    return None
            raise

    status = retry_on(attempt, ("ConflictException",), module.params["wait_timeout"])
    if status is None:
        return None
    if module.params["wait"]:
        status = identity_center.wait_for_assignment(sso_admin, assignment["instance_arn"], status,
                                                     deletion=deletion, timeout=module.params["wait_timeout"])
    return identity_center.status_from_api(status)


def main():
    argument_spec = dict(
        permission_set=dict(type="str", required=True),
        principal_type=dict(type="str", required=True, choices=["USER", "GROUP"]),
        principal_name=dict(type="str"),
        principal_id=dict(type="str"),
        account_id=dict(type="str", aliases=["target_id"]),
        instance_arn=dict(type="str"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, supports_check_mode=True,
                       mutually_exclusive=[("principal_name", "principal_id")],
                       required_one_of=[("principal_name", "principal_id")])
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
