"""Start the emulator from tests and talk to its control API (stdlib only: no moto import here).

    from proton_emulator.testing import start_emulator, write_calls

    with start_emulator(log_path="requests.log") as emulator:
        # point boto3 / ansible at emulator.url (AWS_ENDPOINT_URL)
        emulator.reset()
        emulator.set_faults(throttle_rate=0.3, seed=7)
        assert not write_calls(emulator.calls())
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

EMULATOR_PATH = str(Path(__file__).resolve().parent.parent)

# Operations that read, or only hand out credentials or reports (AssumeRole*, Generate*Report...):
# they change no AWS resource. Everything else is a write.
READ_OPERATION = re.compile(r"(Get|List|Describe|Search|Simulate|Is|AssumeRole|Generate)(?=[A-Z]|$)")


def is_write(operation):
    """Whether an operation can change AWS resources (anything but a READ_OPERATION)."""
    return not READ_OPERATION.match(operation)


def write_calls(calls):
    """The entries of a call log whose operation is a write."""
    return [call for call in calls if call["operation"] and is_write(call["operation"])]


class Emulator:
    """A running emulator process and a client of its control API."""

    def __init__(self, process, url, output_path):
        self.process = process
        self.url = url
        self._output_path = output_path
        self._final_output = None

    def calls(self):
        return self._control("GET", "calls")

    def user_agents(self):
        """The User-Agent header of each call of ``calls()``, in the same order."""
        return self._control("GET", "user-agents")

    def reset(self):
        self._control("POST", "reset")

    def faults(self):
        return self._control("GET", "faults")

    def set_faults(self, **settings):
        return self._control("POST", "faults", settings)

    def stop(self, timeout=10):
        """SIGTERM, wait, and return the exit status (SIGKILL if it does not stop in time)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._final_output is None:
            self._final_output = _read(self._output_path)
            os.unlink(self._output_path)
        return self.process.returncode

    def output(self):
        """What the process wrote to stdout and stderr (so far, or until it stopped)."""
        return self._final_output if self._final_output is not None else _read(self._output_path)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _control(self, method, name, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request("%s/_emulator/%s" % (self.url, name), data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


def start_emulator(log_path=None, env=None, timeout=10):
    """Start `python -m proton_emulator --port 0`; return an Emulator once it is LISTENING.

    stdout and stderr go to a temporary file (Emulator.output()), never to a pipe; `env` adds to
    os.environ (e.g. {"EMULATOR_THROTTLE_RATE": "0.2"}).
    """
    handle, output_path = tempfile.mkstemp(prefix="proton-emulator-", suffix=".out")
    command = [sys.executable, "-m", "proton_emulator", "--host", "127.0.0.1", "--port", "0"]
    if log_path:
        command += ["--log", str(log_path)]
    with os.fdopen(handle, "ab") as output:
        process = subprocess.Popen(command, stdout=output, stderr=output, stdin=subprocess.DEVNULL,
                                   env=_environment(env))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        url = _listening_url(_read(output_path))
        if url:
            return Emulator(process, url, output_path)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    process.wait()
    text = _read(output_path)
    os.unlink(output_path)
    raise RuntimeError("the emulator did not start within %ss (exit %s):\n%s" % (timeout, process.returncode, text))


def _environment(extra):
    environ = dict(os.environ)
    environ.update(extra or {})
    paths = [EMULATOR_PATH] + [p for p in environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    environ["PYTHONPATH"] = os.pathsep.join(paths)
    return environ


def _read(path):
    with open(path, "rb") as output:
        return output.read().decode(errors="replace")


def _listening_url(text):
    for line in text.splitlines():
        if line.startswith("LISTENING "):
            return line.split()[1]
    return None
