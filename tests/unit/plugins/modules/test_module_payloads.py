# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a module process carries: AnsiballZ packs every collection module_utils file a module imports, anywhere in
the file (function-level imports too), and ast-parses, zips and ships each one on every run. proton_roles's action
plugin reads the templates and plans the roles on the controller, so the template reader and its CloudFormation data
(~500 KB), the planner and the IAM action table (~380 KB) stay there; the module converges the plan
(docs/bench.md)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
PREFIX = "ansible_collections.awsops.proton.plugins."
CONTROLLER_ONLY = ("module_utils._templates.derive", "module_utils._templates.reader", "module_utils._templates.sam",
                   "module_utils._templates.resource_actions", "module_utils._templates.cfn_permissions",
                   "module_utils._templates._cfn_handler_permissions", "module_utils._templates.permission_names",
                   "module_utils._proton.role_templates")
# What proton_roles's module leaves to its action plugin: the planner, the documents it builds, the IAM action data.
PLANNER = ("module_utils._proton.role_set", "module_utils._proton.role_policies", "module_utils._iam.actions",
           "module_utils._iam._action_data", "module_utils._iam.scoping", "module_utils._templates.policy_documents",
           "module_utils._templates.cloudformation")


def imported(path):
    """The collection modules ``path`` imports, as AnsiballZ's finder sees them (every import statement)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
            found.add(node.module[len(PREFIX):])
            found.update("{0}.{1}".format(node.module[len(PREFIX):], alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name[len(PREFIX):] for alias in node.names if alias.name.startswith(PREFIX))
    return found


def closure(module):
    """Every collection file the module's payload holds: ``{dotted name: size}``."""
    seen, todo = {}, ["modules." + module]
    while todo:
        name = todo.pop()
        path = ROOT / "plugins" / Path(*name.split("."))
        path = path.with_suffix(".py")
        if name in seen or not path.is_file():
            continue
        seen[name] = path.stat().st_size
        todo.extend(imported(path))
    return seen


def test_the_finder_sees_function_level_imports(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from {0}module_utils._templates import derive\n".format(PREFIX))
    assert "module_utils._templates.derive" in imported(source)


def test_proton_roles_payload_carries_the_converge_only():
    payload = closure("proton_roles")
    assert "module_utils._proton.role_converge" in payload and "module_utils._iam.roles" in payload
    assert [name for name in CONTROLLER_ONLY + PLANNER if name in payload] == []
    assert sum(payload.values()) < 160 * 1024, payload


def test_proton_role_policy_payload_leaves_the_templates_on_the_controller():
    # Its action plugin computes on the controller; the module (for ansible-doc and a run without the action
    # plugin) plans, without the template reader.
    payload = closure("proton_role_policy")
    assert "module_utils._proton.role_set" in payload and "module_utils._templates.policy_documents" in payload
    assert [name for name in CONTROLLER_ONLY if name in payload] == []
    assert sum(payload.values()) < 600 * 1024, payload
