"""`make bench` Organization scenario (scripts/bench.py --scenario organization): playbooks/organization.yml at scale.

For each N of --accounts (default 1,10,50,100) member accounts, on a fresh emulator state seeded with
proton_emulator.testing.seed_organization (2 OUs), with the awsops.proton.aws_organization inventory and -f --forks:
a fresh converge, then a no-op rerun. Then, at --failing-at accounts (default 10), a run in which 3 accounts lack
OrganizationAccountAccessRole: exactly 3 must fail and the others converge.

Measured per run (the same way as the other scenarios, by scripts/bench.py's Bench): wall time; per-account wall
(from the account's first task to its last, p50/p95); module processes (GNU time) and API calls (the emulator's log)
in all, per account, and AssumeRole calls; controller CPU-seconds (the ansible-playbook process tree) and its peak
memory. Linearity: the marginal controller CPU-seconds per account, (cpu(N) - cpu(1)) / (N - 1), at the largest N
against N=10 (target: within 1.25x).
"""

import json
import statistics
import sys
import time
from collections import Counter, OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "emulator"))

from proton_emulator.testing import seed_organization, start_emulator, write_calls  # noqa: E402

MANAGEMENT = "123456789012"
PLAYBOOK = ROOT / "playbooks" / "organization.yml"
INVENTORY = "plugin: awsops.proton.aws_organization\n"


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def seed(url, size, without_role=0):
    """``size`` member accounts: in one OU when odd, else half in each of two."""
    if size % 2:
        return seed_organization(url, ["Workloads"], size, without_role=without_role)
    return seed_organization(url, ["Workloads", "Sandbox"], size // 2, without_role=without_role)


def measure(bench, label, accounts, tmp, allow_failure=False):
    inventory = tmp / "org.aws_organization.yml"
    inventory.write_text(INVENTORY)
    run = bench.playbook(label, PLAYBOOK, ["-i", str(inventory), "-e", "@playbooks/vars/example.yml",
                                           "-e", "admin_user_cli_config_file={0}".format(tmp / "aws-config"),
                                           "-e", "proton_report_file={0}".format(tmp / "report.json"),
                                           "-f", str(bench.args.forks)], allow_failure=allow_failure)
    members = set(accounts)
    calls = bench.emulator.calls()
    calls = calls[len(calls) - run["api_calls"]:]
    by_account = Counter(call["account"] for call in calls)
    walls = [last - first for host, (first, last, _modules) in run["hosts"].items() if host in members]
    modules = [entry[2] for host, entry in run["hosts"].items() if host in members]
    report = json.loads((tmp / "report.json").read_text())
    processes = (run["module_processes"] or {}).get("count")
    return OrderedDict(
        accounts=len(accounts), wall=run["wall"], returncode=run["returncode"],
        account_wall_p50=percentile(walls, 0.5), account_wall_p95=percentile(walls, 0.95),
        module_processes=processes,
        module_processes_per_account=statistics.mean(modules) if modules else None,
        api_calls=run["api_calls"], write_calls=run["write_calls"],
        calls_per_account=statistics.mean(by_account[a] for a in accounts) if accounts else None,
        central_calls=by_account[MANAGEMENT],
        assume_role_calls=sum(1 for call in calls if call["operation"] == "AssumeRole"),
        writes_in_members=sum(1 for call in write_calls(calls) if call["account"] in members),
        controller_cpu=run["cpu"]["ansible"], emulator_cpu=run["cpu"]["emulator"],
        peak_tree_rss_mb=run["peak_tree_rss"] / 2 ** 20, load_1min_before=run["load_1min_before"],
        report_counts=report["counts"],
    )


def run_organization(args, tmp, bench_module):
    """Every N: fresh converge and no-op rerun; then the failing run. Returns the results (and checks them)."""
    sizes = [int(n) for n in args.accounts.split(",") if n.strip()]
    results = OrderedDict(settings=dict(accounts=sizes, forks=args.forks, failing_at=args.failing_at),
                          machine=bench_module.machine_facts(), runs=[])
    problems = []
    tmp.mkdir(parents=True, exist_ok=True)
    with start_emulator(log_path=str(tmp / "emulator.log")) as emulator:
        bench = bench_module.Bench(args, tmp / "runs", emulator, collections=bench_module.ensure_collections_link())
        for size in sizes:
            emulator.reset()
            began = time.time()
            org = seed(emulator.url, size)
            accounts = [account["id"] for account in org["accounts"]]
            seeded = time.time() - began
            fresh = measure(bench, "organization: {0} fresh".format(size), accounts, tmp)
            rerun = measure(bench, "organization: {0} rerun".format(size), accounts, tmp)
            fresh["seed_seconds"] = seeded
            results["runs"].append(OrderedDict(accounts=size, fresh=fresh, rerun=rerun))
            if rerun["write_calls"] or rerun["report_counts"]["changed"]:
                problems.append("the no-op rerun at N={0} wrote or changed: {1}".format(size, rerun))
            if fresh["assume_role_calls"] != size or rerun["assume_role_calls"] != size:
                problems.append("AssumeRole calls at N={0}: {1} and {2}".format(
                    size, fresh["assume_role_calls"], rerun["assume_role_calls"]))
        if args.failing_at:
            emulator.reset()
            org = seed(emulator.url, args.failing_at, without_role=3)
            accounts = [account["id"] for account in org["accounts"]]
            failing = measure(bench, "organization: {0}, 3 without role".format(len(accounts)), accounts, tmp,
                              allow_failure=True)
            results["failing"] = failing
            counts = failing["report_counts"]
            if failing["returncode"] == 0 or counts["failed"] != 3 or counts["changed"] != len(accounts) - 3:
                problems.append("the run with 3 accounts without the role: {0}".format(counts))
    by_size = {entry["accounts"]: entry["rerun"] for entry in results["runs"]}
    fresh_by_size = {entry["accounts"]: entry["fresh"] for entry in results["runs"]}
    results["linearity"] = linearity(fresh_by_size, by_size)
    results["problems"] = problems
    return results


def marginal(by_size, size):
    """Controller CPU-seconds per account beyond the first: (cpu(N) - cpu(1)) / (N - 1)."""
    if 1 not in by_size or size not in by_size or size == 1:
        return None
    return (by_size[size]["controller_cpu"] - by_size[1]["controller_cpu"]) / (size - 1)


def linearity(fresh, rerun):
    largest = max(rerun) if rerun else None
    result = OrderedDict()
    for name, by_size in (("fresh", fresh), ("rerun", rerun)):
        at_10, at_largest = marginal(by_size, 10), marginal(by_size, largest)
        result[name] = OrderedDict(
            per_account_cpu_at_10=at_10, per_account_cpu_at_largest=at_largest, largest=largest,
            ratio=(at_largest / at_10) if at_10 and at_largest else None,
            naive_per_account_cpu={size: entry["controller_cpu"] / size for size, entry in sorted(by_size.items())})
    return result


def fmt(value, digits=2):
    if value is None:
        return "-"
    if isinstance(value, float):
        return "{0:.{1}f}".format(value, digits)
    return str(value)


def table(results):
    row = "{0:>5} {1:<6} {2:>8} {3:>9} {4:>9} {5:>9} {6:>9} {7:>8} {8:>9} {9:>7} {10:>8} {11:>8}"
    lines = ["Organization: playbooks/organization.yml, forks {0}; {1}".format(
        results["settings"]["forks"], results["machine"].get("cpu_model", "")),
        row.format("N", "run", "wall s", "acct p50", "acct p95", "modules", "mod/acct", "calls", "calls/acct",
                   "assume", "CPU s", "peak MB")]
    for entry in results["runs"]:
        for name in ("fresh", "rerun"):
            s = entry[name]
            lines.append(row.format(entry["accounts"], name, fmt(s["wall"]), fmt(s["account_wall_p50"]),
                                    fmt(s["account_wall_p95"]), fmt(s["module_processes"]),
                                    fmt(s["module_processes_per_account"]), fmt(s["api_calls"]),
                                    fmt(s["calls_per_account"], 1), fmt(s["assume_role_calls"]),
                                    fmt(s["controller_cpu"]), fmt(s["peak_tree_rss_mb"], 0)))
    if "failing" in results:
        f = results["failing"]
        lines.append("3 accounts without OrganizationAccountAccessRole of {0}: rc {1}, {2}".format(
            f["accounts"], f["returncode"], f["report_counts"]))
    for name, entry in results["linearity"].items():
        lines.append("{0}: marginal controller CPU per account at N=10 {1} s, at N={2} {3} s: ratio {4}".format(
            name, fmt(entry["per_account_cpu_at_10"], 3), entry["largest"], fmt(entry["per_account_cpu_at_largest"], 3),
            fmt(entry["ratio"])))
    for problem in results["problems"]:
        lines.append("PROBLEM: " + problem)
    return "\n".join(lines)
