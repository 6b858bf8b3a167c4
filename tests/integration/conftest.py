"""Integration tests: real ansible-playbook, real botocore, against the local AWS emulator.

One emulator serves the whole session; its state and call log are reset before each test.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from proton_emulator.testing import start_emulator  # noqa: E402


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    log = tmp_path_factory.mktemp("emulator") / "requests.log"
    with start_emulator(log_path=str(log)) as emu:
        yield emu


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    """A collections tree holding this checkout as awsops.proton (ansible needs that path)."""
    root = tmp_path_factory.mktemp("collections")
    target = root / "ansible_collections" / "awsops"
    target.mkdir(parents=True)
    (target / "proton").symlink_to(REPO)
    return root


@pytest.fixture
def ansible_env(emulator, collections_path, tmp_path):
    """Environment for ansible-playbook: the emulator as AWS, dummy credentials, nothing from $HOME."""
    emulator.reset()
    env = dict(os.environ)
    for key in list(env):
        if key.startswith(("AWS_", "ANSIBLE_")):
            del env[key]
    env.update({
        "AWS_ENDPOINT_URL": emulator.url,
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "aws-credentials"),
        "AWS_MAX_ATTEMPTS": "3",
        "EMULATOR_URL": emulator.url,
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_LIBRARY": str(REPO / "tests" / "integration" / "library"),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_HOME": str(tmp_path / "ansible-home"),
        "HOME": str(tmp_path),
    })
    return env


def run_command(command, cwd, env, timeout=900):
    """Run a command (its parts may be paths); on a non-zero exit the test fails showing the output."""
    proc = subprocess.run([str(part) for part in command], env=env, cwd=str(cwd), capture_output=True, text=True,
                          timeout=timeout, check=False)
    if proc.returncode != 0:
        pytest.fail("{0} exited {1}\n--- stdout ---\n{2}\n--- stderr ---\n{3}".format(
            " ".join(map(str, command)), proc.returncode, proc.stdout[-10000:], proc.stderr[-5000:]))
    return proc


def run_playbook(env, playbook, *args, check=True):
    """Run ansible-playbook; on failure the test fails showing the output."""
    command = [str(Path(sys.executable).parent / "ansible-playbook"), str(playbook), *args]
    proc = subprocess.run(command, env=env, cwd=str(REPO), capture_output=True, text=True, timeout=900, check=False)
    if check and proc.returncode != 0:
        pytest.fail("ansible-playbook {0} exited {1}\n--- stdout ---\n{2}\n--- stderr ---\n{3}".format(
            playbook, proc.returncode, proc.stdout[-20000:], proc.stderr[-5000:]))
    return proc
