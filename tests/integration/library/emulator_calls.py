# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only module: read the local emulator's call log (GET /_emulator/calls)."""

import json
import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.urls import open_url

DOCUMENTATION = r"""
module: emulator_calls
short_description: Read the local AWS emulator's call log (tests only)
description:
  - Returns the calls recorded since index O(since) and which of them were write calls.
options:
  since:
    description: Index in the call log to start from (the RV(count) of an earlier call).
    type: int
    default: 0
  url:
    description: Emulator URL; defaults to C(EMULATOR_URL) or C(AWS_ENDPOINT_URL).
    type: str
author: awsops.proton maintainers (@awsops)
"""

READ_PREFIXES = ("Get", "List", "Describe", "Search", "Simulate", "Generate")


def is_write(operation):
    return not operation.startswith(READ_PREFIXES)


def main():
    module = AnsibleModule(argument_spec=dict(since=dict(type="int", default=0), url=dict(type="str")),
                           supports_check_mode=True)
    url = module.params["url"] or os.environ.get("EMULATOR_URL") or os.environ["AWS_ENDPOINT_URL"]
    calls = json.loads(open_url(url.rstrip("/") + "/_emulator/calls", method="GET").read())
    new = calls[module.params["since"]:]
    writes = ["{0}:{1}".format(c["service"], c["operation"]) for c in new
              if is_write(c["operation"]) and c.get("status", 200) < 400]
    module.exit_json(changed=False, count=len(calls), calls=new, writes=writes)


if __name__ == "__main__":
    main()
