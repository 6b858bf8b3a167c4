#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: account_settings
short_description: Manage AWS Proton's account settings - the pipeline roles and provisioning repository
version_added: 0.1.0
description:
  - Sets, changes or clears the AWS Proton account settings of a region - the pipeline service role, the
    CodeBuild pipeline role and the pipeline provisioning repository - with C(UpdateAccountSettings),
    only when they differ from what C(GetAccountSettings) returns.
  - Options not set are left as they are.
  - IAM is eventually consistent. When AWS Proton rejects a role (for example one created seconds ago), the
    update is retried with backoff for up to O(role_propagation_timeout) seconds before the module fails.
  - "AWS Proton end of support: AWS ended support for AWS Proton on 2026-10-07. Where the Proton API can no
    longer be reached, or refuses as for an account that may not use Proton, the module fails with a message
    that says so."
author:
  - awsops.proton maintainers (@awsops)
options:
  pipeline_service_role:
    description:
      - The pipeline service role (C(pipelineServiceRoleArn)), as a role name in this account or a role ARN.
        A name is looked up with IAM C(GetRole), so a role with a path gets its full ARN.
      - V("") clears the setting. Not set leaves it as it is.
    type: str
  pipeline_codebuild_role:
    description:
      - The CodeBuild pipeline role (C(pipelineCodebuildRoleArn)), as a role name in this account or a role ARN.
      - V("") clears the setting. Not set leaves it as it is.
    type: str
  pipeline_provisioning_repository:
    description:
      - The repository of self-managed pipeline provisioning (C(pipelineProvisioningRepository)). It must
        already be linked to AWS Proton in this region (C(CreateRepository), through a CodeStar connection).
      - V({}) removes the setting. Not set leaves it as it is.
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
  state:
    description:
      - V(present) makes the settings what the options say.
      - V(absent) clears each setting given only while it still points at the given role or repository (a
        role given by name matches a role of that name on any path; V("") matches any role; a repository
        matches by provider and name, and V({}) matches any). Settings that point elsewhere are left as they
        are. This is what a teardown wants - it does not clear settings that someone has changed since.
    type: str
    choices: [present, absent]
    default: present
  role_propagation_timeout:
    description:
      - How long, in seconds, to keep retrying while AWS Proton rejects a role that IAM may not have
        propagated yet (0 to 3600).
    type: int
    default: 120
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
notes:
  - Account settings are per region; set O(region) (or C(AWS_REGION)) to the region your Proton resources
    are in.
  - Check mode makes no write call. It reads the settings, looks up roles given by name (IAM C(GetRole)) and,
    when the repository changes, the linked repository (C(GetRepository)).
  - Needs C(proton:GetAccountSettings) and C(proton:UpdateAccountSettings), C(proton:GetRepository) when the
    repository changes, C(iam:GetRole) for roles given by name, and C(iam:PassRole) on the roles.
seealso:
  - module: awsops.proton.iam_role
  - module: awsops.proton.proton_role_policy
"""

EXAMPLES = r"""
- name: Register the pipeline roles (a role created just before may take a few seconds to be accepted)
  awsops.proton.account_settings:
    pipeline_service_role: ProtonPipelineServiceRole
    pipeline_codebuild_role: arn:aws:iam::123456789012:role/ProtonPipelineCodeBuildRole
    region: us-east-1

- name: Use a linked GitHub repository for self-managed pipeline provisioning
  awsops.proton.account_settings:
    pipeline_provisioning_repository:
      provider: GITHUB
      name: my-org/proton-pipelines
      branch: main

- name: Clear the CodeBuild pipeline role and remove the provisioning repository
  awsops.proton.account_settings:
    pipeline_codebuild_role: ""
    pipeline_provisioning_repository: {}

- name: Teardown - clear the pipeline roles, but only if they are still ours
  awsops.proton.account_settings:
    state: absent
    pipeline_service_role: ProtonPipelineServiceRole
    pipeline_codebuild_role: ProtonPipelineCodeBuildRole
"""

RETURN = r"""
account_settings:
  description: The account settings after the task (predicted in check mode).
  returned: success
  type: dict
  contains:
    pipeline_service_role_arn:
      description: The pipeline service role's ARN; null when not set.
      type: str
      sample: arn:aws:iam::123456789012:role/ProtonPipelineServiceRole
    pipeline_codebuild_role_arn:
      description: The CodeBuild pipeline role's ARN; null when not set.
      type: str
      sample: arn:aws:iam::123456789012:role/ProtonPipelineCodeBuildRole
    pipeline_provisioning_repository:
      description: The pipeline provisioning repository; null when not set.
      type: dict
      contains:
        arn:
          description: The linked repository's ARN.
          type: str
          sample: arn:aws:proton:us-east-1:123456789012:repository/github:my-org/proton-pipelines
        provider:
          description: The repository's provider.
          type: str
          sample: GITHUB
        name:
          description: The repository's name.
          type: str
          sample: my-org/proton-pipelines
        branch:
          description: The branch.
          type: str
          sample: main
"""

from ansible_collections.awsops.proton.plugins.module_utils._proton import account_settings as settings
from ansible_collections.awsops.proton.plugins.module_utils._proton import client as proton
from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule


def validate(params):
    """Every input, before any API call. Returns the wanted repository: None, {} (remove) or the dict."""
    for option, _key, _result in settings.ROLE_SETTINGS:
        value = params[option]
        if not value:
            continue
        if value.startswith("arn:"):
            validation.check_role_arn(option, value)
        else:
            validation.check_name(option, value, validation.ROLE_NAME_MAX)
    settings.check_timeout(params["role_propagation_timeout"])
    return settings.check_repository(params[settings.REPOSITORY], params["state"])


def resolve_role_arn(module, option, value):
    """The ARN of a role given by name (IAM GetRole: the role's real path), or the ARN as given."""
    if not value or value.startswith("arn:"):
        return value
    response = module.client("iam").get_or_none("GetRole", not_found_codes=("NoSuchEntity",), RoleName=value)
    if response is None:
        raise ParameterError(option, "there is no IAM role named {0!r} in this account".format(value))
    return response["Role"]["Arn"]


def run(module):
    params = module.params
    repository = validate(params)
    client = proton.ProtonClient(module.client("proton"))
    roles = dict((option, params[option]) for option, _key, _result in settings.ROLE_SETTINGS)
    if params["state"] == "present":
        # Roles given by name are looked up only here: absent matches names as they are.
        roles = dict((option, resolve_role_arn(module, option, value) if value is not None else None)
                     for option, value in roles.items())
    changed, before, after = settings.converge(client, params["state"], roles, repository,
                                               params["role_propagation_timeout"], module.check_mode)
    return module.result(changed, before=before, after=after, account_settings=after)


def main():
    argument_spec = dict(
        pipeline_service_role=dict(type="str"),
        pipeline_codebuild_role=dict(type="str"),
        pipeline_provisioning_repository=settings.REPOSITORY_SPEC,
        state=dict(type="str", choices=["present", "absent"], default="present"),
        role_propagation_timeout=dict(type="int", default=settings.DEFAULT_TIMEOUT),
    )
    module = AWSModule(argument_spec, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
