# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. Account assignments: validate, read, create or delete (and wait), per account.

One backend for ``sso_account_assignment`` and ``sso_admin_access``. ``ctx`` is the running module
(``check_mode``, ``warn``). An assignment is the dict the modules return: ``account_id``,
``permission_set_arn``, ``permission_set_name``, ``principal_type``, ``principal_id``, ``principal_name``,
``instance_arn``. Reading one costs one ListAccountAssignments (one page unless the account has more than
a page of assignments of that permission set); creating or deleting one, the request and its status polls.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.validation import check_account_id
from ansible_collections.awsops.proton.plugins.module_utils._aws.waiters import retry_on
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as ic

__all__ = ["validate_principal", "missing", "resolve_principal_id", "assignment", "exists", "ensure",
           "caller_account"]


def validate_principal(principal_type, principal_name, principal_id=None, prefix=""):
    ic.check_principal_id(prefix + "principal_id", principal_id)
    if principal_type == "USER":
        ic.check_user_name(prefix + "principal_name", principal_name)
    else:
        ic.check_display_string(prefix + "principal_name", principal_name)


def validate_accounts(option, account_ids):
    for account_id in account_ids or []:
        check_account_id(option, account_id)


def missing(ctx, option, message):
    """A referenced resource does not exist: fail, except in check mode (an earlier task may create it)."""
    if not ctx.check_mode:
        raise ParameterError(option, message)
    ctx.warn("{0}: {1}; a real run fails unless it is created first".format(option, message))


def resolve_principal_id(ctx, identitystore, store_id, principal_type, principal_name, must_exist):
    """The principal's id by name; None when it does not exist (then no assignment of it exists either)."""
    if principal_type == "USER":
        principal_id = ic.get_user_id(identitystore, store_id, principal_name)
    else:
        principal_id = ic.get_group_id(identitystore, store_id, principal_name)
    if not principal_id and must_exist:
        missing(ctx, "principal_name", "no {0} named {1!r} in identity store {2}".format(
            principal_type.lower(), principal_name, store_id))
    return principal_id


def caller_account(sts):
    """The account of the credentials in use (one STS GetCallerIdentity)."""
    return sts.call("GetCallerIdentity")["Account"]


def assignment(instance_arn, account_id, permission_set, principal_type, principal_id, principal_name=None,
               permission_set_name=None):
    """The assignment dict; ``permission_set`` is the permission set (or None when it does not exist)."""
    return dict(
        account_id=account_id,
        permission_set_arn=permission_set["permission_set_arn"] if permission_set else None,
        permission_set_name=permission_set["name"] if permission_set else permission_set_name,
        principal_type=principal_type,
        principal_id=principal_id,
        principal_name=principal_name,
        instance_arn=instance_arn,
    )


def exists(sso_admin, wanted):
    """Whether the assignment exists; no call when its permission set or principal does not exist."""
    if not (wanted["permission_set_arn"] and wanted["principal_id"]):
        return False
    found = sso_admin.paginate("ListAccountAssignments", "AccountAssignments", InstanceArn=wanted["instance_arn"],
                               AccountId=wanted["account_id"], PermissionSetArn=wanted["permission_set_arn"])
    return any(a.get("PrincipalType") == wanted["principal_type"] and a.get("PrincipalId") == wanted["principal_id"]
               for a in found)


def _change(sso_admin, wanted, deletion, wait, timeout):
    kwargs = dict(InstanceArn=wanted["instance_arn"], TargetId=wanted["account_id"], TargetType="AWS_ACCOUNT",
                  PermissionSetArn=wanted["permission_set_arn"], PrincipalType=wanted["principal_type"],
                  PrincipalId=wanted["principal_id"])
    operation, key = ("DeleteAccountAssignment", "AccountAssignmentDeletionStatus") if deletion else \
        ("CreateAccountAssignment", "AccountAssignmentCreationStatus")

    def attempt():
        try:
            return sso_admin.call(operation, **kwargs)[key]
        except AWSAPIError as e:
            # Another request is running or just finished: done if it did what we want, else retry.
            if e.is_code("ConflictException") or deletion and e.is_code("ResourceNotFoundException"):
                if exists(sso_admin, wanted) != deletion:
                    return None
            raise

    status = retry_on(attempt, ("ConflictException",), timeout)
    if status is None:
        return None
    if wait:
        status = ic.wait_for_assignment(sso_admin, wanted["instance_arn"], status, deletion=deletion,
                                        timeout=timeout)
    return ic.status_from_api(status)


def ensure(ctx, sso_admin, wanted, found, state, wait=True, timeout=300):
    """Create (``state=present``) or delete the assignment ``wanted``, whose existence is ``found``.

    Returns the module result's keywords: ``changed``, ``before``, ``after``, ``assignment`` and, when a
    request was made, ``request_status``.
    """
    absent = state == "absent"
    changed = found if absent else not found
    result = dict(changed=changed, before=wanted if found else {}, after={} if absent else wanted,
                  assignment={} if absent else wanted)
    if changed and not ctx.check_mode:
        result["request_status"] = _change(sso_admin, wanted, deletion=absent, wait=wait, timeout=timeout)
    return result
