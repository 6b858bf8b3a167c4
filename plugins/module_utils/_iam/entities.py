# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM roles, users and groups: what the iam_role, iam_user and iam_group modules share.

Everything here takes an entity kind (``KINDS["role"]``, ``KINDS["user"]``,
``KINDS["group"]``) and derives the operation names from it, so managed-policy
attachment, inline policies, tags, permissions boundaries, deletion and result
shaping are written once.

Planning is kept apart from applying. The ``plan_*`` functions are pure: they
return the write calls needed, as ``[(operation, kwargs), ...]``, and the value
the entity will have afterwards. Check mode is "plan, do not apply"; a rerun with
nothing to do makes no write call because its plan is empty.
"""

from __future__ import annotations

import json
import re

from urllib.parse import unquote

from ansible_collections.awsops.proton.plugins.module_utils._aws import policy as policy_utils
from ansible_collections.awsops.proton.plugins.module_utils._aws import tags as tag_utils
from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.arn import partition_account as arn_partition_account
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError, ProtonCollectionError
from ansible_collections.awsops.proton.plugins.module_utils._aws.waiters import retry_on

# An AWS managed policy given by name, optionally with its path: "AdministratorAccess",
# "service-role/AWSLambdaBasicExecutionRole".
MANAGED_POLICY_NAME_PATTERN = re.compile(r"^(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,128}$")
# IAM's pattern for role descriptions.
DESCRIPTION_PATTERN = re.compile(u"^[\u0009\u000a\u000d\u0020-\u007e\u00a1-\u00ff]*$")
# ACLSizePerRole: 2,048 characters by default, raisable by quota request up to 4,096.
TRUST_POLICY_MAX = 4096
MIN_SESSION_DURATION = 3600
MAX_SESSION_DURATION = 43200
# AWS's default when a role is created without MaxSessionDuration.
DEFAULT_SESSION_DURATION = 3600

# How long a write call right after a create is retried on NoSuchEntity (IAM is eventually consistent).
# ConcurrentModification is retried by the client itself (_aws.client.RETRIED_CONFLICTS), for every IAM call.
WRITE_RETRY_TIMEOUT = 30
_GONE_OK_PREFIXES = ("Delete", "Detach", "Remove", "Deactivate", "Untag")


class EntityKind:
    """The operation and field names of one IAM entity kind, derived from its noun."""

    def __init__(self, noun, name_max, inline_max, taggable, has_boundary):
        title = noun.capitalize()
        self.noun = noun
        self.name_max = name_max
        self.inline_max = inline_max
        self.taggable = taggable
        self.has_boundary = has_boundary
        self.name_key = title + "Name"
        self.id_key = title + "Id"
        self.result_key = title
        self.get = "Get" + title
        self.create = "Create" + title
        self.delete = "Delete" + title
        self.list_attached = "ListAttached{0}Policies".format(title)
        self.attach = "Attach{0}Policy".format(title)
        self.detach = "Detach{0}Policy".format(title)
        self.list_inline = "List{0}Policies".format(title)
        self.get_inline = "Get{0}Policy".format(title)
        self.put_inline = "Put{0}Policy".format(title)
        self.delete_inline = "Delete{0}Policy".format(title)
        self.tag = "Tag" + title
        self.untag = "Untag" + title
        self.put_boundary = "Put{0}PermissionsBoundary".format(title)
        self.delete_boundary = "Delete{0}PermissionsBoundary".format(title)

    def key(self, name, **kwargs):
        """Request parameters naming the entity, plus ``kwargs``."""
        params = {self.name_key: name}
        params.update(kwargs)
        return params


# Name and inline-policy limits from the IAM User Guide ("IAM and AWS STS quotas").
# IAM groups cannot be tagged and have no permissions boundary.
KINDS = dict(
    role=EntityKind("role", validation.ROLE_NAME_MAX, 10240, taggable=True, has_boundary=True),
    user=EntityKind("user", validation.USER_NAME_MAX, 2048, taggable=True, has_boundary=True),
    group=EntityKind("group", validation.GROUP_NAME_MAX, 5120, taggable=False, has_boundary=False),
)


# ---------------------------------------------------------------- caller identity


class IAMContext:
    """The IAM client of one module run, and the caller's account and partition, looked up once.

    The partition and account are taken from any ARN already seen in this run (for
    example the entity's own); STS ``GetCallerIdentity`` is called only when neither is
    known yet, and at most once.
    """

    def __init__(self, module):
        self.module = module
        self._partition = None
        self._account = None
        self._identity_called = False

    @property
    def client(self):
        return self.module.client("iam")

    def know(self, partition, account):
        """The caller's partition and account, when an earlier task looked them up (no STS call then)."""
        if partition and account:
            self._partition, self._account = partition, account

    def learn_arn(self, arn):
        partition, account = arn_partition_account(arn)
        if partition and account and account.isdigit():
            self._partition, self._account = partition, account

    def _lookup(self):
        if not self._identity_called:
            self._identity_called = True
            identity = self.module.client("sts").call("GetCallerIdentity")
            partition, _account = arn_partition_account(identity.get("Arn"))
            self._partition = partition or "aws"
            self._account = identity["Account"]

    @property
    def partition(self):
        if self._partition is None:
            self._lookup()
        return self._partition

    @property
    def account(self):
        if self._account is None:
            self._lookup()
        return self._account

    def entity_arn(self, kind, path, name):
        """The ARN IAM gives an entity of ``kind`` at ``path`` in the caller's account."""
        return "arn:{0}:iam::{1}:{2}{3}{4}".format(self.partition, self.account, kind.noun, path or "/", name)


# ---------------------------------------------------------------- validation (no API calls)


def check_managed_policies(option, values):
    """Each value is a policy ARN or an AWS managed policy name (optionally with its path)."""
    for value in values or []:
        if not isinstance(value, str) or not value:
            raise ParameterError(option, "entries must be non-empty strings (policy ARNs or AWS managed "
                                         "policy names), got {0!r}".format(value))
        if value.startswith("arn:"):
            validation.check_policy_arn(option, value)
        elif not MANAGED_POLICY_NAME_PATTERN.match(value):
            raise ParameterError(option, "{0!r} is neither a policy ARN nor an AWS managed policy name "
                                         "such as AdministratorAccess".format(value))


def check_boundary(option, value):
    """A managed policy ARN, or ``""`` (remove the boundary)."""
    if value:
        validation.check_policy_arn(option, value)


def check_description(option, value):
    if value is None:
        return
    validation.check_length(option, value, validation.DESCRIPTION_MAX)
    if not DESCRIPTION_PATTERN.match(value):
        raise ParameterError(option, "may contain only printable Latin-1 characters, tabs and newlines")


def check_names(option, values, kind):
    """A list of entity names of ``kind`` (for example the users of a group)."""
    for value in values or []:
        if not isinstance(value, str):
            raise ParameterError(option, "entries must be {0} names, got {1!r}".format(kind.noun, value))
        try:
            validation.check_name(option, value, kind.name_max)
        except ParameterError as e:
            raise ParameterError(option, "{0} name {1!r}: {2}".format(kind.noun, value, e.rule))


def check_inline_policies(option, policies, kind):
    """``{name: document}`` with each document parsed; None stays None.

    The documents together must fit IAM's limit for the entity kind (10,240 characters
    for a role, 5,120 for a group, 2,048 for a user), counted without whitespace.
    """
    if policies is None:
        return None
    if not isinstance(policies, dict):
        raise ParameterError(option, "must be a dictionary of policy name to policy document")
    parsed = {}
    for name in sorted(policies):
        if not 1 <= len(name) <= validation.POLICY_NAME_MAX or not validation.IAM_NAME_PATTERN.match(name):
            raise ParameterError(option, "policy name {0!r} must be 1 to {1} letters, digits or + = , . @ _ -"
                                 .format(name, validation.POLICY_NAME_MAX))
        parsed[name] = policy_utils.parse_policy(policies[name], "{0}.{1}".format(option, name))
    total = sum(policy_utils.policy_size(document) for document in parsed.values())
    if total > kind.inline_max:
        raise ParameterError(option, "the documents together are {0} characters without whitespace; IAM allows "
                                     "at most {1} for a {2}".format(total, kind.inline_max, kind.noun))
    return parsed


def check_trust_policy(option, document, allow_wildcard_principal=False):
    """A role's trust policy: parsed, each statement names who it trusts, and nobody-in-particular
    (a ``*`` principal) only when the caller says so."""
    document = policy_utils.parse_policy(document, option)
    statements = document["Statement"]
    for index, statement in enumerate(statements if isinstance(statements, list) else [statements]):
        where = "Statement[{0}]".format(index)
        if "Principal" not in statement and "NotPrincipal" not in statement:
            raise ParameterError(option, "{0} needs a Principal: a trust policy says who may assume "
                                         "the role".format(where))
        for key in ("Resource", "NotResource"):
            if key in statement:
                raise ParameterError(option, "{0} has {1}, which a trust policy may not have".format(where, key))
    size = policy_utils.policy_size(document)
    if size > TRUST_POLICY_MAX:
        raise ParameterError(option, "is {0} characters without whitespace; IAM allows at most {1} (and 2048 "
                                     "unless the account's ACLSizePerRole quota was raised)".format(size, TRUST_POLICY_MAX))
    if not allow_wildcard_principal and policy_utils.has_wildcard_principal(document):
        raise ParameterError(option, "trusts any principal (\"*\" or {\"AWS\": \"*\"}), so anyone in any AWS "
                                     "account could assume the role unless a condition restricts it; set "
                                     "allow_wildcard_principal: true if that is really wanted")
    return document


def check_tags(option, tags, kind):
    if tags is None:
        return
    if not kind.taggable:
        raise ParameterError(option, "IAM {0}s cannot be tagged".format(kind.noun))
    validation.check_tags(option, tags)


# ---------------------------------------------------------------- names and ARNs


def policy_arn(value, partition):
    """A managed policy ARN from an ARN (kept) or an AWS managed policy name in ``partition``."""
    if value.startswith("arn:"):
        return value
    return "arn:{0}:iam::aws:policy/{1}".format(partition, value.lstrip("/"))


def resolve_policy_arns(ctx, values):
    """Sorted unique ARNs for ``values``; the partition is looked up only when a name needs it."""
    if values is None:
        return None
    if all(value.startswith("arn:") for value in values):
        return sorted(set(values))
    return sorted(set(policy_arn(value, ctx.partition) for value in values))


# ---------------------------------------------------------------- reading


def format_date(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def decode_document(document):
    """A policy document as a dict; botocore already decodes them, this covers raw strings."""
    if isinstance(document, str):
        try:
            return json.loads(document)
        except ValueError:
            return json.loads(unquote(document))
    return document


def get_entity(client, kind, name):
    """The raw ``Role``/``User``/``Group`` structure, or None if it does not exist."""
    response = client.get_or_none(kind.get, **kind.key(name))
    return None if response is None else response[kind.result_key]


def list_attached_policies(client, kind, name):
    items = client.paginate(kind.list_attached, "AttachedPolicies", **kind.key(name))
    return sorted(set(item["PolicyArn"] for item in items))


def list_inline_policies(client, kind, name):
    """``{policy name: document}`` of the entity's inline policies."""
    names = client.paginate(kind.list_inline, "PolicyNames", **kind.key(name))
    policies = {}
    for policy_name in names:
        response = client.get_or_none(kind.get_inline, **kind.key(name, PolicyName=policy_name))
        if response is not None:  # None: deleted since it was listed
            policies[policy_name] = decode_document(response["PolicyDocument"])
    return policies


def get_group_with_users(client, name):
    """``(group, [user, ...])`` over every page of GetGroup, or ``(None, [])``."""
    group, users, marker = None, [], None
    while True:
        kwargs = dict(GroupName=name)
        if marker:
            kwargs["Marker"] = marker
        response = client.get_or_none("GetGroup", **kwargs)
        if response is None:
            return None, []
        group = response["Group"]
        users.extend(response.get("Users", []))
        if not response.get("IsTruncated"):
            return group, users
        marker = response.get("Marker")


def entity_state(kind, raw):
    """The fields every entity kind's result has, in snake_case."""
    state = dict(
        arn=raw.get("Arn"),
        path=raw.get("Path"),
        create_date=format_date(raw.get("CreateDate")),
    )
    state[kind.noun + "_name"] = raw.get(kind.name_key)
    state[kind.noun + "_id"] = raw.get(kind.id_key)
    if kind.has_boundary:
        state["permissions_boundary"] = (raw.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    if kind.taggable:
        state["tags"] = tag_utils.boto3_tags_to_dict(raw.get("Tags"))
    return state


def read_role(client, name):
    """The role as the module returns it, or None."""
    kind = KINDS["role"]
    raw = get_entity(client, kind, name)
    if raw is None:
        return None
    state = entity_state(kind, raw)
    state.update(
        description=raw.get("Description") or None,
        max_session_duration=raw.get("MaxSessionDuration"),
        assume_role_policy_document=decode_document(raw.get("AssumeRolePolicyDocument")),
        managed_policies=list_attached_policies(client, kind, name),
        inline_policies=list_inline_policies(client, kind, name),
    )
    return state


def read_user(client, name):
    """The user as the module returns it, or None."""
    kind = KINDS["user"]
    raw = get_entity(client, kind, name)
    if raw is None:
        return None
    state = entity_state(kind, raw)
    groups = client.paginate("ListGroupsForUser", "Groups", UserName=name)
    profile = client.get_or_none("GetLoginProfile", UserName=name)
    state.update(
        groups=sorted(set(g["GroupName"] for g in groups)),
        managed_policies=list_attached_policies(client, kind, name),
        login_profile=dict(
            exists=profile is not None,
            password_reset_required=bool(profile["LoginProfile"].get("PasswordResetRequired")) if profile else False,
        ),
    )
    return state


def read_group(client, name):
    """The group as the module returns it, or None."""
    kind = KINDS["group"]
    raw, users = get_group_with_users(client, name)
    if raw is None:
        return None
    state = entity_state(kind, raw)
    state.update(
        managed_policies=list_attached_policies(client, kind, name),
        users=sorted(set(u["UserName"] for u in users)),
    )
    return state


def check_policies_exist(client, option, arns):
    """Before attaching: each policy exists, or ``ParameterError`` naming ``option`` (reads only)."""
    for arn in arns:
        if client.get_or_none("GetPolicy", PolicyArn=arn) is None:
            raise ParameterError(option, "policy {0} does not exist".format(arn))


def check_entities_exist(client, option, kind, names):
    """Before adding memberships: each user/group exists, or ``ParameterError`` naming ``option``."""
    for name in names:
        if get_entity(client, kind, name) is None:
            raise ParameterError(option, "{0} {1!r} does not exist".format(kind.noun, name))


# ---------------------------------------------------------------- planning (pure)


def plan_set(current, wanted, purge):
    """``(to_add, to_remove, after)`` for a set of names or ARNs; ``wanted`` None leaves it alone."""
    current = sorted(set(current or []))
    if wanted is None:
        return [], [], current
    to_add = sorted(set(wanted) - set(current))
    to_remove = sorted(set(current) - set(wanted)) if purge else []
    after = sorted((set(current) - set(to_remove)) | set(to_add))
    return to_add, to_remove, after


def plan_managed_policies(kind, name, current, wanted, purge):
    """``(ops, to_attach, after)``. Attaches come before detaches, so permissions never dip in between."""
    to_attach, to_detach, after = plan_set(current, wanted, purge)
    ops = [(kind.attach, kind.key(name, PolicyArn=arn)) for arn in to_attach]
    ops += [(kind.detach, kind.key(name, PolicyArn=arn)) for arn in to_detach]
    return ops, to_attach, after


def plan_inline_policies(kind, name, current, wanted, purge):
    """``(ops, after)``; a document IAM would treat as equal to the current one is not rewritten."""
    current = current or {}
    if wanted is None:
        return [], dict(current)
    ops, after = [], {}
    for policy_name in sorted(wanted):
        document = wanted[policy_name]
        if policy_name in current and policy_utils.policies_equal(current[policy_name], document):
            after[policy_name] = current[policy_name]
            continue
        ops.append((kind.put_inline, kind.key(name, PolicyName=policy_name,
                                              PolicyDocument=policy_utils.policy_json(document))))
        after[policy_name] = document
    for policy_name in sorted(set(current) - set(wanted)):
        if purge:
            ops.append((kind.delete_inline, kind.key(name, PolicyName=policy_name)))
        else:
            after[policy_name] = current[policy_name]
    return ops, after


def plan_tags(kind, name, current, wanted, purge):
    """``(ops, after)``; ``wanted`` None leaves the tags alone."""
    to_set, to_remove = tag_utils.compare_tags(current, wanted, purge)
    ops = []
    if to_remove:
        ops.append((kind.untag, kind.key(name, TagKeys=to_remove)))
    if to_set:
        ops.append((kind.tag, kind.key(name, Tags=tag_utils.dict_to_boto3_tags(to_set))))
    return ops, tag_utils.merged_tags(current, wanted, purge)


def plan_boundary(kind, name, current, wanted):
    """``(ops, after)``; ``wanted`` None leaves the boundary alone, ``""`` removes it."""
    if wanted is None or wanted == (current or ""):
        return [], current
    if wanted == "":
        return [(kind.delete_boundary, kind.key(name))], None
    return [(kind.put_boundary, kind.key(name, PermissionsBoundary=wanted))], wanted


# ---------------------------------------------------------------- applying


def call_write(client, operation, kwargs, fresh=False):
    """One write call. Right after a create (``fresh``), NoSuchEntity is retried (IAM is eventually
    consistent). NoSuchEntity from a removal means the thing is already gone, which is what was wanted.
    ConcurrentModification is retried by the client (``AWSClient.call``)."""
    try:
        if not fresh:
            return client.call(operation, **kwargs)
        return retry_on(lambda: client.call(operation, **kwargs), ("NoSuchEntity",), WRITE_RETRY_TIMEOUT)
    except AWSAPIError as e:
        if e.is_code("NoSuchEntity") and operation.startswith(_GONE_OK_PREFIXES):
            return None
        raise


def apply_ops(client, ops, fresh=False):
    for operation, kwargs in ops:
        call_write(client, operation, kwargs, fresh=fresh)


def create_entity(client, kind, params):
    """Create the entity; ``None`` if it appeared meanwhile (EntityAlreadyExists): re-read it then."""
    try:
        return client.call(kind.create, **params)[kind.result_key]
    except AWSAPIError as e:
        if e.is_code("EntityAlreadyExists"):
            return None
        raise


# ---------------------------------------------------------------- deleting


def listed(fn):
    """The items ``fn()`` lists, or [] once the entity is gone."""
    try:
        return fn()
    except AWSAPIError as e:
        if e.is_code("NoSuchEntity"):
            return []
        raise


def remove_policies(client, kind, name):
    """Detach every managed policy and delete every inline policy of the entity."""
    for arn in listed(lambda: list_attached_policies(client, kind, name)):
        call_write(client, kind.detach, kind.key(name, PolicyArn=arn))
    for policy_name in listed(lambda: client.paginate(kind.list_inline, "PolicyNames", **kind.key(name))):
        call_write(client, kind.delete_inline, kind.key(name, PolicyName=policy_name))


def delete_entity(client, kind, name, clean):
    """Remove the entity's dependents with ``clean(retry)`` and delete it.

    DeleteConflict (something was added meanwhile, or a dependent ``clean`` does not know on
    its first pass) cleans again with ``retry=True`` and retries once; NoSuchEntity means
    someone else deleted it, which is the wanted state.
    """
    clean(False)
    try:
        call_write(client, kind.delete, kind.key(name))
    except AWSAPIError as e:
        if not e.is_code("DeleteConflict"):
            raise
        clean(True)
        call_write(client, kind.delete, kind.key(name))


# ---------------------------------------------------------------- the flow every entity module follows


def ensure_present(module, ctx, kind, current, plan, check_exist, read):
    """Plan, check, then predict (check mode) or apply; returns ``(changed, before, after)``.

    ``plan(current)`` returns ``(create_params or None, write ops, after, must_exist)``;
    ``check_exist(must_exist)`` raises ``ParameterError`` for missing policies, users or groups
    (reads only, before any write); ``read()`` re-reads the entity. When the create call finds
    the entity already there (created concurrently), the module plans again against it.
    """
    create, ops, after, must_exist = plan(current)
    check_exist(must_exist)
    if module.check_mode or (create is None and not ops):
        if create is not None:
            after["arn"] = ctx.entity_arn(kind, after["path"], after[kind.noun + "_name"])
        return create is not None or bool(ops), current or {}, after
    if create is not None:
        raw = create_entity(ctx.client, kind, create)
        if raw is None:
            current = read()
            if current is None:
                raise ProtonCollectionError(
                    "{0} says the {1} {2} already exists, but it cannot be read. IAM names are unique regardless "
                    "of case, so a {1} whose name differs only in case may exist; or it was deleted meanwhile, "
                    "then run the task again".format(kind.create, kind.noun, create[kind.name_key]))
            create, ops, after, must_exist = plan(current)
            check_exist(must_exist)
        else:
            ctx.learn_arn(raw["Arn"])
            after.update(arn=raw["Arn"], create_date=format_date(raw.get("CreateDate")))
            after[kind.noun + "_id"] = raw.get(kind.id_key)
    apply_ops(ctx.client, ops, fresh=create is not None)
    return create is not None or bool(ops), current or {}, after


def ensure_absent(module, ctx, kind, current, clean):
    """Delete the entity (``clean(retry)`` removes its dependents); returns ``(changed, before, after)``."""
    if current is None:
        return False, {}, {}
    if not module.check_mode:
        delete_entity(ctx.client, kind, current[kind.noun + "_name"], clean)
    return True, current, {}
