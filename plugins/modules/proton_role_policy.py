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
  account_id:
    description:
      - The 12-digit account the role is in (M(awsops.proton.aws_caller_info)'s RV(awsops.proton.aws_caller_info#module:account)).
        Required when O(state=present).
    type: str
  partition:
    description:
      - The AWS partition of the account's ARNs (M(awsops.proton.aws_caller_info)'s
        RV(awsops.proton.aws_caller_info#module:partition)).
    type: str
    default: aws
  source_account:
    description:
      - The account the trust conditions name. When not set, O(account_id).
      - With environment account connections, AWS Proton acts from the management account, which is
        then probably the right value here (an inference, not documented by AWS).
    type: str
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
  permissions:
    description:
      - How the role's permissions are built; one of V(scoped), V(from_templates), V(administrator), V(custom).
      - V(scoped) (least privilege) - for roles assumed by AWS Proton, the CloudFormation stack actions on
        C(arn:<partition>:cloudformation:*:<account>:stack/AWSProton-*) plus every action of the services in
        O(services), only when called through CloudFormation (C(aws:CalledVia) = C(cloudformation.amazonaws.com),
        AWS's documented scoped-down pattern). For CodeBuild roles, the AWS managed policy
        C(AWSProtonCodeBuildProvisioningBasicAccess) (logs and deployment status) plus every action of the
        services in O(services), which the infrastructure-as-code tool calls directly.
      - V(from_templates) - the policy M(awsops.proton.template_policy) derived from the Proton templates the role
        deploys (O(template_policy), for O(template_paths)). Roles assumed by AWS Proton get exactly its document -
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
    default: scoped
  services:
    description:
      - IAM service prefixes whose actions the role may use in V(scoped) mode, for example V(s3), V(ecs),
        V(ec2), V(elasticloadbalancing), V(logs), V(cloudwatch). In V(from_templates) mode, used by the CodeBuild
        roles only.
      - Checked against the prefixes derived from botocore's service models (service names, endpoint
        prefixes, signing names).
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
        template files O(template_policy) was derived from; at least one is required.
      - They are not read here (M(awsops.proton.template_policy) reads them); a bad path is reported from
        O(template_policy)'s failure under this option's name.
    type: list
    elements: path
    default: []
  template_policy:
    description:
      - In V(from_templates) mode, the registered result of M(awsops.proton.template_policy) with
        O(awsops.proton.template_policy#module:output=inline) for O(template_paths), including a failed one
        (register it with C(failed_when=false)); its failure is then reported under the names in
        O(variable_names), before any AWS write.
      - A skipped task's result counts as not given.
    type: dict
  path:
    description:
      - The role's path.
    type: str
    default: /
  description:
    description:
      - The role's description. When not set, one that names the role's use.
    type: str
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
        their own name.
      - >-
        O(awsops.proton.template_policy#module:paths), O(awsops.proton.template_policy#module:unknown_types),
        O(awsops.proton.template_policy#module:type_actions), O(awsops.proton.template_policy#module:extra_actions)
        and O(awsops.proton.template_policy#module:oversize) of a failed O(template_policy) are reported as the keys
        C(template_paths), C(template_unknown_types), C(template_type_actions), C(template_extra_actions) and
        C(template_oversize) name; when those keys are not given, its message is reported unchanged, under
        O(template_policy).
    type: dict
    default: {}
extends_documentation_fragment:
  - awsops.proton.attributes
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

- name: Derive the environment templates' permissions (no AWS call)
  awsops.proton.template_policy:
    paths: [templates/vpc-ecs-environment/v1]
    account_id: "{{ caller.account }}"
    partition: "{{ caller.partition }}"
  register: derived
  failed_when: false  # reported by the next task, naming template_paths

- name: The environment provisioning role with exactly that policy
  awsops.proton.proton_role_policy:
    kind: environment_provisioning
    account_id: "{{ caller.account }}"
    partition: "{{ caller.partition }}"
    permissions: from_templates
    template_paths: [templates/vpc-ecs-environment/v1]
    template_policy: "{{ derived }}"
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

from ansible_collections.awsops.proton.plugins.module_utils import iam
from ansible_collections.awsops.proton.plugins.module_utils import proton_roles
from ansible_collections.awsops.proton.plugins.module_utils import validation
from ansible_collections.awsops.proton.plugins.module_utils.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils.modules import AWSModule

ROLE_KIND = iam.KINDS["role"]


def validate_role_settings(params, names):
    """The role-level settings; errors name the caller's variables."""
    validation.check_path(names("path"), params["path"])
    iam.check_description(names("description"), params["description"])
    iam.check_boundary(names("boundary"), params["boundary"])
    validation.check_range(names("max_session_duration"), params["max_session_duration"],
                           iam.MIN_SESSION_DURATION, iam.MAX_SESSION_DURATION)
    iam.check_tags(names("tags"), params["tags"], ROLE_KIND)
    validation.check_account_id(names("account_id"), params["account_id"])
    if params["source_account"]:
        validation.check_account_id(names("source_account"), params["source_account"])
    if not params["partition"] or not params["partition"].startswith("aws"):
        raise ParameterError(names("partition"), "must be an AWS partition such as aws, aws-cn or aws-us-gov "
                                                 "(got {0!r})".format(params["partition"]))


def run(module):
    params = module.params
    kind = proton_roles.ROLE_KINDS[params["kind"]]
    variable_names = params["variable_names"] or {}

    def names(option):
        return variable_names.get(option, option)

    name = params["role_name"] or kind.default_name
    validation.check_name(names("role_name"), name, ROLE_KIND.name_max)
    if params["state"] == "absent":
        return dict(changed=False, kind=kind.name, arn=None, permissions=params["permissions"], role=dict(name=name))
    if not params["account_id"]:
        raise ParameterError(names("account_id"), "is required when state is present")
    validate_role_settings(params, names)
    mode = params["permissions"]
    services = proton_roles.check_services(names("services"), params["services"])
    statements = proton_roles.check_statements(names("statements"), params["statements"])
    iam.check_managed_policies(names("managed_policies"), params["managed_policies"])
    conditions = proton_roles.check_conditions(names("trust_conditions"), params["trust_conditions"])

    partition, account = params["partition"], params["account_id"]
    given = proton_roles.PermissionInput(kind, partition, account, services=services, statements=statements,
                                         managed_policies=params["managed_policies"], role_name=name, names=names,
                                         template_paths=params["template_paths"],
                                         template_policy=params["template_policy"])
    permissions = proton_roles.build_permissions(mode, given)
    inline = permissions.inline_policies()
    # The same limit iam_role checks, reported here under the caller's name for what the statements came from.
    iam.check_inline_policies(names("template_paths" if mode == "from_templates" else "statements"), inline,
                              ROLE_KIND)
    trust = proton_roles.build_trust_policy(kind, partition, params["source_account"] or account,
                                            conditions=conditions, protect=params["confused_deputy_conditions"])
    for warning in permissions.warnings:
        module.warn(warning)
    role = dict(
        name=name,
        path=params["path"],
        description=params["description"] if params["description"] is not None else kind.description,
        assume_role_policy_document=trust,
        inline_policies=inline,
        managed_policies=permissions.managed_policies,
        boundary=params["boundary"],
        max_session_duration=params["max_session_duration"],
        tags=dict((str(k), str(v)) for k, v in params["tags"].items()),
    )
    return dict(changed=False, kind=kind.name, permissions=mode,
                arn=proton_roles.role_arn(partition, account, params["path"], name), role=role)


def main():
    argument_spec = dict(
        kind=dict(type="str", required=True, choices=sorted(proton_roles.ROLE_KINDS)),
        role_name=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        account_id=dict(type="str"),
        partition=dict(type="str", default="aws"),
        source_account=dict(type="str"),
        confused_deputy_conditions=dict(type="bool", default=True),
        trust_conditions=dict(type="dict"),
        # Not choices: an unknown mode is reported under the caller's variable name.
        permissions=dict(type="str", default="scoped"),
        services=dict(type="list", elements="str", default=[]),
        statements=dict(type="list", elements="dict", default=[]),
        managed_policies=dict(type="list", elements="str", default=[]),
        template_paths=dict(type="list", elements="path", default=[]),
        template_policy=dict(type="dict"),
        path=dict(type="str", default="/"),
        description=dict(type="str"),
        boundary=dict(type="str", default="", aliases=["permissions_boundary"]),
        max_session_duration=dict(type="int", default=iam.DEFAULT_SESSION_DURATION),
        tags=dict(type="dict", default={}),
        variable_names=dict(type="dict", default={}),
    )
    module = AWSModule(argument_spec, connection=False, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
