# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared unit-test fixtures: a fake clock for retry and wait code; the pinned schema package of the template_policy
tests, read without the collection's code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "proton_templates"
_ACTION = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$")


class FakeClock:
    """Time that moves only when the code under test sleeps."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock():
    """A FakeClock: pass ``clock.sleep`` and ``clock.clock`` to the code under test, read ``clock.sleeps``."""
    return FakeClock()


class SchemaPermissions:
    """Handler permissions per resource type, straight from cfn-lint's bundled provider schemas.

    An independent reading of the source package (not the generated data, not cfn_permissions.py),
    so the tests can check that what the module derives is exactly the union of the schemas'
    handler permissions: each region's provider list maps a type to a schema file; a type's
    permissions are those of its create, read, update, delete and list handlers; entries not shaped like
    IAM actions are dropped. ``union`` then turns them into IAM actions with the collection's IAM action
    table and alias table (the schemas are what is read independently here).
    """

    def __init__(self):
        try:
            import cfnlint.data.schemas as cfnlint_schemas  # pylint: disable=import-outside-toplevel
        except ImportError:
            pytest.fail("cfn-lint, the source of the resource provider schemas, is not installed: "
                        "pip install -r requirements-test.txt (it pins the version the data was generated from)")
        self.root = Path(list(cfnlint_schemas.__path__)[0])
        self.files = {}
        for provider in (self.root / "providers").glob("*.json"):
            if provider.name != "sam.json":
                for type_name, digest in json.loads(provider.read_text()).items():
                    self.files.setdefault(type_name, set()).add(digest)

    def raw(self, type_name):
        permissions = set()
        for digest in self.files[type_name]:
            schema = json.loads((self.root / "resources" / (digest + ".json")).read_text())
            for handler in (schema.get("handlers") or {}).values():
                permissions.update(handler.get("permissions") or [])
        return permissions

    def actions(self, type_name):
        by_key = {}
        for permission in self.raw(type_name):
            if _ACTION.match(permission):
                prefix, name = permission.split(":", 1)
                action = prefix.lower() + ":" + name
                by_key[action.lower()] = min(by_key.get(action.lower(), action), action)
        return set(by_key.values())

    def union(self, type_names, extra=()):
        """The types' actions and ``extra`` as IAM actions: in IAM's spelling (one per action, whatever the
        schemas' case), the schema names that are no IAM action mapped by the curated alias table or dropped."""
        from ansible_collections.awsops.proton.plugins.module_utils._templates import permission_names
        names = sorted(set([a for t in type_names for a in self.actions(t)] + list(extra)))
        return set(permission_names.to_iam_actions(names)[0])


@pytest.fixture(scope="session")
def schema_permissions():
    return SchemaPermissions()


@pytest.fixture(scope="session")
def fixtures_dir():
    return FIXTURES
