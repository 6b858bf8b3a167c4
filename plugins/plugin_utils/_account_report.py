# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. The per-account report of an Organization run (``account_report``).

Each account of the inventory ends a run in one of four states: ``failed`` (its ``proton_account_failure``
fact is set: the task that failed and AWS's or the rule's message), ``changed`` (one of its parts' results
says changed), ``ok`` (all its parts ran and changed nothing), or ``not_run`` (none of its parts ran, e.g.
left out by ``--limit``). The report is written as JSON atomically, so a reader never sees half a file and an
interrupted run leaves the previous report.
"""

from __future__ import annotations

import json
import os
import tempfile

STATES = ("failed", "changed", "ok", "not_run")


def account_outcome(host, hostvars, result_names):
    """One account's entry: ``dict(account_id, name, status, changed_parts, failed_task, message)``."""
    failure = hostvars.get("proton_account_failure") or {}
    ran = [name for name in result_names if isinstance(hostvars.get(name), dict)
           and not hostvars[name].get("skipped")]
    changed = [name for name in ran if hostvars[name].get("changed")]
    if failure:
        status = "failed"
    elif changed:
        status = "changed"
    elif ran:
        status = "ok"
    else:
        status = "not_run"
    return dict(
        account_id=str(hostvars.get("aws_account_id") or host),
        name=hostvars.get("aws_account_name", ""),
        ou_path=hostvars.get("aws_account_ou_path", ""),
        status=status,
        changed_parts=changed,
        failed_task=failure.get("task", ""),
        message=failure.get("msg", ""),
    )


def build_report(accounts):
    """The report of ``accounts`` (outcomes): counts, printable lines, and the message when any failed."""
    counts = {state: 0 for state in STATES}
    lines = []
    for entry in accounts:
        counts[entry["status"]] += 1
        line = "{0} {1:<8} {2}".format(entry["account_id"], entry["status"], entry["name"])
        if entry["status"] == "failed":
            line += " - {0}: {1}".format(entry["failed_task"], entry["message"])
        elif entry["changed_parts"]:
            line += " ({0})".format(", ".join(entry["changed_parts"]))
        lines.append(line)
    failed = [entry for entry in accounts if entry["status"] == "failed"]
    message = ""
    if failed:
        message = "{0} of {1} accounts failed: {2}. Every other account completed; rerun to converge the " \
                  "failed ones.".format(len(failed), len(accounts),
                                        "; ".join("{0} ({1})".format(e["account_id"], e["message"]) for e in failed))
    return dict(accounts=accounts, counts=counts, lines=lines, failed_count=len(failed), message=message)


def write_report(path, report):
    """Write ``report`` (without its printable lines) to ``path`` as JSON, atomically (temp file + rename)."""
    path = os.path.abspath(os.path.expanduser(path))
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    payload = dict(accounts=report["accounts"], counts=report["counts"])
    handle, temp = tempfile.mkstemp(dir=directory, prefix=".{0}.".format(os.path.basename(path)))
    try:
        with os.fdopen(handle, "w") as stream:
            json.dump(payload, stream, indent=2, sort_keys=True)
            stream.write("\n")
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return path
