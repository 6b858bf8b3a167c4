# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Generate plugins/module_utils/_templates/_cfn_handler_permissions.py from cfn-lint's resource provider schemas.

The template_policy module derives a provisioning role's permissions from the resource types a
CloudFormation template declares. The source of truth is each type's resource provider schema: its
``handlers`` (create, read, update, delete, list) list the IAM actions CloudFormation needs to
manage the type. cfn-lint (pinned in requirements-test.txt) ships those schemas, refreshed by AWS
every week; the collection's runtime dependencies stay ansible-core, boto3 and botocore, so the
permissions are copied into the collection as a Python module (module_utils are shipped to the
target inside the module's AnsiballZ payload only when they are Python files).

Usage:
    .venv/bin/python scripts/generate_cfn_permissions.py          # rewrite the data module
    .venv/bin/python scripts/generate_cfn_permissions.py --check  # exit 1 if it is out of date

Rules (the unit tests re-implement them independently):
- every region's provider list is read (a type available in one region only is still known);
  the SAM list (sam.json) is not: AWS::Serverless::* types are expanded by a transform;
- a type's permissions are the union of the permissions of all its handlers;
- a permission that is not an IAM action (``service:Action``, letters, digits and ``*?``) is
  left out and listed in IGNORED; the service prefix is lower-cased (IAM ignores case), and
  spellings that differ only in case are kept once (the one that sorts first);
- types whose schema has no handler permissions are listed in NO_PERMISSIONS;
- SERVICE_PREFIXES maps a CloudFormation service namespace (the ``ECS`` of ``AWS::ECS::Service``) to
  the IAM prefix that most of its types use, for the ``unknown_types=wildcard`` fallback.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "plugins" / "module_utils" / "_templates" / "_cfn_handler_permissions.py"
SOURCE_PACKAGE = "cfn-lint"
ACTION_PATTERN = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$")
HANDLERS = ("create", "read", "update", "delete", "list")
LINE_LIMIT = 150


def schema_dir():
    """The schemas bundled in the installed cfn-lint package (never cfn-lint's user cache)."""
    import cfnlint.data.schemas  # pylint: disable=import-outside-toplevel

    return Path(list(cfnlint.data.schemas.__path__)[0])


def package_version():
    from importlib.metadata import version  # pylint: disable=import-outside-toplevel

    return version(SOURCE_PACKAGE)


def normalize_actions(permissions):
    """(sorted IAM actions, sorted ignored entries) from a schema's raw permission strings."""
    chosen = {}
    ignored = set()
    for raw in permissions:
        text = raw.strip() if isinstance(raw, str) else ""
        if not ACTION_PATTERN.match(text):
            ignored.add(str(raw))
            continue
        prefix, name = text.split(":", 1)
        action = "{0}:{1}".format(prefix.lower(), name)
        key = action.lower()
        if key not in chosen or action < chosen[key]:
            chosen[key] = action
    return sorted(chosen.values(), key=lambda a: (a.lower(), a)), sorted(ignored)


def read_types(directory):
    """{type name: set of raw permissions or None (no handlers)} over every region's provider list."""
    hashes = collections.defaultdict(set)
    for provider in sorted((directory / "providers").glob("*.json")):
        if provider.name == "sam.json":
            continue
        for type_name, digest in json.loads(provider.read_text(encoding="utf-8")).items():
            if isinstance(digest, str):
                hashes[type_name].add(digest)
    types = {}
    for type_name in sorted(hashes):
        raw = set()
        has_permissions = False
        for digest in sorted(hashes[type_name]):
            schema = json.loads((directory / "resources" / (digest + ".json")).read_text(encoding="utf-8"))
            for handler in HANDLERS:
                permissions = ((schema.get("handlers") or {}).get(handler) or {}).get("permissions") or []
                if permissions:
                    has_permissions = True
                raw.update(permissions)
        types[type_name] = raw if has_permissions else None
    return types


def build(directory):
    types = read_types(directory)
    permissions, ignored, no_permissions = {}, {}, []
    for type_name, raw in types.items():
        if raw is None:
            no_permissions.append(type_name)
            continue
        actions, bad = normalize_actions(raw)
        if bad:
            ignored[type_name] = bad
        if actions:
            permissions[type_name] = actions
        else:
            no_permissions.append(type_name)
    prefixes = collections.defaultdict(collections.Counter)
    for type_name, actions in permissions.items():
        parts = type_name.split("::")
        if len(parts) == 3 and parts[0] == "AWS":
            for prefix in set(a.split(":", 1)[0] for a in actions):
                prefixes[parts[1]][prefix] += 1
    service_prefixes = {}
    for namespace, counter in sorted(prefixes.items()):
        # most types win; on a tie the prefix that looks like the namespace, then alphabetical
        service_prefixes[namespace] = sorted(
            counter, key=lambda p, n=namespace: (-counter[p], p != n.lower(), p))[0]
    schema_date = json.loads((directory / "version.json").read_text(encoding="utf-8")).get("schema_date", "")
    return dict(permissions=permissions, ignored=ignored, no_permissions=sorted(no_permissions),
                service_prefixes=service_prefixes, schema_date=schema_date)


def encode_actions(actions):
    """``prefix:A,B prefix2:C`` (actions grouped by service prefix, in sorted order)."""
    groups = collections.OrderedDict()
    for action in actions:
        prefix, name = action.split(":", 1)
        groups.setdefault(prefix, []).append(name)
    return " ".join("{0}:{1}".format(p, ",".join(names)) for p, names in groups.items())


def _string_literal(value, indent, lead):
    """A str literal, split into adjacent literals on several lines when long (pep8: 160 columns)."""
    if lead + len(json.dumps(value)) + 1 <= LINE_LIMIT:
        return json.dumps(value)
    pieces, current = [], ""
    for token in re.split(r"(?<=[, ])", value):
        if current and len(current) + len(token) > LINE_LIMIT - indent - 8:
            pieces.append(current)
            current = ""
        current += token
    pieces.append(current)
    pad = " " * (indent + 4)
    return "(\n" + "\n".join(pad + json.dumps(p) for p in pieces) + "\n" + " " * indent + ")"


HEADER = '''# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# GENERATED by scripts/generate_cfn_permissions.py from {source} {version} - do not edit by hand.
"""IAM actions of each CloudFormation resource type's handlers (create, read, update, delete, list).

Copied from the resource provider schemas bundled in {source} {version} (schemas dated {date}).
Read through cfn_permissions.py; regenerate with scripts/generate_cfn_permissions.py.
"""

from __future__ import annotations

SOURCE = "{source}"
SOURCE_VERSION = "{version}"
SCHEMA_DATE = "{date}"
'''


def render(data, version):
    out = [HEADER.format(source=SOURCE_PACKAGE, version=version, date=data["schema_date"])]
    out.append("# Resource type -> its handlers' permissions: \"prefix:Action,Action prefix2:Action\".")
    out.append("PERMISSIONS = {")
    for type_name, actions in sorted(data["permissions"].items()):
        key = "    {0}: ".format(json.dumps(type_name))
        out.append(key + _string_literal(encode_actions(actions), 4, len(key)) + ",")
    out.append("}")
    out.append("")
    out.append("# Types whose schema lists no handler permissions (older types CloudFormation manages itself).")
    out.append("NO_PERMISSIONS = frozenset([")
    for type_name in data["no_permissions"]:
        out.append("    {0},".format(json.dumps(type_name)))
    out.append("])")
    out.append("")
    out.append("# Entries of a schema's permissions that are not IAM actions; left out.")
    out.append("IGNORED = {")
    for type_name, bad in sorted(data["ignored"].items()):
        out.append("    {0}: {1},".format(json.dumps(type_name), json.dumps(bad)))
    out.append("}")
    out.append("")
    out.append("# CloudFormation service namespace -> the IAM prefix most of its types use.")
    out.append("SERVICE_PREFIXES = {")
    for namespace, prefix in sorted(data["service_prefixes"].items()):
        out.append("    {0}: {1},".format(json.dumps(namespace), json.dumps(prefix)))
    out.append("}")
    return "\n".join(out) + "\n"


def generate():
    return render(build(schema_dir()), package_version())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the data module is out of date")
    parser.add_argument("--output", default=str(OUTPUT), help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    text = generate()
    output = Path(args.output)
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print("{0} is out of date: run scripts/generate_cfn_permissions.py".format(output))
            return 1
        print("{0} matches {1} {2}".format(output, SOURCE_PACKAGE, package_version()))
        return 0
    output.write_text(text, encoding="utf-8")
    print("wrote {0} ({1} bytes) from {2} {3}".format(output, len(text.encode("utf-8")), SOURCE_PACKAGE,
                                                      package_version()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
