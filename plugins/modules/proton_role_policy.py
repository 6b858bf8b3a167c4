#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: proton_role_policy
short_description: Compute the trust policy and permissions of an AWS Proton service role
version_added: 0.1.0
description:
  - Builds, for one of the IAM roles AWS Proton uses, the trust policy, the inline policy and the managed
    policies, and returns them with the rest of the role's settings, ready for M(awsops.proton.iam_role).
  - Validates every input first and reports a bad value under the name given in O(variable_names), so a
    role can report its own variable names.
  - "The trust policy carries AWS's confused-deputy conditions: C(StringEquals aws:SourceAccount) on every
    role and, for the environment and component roles, C(ArnLike aws:SourceArn
    arn:<partition>:proton:*:<account>:environment/*) (the ARN form that matches; AWS's examples long
    printed C(arn:aws::proton:...), which never does)."
  - Makes no AWS call, so it takes no connection options and is not in the C(awsops.proton.aws) action
    group. The account and partition come from M(awsops.proton.aws_caller_info).
  - Runs on the controller (an action plugin over the same backend as M(awsops.proton.proton_roles)), so it
    starts no module process. M(awsops.proton.proton_roles) builds and converges the roles in one step; this
    module is for playbooks that want the documents themselves.
author:
  - awsops.proton maintainers (@awsops)
options:
  kind:
    description:
      - Which role. V(environment_provisioning) is an environment's AWS-managed provisioning role
        (C(protonServiceRoleArn)), V(environment_codebuild) its CodeBuild provisioning role
        (C(codebuildRoleArn)), V(environment_component) the role of directly defined components
        (C(componentRoleArn)); V(pipeline_service) and V(pipeline_codebuild) are the pipeline roles of
        the account settings.
      - V(environment_provisioning), V(environment_component) and V(pipeline_service) are assumed by
        C(proton.amazonaws.com); the CodeBuild roles by C(codebuild.amazonaws.com).
    type: str
    required: true
    choices: [environment_provisioning, environment_codebuild, environment_component, pipeline_service,
              pipeline_codebuild]
  role_name:
    description:
      - The role's name, 1 to 64 letters, digits and C(+=,.@_-).
      - When not set, the kind's default name C(ProtonEnvironmentServiceRole), C(ProtonEnvironmentCodeBuildRole),
        C(ProtonComponentRole), C(ProtonPipelineServiceRole) or C(ProtonPipelineCodeBuildRole).
    type: str
  state:
    description:
      - V(present) builds everything. V(absent) only checks O(role_name) and returns the name, for a task
        that deletes the role.
    type: str
    choices: [present, absent]
    default: present
  partition:
    description:
      - The AWS partition of the account's ARNs (M(awsops.proton.aws_caller_info)'s
        RV(awsops.proton.aws_caller_info#module:partition)).
    type: str
    default: aws
  description:
    description:
      - The role's description. When not set, one that names the role's use.
    type: str
extends_documentation_fragment:
  - awsops.proton.attributes
  - awsops.proton.proton_roles
attributes:
  check_mode:
    description: Makes no AWS call and changes nothing; runs the same in check mode.
    support: full
  diff_mode:
    description: Changes nothing, so there is nothing to diff.
    support: N/A
  idempotent:
    description: Returns the same result for the same input and never reports a change.
    support: full
seealso:
  - module: awsops.proton.iam_role
  - module: awsops.proton.aws_caller_info
"""

EXAMPLES = r"""
- name: Whose account is this
  awsops.proton.aws_caller_info:
  register: caller

- name: The environment provisioning role, scoped to what the templates deploy
  awsops.proton.proton_role_policy:
    kind: environment_provisioning
    account_id: "{{ caller.account }}"
    partition: "{{ caller.partition }}"
    permissions: scoped
    services: [s3, ecs, ec2, elasticloadbalancing, logs]
  register: provisioning

- name: Create it
  awsops.proton.iam_role:
    name: "{{ provisioning.role.name }}"
    path: "{{ provisioning.role.path }}"
    description: "{{ provisioning.role.description }}"
    assume_role_policy_document: "{{ provisioning.role.assume_role_policy_document }}"
    inline_policies: "{{ provisioning.role.inline_policies }}"
    managed_policies: "{{ provisioning.role.managed_policies }}"
    boundary: "{{ provisioning.role.boundary }}"
    max_session_duration: "{{ provisioning.role.max_session_duration }}"
    tags: "{{ provisioning.role.tags }}"

- name: The environment provisioning role with the policy derived from its templates
  awsops.proton.proton_role_policy:
    kind: environment_provisioning
    account_id: "{{ caller.account }}"
    partition: "{{ caller.partition }}"
    permissions: from_templates
    template_paths: [templates/vpc-ecs-environment/v1]
  register: provisioning

- name: A pipeline CodeBuild role with the user's own statements, errors reported as the role's variables
  awsops.proton.proton_role_policy:
    kind: pipeline_codebuild
    account_id: "{{ caller.account }}"
    permissions: custom
    statements:
      - Effect: Allow
        Action: sts:AssumeRole
        Resource: "arn:aws:iam::{{ caller.account }}:role/cdk-*-deploy-role-*"
    variable_names:
      permissions: my_permissions
      statements: my_statements
"""

RETURN = r"""
kind:
  description: The kind of role.
  returned: always
  type: str
  sample: environment_provisioning
arn:
  description: The role's ARN (computed from the account, path and name); null when O(state=absent).
  returned: always
  type: str
  sample: arn:aws:iam::123456789012:role/ProtonEnvironmentServiceRole
permissions:
  description: The permission mode used.
  returned: always
  type: str
  sample: scoped
role:
  description:
    - The role's settings, named as M(awsops.proton.iam_role)'s options. When O(state=absent), only RV(role.name).
  returned: always
  type: dict
  contains:
    name:
      description: The role's name.
      type: str
      sample: ProtonEnvironmentServiceRole
    path:
      description: The role's path.
      type: str
      sample: /
    description:
      description: The role's description.
      type: str
      sample: AWS Proton AWS-managed (CloudFormation) provisioning role for environments
    assume_role_policy_document:
      description: The trust policy.
      type: dict
      sample: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
               "Principal": {"Service": "proton.amazonaws.com"},
               "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"},
                             "ArnLike": {"aws:SourceArn": "arn:aws:proton:*:123456789012:environment/*"}}}]}
    inline_policies:
      description: Inline policies, name to document (C(ProtonRolePermissions)); empty when there are no statements.
      type: dict
      sample: {"ProtonRolePermissions": {"Version": "2012-10-17", "Statement": []}}
    managed_policies:
      description: ARNs of the managed policies to attach, sorted.
      type: list
      elements: str
      sample: ["arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess"]
    boundary:
      description: The permissions boundary's ARN, or V("") for none.
      type: str
      sample: ""
    max_session_duration:
      description: Maximum session duration in seconds.
      type: int
      sample: 3600
    tags:
      description: The role's tags.
      type: dict
      sample: {"app": "proton"}
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_set


def main():
    module = AWSModule(role_set.POLICY_ARGUMENT_SPEC, connection=False, supports_check_mode=True)
    module.run(lambda: role_set.plan_one(module.params, module.warn))


if __name__ == "__main__":
    main()
