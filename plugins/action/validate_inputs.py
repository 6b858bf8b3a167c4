# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""validate_inputs on the controller: the same rules as the module, no module process."""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._plan import input_rules
from ansible_collections.awsops.proton.plugins.plugin_utils._compute import ComputeAction


class ActionModule(ComputeAction):
    ARGUMENT_SPEC = input_rules.ARGUMENT_SPEC

    def compute(self, params, warn):
        return input_rules.check_inputs(params, warn)
