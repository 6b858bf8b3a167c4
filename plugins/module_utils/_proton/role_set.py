# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. The IAM roles AWS Proton uses, as a set: plan every role, then converge them.

The backend of the ``proton_roles`` module (and its controller-side action plugin, which runs ``plan`` to
check a whole playbook before its first write) and of the compute-only ``proton_role_policy``.

``plan(params, names)`` is pure: it checks every option, builds the from_templates policy from what the
controller read in the Proton templates (``template_reading``: ``role_templates.read_role_templates``
over ``_templates.derive``), and builds each role's trust policy and permissions
(``role_policies``) into the options of one IAM role (``_iam.roles``). ``converge`` then reads, plans and
applies each role through the IAM role backend in the same process. Every error names the option through
``names``: a role passes its own variable names (``variable_names``), so the message says
``environment_roles_services``, not ``services``.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._iam import roles as iam_roles
from ansible_collections.awsops.proton.plugins.module_utils._proton import account_settings as settings
from ansible_collections.awsops.proton.plugins.module_utils._proton import client as proton
from ansible_collections.awsops.proton.plugins.module_utils._proton import role_policies
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

ROLE_SPEC = dict(
    kind=dict(type="str", required=True, choices=sorted(role_policies.ROLE_KINDS)),
    name=dict(type="str"),
    name_variable=dict(type="str"),
)

# proton_roles's options (the module and its action plugin share them).
ARGUMENT_SPEC = dict(
    roles=dict(type="list", elements="dict", required=True, options=ROLE_SPEC),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    plan_only=dict(type="bool", default=False),
    account_id=dict(type="str"),
    partition=dict(type="str"),
    source_account=dict(type="str", default=""),
    confused_deputy_conditions=dict(type="bool", default=True),
    trust_conditions=dict(type="dict", default={}),
    permissions=dict(type="str", default="scoped", choices=list(role_policies.PERMISSION_MODE_NAMES)),
    services=dict(type="list", elements="str", default=[]),
    statements=dict(type="list", elements="dict", default=[]),
    managed_policies=dict(type="list", elements="str", default=[]),
    template_paths=dict(type="list", elements="path", default=[]),
    template_unknown_types=dict(type="str", choices=["fail", "wildcard"], default="fail"),
    template_type_actions=dict(type="dict", default={}),
    template_extra_actions=dict(type="list", elements="str", default=[]),
    template_oversize=dict(type="str", choices=["fail", "widen"], default="fail"),
    template_reading=dict(type="dict"),
    path=dict(type="str", default="/"),
    boundary=dict(type="str", default="", aliases=["permissions_boundary"]),
    max_session_duration=dict(type="int", default=iam.DEFAULT_SESSION_DURATION),
    tags=dict(type="dict", default={}),
    variable_names=dict(type="dict", default={}),
    register_account_settings=dict(type="bool", default=False),
    pipeline_provisioning_repository=settings.REPOSITORY_SPEC,
    role_propagation_timeout=dict(type="int", default=settings.DEFAULT_TIMEOUT),
)
# The account settings' role options, by the kind of role each names.
SETTINGS_ROLE_OPTIONS = {"pipeline_service": "pipeline_service_role", "pipeline_codebuild": "pipeline_codebuild_role"}


def namer(variable_names):
    """``names(option)``: the name a caller gave ``option`` in ``variable_names``, else the option itself."""
    variable_names = variable_names or {}

    def names(option):
        return variable_names.get(option, option)
    return names


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
    validation.check_account_id(names("account_id"), params["account_id"])
    if params["source_account"]:
        validation.check_account_id(names("source_account"), params["source_account"])
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

    The templates are read on the controller (``_templates.derive.read``, by the action plugins of proton_roles
    and proton_role_policy), which passes what it read as ``template_reading``: the module process then carries
    neither template reader nor CloudFormation data, and reads no file where it runs."""
    reading = params.get("template_reading")
    if not reading:
        raise ParameterError(names("template_paths"), "the templates are read on the controller, by proton_roles's "
                                                      "action plugin: run proton_roles as a task")
    return policy_documents.finish(reading, template_options(params), warn, template_namer(names))


def plan(params, names, warn):
    """Each role's iam_role options, from the set's options; no AWS call.

    ``params["account_id"]`` and ``params["partition"]`` must be known for ``state=present`` (the caller's,
    from STS or from an earlier lookup). ``warn(message)`` reports warnings (the administrator mode's).
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
        iam_roles.validate(role, lambda key: source.get(key) or names(key))
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
    roles)."""
    repository = check_account_settings(params, names)
    if client is None:
        return None
    roles = {}
    for entry in results:
        option = SETTINGS_ROLE_OPTIONS[entry["kind"]]
        roles[option] = entry["name"] if params["state"] == "absent" else entry["arn"]
    return settings.converge(client, params["state"], roles, repository, params["role_propagation_timeout"],
                             module.check_mode, names)


def absent_role(name):
    return dict(name=name, state="absent", delete_instance_profile=False)


def read_roles(ctx, params, names):
    """``{role name: the role or None}`` of every role of the set. An existing role tells ``ctx`` the caller's
    account and partition, so that a rerun makes no STS call."""
    return dict((name, iam_roles.read(ctx, name)) for _kind, name, _option in role_names(params, names))


def converge(module, ctx, planned, names, current=None):
    """Create, update or delete every planned role (check mode predicts); ``(changed, results, diffs)``.
    ``current``: what ``read_roles`` read in this run (roles not in it are read here)."""
    changed, results, diffs = False, [], []
    current = current or {}
    for entry in planned:
        role = entry["role"]
        trust, inline = None, None
        if role["state"] == "present":
            trust, inline = iam_roles.validate(role, names)
        known = dict(current=current[entry["name"]]) if entry["name"] in current else {}
        role_changed, before, after = iam_roles.converge(module, ctx, role, trust, inline, names, **known)
        changed = changed or role_changed
        results.append(dict(kind=entry["kind"], name=entry["name"], changed=role_changed,
                            arn=after.get("arn") if after else None, iam_role=after))
        if role_changed:
            diffs.append(dict(before_header=entry["name"], after_header=entry["name"], before=before, after=after))
    return changed, results, diffs


# proton_role_policy's options: one role of the set, by kind, computed only.
NOT_POLICY_OPTIONS = ("roles", "plan_only", "partition", "template_reading", "register_account_settings",
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
