# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run one of the collection's playbooks as a user runs it, and report what it did (tests only).

    python playbook_run.py run LABEL [--history FILE] -- setup.yml ARG...
    python playbook_run.py clean

`run` runs `ansible-playbook playbooks/PLAYBOOK ARG...` from the repository root (MOLECULE_PROJECT_DIRECTORY), saves
its output (stdout, then stderr) as EMULATOR_STATE_DIR/LABEL.log, and prints one JSON object:
  rc, seconds, output, recap (localhost's ok, changed, failed, ... as numbers), changed (every changed result, as
  "TASK" or "TASK | ITEM"), diffs (the --diff text of each changed result that showed one), warnings (each
  [WARNING]'s text), start (the call log's length before the run), calls (the emulator's call log entries of the
  run) and writes ("service:Operation" of its successful write calls, as proton_emulator.testing.is_write says).
With --history, a line with the run's label, recap, changes and writes is added to FILE (JSON lines).
`clean` forgets an earlier run of the scenario: the logs and converge history in EMULATOR_STATE_DIR (not the
emulator's server.log) and the AWS files (*aws-*) in MOLECULE_EPHEMERAL_DIRECTORY.
One process does all of it, so that each run costs the scenario one module call.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

TASK = re.compile(r"^TASK \[(?P<name>.*)\] \**$")
CHANGED = re.compile(r"^changed: \[[^\]]+\](?: => \(item=(?P<item>.*?)\)(?= =>|\s*$))?")
WARNING = re.compile(r"^\[WARNING\]: (?P<text>.*)$")
RECAP = re.compile(r"^localhost\s*:\s*(?P<fields>ok=.*)$", re.M)


def parse(text):
    """The changed results, their diffs and the warnings of an ansible-playbook output (default callback).

    A result may show several diffs (a module that manages several resources names each in its headers,
    ``--- before: NAME``): they are kept together under the task's key, and each also under
    ``"KEY | NAME"``, with the headers' names left out of its first two lines.
    """
    changed, diffs, warnings = [], {}, []
    task, chunks = None, None
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = TASK.match(line)
        if match:
            task, chunks = match.group("name"), None
            continue
        if line.startswith("--- before"):
            chunks = (chunks or []) + [(line[len("--- before: "):] if line.startswith("--- before: ") else None,
                                        ["--- before"])]
            continue
        match = CHANGED.match(line)
        if match and task is not None:
            key = task if match.group("item") is None else "{0} | {1}".format(task, match.group("item"))
            changed.append(key)
            if chunks:
                shown = [(header, "\n".join(chunk).rstrip("\n")) for header, chunk in chunks]
                diffs[key] = "\n".join(diff for _header, diff in shown)
                for header, diff in shown:
                    if header:
                        diffs["{0} | {1}".format(key, header)] = diff
            chunks = None
            continue
        if line.startswith(("ok: ", "skipping: ", "failed: ", "fatal: ")):
            chunks = None
        if chunks is not None:
            chunk = chunks[-1][1]
            chunk.append("+++ after" if line.startswith("+++ after") and len(chunk) == 1 else line)
        match = WARNING.match(line)
        if match:
            parts = [match.group("text")]
            for more in lines[index + 1:]:
                if not more.startswith(" ") or not more.strip():
                    break
                parts.append(more.strip())
            warnings.append(" ".join(parts))
    recap = RECAP.search(text)
    fields = recap.group("fields").split() if recap else []
    return dict(changed=changed, diffs=diffs, warnings=warnings,
                recap=dict((key, int(value)) for key, value in (field.split("=", 1) for field in fields)))


def call_log():
    with urllib.request.urlopen(os.environ["EMULATOR_URL"].rstrip("/") + "/_emulator/calls", timeout=30) as response:
        return json.loads(response.read())


def run(label, history, playbook, args):
    root = os.environ["MOLECULE_PROJECT_DIRECTORY"]
    sys.path.insert(0, os.path.join(root, "tests", "emulator"))
    from proton_emulator.testing import is_write

    start = len(call_log())
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), os.path.join("playbooks", playbook)]
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    began = time.monotonic()
    proc = subprocess.run(command + args, cwd=root, env=env, capture_output=True, text=True, check=False)
    seconds = round(time.monotonic() - began, 1)
    output = proc.stdout + "\n" + proc.stderr
    with open(os.path.join(os.environ["EMULATOR_STATE_DIR"], label + ".log"), "w", encoding="utf-8") as f:
        os.chmod(f.name, 0o600)
        f.write(output)
    calls = call_log()[start:]
    result = dict(parse(output), rc=proc.returncode, seconds=seconds, output=output, start=start, calls=calls,
                  writes=["{0}:{1}".format(c["service"], c["operation"]) for c in calls
                          if c["operation"] and is_write(c["operation"]) and c.get("status", 200) < 400])
    if history:
        record = dict((key, result[key]) for key in ("rc", "seconds", "recap", "changed", "writes"))
        with open(history, "a", encoding="utf-8") as f:
            f.write(json.dumps(dict(record, label=label, calls=len(calls))) + "\n")
    print(json.dumps(result))


def clean():
    state_dir, ephemeral_dir = os.environ["EMULATOR_STATE_DIR"], os.environ["MOLECULE_EPHEMERAL_DIRECTORY"]
    paths = [p for p in glob.glob(os.path.join(state_dir, "*.log")) if os.path.basename(p) != "server.log"]
    paths += glob.glob(os.path.join(state_dir, "*.jsonl")) + glob.glob(os.path.join(ephemeral_dir, "*aws-*"))
    for path in paths:
        os.unlink(path)
    print(json.dumps(dict(removed=sorted(paths))))


def main(argv):
    if argv[:1] == ["clean"]:
        return clean()
    if len(argv) < 4 or argv[0] != "run" or "--" not in argv:
        sys.exit(__doc__)
    split = argv.index("--")
    options, rest = argv[2:split], argv[split + 1:]
    history = options[options.index("--history") + 1] if "--history" in options else None
    return run(argv[1], history, rest[0], rest[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
