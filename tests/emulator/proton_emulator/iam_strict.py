"""IAM rules AWS enforces and moto does not, checked before moto sees the request.

Names, paths and MaxSessionDuration are constraints of botocore's IAM model and are checked by
validation.py (ValidationError). What the model cannot express lives here:
- trust policies (CreateRole, UpdateAssumeRolePolicy): JSON with a Statement whose statements have a
  Principal and no Resource, else MalformedPolicyDocument; more than 2048 characters (the default
  ACLSizePerRole quota) is LimitExceeded;
- permission policies (Put{Role,User,Group}Policy, CreatePolicy, CreatePolicyVersion): JSON, else
  MalformedPolicyDocument (moto checks the grammar of valid JSON itself); a managed policy over 6144
  characters, or inline policies over 10240 (role) / 2048 (user) / 5120 (group) characters together,
  is LimitExceeded;
- role, user, group and policy names are unique regardless of case (EntityAlreadyExists), on
  renames (UpdateUser, UpdateGroup) too: moto let a rename replace another user or group;
- a permissions boundary (CreateRole, CreateUser, Put{Role,User}PermissionsBoundary) must be an
  existing managed policy: NoSuchEntity "Scope ARN: ... does not exist or is not attachable." (404);
- DeleteConflict (409) while something still hangs on what is deleted: a user's login profile,
  access keys, signing certificates, SSH keys, MFA devices, policies or groups; a group's members
  or policies; a managed policy's attachments, its use as a permissions boundary, or versions other
  than the default. The messages are AWS's, as quoted in public reports of these errors; the order
  of the checks follows the API reference's lists (AWS does not document which it reports first).
  moto already refuses DeleteRole with policies or instance profiles.
IAM does not count whitespace towards policy sizes. moto already limits policy versions (5) and
access keys (2) with LimitExceeded.
"""

import json
import re

from moto.iam.exceptions import IAMException

from .iam_extra import attached_entities, boundary_roles, boundary_users
from .protocol import ApiError

TRUST_POLICY_QUOTA = 2048
MANAGED_POLICY_QUOTA = 6144
INLINE_POLICY_QUOTAS = {
    "PutRolePolicy": ("RoleName", "role", 10240),
    "PutUserPolicy": ("UserName", "user", 2048),
    "PutGroupPolicy": ("GroupName", "group", 5120),
}
BOUNDARY_OPERATIONS = frozenset((
    "CreateRole", "CreateUser", "PutRolePermissionsBoundary", "PutUserPermissionsBoundary"))


def check(backend, operation, params):
    """Raise ApiError if AWS would reject this IAM request; `backend` is moto's IAM backend of the account."""
    if params.get("PermissionsBoundary") and operation in BOUNDARY_OPERATIONS:
        _check_boundary(backend, params["PermissionsBoundary"])
    if operation == "CreateRole":
        _unique(params["RoleName"], [role.name for role in backend.roles.values()],
                "Role with name %s already exists.")
        _check_trust_policy(params["AssumeRolePolicyDocument"])
    elif operation == "UpdateAssumeRolePolicy":
        _check_trust_policy(params["PolicyDocument"])
    elif operation == "CreateUser":
        _unique(params["UserName"], list(backend.users), "User with name %s already exists.")
    elif operation == "CreateGroup":
        _unique(params["GroupName"], list(backend.groups), "Group with name %s already exists.")
    elif operation == "UpdateUser" and "NewUserName" in params:
        _unique(params["NewUserName"], [name for name in backend.users if name != params["UserName"]],
                "User with name %s already exists.")
    elif operation == "UpdateGroup" and "NewGroupName" in params:
        _unique(params["NewGroupName"], [name for name in backend.groups if name != params["GroupName"]],
                "Group with name %s already exists.")
    elif operation in DELETE_CONFLICTS:
        DELETE_CONFLICTS[operation](backend, params)
    elif operation == "CreatePolicy":
        customer_policies = [policy.name for arn, policy in backend.managed_policies.items()
                             if not arn.split(":")[4] == "aws"]
        _unique(params["PolicyName"], customer_policies,
                "A policy called %s already exists. Duplicate names are not allowed.")
        _check_managed_policy(params["PolicyDocument"])
    elif operation == "CreatePolicyVersion":
        _check_managed_policy(params["PolicyDocument"])
    elif operation in INLINE_POLICY_QUOTAS:
        _check_inline_policy(backend, operation, params)


def _check_boundary(backend, arn):
    if arn not in backend.managed_policies:
        raise ApiError("NoSuchEntity", "Scope ARN: %s does not exist or is not attachable." % arn)


def _check_delete_user(backend, params):
    user = backend.users.get(params["UserName"])
    if user is None:
        return  # moto answers NoSuchEntity
    _conflict(user.password is not None, "Cannot delete entity, must delete login profile first.")
    _conflict(user.access_keys, "Cannot delete entity, must delete access keys first.")
    _conflict(user.signing_certificates, "Cannot delete entity, must delete certificates first.")
    _conflict(user.ssh_public_keys, "Cannot delete entity, must remove referenced objects first.")
    _conflict(user.mfa_devices, "Cannot delete entity, must delete MFA device first.")
    _conflict(user.policies, "Cannot delete entity, must delete policies first.")
    _conflict(user.managed_policies, "Cannot delete entity, must detach all policies first.")
    _conflict(any(user in group.users for group in backend.groups.values()),
              "Cannot delete entity, must remove users from group first.")


def _check_delete_group(backend, params):
    group = backend.groups.get(params["GroupName"])
    if group is None:
        return  # moto answers NoSuchEntity
    _conflict(group.users, "Cannot delete entity, must remove users from group first.")
    _conflict(group.managed_policies, "Cannot delete entity, must detach all policies first.")
    _conflict(group.policies, "Cannot delete entity, must delete policies first.")


def _check_delete_policy(backend, params):
    arn = params["PolicyArn"]
    policy = backend.managed_policies.get(arn)
    if policy is None:
        return  # moto answers NoSuchEntity
    used = any(attached_entities(backend, arn)) or boundary_users(backend, arn) or boundary_roles(backend, arn)
    _conflict(used, "Cannot delete a policy attached to entities.")
    _conflict(len(policy.versions) > 1, "This policy has more than one version. Before you delete a policy, "
              "you must delete the policy's versions. The default version is deleted with the policy.")


def _conflict(condition, message):
    if condition:
        raise ApiError("DeleteConflict", message)


DELETE_CONFLICTS = {
    "DeleteUser": _check_delete_user,
    "DeleteGroup": _check_delete_group,
    "DeletePolicy": _check_delete_policy,
}


def policy_size(document):
    """A policy's size as IAM counts it against quotas: characters other than whitespace."""
    return len(re.sub(r"\s", "", document))


def _unique(name, existing, message):
    if any(other.lower() == name.lower() for other in existing):
        raise ApiError("EntityAlreadyExists", message % name)


def _parse_policy(document):
    try:
        policy = json.loads(document)
    except ValueError:
        policy = None
    if not isinstance(policy, dict):
        raise ApiError("MalformedPolicyDocument", "This policy contains invalid Json")
    return policy


def _check_trust_policy(document):
    policy = _parse_policy(document)
    if policy_size(document) > TRUST_POLICY_QUOTA:
        raise ApiError("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: %d" % TRUST_POLICY_QUOTA)
    statements = policy.get("Statement")
    if statements is None:
        raise ApiError("MalformedPolicyDocument", "Missing required field Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements or not all(isinstance(s, dict) for s in statements):
        raise ApiError("MalformedPolicyDocument", "Syntax errors in policy.")
    for statement in statements:
        if "Principal" not in statement:
            raise ApiError("MalformedPolicyDocument", "Missing required field Principal")
        if "Resource" in statement or "NotResource" in statement:
            raise ApiError("MalformedPolicyDocument", "Has prohibited field Resource")


def _check_managed_policy(document):
    _parse_policy(document)
    if policy_size(document) > MANAGED_POLICY_QUOTA:
        raise ApiError("LimitExceeded", "Cannot exceed quota for PolicySize: %d" % MANAGED_POLICY_QUOTA)


def _check_inline_policy(backend, operation, params):
    _parse_policy(params["PolicyDocument"])
    name_key, kind, quota = INLINE_POLICY_QUOTAS[operation]
    owner_name = params[name_key]
    try:
        owner = {"role": backend.get_role, "user": backend.get_user, "group": backend.get_group}[kind](owner_name)
    except IAMException:
        return  # moto answers NoSuchEntity
    others = [document for name, document in owner.policies.items() if name != params["PolicyName"]]
    total = sum(policy_size(_as_text(document)) for document in others) + policy_size(params["PolicyDocument"])
    if total > quota:
        raise ApiError("LimitExceeded",
                       "Maximum policy size of %d bytes exceeded for %s %s" % (quota, kind, owner_name))


def _as_text(document):
    return document if isinstance(document, str) else json.dumps(document)
