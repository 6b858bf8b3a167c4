#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: iam_managed_policy
short_description: Manage a customer managed IAM policy, its default version and tags
version_added: 0.1.0
description:
  - Creates, updates or deletes a customer managed IAM policy.
  - A changed policy document becomes the policy's new default version. IAM keeps at most five
    versions of a policy; when a sixth would be needed, the oldest version that is not the default is
    deleted first.
  - Documents are compared the way IAM evaluates them, so a rerun does not create a new version only
    because AWS returns the document reformatted.
  - On delete, the policy is first detached from every role, user and group (unless
    O(detach_on_delete=false)), then its older versions are deleted, then the policy.
  - Option names follow M(amazon.aws.iam_managed_policy) where the concept is the same.
author:
  - awsops.proton maintainers (@awsops)
options:
  name:
    description:
      - The policy's name, 1 to 128 letters, digits and C(+=,.@_-).
      - Policy names are unique in an account whatever their path, and IAM compares them without
        regard to case.
    type: str
    required: true
    aliases: [policy_name]
  path:
    description:
      - The policy's path, for example C(/proton/). Defaults to C(/) when the policy is created.
      - IAM cannot change the path of an existing policy; a different path fails the task without any
        change (delete and recreate the policy to move it).
    type: str
    aliases: [path_prefix, prefix]
  description:
    description:
      - The policy's description, up to 1000 characters, set when the policy is created.
      - IAM cannot change the description of an existing policy; when it differs, the module warns and
        leaves it as it is.
    type: str
    aliases: [policy_description]
  policy_document:
    description:
      - The policy document, as a dict or a JSON string. Required to create the policy; when not set
        for an existing policy, its document is left as it is.
      - At most 6,144 characters without whitespace (IAM's limit for a managed policy).
    type: json
    aliases: [policy]
  tags:
    description:
      - Tags as a dict. Not set leaves the tags as they are.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Remove tags that are not in O(tags). Only applies when O(tags) is set.
    type: bool
    default: true
  detach_on_delete:
    description:
      - With O(state=absent), detach the policy from every role, user and group it is attached to
        before deleting it.
      - With V(false), a policy that is still attached is not deleted; the task fails naming the roles,
        users and groups it is attached to, and changes nothing.
      - A policy used as a permissions boundary is never removed from it by this module (that would
        widen the principal's permissions); the task fails naming those principals.
    type: bool
    default: true
  state:
    description:
      - V(present) creates or updates the policy; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
notes:
  - Check mode makes no write call. When it predicts a new policy, the ARN is computed from the
    caller's account (one STS C(GetCallerIdentity) call); RV(policy.policy_id) and the dates are then
    null.
  - This module always makes a changed document the default version. It does not keep a new version
    as non-default (M(amazon.aws.iam_managed_policy)'s O(amazon.aws.iam_managed_policy#module:make_default=false)).
seealso:
  - module: awsops.proton.iam_role
  - module: amazon.aws.iam_managed_policy
"""

EXAMPLES = r"""
- name: A policy that lets Proton's CodeBuild role deploy CDK apps
  awsops.proton.iam_managed_policy:
    name: ProtonCdkDeploy
    path: /proton/
    description: Lets the CodeBuild provisioning role assume the CDK deploy roles
    policy_document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: sts:AssumeRole
          Resource:
            - arn:aws:iam::123456789012:role/cdk-*-deploy-role-*
            - arn:aws:iam::123456789012:role/cdk-*-file-publishing-role-*
    tags:
      app: proton
  register: cdk_policy

- name: Update the document from a file (becomes the new default version)
  awsops.proton.iam_managed_policy:
    name: ProtonCdkDeploy
    policy_document: "{{ lookup('file', 'cdk-deploy.json') }}"

- name: Delete the policy only if nothing uses it any more
  awsops.proton.iam_managed_policy:
    name: ProtonCdkDeploy
    state: absent
    detach_on_delete: false
"""

RETURN = r"""
policy:
  description:
    - The policy after the task (predicted in check mode). Empty when O(state=absent).
  returned: always
  type: dict
  contains:
    arn:
      description: The policy's ARN.
      type: str
      sample: arn:aws:iam::123456789012:policy/proton/ProtonCdkDeploy
    policy_name:
      description: The policy's name.
      type: str
      sample: ProtonCdkDeploy
    policy_id:
      description: The policy's unique id; null in check mode when the policy would be created.
      type: str
      sample: ANPAEXAMPLEID
    path:
      description: The policy's path.
      type: str
      sample: /proton/
    description:
      description: The policy's description; null when it has none.
      type: str
      sample: Lets the CodeBuild provisioning role assume the CDK deploy roles
    default_version_id:
      description: The id of the default version, the one in effect (predicted in check mode).
      type: str
      sample: v2
    attachment_count:
      description: The number of roles, users and groups the policy is attached to.
      type: int
      sample: 1
    permissions_boundary_usage_count:
      description: The number of roles and users that use the policy as their permissions boundary.
      type: int
      sample: 0
    create_date:
      description: When the policy was created (ISO 8601); null in check mode when it would be created.
      type: str
      sample: "2024-05-01T12:00:00+00:00"
    update_date:
      description: When the policy was last updated (ISO 8601); null in check mode when it would be created.
      type: str
      sample: "2024-05-02T08:30:00+00:00"
    document:
      description: The default version's policy document.
      type: dict
      sample: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
               "Resource": "arn:aws:iam::123456789012:role/cdk-*-deploy-role-*"}]}
    tags:
      description: The policy's tags.
      type: dict
      sample: {"app": "proton"}
"""

from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import (
    AWSAPIError,
    ParameterError,
    ProtonCollectionError,
)
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
    merged_tags,
)

# IAM quotas: a managed policy document, counted without whitespace, and versions per policy.
DOCUMENT_MAX = 6144
VERSIONS_MAX = 5
# Who a policy can be attached to, as ListEntitiesForPolicy's EntityFilter and result keys name them.
ENTITIES = (("Role", "PolicyRoles", "RoleName", "DetachRolePolicy"),
            ("User", "PolicyUsers", "UserName", "DetachUserPolicy"),
            ("Group", "PolicyGroups", "GroupName", "DetachGroupPolicy"))


def validate(params):
    """Every input, before any API call. Returns the parsed document (or None)."""
    validation.check_name("name", params["name"], validation.POLICY_NAME_MAX)
    validation.check_path("path", params["path"])
    validation.check_length("description", params["description"], validation.DESCRIPTION_MAX)
    validation.check_tags("tags", params["tags"])
    if params["policy_document"] is None:
        return None
    document = parse_policy(params["policy_document"], "policy_document")
    size = policy_size(document)
    if size > DOCUMENT_MAX:
        raise ParameterError("policy_document", "is {0} characters without whitespace; IAM allows at most {1} "
                                                "for a managed policy".format(size, DOCUMENT_MAX))
    return document


# ---------------------------------------------------------------- reading


def find_policy_arn(client, name):
    """The ARN of the customer managed policy called ``name`` (any path), or None."""
    policies = client.paginate("ListPolicies", "Policies", Scope="Local")
    for item in policies:
        if item["PolicyName"] == name:
            return item["Arn"]
    for item in policies:
        if item["PolicyName"].lower() == name.lower():
            raise ParameterError("name", "IAM policy names are not case-sensitive, and a policy named {0} "
                                         "already exists ({1})".format(item["PolicyName"], item["Arn"]))
    return None


def read_policy(client, arn):
    """The policy as the module returns it, or None."""
    response = client.get_or_none("GetPolicy", PolicyArn=arn)
    if response is None:
        return None
    raw = response["Policy"]
    version = client.get_or_none("GetPolicyVersion", PolicyArn=arn, VersionId=raw["DefaultVersionId"])
    if "Tags" in raw:
        tags = raw["Tags"]
    else:
        tags = iam.listed(lambda: client.paginate("ListPolicyTags", "Tags", PolicyArn=arn))
    return dict(
        arn=raw["Arn"],
        policy_name=raw["PolicyName"],
        policy_id=raw.get("PolicyId"),
        path=raw.get("Path"),
        description=raw.get("Description") or None,
        default_version_id=raw.get("DefaultVersionId"),
        attachment_count=raw.get("AttachmentCount", 0),
        permissions_boundary_usage_count=raw.get("PermissionsBoundaryUsageCount", 0),
        create_date=iam.format_date(raw.get("CreateDate")),
        update_date=iam.format_date(raw.get("UpdateDate")),
        document=iam.decode_document(version["PolicyVersion"]["Document"]) if version else None,
        tags=boto3_tags_to_dict(tags),
    )


def list_versions(client, arn):
    return client.paginate("ListPolicyVersions", "Versions", PolicyArn=arn)


def version_number(version_id):
    digits = "".join(c for c in version_id or "" if c.isdigit())
    return int(digits) if digits else 0


def oldest_non_default(versions):
    candidates = [v for v in versions if not v.get("IsDefaultVersion")]
    if not candidates:
        return None
    return min(candidates, key=lambda v: (v.get("CreateDate") is None, v.get("CreateDate"),
                                          version_number(v["VersionId"])))["VersionId"]


def list_attached(client, arn, usage="PermissionsPolicy"):
    """``{"Role": [names], "User": [...], "Group": [...]}`` using the policy (attached, or as boundary)."""
    attached = {}
    for entity, key, name_key, _detach in ENTITIES:
        items = iam.listed(lambda: client.paginate("ListEntitiesForPolicy", key, PolicyArn=arn,
                                                   EntityFilter=entity, PolicyUsageFilter=usage))
        attached[entity] = sorted(set(item[name_key] for item in items))
    return attached


def describe_entities(attached):
    parts = []
    for entity, names in sorted(attached.items()):
        if names:
            parts.append("{0}{1} {2}".format(entity.lower(), "s" if len(names) > 1 else "", ", ".join(names)))
    return "; ".join(parts)


# ---------------------------------------------------------------- present


def plan_create(ctx, params, document):
    """``(CreatePolicy params, predicted policy)``."""
    name = params["name"]
    if document is None:
        raise ParameterError("policy_document", "is required to create the policy {0}".format(name))
    path = params["path"] or "/"
    create = dict(PolicyName=name, Path=path, PolicyDocument=policy_json(document))
    if params["description"]:
        create["Description"] = params["description"]
    tags = merged_tags({}, params["tags"])
    if tags:
        create["Tags"] = dict_to_boto3_tags(tags)
    after = dict(arn="arn:{0}:iam::{1}:policy{2}{3}".format(ctx.partition, ctx.account, path, name),
                 policy_name=name, policy_id=None, path=path, description=params["description"] or None,
                 default_version_id="v1", attachment_count=0, permissions_boundary_usage_count=0,
                 create_date=None, update_date=None, document=document, tags=tags)
    return create, after


def plan_update(module, client, params, current, document):
    """``(write ops, predicted policy)``; ops are ``(operation, kwargs)``."""
    name, arn = params["name"], current["arn"]
    if params["path"] and params["path"] != current["path"]:
        raise ParameterError("path", "IAM cannot move an existing policy: {0} has path {1}, not {2}; delete and "
                                     "recreate the policy to change it".format(name, current["path"], params["path"]))
    if params["description"] is not None and params["description"] != (current["description"] or ""):
        module.warn("IAM cannot change the description of an existing policy: {0} keeps {1!r}, not {2!r}. "
                    "Delete and recreate the policy to change it.".format(name, current["description"] or "",
                                                                          params["description"]))
    ops, after = [], dict(current)
    if document is not None and not policies_equal(current["document"], document):
        versions = list_versions(client, arn)
        if len(versions) >= VERSIONS_MAX:
            oldest = oldest_non_default(versions)
            if oldest:
                ops.append(("DeletePolicyVersion", dict(PolicyArn=arn, VersionId=oldest)))
        ops.append(("CreatePolicyVersion", dict(PolicyArn=arn, PolicyDocument=policy_json(document),
                                                SetAsDefault=True)))
        after["document"] = document
        numbers = [version_number(v["VersionId"]) for v in versions] + [version_number(current["default_version_id"])]
        after["default_version_id"] = "v{0}".format(max(numbers) + 1)  # IAM numbers versions on, never reusing one
    to_set, to_remove = compare_tags(current["tags"], params["tags"], params["purge_tags"])
    if to_remove:
        ops.append(("UntagPolicy", dict(PolicyArn=arn, TagKeys=to_remove)))
    if to_set:
        ops.append(("TagPolicy", dict(PolicyArn=arn, Tags=dict_to_boto3_tags(to_set))))
    after["tags"] = merged_tags(current["tags"], params["tags"], params["purge_tags"])
    return ops, after


def create_version(client, kwargs):
    """CreatePolicyVersion; if someone added versions meanwhile (LimitExceeded), prune once more and retry."""
    try:
        iam.call_write(client, "CreatePolicyVersion", kwargs)
    except AWSAPIError as e:
        if not e.is_code("LimitExceeded"):
            raise
        oldest = oldest_non_default(list_versions(client, kwargs["PolicyArn"]))
        if oldest is None:
            raise
        iam.call_write(client, "DeletePolicyVersion", dict(PolicyArn=kwargs["PolicyArn"], VersionId=oldest))
        iam.call_write(client, "CreatePolicyVersion", kwargs)


def apply(client, ops):
    for operation, kwargs in ops:
        if operation == "CreatePolicyVersion":
            create_version(client, kwargs)
        else:
            iam.call_write(client, operation, kwargs)


def ensure_present(module, ctx, params, current, document):
    client = ctx.client
    if current is None:
        create, after = plan_create(ctx, params, document)
        if module.check_mode:
            return True, {}, after
        try:
            arn = iam.call_write(client, "CreatePolicy", create)["Policy"]["Arn"]
        except AWSAPIError as e:
            if not e.is_code("EntityAlreadyExists"):
                raise
            # Created by someone else meanwhile: converge on it like on any existing policy.
            arn = find_policy_arn(client, params["name"])
            current = read_policy(client, arn) if arn else None
            if current is None:
                raise ProtonCollectionError("The policy {0} was created and deleted by someone else during this "
                                            "run; run the task again".format(params["name"]))
        if current is None:
            return True, {}, read_policy(client, arn) or after
    ops, after = plan_update(module, client, params, current, document)
    if module.check_mode or not ops:
        return bool(ops), current, after
    apply(client, ops)
    return True, current, read_policy(client, current["arn"]) or after


# ---------------------------------------------------------------- absent


def delete_policy(client, arn):
    """Detach, delete the non-default versions, delete; DeleteConflict (attached meanwhile) cleans once more."""
    def clean():
        attached = list_attached(client, arn)
        for entity, _key, name_key, detach in ENTITIES:
            for name in attached[entity]:
                iam.call_write(client, detach, {name_key: name, "PolicyArn": arn})
        for version in iam.listed(lambda: list_versions(client, arn)):
            if not version.get("IsDefaultVersion"):
                iam.call_write(client, "DeletePolicyVersion", dict(PolicyArn=arn, VersionId=version["VersionId"]))

    clean()
    try:
        iam.call_write(client, "DeletePolicy", dict(PolicyArn=arn))
    except AWSAPIError as e:
        if not e.is_code("DeleteConflict"):
            raise
        clean()
        iam.call_write(client, "DeletePolicy", dict(PolicyArn=arn))


def ensure_absent(module, client, params, current):
    if current is None:
        return False, {}, {}
    arn, name = current["arn"], current["policy_name"]
    if current["permissions_boundary_usage_count"]:
        boundaries = list_attached(client, arn, usage="PermissionsBoundary")
        raise ProtonCollectionError(
            "The policy {0} is the permissions boundary of {1}. Removing a boundary widens permissions, so this "
            "module does not do it; change those principals' boundary first. Nothing was changed.".format(
                name, describe_entities(boundaries) or "{0} principal(s)".format(
                    current["permissions_boundary_usage_count"])),
            boundary_of=boundaries)
    if not params["detach_on_delete"]:
        attached = list_attached(client, arn)
        if any(attached.values()):
            raise ProtonCollectionError(
                "The policy {0} is attached to {1}, and detach_on_delete is false. Nothing was changed.".format(
                    name, describe_entities(attached)), attached_to=attached)
    if not module.check_mode:
        delete_policy(client, arn)
    return True, current, {}


def run(module):
    params = module.params
    document = validate(params)
    ctx = iam.IAMContext(module)
    client = ctx.client
    arn = find_policy_arn(client, params["name"])
    current = read_policy(client, arn) if arn else None
    if current is not None:
        ctx.learn_arn(current["arn"])
    if params["state"] == "absent":
        changed, before, after = ensure_absent(module, client, params, current)
    else:
        changed, before, after = ensure_present(module, ctx, params, current, document)
    return module.result(changed, before=before, after=after, policy=after)


def main():
    argument_spec = dict(
        name=dict(type="str", required=True, aliases=["policy_name"]),
        path=dict(type="str", aliases=["path_prefix", "prefix"]),
        description=dict(type="str", aliases=["policy_description"]),
        policy_document=dict(type="json", aliases=["policy"]),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        detach_on_delete=dict(type="bool", default=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
