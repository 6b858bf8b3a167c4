# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. Identity store groups and their members: validate, read, plan, apply, delete.

One backend for ``identitystore_group`` and ``sso_admin_access``. ``ctx`` is the running module
(``check_mode``, ``warn``). A group spec has ``display_name``, ``description``, ``members`` (user names;
None: leave them) and ``purge_members``. ``known`` (``{user_name: user_id}``) names users the caller
already knows, so they are not looked up again; a None id is a user the caller creates in this run (check
mode), which is then no warning. Every ``ensure_*`` returns the module result's keywords: ``changed``,
``before``, ``after``, ``group``, ``members_added``, ``members_removed``.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as ic

__all__ = ["validate", "read", "ensure_present", "ensure_absent"]


def validate(spec, prefix=""):
    """Check a group spec; errors name ``prefix + option``."""
    ic.check_display_string(prefix + "display_name", spec["display_name"])
    ic.check_display_string(prefix + "description", spec.get("description"))
    for user_name in spec.get("members") or []:
        ic.check_user_name(prefix + "members", user_name)


def current_members(identitystore, store_id, group_id, known=None):
    """``{user_name: (user_id, membership_id)}`` of the group's members (known users are not described)."""
    names = dict((user_id, name) for name, user_id in (known or {}).items() if user_id)
    members = {}
    for user_id, membership_id in ic.group_memberships(identitystore, store_id, group_id).items():
        name = names.get(user_id)
        if name is None:
            user = ic.describe_user(identitystore, store_id, user_id)
            name = user["user_name"] if user else user_id
        members[name] = (user_id, membership_id)
    return members


def read(identitystore, store_id, display_name, known=None):
    """``(group, members)``: the group (as ``common.group_from_api``) or None, and ``current_members``."""
    group = ic.find_group(identitystore, store_id, display_name)
    members = current_members(identitystore, store_id, group["group_id"], known) if group else {}
    return group, members


def _wanted_member_ids(ctx, identitystore, store_id, names, known, option):
    """``{user_name: user_id}`` of ``names``; an unknown user fails before any write (warns in check mode)."""
    known = known or {}
    ids = {}
    missing = []
    for user_name in names:
        if user_name in known:
            ids[user_name] = known[user_name]
            continue
        user_id = ic.get_user_id(identitystore, store_id, user_name)
        if user_id:
            ids[user_name] = user_id
        else:
            missing.append(user_name)
    if missing:
        message = "no such user in identity store {0}: {1}".format(store_id, ", ".join(sorted(set(missing))))
        if not ctx.check_mode:
            raise ParameterError(option, message)
        # In check mode the users may be created by an earlier task that did not run for real.
        ctx.warn("{0}: {1}; a real run fails unless they are created first".format(option, message))
        ids.update((name, None) for name in missing)
    return ids


def _create(identitystore, store_id, spec):
    kwargs = dict(IdentityStoreId=store_id, DisplayName=spec["display_name"])
    if spec.get("description"):
        kwargs["Description"] = spec["description"]
    return ic.create_unique(identitystore, "CreateGroup", "GroupId",
                            lambda: ic.get_group_id(identitystore, store_id, spec["display_name"]), **kwargs)


def _add_member(identitystore, store_id, group_id, user_id):
    try:
        identitystore.call("CreateGroupMembership", IdentityStoreId=store_id, GroupId=group_id,
                           MemberId=dict(UserId=user_id))
    except AWSAPIError as e:
        if not e.is_code("ConflictException"):  # already a member: what we want
            raise


def _remove_member(identitystore, store_id, membership_id):
    ic.delete_if_exists(identitystore, "DeleteGroupMembership", IdentityStoreId=store_id, MembershipId=membership_id)


def snapshot(group, members):
    """The group with its sorted member names, as results and diffs show it; {} when there is none."""
    return dict(group, members=sorted(members)) if group else {}


def ensure_present(ctx, identitystore, store_id, spec, group, members, known=None, prefix=""):
    before = snapshot(group, members)
    listed = spec.get("members")
    wanted_ids = _wanted_member_ids(ctx, identitystore, store_id, listed, known, prefix + "members") \
        if listed is not None else {}
    to_add = sorted(name for name in wanted_ids if name not in members)
    to_remove = sorted(name for name in members if name not in wanted_ids) \
        if listed is not None and spec.get("purge_members") else []
    description = spec.get("description")
    description_changes = bool(group) and description is not None and description != group["description"]

    after = dict(group) if group else dict(group_id=None, display_name=spec["display_name"],
                                           description=description, identity_store_id=store_id)
    if description is not None:
        after["description"] = description
    after["members"] = sorted((set(members) | set(to_add)) - set(to_remove))
    changed = not group or description_changes or bool(to_add) or bool(to_remove)

    if changed and not ctx.check_mode:
        group_id = group["group_id"] if group else _create(identitystore, store_id, spec)
        if description_changes:
            identitystore.call("UpdateGroup", IdentityStoreId=store_id, GroupId=group_id,
                               Operations=[dict(AttributePath="description", AttributeValue=description)])
        for name in to_add:
            _add_member(identitystore, store_id, group_id, wanted_ids[name])
        for name in to_remove:
            _remove_member(identitystore, store_id, members[name][1])
        after["group_id"] = group_id
    return dict(changed=changed, before=before, after=after, group=after, members_added=to_add,
                members_removed=to_remove)


def ensure_absent(ctx, identitystore, store_id, group, members):
    if group and not ctx.check_mode:
        ic.delete_if_exists(identitystore, "DeleteGroup", IdentityStoreId=store_id, GroupId=group["group_id"])
    return dict(changed=bool(group), before=snapshot(group, members), after={}, group={}, members_added=[],
                members_removed=[])
