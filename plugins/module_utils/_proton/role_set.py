# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. The IAM roles AWS Proton uses, as a set: plan every role, on the controller.

The planner of the ``proton_roles`` action plugin (which plans before the module runs, and alone with
``plan_only``, which is how a playbook checks all its parts before its first write) and of the compute-only
``proton_role_policy``. The module converges the plan (``role_converge``) and does not import this file, so its
process carries neither the planner nor the IAM action data.

``plan(params, names)`` is pure: it checks every option, builds the from_templates policy from what the
controller read in the Proton templates (``template_reading``: ``role_templates.read_role_templates``
over ``_templates.derive``), and builds each role's trust policy and permissions
(``role_policies``) into the options of one IAM role (``_iam.roles``), for the caller's account and partition or
their placeholders (``role_options``). Every error names the option through ``names``: a role passes its own
variable names (``variable_names``), so the message says ``environment_roles_services``, not ``services``.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._iam import roles as iam_roles
from ansible_collections.awsops.proton.plugins.module_utils._proton import account_settings as settings
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_policies
from ansible_collections.awsops.proton.plugins.module_utils._proton.role_options import (
    ACCOUNT_PLACEHOLDER,
    ARGUMENT_SPEC,
    PARTITION_PLACEHOLDER,
    SETTINGS_ROLE_OPTIONS,
    namer,
    sample,
)
from ansible_collections.awsops.proton.plugins.module_utils._templates import policy_documents

ROLE_KIND = iam.KINDS["role"]
# template_policy's option names -> proton_roles's (which a role renames again through variable_names).
TEMPLATE_OPTIONS = {
    "paths": "template_paths",
    "unknown_types": "template_unknown_types",
    "type_actions": "template_type_actions",
    "extra_actions": "template_extra_actions",
    "oversize": "template_oversize",
    "max_policy_size": "template_oversize",
    "account_id": "account_id",
    "partition": "partition",
}


def role_names(params, names):
    """``[(kind, role name, the option naming it)]``, each name checked."""
    found, seen = [], {}
    for index, role in enumerate(params["roles"]):
        kind = role_policies.ROLE_KINDS[role["kind"]]
        option = role.get("name_variable") or "{0}[{1}].name".format(names("roles"), index)
        name = role.get("name") or kind.default_name
        validation.check_name(option, name, ROLE_KIND.name_max)
        # IAM role names are unique regardless of case: two kinds under one name would fight over its policies.
        other = seen.get(name.lower())
        if other is not None:
            raise ParameterError(option, "{0!r} is also the name of the {1} role ({2}); each role needs its own "
                                         "name".format(name, other[0], other[1]))
        seen[name.lower()] = (kind.name, option)
        found.append((kind, name, option))
    return found


def check_settings(params, names):
    """The settings every role of the set shares; errors name the caller's variables."""
    validation.check_path(names("path"), params["path"])
    iam.check_boundary(names("boundary"), params["boundary"])
    validation.check_range(names("max_session_duration"), params["max_session_duration"],
                           iam.MIN_SESSION_DURATION, iam.MAX_SESSION_DURATION)
    iam.check_tags(names("tags"), params["tags"], ROLE_KIND)
    # The placeholders stand for what the module finds (role_options).
    if params["account_id"] != ACCOUNT_PLACEHOLDER:
        validation.check_account_id(names("account_id"), params["account_id"])
    if params["source_account"]:
        validation.check_account_id(names("source_account"), params["source_account"])
    if params["partition"] != PARTITION_PLACEHOLDER:
        validation.check_partition(names("partition"), params["partition"])


def template_options(params):
    """template_policy's options for the set's from_templates policy (one inline document)."""
    return dict(paths=params["template_paths"], account_id=params["account_id"], partition=params["partition"],
                unknown_types=params["template_unknown_types"], type_actions=params["template_type_actions"],
                extra_actions=params["template_extra_actions"], output="inline", max_policy_size=None,
                max_policies=1, oversize=params["template_oversize"])


def template_namer(names):
    """``names`` for template_policy's option names."""
    return lambda option: names(TEMPLATE_OPTIONS.get(option, option))


def from_templates_policy(params, names, warn):
    """The policy template_policy derives from ``template_paths``, for the set's account and partition.

    The templates are read on the controller (``_templates.derive.read``, by ``role_templates.read_role_templates``
    in the action plugins of proton_roles and proton_role_policy), which adds what it read to the options as
    ``template_reading``; the plan is made there too, so the module process reads no file where it runs."""
    reading = params.get("template_reading")
    if not reading:
        raise ParameterError(names("template_paths"), "the templates are read on the controller, by proton_roles's "
                                                      "action plugin: run proton_roles as a task")
    return policy_documents.finish(reading, template_options(params), warn, template_namer(names))


def plan(params, names, warn):
    """Each role's iam_role options, from the set's options; no AWS call.

    ``params["account_id"]`` and ``params["partition"]`` must be set for ``state=present``: the caller's (from an
    earlier lookup) or their placeholders (``role_options``). ``warn(message)`` reports warnings (the
    administrator mode's).
    """
    roles = role_names(params, names)
    check_account_settings(params, names, roles)
    if params["state"] == "absent":
        return [dict(kind=kind.name, name=name, arn=None, role=absent_role(name)) for kind, name, _option in roles]
    for option in ("account_id", "partition"):
        if not params[option]:
            raise ParameterError(names(option), "is required when state is present")
    check_settings(params, names)
    mode = params["permissions"]
    services = role_policies.check_services(names("services"), params["services"])
    statements = role_policies.check_statements(names("statements"), params["statements"])
    iam.check_managed_policies(names("managed_policies"), params["managed_policies"])
    conditions = role_policies.check_conditions(names("trust_conditions"), params["trust_conditions"])
    partition, account = params["partition"], params["account_id"]
    template_policy = None
    if mode == "from_templates" and params["template_paths"]:
        template_policy = from_templates_policy(params, names, warn)
    planned = []
    for kind, name, option in roles:
        given = role_policies.PermissionInput(
            kind, partition, account, services=services, statements=statements,
            managed_policies=params["managed_policies"], role_name=name, names=names,
            template_paths=params["template_paths"], template_policy=template_policy)
        permissions = role_policies.build_permissions(mode, given)
        for warning in permissions.warnings:
            warn(warning)
        trust = role_policies.build_trust_policy(kind, partition, params["source_account"] or account,
                                                 conditions=conditions, protect=params["confused_deputy_conditions"])
        role = dict(
            name=name, path=params["path"],
            description=params["description"] if params.get("description") is not None else kind.description,
            assume_role_policy_document=trust, allow_wildcard_principal=False,
            inline_policies=permissions.inline_policies(), purge_inline_policies=True,
            managed_policies=permissions.managed_policies, purge_policies=True,
            boundary=params["boundary"], max_session_duration=params["max_session_duration"],
            tags=dict((str(k), str(v)) for k, v in params["tags"].items()), purge_tags=True,
            delete_instance_profile=False, state="present",
        )
        # What IAM checks, under the names the values came from (the statements' size is the mode's).
        source = {"name": option, "inline_policies": names("template_paths" if mode == "from_templates"
                                                           else "statements")}
        # (Placeholders checked as the sample account and partition: the same sizes.)
        iam_roles.validate(sample(role), lambda key: source.get(key) or names(key))
        planned.append(dict(kind=kind.name, name=name, arn=role_policies.role_arn(partition, account, params["path"],
                                                                                  name), role=role))
    return planned


def check_account_settings(params, names, roles=None):
    """With ``register_account_settings``: only pipeline roles, a valid repository and timeout. Returns the wanted
    repository (``account_settings.check_repository``), or None."""
    if not params.get("register_account_settings"):
        return None
    roles = roles if roles is not None else role_names(params, names)
    others = sorted(kind.name for kind, _name, _option in roles if kind.name not in SETTINGS_ROLE_OPTIONS)
    if others:
        raise ParameterError(names("register_account_settings"), "AWS Proton's account settings name the pipeline "
                             "roles only (pipeline_service, pipeline_codebuild), not {0}".format(", ".join(others)))
    settings.check_timeout(params["role_propagation_timeout"], names)
    return settings.check_repository(params["pipeline_provisioning_repository"], params["state"], names)


def absent_role(name):
    return dict(name=name, state="absent", delete_instance_profile=False)


# proton_role_policy's options: one role of the set, by kind, computed only.
NOT_POLICY_OPTIONS = ("roles", "plan_only", "partition", "caller_info", "read_variables", "register_account_settings",
                      "pipeline_provisioning_repository", "role_propagation_timeout")
POLICY_ARGUMENT_SPEC = dict((key, value) for key, value in ARGUMENT_SPEC.items() if key not in NOT_POLICY_OPTIONS)
POLICY_ARGUMENT_SPEC.update(
    kind=dict(type="str", required=True, choices=sorted(role_policies.ROLE_KINDS)),
    role_name=dict(type="str"),
    description=dict(type="str"),
    partition=dict(type="str", default="aws"),
)


def plan_one(params, warn):
    """proton_role_policy: the trust policy and permissions of one role, ready for iam_role."""
    names = namer(params["variable_names"])
    set_params = dict(params, roles=[dict(kind=params["kind"], name=params["role_name"],
                                          name_variable=names("role_name"))])
    entry = plan(set_params, names, warn)[0]
    role = entry["role"]
    if params["state"] == "absent":
        return dict(changed=False, kind=entry["kind"], arn=None, permissions=params["permissions"],
                    role=dict(name=entry["name"]))
    keys = ("name", "path", "description", "assume_role_policy_document", "inline_policies", "managed_policies",
            "boundary", "max_session_duration", "tags")
    return dict(changed=False, kind=entry["kind"], permissions=params["permissions"], arn=entry["arn"],
                role=dict((key, role[key]) for key in keys))
