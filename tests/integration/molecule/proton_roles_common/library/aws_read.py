# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only module: read-only AWS API calls, their responses returned as JSON (for verify playbooks)."""

from __future__ import annotations

import json

from ansible.module_utils.basic import AnsibleModule

DOCUMENTATION = r"""
module: aws_read
short_description: Make read-only AWS API calls and return their responses (tests only)
description:
  - Makes each call of O(calls) through boto3 (endpoint and credentials from the environment) and returns,
    in the same order, each response or the error AWS answered with. Several calls in one task keep a
    verify playbook fast.
  - Only operations whose name starts with Get, List or Describe are allowed.
options:
  calls:
    description:
      - The calls, each a dict with C(service) (the boto3 client name, for example C(iam)), C(operation) (as
        AWS names it, for example C(GetRole)) and optional C(params).
    type: list
    elements: dict
    required: true
author: awsops.proton maintainers (@awsops)
"""

READ_PREFIXES = ("Get", "List", "Describe")


def main():
    module = AnsibleModule(argument_spec=dict(calls=dict(type="list", elements="dict", required=True)),
                           supports_check_mode=True)
    for call in module.params["calls"]:
        if not str(call.get("operation", "")).startswith(READ_PREFIXES):
            module.fail_json(msg="aws_read makes read calls only, not {0!r}".format(call.get("operation")))
    import boto3
    import botocore
    from botocore.exceptions import ClientError

    clients, results = {}, []
    for call in module.params["calls"]:
        service = call["service"]
        if service not in clients:
            clients[service] = boto3.client(service)
        method = getattr(clients[service], botocore.xform_name(call["operation"]))
        try:
            response = method(**(call.get("params") or {}))
        except ClientError as e:
            results.append(dict(response=None, error=e.response.get("Error", {})))
            continue
        response.pop("ResponseMetadata", None)
        results.append(dict(response=json.loads(json.dumps(response, default=str)), error=None))
    module.exit_json(changed=False, results=results)


if __name__ == "__main__":
    main()
