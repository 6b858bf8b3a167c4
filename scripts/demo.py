"""`make demo`: the whole setup against the local AWS emulator, twice.

Starts the emulator on a free loopback port, runs playbooks/setup.yml with dummy
credentials pointed at it, runs it again to show that nothing changes (changed=0),
prints a short summary and stops the emulator - also when something fails.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "emulator"))

from proton_emulator.testing import start_emulator  # noqa: E402

RECAP = re.compile(r"^localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def playbook_env(url, home):
    env = dict(os.environ)
    env.update({
        "AWS_ENDPOINT_URL": url,
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(home / "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "aws-credentials"),
        "ANSIBLE_COLLECTIONS_PATH": str(ROOT / "build" / "collections"),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
    })
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        env.pop(key, None)
    return env


def run_setup(env, label, extra_args):
    print("\n=== {0}: ansible-playbook playbooks/setup.yml {1}".format(label, " ".join(extra_args)), flush=True)
    proc = subprocess.run([str(Path(sys.executable).parent / "ansible-playbook"), "playbooks/setup.yml"]
                          + extra_args, cwd=str(ROOT), env=env, capture_output=True, text=True, check=False)
    print(proc.stdout[-12000:], proc.stderr[-4000:], sep="\n", flush=True)
    match = RECAP.search(proc.stdout)
    if proc.returncode != 0 or not match:
        sys.exit("demo: {0} failed (exit {1})".format(label, proc.returncode))
    return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, match.groups())))


def main():
    with tempfile.TemporaryDirectory(prefix="awsops-proton-demo-") as tmp:
        home = Path(tmp)
        extra_args = ["-e", "@playbooks/vars/example.yml",
                      "-e", "admin_user_cli_config_file={0}".format(home / "aws-config")]
        with start_emulator(log_path=str(home / "emulator.log")) as emulator:
            print("demo: local AWS emulator at {0}".format(emulator.url), flush=True)
            env = playbook_env(emulator.url, home)
            first = run_setup(env, "first run", extra_args)
            second = run_setup(env, "second run", extra_args)
            calls = emulator.calls()
        print("\n=== demo summary")
        print("first run : ok={ok} changed={changed} failed={failed}".format(**first))
        print("second run: ok={ok} changed={changed} failed={failed}".format(**second))
        print("AWS API calls made: {0}".format(len(calls)))
        if second["changed"] != 0:
            sys.exit("demo: the second run changed {0} task(s); it must change nothing".format(second["changed"]))
        print("demo: OK - the second run changed nothing (changed=0)")


if __name__ == "__main__":
    main()
