# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. The ``proton_roles`` module's side: converge the roles its action plugin planned.

The action plugin plans every role on the controller (``role_set.plan``) and passes the plan as the module's
``plan`` option: each role's IAM options, trust policy and permissions included. Here, in the module process:

1. the caller's account and partition, when the task did not give them: from the ARN of a role of the set that
   exists (read anyway), else STS; the plan's placeholders are filled in with them (``role_options.fill``);
2. every role checked as IAM will check it (sizes in the real partition), before any write;
3. with ``register_account_settings``, the Proton client made (a missing region fails before any write);
4. each role converged through the IAM role backend (``_iam.roles``), and AWS Proton's account settings that name
   the pipeline roles (cleared before the roles go, registered once they exist).
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._iam import roles as iam_roles
from ansible_collections.awsops.proton.plugins.module_utils._proton import account_settings as settings
from ansible_collections.awsops.proton.plugins.module_utils._proton import client as proton
from ansible_collections.awsops.proton.plugins.module_utils._proton.role_options import SETTINGS_ROLE_OPTIONS, fill


def planned_roles(params):
    """The plan the action plugin passed; a module run without it (not through ansible's task engine) fails."""
    if params.get("plan") is None:
        raise ParameterError("plan", "is made by proton_roles's action plugin, on the controller: run proton_roles as "
                                     "a task")
    return params["plan"]


def read_roles(ctx, planned):
    """``{role name: the role or None}`` of every planned role. An existing role tells ``ctx`` the caller's account
    and partition, so that a rerun makes no STS call."""
    return dict((entry["name"], iam_roles.read(ctx, entry["name"])) for entry in planned)


def for_account(ctx, params, planned):
    """``(planned, current)``: for ``state=present``, the plan filled in for the caller's account and partition and
    what was read to find them (None when the task gave both: nothing was read, nothing to fill in)."""
    if params["state"] != "present" or (params["account_id"] and params["partition"]):
        return planned, None
    current = read_roles(ctx, planned)
    return fill(planned, ctx.account, ctx.partition), current


def check(planned, names):
    """``{role name: (trust, inline)}``: every present role's documents as IAM will check them, before any write."""
    return dict((entry["name"], iam_roles.validate(entry["role"], names)) for entry in planned
                if entry["role"]["state"] == "present")


def converge(module, ctx, planned, names, current=None):
    """Create, update or delete every planned role (check mode predicts); ``(changed, results, diffs)``. Every role
    is checked before the first is converged. ``current``: what ``read_roles`` read in this run (roles not in it are
    read here)."""
    documents = check(planned, names)
    changed, results, diffs = False, [], []
    current = current or {}
    for entry in planned:
        role = entry["role"]
        trust, inline = documents.get(entry["name"], (None, None))
        known = dict(current=current[entry["name"]]) if entry["name"] in current else {}
        role_changed, before, after = iam_roles.converge(module, ctx, role, trust, inline, names, **known)
        changed = changed or role_changed
        results.append(dict(kind=entry["kind"], name=entry["name"], changed=role_changed,
                            arn=after.get("arn") if after else None, iam_role=after))
        if role_changed:
            diffs.append(dict(before_header=entry["name"], after_header=entry["name"], before=before, after=after))
    return changed, results, diffs


def account_settings_client(module, params):
    """With ``register_account_settings``, the Proton client, else None. Made before any write: a missing region
    (Proton is regional) then fails before the roles change."""
    if not params.get("register_account_settings"):
        return None
    return proton.ProtonClient(module.client("proton"))


def converge_account_settings(client, module, params, names, results):
    """With ``register_account_settings`` (``client``: ``account_settings_client``'s): AWS Proton's account settings
    of the set's pipeline roles, ``(changed, before, after)``, else None. ``results``: the roles as ``converge``
    left them (present: their ARNs are registered, with the repository); for absent, call it before ``converge``
    (the settings that still name the roles are cleared before the roles go; ``results`` are then the planned
    roles). The action plugin checked the options (``role_set.check_account_settings``)."""
    if client is None:
        return None
    repository = settings.check_repository(params["pipeline_provisioning_repository"], params["state"], names)
    roles = {}
    for entry in results:
        option = SETTINGS_ROLE_OPTIONS[entry["kind"]]
        roles[option] = entry["name"] if params["state"] == "absent" else entry["arn"]
    return settings.converge(client, params["state"], roles, repository, params["role_propagation_timeout"],
                             module.check_mode, names)
