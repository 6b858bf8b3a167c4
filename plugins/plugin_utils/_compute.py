# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. Run a module's backend on the controller, without a module process.

The compute-only modules (``template_policy``, ``proton_role_policy``, ``validate_inputs``) and the
planning half of ``proton_roles`` make no AWS call: their work is pure computation, which belongs on
the controller. An action plugin of the same name checks the task's arguments against the module's own
argument spec and calls the same backend function the module calls, with the same error path.
"""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError, ProtonCollectionError


class ComputeAction(ActionBase):
    """``compute(params, warn)`` returns the module's result; subclasses set ARGUMENT_SPEC."""

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False
    ARGUMENT_SPEC = {}
    SPEC_KWARGS = {}

    def compute(self, params, warn):
        raise NotImplementedError

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        try:
            unused_validation, params = self.validate_argument_spec(argument_spec=self.ARGUMENT_SPEC,
                                                                    **self.SPEC_KWARGS)
        except AnsibleActionFail as e:
            result.update(failed=True, msg=str(e))
            return result
        warnings = []
        try:
            result.update(self.compute(params, warnings.append))
        except ParameterError as e:
            result.update(failed=True, msg=e.message, option=e.option)
        except ProtonCollectionError as e:
            result.update(failed=True, msg=e.message, **e.details)
        if warnings:
            result["warnings"] = result.get("warnings", []) + warnings
        result.setdefault("changed", False)
        return result
