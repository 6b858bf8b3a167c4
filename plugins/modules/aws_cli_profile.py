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

import os
import re
import tempfile

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.text.converters import to_bytes, to_native

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import cli_config
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError, ProtonCollectionError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._aws.validation import check_account_id

SECTION_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@+=,-]{1,64}$")
REGION_PATTERN = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
START_URL_PATTERN = re.compile(r"^https://[A-Za-z0-9.-]+(:\d+)?(/[^\s]*)?$")
SCOPE_PATTERN = re.compile(r"^[^\s,]+$")


def validate(params):
    for option in ("name", "sso_session"):
        value = params[option]
        if value is not None and not SECTION_NAME_PATTERN.match(value):
            raise ParameterError(option, "must be 1 to 64 letters, digits and _ . - @ + = , (got {0!r})".format(value))
    check_account_id("sso_account_id", params["sso_account_id"])
    identity_center.check_permission_set_name("sso_role_name", params["sso_role_name"])
    for option in ("region", "sso_region"):
        value = params[option]
        if value is not None and not REGION_PATTERN.match(value):
            raise ParameterError(option, "must be an AWS region such as us-east-1 (got {0!r})".format(value))
    if params["sso_start_url"] is not None and not START_URL_PATTERN.match(params["sso_start_url"]):
        raise ParameterError("sso_start_url", "must be an https URL such as https://d-1234567890.awsapps.com/start "
                                              "(got {0!r})".format(params["sso_start_url"]))
    scopes = params["sso_registration_scopes"]
    if not scopes or not all(SCOPE_PATTERN.match(s or "") for s in scopes):
        raise ParameterError("sso_registration_scopes", "must be one or more scopes without spaces or commas, "
                                                        "such as sso:account:access (got {0!r})".format(scopes))


def config_path(params):
    # type=path has expanded ~ and variables; follow a symlink so the link stays and its target is edited.
    return os.path.realpath(params["path"])


def read_text(path):
    if not os.path.exists(path):
        return None
    if not os.path.isfile(path):
        raise ParameterError("path", "{0} exists and is not a file".format(path))
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8")
    except (IOError, OSError, UnicodeDecodeError) as e:
        raise ProtonCollectionError("Cannot read {0}: {1}".format(path, to_native(e)))


def write_text(module, path, text, existed):
    directory = os.path.dirname(path)
    try:
        if not os.path.isdir(directory):
            os.makedirs(directory, 0o700)
            os.chmod(directory, 0o700)
        handle, temp = tempfile.mkstemp(prefix=".aws-config-", dir=directory)  # created 0600
        with os.fdopen(handle, "wb") as out:
            out.write(to_bytes(text))
        if existed:
            module.module.atomic_move(temp, path)  # keeps the file's mode and owner
        else:
            os.rename(temp, path)
    except (IOError, OSError) as e:
        raise ProtonCollectionError("Cannot write {0}: {1}".format(path, to_native(e)))


def run(module):
    params = module.params
    validate(params)
    path = config_path(params)
    before = read_text(path)
    text = before or ""
    name = params["name"]
    result = dict(config_file=path, removed_sections=[])

    if params["state"] == "present":
        session = params["sso_session"] or name
        profile_values = [("sso_session", session), ("sso_account_id", params["sso_account_id"]),
                          ("sso_role_name", params["sso_role_name"]), ("region", params["region"]),
                          ("output", params["output"])]
        session_values = [("sso_start_url", params["sso_start_url"]), ("sso_region", params["sso_region"]),
                          ("sso_registration_scopes", cli_config.scopes_value(params["sso_registration_scopes"]))]
        after = cli_config.apply_profile(text, name, profile_values, session, session_values)
        result["login_command"] = "aws sso login --profile {0}".format(name)
    else:
        session = params["sso_session"] or (cli_config.ConfigText(text).read(cli_config.profile_section(name))
                                            or {}).get("sso_session")
        after, result["removed_sections"] = cli_config.remove_profile(text, name, session)

    parsed = cli_config.ConfigText(after)
    result["profile"] = parsed.read(cli_config.profile_section(name)) or {}
    result["sso_session"] = (parsed.read(cli_config.sso_session_section(session)) or {}) if session else {}
    result["sso_session_name"] = session
    changed = after != text
    if changed and not module.check_mode:
        if before is not None and params["backup"]:
            result["backup_file"] = module.module.backup_local(path)
        write_text(module, path, after, existed=before is not None)
    output = module.result(changed, before=text, after=after, **result)
    if "diff" in output:
        output["diff"].update(before_header=path, after_header=path)
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
