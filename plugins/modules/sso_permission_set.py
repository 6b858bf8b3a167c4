#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sso_permission_set
short_description: Manage an IAM Identity Center permission set
version_added: 0.1.0
description:
  - Creates, updates or deletes a permission set of the IAM Identity Center instance, found by O(name), with
    its description, session duration, relay state, AWS managed policies, customer managed policy
    references, inline policy and tags.
  - A permission set already provisioned to AWS accounts is re-provisioned to all of them after a change
    (sso-admin C(ProvisionPermissionSet) with C(ALL_PROVISIONED_ACCOUNTS)), so the roles Identity Center
    made in those accounts get the change. Accounts left out of date by an earlier failed run are
    re-provisioned too. A change of tags alone needs no re-provisioning.
  - Needs an organization instance of Identity Center; an account instance cannot hold permission sets.
author:
  - awsops.proton maintainers (@awsops)
options:
  name:
    description:
      - The permission set's name, 1 to 32 letters, digits and C(+=,.@_-), unique in the instance.
      - It becomes the C(sso_role_name) of AWS CLI profiles (M(awsops.proton.aws_cli_profile)).
    type: str
    required: true
  description:
    description:
      - The description, 1 to 700 characters. Not set means leave it as it is.
    type: str
  session_duration:
    description:
      - How long a sign-in to an account lasts, as an ISO 8601 duration from C(PT1H) to C(PT12H), for example
        C(PT8H) or C(PT1H30M). Durations are compared by length, so C(PT60M) equals C(PT1H).
      - Not set means leave it as it is (AWS's default for a new permission set is C(PT1H)).
    type: str
  relay_state:
    description:
      - The URL users land on in the console after signing in to an account through this permission set.
    type: str
  managed_policies:
    description:
      - AWS managed policies to attach, by ARN (C(arn:aws:iam::aws:policy/AdministratorAccess)) or by name
        (C(AdministratorAccess), C(job-function/ViewOnlyAccess)). Only AWS managed policies can be attached;
        use O(customer_managed_policy_references) for your own.
      - Not set means leave the attached policies as they are.
    type: list
    elements: str
    aliases: [managed_policy]
  customer_managed_policy_references:
    description:
      - Customer managed policies to attach by name and path. A policy of that name and path must exist in
        every account the permission set is provisioned to, or provisioning fails.
      - Not set means leave them as they are.
    type: list
    elements: dict
    suboptions:
      name:
        description: The policy name.
        type: str
        required: true
      path:
        description: The policy path.
        type: str
        default: /
  purge_policies:
    description:
      - When true, managed policies and customer managed policy references not listed in
        O(managed_policies) and O(customer_managed_policy_references) (when those are set) are detached.
    type: bool
    default: true
    aliases: [purge_policy, purge_managed_policies]
  inline_policy:
    description:
      - The inline policy document (a dict or a JSON string), up to 32,768 characters.
      - V("") removes the inline policy. Not set means leave it as it is.
    type: json
  tags:
    description:
      - Tags of the permission set (at most 75). Not set means leave them as they are.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - When true and O(tags) is set, tags not in O(tags) are removed.
    type: bool
    default: true
  instance_arn:
    description:
      - The IAM Identity Center instance. When not set, the only instance in the region is used.
    type: str
  wait:
    description:
      - Wait for re-provisioning to finish and fail with AWS's reason if it fails.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait for re-provisioning.
    type: int
    default: 300
  state:
    description:
      - C(present) creates or updates the permission set; C(absent) deletes it.
      - Delete its account assignments (M(awsops.proton.sso_account_assignment)) first; AWS refuses to
        delete a permission set that is still assigned.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.actiongroup_aws
  - awsops.proton.attributes.check_mode
  - awsops.proton.attributes.diff_mode
  - awsops.proton.attributes.idempotent
seealso:
  - module: awsops.proton.sso_account_assignment
  - module: awsops.proton.aws_cli_profile
"""

EXAMPLES = r"""
- name: Administrator access for the Proton administrators
  awsops.proton.sso_permission_set:
    name: AdministratorAccess
    description: Full access to the account
    session_duration: PT8H
    managed_policies:
      - arn:aws:iam::aws:policy/AdministratorAccess
    tags:
      app: proton

- name: A narrower permission set with an inline policy
  awsops.proton.sso_permission_set:
    name: ProtonDeveloper
    session_duration: PT4H
    managed_policies: [AWSProtonDeveloperAccess]
    inline_policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: ["logs:GetLogEvents", "logs:FilterLogEvents"]
          Resource: "*"

- name: Delete it (after its account assignments)
  awsops.proton.sso_permission_set:
    name: ProtonDeveloper
    state: absent
"""

RETURN = r"""
permission_set:
  description: The permission set after the change (predicted in check mode); empty after O(state=absent).
  returned: always
  type: dict
  contains:
    name:
      description: The name.
      type: str
      sample: AdministratorAccess
    permission_set_arn:
      description: The ARN; C(null) when a permission set is only predicted in check mode.
      type: str
      sample: arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef
    instance_arn:
      description: The instance it belongs to.
      type: str
      sample: arn:aws:sso:::instance/ssoins-1234567890abcdef
    description:
      description: The description, or C(null).
      type: str
      sample: Full access to the account
    session_duration:
      description: The session duration (ISO 8601).
      type: str
      sample: PT8H
    relay_state:
      description: The relay state, or C(null).
      type: str
      sample: null
    created_date:
      description: When it was created (ISO 8601); C(null) when only predicted.
      type: str
      sample: "2025-01-31T10:00:00+00:00"
    managed_policies:
      description: ARNs of the attached AWS managed policies, sorted.
      type: list
      elements: str
      sample: [arn:aws:iam::aws:policy/AdministratorAccess]
    customer_managed_policy_references:
      description: Attached customer managed policies, sorted by path and name.
      type: list
      elements: dict
      sample: [{name: ProtonBoundary, path: /}]
    inline_policy:
      description: The inline policy document, or C(null).
      type: dict
      sample: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    tags:
      description: The tags.
      type: dict
      sample: {app: proton}
    provisioned_accounts:
      description: Ids of the accounts the permission set is provisioned to, sorted.
      type: list
      elements: str
      sample: ["123456789012"]
reprovisioned:
  description: Whether the permission set was (or, in check mode, would be) re-provisioned to its accounts.
  returned: always
  type: bool
  sample: true
provisioning_status:
  description: The last status of the re-provisioning request.
  returned: when the permission set was re-provisioned (not in check mode)
  type: dict
  contains:
    status:
      description: C(SUCCEEDED), or C(IN_PROGRESS) when O(wait=false).
      type: str
      sample: SUCCEEDED
    request_id:
      description: The request id (for sso-admin C(DescribePermissionSetProvisioningStatus)).
      type: str
      sample: 0a1b2c3d-1234-5678-9abc-def012345678
    failure_reason:
      description: AWS's reason when provisioning failed.
      type: str
      sample: null
    created_date:
      description: When the request was made.
      type: str
      sample: "2025-01-31T10:00:00+00:00"
diff:
  description: The permission set (with policies and tags) before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Before (empty when it did not exist).
      type: dict
    after:
      description: After (empty when deleted).
      type: dict
"""

import json

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
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
)


def validate(params):
    """Check every option; returns the parsed inline policy ("" = remove, None = leave alone)."""
    identity_center.check_permission_set_name("name", params["name"])
    identity_center.check_instance_arn("instance_arn", params["instance_arn"])
    identity_center.check_permission_set_description("description", params["description"])
    identity_center.check_session_duration("session_duration", params["session_duration"])
    identity_center.check_relay_state("relay_state", params["relay_state"])
    identity_center.check_managed_policy_arns(
        "managed_policies", [policy_arn(value, "aws") for value in params["managed_policies"] or []])
    identity_center.check_customer_policy_references("customer_managed_policy_references",
                                                     params["customer_managed_policy_references"])
    identity_center.check_permission_set_tags("tags", params["tags"])
    if params["wait_timeout"] < 1:
        raise ParameterError("wait_timeout", "must be a positive number of seconds (got {0})".format(
            params["wait_timeout"]))
    inline = params["inline_policy"]
    if inline is None or not inline.strip():
        return None if inline is None else ""
    document = parse_policy(inline, "inline_policy")
    if policy_size(document) > identity_center.INLINE_POLICY_MAX:
        raise ParameterError("inline_policy", "at most {0} characters without whitespace (got {1})".format(
            identity_center.INLINE_POLICY_MAX, policy_size(document)))
    return document


def policy_arn(value, partition):
    """An AWS managed policy ARN from an ARN or a name (optionally with its path)."""
    if value.startswith("arn:"):
        return value
    return "arn:{0}:iam::aws:policy/{1}".format(partition, value.lstrip("/"))


def reference_key(ref):
    return (ref.get("path") or "/", ref["name"])


def sorted_references(refs):
    return [dict(name=name, path=path) for path, name in sorted(set(reference_key(r) for r in refs))]


def read_details(sso_admin, instance_arn, permission_set):
    """The permission set with its policies, tags and provisioned accounts."""
    arn = permission_set["permission_set_arn"]
    kwargs = dict(InstanceArn=instance_arn, PermissionSetArn=arn)
    managed = sso_admin.paginate("ListManagedPoliciesInPermissionSet", "AttachedManagedPolicies", **kwargs)
    customer = sso_admin.paginate("ListCustomerManagedPolicyReferencesInPermissionSet",
                                  "CustomerManagedPolicyReferences", **kwargs)
    inline = sso_admin.call("GetInlinePolicyForPermissionSet", **kwargs).get("InlinePolicy")
    tags = sso_admin.paginate("ListTagsForResource", "Tags", InstanceArn=instance_arn, ResourceArn=arn)
    details = dict(permission_set, instance_arn=instance_arn)
    details.update(
        managed_policies=sorted(set(p["Arn"] for p in managed)),
        customer_managed_policy_references=sorted_references(
            dict(name=r["Name"], path=r.get("Path") or "/") for r in customer),
        inline_policy=json.loads(inline) if inline else None,
        tags=boto3_tags_to_dict(tags),
        provisioned_accounts=identity_center.provisioned_accounts(sso_admin, instance_arn, arn),
    )
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


def plan_changes(params, current, after, inline):
    """Fill ``after`` with the wanted state and return the Plan from ``current`` to it."""
    plan = Plan()
    partition = after["instance_arn"].split(":")[1]
    for option in ("description", "relay_state"):
        if params[option] is not None and params[option] != current[option]:
            after[option] = params[option]
            plan.update[option] = params[option]
    wanted_duration = params["session_duration"]
    if wanted_duration is not None and identity_center.session_duration_seconds(wanted_duration) != \
            identity_center.session_duration_seconds(current["session_duration"]):
        after["session_duration"] = wanted_duration
        plan.update["session_duration"] = wanted_duration

    if params["managed_policies"] is not None:
        wanted = set(policy_arn(v, partition) for v in params["managed_policies"])
        have = set(current["managed_policies"])
        detach = sorted(have - wanted) if params["purge_policies"] else []
        for arn in sorted(wanted - have):
            plan.calls.append(("AttachManagedPolicyToPermissionSet", dict(ManagedPolicyArn=arn)))
        for arn in detach:
            plan.calls.append(("DetachManagedPolicyFromPermissionSet", dict(ManagedPolicyArn=arn)))
        after["managed_policies"] = sorted((have | wanted) - set(detach))

    if params["customer_managed_policy_references"] is not None:
        wanted = set(reference_key(r) for r in params["customer_managed_policy_references"])
        have = set(reference_key(r) for r in current["customer_managed_policy_references"])
        detach = sorted(have - wanted) if params["purge_policies"] else []
        for path, name in sorted(wanted - have):
            plan.calls.append(("AttachCustomerManagedPolicyReferenceToPermissionSet",
                               dict(CustomerManagedPolicyReference=dict(Name=name, Path=path))))
        for path, name in detach:
            plan.calls.append(("DetachCustomerManagedPolicyReferenceFromPermissionSet",
                               dict(CustomerManagedPolicyReference=dict(Name=name, Path=path))))
        after["customer_managed_policy_references"] = sorted_references(
            dict(name=n, path=p) for p, n in (have | wanted) - set(detach))

    if inline == "" and current["inline_policy"] is not None:
        plan.calls.append(("DeleteInlinePolicyFromPermissionSet", {}))
        after["inline_policy"] = None
    elif inline and not policies_equal(inline, current["inline_policy"]):
        plan.calls.append(("PutInlinePolicyToPermissionSet", dict(InlinePolicy=policy_json(inline))))
        after["inline_policy"] = inline

    to_set, to_remove = compare_tags(current["tags"], params["tags"], params["purge_tags"])
    if to_remove:
        plan.tag_calls.append(("UntagResource", dict(TagKeys=to_remove)))
    if to_set:
        plan.tag_calls.append(("TagResource", dict(Tags=dict_to_boto3_tags(to_set))))
    tags = dict((k, v) for k, v in current["tags"].items() if k not in to_remove)
    tags.update(to_set)
    after["tags"] = tags
    return plan


def empty_permission_set(params, instance_arn):
    return dict(name=params["name"], permission_set_arn=None, instance_arn=instance_arn, description=None,
                session_duration=identity_center.DEFAULT_SESSION_DURATION, relay_state=None, created_date=None,
                managed_policies=[], customer_managed_policy_references=[], inline_policy=None, tags={},
                provisioned_accounts=[])


def create_permission_set(sso_admin, instance_arn, params):
    kwargs = dict(InstanceArn=instance_arn, Name=params["name"])
    for option, key in (("description", "Description"), ("session_duration", "SessionDuration"),
                        ("relay_state", "RelayState")):
        if params[option] is not None:
            kwargs[key] = params[option]
    if params["tags"]:
        kwargs["Tags"] = dict_to_boto3_tags(dict((str(k), str(v)) for k, v in params["tags"].items()))
    try:
        created = sso_admin.call("CreatePermissionSet", **kwargs)["PermissionSet"]
        return identity_center.permission_set_from_api(created)
    except AWSAPIError as e:
        # Created meanwhile by someone else (names are unique): converge that one instead.
        if e.is_code("ConflictException"):
            existing = identity_center.find_permission_set(sso_admin, instance_arn, params["name"])
            if existing:
                return existing
        raise


def already_attached(sso_admin, kwargs, operation, extra):
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
            if not (e.is_code("ConflictException") and already_attached(sso_admin, kwargs, operation, extra)):
                raise
    for operation, extra in plan.tag_calls:
        sso_admin.call(operation, InstanceArn=instance_arn, ResourceArn=arn, **extra)


def ensure_absent(module, sso_admin, instance_arn, current):
    if current and not module.check_mode:
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
    return module.result(bool(current), before=current or {}, after={}, permission_set={}, reprovisioned=False)


def ensure_present(module, sso_admin, instance_arn, current, inline):
    params = module.params
    base = current or empty_permission_set(params, instance_arn)
    after = dict(base)
    if current is None:
        # Everything except what CreatePermissionSet sets itself is planned against an empty set.
        base = dict(base, description=params["description"], relay_state=params["relay_state"],
                    session_duration=params["session_duration"] or base["session_duration"],
                    tags=dict((str(k), str(v)) for k, v in (params["tags"] or {}).items()))
        after = dict(base)
    plan = plan_changes(params, base, after, inline)
    stale = []
    if current and current["provisioned_accounts"]:
        stale = identity_center.provisioned_accounts(sso_admin, instance_arn, current["permission_set_arn"],
                                                     "LATEST_PERMISSION_SET_NOT_PROVISIONED")
    # Re-provision after a change of permissions, or when an earlier run left accounts out of date.
    reprovision = bool(current) and bool(current["provisioned_accounts"]) and (
        plan.changes_permissions or bool(stale))
    changed = current is None or plan.changed or reprovision
    result = dict(reprovisioned=reprovision)
    if changed and not module.check_mode:
        if current is None:
            created = create_permission_set(sso_admin, instance_arn, params)
            arn = created["permission_set_arn"]
            after.update(permission_set_arn=arn, created_date=created["created_date"])
        else:
            arn = current["permission_set_arn"]
        apply(sso_admin, instance_arn, arn, after, plan)
        if reprovision:
            status = identity_center.provision_permission_set(
                sso_admin, instance_arn, arn, wait=params["wait"], timeout=params["wait_timeout"])
            result["provisioning_status"] = identity_center.status_from_api(status)
        fresh = identity_center.describe_permission_set(sso_admin, instance_arn, arn)
        after = read_details(sso_admin, instance_arn, fresh) if fresh else after
    return module.result(changed, before=current or {}, after=after, permission_set=after, **result)


def run(module):
    inline = validate(module.params)
    sso_admin = module.client("sso-admin")
    instance = identity_center.resolve_instance(sso_admin, module.params["instance_arn"])
    instance_arn = instance["instance_arn"]
    found = identity_center.find_permission_set(sso_admin, instance_arn, module.params["name"])
    current = read_details(sso_admin, instance_arn, found) if found else None
    if module.params["state"] == "absent":
        return ensure_absent(module, sso_admin, instance_arn, current)
    return ensure_present(module, sso_admin, instance_arn, current, inline)


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        session_duration=dict(type="str"),
        relay_state=dict(type="str"),
        managed_policies=dict(type="list", elements="str", aliases=["managed_policy"]),
        customer_managed_policy_references=dict(
            type="list", elements="dict",
            options=dict(name=dict(type="str", required=True), path=dict(type="str", default="/"))),
        purge_policies=dict(type="bool", default=True, aliases=["purge_policy", "purge_managed_policies"]),
        inline_policy=dict(type="json"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        instance_arn=dict(type="str"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
