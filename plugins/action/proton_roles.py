# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""proton_roles: plan every role on the controller, then (unless plan_only) run the module that converges the plan.

A bad value fails here, before any module process or AWS call. With ``from_templates``, the templates are read
here, on the controller where they are. The module gets the plan (its ``plan`` option), documents included, and
converges it: its process carries neither the planner, the template reader nor the IAM action data. An account or
partition the task does not give is planned as a placeholder, which the module fills in (``role_options``).
"""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError, ProtonCollectionError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import connection_argument_spec
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_set
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_options
from ansible_collections.awsops.proton.plugins.module_utils._proton.role_templates import read_role_templates
from ansible_collections.awsops.proton.plugins.plugin_utils._compute import ComputeAction


class ActionModule(ComputeAction):
    ARGUMENT_SPEC = dict(role_options.ARGUMENT_SPEC, **connection_argument_spec())

    def task_args(self, task_vars):
        """The task's arguments; with ``read_variables``, each option the task does not set taken from the variable
        ``variable_names`` names for it, when defined (as ansible's own role argument validation reads a role's
        variables: ansible then templates only the variables that hold templates)."""
        args = dict(self._task.args)
        if not boolean(args.get("read_variables", False), strict=False):
            return args
        for option, variable in (args.get("variable_names") or {}).items():
            if option not in args and option in self.ARGUMENT_SPEC and variable in task_vars:
                args[option] = self._templar.template(task_vars[variable])
        return args

    def checked_args(self, args):
        """``args`` checked against the argument spec, defaults filled in (``ActionBase.validate_argument_spec`` on
        ``args`` instead of the task's own)."""
        validation = ArgumentSpecValidator(self.ARGUMENT_SPEC).validate(args)
        if validation.error_messages:
            msg = validation.errors.msg
            if isinstance(validation.errors[0], UnsupportedError):
                msg = "Unsupported parameters for ({0}) module: {1}".format(self._load_name, msg)
            raise AnsibleActionFail(msg)
        params = dict(args)
        params.update(validation.validated_parameters)
        return params

    def run(self, tmp=None, task_vars=None):
        result = super(ComputeAction, self).run(tmp, task_vars)  # ActionBase.run
        try:
            args = self.task_args(task_vars or {})
            params = role_options.with_caller_info(self.checked_args(args))
        except AnsibleActionFail as e:
            result.update(failed=True, msg=str(e))
            return result
        warnings = []
        names = role_options.namer(params["variable_names"])
        try:
            # from_templates: the templates are read here, where they are.
            params = read_role_templates(params, names)
            plan_params = dict(params)
            if params["state"] == "present":
                # What the task does not give: the module fills in the placeholders with what it finds.
                unknown = (role_options.SAMPLE_ACCOUNT, role_options.SAMPLE_PARTITION) if params["plan_only"] else (
                    role_options.ACCOUNT_PLACEHOLDER, role_options.PARTITION_PLACEHOLDER)
                plan_params.update(account_id=params["account_id"] or unknown[0],
                                   partition=params["partition"] or unknown[1])
            planned = role_set.plan(plan_params, names, warnings.append)
        except ParameterError as e:
            result.update(failed=True, msg=e.message, option=e.option)
            return result
        except ProtonCollectionError as e:
            result.update(failed=True, msg=e.message, **e.details)
            return result
        if warnings:
            result["warnings"] = warnings
        if params["plan_only"]:
            result.update(changed=False, roles=planned, arns=dict((p["kind"], p["arn"]) for p in planned))
            return result
        # The module converges the plan; its result is the task's (the plan's warnings were the controller's).
        module_args = dict(args, plan=planned, account_id=params["account_id"], partition=params["partition"])
        module_result = self._execute_module(module_name="awsops.proton.proton_roles", module_args=module_args,
                                             task_vars=task_vars)
        if warnings:
            module_result["warnings"] = warnings + list(module_result.get("warnings") or [])
        result.update(module_result)
        return result
