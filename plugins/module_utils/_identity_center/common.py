# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM Identity Center: the instance, identity store users and groups, permission sets, assignments.

Shared by the ``sso_*`` and ``identitystore_*`` modules. Everything here reads or
writes through ``AWSClient`` (``module.client("sso-admin")``,
``module.client("identitystore")``) and raises the collection's exceptions.
"""

from __future__ import annotations

import re
import unicodedata

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError, ProtonCollectionError
from ansible_collections.awsops.proton.plugins.module_utils._aws.validation import TAG_KEY_MAX, TAG_VALUE_MAX
from ansible_collections.awsops.proton.plugins.module_utils._aws.waiters import retry_on, wait_for
from ansible_collections.awsops.proton.plugins.module_utils._iam.entities import format_date

PORTAL_URL_TEMPLATE = "https://{0}.awsapps.com/start"

# Patterns from botocore's sso-admin and identitystore models (anchored here; AWS anchors them).
INSTANCE_ARN_PATTERN = re.compile(r"^arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$")
PERMISSION_SET_ARN_PATTERN = re.compile(
    r"^arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}$")
IDENTITY_STORE_ID_PATTERN = re.compile(
    r"^(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
PRINCIPAL_ID_PATTERN = re.compile(
    r"^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$")
PERMISSION_SET_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_+=,.@-]{1,32}$")
AWS_MANAGED_POLICY_ARN_PATTERN = re.compile(
    r"^arn:aws(-[a-z]{1,5}){0,3}:iam::aws:policy((/[A-Za-z0-9.,+@=_-]+)*)/([A-Za-z0-9.,+=@_-]+)$")
CUSTOMER_POLICY_PATH_PATTERN = re.compile(r"^((/[A-Za-z0-9.,+@=_-]+)*)/$")
CUSTOMER_POLICY_NAME_PATTERN = re.compile(r"^[\w+=,.@-]{1,128}$")
RELAY_STATE_PATTERN = re.compile(r"^[a-zA-Z0-9&$@#\\/%?=~\-_'\"|!:,.;*+\[\] (){}]{1,240}$")
PERMISSION_SET_DESCRIPTION_PATTERN = re.compile("^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]{1,700}$")
SESSION_DURATION_PATTERN = re.compile(r"^PT(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

# Identity store attribute limits (botocore identitystore model).
USER_NAME_MAX = 128
IDENTITY_STRING_MAX = 1024
SESSION_DURATION_MIN = 3600
SESSION_DURATION_MAX = 43200
PERMISSION_SET_TAGS_MAX = 75
INLINE_POLICY_MAX = 32768
DEFAULT_SESSION_DURATION = "PT1H"
# The extra whitespace identity store display names may contain (besides letters, marks,
# symbols, numbers and punctuation): tab, newline, carriage return, space, NBSP, ideographic space.
_DISPLAY_WHITESPACE = "\t\n\r \u00a0\u3000"
PENDING_STATES = ("IN_PROGRESS",)


# --- input checks --------------------------------------------------------------------------

def _printable_category(char):
    return unicodedata.category(char)[0] in ("L", "M", "S", "N", "P")


def check_user_name(option, value):
    """Identity store UserName: 1-128 letters, marks, symbols, numbers or punctuation (no spaces)."""
    if value is None:
        return
    if not 1 <= len(value) <= USER_NAME_MAX:
        raise ParameterError(option, "must be 1 to {0} characters long (got {1})".format(USER_NAME_MAX, len(value)))
    if not all(_printable_category(c) for c in value):
        raise ParameterError(option, "may contain letters, digits, symbols and punctuation but no spaces or "
                                     "control characters (got {0!r})".format(value))


def check_display_string(option, value, max_length=IDENTITY_STRING_MAX):
    """Identity store display strings (DisplayName, names, description): 1-1024 printable characters."""
    if value is None:
        return
    if not 1 <= len(value) <= max_length:
        raise ParameterError(option, "must be 1 to {0} characters long (got {1})".format(max_length, len(value)))
    if not all(_printable_category(c) or c in _DISPLAY_WHITESPACE for c in value):
        raise ParameterError(option, "may contain only printable characters (got {0!r})".format(value))
    if not value.strip():
        raise ParameterError(option, "must not be blank")


def check_email(option, value):
    if value is None:
        return
    if len(value) > IDENTITY_STRING_MAX or not EMAIL_PATTERN.match(value):
        raise ParameterError(option, "must be an email address such as jane@example.com (got {0!r})".format(value))


def check_identity_store_id(option, value):
    if value is None:
        return
    if not IDENTITY_STORE_ID_PATTERN.match(value):
        raise ParameterError(option, "must be an identity store id such as d-1234567890 (got {0!r})".format(value))


def check_instance_arn(option, value):
    if value is None:
        return
    if not INSTANCE_ARN_PATTERN.match(value):
        raise ParameterError(option, "must be an IAM Identity Center instance ARN such as "
                                     "arn:aws:sso:::instance/ssoins-1234567890abcdef (got {0!r})".format(value))


def is_permission_set_arn(value):
    return value.startswith("arn:")


def check_permission_set_name(option, value):
    if value is None:
        return
    if not PERMISSION_SET_NAME_PATTERN.match(value):
        raise ParameterError(option, "a permission set name must be 1 to 32 characters of letters, digits and "
                                     "+ = , . @ _ - (got {0!r})".format(value))


def check_permission_set_ref(option, value):
    """A permission set name, or its ARN (arn:aws:sso:::permissionSet/ssoins-.../ps-...)."""
    if is_permission_set_arn(value):
        if not PERMISSION_SET_ARN_PATTERN.match(value):
            raise ParameterError(option, "must be a permission set name or ARN such as "
                                         "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef "
                                         "(got {0!r})".format(value))
        return
    check_permission_set_name(option, value)


def check_principal_id(option, value):
    if value is None:
        return
    if not PRINCIPAL_ID_PATTERN.match(value):
        raise ParameterError(option, "must be an identity store user or group id such as "
                                     "9067b4a6b8-1a2b3c4d-1234-5678-9abc-def012345678 (got {0!r})".format(value))


def session_duration_seconds(value):
    """Seconds in an ISO 8601 duration of the form PT#H#M#S, or None when it is not of that form."""
    match = SESSION_DURATION_PATTERN.match(value or "")
    if not match:
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def check_session_duration(option, value):
    if value is None:
        return
    seconds = session_duration_seconds(value)
    if seconds is None:
        raise ParameterError(option, "must be an ISO 8601 duration such as PT8H or PT1H30M (got {0!r})".format(value))
    if not SESSION_DURATION_MIN <= seconds <= SESSION_DURATION_MAX:
        raise ParameterError(option, "must be between 1 and 12 hours (PT1H to PT12H) (got {0!r})".format(value))


def check_managed_policy_arns(option, values):
    for value in values or []:
        if not AWS_MANAGED_POLICY_ARN_PATTERN.match(value or ""):
            raise ParameterError(option, "permission sets take AWS managed policies only, by ARN such as "
                                         "arn:aws:iam::aws:policy/AdministratorAccess; use "
                                         "customer_managed_policy_references for your own policies "
                                         "(got {0!r})".format(value))


def check_customer_policy_references(option, values):
    for value in values or []:
        name, path = value.get("name"), value.get("path") or "/"
        if not name or not CUSTOMER_POLICY_NAME_PATTERN.match(name):
            raise ParameterError(option, "name must be an IAM policy name of 1 to 128 letters, digits and "
                                         "+ = , . @ _ - (got {0!r})".format(name))
        if len(path) > 512 or not CUSTOMER_POLICY_PATH_PATTERN.match(path):
            raise ParameterError(option, "path of {0!r} must start and end with '/' (got {1!r})".format(name, path))


def check_relay_state(option, value):
    if value is None:
        return
    if not RELAY_STATE_PATTERN.match(value):
        raise ParameterError(option, "must be 1 to 240 characters of letters, digits, spaces and URL punctuation "
                                     "(got {0!r})".format(value))


def check_permission_set_description(option, value):
    if value is None:
        return
    if not PERMISSION_SET_DESCRIPTION_PATTERN.match(value):
        raise ParameterError(option, "must be 1 to 700 characters of printable Latin-1 text (got {0} characters)"
                                     .format(len(value)))


def check_permission_set_tags(option, tags):
    """Permission sets take up to 75 tags (IAM entities 50); keys and values as everywhere in AWS."""
    if not tags:
        return
    if len(tags) > PERMISSION_SET_TAGS_MAX:
        raise ParameterError(option, "at most {0} tags on a permission set (got {1})".format(
            PERMISSION_SET_TAGS_MAX, len(tags)))
    for key, value in tags.items():
        if not 1 <= len(str(key)) <= TAG_KEY_MAX or len(str(value)) > TAG_VALUE_MAX:
            raise ParameterError(option, "tag keys must be 1 to {0} and values at most {1} characters "
                                         "(got {2!r})".format(TAG_KEY_MAX, TAG_VALUE_MAX, key))
        if str(key).lower().startswith("aws:"):
            raise ParameterError(option, "tag key {0!r}: the aws: prefix is reserved".format(key))


# --- the instance ------------------------------------------------------------------------

def portal_url(identity_store_id):
    """The default AWS access portal URL of an identity store."""
    return PORTAL_URL_TEMPLATE.format(identity_store_id)


# Dates as ISO 8601 strings, as the IAM modules return them.
_timestamp = format_date


def instance_from_api(raw):
    return dict(
        instance_arn=raw.get("InstanceArn"),
        identity_store_id=raw.get("IdentityStoreId"),
        owner_account_id=raw.get("OwnerAccountId"),
        name=raw.get("Name"),
        status=raw.get("Status"),
        created_date=_timestamp(raw.get("CreatedDate")),
        portal_url=portal_url(raw["IdentityStoreId"]) if raw.get("IdentityStoreId") else None,
    )


def list_instances(sso_admin):
    return [instance_from_api(i) for i in sso_admin.paginate("ListInstances", "Instances")]


def no_instance_message(region):
    return (
        "No IAM Identity Center instance is visible to this account in region {0}. "
        "If Identity Center is enabled in another region (its home region), set the region option to it "
        "(admin_user_sso_region in the admin_user role). "
        "Otherwise enable an organization instance: sign in to the AWS Organizations management account "
        "(or a delegated administrator account), open the IAM Identity Center console in the region that "
        "should be its home region and choose Enable; Organizations is enabled with it if needed. "
        "Do not create one with sso-admin CreateInstance: that makes an account instance, which cannot "
        "hold permission sets, so it cannot give users access to AWS accounts.".format(region)
    )


def resolve_instance(sso_admin, instance_arn=None, identity_store_id=None):
    """The one Identity Center instance to work on (the given one, or the only one visible)."""
    return select_instance(list_instances(sso_admin), sso_admin, instance_arn, identity_store_id)


def select_instance(instances, sso_admin, instance_arn=None, identity_store_id=None):
    """``resolve_instance`` over instances already listed (``list_instances``)."""
    if not instances:
        raise ProtonCollectionError(no_instance_message(sso_admin.region))
    if instance_arn:
        matching = [i for i in instances if i["instance_arn"] == instance_arn]
        if not matching:
            raise ParameterError("instance_arn", "no such IAM Identity Center instance in region {0}; visible: "
                                                 "{1}".format(sso_admin.region,
                                                              ", ".join(i["instance_arn"] for i in instances)))
        return matching[0]
    if identity_store_id:
        matching = [i for i in instances if i["identity_store_id"] == identity_store_id]
        if not matching:
            raise ParameterError("identity_store_id", "no IAM Identity Center instance in region {0} uses this "
                                                      "identity store; visible: {1}".format(
                                                          sso_admin.region,
                                                          ", ".join(i["identity_store_id"] for i in instances)))
        return matching[0]
    if len(instances) > 1:
        raise ParameterError("instance_arn", "{0} IAM Identity Center instances are visible ({1}); choose one".format(
            len(instances), ", ".join(i["instance_arn"] for i in instances)))
    return instances[0]


def resolve_identity_store_id(module):
    """The ``identity_store_id`` option, or the identity store of the only instance."""
    if module.params.get("identity_store_id"):
        return module.params["identity_store_id"]
    return resolve_instance(module.client("sso-admin"))["identity_store_id"]


# --- identity store users and groups -------------------------------------------------------

def _unique_attribute(path, value):
    return {"UniqueAttribute": {"AttributePath": path, "AttributeValue": value}}


def get_user_id(identitystore, store_id, user_name):
    response = identitystore.get_or_none("GetUserId", IdentityStoreId=store_id,
                                         AlternateIdentifier=_unique_attribute("userName", user_name))
    return response["UserId"] if response else None


def get_group_id(identitystore, store_id, display_name):
    response = identitystore.get_or_none("GetGroupId", IdentityStoreId=store_id,
                                         AlternateIdentifier=_unique_attribute("displayName", display_name))
    return response["GroupId"] if response else None


def create_unique(identitystore, operation, id_key, find_existing, **kwargs):
    """Create an identity store resource whose name is unique and return its id. When it was created meanwhile
    by someone else (ConflictException), ``find_existing()`` finds it and that one is used."""
    try:
        return identitystore.call(operation, **kwargs)[id_key]
    except AWSAPIError as e:
        if e.is_code("ConflictException"):
            existing = find_existing()
            if existing:
                return existing
        raise


def delete_if_exists(client, operation, **kwargs):
    """Call a delete operation; a resource already gone (ResourceNotFoundException) is what was wanted."""
    try:
        client.call(operation, **kwargs)
    except AWSAPIError as e:
        if not e.is_code("ResourceNotFoundException"):
            raise


def primary_email(emails):
    """The primary email of an identity store user (or the first), as the module returns it."""
    emails = emails or []
    chosen = next((e for e in emails if e.get("Primary")), emails[0] if emails else None)
    return chosen.get("Value") if chosen else None


def user_from_api(raw):
    name = raw.get("Name") or {}
    return dict(
        user_id=raw.get("UserId"),
        user_name=raw.get("UserName"),
        display_name=raw.get("DisplayName"),
        given_name=name.get("GivenName"),
        family_name=name.get("FamilyName"),
        email=primary_email(raw.get("Emails")),
        identity_store_id=raw.get("IdentityStoreId"),
    )


def describe_user(identitystore, store_id, user_id):
    raw = identitystore.get_or_none("DescribeUser", IdentityStoreId=store_id, UserId=user_id)
    return user_from_api(raw) if raw else None


def find_user(identitystore, store_id, user_name):
    user_id = get_user_id(identitystore, store_id, user_name)
    return describe_user(identitystore, store_id, user_id) if user_id else None


def work_email(value):
    """The Emails attribute for one primary work email."""
    return [{"Value": value, "Type": "work", "Primary": True}]


def group_from_api(raw):
    return dict(
        group_id=raw.get("GroupId"),
        display_name=raw.get("DisplayName"),
        description=raw.get("Description"),
        identity_store_id=raw.get("IdentityStoreId"),
    )


def find_group(identitystore, store_id, display_name):
    group_id = get_group_id(identitystore, store_id, display_name)
    if not group_id:
        return None
    raw = identitystore.get_or_none("DescribeGroup", IdentityStoreId=store_id, GroupId=group_id)
    return group_from_api(raw) if raw else None


def group_memberships(identitystore, store_id, group_id):
    """``{user_id: membership_id}`` of the group's user members."""
    memberships = identitystore.paginate("ListGroupMemberships", "GroupMemberships",
                                         IdentityStoreId=store_id, GroupId=group_id)
    return dict((m["MemberId"]["UserId"], m["MembershipId"]) for m in memberships
                if "UserId" in (m.get("MemberId") or {}))


# --- permission sets --------------------------------------------------------------------------

def permission_set_from_api(raw):
    return dict(
        name=raw.get("Name"),
        permission_set_arn=raw.get("PermissionSetArn"),
        description=raw.get("Description"),
        session_duration=raw.get("SessionDuration") or DEFAULT_SESSION_DURATION,
        relay_state=raw.get("RelayState"),
        created_date=_timestamp(raw.get("CreatedDate")),
    )


def describe_permission_set(sso_admin, instance_arn, arn):
    response = sso_admin.get_or_none("DescribePermissionSet", InstanceArn=instance_arn, PermissionSetArn=arn)
    return permission_set_from_api(response["PermissionSet"]) if response else None


def find_permission_set(sso_admin, instance_arn, name_or_arn):
    """The permission set (as ``permission_set_from_api``) by name or ARN, or None."""
    if is_permission_set_arn(name_or_arn):
        return describe_permission_set(sso_admin, instance_arn, name_or_arn)
    for arn in sso_admin.paginate("ListPermissionSets", "PermissionSets", InstanceArn=instance_arn):
        permission_set = describe_permission_set(sso_admin, instance_arn, arn)
        if permission_set and permission_set["name"] == name_or_arn:
            return permission_set
    return None


def provisioned_accounts(sso_admin, instance_arn, arn, provisioning_status=None):
    kwargs = dict(InstanceArn=instance_arn, PermissionSetArn=arn)
    if provisioning_status:
        kwargs["ProvisioningStatus"] = provisioning_status
    return sorted(sso_admin.paginate("ListAccountsForProvisionedPermissionSet", "AccountIds", **kwargs))


def _finished(status):
    return status if status.get("Status") not in PENDING_STATES else None


def _raise_if_failed(status, what):
    if status.get("Status") == "FAILED":
        raise ProtonCollectionError("{0} failed: {1}".format(what, status.get("FailureReason") or "no reason given"),
                                    status=status_from_api(status))
    return status


def status_from_api(status):
    return dict(
        status=status.get("Status"),
        request_id=status.get("RequestId"),
        failure_reason=status.get("FailureReason"),
        created_date=_timestamp(status.get("CreatedDate")),
    )


def provision_permission_set(sso_admin, instance_arn, arn, wait=True, timeout=300, sleep=None):
    """Re-provision a permission set to every account it is provisioned to; wait for the result.

    AWS answers ConflictException while another operation on the permission set runs (an
    assignment being created, an earlier provisioning): that is retried until ``timeout``.
    """
    kwargs = dict(sleep=sleep) if sleep else {}
    status = retry_on(
        lambda: sso_admin.call("ProvisionPermissionSet", InstanceArn=instance_arn, PermissionSetArn=arn,
                               TargetType="ALL_PROVISIONED_ACCOUNTS"),
        ("ConflictException",), timeout, **kwargs)["PermissionSetProvisioningStatus"]
    what = "Provisioning permission set {0} (request {1})".format(arn, status.get("RequestId"))
    if not wait:
        return status
    if status.get("Status") in PENDING_STATES:
        request_id = status["RequestId"]

        def check():
            response = sso_admin.call("DescribePermissionSetProvisioningStatus", InstanceArn=instance_arn,
                                      ProvisionPermissionSetRequestId=request_id)
            return _finished(response["PermissionSetProvisioningStatus"])

        status = wait_for(check, timeout, what[0].lower() + what[1:], **kwargs)
    return _raise_if_failed(status, what)


def wait_for_assignment(sso_admin, instance_arn, status, deletion=False, timeout=300, sleep=None):
    """Poll an account assignment creation or deletion request until it succeeds; report AWS's reason if not."""
    kind = "Deletion" if deletion else "Creation"
    what = "Account assignment {0} (request {1})".format(kind.lower(), status.get("RequestId"))
    if status.get("Status") in PENDING_STATES:
        operation = "DescribeAccountAssignment{0}Status".format(kind)
        request_key = "AccountAssignment{0}RequestId".format(kind)
        result_key = "AccountAssignment{0}Status".format(kind)

        def check():
            response = sso_admin.call(operation, InstanceArn=instance_arn, **{request_key: status["RequestId"]})
            return _finished(response[result_key])

        kwargs = dict(sleep=sleep) if sleep else {}
        status = wait_for(check, timeout, what[0].lower() + what[1:], **kwargs)
    return _raise_if_failed(status, what)
