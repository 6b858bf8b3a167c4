"""Start and stop a detached emulator for the Makefile (`make emulator-start` / `emulator-stop`).

    python -m proton_emulator.ctl start --state-dir DIR [--port 0]   # prints the URL
    python -m proton_emulator.ctl stop --state-dir DIR

`start` runs the server in its own session (setsid) with stdout, stderr and the request log in
DIR/server.log, writes DIR/url and DIR/pid once it is LISTENING, and does nothing but print the URL
if that server is still running. `stop` sends SIGTERM, waits, and is not an error if it is gone.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .testing import EMULATOR_PATH

START_TIMEOUT = 10
STOP_TIMEOUT = 10


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m proton_emulator.ctl")
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("--state-dir", required=True, type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    return start(args.state_dir, args.port) if args.action == "start" else stop(args.state_dir)


def start(state_dir, port):
    state_dir.mkdir(parents=True, exist_ok=True)
    if _running_pid(state_dir):
        print((state_dir / "url").read_text().strip())
        return 0
    log = state_dir / "server.log"
    environ = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (EMULATOR_PATH, os.environ.get("PYTHONPATH")))))
    command = [sys.executable, "-m", "proton_emulator", "--port", str(port), "--log", str(log)]
    with open(log, "ab") as output:
        offset = output.tell()
        process = subprocess.Popen(command, stdout=output, stderr=output, stdin=subprocess.DEVNULL,
                                   env=environ, start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        url = _listening_url(log, offset)
        if url:
            (state_dir / "pid").write_text("%d\n" % process.pid)
            (state_dir / "url").write_text(url + "\n")
            print(url)
            return 0
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    sys.stderr.write("the emulator did not start; see %s\n" % log)
    return 1


def stop(state_dir):
    pid = _running_pid(state_dir)
    if pid:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    for name in ("pid", "url"):
        (state_dir / name).unlink(missing_ok=True)
    return 0


def _running_pid(state_dir):
    """The pid in DIR/pid if that process is alive and is an emulator (pids get reused)."""
    try:
        pid = int((state_dir / "pid").read_text())
    except (OSError, ValueError):
        return None
    command = subprocess.run(["ps", "-p", str(pid), "-o", "command="], capture_output=True, text=True)
    return pid if "proton_emulator" in command.stdout else None


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but not ours to signal
        pass
    return True


def _listening_url(log, offset):
    with open(log, "rb") as output:
        output.seek(offset)
        for line in output.read().decode(errors="replace").splitlines():
            if line.startswith("LISTENING "):
                return line.split()[1]
    return None


if __name__ == "__main__":
    sys.exit(main())
