# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""template_policy on the controller: reads the templates where they are, no module process."""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._templates import derive
from ansible_collections.awsops.proton.plugins.plugin_utils._compute import ComputeAction


class ActionModule(ComputeAction):
    ARGUMENT_SPEC = derive.ARGUMENT_SPEC

    def compute(self, params, warn):
        return derive.derive(params, warn)
