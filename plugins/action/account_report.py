# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""account_report on the controller: reads each account's facts from hostvars, no module process."""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.awsops.proton.plugins.plugin_utils import _account_report

ARGUMENT_SPEC = dict(
    accounts=dict(type="list", elements="str", required=True),
    results=dict(type="list", elements="str",
                 default=["environment_roles_result", "pipeline_roles_result"]),
    report_file=dict(type="path"),
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        try:
            unused_validation, params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        except AnsibleActionFail as e:
            result.update(failed=True, msg=str(e))
            return result
        hostvars = task_vars["hostvars"]
        outcomes = [_account_report.account_outcome(host, hostvars[host] if host in hostvars else {},
                                                    params["results"])
                    for host in params["accounts"]]
        report = _account_report.build_report(outcomes)
        result.update(report)
        result["changed"] = False
        if params["report_file"]:
            # The report describes this run, check mode included: it is written either way.
            result["report_file"] = _account_report.write_report(params["report_file"], report)
        return result
