# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""proton_roles: plan every role on the controller, then (unless plan_only) run the module that converges them.

A bad value fails here, before any module process or AWS call. With ``from_templates``, the templates are read
here, on the controller where they are, and the module gets what was read (``template_reading``), not the
template reader and its CloudFormation data. The module plans again in its own process, for the account it
finds; planning is pure and costs milliseconds.
"""

from __future__ import annotations

from ansible.errors import AnsibleActionFail

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError, ProtonCollectionError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import connection_argument_spec
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_set
from ansible_collections.awsops.proton.plugins.module_utils._proton.role_templates import read_role_templates
from ansible_collections.awsops.proton.plugins.plugin_utils._compute import ComputeAction

# Any 12-digit account gives documents of the same size: what a plan without the caller's account checks with.
PLACEHOLDER_ACCOUNT = "123456789012"


class ActionModule(ComputeAction):
    ARGUMENT_SPEC = dict(role_set.ARGUMENT_SPEC, **connection_argument_spec())

    def run(self, tmp=None, task_vars=None):
        result = super(ComputeAction, self).run(tmp, task_vars)  # ActionBase.run
        try:
            unused_validation, params = self.validate_argument_spec(argument_spec=self.ARGUMENT_SPEC)
        except AnsibleActionFail as e:
            result.update(failed=True, msg=str(e))
            return result
        warnings = []
        names = role_set.namer(params["variable_names"])
        try:
            # from_templates: the templates are read here, where they are; the module gets what was read.
            params = read_role_templates(params, names)
            plan_params = dict(params)
            if params["state"] == "present" and not params["plan_only"]:
                plan_params.update(account_id=params["account_id"] or PLACEHOLDER_ACCOUNT,
                                   partition=params["partition"] or "aws")
            planned = role_set.plan(plan_params, names, warnings.append)
        except ParameterError as e:
            result.update(failed=True, msg=e.message, option=e.option)
            return result
        except ProtonCollectionError as e:
            result.update(failed=True, msg=e.message, **e.details)
            return result
        if params["plan_only"]:
            result.update(changed=False, roles=planned, arns=dict((p["kind"], p["arn"]) for p in planned))
            if warnings:
                result["warnings"] = warnings
            return result
        # The module warns again itself; its result is the task's.
        module_args = dict(self._task.args)
        if params.get("template_reading"):
            module_args["template_reading"] = params["template_reading"]
        result.update(self._execute_module(module_name="awsops.proton.proton_roles", module_args=module_args,
                                           task_vars=task_vars))
        return result
