"""Reliability and security tests (issue 7): faults, interruption, concurrency, bad input, secrets, defaults.

The expensive part of every test is ansible-playbook against the emulator. To fit the stage's time
budget on a small machine, that work is done by *jobs* run in the background, each on its own emulator
(reset before the job), started as soon as the first test needs any of them, longest first. A test
names the jobs it reads with ``@pytest.mark.jobs("name", ...)`` and asserts on ``jobs.result("name")``,
so ``-k`` runs only the jobs its tests need. A job that fails makes the tests reading it fail with its
error.

At most RELIABILITY_PARALLEL (default 2) playbooks keep the CPU busy at once. A job declares how many
of those slots it takes: 1 for a playbook run, 2 for the two concurrent runs, and RELIABILITY_SLEEPY_SLOT
(default 0.5) for a run that mostly sleeps - under 30% throttling a setup.yml run spends about two
thirds of its time in botocore's retry backoff, so two of them together use about one core. Set
RELIABILITY_SLEEPY_SLOT=1 for strictly RELIABILITY_PARALLEL playbooks at a time.

At the end, a table of what was exercised: playbook runs, faults injected, kill points, bad inputs,
secrets searched for.
"""

import os
import queue
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import harness
from harness import JOBS


class JobContext:
    """What a job gets: a reset emulator of its own, a scratch directory and the collections path."""

    def __init__(self, name, emulator, workdir, collections):
        self.name = name
        self.emulator = emulator
        self.workdir = Path(workdir)
        self.collections = collections

    def env(self, home, **kwargs):
        return harness.playbook_env(self.emulator.url, self.workdir / home, self.collections, **kwargs)


class Scheduler:
    """``capacity`` units of CPU shared by jobs: whenever units are free, the first queued job that fits
    starts (so a sleepy job can fill a gap a whole playbook does not fit in)."""

    def __init__(self, capacity):
        self._cond = threading.Condition()
        self._capacity = capacity
        self._free = capacity
        self._queue = []  # [name, units] in priority order
        self._closed = False

    def enqueue(self, name, units):
        with self._cond:
            self._queue.append([name, min(units, self._capacity)])

    def acquire(self, name):
        with self._cond:
            while True:
                if self._closed:
                    raise RuntimeError("the session ended before job {0} ran".format(name))
                first_fit = next((entry for entry in self._queue if entry[1] <= self._free), None)
                if first_fit is not None and first_fit[0] == name:
                    self._queue.remove(first_fit)
                    self._free -= first_fit[1]
                    self._cond.notify_all()
                    return first_fit[1]
                self._cond.wait()

    def release(self, units):
        with self._cond:
            self._free += units
            self._cond.notify_all()

    def close(self):
        with self._cond:
            self._closed = True
            self._cond.notify_all()


UNITS = 4  # per playbook slot: a sleepy job takes RELIABILITY_SLEEPY_SLOT of one slot


class Jobs:
    def __init__(self, parallel, root, sleepy_slot=0.5):
        self._root = Path(root)
        self._sleepy_slot = sleepy_slot
        self._scheduler = Scheduler(parallel * UNITS)
        self._pool = ThreadPoolExecutor(max_workers=len(JOBS), thread_name_prefix="job")
        self._emulators = queue.LifoQueue()
        self._started = []
        self._lock = threading.Lock()
        self._futures = {}
        self._collections = harness.collections_path(self._root / "collections")

    def _units(self, name):
        slots = JOBS[name][1]
        share = self._sleepy_slot if slots == "sleepy" else float(slots)
        return max(1, int(round(share * UNITS)))

    def start(self, names):
        """Queue jobs: those taking several slots first, then the longest CPU-bound job followed by two
        sleepy ones, and so on, so that sleepy runs fill the CPU the others leave."""
        names = sorted((name for name in set(names) if name not in self._futures), key=lambda n: (-JOBS[n][0], n))
        wide = [n for n in names if JOBS[n][1] != "sleepy" and float(JOBS[n][1]) > 1]
        busy = [n for n in names if JOBS[n][1] != "sleepy" and float(JOBS[n][1]) <= 1]
        sleepy = [n for n in names if JOBS[n][1] == "sleepy"]
        order = list(wide)
        while busy or sleepy:
            order.extend(busy[:1] + sleepy[:2])
            busy, sleepy = busy[1:], sleepy[2:]
        for name in order:
            self._scheduler.enqueue(name, self._units(name))
            self._futures[name] = self._pool.submit(self._run, name)

    def result(self, name, timeout=1800):
        if name not in self._futures:
            self.start([name])
        return self._futures[name].result(timeout)

    def _emulator(self):
        try:
            return self._emulators.get_nowait()
        except queue.Empty:
            emulator = harness.start_emulator(timeout=60)
            with self._lock:
                self._started.append(emulator)
            return emulator

    def _run(self, name):
        function = JOBS[name][2]
        units = self._scheduler.acquire(name)
        started = time.monotonic()
        emulator = self._emulator()
        try:
            emulator.reset()
            workdir = tempfile.mkdtemp(prefix=name + "-", dir=str(self._root))
            try:
                return function(JobContext(name, emulator, workdir, self._collections))
            except AssertionError:
                raise
            except Exception as error:  # keep the traceback of the background thread in the message
                raise RuntimeError("job {0} failed: {1}\n{2}".format(name, error, traceback.format_exc()))
        finally:
            self._emulators.put(emulator)
            self._scheduler.release(units)
            harness.STATS.timing(name, time.monotonic() - started)

    def close(self):
        self._scheduler.close()
        harness.stop_active()
        self._pool.shutdown(wait=True)
        for emulator in self._started:
            emulator.stop()


def pytest_configure(config):
    config.addinivalue_line("markers", "jobs(*names): the background jobs (conftest.job) a test reads")


@pytest.fixture(scope="session")
def jobs(request, tmp_path_factory):
    runner = Jobs(int(os.environ.get("RELIABILITY_PARALLEL", "2")), tmp_path_factory.mktemp("reliability"),
                  sleepy_slot=float(os.environ.get("RELIABILITY_SLEEPY_SLOT", "0.5")))
    needed = set()
    for item in request.session.items:
        for marker in item.iter_markers("jobs"):
            needed.update(marker.args)
    unknown = needed - set(JOBS)
    if unknown:
        raise pytest.UsageError("unknown jobs: {0}".format(", ".join(sorted(unknown))))
    runner.start(needed)
    yield runner
    runner.close()


SUMMARY_ROWS = (
    ("playbook runs", "ansible-playbook processes started (killed ones included)"),
    ("setup runs under faults", "seeded setup.yml runs with throttle 0.3 and error 0.05"),
    ("faults injected: throttling", "HTTP 400 Throttling/ThrottlingException answers the emulator injected"),
    ("faults injected: server errors", "HTTP 500/503 answers the emulator injected"),
    ("IAM propagation rejections", "UpdateAccountSettings refused while the new roles propagated (20s)"),
    ("kill points", "runs killed (whole process tree, SIGKILL) after the Nth write call"),
    ("concurrent runs", "setup.yml runs started together against one account"),
    ("write races forced", "write calls both concurrent runs sent (lockstep proxy pairs)"),
    ("bad inputs tried", "wrong inputs, each refused before any write call"),
    ("secrets searched for", "secret values searched for in output, results and files"),
    ("places searched", "outputs and files searched for the secrets"),
)


def pytest_terminal_summary(terminalreporter):
    counts = harness.STATS.counts
    if not counts:
        return
    terminalreporter.section("reliability and security: what was exercised")
    width = max(len(row[0]) for row in SUMMARY_ROWS)
    for label, meaning in SUMMARY_ROWS:
        terminalreporter.write_line("{0:<{1}}  {2:>6}   {3}".format(label, width, counts.get(label, 0), meaning))
    if harness.STATS.kills:
        terminalreporter.write_line("killed at write (writes logged when the tree was killed): " + ", ".join(
            "{0} {2} ({1})".format(*kill) for kill in sorted(harness.STATS.kills)))
    for note in harness.STATS.notes:
        terminalreporter.write_line("note: " + note)
    if harness.STATS.timings:
        terminalreporter.write_line("job seconds: " + ", ".join(
            "{0} {1:.0f}".format(name, seconds) for name, seconds in harness.STATS.timings))
