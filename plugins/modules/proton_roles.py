#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: proton_roles
short_description: Create, update or delete the IAM roles AWS Proton uses, in one step
version_added: 0.1.0
description:
  - Builds the trust policy and permissions of each role in O(roles) (the environment's provisioning, CodeBuild and
    component roles, the pipeline service and CodeBuild pipeline roles) and converges the IAM roles, all in one
    module process, with the same IAM code as M(awsops.proton.iam_role).
  - "The trust policies carry AWS's confused-deputy conditions: C(StringEquals aws:SourceAccount) on every
    role and, for the environment and component roles, C(ArnLike aws:SourceArn
    arn:<partition>:proton:*:<account>:environment/*)."
  - Every option of every role is checked, the Proton templates read (O(permissions=from_templates)) and every
    document built before the first AWS call. Its action plugin does that on the controller, so a bad value fails
    before any module process starts, the templates are read where the playbook is, and the module only converges
    the plan; O(plan_only=true) stops there, which is how a playbook checks all its parts before its first write.
  - A rerun with nothing to change makes no write call. Policy documents are compared as IAM evaluates them.
  - The roles M(awsops.proton.proton_role_policy) computes, one at a time and without AWS, are the same.
author:
  - awsops.proton maintainers (@awsops)
options:
  roles:
    description:
      - The roles to manage, each with its C(kind) and its C(name) (the kind's default name when not set).
      - C(name_variable) is the name to report a bad C(name) under (a role passes its variable's name).
    type: list
    elements: dict
    required: true
    suboptions:
      kind:
        description:
          - V(environment_provisioning) (C(protonServiceRoleArn), trusted by C(proton.amazonaws.com)),
            V(environment_codebuild) (C(codebuildRoleArn), C(codebuild.amazonaws.com)), V(environment_component)
            (C(componentRoleArn), C(proton.amazonaws.com)), V(pipeline_service) and V(pipeline_codebuild) (the
            account settings' pipeline roles).
        type: str
        required: true
        choices: [environment_codebuild, environment_component, environment_provisioning, pipeline_codebuild,
                  pipeline_service]
      name:
        description:
          - The role's name, 1 to 64 letters, digits and C(+=,.@_-).
        type: str
      name_variable:
        description:
          - The name to report a bad C(name) under.
        type: str
  state:
    description:
      - V(present) creates or updates the roles; V(absent) deletes them (with their policies).
    type: str
    choices: [present, absent]
    default: present
  plan_only:
    description:
      - Check every option and build every document, make no AWS call and change nothing; return the plan in
        RV(roles).
    type: bool
    default: false
  plan:
    description:
      - Set by the module's action plugin, not by hand (a task that sets it fails). The roles as the action plugin
        planned them on the controller from the other options, documents included (with O(permissions=from_templates),
        built from the templates it read there); the module converges them. When O(account_id) or O(partition) is
        not set, the plan holds placeholders for them, which the module fills in with the account and partition it
        finds, and checks every document again before its first write.
    type: list
    elements: dict
  partition:
    description:
      - The AWS partition of the account's ARNs.
      - When this or O(account_id) is not set, both are taken from the ARN of a role of the set that already
        exists (read anyway), else from STS C(GetCallerIdentity), so a rerun makes no STS call.
    type: str
  caller_info:
    description:
      - The registered result of an earlier M(awsops.proton.aws_caller_info) task for the same credentials. Its
        C(account) and C(partition) stand for O(account_id) and O(partition) when those are not set (errors then
        name this option, or the name O(variable_names) gives it). V({}) for none.
    type: dict
    default: {}
  read_variables:
    description:
      - Take each option the task does not set from the variable that O(variable_names) names for it, when that
        variable is defined, as ansible's role argument validation reads a role's variables. This is how the
        collection's roles call this module. Their tasks stay short, and ansible templates only the variables
        that hold templates instead of one template per option.
      - An option the task sets wins over its variable.
    type: bool
    default: false
  register_account_settings:
    description:
      - With the pipeline roles only (V(pipeline_service), V(pipeline_codebuild)), AWS Proton's account settings
        that name them, in the same module process, as M(awsops.proton.account_settings) sets them.
      - With O(state=present), once the roles exist, the account settings name their ARNs (and
        O(pipeline_provisioning_repository) when set), retried for O(role_propagation_timeout) seconds while
        AWS Proton rejects a role IAM has just created.
      - With O(state=absent), before the roles are deleted, the settings that still name them (by role name) are
        cleared, and the repository only when O(pipeline_provisioning_repository) names it.
      - Needs a region (O(region) or C(AWS_REGION)) and AWS Proton, which AWS stopped supporting on 2026-10-07;
        where Proton no longer answers, the step fails with a message that says so.
    type: bool
    default: false
  pipeline_provisioning_repository:
    description:
      - With O(register_account_settings), the repository of self-managed pipeline provisioning, as
        M(awsops.proton.account_settings)'s O(awsops.proton.account_settings#module:pipeline_provisioning_repository)
        (already linked to AWS Proton in the region; V({}) removes the setting). Not set leaves it as it is.
    type: dict
    suboptions:
      provider:
        description: The repository's provider.
        type: str
        choices: [GITHUB, GITHUB_ENTERPRISE, BITBUCKET]
      name:
        description: The repository's name, C(owner/repo), 1 to 100 characters.
        type: str
      branch:
        description: The branch, 1 to 200 characters.
        type: str
  role_propagation_timeout:
    description:
      - With O(register_account_settings), how long, in seconds, to keep retrying while AWS Proton rejects a role
        that IAM may not have propagated yet (0 to 3600).
    type: int
    default: 120
extends_documentation_fragment:
  - awsops.proton.proton_roles
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
attributes:
  action:
    description: Its action plugin checks the options and plans on the controller before the module runs.
    support: full
seealso:
  - module: awsops.proton.account_settings
  - module: awsops.proton.proton_role_policy
  - module: awsops.proton.iam_role
  - module: awsops.proton.template_policy
"""

EXAMPLES = r"""
- name: The environment roles, least privilege, in one step
  awsops.proton.proton_roles:
    roles:
      - {kind: environment_provisioning, name: ProtonEnvironmentServiceRole}
      - {kind: environment_codebuild, name: ProtonEnvironmentCodeBuildRole}
    permissions: scoped
    services: [s3, ecs, ec2, elasticloadbalancing, logs]
  register: environment

- name: The pipeline roles with the permissions their templates need
  awsops.proton.proton_roles:
    roles:
      - {kind: pipeline_service}
      - {kind: pipeline_codebuild}
    permissions: from_templates
    template_paths: [templates/my-service/v1]

- name: Check the same without any AWS call
  awsops.proton.proton_roles:
    roles: [{kind: environment_provisioning}]
    account_id: "123456789012"
    partition: aws
    plan_only: true

- name: The pipeline roles, registered in AWS Proton's account settings with the provisioning repository
  awsops.proton.proton_roles:
    roles: [{kind: pipeline_service}, {kind: pipeline_codebuild}]
    register_account_settings: true
    pipeline_provisioning_repository: {provider: GITHUB, name: my-org/proton-pipelines, branch: main}
    region: us-east-1

- name: Delete them (the account settings that name them are cleared first)
  awsops.proton.proton_roles:
    roles: [{kind: pipeline_service}, {kind: pipeline_codebuild}]
    register_account_settings: true
    state: absent
    region: us-east-1
"""

RETURN = r"""
account_settings:
  description:
    - With O(register_account_settings), AWS Proton's account settings afterwards (predicted in check mode), as
      M(awsops.proton.account_settings) returns them.
  returned: when O(register_account_settings=true)
  type: dict
  sample: {"pipeline_service_role_arn": "arn:aws:iam::123456789012:role/ProtonPipelineServiceRole",
           "pipeline_codebuild_role_arn": "arn:aws:iam::123456789012:role/ProtonPipelineCodeBuildRole",
           "pipeline_provisioning_repository": null}
roles:
  description: Each role, in the order of O(roles).
  returned: always
  type: list
  elements: dict
  contains:
    kind:
      description: The role's kind.
      type: str
      sample: environment_provisioning
    name:
      description: The role's name.
      type: str
      sample: ProtonEnvironmentServiceRole
    arn:
      description: The role's ARN; null once deleted.
      type: str
      sample: arn:aws:iam::123456789012:role/ProtonEnvironmentServiceRole
    changed:
      description: Whether this role changed (would change, in check mode).
      type: bool
      sample: false
    iam_role:
      description: The role afterwards, as M(awsops.proton.iam_role) returns it (absent with O(plan_only)).
      type: dict
      sample: {}
    role:
      description: With O(plan_only), the planned settings (trust policy, inline and managed policies, ...).
      type: dict
      sample: {}
arns:
  description: The roles' ARNs by kind (null for deleted roles).
  returned: always
  type: dict
  sample: {"environment_provisioning": "arn:aws:iam::123456789012:role/ProtonEnvironmentServiceRole"}
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_converge
from ansible_collections.awsops.proton.plugins.module_utils._proton.role_options import MODULE_ARGUMENT_SPEC, namer

SETTINGS_HEADER = "AWS Proton account settings"


def run(module):
    params = dict(module.params)
    names = namer(params["variable_names"])
    planned = role_converge.planned_roles(params)
    ctx = iam.IAMContext(module)
    ctx.know(params["partition"], params["account_id"])
    # The documents name the caller's account and partition: when the task did not give them, an existing role's
    # ARN tells them (read first, as converging reads them anyway), else STS GetCallerIdentity (once).
    planned, current = role_converge.for_account(ctx, params, planned)
    settings, proton = None, role_converge.account_settings_client(module, params)
    if params["state"] == "absent":
        # AWS Proton's account settings stop naming the roles before the roles go.
        settings = role_converge.converge_account_settings(proton, module, params, names, planned)
    changed, results, diffs = role_converge.converge(module, ctx, planned, names, current)
    if params["state"] == "present":
        settings = role_converge.converge_account_settings(proton, module, params, names, results)
    result = dict(changed=changed, roles=results, arns=dict((r["kind"], r["arn"]) for r in results))
    if settings is not None:
        settings_changed, before, after = settings
        result.update(changed=changed or settings_changed, account_settings=after)
        if settings_changed:
            diffs.append(dict(before_header=SETTINGS_HEADER, after_header=SETTINGS_HEADER, before=before, after=after))
    if module.diff_mode and diffs:
        result["diff"] = diffs
    return result


def main():
    module = AWSModule(MODULE_ARGUMENT_SPEC, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
