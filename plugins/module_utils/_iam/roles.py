# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. One IAM role: validate, plan (pure), then create, update or delete it.

The backend of ``iam_role`` and of every module that converges roles (``proton_roles``). ``params`` is a
dict with iam_role's option names; ``names(option)`` maps an option to the name to report it under (a
role passes its own variable names), so a bad value is reported where the user set it.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.policy import policies_equal, policy_json
from ansible_collections.awsops.proton.plugins.module_utils._aws.tags import dict_to_boto3_tags, merged_tags
from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam

KIND = iam.KINDS["role"]


def same_name(option):
    """The default ``names``: an option is reported under its own name."""
    return option


def validate(params, names=same_name):
    """Every input, before any API call. Returns the parsed trust and inline policies."""
    validation.check_name(names("name"), params["name"], KIND.name_max)
    validation.check_path(names("path"), params["path"])
    iam.check_description(names("description"), params["description"])
    validation.check_range(names("max_session_duration"), params["max_session_duration"],
                           iam.MIN_SESSION_DURATION, iam.MAX_SESSION_DURATION)
    iam.check_managed_policies(names("managed_policies"), params["managed_policies"])
    iam.check_boundary(names("boundary"), params["boundary"])
    iam.check_tags(names("tags"), params["tags"], KIND)
    inline = iam.check_inline_policies(names("inline_policies"), params["inline_policies"], KIND)
    trust = None
    if params["assume_role_policy_document"] is not None:
        trust = iam.check_trust_policy(names("assume_role_policy_document"), params["assume_role_policy_document"],
                                       params["allow_wildcard_principal"])
    return trust, inline


def plan(ctx, params, current, trust, inline, names=same_name):
    """``(create_params or None, write ops, role after, {option: policy ARNs that must exist})``."""
    name = params["name"]
    managed = iam.resolve_policy_arns(ctx, params["managed_policies"])
    boundary = params["boundary"]
    ops = []
    if current is None:
        path = params["path"] or "/"
        create = dict(RoleName=name, Path=path, AssumeRolePolicyDocument=policy_json(trust))
        if params["description"]:
            create["Description"] = params["description"]
        if params["max_session_duration"]:
            create["MaxSessionDuration"] = params["max_session_duration"]
        if boundary:
            create["PermissionsBoundary"] = boundary
        tags = merged_tags({}, params["tags"])
        if tags:
            create["Tags"] = dict_to_boto3_tags(tags)
        new_boundary = boundary or None
        after = dict(arn=None, role_name=name, role_id=None, path=path, create_date=None,
                     description=params["description"] or None,
                     max_session_duration=params["max_session_duration"] or iam.DEFAULT_SESSION_DURATION,
                     assume_role_policy_document=trust, permissions_boundary=new_boundary, tags=tags,
                     managed_policies=[], inline_policies={})
    else:
        create = None
        if params["path"] and params["path"] != current["path"]:
            raise ParameterError(names("path"), "IAM cannot move an existing role: {0} has path {1}, not {2}; delete "
                                 "and recreate the role to change it".format(name, current["path"],
                                                                             params["path"]))
        after = dict(current)
        if trust is not None and not policies_equal(current["assume_role_policy_document"], trust):
            ops.append(("UpdateAssumeRolePolicy", dict(RoleName=name, PolicyDocument=policy_json(trust))))
            after["assume_role_policy_document"] = trust
        update = {}
        if params["description"] is not None and params["description"] != (current["description"] or ""):
            update["Description"] = params["description"]
            after["description"] = params["description"] or None
        wanted_duration = params["max_session_duration"]
        if wanted_duration is not None and wanted_duration != current["max_session_duration"]:
            update["MaxSessionDuration"] = wanted_duration
            after["max_session_duration"] = wanted_duration
        if update:
            ops.append(("UpdateRole", dict(RoleName=name, **update)))
        boundary_ops, after["permissions_boundary"] = iam.plan_boundary(
            KIND, name, current["permissions_boundary"], boundary)
        new_boundary = boundary if boundary_ops else None
        tag_ops, after["tags"] = iam.plan_tags(KIND, name, current["tags"], params["tags"], params["purge_tags"])
        ops += boundary_ops + tag_ops
    managed_ops, to_attach, after["managed_policies"] = iam.plan_managed_policies(
        KIND, name, after["managed_policies"], managed, params["purge_policies"])
    inline_ops, after["inline_policies"] = iam.plan_inline_policies(
        KIND, name, after["inline_policies"], inline, params["purge_inline_policies"])
    must_exist = dict(managed_policies=to_attach, boundary=[new_boundary] if new_boundary else [])
    return create, ops + managed_ops + inline_ops, after, must_exist


def check_exist(client, must_exist, names=same_name):
    for option in sorted(must_exist):
        iam.check_policies_exist(client, names(option), must_exist[option])


def clean_role(client, name, delete_instance_profile):
    """Everything IAM wants gone before DeleteRole: instance profiles, inline and managed policies."""
    profiles = iam.listed(lambda: client.paginate("ListInstanceProfilesForRole", "InstanceProfiles", RoleName=name))
    for profile in profiles:
        profile_name = profile["InstanceProfileName"]
        iam.call_write(client, "RemoveRoleFromInstanceProfile",
                       dict(InstanceProfileName=profile_name, RoleName=name))
        if delete_instance_profile and profile_name == name:
            iam.call_write(client, "DeleteInstanceProfile", dict(InstanceProfileName=profile_name))
    iam.remove_policies(client, KIND, name)


_UNREAD = object()


def read(ctx, name):
    """The role (as ``entities.read_role``) or None. An existing role's ARN tells ``ctx`` the caller's account
    and partition (IAM answers for the caller's account only), which then needs no STS call."""
    current = iam.read_role(ctx.client, name)
    if current is not None:
        ctx.learn_arn(current["arn"])
    return current


def converge(module, ctx, params, trust, inline, names=same_name, current=_UNREAD):
    """Read the role (unless ``current`` is what ``read`` returned for it in this run), then plan and apply (or
    predict in check mode); ``(changed, before, after)``."""
    client = ctx.client
    name = params["name"]
    if current is _UNREAD:
        current = read(ctx, name)
    if params["state"] == "absent":
        return iam.ensure_absent(
            module, ctx, KIND, current, lambda retry: clean_role(client, name, params["delete_instance_profile"]))
    return iam.ensure_present(
        module, ctx, KIND, current,
        plan=lambda state: plan(ctx, params, state, trust, inline, names),
        check_exist=lambda must_exist: check_exist(client, must_exist, names),
        read=lambda: iam.read_role(client, name))
