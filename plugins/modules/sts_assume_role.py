#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sts_assume_role
short_description: Temporary credentials for a role in another account (STS AssumeRole)
version_added: 0.1.0
description:
  - Calls STS C(AssumeRole) and returns the role session's temporary credentials, for the tasks that act in the
    role's account (for example through C(module_defaults) of C(group/awsops.proton.aws)).
  - C(playbooks/organization.yml) calls it once per member account and run, with the inventory's
    C(proton_assume_role_arn).
  - Options and return values carry amazon.aws's C(sts_assume_role) names.
  - "The returned secret key and session token are secrets. Give the task C(no_log: true) so that they are not
    printed (in C(-v) output, callbacks or AWX job events); registered variables keep them for later tasks."
  - When the role does not exist or its trust policy does not allow the caller, AWS answers C(AccessDenied) without
    telling which; the message names both causes, and the role, so that the account's failure is clear.
author:
  - awsops.proton maintainers (@awsops)
options:
  role_arn:
    description:
      - The ARN of the role to assume, for example V(arn:aws:iam::210987654321:role/OrganizationAccountAccessRole).
    type: str
    required: true
  role_session_name:
    description:
      - The session's name, which CloudTrail records in the account of the role. 2 to 64 characters of
        C([\\w+=,.@-]).
    type: str
    default: awsops-proton
  duration_seconds:
    description:
      - How long the credentials last, 900 seconds up to the role's maximum session duration (1 hour for a chained
        role session).
    type: int
    default: 3600
  external_id:
    description:
      - The external id the role's trust policy requires, if any.
    type: str
  policy:
    description:
      - An inline session policy (JSON) that further limits the session's permissions.
    type: json
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.actiongroup_aws
  - awsops.proton.attributes.info_module
notes:
  - C(AssumeRole) changes no resource, so the module reports C(changed=false) and also runs in check mode, where
    later tasks need the credentials to predict their changes.
"""

EXAMPLES = r"""
- name: Act in a member account of the Organization
  awsops.proton.sts_assume_role:
    role_arn: arn:aws:iam::210987654321:role/OrganizationAccountAccessRole
    role_session_name: proton-setup
  register: member
  no_log: true

- name: Create the environment roles in that account
  awsops.proton.proton_roles:
    access_key: "{{ member.sts_creds.access_key }}"
    secret_key: "{{ member.sts_creds.secret_key }}"
    session_token: "{{ member.sts_creds.session_token }}"
    roles: [environment_cloudformation]
"""

RETURN = r"""
sts_creds:
  description: The temporary credentials.
  returned: success
  type: dict
  contains:
    access_key:
      description: The access key id.
      type: str
      sample: ASIAEXAMPLE
    secret_key:
      description: The secret access key.
      type: str
    session_token:
      description: The session token.
      type: str
    expiration:
      description: When the credentials expire (ISO 8601, UTC).
      type: str
      sample: "2026-12-03T14:00:00+00:00"
sts_user:
  description: The assumed role session.
  returned: success
  type: dict
  contains:
    arn:
      description: The session's ARN.
      type: str
      sample: arn:aws:sts::210987654321:assumed-role/OrganizationAccountAccessRole/awsops-proton
    assumed_role_id:
      description: The role's unique id and the session name.
      type: str
      sample: AROAEXAMPLE:awsops-proton
account:
  description: The account of the role (with RV(partition), the shape of M(awsops.proton.aws_caller_info)'s result, so
    the result can be passed as a role's C(*_caller_info)).
  returned: success
  type: str
  sample: "210987654321"
partition:
  description: The role's partition.
  returned: success
  type: str
  sample: aws
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.arn import parse_arn
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import (
    AWSAPIError,
    ParameterError,
    ProtonCollectionError,
)
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._aws.validation import check_range, check_role_arn

# STS's limits: DurationSeconds 900..43200 (the role's MaxSessionDuration is checked by AWS), session names 2..64.
MIN_DURATION = 900
MAX_DURATION = 43200


def check_params(params):
    check_role_arn("role_arn", params["role_arn"])
    check_range("duration_seconds", params["duration_seconds"], MIN_DURATION, MAX_DURATION)
    name = params["role_session_name"]
    if not 2 <= len(name) <= 64:
        raise ParameterError("role_session_name", "must be 2 to 64 characters long")
    return parse_arn(params["role_arn"])


def run(module):
    params = module.params
    arn = check_params(params)
    request = dict(RoleArn=params["role_arn"], RoleSessionName=params["role_session_name"],
                   DurationSeconds=params["duration_seconds"])
    if params["external_id"]:
        request["ExternalId"] = params["external_id"]
    if params["policy"]:
        request["Policy"] = params["policy"]
    try:
        answer = module.client("sts").call("AssumeRole", **request)
    except AWSAPIError as e:
        if not e.is_code("AccessDenied"):
            raise
        raise ProtonCollectionError(
            "Cannot assume {0}: {1}. Either the role does not exist in account {2} (an account invited into the "
            "Organization has no OrganizationAccountAccessRole until someone creates it), or its trust policy does "
            "not allow these credentials.".format(params["role_arn"], e.aws_message.rstrip("."), arn["account"]),
            code=e.code, account=arn["account"])
    credentials = answer["Credentials"]
    expiration = credentials["Expiration"]
    return dict(
        changed=False,
        account=arn["account"],
        partition=arn["partition"],
        sts_creds=dict(access_key=credentials["AccessKeyId"], secret_key=credentials["SecretAccessKey"],
                       session_token=credentials["SessionToken"],
                       expiration=expiration.isoformat() if hasattr(expiration, "isoformat") else str(expiration)),
        sts_user=dict(arn=answer["AssumedRoleUser"]["Arn"],
                      assumed_role_id=answer["AssumedRoleUser"]["AssumedRoleId"]),
    )


def main():
    module = AWSModule(
        argument_spec=dict(
            role_arn=dict(type="str", required=True),
            role_session_name=dict(type="str", default="awsops-proton"),
            duration_seconds=dict(type="int", default=3600),
            external_id=dict(type="str"),
            policy=dict(type="json"),
        ),
        supports_check_mode=True,
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
