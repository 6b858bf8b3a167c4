# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print, as JSON, the union of the handler permissions of the resource types given as arguments.

Read straight from the provider schemas bundled in the installed cfn-lint (the pinned source of the
collection's data), independently of the collection's code, so the integration test can compare the
module's result with the source package. Extra arguments containing no "::" are added as actions.
Normalisation as documented: entries that are not IAM actions are dropped, the service prefix is
lower-cased, spellings that differ only in case are kept once.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import cfnlint.data.schemas

ACTION = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$")


def main(arguments):
    root = Path(list(cfnlint.data.schemas.__path__)[0])
    digests = {}
    for provider in (root / "providers").glob("*.json"):
        if provider.name != "sam.json":
            for type_name, digest in json.loads(provider.read_text()).items():
                digests.setdefault(type_name, set()).add(digest)
    actions = {}
    for argument in arguments:
        if "::" not in argument:
            actions[argument.lower()] = argument
            continue
        for digest in digests[argument]:
            schema = json.loads((root / "resources" / (digest + ".json")).read_text())
            for handler in (schema.get("handlers") or {}).values():
                for permission in handler.get("permissions") or []:
                    if ACTION.match(permission):
                        prefix, name = permission.split(":", 1)
                        action = prefix.lower() + ":" + name
                        actions[action.lower()] = min(actions.get(action.lower(), action), action)
    print(json.dumps(sorted(actions.values(), key=lambda a: (a.split(":")[0], a.lower(), a))))


if __name__ == "__main__":
    main(sys.argv[1:])
