# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""proton_role_policy on the controller: the same backend as proton_roles, no module process."""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._proton import role_set
from ansible_collections.awsops.proton.plugins.module_utils._proton.role_templates import read_role_templates
from ansible_collections.awsops.proton.plugins.plugin_utils._compute import ComputeAction


class ActionModule(ComputeAction):
    ARGUMENT_SPEC = role_set.POLICY_ARGUMENT_SPEC

    def compute(self, params, warn):
        return role_set.plan_one(read_role_templates(params, role_set.namer(params["variable_names"])), warn)
