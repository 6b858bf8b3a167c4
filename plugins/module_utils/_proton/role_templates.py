# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. What the ``from_templates`` mode of ``proton_roles`` and ``proton_role_policy`` reads
in the Proton templates, on the controller: their action plugins call ``read_role_templates`` before
``role_set.plan``. No module imports this file, so no module payload carries the template reader and its
CloudFormation data (``role_set.plan`` builds the documents from what was read, on the controller too).
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._proton import role_set


def read_role_templates(params, names):
    """``params`` with ``template_reading``: what from_templates reads in ``template_paths``. Unchanged when the mode
    is another, or for ``state=absent`` (which needs no templates)."""
    if params.get("permissions") != "from_templates" or not params.get("template_paths") or (
            params.get("state") == "absent"):
        return params
    # Imported only here: the reader and the CloudFormation data cost the controller 0.03 s to load, which a run
    # in another mode does not pay.
    from ansible_collections.awsops.proton.plugins.module_utils._templates import derive
    # What is read does not depend on the account or partition (the documents built from it do: role_set.plan
    # builds them for the account, or its placeholder); role_set checks those.
    options = dict(role_set.template_options(params), account_id="*", partition="aws")
    reading = derive.read(options, role_set.template_namer(names))
    return dict(params, template_reading=reading)
