# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. Permission sets: validate, read, plan, apply (with re-provisioning), delete.

One backend for ``sso_permission_set`` and ``sso_admin_access``. ``ctx`` is the running module
(``check_mode``). A permission set spec has the ``sso_permission_set`` options: ``name``, ``description``,
``session_duration``, ``relay_state``, ``managed_policies``, ``customer_managed_policy_references``,
``purge_policies``, ``inline_policy``, ``tags``, ``purge_tags``, ``wait``, ``wait_timeout`` (None: leave
as it is; ``spec()`` fills the ones a caller does not manage). Every ``ensure_*`` returns the module
result's keywords: ``changed``, ``before``, ``after``, ``permission_set``, ``reprovisioned`` (and
``provisioning_status`` after a re-provisioning).
"""

from __future__ import annotations

import json

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.policy import (
    parse_policy,
    policies_equal,
    policy_json,
    policy_size,
)
from ansible_collections.awsops.proton.plugins.module_utils._aws.tags import (
    boto3_tags_to_dict,
    compare_tags,
    dict_to_boto3_tags,
    merged_tags,
)
from ansible_collections.awsops.proton.plugins.module_utils._iam.entities import policy_arn
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as ic

__all__ = ["ALL_PARTS", "spec", "validate", "find", "read_details", "plan_changes", "ensure_present",
           "ensure_absent"]

# What ``read_details`` reads besides the managed policies and provisioned accounts. A caller that never
# manages the others (sso_admin_access) reads only these, and the result leaves the others out.
ALL_PARTS = ("customer_managed_policy_references", "inline_policy", "tags")

DEFAULTS = dict(description=None, session_duration=None, relay_state=None, managed_policies=None,
                customer_managed_policy_references=None, purge_policies=True, inline_policy=None, tags=None,
                purge_tags=True, wait=True, wait_timeout=300)


def spec(**values):
    """A full spec from the values a caller manages (the rest left alone)."""
    return dict(DEFAULTS, **values)


def validate(spec, prefix="", check_wait_timeout=True):
    """Check a spec; returns the parsed inline policy ("" = remove, None = leave alone)."""
    ic.check_permission_set_name(prefix + "name", spec["name"])
    ic.check_permission_set_description(prefix + "description", spec["description"])
    ic.check_session_duration(prefix + "session_duration", spec["session_duration"])
    ic.check_relay_state(prefix + "relay_state", spec["relay_state"])
    ic.check_managed_policy_arns(prefix + "managed_policies",
                                 [policy_arn(value, "aws") for value in spec["managed_policies"] or []])
    ic.check_customer_policy_references(prefix + "customer_managed_policy_references",
                                        spec["customer_managed_policy_references"])
    ic.check_permission_set_tags(prefix + "tags", spec["tags"])
    if check_wait_timeout:
        check_timeout("wait_timeout", spec["wait_timeout"])
    inline = spec["inline_policy"]
    if inline is None or not inline.strip():
        return None if inline is None else ""
    document = parse_policy(inline, prefix + "inline_policy")
    if policy_size(document) > ic.INLINE_POLICY_MAX:
        raise ParameterError(prefix + "inline_policy", "at most {0} characters without whitespace (got {1})".format(
            ic.INLINE_POLICY_MAX, policy_size(document)))
    return document


def check_timeout(option, value):
    if value < 1:
        raise ParameterError(option, "must be a positive number of seconds (got {0})".format(value))


def _reference_key(ref):
    return (ref.get("path") or "/", ref["name"])


def _sorted_references(refs):
    return [dict(name=name, path=path) for path, name in sorted(set(_reference_key(r) for r in refs))]


def find(sso_admin, instance_arn, name_or_arn):
    """The permission set by name or ARN (as ``common.permission_set_from_api``), or None."""
    return ic.find_permission_set(sso_admin, instance_arn, name_or_arn)


def read_details(sso_admin, instance_arn, permission_set, parts=ALL_PARTS):
    """The permission set with its managed policies, provisioned accounts and the ``parts`` asked for."""
    arn = permission_set["permission_set_arn"]
    kwargs = dict(InstanceArn=instance_arn, PermissionSetArn=arn)
    managed = sso_admin.paginate("ListManagedPoliciesInPermissionSet", "AttachedManagedPolicies", **kwargs)
    details = dict(permission_set, instance_arn=instance_arn, managed_policies=sorted(set(p["Arn"] for p in managed)))
    if "customer_managed_policy_references" in parts:
        customer = sso_admin.paginate("ListCustomerManagedPolicyReferencesInPermissionSet",
                                      "CustomerManagedPolicyReferences", **kwargs)
        details["customer_managed_policy_references"] = _sorted_references(
            dict(name=r["Name"], path=r.get("Path") or "/") for r in customer)
    if "inline_policy" in parts:
        inline = sso_admin.call("GetInlinePolicyForPermissionSet", **kwargs).get("InlinePolicy")
        details["inline_policy"] = json.loads(inline) if inline else None
    if "tags" in parts:
        tags = sso_admin.paginate("ListTagsForResource", "Tags", InstanceArn=instance_arn, ResourceArn=arn)
        details["tags"] = boto3_tags_to_dict(tags)
    details["provisioned_accounts"] = ic.provisioned_accounts(sso_admin, instance_arn, arn)
    return details


class Plan:
    """What to change, as write calls to make in order; empty when the permission set is as wanted."""

    def __init__(self):
        self.update = {}
        self.calls = []
        self.tag_calls = []

    @property
    def changes_permissions(self):
        return bool(self.update) or bool(self.calls)

    @property
    def changed(self):
        return self.changes_permissions or bool(self.tag_calls)


def _plan_references(spec, current, after, plan):
    wanted = set(_reference_key(r) for r in spec["customer_managed_policy_references"])
    have = set(_reference_key(r) for r in current["customer_managed_policy_references"])
    detach = sorted(have - wanted) if spec["purge_policies"] else []
    for path, name in sorted(wanted - have):
        plan.calls.append(("AttachCustomerManagedPolicyReferenceToPermissionSet",
                           dict(CustomerManagedPolicyReference=dict(Name=name, Path=path))))
    for path, name in detach:
        plan.calls.append(("DetachCustomerManagedPolicyReferenceFromPermissionSet",
                           dict(CustomerManagedPolicyReference=dict(Name=name, Path=path))))
    after["customer_managed_policy_references"] = _sorted_references(
        dict(name=n, path=p) for p, n in (have | wanted) - set(detach))


def plan_changes(spec, current, after, inline):
    """Fill ``after`` with the wanted state and return the Plan from ``current`` to it."""
    plan = Plan()
    partition = after["instance_arn"].split(":")[1]
    for option in ("description", "relay_state"):
        if spec[option] is not None and spec[option] != current[option]:
            after[option] = spec[option]
            plan.update[option] = spec[option]
    wanted_duration = spec["session_duration"]
    if wanted_duration is not None and ic.session_duration_seconds(wanted_duration) != \
            ic.session_duration_seconds(current["session_duration"]):
        after["session_duration"] = wanted_duration
        plan.update["session_duration"] = wanted_duration

    if spec["managed_policies"] is not None:
        wanted = set(policy_arn(v, partition) for v in spec["managed_policies"])
        have = set(current["managed_policies"])
        detach = sorted(have - wanted) if spec["purge_policies"] else []
        for arn in sorted(wanted - have):
            plan.calls.append(("AttachManagedPolicyToPermissionSet", dict(ManagedPolicyArn=arn)))
        for arn in detach:
            plan.calls.append(("DetachManagedPolicyFromPermissionSet", dict(ManagedPolicyArn=arn)))
        after["managed_policies"] = sorted((have | wanted) - set(detach))

    if spec["customer_managed_policy_references"] is not None:
        _plan_references(spec, current, after, plan)

    if inline == "" and current.get("inline_policy") is not None:
        plan.calls.append(("DeleteInlinePolicyFromPermissionSet", {}))
        after["inline_policy"] = None
    elif inline and not policies_equal(inline, current.get("inline_policy")):
        plan.calls.append(("PutInlinePolicyToPermissionSet", dict(InlinePolicy=policy_json(inline))))
        after["inline_policy"] = inline

    if spec["tags"] is not None:
        to_set, to_remove = compare_tags(current["tags"], spec["tags"], spec["purge_tags"])
        if to_remove:
            plan.tag_calls.append(("UntagResource", dict(TagKeys=to_remove)))
        if to_set:
            plan.tag_calls.append(("TagResource", dict(Tags=dict_to_boto3_tags(to_set))))
        after["tags"] = merged_tags(current["tags"], spec["tags"], spec["purge_tags"])
    return plan


def _string_tags(tags):
    return dict((str(k), str(v)) for k, v in (tags or {}).items())


def empty_permission_set(name, instance_arn, parts=ALL_PARTS):
    empty = dict(name=name, permission_set_arn=None, instance_arn=instance_arn, description=None,
                 session_duration=ic.DEFAULT_SESSION_DURATION, relay_state=None, created_date=None,
                 managed_policies=[], customer_managed_policy_references=[], inline_policy=None, tags={},
                 provisioned_accounts=[])
    return dict((k, v) for k, v in empty.items() if k not in ALL_PARTS or k in parts)


def _create(sso_admin, instance_arn, spec):
    kwargs = dict(InstanceArn=instance_arn, Name=spec["name"])
    for option, key in (("description", "Description"), ("session_duration", "SessionDuration"),
                        ("relay_state", "RelayState")):
        if spec[option] is not None:
            kwargs[key] = spec[option]
    if spec["tags"]:
        kwargs["Tags"] = dict_to_boto3_tags(_string_tags(spec["tags"]))
    try:
        created = sso_admin.call("CreatePermissionSet", **kwargs)["PermissionSet"]
        return ic.permission_set_from_api(created)
    except AWSAPIError as e:
        # Created meanwhile by someone else (names are unique): converge that one instead.
        if e.is_code("ConflictException"):
            existing = ic.find_permission_set(sso_admin, instance_arn, spec["name"])
            if existing:
                return existing
        raise


def _already_attached(sso_admin, kwargs, operation, extra):
    """After a ConflictException on attach: whether the policy is attached now (by a concurrent run)."""
    if operation == "AttachManagedPolicyToPermissionSet":
        attached = sso_admin.paginate("ListManagedPoliciesInPermissionSet", "AttachedManagedPolicies", **kwargs)
        return any(p["Arn"] == extra["ManagedPolicyArn"] for p in attached)
    if operation == "AttachCustomerManagedPolicyReferenceToPermissionSet":
        wanted = extra["CustomerManagedPolicyReference"]
        attached = sso_admin.paginate("ListCustomerManagedPolicyReferencesInPermissionSet",
                                      "CustomerManagedPolicyReferences", **kwargs)
        return any((r["Name"], r.get("Path") or "/") == (wanted["Name"], wanted["Path"]) for r in attached)
    return False


def apply(sso_admin, instance_arn, arn, after, plan):
    kwargs = dict(InstanceArn=instance_arn, PermissionSetArn=arn)
    if plan.update:
        # All attributes are sent: UpdatePermissionSet treats the call as the new whole.
        update = dict(kwargs)
        for option, key in (("description", "Description"), ("session_duration", "SessionDuration"),
                            ("relay_state", "RelayState")):
            if after[option] is not None:
                update[key] = after[option]
        sso_admin.call("UpdatePermissionSet", **update)
    for operation, extra in plan.calls:
        try:
            sso_admin.call(operation, **dict(kwargs, **extra))
        except AWSAPIError as e:
            # Detached or attached meanwhile (by a concurrent run): already as wanted.
            if e.is_code("ResourceNotFoundException") and operation.startswith(("Detach", "Delete")):
                continue
            if not (e.is_code("ConflictException") and _already_attached(sso_admin, kwargs, operation, extra)):
                raise
    for operation, extra in plan.tag_calls:
        sso_admin.call(operation, InstanceArn=instance_arn, ResourceArn=arn, **extra)


def ensure_absent(ctx, sso_admin, instance_arn, current):
    if current and not ctx.check_mode:
        try:
            sso_admin.call("DeletePermissionSet", InstanceArn=instance_arn,
                           PermissionSetArn=current["permission_set_arn"])
        except AWSAPIError as e:
            if e.is_code("ConflictException"):
                e.message += (" (a permission set that is still assigned to accounts cannot be deleted; remove "
                              "its account assignments first)")
                raise
            if not e.is_code("ResourceNotFoundException"):
                raise
    return dict(changed=bool(current), before=current or {}, after={}, permission_set={}, reprovisioned=False)


def ensure_present(ctx, sso_admin, instance_arn, spec, current, inline, parts=ALL_PARTS):
    """Create or update; re-provision to its accounts after a change of permissions (or when out of date)."""
    base = current or empty_permission_set(spec["name"], instance_arn, parts)
    after = dict(base)
    if current is None:
        # Everything except what CreatePermissionSet sets itself is planned against an empty set.
        base = dict(base, description=spec["description"], relay_state=spec["relay_state"],
                    session_duration=spec["session_duration"] or base["session_duration"])
        if "tags" in base:
            base["tags"] = _string_tags(spec["tags"])
        after = dict(base)
    plan = plan_changes(spec, base, after, inline)
    stale = []
    if current and current["provisioned_accounts"]:
        stale = ic.provisioned_accounts(sso_admin, instance_arn, current["permission_set_arn"],
                                        "LATEST_PERMISSION_SET_NOT_PROVISIONED")
    # Re-provision after a change of permissions, or when an earlier run left accounts out of date.
    reprovision = bool(current) and bool(current["provisioned_accounts"]) and (
        plan.changes_permissions or bool(stale))
    changed = current is None or plan.changed or reprovision
    result = dict(reprovisioned=reprovision)
    if changed and not ctx.check_mode:
        if current is None:
            created = _create(sso_admin, instance_arn, spec)
            arn = created["permission_set_arn"]
            after.update(permission_set_arn=arn, created_date=created["created_date"])
        else:
            arn = current["permission_set_arn"]
        apply(sso_admin, instance_arn, arn, after, plan)
        if reprovision:
            status = ic.provision_permission_set(sso_admin, instance_arn, arn, wait=spec["wait"],
                                                 timeout=spec["wait_timeout"])
            result["provisioning_status"] = ic.status_from_api(status)
        fresh = ic.describe_permission_set(sso_admin, instance_arn, arn)
        after = read_details(sso_admin, instance_arn, fresh, parts) if fresh else after
    return dict(changed=changed, before=current or {}, after=after, permission_set=after, **result)
