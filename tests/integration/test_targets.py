"""Each tests/integration/targets/<name>/playbook.yml is one integration test.

A target exercises one module against the emulator the way community.crypto's
tests do: check mode, real run, idempotence in check mode, idempotence (with the
emulator's call log proving zero write calls), updates, diff, absent, bad input.
"""

from pathlib import Path

import pytest

from conftest import run_playbook

TARGETS = Path(__file__).parent / "targets"


def _targets():
    return sorted(p.name for p in TARGETS.iterdir() if (p / "playbook.yml").is_file())


def test_targets_exist():
    assert _targets(), "no integration targets found under {0}".format(TARGETS)


@pytest.mark.parametrize("target", _targets())
def test_target(target, ansible_env):
    run_playbook(ansible_env, TARGETS / target / "playbook.yml")
