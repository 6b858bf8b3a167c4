#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: iam_role
short_description: Manage an IAM role, its trust policy, managed and inline policies, boundary and tags
version_added: 0.1.0
description:
  - Creates, updates or deletes an IAM role with its trust policy, description, maximum session duration,
    attached managed policies, inline policies, permissions boundary and tags.
  - Policy documents are compared the way IAM evaluates them, so a rerun does not rewrite a policy
    only because AWS returns it reformatted.
  - On create the role is made first (with its trust policy, boundary and tags in the same call), then
    its policies are attached and put. If a run stops in between, the next run completes the role.
  - Option names follow M(amazon.aws.iam_role) where the concept is the same.
author:
  - awsops.proton maintainers (@awsops)
options:
  name:
    description:
      - The role's name, 1 to 64 letters, digits and C(+=,.@_-).
    type: str
    required: true
    aliases: [role_name]
  path:
    description:
      - The role's path, for example C(/proton/). Defaults to C(/) when the role is created.
      - IAM cannot change the path of an existing role; a different path fails the task without any
        change (delete and recreate the role to move it).
    type: str
    aliases: [path_prefix, prefix]
  description:
    description:
      - The role's description, up to 1000 characters. V("") removes it. Not set leaves it as it is.
    type: str
  assume_role_policy_document:
    description:
      - The trust policy, as a dict or a JSON string. Required when O(state=present).
      - Each statement must name a C(Principal) and may not have a C(Resource). The document may be up to
        2,048 characters without whitespace (4,096 if the account's C(ACLSizePerRole) quota was raised).
      - 'A statement that trusts any principal (C("*") or C({"AWS": "*"})) is refused unless
        O(allow_wildcard_principal=true).'
    type: json
  allow_wildcard_principal:
    description:
      - Allow a trust policy that trusts any principal. Off by default because such a role can be
        assumed from any AWS account unless a condition restricts it.
    type: bool
    default: false
  managed_policies:
    description:
      - Managed policies to attach, as ARNs or as names of AWS managed policies (V(AdministratorAccess),
        or with the policy's path, V(service-role/AWSLambdaBasicExecutionRole)). Names are resolved in
        the caller's partition, for example C(arn:aws-cn:iam::aws:policy/AdministratorAccess) in China.
      - Customer managed policies need their ARN.
      - Not set leaves the attached policies as they are. V([]) with O(purge_policies=true) detaches all.
    type: list
    elements: str
    aliases: [managed_policy]
  purge_policies:
    description:
      - Detach managed policies that are not in O(managed_policies). Only applies when
        O(managed_policies) is set.
    type: bool
    default: true
    aliases: [purge_policy, purge_managed_policies]
  inline_policies:
    description:
      - Inline policies, as a dict of policy name to policy document (a dict or a JSON string).
      - The documents together may not exceed 10,240 characters without whitespace (IAM's limit).
      - Not set leaves the inline policies as they are.
    type: dict
  purge_inline_policies:
    description:
      - Delete inline policies that are not in O(inline_policies). Only applies when O(inline_policies)
        is set.
    type: bool
    default: true
  boundary:
    description:
      - The ARN of the managed policy used as the role's permissions boundary. V("") removes the
        boundary. Not set leaves it as it is.
    type: str
    aliases: [boundary_policy_arn, permissions_boundary]
  max_session_duration:
    description:
      - Maximum session duration in seconds, 3600 to 43200. AWS uses 3600 when a role is created
        without it. Not set leaves it as it is.
    type: int
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
  delete_instance_profile:
    description:
      - When deleting the role, also delete the instance profile of the same name (the one the EC2
        console creates with a role).
      - The role is always removed from every instance profile before it is deleted, as IAM requires;
        other instance profiles are left in place, empty. This module never creates instance profiles.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the role; V(absent) deletes it, after removing it from instance
        profiles, deleting its inline policies and detaching its managed policies.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
notes:
  - Check mode makes no write call. When it predicts a new role, the ARN is computed from the caller's
    account (one STS C(GetCallerIdentity) call); RV(iam_role.role_id) and RV(iam_role.create_date) are
    then null.
  - IAM is eventually consistent, so a new role may take several seconds before other services can
    assume it.
seealso:
  - module: awsops.proton.iam_user
  - module: awsops.proton.iam_group
  - module: amazon.aws.iam_role
"""

EXAMPLES = r"""
- name: The role AWS Proton uses to provision environments with CloudFormation
  awsops.proton.iam_role:
    name: ProtonServiceRole
    path: /proton/
    description: Used by AWS Proton to deploy environment and service stacks
    assume_role_policy_document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: {Service: proton.amazonaws.com}
          Action: sts:AssumeRole
          Condition:
            StringEquals: {"aws:SourceAccount": "123456789012"}
            ArnLike: {"aws:SourceArn": "arn:aws:proton:*:123456789012:environment/*"}
    managed_policies:
      - AWSProtonCodeBuildProvisioningBasicAccess
    inline_policies:
      stacks:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ["cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack"]
            Resource: arn:aws:cloudformation:*:123456789012:stack/AWSProton-*
    max_session_duration: 7200
    tags:
      app: proton
  register: role

- name: Remove the permissions boundary and the description, keep everything else
  awsops.proton.iam_role:
    name: ProtonServiceRole
    assume_role_policy_document: "{{ lookup('file', 'proton-trust.json') }}"
    boundary: ""
    description: ""

- name: Delete the role (and the instance profile of the same name, if any)
  awsops.proton.iam_role:
    name: ProtonServiceRole
    state: absent
    delete_instance_profile: true
"""

RETURN = r"""
iam_role:
  description:
    - The role after the task (predicted in check mode). Empty when O(state=absent).
  returned: always
  type: dict
  contains:
    arn:
      description: The role's ARN.
      type: str
      sample: arn:aws:iam::123456789012:role/proton/ProtonServiceRole
    role_name:
      description: The role's name.
      type: str
      sample: ProtonServiceRole
    role_id:
      description: The role's unique id; null in check mode when the role would be created.
      type: str
      sample: AROAEXAMPLEID
    path:
      description: The role's path.
      type: str
      sample: /proton/
    description:
      description: The role's description; null when it has none.
      type: str
      sample: Used by AWS Proton
    create_date:
      description: When the role was created (ISO 8601); null in check mode when the role would be created.
      type: str
      sample: "2024-05-01T12:00:00+00:00"
    max_session_duration:
      description: Maximum session duration in seconds.
      type: int
      sample: 3600
    assume_role_policy_document:
      description: The trust policy.
      type: dict
      sample: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
               "Principal": {"Service": "proton.amazonaws.com"}}]}
    managed_policies:
      description: ARNs of the attached managed policies, sorted.
      type: list
      elements: str
      sample: ["arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess"]
    inline_policies:
      description: Inline policies, policy name to document.
      type: dict
      sample: {"stacks": {"Version": "2012-10-17", "Statement": []}}
    permissions_boundary:
      description: ARN of the permissions boundary; null when there is none.
      type: str
      sample: arn:aws:iam::123456789012:policy/Boundary
    tags:
      description: The role's tags.
      type: dict
      sample: {"app": "proton"}
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._iam import roles


def run(module):
    params = module.params
    trust, inline = roles.validate(params)
    changed, before, after = roles.converge(module, iam.IAMContext(module), params, trust, inline)
    return module.result(changed, before=before, after=after, iam_role=after)


def main():
    argument_spec = dict(
        name=dict(type="str", required=True, aliases=["role_name"]),
        path=dict(type="str", aliases=["path_prefix", "prefix"]),
        description=dict(type="str"),
        assume_role_policy_document=dict(type="json"),
        allow_wildcard_principal=dict(type="bool", default=False),
        managed_policies=dict(type="list", elements="str", aliases=["managed_policy"]),
        purge_policies=dict(type="bool", default=True, aliases=["purge_policy", "purge_managed_policies"]),
        inline_policies=dict(type="dict"),
        purge_inline_policies=dict(type="bool", default=True),
        boundary=dict(type="str", aliases=["boundary_policy_arn", "permissions_boundary"]),
        max_session_duration=dict(type="int"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        delete_instance_profile=dict(type="bool", default=False),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(
        argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ["assume_role_policy_document"])],
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
