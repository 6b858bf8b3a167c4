"""`make bench`: what playbooks/setup.yml costs against the local AWS emulator, next to what ansible itself costs.

    .venv/bin/python scripts/bench.py                           # everything; JSON in build/bench/results.json
    .venv/bin/python scripts/bench.py --runs 1 --growth 1,3 --micro-runs 1   # a quick look
    .venv/bin/python scripts/bench.py --scenario roles --runs 5              # only the comparison with amazon.aws
    .venv/bin/python scripts/bench.py --scenario organization                # organization.yml at 1..100 accounts

Measured (docs/bench.md explains how to read it):
- setup.yml from nothing (fresh converge) and again (no-op rerun), --runs times each after a warm-up run:
  wall time, ansible's CPU time, tasks, module runs, AWS API calls by service and operation, write calls;
  the same per role, from a callback plugin that timestamps every task and reads the emulator's call count
  at each task start (so the per-role figures come from the same runs: no --tags runs);
- the floor: a playbook of the rerun's shape (the same tasks, loop items and skips) in which every module
  task is ansible.builtin.ping and every controller-side task (set_fact, debug, include, argument
  validation) is set_fact - what ansible itself costs on this machine for that many tasks;
- what a module process pays before its first API call: python, AnsibleModule, boto3, a client;
- growth: N sets of environment roles in one playbook (include_role N times, other role names each time):
  one fresh run and one rerun of max(--growth) sets; each smaller N is read off the first N sets of those
  runs (plus everything outside the sets);
- where the CPU goes: module processes (each runs under GNU time, through a wrapper interpreter), the
  rest of ansible, the emulator;
- memory: the peak of the summed RSS of the ansible-playbook process tree, sampled from /proc, and the
  largest single process's peak RSS (wait4's ru_maxrss).
- roles only (--scenario roles, run first): tests/bench/our_roles.yml (environment_roles and pipeline_roles,
  4 IAM roles) next to tests/bench/peer_roles.yml, the same roles written with amazon.aws's modules; each side
  on its own emulator, one fresh converge each (then the roles of both are compared), then --runs no-op reruns
  alternating ours and the peer. Both sides run with build/bench/peer-venv (the `ansible` 14.x package: one
  ansible-core and amazon.aws, made here when missing) and are measured the same way as setup.yml.

The reruns, the floor and the fresh runs are interleaved (rerun, floor, fresh, rerun, floor, fresh, ...)
so that a change in the machine's load hits them alike; each rerun is compared with the floor run right
after it. Every run records the load and the CPU other processes used meanwhile. --budget keeps the whole
under 10 minutes on a busy machine: rounds beyond the third, and growth sets, are left out when they would
not fit (the table says so).
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "emulator"))

from proton_emulator.testing import is_write, start_emulator  # noqa: E402

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
GNU_TIME = "/usr/bin/time"
DEFAULT_OUTPUT = ROOT / "build" / "bench" / "results.json"
SETUP_VARS = ["-e", "@playbooks/vars/example.yml"]
GROWTH_SERVICES = ["ec2", "ecs", "elasticloadbalancing", "logs", "iam"]
# The roles-only comparison with amazon.aws (--scenario roles): both sides run with the ansible-playbook and
# the module python of one venv holding the `ansible` package (ansible-core and amazon.aws), so that the
# ansible-core is the same for both.
PEER_BASE_PYTHON = "/root/.pyenv/versions/3.12.1/bin/python3.12"
PEER_VENV = ROOT / "build" / "bench" / "peer-venv"
PEER_REQUIREMENTS = ["ansible>=14,<15", "boto3", "botocore"]
# What `make collections-link` makes: ours is found there, ahead of the collections the `ansible` package bundles.
COLLECTIONS_LINK = ROOT / "build" / "collections"
OUR_ROLES_PLAYBOOK = ROOT / "tests" / "bench" / "our_roles.yml"
PEER_ROLES_PLAYBOOK = ROOT / "tests" / "bench" / "peer_roles.yml"
PEER_ROLES_VARS = ROOT / "tests" / "bench" / "peer_roles_vars.yml"
DUMMY_CREDENTIALS = dict(aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                         aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region_name="us-east-1")
# Actions that run inside ansible-playbook itself (no module process).
CONTROLLER_ACTIONS = {"debug", "set_fact", "fail", "assert", "include_tasks", "import_tasks", "include_role",
                      "import_role", "validate_argument_spec", "meta", "include_vars", "set_stats", "add_host",
                      "group_by", "pause", "noop"}

# Written to <tmp>/callback/bench_trace.py and enabled for every run.
TRACE_CALLBACK = r'''
from __future__ import annotations

import json
import os
import time
import urllib.request

from ansible.plugins.callback import CallbackBase

CONTROLLER_ACTIONS = None
COMPUTE_ACTIONS = {"validate_inputs", "account_report", "template_policy", "proton_role_policy"}

DOCUMENTATION = """
name: bench_trace
type: aggregate
short_description: scripts/bench.py - time every task and count the emulator calls made during it
description: Writes a JSON trace to BENCH_TRACE_FILE when the playbook ends.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_trace"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.path = os.environ.get("BENCH_TRACE_FILE")
        self.url = os.environ.get("BENCH_EMULATOR_URL")
        self.started = time.time()
        self.tasks = []
        # Per host: [first seen, last seen, module results] (the Organization scenario's per-account figures).
        self.hosts = {}

    def _seen(self, host, module=False):
        now = time.time()
        entry = self.hosts.setdefault(host, [now, now, 0])
        entry[1] = now
        if module:
            entry[2] += 1

    def v2_runner_on_start(self, host, task):
        self._seen(host.get_name())

    def _calls(self):
        if not self.url:
            return 0
        with urllib.request.urlopen(self.url + "/_emulator/calls", timeout=60) as response:
            return len(json.loads(response.read()))

    def v2_playbook_on_task_start(self, task, is_conditional):
        role = task._role.get_name() if task._role else None
        self.tasks.append(dict(name=task.get_name(), action=task.action, role=role, start=time.time(),
                               calls=self._calls(), results=dict(ok=0, changed=0, skipped=0, failed=0),
                               items=dict(ok=0, changed=0, skipped=0, failed=0)))

    v2_playbook_on_handler_task_start = v2_playbook_on_task_start

    def _count(self, kind, result, status):
        action = (result._task.action or "").rsplit(".", 1)[-1]
        # awsops.proton's compute-only actions (and proton_roles planning) run in ansible-playbook too.
        in_controller = action in CONTROLLER_ACTIONS or action in COMPUTE_ACTIONS or (
            action == "proton_roles" and result._task.args.get("plan_only"))
        self._seen(result._host.get_name(), module=status != "skipped" and not in_controller)
        if self.tasks:
            if status == "ok" and result._result.get("changed"):
                status = "changed"
            self.tasks[-1][kind][status] += 1

    def v2_runner_on_ok(self, result):
        self._count("results", result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._count("results", result, "failed")

    def v2_runner_on_skipped(self, result):
        self._count("results", result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._count("results", result, "failed")

    def v2_runner_item_on_ok(self, result):
        self._count("items", result, "ok")

    def v2_runner_item_on_failed(self, result):
        self._count("items", result, "failed")

    def v2_runner_item_on_skipped(self, result):
        self._count("items", result, "skipped")

    def v2_playbook_on_stats(self, stats):
        if self.path:
            with open(self.path, "w") as handle:
                json.dump(dict(started=self.started, ended=time.time(), calls=self._calls(), tasks=self.tasks,
                               hosts=self.hosts), handle)
'''.replace("CONTROLLER_ACTIONS = None", "CONTROLLER_ACTIONS = {0!r}".format(sorted(CONTROLLER_ACTIONS)))


# ----------------------------------------------------------------------------- the machine


def machine_facts():
    return dict(nproc=os.cpu_count(), cpu_model=cpu_model(), platform=platform.platform(),
                python=platform.python_version(), load_at_start=os.getloadavg())


def cpu_model():
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_times():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as handle:
        fields = [int(value) for value in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def process_cpu_seconds(pid):
    """utime + stime of one process (not its children), or 0 when it is gone."""
    try:
        with open("/proc/{0}/stat".format(pid)) as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


# ----------------------------------------------------------------------------- memory sampling


def children(pid):
    found = []
    try:
        for tid in os.listdir("/proc/{0}/task".format(pid)):
            with open("/proc/{0}/task/{1}/children".format(pid, tid)) as handle:
                found.extend(int(child) for child in handle.read().split())
    except OSError:
        pass
    return found


def tree_rss(pid):
    """Summed RSS (bytes) of ``pid`` and all its descendants, and how many processes that is."""
    total, count, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open("/proc/{0}/statm".format(current)) as handle:
                total += int(handle.read().split()[1]) * PAGE_SIZE
            count += 1
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(children(current))
    return total, count


class TreeSampler(threading.Thread):
    """Samples the process tree's summed RSS until stopped; keeps the peak."""

    def __init__(self, pid, interval):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.peak_processes = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            rss, count = tree_rss(self.pid)
            self.samples += 1
            if rss > self.peak:
                self.peak, self.peak_processes = rss, count
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join()


# ----------------------------------------------------------------------------- running playbooks


class Bench:
    """Runs ansible-playbook against one emulator and measures each run.

    ``python`` is the venv whose ansible-playbook runs and whose python runs the modules (default: this
    script's, .venv); ``collections`` the ANSIBLE_COLLECTIONS_PATH (default: a link to this checkout in ``tmp``).
    """

    def __init__(self, args, tmp, emulator, python=None, collections=None):
        self.args = args
        self.tmp = tmp
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.emulator = emulator
        self.python = str(python or sys.executable)
        self.bin = Path(self.python).parent
        self.collections = collections
        self.env = self._environment()
        self.counter = 0

    def _environment(self):
        """As tests/integration/conftest.py: the emulator as AWS, dummy credentials, nothing from $HOME."""
        collections = self.collections
        if collections is None:
            collections = self.tmp / "collections"
            link = collections / "ansible_collections" / "awsops" / "proton"
            link.parent.mkdir(parents=True, exist_ok=True)
            if not link.exists():
                link.symlink_to(ROOT)
        callback_dir = self.tmp / "callback"
        callback_dir.mkdir(exist_ok=True)
        (callback_dir / "bench_trace.py").write_text(TRACE_CALLBACK)
        env = dict((key, value) for key, value in os.environ.items() if not key.startswith(("AWS_", "ANSIBLE_")))
        env.update({
            "AWS_ENDPOINT_URL": self.emulator.url,
            "AWS_ACCESS_KEY_ID": DUMMY_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": DUMMY_CREDENTIALS["aws_secret_access_key"],
            "AWS_DEFAULT_REGION": DUMMY_CREDENTIALS["region_name"],
            "AWS_CONFIG_FILE": str(self.tmp / "aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.tmp / "aws-credentials"),
            "ANSIBLE_COLLECTIONS_PATH": str(collections),
            "ANSIBLE_CALLBACK_PLUGINS": str(callback_dir),
            "ANSIBLE_CALLBACKS_ENABLED": "bench_trace",
            "ANSIBLE_PYTHON_INTERPRETER": self._interpreter(),
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_HOME": str(self.tmp / "ansible-home"),
            "HOME": str(self.tmp),
            "BENCH_EMULATOR_URL": self.emulator.url,
        })
        return env

    def _interpreter(self):
        """The venv's python; wrapped in GNU time, when there is one, to record each module process's CPU."""
        if not os.access(GNU_TIME, os.X_OK):
            return self.python
        wrapper = self.tmp / "python"
        wrapper.write_text('#!/bin/sh\nexec {0} -a -o "$BENCH_MODULE_TIMES" -f "%e %U %S" {1} "$@"\n'.format(
            GNU_TIME, self.python))
        wrapper.chmod(0o755)
        return str(wrapper)

    def playbook(self, label, playbook, extra_args=(), allow_failure=False):
        """Run one ansible-playbook; returns its measurements (and fails the benchmark if it fails, unless
        ``allow_failure``: then ``returncode`` is in the measurements)."""
        self.counter += 1
        trace_path = self.tmp / "trace-{0}.json".format(self.counter)
        output_path = self.tmp / "output-{0}.txt".format(self.counter)
        times_path = self.tmp / "module-times-{0}.txt".format(self.counter)
        env = dict(self.env, BENCH_TRACE_FILE=str(trace_path), BENCH_MODULE_TIMES=str(times_path))
        # The implicit localhost's interpreter is ansible-playbook's own python unless a variable says otherwise.
        command = [str(self.bin / "ansible-playbook"), str(playbook), "-e",
                   "ansible_python_interpreter={0}".format(self.env["ANSIBLE_PYTHON_INTERPRETER"]), *extra_args]
        calls_before = len(self.emulator.calls())
        load_before = os.getloadavg()[0]
        busy_before, total_before = cpu_times()
        emulator_cpu_before = process_cpu_seconds(self.emulator.process.pid)
        started = time.time()
        with open(output_path, "w") as output:
            process = subprocess.Popen(command, cwd=str(ROOT), env=env, stdout=output, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL)
        sampler = TreeSampler(process.pid, self.args.sample_interval)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        ended = time.time()
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        busy_after, total_after = cpu_times()
        if process.returncode != 0 and not allow_failure:
            sys.exit("bench: {0} failed (exit {1}); output in {2}:\n{3}".format(
                label, process.returncode, output_path, output_path.read_text()[-6000:]))
        calls = self.emulator.calls()[calls_before:]
        trace = json.loads(trace_path.read_text())
        wall = ended - started
        ansible_cpu = usage.ru_utime + usage.ru_stime
        emulator_cpu = process_cpu_seconds(self.emulator.process.pid) - emulator_cpu_before
        machine_busy = (busy_after - busy_before) / CLOCK_TICKS
        run = dict(
            label=label,
            wall=wall,
            load_1min_before=load_before,
            load_1min_after=os.getloadavg()[0],
            # Cores' worth of CPU used during the run: by ansible (tree), by the emulator, by everyone else.
            cpu=dict(ansible=ansible_cpu, emulator=emulator_cpu,
                     others=max(0.0, machine_busy - ansible_cpu - emulator_cpu),
                     machine_busy_cores=(busy_after - busy_before) / max(1, total_after - total_before) * os.cpu_count()),
            peak_tree_rss=sampler.peak,
            peak_tree_processes=sampler.peak_processes,
            rss_samples=sampler.samples,
            max_single_rss=usage.ru_maxrss * 1024,
            startup=(trace["tasks"][0]["start"] if trace["tasks"] else trace["ended"]) - started,
            teardown=ended - trace["ended"],
            returncode=process.returncode,
            hosts=trace.get("hosts", {}),
        )
        run["module_processes"] = module_processes(times_path)
        run.update(summarize_calls(calls))
        run["tasks"] = task_records(trace, calls_before, ended)
        run.update(task_totals(run["tasks"]))
        run["roles"] = role_totals(run["tasks"], calls)
        run["calls"] = ["{0}:{1}".format(c["service"], c["operation"]) for c in calls]
        print("bench: {0:<30} {1:7.2f}s  tasks={2:<3} module_runs={3:<3} calls={4:<4} writes={5:<3} load={6:.2f}".format(
            label, wall, run["task_count"], run["module_runs"], run["api_calls"], run["write_calls"], load_before),
            flush=True)
        return run

    def setup(self, label):
        args = SETUP_VARS + ["-e", "admin_user_cli_config_file={0}".format(self.tmp / "aws-config"),
                             "-e", "admin_user_credentials_file={0}".format(self.tmp / "aws-credentials")]
        return self.playbook(label, ROOT / "playbooks" / "setup.yml", args)


def module_processes(path):
    """Count, wall and CPU seconds of the module processes GNU time recorded (None without GNU time)."""
    if not path.exists():
        return None
    records = []
    for line in path.read_text().splitlines():
        fields = line.split()
        try:
            records.append([float(value) for value in fields[-3:]])
        except (ValueError, IndexError):  # "Command exited with non-zero status N"
            continue
    return dict(count=len(records), wall=sum(r[0] for r in records), cpu=sum(r[1] + r[2] for r in records),
                each=[dict(wall=r[0], cpu=r[1] + r[2]) for r in records])


def summarize_calls(calls):
    by_operation = Counter("{0}:{1}".format(c["service"], c["operation"]) for c in calls)
    writes = [c for c in calls if c["operation"] and is_write(c["operation"])]
    return dict(
        api_calls=len(calls),
        write_calls=len(writes),
        read_calls=len(calls) - len(writes),
        calls_by_service=dict(sorted(Counter(c["service"] for c in calls).items())),
        calls_by_operation=dict(sorted(by_operation.items())),
        writes_by_operation=dict(sorted(Counter("{0}:{1}".format(c["service"], c["operation"])
                                                for c in writes).items())),
    )


def short_action(action):
    return (action or "").rsplit(".", 1)[-1]


def task_records(trace, calls_before, ended):
    """Each task with its duration (to the next task's start) and its calls (indices into the run's calls)."""
    tasks = trace["tasks"]
    records = []
    for index, task in enumerate(tasks):
        end = tasks[index + 1]["start"] if index + 1 < len(tasks) else trace["ended"]
        calls_end = tasks[index + 1]["calls"] if index + 1 < len(tasks) else trace["calls"]
        items_run = task["items"]["ok"] + task["items"]["changed"] + task["items"]["failed"]
        results = task["results"]
        executed = items_run if (task["items"]["ok"] + task["items"]["changed"] + task["items"]["failed"]
                                 + task["items"]["skipped"]) else (results["ok"] + results["changed"] + results["failed"])
        controller = short_action(task["action"]) in CONTROLLER_ACTIONS
        records.append(dict(
            name=task["name"], action=task["action"], role=task["role"], seconds=end - task["start"],
            first_call=task["calls"] - calls_before, last_call=calls_end - calls_before,
            loop_items=sum(task["items"].values()), executed=executed, controller=controller,
            skipped=not executed, changed=results["changed"] > 0,
        ))
    return records


def task_totals(tasks):
    return dict(
        task_count=len(tasks),
        tasks_executed=sum(1 for t in tasks if not t["skipped"]),
        tasks_skipped=sum(1 for t in tasks if t["skipped"]),
        tasks_changed=sum(1 for t in tasks if t["changed"]),
        module_runs=sum(t["executed"] for t in tasks if not t["controller"]),
        controller_runs=sum(t["executed"] for t in tasks if t["controller"]),
    )


def role_name(task):
    return (task["role"] or "(play)").rsplit(".", 1)[-1]


def role_totals(tasks, calls):
    roles = OrderedDict()
    for task in tasks:
        roles.setdefault(role_name(task), []).append(task)
    result = OrderedDict()
    for name, role_tasks in roles.items():
        role_calls = [call for task in role_tasks for call in calls[task["first_call"]:task["last_call"]]]
        entry = dict(seconds=sum(t["seconds"] for t in role_tasks))
        entry.update(task_totals(role_tasks))
        entry.update(summarize_calls(role_calls))
        result[name] = entry
    return result


# ----------------------------------------------------------------------------- generated playbooks


def play(name, tasks):
    return [dict(name=name, hosts="localhost", connection="local", gather_facts=False, tasks=tasks)]


def floor_playbook(tasks):
    """The rerun's shape with nothing in it: ping for each module task, set_fact for each controller task."""
    floor = []
    for index, task in enumerate(tasks):
        if task["controller"]:
            entry = {"name": "floor {0} (controller)".format(index), "ansible.builtin.set_fact": {"bench_floor": index}}
        else:
            entry = {"name": "floor {0} (module)".format(index), "ansible.builtin.ping": {}}
        if task["loop_items"]:
            entry["loop"] = list(range(task["loop_items"]))
            if task["executed"] < task["loop_items"]:
                entry["when"] = "item < {0}".format(task["executed"])
        elif task["skipped"]:
            entry["when"] = False
        floor.append(entry)
    return play("Floor: the no-op rerun's tasks, each a trivial one", floor)


def growth_playbook():
    """``bench_sets`` sets of environment roles, each with its own role names, in one run."""
    return play("Growth: environment roles, bench_sets times", [
        {"name": "Look up the account once", "awsops.proton.aws_caller_info": {}, "register": "bench_caller"},
        {"name": "Environment roles set {{ bench_set }}",
         "ansible.builtin.include_role": {"name": "awsops.proton.environment_roles"},
         "loop": "{{ range(1, (bench_sets | int) + 1) | list }}",
         "loop_control": {"loop_var": "bench_set"},
         "vars": {
             "environment_roles_provisioning_role_name": "BenchEnv{{ bench_set }}Provisioning",
             "environment_roles_codebuild_role_name": "BenchEnv{{ bench_set }}CodeBuild",
             "environment_roles_services": GROWTH_SERVICES,
             "environment_roles_tags": {"bench": "growth"},
             "environment_roles_caller_info": "{{ bench_caller }}",
         }},
    ])


def write_yaml(path, data):
    # JSON is YAML: no YAML library needed.
    path.write_text(json.dumps(data, indent=1))
    return path


# ----------------------------------------------------------------------------- micro-benchmarks


MICRO = OrderedDict([
    ("python start", "pass"),
    ("import AnsibleModule", "from ansible.module_utils.basic import AnsibleModule"),
    ("import boto3 (amazon.aws)", "import boto3"),
    ("import botocore.session (ours)", "import botocore.session"),
])
MICRO_CLIENTS = ["sts", "iam", "sso-admin"]
# What the collection's modules do before their first call: plugins/module_utils/_aws/client.py's session (botocore's,
# with the data loader that checks one service's directory) and client.
MICRO_CLIENT_CODE = (
    "import sys; sys.path.insert(0, {root!r}); "
    "from ansible_collections.awsops.proton.plugins.module_utils._aws import client as c; "
    "p = dict(access_key='x', secret_key='y', region='us-east-1', endpoint_url={endpoint!r}); "
    "c.build_client(c.build_session(p), {service!r}, p)")


def micro_benchmarks(runs, endpoint):
    """CPU and wall seconds of small python processes: what a module process pays before its first API call."""
    snippets = OrderedDict(MICRO)
    collections = ensure_collections_link()
    for service in MICRO_CLIENTS:
        snippets["botocore + {0} client (ours)".format(service)] = MICRO_CLIENT_CODE.format(
            root=str(collections), endpoint=endpoint, service=service)
    results = OrderedDict()
    for label, code in snippets.items():
        cpu, wall = [], []
        for _index in range(runs + 1):  # the first one warms the disk cache
            started = time.perf_counter()
            process = subprocess.Popen([sys.executable, "-c", code])
            _pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode:
                sys.exit("bench: micro-benchmark {0!r} failed".format(label))
            wall.append(time.perf_counter() - started)
            cpu.append(usage.ru_utime + usage.ru_stime)
        results[label] = dict(cpu=stats(cpu[1:]), wall=stats(wall[1:]))
    return results


# ----------------------------------------------------------------------------- statistics and the table


def stats(values):
    values = list(values)
    if not values:
        return None
    return dict(median=statistics.median(values), min=min(values), max=max(values), n=len(values))


def summarize(runs):
    """Medians (with min and max) of a list of runs of one scenario."""
    summary = dict(
        runs=len(runs),
        wall=stats(r["wall"] for r in runs),
        startup=stats(r["startup"] for r in runs),
        peak_tree_rss_mib=stats(r["peak_tree_rss"] / 2 ** 20 for r in runs),
        max_single_rss_mib=stats(r["max_single_rss"] / 2 ** 20 for r in runs),
        load_1min=stats(r["load_1min_before"] for r in runs),
        cpu_others_cores=stats(r["cpu"]["others"] / r["wall"] for r in runs),
        cpu_ansible_s=stats(r["cpu"]["ansible"] for r in runs),
        cpu_emulator_s=stats(r["cpu"]["emulator"] for r in runs),
    )
    if all(r.get("module_processes") for r in runs):
        summary.update(
            module_processes=runs[-1]["module_processes"]["count"],
            module_cpu_s=stats(r["module_processes"]["cpu"] for r in runs),
            module_wall_s=stats(r["module_processes"]["wall"] for r in runs),
            controller_cpu_s=stats(r["cpu"]["ansible"] - r["module_processes"]["cpu"] for r in runs),
        )
    last = runs[-1]
    for key in ("task_count", "tasks_executed", "tasks_skipped", "tasks_changed", "module_runs", "controller_runs",
                "api_calls", "read_calls", "write_calls", "calls_by_service", "calls_by_operation",
                "writes_by_operation"):
        summary[key] = last[key]
    summary["deterministic"] = all(r["api_calls"] == last["api_calls"] and r["task_count"] == last["task_count"]
                                   for r in runs)
    roles = OrderedDict()
    for name in last["roles"]:
        entry = dict(seconds=stats(r["roles"][name]["seconds"] for r in runs if name in r["roles"]))
        for key in ("task_count", "tasks_executed", "module_runs", "controller_runs", "api_calls", "read_calls",
                    "write_calls", "calls_by_operation"):
            entry[key] = last["roles"][name][key]
        roles[name] = entry
    summary["roles"] = roles
    return summary


def fmt_stat(value, digits=2):
    if not value:
        return "-"
    return "{0:.{d}f} [{1:.{d}f}-{2:.{d}f}]".format(value["median"], value["min"], value["max"], d=digits)


def table(results):
    lines = []
    add = lines.append
    machine = results["machine"]
    scenarios = results["scenarios"]
    add("")
    add("=== make bench: {0} x {1}; load (1 min) {2}; others' CPU {3} cores; medians of {4} runs [min-max]".format(
        machine["nproc"], machine["cpu_model"], fmt_stat(results["load_1min"]),
        fmt_stat(results["others_cores"]), results["settings"]["runs_done"]))
    if results["settings"].get("runs_note"):
        add("(" + results["settings"]["runs_note"] + ")")
    row = "{0:<26} {1:>22} {2:>6} {3:>7} {4:>6} {5:>6} {6:>6} {7:>13} {8:>16} {9:>10}"
    header = row.format("scenario", "wall s", "tasks", "modules", "calls", "writes", "reads", "ansible CPU s",
                        "peak tree MiB", "max 1 MiB")
    add(header)
    add("-" * len(header))
    for key, label in (("fresh", "setup.yml fresh converge"), ("rerun", "setup.yml no-op rerun"),
                       ("floor", "floor (ping/set_fact)")):
        s = scenarios[key]
        add(row.format(label, fmt_stat(s["wall"]), s["task_count"], s["module_runs"], s["api_calls"], s["write_calls"],
                       s["read_calls"], "{0:.1f}".format(s["cpu_ansible_s"]["median"]),
                       fmt_stat(s["peak_tree_rss_mib"], 0), "{0:.0f}".format(s["max_single_rss_mib"]["median"])))
    ratio = results["ratios"]
    add("")
    add("no-op rerun / floor, wall time:   {0}   (each rerun with the floor run after it; target <= 2.0)".format(
        fmt_stat(ratio["rerun_over_floor"])))
    add("no-op rerun / floor, ansible CPU: {0}".format(fmt_stat(ratio["rerun_cpu_over_floor_cpu"])))
    add("fresh converge / floor, wall:     {0}".format(fmt_stat(ratio["fresh_over_floor"])))
    add("ansible-playbook startup to the first task: rerun {0}s, floor {1}s".format(
        fmt_stat(scenarios["rerun"]["startup"]), fmt_stat(scenarios["floor"]["startup"])))
    if "module_cpu_s" in scenarios["rerun"] and "module_cpu_s" in scenarios["floor"]:
        add("where the CPU goes (median s): module processes / ansible itself (controller and workers) / emulator")
        for key in ("rerun", "floor", "fresh"):
            s = scenarios[key]
            module_cpu = s["module_cpu_s"]["median"]
            text = "  {0:<6} modules {1:5.1f} ({2} processes, {3:.2f} each, {4:5.1f}s wall)   ansible {5:5.1f}   " \
                   "emulator {6:4.1f}"
            add(text.format(key, module_cpu, s["module_processes"], module_cpu / max(1, s["module_processes"]),
                            s["module_wall_s"]["median"], s["controller_cpu_s"]["median"],
                            s["cpu_emulator_s"]["median"]))
    add("")
    add("per role: seconds (median [min-max]), and tasks/module runs/calls/writes; (play) = preflight and summary")
    row = "{0:<18} {1:>22} {2:>14} {3:>22} {4:>14}"
    add(row.format("role", "fresh s", "fresh t/m/c/w", "rerun s", "rerun t/m/c/w"))
    fresh_roles, rerun_roles = scenarios["fresh"]["roles"], scenarios["rerun"]["roles"]

    def counts(entry):
        return "{0}/{1}/{2}/{3}".format(entry["task_count"], entry["module_runs"], entry["api_calls"],
                                        entry["write_calls"])

    for name in fresh_roles:
        f, r = fresh_roles[name], rerun_roles.get(name)
        add(row.format(name, fmt_stat(f["seconds"]), counts(f), fmt_stat(r["seconds"]) if r else "-",
                       counts(r) if r else "-"))
    add("")
    add("no-op rerun, calls: " + ", ".join("{0} {1}".format(op, n)
                                           for op, n in scenarios["rerun"]["calls_by_operation"].items()))
    add("fresh converge, writes: " + ", ".join("{0} {1}".format(op, n)
                                               for op, n in scenarios["fresh"]["writes_by_operation"].items()))
    growth = results.get("growth")
    if growth:
        add("")
        add("growth: N sets of environment roles in one playbook (one run of {0} sets; smaller N read off its first "
            "sets){1}".format(growth["run_sets"], "; " + growth["note"] if growth.get("note") else ""))
        row = "{0:>4} {1:>9} {2:>6} {3:>8} {4:>6} {5:>7}   {6:>9} {7:>6} {8:>8} {9:>6} {10:>7}"
        add(row.format("N", "fresh s", "tasks", "modules", "calls", "writes", "rerun s", "tasks", "modules", "calls",
                       "writes"))
        for n, g in growth.get("sizes", {}).items():
            f, r = g["fresh"], g["rerun"]
            add(row.format(n, "{0:.1f}".format(f["seconds"]), f["task_count"], f["module_runs"], f["api_calls"],
                           f["write_calls"], "{0:.1f}".format(r["seconds"]), r["task_count"], r["module_runs"],
                           r["api_calls"], r["write_calls"]))
        if growth.get("set_seconds"):
            for key in ("fresh", "rerun"):
                values = growth["set_seconds"][key]
                add("  seconds per set, {0}: first {1:.2f}, median {2:.2f}, last {3:.2f}".format(
                    key, values[0], statistics.median(values), values[-1]))
    if results.get("micro"):
        add("")
        add("a module process before its first API call (python -c; CPU s and wall s, median [min-max]):")
        for label, value in results["micro"].items():
            add("  {0:<36} CPU {1:<24} wall {2}".format(label, fmt_stat(value["cpu"], 3), fmt_stat(value["wall"], 3)))
    add("")
    add("memory: peak tree = the largest sum of RSS over ansible-playbook and its descendants, sampled every {0}s "
        "from /proc/PID/statm (pages shared between processes counted in each); max 1 = the largest single process's "
        "peak RSS (wait4 ru_maxrss)".format(results["settings"]["sample_interval"]))
    add("JSON: {0}; took {1:.0f}s".format(results["settings"]["output"], results["elapsed_seconds"]))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- roles only: ours next to amazon.aws


# Run inside the peer venv: what it holds, for the table and the JSON.
PEER_VERSIONS = r'''
import json, pathlib, platform, sysconfig
from importlib import metadata
found = dict((name, metadata.version(name)) for name in ("ansible", "ansible-core", "boto3", "botocore"))
manifest = pathlib.Path(sysconfig.get_paths()["purelib"]) / "ansible_collections" / "amazon" / "aws" / "MANIFEST.json"
found["amazon.aws"] = json.loads(manifest.read_text())["collection_info"]["version"]
found["python"] = platform.python_version()
print(json.dumps(found))
'''

# The roles scenario runs before the setup scenario; with --scenario all it leaves this much of --budget for
# the setup scenario's minimum: warm-up, MIN_RUNS rounds, RESERVE and GROWTH_KEPT growth sets took about
# 290 s on the busy 2-core machine of docs/bench.md.
SETUP_MINIMUM = 300
# With --scenario roles alone: the table and the JSON.
ROLES_RESERVE = 15


def ensure_peer_venv(base_python):
    """build/bench/peer-venv with PEER_REQUIREMENTS, made with ``base_python`` when missing (or re-made when the
    requirements changed). Returns (the venv's python, seconds spent making it: 0 when it was there)."""
    python = PEER_VENV / "bin" / "python"
    marker = PEER_VENV / ".bench-requirements"
    wanted = json.dumps(dict(python=base_python, requirements=PEER_REQUIREMENTS))
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python, 0.0
    if not os.access(base_python, os.X_OK):
        sys.exit("bench: {0} is not there; the peer venv needs Python 3.12 (--peer-python)".format(base_python))
    print("bench: making {0}: pip install {1} (a minute)".format(
        PEER_VENV.relative_to(ROOT), " ".join(PEER_REQUIREMENTS)), flush=True)
    started = time.time()
    PEER_VENV.parent.mkdir(parents=True, exist_ok=True)
    log = PEER_VENV.parent / "peer-venv.log"
    with open(log, "w") as output:
        for command in ([base_python, "-m", "venv", "--clear", str(PEER_VENV)],
                        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                         *PEER_REQUIREMENTS]):
            if subprocess.call(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL):
                sys.exit("bench: {0} failed; output in {1}:\n{2}".format(
                    " ".join(command), log, log.read_text()[-4000:]))
    marker.write_text(wanted)
    return python, time.time() - started


def ensure_collections_link():
    """build/collections, as `make collections-link` makes it (for bench.py run without make)."""
    link = COLLECTIONS_LINK / "ansible_collections" / "awsops" / "proton"
    if not os.path.lexists(link):
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(ROOT)
    if link.resolve() != ROOT:
        sys.exit("bench: {0} points at {1}, not at this checkout".format(link, link.resolve()))
    return COLLECTIONS_LINK


def peer_versions(python):
    return json.loads(subprocess.run([str(python), "-c", PEER_VERSIONS], check=True, capture_output=True,
                                     text=True).stdout)


def check_collections(bench):
    """Where ansible-playbook finds awsops.proton and amazon.aws, in the environment the runs get.

    ansible-core searches ANSIBLE_COLLECTIONS_PATH first and the venv's site-packages (the `ansible` package's
    bundled collections) after it; `ansible-galaxy collection list` lists the paths in that order. The bench
    stops if our collection would come from anywhere but build/collections.
    """
    listing = json.loads(subprocess.run([str(bench.bin / "ansible-galaxy"), "collection", "list", "--format", "json"],
                                        check=True, capture_output=True, text=True, env=bench.env,
                                        cwd=str(ROOT)).stdout)
    paths = list(listing)
    found = dict((name, [path for path in paths if name in listing[path]]) for name in ("awsops.proton", "amazon.aws"))
    ours = str(COLLECTIONS_LINK / "ansible_collections")
    if found["awsops.proton"][:1] != [ours]:
        sys.exit("bench: ansible-playbook would take awsops.proton from {0}, not from {1}".format(
            found["awsops.proton"], ours))
    if not found["amazon.aws"]:
        sys.exit("bench: the peer venv has no amazon.aws")
    return dict(search_order=paths, awsops_proton=found["awsops.proton"][0], amazon_aws=found["amazon.aws"][0],
                amazon_aws_versions=[listing[path]["amazon.aws"]["version"] for path in found["amazon.aws"]])


def emulator_client(url, service):
    import boto3  # .venv has it (the emulator is moto)
    return boto3.session.Session(**DUMMY_CREDENTIALS).client(service, endpoint_url=url)


def describe_roles(url):
    """Every role in the emulator, as what the two sides must agree on (name -> its settings and documents)."""
    iam = emulator_client(url, "iam")
    roles = OrderedDict()
    for listed in sorted(iam.list_roles()["Roles"], key=lambda role: role["RoleName"]):
        name = listed["RoleName"]
        role = iam.get_role(RoleName=name)["Role"]
        attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
        roles[name] = OrderedDict(
            path=role["Path"],
            description=role.get("Description", ""),
            max_session_duration=role["MaxSessionDuration"],
            assume_role_policy_document=role["AssumeRolePolicyDocument"],
            managed_policies=sorted(policy["PolicyArn"] for policy in attached),
            inline_policies=OrderedDict(
                (policy, iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"])
                for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]),
            tags=dict((tag["Key"], tag["Value"]) for tag in iam.list_role_tags(RoleName=name)["Tags"]),
            permissions_boundary=role.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn"),
            instance_profiles=[p["InstanceProfileName"]
                               for p in iam.list_instance_profiles_for_role(RoleName=name)["InstanceProfiles"]],
        )
    return roles


def role_differences(ours, peer):
    """What differs between the roles of the two sides, one line each (nothing: the same job was done)."""
    lines = ["{0}: {1} only".format(name, side) for side, mine, theirs in (("ours", ours, peer), ("peer", peer, ours))
             for name in mine if name not in theirs]
    for name in ours:
        if name in peer:
            lines.extend("{0}: {1}: ours {2}, peer {3}".format(
                name, key, json.dumps(ours[name][key], sort_keys=True), json.dumps(peer[name][key], sort_keys=True))
                for key in ours[name] if ours[name][key] != peer[name][key])
    return lines


def templatize(value, account, partition):
    """Our documents with the account and partition put back as the peer playbook's variables."""
    if isinstance(value, dict):
        return OrderedDict((key, templatize(item, account, partition)) for key, item in value.items())
    if isinstance(value, list):
        return [templatize(item, account, partition) for item in value]
    if isinstance(value, str):
        return value.replace("arn:{0}:".format(partition), "arn:{{ peer_partition }}:").replace(
            account, "{{ peer_account }}")
    return value


PEER_VARS_HEADER = """\
---
# Written by `scripts/bench.py --write-peer-vars`: the 4 roles tests/bench/our_roles.yml makes, as the emulator
# holds them after our converge, with the account and partition as the variables tests/bench/peer_roles.yml
# sets from amazon.aws.aws_caller_info. Write it again when our roles' defaults change (bench.py says so).
"""


def write_peer_vars(args, tmp):
    """Converge ours on a fresh emulator, read the roles back and write tests/bench/peer_roles_vars.yml."""
    import yaml  # ansible-core's dependency, in .venv

    class Dumper(yaml.SafeDumper):
        """Sequences indented under their key, as yamllint wants them."""

        def increase_indent(self, flow=False, indentless=False):
            return super().increase_indent(flow, False)

    Dumper.add_representer(OrderedDict, lambda dumper, data: dumper.represent_dict(data.items()))
    python, _seconds = ensure_peer_venv(args.peer_python)
    with start_emulator(log_path=str(tmp / "emulator.log")) as emulator:
        bench = Bench(args, tmp, emulator, python=python, collections=ensure_collections_link())
        bench.playbook("roles: ours fresh", OUR_ROLES_PLAYBOOK)
        roles = describe_roles(emulator.url)
        identity = emulator_client(emulator.url, "sts").get_caller_identity()
    account, partition = identity["Account"], identity["Arn"].split(":")[1]
    entries = []
    for name, role in roles.items():
        if set(role["inline_policies"]) - {"ProtonRolePermissions"} or role["permissions_boundary"] \
                or role["instance_profiles"]:
            sys.exit("bench: {0} has what tests/bench/peer_roles.yml does not make: {1}".format(name, role))
        entry = OrderedDict(name=name)
        entry.update((key, value) for key, value in role.items()
                     if key not in ("permissions_boundary", "instance_profiles"))
        entries.append(templatize(entry, account, partition))
    text = PEER_VARS_HEADER + yaml.dump(dict(peer_roles=entries), Dumper=Dumper, default_flow_style=False,
                                        sort_keys=False, width=150)
    PEER_ROLES_VARS.write_text(text)
    print("bench: wrote {0} ({1} roles)".format(PEER_ROLES_VARS.relative_to(ROOT), len(entries)))


def roles_round_seconds(reruns):
    """How long the next (ours, peer) pair of reruns will take: the slower of the last and the median pair."""
    pairs = [ours["wall"] + peer["wall"] for ours, peer in zip(reruns["ours"], reruns["peer"])]
    return max(pairs[-1], statistics.median(pairs))


def run_roles(args, tmp, deadline, reserve):
    """The roles-only comparison: each side's fresh converge once (on its own emulator), a check that both made the
    same roles, then --runs no-op reruns, alternating ours and the peer."""
    began = time.time()
    tmp.mkdir(parents=True, exist_ok=True)
    python, venv_seconds = ensure_peer_venv(args.peer_python)
    collections = ensure_collections_link()
    if not PEER_ROLES_VARS.exists():
        sys.exit("bench: {0} is missing; write it with scripts/bench.py --write-peer-vars".format(PEER_ROLES_VARS))
    result = OrderedDict(
        machine=dict(nproc=os.cpu_count(), cpu_model=cpu_model(), platform=platform.platform(),
                     load_at_start=os.getloadavg()),
        settings=dict(runs=args.runs, runs_done=args.runs, budget=args.budget, peer_venv=str(PEER_VENV),
                      peer_venv_made_seconds=venv_seconds, our_playbook=str(OUR_ROLES_PLAYBOOK.relative_to(ROOT)),
                      peer_playbook=str(PEER_ROLES_PLAYBOOK.relative_to(ROOT))),
        versions=peer_versions(python),
    )
    # One emulator per side: both use the same role names, and each side's rerun finds exactly its own converge.
    with start_emulator(log_path=str(tmp / "emulator-ours.log")) as our_emulator, \
            start_emulator(log_path=str(tmp / "emulator-peer.log")) as peer_emulator:
        ours = Bench(args, tmp / "ours", our_emulator, python=python, collections=collections)
        peer = Bench(args, tmp / "peer", peer_emulator, python=python, collections=collections)
        result["collections"] = check_collections(peer)
        versions = result["versions"]
        print("bench: roles: ansible-core {0} (ansible {1}), amazon.aws {2} from {3}, awsops.proton from {4}".format(
            versions["ansible-core"], versions["ansible"], versions["amazon.aws"], result["collections"]["amazon_aws"],
            result["collections"]["awsops_proton"]), flush=True)
        fresh = OrderedDict(ours=ours.playbook("roles: ours fresh", OUR_ROLES_PLAYBOOK),
                            peer=peer.playbook("roles: peer fresh", PEER_ROLES_PLAYBOOK))
        our_roles, peer_roles = describe_roles(our_emulator.url), describe_roles(peer_emulator.url)
        differences = role_differences(our_roles, peer_roles)
        if differences:
            sys.exit("bench: the peer did not make the roles ours made (if our roles changed, write {0} again with "
                     "scripts/bench.py --write-peer-vars):\n  {1}".format(
                         PEER_ROLES_VARS.relative_to(ROOT), "\n  ".join(differences)))
        result["roles"] = list(our_roles)
        reruns = OrderedDict(ours=[], peer=[])
        for index in range(args.runs):
            if args.budget and index >= MIN_RUNS and time.time() + roles_round_seconds(reruns) + reserve > deadline:
                result["settings"]["runs_done"] = index
                result["settings"]["runs_note"] = (
                    "{0} reruns of each side instead of {1}: another pair ({2:.0f}s) would leave less than {3}s of "
                    "--budget {4:.0f}s for what follows".format(
                        index, args.runs, roles_round_seconds(reruns), reserve, args.budget))
                print("bench: " + result["settings"]["runs_note"], flush=True)
                break
            reruns["ours"].append(ours.playbook("roles: ours rerun {0}".format(index + 1), OUR_ROLES_PLAYBOOK))
            reruns["peer"].append(peer.playbook("roles: peer rerun {0}".format(index + 1), PEER_ROLES_PLAYBOOK))
    result["sides"] = OrderedDict([
        ("ours_fresh", summarize([fresh["ours"]])), ("peer_fresh", summarize([fresh["peer"]])),
        ("ours_rerun", summarize(reruns["ours"])), ("peer_rerun", summarize(reruns["peer"])),
    ])
    sides = result["sides"]
    result["ratios"] = OrderedDict(
        # The figure asked for: the two medians' ratio. Each pair's ratio (taken a few seconds apart, under about
        # the same load) shows how much of it is noise.
        ours_over_peer_median_wall=sides["ours_rerun"]["wall"]["median"] / sides["peer_rerun"]["wall"]["median"],
        ours_over_peer_wall_per_pair=stats(o["wall"] / p["wall"] for o, p in zip(reruns["ours"], reruns["peer"])),
        ours_over_peer_median_ansible_cpu=(sides["ours_rerun"]["cpu_ansible_s"]["median"]
                                           / sides["peer_rerun"]["cpu_ansible_s"]["median"]),
    )
    all_runs = list(fresh.values()) + reruns["ours"] + reruns["peer"]
    result["load_1min"] = stats(r["load_1min_before"] for r in all_runs)
    result["others_cores"] = stats(r["cpu"]["others"] / r["wall"] for r in all_runs)
    result["machine"]["load_at_end"] = os.getloadavg()
    result["raw_runs"] = dict(fresh=fresh, rerun=reruns)
    result["elapsed_seconds"] = time.time() - began
    return result


def roles_table(result):
    lines = []
    add = lines.append
    versions, machine, sides = result["versions"], result["machine"], result["sides"]
    add("")
    add("=== roles only (4 IAM roles): awsops.proton next to amazon.aws {0}; both on ansible-core {1} (ansible {2}), "
        "Python {3}, boto3 {4}".format(versions["amazon.aws"], versions["ansible-core"], versions["ansible"],
                                       versions["python"], versions["boto3"]))
    add("{0} x {1}; load (1 min) {2}; others' CPU {3} cores; no-op reruns alternating ours/peer, medians of {4} "
        "[min-max]".format(machine["nproc"], machine["cpu_model"], fmt_stat(result["load_1min"]),
                           fmt_stat(result["others_cores"]), result["settings"]["runs_done"]))
    if result["settings"].get("runs_note"):
        add("(" + result["settings"]["runs_note"] + ")")
    row = "{0:<28} {1:>22} {2:>6} {3:>8} {4:>6} {5:>6} {6:>7} {7:>6} {8:>8} {9:>14}"
    header = row.format("side", "wall s", "tasks", "modules", "procs", "calls", "writes", "reads", "changed",
                        "ansible CPU s")
    add(header)
    add("-" * len(header))
    for key, label in (("ours_fresh", "ours fresh converge"), ("peer_fresh", "amazon.aws fresh converge"),
                       ("ours_rerun", "ours no-op rerun"), ("peer_rerun", "amazon.aws no-op rerun")):
        s = sides[key]
        add(row.format(label, fmt_stat(s["wall"]), s["task_count"], s["module_runs"], s.get("module_processes", "-"),
                       s["api_calls"], s["write_calls"], s["read_calls"], s["tasks_changed"],
                       fmt_stat(s["cpu_ansible_s"], 1)))
    ratios = result["ratios"]
    add("")
    add("ours / amazon.aws, no-op rerun: median wall {0:.2f} (each pair: {1}); median ansible CPU {2:.2f}".format(
        ratios["ours_over_peer_median_wall"], fmt_stat(ratios["ours_over_peer_wall_per_pair"]),
        ratios["ours_over_peer_median_ansible_cpu"]))
    for key, label in (("ours_rerun", "ours"), ("peer_rerun", "amazon.aws")):
        add("no-op rerun calls, {0}: {1}".format(label, ", ".join(
            "{0} {1}".format(op, n) for op, n in sides[key]["calls_by_operation"].items())))
    for key, label in (("ours_fresh", "ours"), ("peer_fresh", "amazon.aws")):
        add("fresh converge writes, {0}: {1}".format(label, ", ".join(
            "{0} {1}".format(op, n) for op, n in sides[key]["writes_by_operation"].items())))
    add("modules = module tasks and loop items run (bench_trace callback); procs = module processes started "
        "(GNU time wrapper); changed = tasks reporting changed")
    add("collections: awsops.proton from {0}, amazon.aws from {1}; took {2:.0f}s{3}".format(
        result["collections"]["awsops_proton"], result["collections"]["amazon_aws"], result["elapsed_seconds"],
        " (making the peer venv: {0:.0f}s)".format(result["settings"]["peer_venv_made_seconds"])
        if result["settings"]["peer_venv_made_seconds"] else ""))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=("setup", "roles", "organization", "all"), default="all",
                        help="setup: playbooks/setup.yml (rerun, floor, fresh, micro-benchmarks, growth); roles: the "
                             "roles-only comparison with amazon.aws; organization: playbooks/organization.yml at "
                             "--accounts member accounts; all: roles, then setup (default; organization runs only "
                             "when asked, it takes several minutes)")
    parser.add_argument("--accounts", default="1,10,50,100",
                        help="organization scenario: numbers of member accounts (default 1,10,50,100)")
    parser.add_argument("--forks", type=int, default=20, help="organization scenario: ansible forks (default 20)")
    parser.add_argument("--failing-at", type=int, default=10,
                        help="organization scenario: accounts of the run in which 3 lack their role (default 10; 0 "
                             "skips it)")
    parser.add_argument("--runs", type=int, default=5,
                        help="measured runs of each setup scenario, and no-op reruns of each side of the roles "
                             "comparison (default 5)")
    parser.add_argument("--growth", default="1,5,20",
                        help="numbers of sets of environment roles (default 1,5,20; '' skips growth)")
    parser.add_argument("--micro-runs", type=int, default=3, help="runs of each micro-benchmark (default 3; 0 skips)")
    parser.add_argument("--sample-interval", type=float, default=0.05, help="RSS sampling interval in seconds")
    parser.add_argument("--budget", type=float, default=510,
                        help="seconds the whole benchmark may take: rounds beyond the third and growth sets that "
                             "would not fit are left out (default 510; 0: no limit)")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="where the JSON goes")
    parser.add_argument("--peer-python", default=PEER_BASE_PYTHON,
                        help="the Python 3.12 that makes build/bench/peer-venv when missing (default %(default)s)")
    parser.add_argument("--write-peer-vars", action="store_true",
                        help="converge tests/bench/our_roles.yml on a fresh emulator, write the roles it made to "
                             "tests/bench/peer_roles_vars.yml (the peer's documents), and stop")
    return parser.parse_args(argv)


def split_sets(tasks, role="environment_roles"):
    """``(tasks before the first set, [tasks of set 1, tasks of set 2, ...], tasks after)``.

    A set starts with the role's first task (its argument validation), each time the role is included.
    """
    in_role = [i for i, t in enumerate(tasks) if (t["role"] or "").endswith(role)]
    if not in_role:
        return tasks, [], []
    first_name = tasks[in_role[0]]["name"]
    starts = [i for i in in_role if tasks[i]["name"] == first_name]
    last = in_role[-1] + 1
    sets = [tasks[a:b] for a, b in zip(starts, starts[1:] + [last])]
    return tasks[:starts[0]], sets, tasks[last:]


def growth_prefix(run, size):
    """The figures of a run with ``size`` sets, read off a run with more sets: its first ``size`` sets plus
    everything outside the sets (startup, the account lookup, the include, teardown)."""
    before, sets, after = split_sets(run["tasks"])
    tasks = before + [t for group in sets[:size] for t in group] + after
    calls = [call for t in tasks for call in run["calls"][t["first_call"]:t["last_call"]]]
    writes = [call for call in calls if is_write(call.split(":", 1)[1])]
    return dict(seconds=run["startup"] + run["teardown"] + sum(t["seconds"] for t in tasks),
                task_count=len(tasks), module_runs=sum(t["executed"] for t in tasks if not t["controller"]),
                api_calls=len(calls), write_calls=len(writes))


def set_seconds(run):
    return [sum(t["seconds"] for t in group) for group in split_sets(run["tasks"])[1]]


# Rounds (rerun, floor, fresh) beyond MIN_RUNS are run only when they leave RESERVE seconds (micro-benchmarks,
# the table) and time for GROWTH_KEPT sets of growth within --budget.
MIN_RUNS = 3
RESERVE = 45
GROWTH_KEPT = 5


def round_seconds(runs):
    """How long the next round (rerun, floor, fresh) will take: the slower of the last and the median round."""
    rounds = [sum(values) for values in zip(*[[r["wall"] for r in runs[key]] for key in ("rerun", "floor", "fresh")])]
    return max(rounds[-1], statistics.median(rounds))


def pace(runs):
    """How much slower the machine is now than over the runs so far (at least 1)."""
    last = max(runs["rerun"][-1]["wall"], runs["fresh"][-1]["wall"])
    return max(1.0, last / statistics.median(r["wall"] for r in runs["rerun"] + runs["fresh"]))


def growth_costs(runs):
    """(seconds outside the sets, seconds per set) of a growth fresh run plus its rerun, at today's pace."""
    fixed = 2 * statistics.median(r["startup"] + r["teardown"] + r["roles"]["(play)"]["seconds"] for r in runs["rerun"])
    # Each set pays the role's tasks plus an include and its argument validation: a quarter more.
    per_set = 1.25 * (statistics.median(r["roles"]["environment_roles"]["seconds"] for r in runs["fresh"])
                      + statistics.median(r["roles"]["environment_roles"]["seconds"] for r in runs["rerun"]))
    return fixed * pace(runs), per_set * pace(runs)


def growth_cost(runs, size):
    fixed, per_set = growth_costs(runs)
    return fixed + size * per_set if size else 0.0


def growth_size(sizes, runs, budget, left):
    """The number of sets to run: the largest wanted, or as many as fit in the time left of the budget."""
    wanted = max(sizes)
    if not budget:
        return wanted, None
    fixed, per_set = growth_costs(runs)
    return max(0, min(wanted, int((left - fixed) / per_set))), fixed + wanted * per_set


def run_growth(bench, emulator, sizes, args, runs, deadline):
    """One fresh run and one rerun of max(sizes) sets; the smaller sizes are read off their first sets."""
    size, estimate = growth_size(sizes, runs, args.budget, deadline - time.time())
    result = OrderedDict(requested=max(sizes), run_sets=size, estimated_seconds_for_requested=estimate)
    if size < max(sizes):
        result["note"] = ("{0} sets estimated at {1:.0f}s, more than the {2:.0f}s left of --budget {3:.0f}; "
                          "ran {4}".format(max(sizes), estimate, max(0.0, deadline - time.time()), args.budget, size))
        print("bench: growth: " + result["note"], flush=True)
    if size < 1:
        return result
    path = write_yaml(bench.tmp / "growth.yml", growth_playbook())
    emulator.reset()
    extra = ["-e", "bench_sets={0}".format(size)]
    fresh = bench.playbook("growth {0} sets fresh".format(size), path, extra)
    rerun = bench.playbook("growth {0} sets rerun".format(size), path, extra)
    result["sizes"] = OrderedDict(
        (str(n), dict(fresh=growth_prefix(fresh, n), rerun=growth_prefix(rerun, n)))
        for n in sorted(set([n for n in sizes if n <= size] + [size])))
    result["set_seconds"] = dict(fresh=set_seconds(fresh), rerun=set_seconds(rerun))
    result["runs"] = dict(fresh=fresh, rerun=rerun)
    return result


def run_setup(args, tmp, began, deadline, output):
    """The setup.yml scenarios: warm-up, --runs rounds of (rerun, floor, fresh), micro-benchmarks, growth."""
    growth_sizes = [int(n) for n in args.growth.split(",") if n.strip()]
    tmp.mkdir(parents=True, exist_ok=True)
    results = OrderedDict(
        machine=dict(nproc=os.cpu_count(), cpu_model=cpu_model(), python=platform.python_version(),
                     platform=platform.platform(), load_at_start=os.getloadavg()),
        settings=dict(runs=args.runs, growth=growth_sizes, micro_runs=args.micro_runs,
                      sample_interval=args.sample_interval, budget=args.budget, output=str(output)),
    )
    with start_emulator(log_path=str(tmp / "emulator.log")) as emulator:
        bench = Bench(args, tmp, emulator)
        print("bench: emulator at {0}; {1} runs after a warm-up".format(emulator.url, args.runs), flush=True)
        # Warm-up: disk caches, the emulator's lazily loaded models. It also leaves the state the first
        # rerun needs: warm-up fresh, rerun 1, floor 1, reset, fresh 1, rerun 2, floor 2, ..., reset, fresh N.
        emulator.reset()
        bench.setup("warm-up fresh")
        results["settings"]["runs_done"] = args.runs
        runs = dict(fresh=[], rerun=[], floor=[])
        floor_path = None
        for index in range(args.runs):
            if args.budget and index >= MIN_RUNS:
                needed = round_seconds(runs) + RESERVE + growth_cost(runs, min(GROWTH_KEPT, max(growth_sizes or [0])))
                if time.time() + needed > deadline:
                    results["settings"]["runs_done"] = index
                    note = "{0} runs instead of {1}: another round ({2:.0f}s at the last rounds' pace) would " \
                           "leave too little of --budget {3:.0f}s for the rest"
                    results["settings"]["runs_note"] = note.format(index, args.runs, round_seconds(runs), args.budget)
                    print("bench: " + results["settings"]["runs_note"], flush=True)
                    break
            runs["rerun"].append(bench.setup("rerun {0}".format(index + 1)))
            if floor_path is None:  # the floor has the shape of the first rerun
                floor_path = write_yaml(tmp / "floor.yml", floor_playbook(runs["rerun"][0]["tasks"]))
            runs["floor"].append(bench.playbook("floor {0}".format(index + 1), floor_path))
            emulator.reset()
            runs["fresh"].append(bench.setup("fresh {0}".format(index + 1)))
        results["scenarios"] = OrderedDict((key, summarize(value)) for key, value in runs.items())
        results["ratios"] = dict(
            rerun_over_floor=stats(r["wall"] / f["wall"] for r, f in zip(runs["rerun"], runs["floor"])),
            fresh_over_floor=stats(r["wall"] / f["wall"] for r, f in zip(runs["fresh"], runs["floor"])),
            rerun_cpu_over_floor_cpu=stats(r["cpu"]["ansible"] / f["cpu"]["ansible"]
                                           for r, f in zip(runs["rerun"], runs["floor"])),
        )
        if args.micro_runs:
            results["micro"] = micro_benchmarks(args.micro_runs, emulator.url)
        if growth_sizes:
            results["growth"] = run_growth(bench, emulator, growth_sizes, args, runs, deadline)
        results["raw_runs"] = runs
    all_runs = [r for scenario in runs.values() for r in scenario]
    results["load_1min"] = stats(r["load_1min_before"] for r in all_runs)
    results["others_cores"] = stats(r["cpu"]["others"] / r["wall"] for r in all_runs)
    results["machine"]["load_at_end"] = os.getloadavg()
    results["elapsed_seconds"] = time.time() - began
    return results


def merge_results(output, results, scenario):
    """With one scenario, keep what the last run of the other one wrote to the JSON (all: write it anew)."""
    if scenario == "all" or not output.exists():
        return results
    try:
        previous = json.loads(output.read_text(), object_pairs_hook=OrderedDict)
    except ValueError:
        return results
    # The roles comparison and the Organization scenario live under their own keys; everything else in the file
    # is the setup scenario's.
    own_keys = {"roles": {"roles_comparison"}, "organization": {"organization"}}

    def owner(key):
        return next((name for name, keys in own_keys.items() if key in keys), "setup")

    merged = OrderedDict((key, value) for key, value in previous.items() if owner(key) != scenario)
    merged.update(results)
    return merged


def no_op_writes(results):
    """The no-op reruns that made write calls (none should)."""
    counts = []
    if "scenarios" in results:
        counts.append(("setup.yml", results["scenarios"]["rerun"]["write_calls"]))
        counts.extend(("growth {0} sets".format(n), g["rerun"]["write_calls"])
                      for n, g in results.get("growth", {}).get("sizes", {}).items())
    if "roles_comparison" in results:
        sides = results["roles_comparison"]["sides"]
        counts.extend((label, sides[key]["write_calls"])
                      for key, label in (("ours_rerun", "roles: ours"), ("peer_rerun", "roles: amazon.aws")))
    return dict((name, count) for name, count in counts if count)


def main(argv=None):
    args = parse_args(argv)
    began = time.time()
    deadline = began + args.budget
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    results = OrderedDict()
    with tempfile.TemporaryDirectory(prefix="awsops-proton-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if args.write_peer_vars:
            write_peer_vars(args, tmp)
            return
        if args.scenario in ("roles", "all"):
            # First, so that the setup scenario's budget logic fits its optional rounds and growth sets in what
            # is left; the roles scenario's own optional reruns leave SETUP_MINIMUM for it.
            reserve = SETUP_MINIMUM if args.scenario == "all" else ROLES_RESERVE
            results["roles_comparison"] = run_roles(args, tmp / "roles", deadline, reserve)
        if args.scenario in ("setup", "all"):
            results.update(run_setup(args, tmp / "setup", began, deadline, output))
        if args.scenario == "organization":
            import bench_organization  # here: the other scenarios do not need it
            results["organization"] = bench_organization.run_organization(args, tmp / "organization",
                                                                          sys.modules[__name__])
    output.write_text(json.dumps(merge_results(output, results, args.scenario), indent=1, default=str))
    if "roles_comparison" in results:
        print(roles_table(results["roles_comparison"]))
    if "scenarios" in results:
        print(table(results))
    if "organization" in results:
        import bench_organization
        print(bench_organization.table(results["organization"]))
        if results["organization"]["problems"]:
            sys.exit("bench: the Organization scenario found problems (above)")
    writes = no_op_writes(results)
    if writes:
        sys.exit("bench: a no-op rerun made write calls: {0}".format(writes))


if __name__ == "__main__":
    main()
