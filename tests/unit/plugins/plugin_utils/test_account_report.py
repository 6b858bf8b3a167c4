"""The per-account report of an Organization run: states, lines, the failure message, the atomic JSON file."""

from __future__ import annotations

import json
import os
import stat

from ansible_collections.awsops.proton.plugins.plugin_utils import _account_report

RESULTS = ["environment_roles_result", "pipeline_roles_result"]


def outcome(hostvars, host="111111111111"):
    return _account_report.account_outcome(host, hostvars, RESULTS)


def test_states():
    failed = outcome({"aws_account_name": "a", "proton_account_failure": {"task": "Assume", "msg": "AccessDenied"},
                      "environment_roles_result": {"changed": True}})
    assert failed["status"] == "failed" and failed["failed_task"] == "Assume" and failed["message"] == "AccessDenied"
    changed = outcome({"environment_roles_result": {"changed": False}, "pipeline_roles_result": {"changed": True}})
    assert changed["status"] == "changed" and changed["changed_parts"] == ["pipeline_roles_result"]
    ok = outcome({"environment_roles_result": {"changed": False},
                  "pipeline_roles_result": {"changed": False, "skipped": True}})
    assert ok["status"] == "ok" and ok["changed_parts"] == []
    # Only skipped results, or none: the account's parts did not run (e.g. --limit left it out).
    assert outcome({"pipeline_roles_result": {"skipped": True, "changed": False}})["status"] == "not_run"
    assert outcome({})["status"] == "not_run"
    assert outcome({"aws_account_id": "222222222222"})["account_id"] == "222222222222"
    assert outcome({}, host="333333333333")["account_id"] == "333333333333"


def test_report_counts_lines_and_message():
    accounts = [outcome({"aws_account_name": "prod", "environment_roles_result": {"changed": True}}, "111111111111"),
                outcome({"aws_account_name": "dev", "environment_roles_result": {"changed": False}}, "222222222222"),
                outcome({"aws_account_name": "new", "proton_account_failure": {"task": "Assume", "msg": "denied"}},
                        "333333333333")]
    report = _account_report.build_report(accounts)
    assert report["counts"] == {"failed": 1, "changed": 1, "ok": 1, "not_run": 0}
    assert report["failed_count"] == 1
    assert report["lines"][0].startswith("111111111111 changed") and "environment_roles_result" in report["lines"][0]
    assert report["lines"][2] == "333333333333 failed   new - Assume: denied"
    assert report["message"].startswith("1 of 3 accounts failed: 333333333333 (denied)")
    assert _account_report.build_report(accounts[:2])["message"] == ""


def test_write_report_is_atomic_json(tmp_path):
    report = _account_report.build_report([outcome({"environment_roles_result": {"changed": False}})])
    path = tmp_path / "sub" / "report.json"
    written = _account_report.write_report(str(path), report)
    assert written == str(path)
    data = json.loads(path.read_text())
    assert set(data) == {"accounts", "counts"} and data["counts"]["ok"] == 1
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    assert os.listdir(path.parent) == ["report.json"]  # no temporary file left behind
