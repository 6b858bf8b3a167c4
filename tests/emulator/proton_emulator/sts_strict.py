"""sts:AssumeRole as strict as AWS: moto lets any AssumeRole succeed, even into roles that do not exist.

Checked before moto sees the request (`check`):
- the role must exist in the account its RoleArn names (the exact ARN, path included), and its trust
  policy must allow the caller, else AccessDenied (403) "User: <caller> is not authorized to perform:
  sts:AssumeRole on resource: <role arn>";
- Tags / TransitiveTagKeys need sts:TagSession, SourceIdentity needs sts:SetSourceIdentity, in the
  same trust policy (AWS's rule for session tags and source identities);
- DurationSeconds at most the role's MaxSessionDuration, and at most one hour when the caller is itself
  an assumed-role session (role chaining): ValidationError with AWS's messages.

The caller is the principal of the request's access key: the IAM user owning it, the role of an
assumed-role session (moto keeps the sessions it hands out), else the account root (the emulator's
default keys). Trust evaluation: an explicit Deny wins; an Allow must match Action (or NotAction),
Principal (or NotPrincipal) and every Condition. A principal matches as `"*"`, `{"AWS": ...}` with the
account id or `arn:<partition>:iam::<account>:root` (any principal of that account), the user's or the
role's ARN, or the session's `arn:<partition>:sts::<account>:assumed-role/<role>/<session>`; Service,
Federated and CanonicalUser principals never match an IAM caller.

Conditions (`CONDITION_KEYS`, `OPERATORS`): the String*, Arn*, Bool and Null operators, with ...IfExists
and the ForAnyValue: / ForAllValues: qualifiers, over the keys a request to the emulator has. A key
that is absent (aws:SourceAccount, aws:SourceArn: never set for an IAM caller; sts:ExternalId when not
given) makes positive operators false and negated ones true, as AWS documents; ...IfExists makes it
true. What is not implemented — another operator or key, a policy variable `${...}` in a value — is
decided against the caller: an Allow statement with it grants nothing, a Deny statement with it denies.

What is not evaluated: the caller's own identity policies (AWS also needs them to allow
sts:AssumeRole for IAM users and roles, except where the trust policy names them exactly), SCPs,
session policies, permissions boundaries, MFA.
"""

import json
import re

from moto.iam import models as iam_models
from moto.sts.models import sts_backends
from moto.utilities.utils import get_partition

from .protocol import ApiError

ASSUME_ROLE = "sts:AssumeRole"
CHAINED_SESSION_MAX = 3600
DEFAULT_DURATION = 3600
ROLE_ARN = re.compile(r"^arn:([\w-]+):iam::(\d{12}):role/(?:[\x21-\x7e]*/)?[\w+=,.@-]+$")
ACCOUNT_ROOT = re.compile(r"^arn:([\w-]+):iam::(\d{12}):root$")

# Condition keys the emulator knows for an AssumeRole request, lower-cased (key names are case-insensitive).
CONDITION_KEYS = frozenset((
    "aws:principalarn", "aws:principalaccount", "aws:principaltype", "sts:externalid",
    "sts:rolesessionname", "aws:sourceaccount", "aws:sourcearn"))


class NotImplementedCondition(Exception):
    """A condition the emulator cannot evaluate: decided against the caller."""


class Caller:
    """The principal making a request: its account, ARNs a trust policy may name, and condition keys."""

    def __init__(self, account, partition, principal_arn, principal_type, session_arn=None):
        self.account = account
        self.partition = partition
        self.principal_arn = principal_arn
        self.principal_type = principal_type
        self.session_arn = session_arn

    @property
    def arn(self):
        """The ARN AWS names in its AccessDenied message (an assumed role's session ARN)."""
        return self.session_arn or self.principal_arn

    @property
    def chained(self):
        return self.principal_type == "AssumedRole"


def check(access_key, account, region, operation, params):
    """Raise ApiError when AWS would refuse this STS request of `account` (the access key's account)."""
    if operation != "AssumeRole":
        return
    caller = caller_of(access_key, account, region)
    role_arn = params["RoleArn"]
    role = _role(role_arn)
    actions = [ASSUME_ROLE]
    if params.get("Tags") or params.get("TransitiveTagKeys"):
        actions.append("sts:TagSession")
    if params.get("SourceIdentity"):
        actions.append("sts:SetSourceIdentity")
    context = _context(caller, params)
    if role is None or not all(trust_allows(role.assume_role_policy_document, action, caller, context)
                               for action in actions):
        raise ApiError("AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s"
                       % (caller.arn, role_arn), status=403)
    duration = int(params.get("DurationSeconds", DEFAULT_DURATION))
    if duration > int(role.max_session_duration or DEFAULT_DURATION):
        raise ApiError("ValidationError",
                       "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", status=400)
    if caller.chained and duration > CHAINED_SESSION_MAX:
        raise ApiError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit "
                       "for roles assumed by role chaining.", status=400)


def caller_of(access_key, account, region):
    """The principal of `access_key` in `account`: an IAM user, an assumed-role session, or the root."""
    partition = get_partition(region)
    key_partition, key = _existing_key(account, access_key)
    if key is not None and key.user_name:
        user = iam_models.iam_backends[account][key_partition].users.get(key.user_name)
        if user is not None:
            return Caller(account, partition, user.arn, "User")
    if key is not None and key.role_arn:
        session = sts_backends[account][key_partition].get_assumed_role_from_access_key(access_key)
        return Caller(account, partition, key.role_arn, "AssumedRole", session.arn if session else None)
    return Caller(account, partition, "arn:%s:iam::%s:root" % (partition, account), "Account")


def _existing_key(account, access_key):
    """(partition, moto's AccessKey) of `access_key` in `account`, or (None, None); no backend is created."""
    account_backends = dict.get(iam_models.iam_backends, account)
    for partition, backend in list(dict.items(account_backends or {})):
        key = backend.access_keys.get(access_key) if access_key else None
        if key is not None:
            return partition, key
    return None, None


def _role(role_arn):
    """The role `role_arn` names, or None when it does not exist (no backend is created to look)."""
    match = ROLE_ARN.match(role_arn)
    if not match:
        return None
    partition, account = match.groups()
    account_backends = dict.get(iam_models.iam_backends, account)
    backend = dict.get(account_backends, partition) if account_backends is not None else None
    if backend is None:
        return None
    return next((role for role in backend.roles.values() if role.arn == role_arn), None)


def _context(caller, params):
    context = {
        "aws:principalarn": caller.principal_arn,
        "aws:principalaccount": caller.account,
        "aws:principaltype": caller.principal_type,
        "sts:rolesessionname": params.get("RoleSessionName"),
    }
    if params.get("ExternalId") is not None:
        context["sts:externalid"] = params["ExternalId"]
    return {key: value for key, value in context.items() if value is not None}


# ---------------------------------------------------------------- trust policy evaluation


def trust_allows(document, action, caller, context):
    """Whether the trust policy `document` (JSON text) lets `caller` perform `action`."""
    policy = json.loads(document) if isinstance(document, str) else document
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    allowed = False
    for statement in statements:
        effect = statement.get("Effect")
        if effect == "Deny" and _applies(statement, action, caller, context, deny=True):
            return False
        if effect == "Allow" and _applies(statement, action, caller, context, deny=False):
            allowed = True
    return allowed


def _applies(statement, action, caller, context, deny):
    if "Action" in statement:
        if not any(_glob(pattern, action, case=False) for pattern in _values(statement["Action"])):
            return False
    elif "NotAction" in statement:
        if any(_glob(pattern, action, case=False) for pattern in _values(statement["NotAction"])):
            return False
    else:
        return False
    if "Principal" in statement:
        if not _principal_matches(statement["Principal"], caller):
            return False
    elif "NotPrincipal" in statement:
        if _principal_matches(statement["NotPrincipal"], caller):
            return False
    else:
        return False
    try:
        return _conditions_hold(statement.get("Condition") or {}, context)
    except NotImplementedCondition:
        return deny


def _principal_matches(principal, caller):
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    for value in _values(principal.get("AWS", [])):
        if value == "*" or value == caller.account:
            return True
        root = ACCOUNT_ROOT.match(value)
        if root and root.groups() == (caller.partition, caller.account):
            return True
        if value in (caller.principal_arn, caller.session_arn):
            return True
    return False  # Service, Federated, CanonicalUser: never an IAM caller


def _conditions_hold(conditions, context):
    if not isinstance(conditions, dict):
        raise NotImplementedCondition(conditions)
    for operator, tests in conditions.items():
        if not isinstance(tests, dict):
            raise NotImplementedCondition(operator)
        for key, values in tests.items():
            if not _condition_holds(operator, key.lower(), [str(v) for v in _values(values)], context):
                return False
    return True


def _condition_holds(operator, key, values, context):
    if key not in CONDITION_KEYS or any("${" in value for value in values):
        raise NotImplementedCondition(key)
    qualifier, _, base = operator.rpartition(":")
    if qualifier not in ("", "ForAnyValue", "ForAllValues"):
        raise NotImplementedCondition(operator)
    if_exists = base.endswith("IfExists") and base != "IfExists"
    if if_exists:
        base = base[:-len("IfExists")]
    if base == "Null":
        if qualifier or if_exists:
            raise NotImplementedCondition(operator)
        return any(value.lower() == ("false" if key in context else "true") for value in values)
    matcher = OPERATORS.get(base)
    if matcher is None:
        raise NotImplementedCondition(operator)
    match, negated = matcher
    if key not in context:
        if qualifier == "ForAllValues":
            return True
        if qualifier == "ForAnyValue":
            return False
        return if_exists or negated
    actual = context[key]  # every key the emulator knows is single-valued
    matched = any(match(expected, actual) for expected in values)
    return not matched if negated else matched


def _string_equals(expected, actual):
    return expected == actual


def _string_equals_ignore_case(expected, actual):
    return expected.lower() == actual.lower()


def _string_like(expected, actual):
    return _glob(expected, actual, case=True)


def _arn_like(expected, actual):
    expected_parts, actual_parts = expected.split(":", 5), actual.split(":", 5)
    if len(expected_parts) != 6 or len(actual_parts) != 6:
        return False
    return all(_glob(e, a, case=True) for e, a in zip(expected_parts, actual_parts))


def _bool(expected, actual):
    return expected.lower() == str(actual).lower()


# operator -> (match(expected, actual), negated)
OPERATORS = {
    "StringEquals": (_string_equals, False),
    "StringNotEquals": (_string_equals, True),
    "StringEqualsIgnoreCase": (_string_equals_ignore_case, False),
    "StringNotEqualsIgnoreCase": (_string_equals_ignore_case, True),
    "StringLike": (_string_like, False),
    "StringNotLike": (_string_like, True),
    "ArnEquals": (_arn_like, False),
    "ArnLike": (_arn_like, False),
    "ArnNotEquals": (_arn_like, True),
    "ArnNotLike": (_arn_like, True),
    "Bool": (_bool, False),
}


def _glob(pattern, value, case):
    """IAM's wildcard match: `*` any run of characters, `?` one character, the rest literal."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, flags=re.DOTALL | (0 if case else re.IGNORECASE)) is not None


def _values(value):
    return value if isinstance(value, list) else [value]
