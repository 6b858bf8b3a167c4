# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. Identity store users: validate, read, plan, apply, delete.

One backend for ``identitystore_user`` and ``sso_admin_access``. ``ctx`` is the running module
(``AWSModule``): only its ``check_mode`` and ``warn`` are used. A user spec is a dict with
``user_name``, ``display_name``, ``given_name``, ``family_name``, ``email`` (None: leave as it is).
Every ``ensure_*`` returns the module result's keywords: ``changed``, ``before``, ``after``, ``user``,
``updated_attributes``.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as ic

__all__ = ["validate", "read", "wanted_user", "ensure_present", "ensure_absent"]

# User attribute -> (UpdateUser attribute path, how to turn the value into the API's).
ATTRIBUTES = (
    ("display_name", "displayName", lambda v: v),
    ("given_name", "name.givenName", lambda v: v),
    ("family_name", "name.familyName", lambda v: v),
    ("email", "emails", ic.work_email),
)


def validate(spec, prefix=""):
    """Check a user spec; errors name ``prefix + option``."""
    ic.check_user_name(prefix + "user_name", spec["user_name"])
    for option in ("display_name", "given_name", "family_name"):
        ic.check_display_string(prefix + option, spec.get(option))
    ic.check_email(prefix + "email", spec.get("email"))


def read(identitystore, store_id, user_name):
    """The user (as ``common.user_from_api``), or None."""
    return ic.find_user(identitystore, store_id, user_name)


def wanted_user(spec, current, store_id):
    """The user the spec describes, on top of ``current`` (None: a new user)."""
    if current:
        user = dict(current)
    else:
        user = dict(user_id=None, user_name=spec["user_name"], display_name=None, given_name=None,
                    family_name=None, email=None, identity_store_id=store_id)
    for option in ("given_name", "family_name", "display_name", "email"):
        if spec.get(option) is not None:
            user[option] = spec[option]
    if not current and spec.get("display_name") is None:
        user["display_name"] = "{0} {1}".format(spec["given_name"], spec["family_name"])
    return user


def _create(identitystore, store_id, user):
    kwargs = dict(IdentityStoreId=store_id, UserName=user["user_name"], DisplayName=user["display_name"],
                  Name=dict(GivenName=user["given_name"], FamilyName=user["family_name"]))
    if user["email"]:
        kwargs["Emails"] = ic.work_email(user["email"])
    return ic.create_unique(identitystore, "CreateUser", "UserId",
                            lambda: ic.get_user_id(identitystore, store_id, user["user_name"]), **kwargs)


def update_operations(current, wanted):
    """The UpdateUser operations from ``current`` to ``wanted``."""
    return [dict(AttributePath=path, AttributeValue=to_value(wanted[option]))
            for option, path, to_value in ATTRIBUTES if wanted[option] != current[option]]


def ensure_present(ctx, identitystore, store_id, spec, current):
    wanted = wanted_user(spec, current, store_id)
    if not current:
        if not ctx.check_mode:
            user_id = _create(identitystore, store_id, wanted)
            wanted = ic.describe_user(identitystore, store_id, user_id) or dict(wanted, user_id=user_id)
        return dict(changed=True, before={}, after=wanted, user=wanted, updated_attributes=[])
    operations = update_operations(current, wanted)
    if operations and not ctx.check_mode:
        identitystore.call("UpdateUser", IdentityStoreId=store_id, UserId=current["user_id"], Operations=operations)
        wanted = ic.describe_user(identitystore, store_id, current["user_id"]) or wanted
    return dict(changed=bool(operations), before=current, after=wanted, user=wanted,
                updated_attributes=[o["AttributePath"] for o in operations])


def ensure_absent(ctx, identitystore, store_id, current):
    if current and not ctx.check_mode:
        ic.delete_if_exists(identitystore, "DeleteUser", IdentityStoreId=store_id, UserId=current["user_id"])
    return dict(changed=bool(current), before=current or {}, after={}, user={}, updated_attributes=[])
