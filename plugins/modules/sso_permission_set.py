#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sso_permission_set
short_description: Manage an IAM Identity Center permission set
version_added: 0.1.0
description:
  - Creates, updates or deletes a permission set of the IAM Identity Center instance, found by O(name), with
    its description, session duration, relay state, AWS managed policies, customer managed policy
    references, inline policy and tags.
  - A permission set already provisioned to AWS accounts is re-provisioned to all of them after a change
    (sso-admin C(ProvisionPermissionSet) with C(ALL_PROVISIONED_ACCOUNTS)), so the roles Identity Center
    made in those accounts get the change. Accounts left out of date by an earlier failed run are
    re-provisioned too. A change of tags alone needs no re-provisioning.
  - Needs an organization instance of Identity Center; an account instance cannot hold permission sets.
author:
  - awsops.proton maintainers (@awsops)
options:
  name:
    description:
      - The permission set's name, 1 to 32 letters, digits and C(+=,.@_-), unique in the instance.
      - It becomes the C(sso_role_name) of AWS CLI profiles (M(awsops.proton.aws_cli_profile)).
    type: str
    required: true
  description:
    description:
      - The description, 1 to 700 characters. Not set means leave it as it is.
    type: str
  session_duration:
    description:
      - How long a sign-in to an account lasts, as an ISO 8601 duration from C(PT1H) to C(PT12H), for example
        C(PT8H) or C(PT1H30M). Durations are compared by length, so C(PT60M) equals C(PT1H).
      - Not set means leave it as it is (AWS's default for a new permission set is C(PT1H)).
    type: str
  relay_state:
    description:
      - The URL users land on in the console after signing in to an account through this permission set.
    type: str
  managed_policies:
    description:
      - AWS managed policies to attach, by ARN (C(arn:aws:iam::aws:policy/AdministratorAccess)) or by name
        (C(AdministratorAccess), C(job-function/ViewOnlyAccess)). Only AWS managed policies can be attached;
        use O(customer_managed_policy_references) for your own.
      - Not set means leave the attached policies as they are.
    type: list
    elements: str
    aliases: [managed_policy]
  customer_managed_policy_references:
    description:
      - Customer managed policies to attach by name and path. A policy of that name and path must exist in
        every account the permission set is provisioned to, or provisioning fails.
      - Not set means leave them as they are.
    type: list
    elements: dict
    suboptions:
      name:
        description: The policy name.
        type: str
        required: true
      path:
        description: The policy path.
        type: str
        default: /
  purge_policies:
    description:
      - When true, managed policies and customer managed policy references not listed in
        O(managed_policies) and O(customer_managed_policy_references) (when those are set) are detached.
    type: bool
    default: true
    aliases: [purge_policy, purge_managed_policies]
  inline_policy:
    description:
      - The inline policy document (a dict or a JSON string), up to 32,768 characters.
      - V("") removes the inline policy. Not set means leave it as it is.
    type: json
  tags:
    description:
      - Tags of the permission set (at most 75). Not set means leave them as they are.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - When true and O(tags) is set, tags not in O(tags) are removed.
    type: bool
    default: true
  instance_arn:
    description:
      - The IAM Identity Center instance. When not set, the only instance in the region is used.
    type: str
  wait:
    description:
      - Wait for re-provisioning to finish and fail with AWS's reason if it fails.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait for re-provisioning.
    type: int
    default: 300
  state:
    description:
      - C(present) creates or updates the permission set; C(absent) deletes it.
      - Delete its account assignments (M(awsops.proton.sso_account_assignment)) first; AWS refuses to
        delete a permission set that is still assigned.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
seealso:
  - module: awsops.proton.sso_account_assignment
  - module: awsops.proton.aws_cli_profile
"""

EXAMPLES = r"""
- name: Administrator access for the Proton administrators
  awsops.proton.sso_permission_set:
    name: AdministratorAccess
    description: Full access to the account
    session_duration: PT8H
    managed_policies:
      - arn:aws:iam::aws:policy/AdministratorAccess
    tags:
      app: proton

- name: A narrower permission set with an inline policy
  awsops.proton.sso_permission_set:
    name: ProtonDeveloper
    session_duration: PT4H
    managed_policies: [AWSProtonDeveloperAccess]
    inline_policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: ["logs:GetLogEvents", "logs:FilterLogEvents"]
          Resource: "*"

- name: Delete it (after its account assignments)
  awsops.proton.sso_permission_set:
    name: ProtonDeveloper
    state: absent
"""

RETURN = r"""
permission_set:
  description: The permission set after the change (predicted in check mode); empty after O(state=absent).
  returned: always
  type: dict
  contains:
    name:
      description: The name.
      type: str
      sample: AdministratorAccess
    permission_set_arn:
      description: The ARN; C(null) when a permission set is only predicted in check mode.
      type: str
      sample: arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef
    instance_arn:
      description: The instance it belongs to.
      type: str
      sample: arn:aws:sso:::instance/ssoins-1234567890abcdef
    description:
      description: The description, or C(null).
      type: str
      sample: Full access to the account
    session_duration:
      description: The session duration (ISO 8601).
      type: str
      sample: PT8H
    relay_state:
      description: The relay state, or C(null).
      type: str
      sample: null
    created_date:
      description: When it was created (ISO 8601); C(null) when only predicted.
      type: str
      sample: "2025-01-31T10:00:00+00:00"
    managed_policies:
      description: ARNs of the attached AWS managed policies, sorted.
      type: list
      elements: str
      sample: [arn:aws:iam::aws:policy/AdministratorAccess]
    customer_managed_policy_references:
      description: Attached customer managed policies, sorted by path and name.
      type: list
      elements: dict
      sample: [{name: ProtonBoundary, path: /}]
    inline_policy:
      description: The inline policy document, or C(null).
      type: dict
      sample: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    tags:
      description: The tags.
      type: dict
      sample: {app: proton}
    provisioned_accounts:
      description: Ids of the accounts the permission set is provisioned to, sorted.
      type: list
      elements: str
      sample: ["123456789012"]
reprovisioned:
  description: Whether the permission set was (or, in check mode, would be) re-provisioned to its accounts.
  returned: always
  type: bool
  sample: true
provisioning_status:
  description: The last status of the re-provisioning request.
  returned: when the permission set was re-provisioned (not in check mode)
  type: dict
  contains:
    status:
      description: C(SUCCEEDED), or C(IN_PROGRESS) when O(wait=false).
      type: str
      sample: SUCCEEDED
    request_id:
      description: The request id (for sso-admin C(DescribePermissionSetProvisioningStatus)).
      type: str
      sample: 0a1b2c3d-1234-5678-9abc-def012345678
    failure_reason:
      description: AWS's reason when provisioning failed.
      type: str
      sample: null
    created_date:
      description: When the request was made.
      type: str
      sample: "2025-01-31T10:00:00+00:00"
diff:
  description: The permission set (with policies and tags) before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Before (empty when it did not exist).
      type: dict
    after:
      description: After (empty when deleted).
      type: dict
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import permission_sets


def run(module):
    params = module.params
    identity_center.check_instance_arn("instance_arn", params["instance_arn"])
    inline = permission_sets.validate(params)
    sso_admin = module.client("sso-admin")
    instance_arn = identity_center.resolve_instance(sso_admin, params["instance_arn"])["instance_arn"]
    found = permission_sets.find(sso_admin, instance_arn, params["name"])
    current = permission_sets.read_details(sso_admin, instance_arn, found) if found else None
    if params["state"] == "absent":
        return module.result(**permission_sets.ensure_absent(module, sso_admin, instance_arn, current))
    return module.result(**permission_sets.ensure_present(module, sso_admin, instance_arn, params, current, inline))


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        session_duration=dict(type="str"),
        relay_state=dict(type="str"),
        managed_policies=dict(type="list", elements="str", aliases=["managed_policy"]),
        customer_managed_policy_references=dict(
            type="list", elements="dict",
            options=dict(name=dict(type="str", required=True), path=dict(type="str", default="/"))),
        purge_policies=dict(type="bool", default=True, aliases=["purge_policy", "purge_managed_policies"]),
        inline_policy=dict(type="json"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        instance_arn=dict(type="str"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
