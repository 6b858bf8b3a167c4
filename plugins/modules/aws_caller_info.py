#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aws_caller_info
short_description: Who the AWS credentials belong to, and a guard against the wrong account
version_added: 0.1.0
description:
  - Calls STS C(GetCallerIdentity) and returns the account, the principal's ARN and the partition.
  - Optionally fails when the credentials belong to another account than O(expected_account_id), or to
    the account's root user, before a playbook changes anything.
author:
  - awsops.proton maintainers (@awsops)
options:
  expected_account_id:
    description:
      - The 12-digit account the run is meant for. When set and the credentials belong to another
        account, the module fails and names both.
    type: str
  allow_root:
    description:
      - Whether the account's root user may be the caller. Set to V(false) to refuse root credentials.
    type: bool
    default: true
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.actiongroup_aws
  - awsops.proton.attributes.info_module
"""

EXAMPLES = r"""
- name: Check the credentials before changing anything
  awsops.proton.aws_caller_info:
    expected_account_id: "123456789012"
    allow_root: false
  register: caller

- name: Show who runs the setup
  ansible.builtin.debug:
    msg: "Account {{ caller.account }} as {{ caller.arn }}"
"""

RETURN = r"""
account:
  description: The account the credentials belong to.
  returned: success
  type: str
  sample: "123456789012"
arn:
  description: The calling principal's ARN.
  returned: success
  type: str
  sample: arn:aws:iam::123456789012:user/alice
user_id:
  description: The calling principal's unique id.
  returned: success
  type: str
  sample: AIDAEXAMPLE
partition:
  description: The AWS partition (aws, aws-cn, aws-us-gov, ...).
  returned: success
  type: str
  sample: aws
is_root:
  description: Whether the caller is the account's root user.
  returned: success
  type: bool
  sample: false
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.arn import partition_account
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ProtonCollectionError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._aws.validation import check_account_id


def run(module):
    expected = module.params["expected_account_id"]
    check_account_id("expected_account_id", expected)
    identity = module.client("sts").call("GetCallerIdentity")
    arn = identity["Arn"]
    account = identity["Account"]
    is_root = arn.endswith(":root")
    if expected and account != expected:
        raise ProtonCollectionError(
            "These credentials belong to account {0} ({1}), not to expected_account_id {2}. "
            "Nothing was changed.".format(account, arn, expected), account=account, arn=arn)
    if is_root and not module.params["allow_root"]:
        raise ProtonCollectionError(
            "These are the root user's credentials of account {0}. Use an administrative user or role "
            "instead (or allow_root=true if you really mean it). Nothing was changed.".format(account),
            account=account, arn=arn)
    return dict(changed=False, account=account, arn=arn, user_id=identity["UserId"],
                partition=partition_account(arn)[0], is_root=is_root)


def main():
    module = AWSModule(
        argument_spec=dict(expected_account_id=dict(type="str"), allow_root=dict(type="bool", default=True)),
        supports_check_mode=True,
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
