"""`make test-molecule`: run every Molecule scenario under tests/integration/molecule/, one after another.

    .venv/bin/python scripts/molecule_all.py                          # all scenarios
    SCENARIOS="proton_roles_scoped other" .venv/bin/python scripts/molecule_all.py   # a subset

Each scenario runs as `molecule test -s NAME` from the repository root (where galaxy.yml puts molecule in
collection mode) with MOLECULE_GLOB pointing at tests/integration/molecule/*/molecule.yml, and with:
- ANSIBLE_COLLECTIONS_PATH = build/collections, which holds this checkout as awsops.proton through a symlink,
  so nothing is installed (scenarios set `prerun: false`);
- a free loopback port and a state directory for the scenario's local AWS emulator (EMULATOR_PORT,
  EMULATOR_STATE_DIR); the emulator is stopped after the scenario whatever happened;
- no AWS_* or ANSIBLE_* variables of the caller (a scenario never reaches a real account).
The last line is "N passed" (scenarios), followed by the failed ones if any; the exit status is non-zero
when a scenario failed.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_ROOT = ROOT / "tests" / "integration" / "molecule"
MOLECULE_GLOB = "tests/integration/molecule/*/molecule.yml"
COLLECTIONS = ROOT / "build" / "collections"
STATE_ROOT = ROOT / "build" / "molecule"
BIN = Path(sys.executable).parent


def all_scenarios():
    return sorted(path.parent.name for path in SCENARIO_ROOT.glob("*/molecule.yml"))


def selected_scenarios():
    known = all_scenarios()
    wanted = [name for name in re.split(r"[\s,]+", os.environ.get("SCENARIOS", "")) if name]
    if not wanted:
        return known
    unknown = [name for name in wanted if name not in known]
    if unknown:
        sys.exit("molecule_all: unknown scenario(s) {0}; known: {1}".format(", ".join(unknown), ", ".join(known)))
    return wanted


def ensure_collections_link():
    """build/collections/ansible_collections/awsops/proton -> this checkout (as `make collections-link`)."""
    link = COLLECTIONS / "ansible_collections" / "awsops" / "proton"
    if link.is_symlink() and link.resolve() == ROOT:
        return
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink():
        link.unlink()
    elif link.exists():
        sys.exit("molecule_all: {0} exists and is not a symlink to {1}".format(link, ROOT))
    link.symlink_to(ROOT)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_environment():
    env = dict((key, value) for key, value in os.environ.items() if not key.startswith(("AWS_", "ANSIBLE_")))
    env.update({
        "PATH": os.pathsep.join([str(BIN), env.get("PATH", "")]),
        "MOLECULE_GLOB": MOLECULE_GLOB,
        "ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS),
        "ANSIBLE_HOME": str(STATE_ROOT / "ansible-home"),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_LINT_SKIP_VERSION_CHECK": "1",
        "PY_COLORS": "0",
        "NO_COLOR": "1",
    })
    return env


def stop_emulator(state_dir, env):
    """The scenario's cleanup stops it; this is the safety net for a run that died before cleanup."""
    if not (state_dir / "pid").exists():
        return
    subprocess.run([sys.executable, "-m", "proton_emulator.ctl", "stop", "--state-dir", str(state_dir)],
                   cwd=str(ROOT), env=dict(env, PYTHONPATH=str(ROOT / "tests" / "emulator")), check=False)


def run_scenario(name, env):
    state_dir = STATE_ROOT / name
    state_dir.mkdir(parents=True, exist_ok=True)
    scenario_env = dict(env, EMULATOR_PORT=str(free_port()), EMULATOR_STATE_DIR=str(state_dir))
    print("\n=== molecule test -s {0}".format(name), flush=True)
    started = time.monotonic()
    try:
        proc = subprocess.run([str(BIN / "molecule"), "test", "-s", name], cwd=str(ROOT), env=scenario_env,
                              check=False)
    finally:
        stop_emulator(state_dir, scenario_env)
    seconds = time.monotonic() - started
    print("=== {0}: {1} in {2:.0f}s".format(name, "passed" if proc.returncode == 0 else
                                            "FAILED (exit {0})".format(proc.returncode), seconds), flush=True)
    return proc.returncode == 0


def main():
    scenarios = selected_scenarios()
    if not scenarios:
        sys.exit("molecule_all: no scenario found ({0})".format(MOLECULE_GLOB))
    ensure_collections_link()
    env = base_environment()
    failed = [name for name in scenarios if not run_scenario(name, env)]
    passed = len(scenarios) - len(failed)
    if failed:
        print("molecule: failed: {0}".format(", ".join(failed)))
    print("{0} passed".format(passed) + (", {0} failed".format(len(failed)) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
