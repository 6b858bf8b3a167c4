"""What the reliability tests share: emulators, ansible-playbook runs, snapshots, fault counts, statistics.

Everything runs for real: ansible-playbook (the collection as installed through a collections
path) against the local AWS emulator (tests/emulator), and boto3 to read what a run left behind.
Nothing is mocked. Each job (see conftest.py) borrows one emulator from a small pool and resets it,
so jobs never see each other's state.
"""

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import boto3
from botocore.config import Config

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from proton_emulator.testing import is_write, start_emulator, write_calls  # noqa: E402,F401 pylint: disable=unused-import

HERE = Path(__file__).resolve().parent
SETUP = REPO / "playbooks" / "setup.yml"
TEARDOWN = REPO / "playbooks" / "teardown.yml"
EXAMPLE_VARS = REPO / "playbooks" / "vars" / "example.yml"
ANSIBLE_PLAYBOOK = str(Path(sys.executable).parent / "ansible-playbook")
ACCOUNT = "123456789012"
REGION = "us-east-1"
# The caller's credentials (the emulator accepts any key; unknown keys act in ACCOUNT).
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
RECAP = re.compile(r"^localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)"
                   r"\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)", re.M)
PLAYBOOK_TIMEOUT = 900


def setup_args(*extra):
    """setup.yml's arguments: the example variables (the whole setup: Identity Center admin with a CLI
    profile, scoped environment and pipeline roles, the account settings)."""
    return ["-e", "@" + str(EXAMPLE_VARS)] + list(extra)


def teardown_args(*extra):
    return setup_args("-e", "proton_teardown_confirm=true", *extra)


def cli_config(env):
    """The AWS CLI config file setup.yml writes the admin's profile to (example.yml: ~/.aws/config)."""
    return Path(env["HOME"]) / ".aws" / "config"


# ---------------------------------------------------------------- jobs (run by conftest.Jobs)

JOBS = {}  # name -> (weight, slots, function); filled by @job in the test modules


def job(name, weight=1.0, slots=1):
    """Register ``function(ctx)`` as the background job ``name`` (see conftest.py). ``weight`` (roughly its
    minutes) orders the queue, longest first; ``slots`` is how many playbooks it runs at once, or "sleepy"
    for one that mostly waits (retry backoff)."""
    def register(function):
        JOBS[name] = (weight, slots, function)
        return function
    return register


# ---------------------------------------------------------------- statistics for the summary


class Stats:
    """Counts the terminal summary prints (conftest.pytest_terminal_summary); thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self.counts = {}
        self.notes = []
        self.timings = []
        self.kills = []

    def add(self, key, amount=1):
        with self._lock:
            self.counts[key] = self.counts.get(key, 0) + amount

    def note(self, text):
        with self._lock:
            if text not in self.notes:
                self.notes.append(text)

    def timing(self, name, seconds):
        with self._lock:
            self.timings.append((name, seconds))

    def kill(self, point, writes, operation):
        with self._lock:
            self.kills.append((point, writes, operation))


STATS = Stats()


# ---------------------------------------------------------------- environment


def collections_path(root):
    """A collections tree under ``root`` holding this checkout as awsops.proton."""
    target = Path(root) / "ansible_collections" / "awsops"
    target.mkdir(parents=True, exist_ok=True)
    link = target / "proton"
    if not link.exists():
        link.symlink_to(REPO)
    return Path(root)


def playbook_env(url, home, collections, access_key=ACCESS_KEY, max_attempts=None, extra=None):
    """ansible-playbook's environment: the emulator as AWS, dummy credentials, nothing from the real $HOME.

    ``max_attempts`` None leaves AWS_MAX_ATTEMPTS unset, so the collection's own default applies.
    """
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "ANSIBLE_", "EC2_"))}
    env.update({
        "AWS_ENDPOINT_URL": url,
        "AWS_ACCESS_KEY_ID": access_key,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": str(home / ".aws" / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / ".aws" / "credentials"),
        "EMULATOR_URL": url,
        "ANSIBLE_COLLECTIONS_PATH": str(collections),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_HOME": str(home / ".ansible"),
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
    })
    (home / "tmp").mkdir(exist_ok=True)
    if max_attempts is not None:
        env["AWS_MAX_ATTEMPTS"] = str(max_attempts)
    env.update(extra or {})
    return env


# ---------------------------------------------------------------- running ansible-playbook


class Run:
    """One finished (or killed) ansible-playbook process."""

    def __init__(self, label, command, returncode, output, seconds, killed_after=None):
        self.label = label
        self.command = command
        self.returncode = returncode
        self.output = output
        self.seconds = seconds
        self.killed_after = killed_after
        match = None
        for match in RECAP.finditer(output):
            pass
        self.recap = dict(zip(("ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored"),
                              map(int, match.groups()))) if match else None

    @property
    def ok(self):
        return self.returncode == 0 and self.recap is not None and self.recap["failed"] == 0

    def describe(self, tail=12000):
        return "{0}: {1} exited {2} after {3:.0f}s\n--- output (tail) ---\n{4}".format(
            self.label, " ".join(self.command[1:]), self.returncode, self.seconds, self.output[-tail:])


def descendants(pid):
    """The pids of every process below ``pid`` (from /proc; ansible's workers call setsid, so a process
    group is not enough to reach them)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/{0}/stat".format(entry), "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(proc):
    """SIGKILL ansible-playbook and everything it started, as a crash or `kill -9` of the whole run would.

    The tree is frozen first (SIGSTOP until no new process appears), so nothing forks or makes another
    AWS call between the look-up and the kill.
    """
    stopped = set()
    while True:
        if proc.poll() is None and proc.pid not in stopped:
            _signal(proc.pid, signal.SIGSTOP)
            stopped.add(proc.pid)
        fresh = [pid for pid in descendants(proc.pid) if pid not in stopped]
        if not fresh:
            break
        for pid in fresh:
            _signal(pid, signal.SIGSTOP)
            stopped.add(pid)
    for pid in stopped:
        _signal(pid, signal.SIGKILL)
    proc.wait()
    return sorted(stopped)


def _signal(pid, signum):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def gone(pids, timeout=10):
    """Whether all ``pids`` have exited (zombies count as gone) within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [pid for pid in pids if _alive(pid)]
        if not alive:
            return True
        time.sleep(0.05)
    return False


def _alive(pid):
    try:
        with open("/proc/{0}/stat".format(pid), "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


ACTIVE = set()  # running ansible-playbook processes, killed if the session is interrupted
_ACTIVE_LOCK = threading.Lock()
_STOPPING = threading.Event()


def run_playbook(env, playbook, args=(), label=None, workdir=None, emulator=None, kill_after_writes=None,
                 timeout=PLAYBOOK_TIMEOUT):
    """Run ansible-playbook to its end, or, with ``kill_after_writes=N``, kill its whole process tree as soon
    as the emulator's call log shows the Nth write call (``emulator`` required)."""
    command = [ANSIBLE_PLAYBOOK, str(playbook)] + [str(arg) for arg in args]
    label = label or Path(playbook).name
    workdir = Path(workdir or env["HOME"])
    workdir.mkdir(parents=True, exist_ok=True)
    out_path = workdir / "ansible-{0}-{1}.out".format(re.sub(r"\W+", "_", label), time.monotonic_ns())
    if _STOPPING.is_set():
        raise RuntimeError("the test session is ending; {0} not started".format(label))
    STATS.add("playbook runs")
    start = time.monotonic()
    killed_after = None
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(command, env=env, cwd=str(REPO), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        with _ACTIVE_LOCK:
            ACTIVE.add(proc)
        try:
            if kill_after_writes is None:
                proc.wait(timeout)
            else:
                killed_after = _kill_at_write(proc, emulator, kill_after_writes, start + timeout)
        except subprocess.TimeoutExpired:
            kill_tree(proc)
            raise AssertionError("{0} did not finish within {1}s".format(label, timeout))
        finally:
            with _ACTIVE_LOCK:
                ACTIVE.discard(proc)
    output = out_path.read_text(errors="replace")
    return Run(label, command, proc.returncode, output, time.monotonic() - start, killed_after)


def _kill_at_write(proc, emulator, count, deadline):
    """Watch the call log; at the ``count``-th write, kill the tree. Returns the writes logged when killed
    and the pids killed, or None if the run ended first."""
    while time.monotonic() < deadline:
        writes = len(write_calls(emulator.calls()))
        if writes >= count:
            pids = kill_tree(proc)
            assert gone(pids), "processes of the killed run survived: {0}".format(pids)
            return dict(writes_when_killed=writes, pids=pids)
        if proc.poll() is not None:
            return None
        time.sleep(0.05)
    raise subprocess.TimeoutExpired(proc.args, 0)


def stop_active():
    """Kill every running playbook and start no other (an interrupted session must not leave them behind)."""
    _STOPPING.set()
    with _ACTIVE_LOCK:
        procs = list(ACTIVE)
    for proc in procs:
        if proc.poll() is None:
            kill_tree(proc)


# ---------------------------------------------------------------- faults counted from the call log


def injected_faults(calls, seed, throttle_rate, error_rate):
    """``(throttles, server_errors)`` the emulator injected into ``calls``.

    The call log keeps each request's HTTP status but not its error code, so an injected throttle
    (HTTP 400) looks like any other 400. The emulator draws one number per request from
    ``random.Random(seed)`` (faults.Faults.draw); replaying that sequence over the log tells which
    requests it faulted, and every replayed fault must match the logged status, which checks the
    replay. Entries with an ``error`` field (should the log ever record codes) are counted directly.
    """
    if calls and all("error" in call for call in calls):
        throttles = sum(1 for call in calls if call["status"] == 400 and re.match(
            r"(Throttling|TooManyRequests)", call.get("error") or ""))
        return throttles, sum(1 for call in calls if call["status"] >= 500)
    rng = random.Random(seed)
    throttles = errors = 0
    for index, call in enumerate(calls):
        roll = rng.random()
        if roll < throttle_rate:
            assert call["status"] == 400, "call {0} {1}: a throttle was drawn, the log says {2}".format(
                index, call["operation"], call["status"])
            throttles += 1
        elif roll < throttle_rate + error_rate:
            status = rng.choice((500, 503))
            assert call["status"] == status, "call {0} {1}: a {2} was drawn, the log says {3}".format(
                index, call["operation"], status, call["status"])
            errors += 1
        else:
            assert call["status"] < 500, "call {0} {1}: no fault was drawn, the log says {2}".format(
                index, call["operation"], call["status"])
    return throttles, errors


# ---------------------------------------------------------------- the final state, read with boto3


_CLIENTS = {}
_CLIENTS_LOCK = threading.Lock()


def clients(url):
    """``make(service)``: a boto3 client of the emulator at ``url`` (made once; clients are thread-safe)."""
    def make(service):
        with _CLIENTS_LOCK:
            if (url, service) not in _CLIENTS:
                session = boto3.session.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                                region_name=REGION)
                _CLIENTS[url, service] = session.client(service, endpoint_url=url, config=Config(
                    retries={"mode": "standard", "total_max_attempts": 3}))
            return _CLIENTS[url, service]
    return make


def _all(client, operation, key, **kwargs):
    if client.can_paginate(operation):
        items = []
        for page in client.get_paginator(operation).paginate(**kwargs):
            items.extend(page.get(key, []))
        return items
    return getattr(client, operation)(**kwargs).get(key, [])


def _doc(document):
    if isinstance(document, str):
        document = json.loads(document)
    return json.loads(json.dumps(document, sort_keys=True))


def _tags(tags):
    return {tag["Key"]: tag["Value"] for tag in tags or []}


IDENTITY_STORE_ID = re.compile(r"d-[0-9a-f]{10}")


def snapshot(url, files=()):
    """The account's state as setup.yml and teardown.yml manage it, without ids or dates.

    IAM roles (trust and permission documents, tags, boundary), users, groups and customer managed
    policies; IAM Identity Center users, groups, memberships, permission sets (policies, provisioning)
    and account assignments, by name; AWS Proton's account settings; and the text of ``files``
    (identity store ids masked), absent files as None. Read with the emulator's faults off.
    """
    make = clients(url)
    iam, sso, store, proton = make("iam"), make("sso-admin"), make("identitystore"), make("proton")
    state = {"roles": {}, "users": {}, "groups": {}, "policies": {}, "identity_center": [], "files": {}}
    for role in _all(iam, "list_roles", "Roles"):
        if role["Path"].startswith("/aws-service-role/"):
            continue
        name = role["RoleName"]
        full = iam.get_role(RoleName=name)["Role"]
        state["roles"][name] = dict(
            path=full["Path"], description=full.get("Description"), max_session_duration=full["MaxSessionDuration"],
            trust=_doc(full["AssumeRolePolicyDocument"]), tags=_tags(full.get("Tags")),
            boundary=(full.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn"),
            managed=_attached(iam, "role", RoleName=name),
            inline={p: _doc(iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"])
                    for p in _all(iam, "list_role_policies", "PolicyNames", RoleName=name)})
    for user in _all(iam, "list_users", "Users"):
        name = user["UserName"]
        full = iam.get_user(UserName=name)["User"]
        try:
            profile = iam.get_login_profile(UserName=name)["LoginProfile"]
            login = dict(password_reset_required=profile.get("PasswordResetRequired"))
        except iam.exceptions.NoSuchEntityException:
            login = None
        state["users"][name] = dict(
            path=full["Path"], tags=_tags(full.get("Tags")), login_profile=login,
            boundary=(full.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn"),
            groups=sorted(g["GroupName"] for g in _all(iam, "list_groups_for_user", "Groups", UserName=name)),
            access_keys=sorted(k["Status"] for k in _all(iam, "list_access_keys", "AccessKeyMetadata", UserName=name)),
            managed=_attached(iam, "user", UserName=name),
            inline=sorted(_all(iam, "list_user_policies", "PolicyNames", UserName=name)))
    for group in _all(iam, "list_groups", "Groups"):
        name = group["GroupName"]
        state["groups"][name] = dict(
            path=group["Path"],
            members=sorted(u["UserName"] for u in iam.get_group(GroupName=name)["Users"]),
            managed=_attached(iam, "group", GroupName=name),
            inline=sorted(_all(iam, "list_group_policies", "PolicyNames", GroupName=name)))
    for policy in _all(iam, "list_policies", "Policies", Scope="Local"):
        version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])
        state["policies"][policy["PolicyName"]] = dict(path=policy["Path"],
                                                       document=_doc(version["PolicyVersion"]["Document"]))
    for instance in _all(sso, "list_instances", "Instances"):
        state["identity_center"].append(_identity_center(sso, store, instance))
    settings = proton.get_account_settings().get("accountSettings", {})
    state["proton_account_settings"] = {key: value for key, value in sorted(settings.items()) if value}
    for path in files:
        path = Path(path)
        state["files"][path.name] = IDENTITY_STORE_ID.sub("d-IDSTORE", path.read_text()) if path.exists() else None
    return state


def _attached(iam, kind, **name):
    return sorted(p["PolicyArn"] for p in _all(iam, "list_attached_%s_policies" % kind, "AttachedPolicies", **name))


def _identity_center(sso, store, instance):
    arn, store_id = instance["InstanceArn"], instance["IdentityStoreId"]
    users = {u["UserId"]: u for u in _all(store, "list_users", "Users", IdentityStoreId=store_id)}
    groups = {g["GroupId"]: g for g in _all(store, "list_groups", "Groups", IdentityStoreId=store_id)}
    principal = {}
    view = dict(users={}, groups={}, permission_sets={})
    for user in users.values():
        principal[("USER", user["UserId"])] = "user:" + user["UserName"]
        view["users"][user["UserName"]] = dict(
            display_name=user.get("DisplayName"), name=user.get("Name"),
            emails=sorted(json.dumps(e, sort_keys=True) for e in user.get("Emails", [])))
    for group in groups.values():
        principal[("GROUP", group["GroupId"])] = "group:" + group["DisplayName"]
        members = _all(store, "list_group_memberships", "GroupMemberships", IdentityStoreId=store_id,
                       GroupId=group["GroupId"])
        view["groups"][group["DisplayName"]] = dict(
            description=group.get("Description"),
            members=sorted(users[m["MemberId"]["UserId"]]["UserName"] if m["MemberId"]["UserId"] in users
                           else "unknown:" + m["MemberId"]["UserId"] for m in members))
    provisioned = set(_all(sso, "list_permission_sets_provisioned_to_account", "PermissionSets", InstanceArn=arn,
                           AccountId=ACCOUNT))
    for ps_arn in _all(sso, "list_permission_sets", "PermissionSets", InstanceArn=arn):
        ps = sso.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn)["PermissionSet"]
        inline = sso.get_inline_policy_for_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn).get("InlinePolicy")
        assignments = _all(sso, "list_account_assignments", "AccountAssignments", InstanceArn=arn,
                           AccountId=ACCOUNT, PermissionSetArn=ps_arn)
        view["permission_sets"][ps["Name"]] = dict(
            description=ps.get("Description"), session_duration=ps.get("SessionDuration"),
            relay_state=ps.get("RelayState"),
            managed=sorted(p["Arn"] for p in _all(sso, "list_managed_policies_in_permission_set",
                                                  "AttachedManagedPolicies", InstanceArn=arn,
                                                  PermissionSetArn=ps_arn)),
            customer_managed=sorted(json.dumps(p, sort_keys=True) for p in _all(
                sso, "list_customer_managed_policy_references_in_permission_set", "CustomerManagedPolicyReferences",
                InstanceArn=arn, PermissionSetArn=ps_arn)),
            inline=_doc(inline) if inline else None,
            tags=_tags(_all(sso, "list_tags_for_resource", "Tags", InstanceArn=arn, ResourceArn=ps_arn)),
            provisioned_to_account=ps_arn in provisioned,
            assignments=sorted(principal.get((a["PrincipalType"], a["PrincipalId"]), "unknown:" + a["PrincipalType"])
                               for a in assignments))
    return view


def diff(expected, actual, path="state"):
    """Human-readable differences between two snapshots (empty when equal)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines = []
        for key in sorted(set(expected) | set(actual), key=str):
            where = "{0}.{1}".format(path, key)
            if key not in actual:
                lines.append("{0}: missing (expected {1})".format(where, _short(expected[key])))
            elif key not in expected:
                lines.append("{0}: unexpected {1}".format(where, _short(actual[key])))
            else:
                lines.extend(diff(expected[key], actual[key], where))
        return lines
    if expected != actual:
        return ["{0}: expected {1}, got {2}".format(path, _short(expected), _short(actual))]
    return []


def _short(value, limit=400):
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= limit else text[:limit] + "..."
