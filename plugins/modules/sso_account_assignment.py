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
  - awsops.proton.attributes.resource
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

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import assignments
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._identity_center.permission_sets import check_timeout


def validate(params):
    identity_center.check_permission_set_ref("permission_set", params["permission_set"])
    assignments.validate_principal(params["principal_type"], params["principal_name"], params["principal_id"])
    assignments.validate_accounts("account_id", [params["account_id"]] if params["account_id"] else [])
    identity_center.check_instance_arn("instance_arn", params["instance_arn"])
    check_timeout("wait_timeout", params["wait_timeout"])


def run(module):
    params = module.params
    validate(params)
    sso_admin = module.client("sso-admin")
    instance = identity_center.resolve_instance(sso_admin, params["instance_arn"])
    instance_arn = instance["instance_arn"]
    account_id = params["account_id"] or assignments.caller_account(module.client("sts"))
    absent = params["state"] == "absent"

    permission_set = identity_center.find_permission_set(sso_admin, instance_arn, params["permission_set"])
    if permission_set is None and not absent:
        assignments.missing(module, "permission_set", "no permission set {0!r} in instance {1}".format(
            params["permission_set"], instance_arn))
    # Without the permission set there is no assignment to remove: no need to look up the principal.
    principal_id = params["principal_id"]
    if not principal_id and (permission_set is not None or not absent):
        principal_id = assignments.resolve_principal_id(
            module, module.client("identitystore"), instance["identity_store_id"], params["principal_type"],
            params["principal_name"], must_exist=not absent)
    name = None if identity_center.is_permission_set_arn(params["permission_set"]) else params["permission_set"]
    wanted = assignments.assignment(instance_arn, account_id, permission_set, params["principal_type"],
                                    principal_id, params["principal_name"], permission_set_name=name)
    found = assignments.exists(sso_admin, wanted)
    return module.result(**assignments.ensure(module, sso_admin, wanted, found, params["state"],
                                              wait=params["wait"], timeout=params["wait_timeout"]))


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
