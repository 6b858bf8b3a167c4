#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sso_instance_info
short_description: Find the account's IAM Identity Center instance
version_added: 0.1.0
description:
  - Lists the IAM Identity Center instances visible to the account in the region (sso-admin C(ListInstances))
    with their instance ARN, identity store id, owner account, status and default AWS access portal URL,
    C(https://<identity store id>.awsapps.com/start).
  - Identity Center is regional. Use the instance's home region in O(region).
  - When there is no instance, returns an empty list, a warning and in RV(msg) how to enable one. This module
    never creates an instance; sso-admin C(CreateInstance) would make an account instance, which cannot hold
    permission sets and so cannot give access to AWS accounts.
author:
  - awsops.proton maintainers (@awsops)
options: {}
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.actiongroup_aws
  - awsops.proton.attributes.info_module
"""

EXAMPLES = r"""
- name: Find the Identity Center instance
  awsops.proton.sso_instance_info:
    region: eu-west-1
  register: sso

- name: Show the access portal URL
  ansible.builtin.debug:
    msg: "Sign in at {{ sso.instance.portal_url }}"
  when: sso.instance is not none
"""

RETURN = r"""
instances:
  description: The instances visible in the region; empty when Identity Center is not enabled there.
  returned: always
  type: list
  elements: dict
  contains:
    instance_arn:
      description: The instance ARN.
      type: str
      sample: arn:aws:sso:::instance/ssoins-1234567890abcdef
    identity_store_id:
      description: The identity store of the instance.
      type: str
      sample: d-1234567890
    owner_account_id:
      description: The account that owns the instance (for an organization instance, the management account).
      type: str
      sample: "123456789012"
    name:
      description: The instance name, if it has one.
      type: str
      sample: null
    status:
      description: C(ACTIVE), C(CREATE_IN_PROGRESS), C(CREATE_FAILED) or C(DELETE_IN_PROGRESS).
      type: str
      sample: ACTIVE
    created_date:
      description: When the instance was created (ISO 8601).
      type: str
      sample: "2025-01-31T10:00:00+00:00"
    portal_url:
      description: The default AWS access portal URL. A custom portal alias, if set, is not reported by the API.
      type: str
      sample: https://d-1234567890.awsapps.com/start
instance:
  description: The instance when exactly one is visible (as in RV(instances)), otherwise C(null).
  returned: always
  type: dict
  sample:
    instance_arn: arn:aws:sso:::instance/ssoins-1234567890abcdef
    identity_store_id: d-1234567890
    owner_account_id: "123456789012"
    status: ACTIVE
    portal_url: https://d-1234567890.awsapps.com/start
msg:
  description: How to enable IAM Identity Center.
  returned: when no instance is visible
  type: str
  sample: No IAM Identity Center instance is visible to this account in region us-east-1. ...
"""

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule


def run(module):
    sso_admin = module.client("sso-admin")
    instances = identity_center.list_instances(sso_admin)
    result = dict(changed=False, instances=instances, instance=instances[0] if len(instances) == 1 else None)
    if not instances:
        result["msg"] = identity_center.no_instance_message(sso_admin.region)
        module.warn(result["msg"])
    return result


def main():
    module = AWSModule(dict(), supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
