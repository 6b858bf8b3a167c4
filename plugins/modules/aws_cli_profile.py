#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aws_cli_profile
short_description: Write an IAM Identity Center (SSO) profile to the AWS CLI config file
version_added: 0.1.0
description:
  - Writes a C([profile NAME]) section (C(sso_session), C(sso_account_id), C(sso_role_name), C(region),
    C(output)) and the C([sso-session NAME]) section it refers to (C(sso_start_url), C(sso_region),
    C(sso_registration_scopes)) to an AWS CLI config file, the format the AWS CLI, boto3 and the SDKs read.
  - Only the keys it sets are touched. Other sections, other keys of these sections, comments and blank
    lines stay as they are; a key already holding the wanted value keeps its line.
  - Sign in afterwards with C(aws sso login --profile NAME); then C(--profile NAME) (or C(AWS_PROFILE=NAME))
    gives short-term credentials for the permission set O(sso_role_name) in account O(sso_account_id).
  - Makes no AWS call, so it takes no connection options and is not in the C(awsops.proton.aws) action group.
author:
  - awsops.proton maintainers (@awsops)
options:
  name:
    description:
      - The profile name. V(default) writes the C([default]) section.
      - Letters, digits and C(_.-@+=,), up to 64 characters.
    type: str
    required: true
    aliases: [profile_name]
  sso_session:
    description:
      - The name of the C([sso-session]) section. Several profiles (one per account or permission set)
        can share one session, and so one sign-in.
      - When O(state=present) and not set, the profile name is used. When O(state=absent) and not set, the
        session the profile refers to.
    type: str
  sso_account_id:
    description:
      - The 12-digit id of the AWS account the profile gives access to. Required when O(state=present).
    type: str
  sso_role_name:
    description:
      - The permission set's name (M(awsops.proton.sso_permission_set) O(awsops.proton.sso_permission_set#module:name)).
        Required when O(state=present).
    type: str
  region:
    description:
      - The default region of the profile's AWS calls. Not set means leave it as it is (or unset).
    type: str
  output:
    description:
      - The AWS CLI's default output format. Not set means leave it as it is (or unset).
    type: str
    choices: [json, yaml, yaml-stream, text, table]
  sso_start_url:
    description:
      - The AWS access portal URL, for example C(https://d-1234567890.awsapps.com/start)
        (M(awsops.proton.sso_instance_info) returns it). Required when O(state=present).
    type: str
  sso_region:
    description:
      - The region of the IAM Identity Center instance (its home region). Required when O(state=present).
    type: str
  sso_registration_scopes:
    description:
      - The OAuth scopes the AWS CLI asks for when it registers; C(sso:account:access) gives access to
        AWS accounts. Compared as a set.
    type: list
    elements: str
    default: [sso:account:access]
  path:
    description:
      - The config file.
      - When not set, C(AWS_CONFIG_FILE) if set in the module's environment, otherwise the default.
      - A missing file is created with mode C(0600), and a missing directory with mode C(0700). The mode of an
        existing file is kept; a symlink is followed.
    type: path
    default: ~/.aws/config
    aliases: [config_file, dest]
  backup:
    description:
      - Keep a timestamped copy of the file before changing it.
    type: bool
    default: false
  state:
    description:
      - C(present) writes the profile and its sso-session.
      - C(absent) removes the profile section, and the sso-session section when no other profile refers to it.
        A section goes with its keys and the blank lines after them; every other line stays byte for byte
        (comments after its last key, which usually describe the next section, and the file's line endings
        included). The blank lines before the file's last section go with it, so the file does not end in one.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.attributes
  - awsops.proton.attributes.check_mode
  - awsops.proton.attributes.diff_mode
  - awsops.proton.attributes.idempotent
seealso:
  - module: awsops.proton.sso_instance_info
  - name: Configuring IAM Identity Center authentication with the AWS CLI
    description: The format of these sections, and C(aws sso login).
    link: https://docs.aws.amazon.com/cli/latest/userguide/sso-configure-profile-token.html
"""

EXAMPLES = r"""
- name: Find the access portal
  awsops.proton.sso_instance_info:
  register: sso

- name: A profile for the Proton administrator
  awsops.proton.aws_cli_profile:
    name: proton-admin
    sso_session: proton
    sso_start_url: "{{ sso.instance.portal_url }}"
    sso_region: us-east-1
    sso_account_id: "123456789012"
    sso_role_name: AdministratorAccess
    region: us-east-1
    output: json

- name: Remove it again (and the sso-session, unless another profile uses it)
  awsops.proton.aws_cli_profile:
    name: proton-admin
    state: absent
"""

RETURN = r"""
config_file:
  description: The config file (its real path, when O(path) is a symlink).
  returned: always
  type: str
  sample: /home/jane/.aws/config
profile:
  description: The keys of the profile section after the task; empty after O(state=absent).
  returned: always
  type: dict
  sample: {sso_session: proton, sso_account_id: "123456789012", sso_role_name: AdministratorAccess,
           region: us-east-1, output: json}
sso_session:
  description: The keys of the sso-session section after the task; empty when there is none.
  returned: always
  type: dict
  sample: {sso_start_url: "https://d-1234567890.awsapps.com/start", sso_region: us-east-1,
           sso_registration_scopes: "sso:account:access"}
sso_session_name:
  description: The sso-session the profile uses (or used, for O(state=absent)).
  returned: always
  type: str
  sample: proton
removed_sections:
  description: Sections removed (or that would be, in check mode) with O(state=absent).
  returned: always
  type: list
  elements: str
  sample: ["profile proton-admin", "sso-session proton"]
login_command:
  description: The command that signs in with the profile.
  returned: when O(state=present)
  type: str
  sample: aws sso login --profile proton-admin
backup_file:
  description: The backup copy of the file.
  returned: when O(backup=true) and the file changed
  type: str
  sample: /home/jane/.aws/config.12345.2025-01-31@10:00:00~
diff:
  description: The file before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The file before.
      type: str
    after:
      description: The file after.
      type: str
"""

from ansible.module_utils.basic import env_fallback

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import cli_profile


def run(module):
    params = module.params
    cli_profile.validate(params)
    if params["state"] == "present":
        output = cli_profile.ensure_present(module, params)
    else:
        output = cli_profile.ensure_absent(module, params)
    output = module.result(**output)
    if "diff" in output:
        output["diff"].update(before_header=output["config_file"], after_header=output["config_file"])
    return output


def main():
    argument_spec = dict(
        name=dict(type="str", required=True, aliases=["profile_name"]),
        sso_session=dict(type="str"),
        sso_account_id=dict(type="str"),
        sso_role_name=dict(type="str"),
        region=dict(type="str"),
        output=dict(type="str", choices=["json", "yaml", "yaml-stream", "text", "table"]),
        sso_start_url=dict(type="str"),
        sso_region=dict(type="str"),
        sso_registration_scopes=dict(type="list", elements="str", default=["sso:account:access"]),
        path=dict(type="path", default="~/.aws/config", aliases=["config_file", "dest"],
                  fallback=(env_fallback, ["AWS_CONFIG_FILE"])),
        backup=dict(type="bool", default=False),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, connection=False, supports_check_mode=True,
                       required_if=[("state", "present",
                                     ["sso_account_id", "sso_role_name", "sso_start_url", "sso_region"])])
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
