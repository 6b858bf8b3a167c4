"""Identity Store behaviour that moto 5.2.5 lacks or gets wrong.

- UpdateUser and UpdateGroup (moto has neither): each operation of `Operations` sets the attribute at
  its AttributePath to its AttributeValue, or removes it when the value is absent or null. Paths and
  the keys of multi-value entries are matched regardless of case (SCIM's rule; AWS accepts both
  `{"Value", "Type", "Primary"}` and `{"value", "type", "primary"}`). All operations are checked before
  any is applied:
  - user paths: userName, displayName, nickName, profileUrl, userType, title, preferredLanguage,
    locale, timezone, name (an object) and name.formatted/familyName/givenName/middleName/
    honorificPrefix/honorificSuffix, and the multi-value emails, addresses, phoneNumbers (a list
    replaces the whole attribute; a path into one, such as emails.value, is AWS's ValidationException
    "Unsupported update operation on multi-value attribute ..."); group paths: displayName, description;
  - values are checked against the constraints of the CreateUser / CreateGroup member they set
    (strings 1-1024 characters of the model's pattern, at most one email, address and phone number,
    booleans for Primary...): ValidationException;
  - userName, displayName, name.givenName and name.familyName of a user and displayName of a group
    cannot be removed (ValidationException, worded as moto's CreateUser check);
  - a userName or group displayName that another user or group has: ConflictException
    (UNIQUENESS_CONSTRAINT_VIOLATION); `Administrator` and `AWSAdministrators` are reserved names
    (ValidationException), also for CreateUser and CreateGroup;
  - `Revision`: each user and group starts at revision 1 and each update adds one; a Revision that
    is not the current one is ConflictException (CONCURRENT_MODIFICATION), also for DeleteUser and
    DeleteGroup. (moto's CreateUser/DescribeUser do not return Revision or UserArn.)
  - an unknown path is ValidationException; attributes AWS has but moto cannot store (website,
    birthdate, photos, roles, externalIds, extension attributes such as
    aws:identitystore:enterprise.department) are UnknownOperationException naming the attribute.
- CreateGroupMembership of a user who is already a member of the group is ConflictException
  (UNIQUENESS_CONSTRAINT_VIOLATION), as AWS answers; moto made a second membership.
- DeleteUser and DeleteGroup of a user or group that does not exist are ResourceNotFoundException
  (moto answered success); deleting one also deletes its group memberships, as AWS does.
- Identity store, user, group and membership ids given as ARNs (arn:aws:identitystore:::user/ID) are
  passed to moto as ids (moto kept a separate, empty store per spelling of the identity store id).
"""

import threading

from moto.identitystore.models import Group, Name, User

from .protocol import ApiError, service_model
from .validation import validate

RESERVED_NAMES = frozenset(("Administrator", "AWSAdministrators"))

# Single-value user attributes: lower-case path -> CreateUser member (and moto's User field).
USER_STRINGS = {name.lower(): name for name in (
    "UserName", "DisplayName", "NickName", "ProfileUrl", "UserType", "Title", "PreferredLanguage", "Locale",
    "Timezone")}
NAME_PARTS = {name.lower(): name for name in (
    "Formatted", "FamilyName", "GivenName", "MiddleName", "HonorificPrefix", "HonorificSuffix")}
# Multi-value user attributes: lower-case path -> (CreateUser member, its entries' members).
USER_LISTS = {
    "emails": ("Emails", ("Value", "Type", "Primary")),
    "addresses": ("Addresses", ("StreetAddress", "Locality", "Region", "PostalCode", "Country", "Formatted",
                                "Type", "Primary")),
    "phonenumbers": ("PhoneNumbers", ("Value", "Type", "Primary")),
}
USER_NOT_STORED = frozenset(("website", "birthdate", "photos", "roles", "externalids"))
GROUP_STRINGS = {"displayname": "DisplayName", "description": "Description"}
GROUP_NOT_STORED = frozenset(("externalids",))


class IdentityStoreExtras:
    """The additions above, over moto's identitystore backend of the calling account and region."""

    def __init__(self):
        self._lock = threading.Lock()
        self._revisions = {}  # (account, region, store id, "user" | "group", id) -> revision (default 1)
        self._operations = {"UpdateUser": self._update_user, "UpdateGroup": self._update_group}

    def implements(self, operation):
        return operation in self._operations

    def handle(self, backend, operation, params, access_key=None):  # pylint: disable=unused-argument
        """Answer an operation moto lacks; `backend` is moto's identitystore backend of the caller."""
        with self._lock:
            return self._operations[operation](backend, params)

    def before(self, backend, operation, params, access_key=None):  # pylint: disable=unused-argument
        """Check a request moto will serve; return the params to give moto (ids instead of ARNs)."""
        with self._lock:
            params = _ids_not_arns(params)
            if operation in ("CreateUser", "CreateGroup"):
                _check_reserved("UserName" if operation == "CreateUser" else "DisplayName",
                                params.get("UserName" if operation == "CreateUser" else "DisplayName"))
            elif operation == "DeleteUser":
                store = _store(backend, params["IdentityStoreId"])
                _user(store, params["UserId"])
                self._check_revision(backend, params, "user", params["UserId"])
            elif operation == "DeleteGroup":
                store = _store(backend, params["IdentityStoreId"])
                _group(store, params["GroupId"])
                self._check_revision(backend, params, "group", params["GroupId"])
            elif operation == "CreateGroupMembership":
                _check_not_a_member(_store(backend, params["IdentityStoreId"]), params)
            return params

    def after(self, backend, operation, params):
        """Follow up a request moto served successfully: deleting a user or group ends its memberships."""
        with self._lock:
            if operation not in ("DeleteUser", "DeleteGroup"):
                return
            if operation == "DeleteUser":
                kind, resource_id = "user", params["UserId"]
            else:
                kind, resource_id = "group", params["GroupId"]
            self._revisions.pop(self._key(backend, params, kind, resource_id), None)
            store = _store(backend, params["IdentityStoreId"])
            for membership_id, membership in list(store.group_memberships.items() if store is not None else ()):
                member = (membership.get("MemberId") or {}).get("UserId")
                if (member if kind == "user" else membership.get("GroupId")) == resource_id:
                    del store.group_memberships[membership_id]

    def reset(self):
        with self._lock:
            self._revisions.clear()

    # --- revisions ---

    @staticmethod
    def _key(backend, params, kind, resource_id):
        return (backend.account_id, backend.region_name, _bare(params["IdentityStoreId"]), kind, resource_id)

    def _check_revision(self, backend, params, kind, resource_id):
        current = self._revisions.get(self._key(backend, params, kind, resource_id), 1)
        wanted = params.get("Revision")
        if wanted is not None and int(wanted) != current:
            raise ApiError("ConflictException", "Revision %s is not the current revision (%d) of the %s"
                           % (wanted, current, kind), Reason="CONCURRENT_MODIFICATION")
        return current

    def _next_revision(self, backend, params, kind, resource_id):
        revision = self._check_revision(backend, params, kind, resource_id) + 1
        self._revisions[self._key(backend, params, kind, resource_id)] = revision
        return revision

    # --- UpdateUser ---

    def _update_user(self, backend, params):
        store = _store(backend, params["IdentityStoreId"])
        user_id = _bare(params["UserId"])
        user = _user(store, user_id)
        values = user._asdict()
        values["Name"] = user.Name._asdict() if user.Name else {}
        for operation in params["Operations"]:
            _apply_user_operation(values, operation)
        name = {key: value for key, value in values["Name"].items() if value is not None}
        _check_user_values(params["IdentityStoreId"], dict(values, Name=name))
        _check_required_user_attributes(values)
        _check_reserved("UserName", values["UserName"])
        if values["UserName"] != user.UserName and any(
                other.UserName == values["UserName"] for other in store.users.values() if other.UserId != user_id):
            raise ApiError("ConflictException", "Duplicate UserName", Reason="UNIQUENESS_CONSTRAINT_VIOLATION")
        revision = self._next_revision(backend, params, "user", user_id)
        values["Name"] = Name.from_dict(name)
        store.users[user_id] = User(**values)
        return {"IdentityStoreId": _bare(params["IdentityStoreId"]), "UserId": user_id,
                "UserArn": _arn(backend, "user", user_id), "Revision": str(revision)}

    # --- UpdateGroup ---

    def _update_group(self, backend, params):
        store = _store(backend, params["IdentityStoreId"])
        group_id = _bare(params["GroupId"])
        group = _group(store, group_id)
        values = group._asdict()
        for operation in params["Operations"]:
            path = operation["AttributePath"]
            key = path.lower()
            if key in GROUP_STRINGS:
                values[GROUP_STRINGS[key]] = operation.get("AttributeValue")
            elif key in GROUP_NOT_STORED or ":" in key:
                raise _not_stored(path)
            else:
                raise _invalid_path(path)
        checked = {key: values[key] for key in ("DisplayName", "Description") if values[key] is not None}
        _check_values("CreateGroup", dict(checked, IdentityStoreId=params["IdentityStoreId"]))
        if values["DisplayName"] is None:
            raise ApiError("ValidationException", "displayName is a required attribute")
        _check_reserved("DisplayName", values["DisplayName"])
        if any(other.DisplayName == values["DisplayName"] for other in store.groups.values()
               if other.GroupId != group_id):
            raise ApiError("ConflictException", "Duplicate GroupDisplayName", Reason="UNIQUENESS_CONSTRAINT_VIOLATION")
        revision = self._next_revision(backend, params, "group", group_id)
        store.groups[group_id] = Group(**values)
        return {"IdentityStoreId": _bare(params["IdentityStoreId"]), "GroupId": group_id,
                "GroupArn": _arn(backend, "group", group_id), "Revision": str(revision)}


def _apply_user_operation(values, operation):
    path = operation["AttributePath"]
    value = operation.get("AttributeValue")
    head, _, rest = path.lower().partition(".")
    if not rest and head in USER_STRINGS:
        values[USER_STRINGS[head]] = _string_or_none(path, value)
    elif head == "name" and not rest:
        values["Name"] = _name_object(path, value)
    elif head == "name" and rest in NAME_PARTS:
        values["Name"] = dict(values["Name"], **{NAME_PARTS[rest]: _string_or_none(path, value)})
    elif head in USER_LISTS and rest:
        raise ApiError("ValidationException", "Unsupported update operation on multi-value attribute %s, please "
                                              "provide full replacement of Multi-Value attribute types" % head)
    elif head in USER_LISTS:
        values[USER_LISTS[head][0]] = _entries(path, value, USER_LISTS[head][1])
    elif (head in USER_NOT_STORED and not rest) or ":" in path:
        raise _not_stored(path)
    else:
        raise _invalid_path(path)


def _string_or_none(path, value):
    if value is not None and not isinstance(value, str):
        raise ApiError("ValidationException", "The value of attribute %s must be a string" % path)
    return value


def _name_object(path, value):
    """The whole name attribute: an object of name parts (any case), or None to remove it."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ApiError("ValidationException", "The value of attribute %s must be an object" % path)
    name = {}
    for key, part in value.items():
        if key.lower() not in NAME_PARTS:
            raise _invalid_path("%s.%s" % (path, key))
        name[NAME_PARTS[key.lower()]] = _string_or_none("%s.%s" % (path, key), part)
    return name


def _entries(path, value, members):
    """A multi-value attribute: a list of objects whose keys (any case) are `members`; None removes it."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise ApiError("ValidationException", "The value of multi-value attribute %s must be a list" % path)
    canonical = {member.lower(): member for member in members}
    entries = []
    for entry in value:
        if not isinstance(entry, dict):
            raise ApiError("ValidationException", "Each value of multi-value attribute %s must be an object" % path)
        converted = {}
        for key, item in entry.items():
            if key.lower() not in canonical:
                raise _invalid_path("%s.%s" % (path, key))
            converted[canonical[key.lower()]] = item
        entries.append(converted)
    return entries


def _check_user_values(store_id, values):
    """The user's attributes after the update, checked as CreateUser checks them."""
    members = [member for member in list(USER_STRINGS.values()) + [v[0] for v in USER_LISTS.values()]
               if values.get(member) is not None]
    checked = {member: values[member] for member in members}
    if values["Name"]:
        checked["Name"] = values["Name"]
    _check_values("CreateUser", dict(checked, IdentityStoreId=store_id))


def _check_values(operation, params):
    problems = validate(service_model("identitystore").operation_model(operation).input_shape, params)
    if problems.type_errors:
        raise ApiError("ValidationException", problems.type_errors[0])
    if problems.constraint_errors:
        raise ApiError("ValidationException", problems.constraint_message())


def _check_required_user_attributes(values):
    """What moto's CreateUser requires, in its words."""
    if not values["UserName"]:
        raise ApiError("ValidationException", "userName is a required attribute")
    missing = [attribute for attribute, value in (
        ("displayname", values["DisplayName"]), ("givenname", values["Name"].get("GivenName")),
        ("familyname", values["Name"].get("FamilyName"))) if not value]
    if missing:
        raise ApiError("ValidationException",
                       ", ".join("%s: The attribute %s is required" % (name, name) for name in missing))


def _check_reserved(member, value):
    if value in RESERVED_NAMES:
        raise ApiError("ValidationException", "%s: %s is a reserved name and can't be used for users or groups"
                       % (member, value))


def _invalid_path(path):
    return ApiError("ValidationException", "Invalid attribute path %s" % path)


def _not_stored(path):
    return ApiError("UnknownOperationException",
                    "The local AWS emulator does not implement the attribute %s (moto cannot store it)" % path)


def _bare(identifier):
    """An id from an id or an ARN (identity stores, users, groups)."""
    return identifier.rpartition("/")[2]


def _ids_not_arns(params):
    changed = dict(params)
    for member in ("IdentityStoreId", "UserId", "GroupId", "MembershipId"):
        if isinstance(params.get(member), str):
            changed[member] = _bare(params[member])
    member_id = params.get("MemberId")
    if isinstance(member_id, dict) and isinstance(member_id.get("UserId"), str):
        changed["MemberId"] = dict(member_id, UserId=_bare(member_id["UserId"]))
    return params if changed == params else changed


def _check_not_a_member(store, params):
    user_id = (params.get("MemberId") or {}).get("UserId")
    for membership in (store.group_memberships.values() if store is not None else ()):
        if membership.get("GroupId") == params.get("GroupId") and (membership.get("MemberId") or {}).get("UserId") == user_id:
            raise ApiError("ConflictException", "Member %s is already in group %s" % (user_id, params.get("GroupId")),
                           Reason="UNIQUENESS_CONSTRAINT_VIOLATION")


def _store(backend, store_id):
    """moto's data of the identity store, or None (moto keys them by id: see _ids_not_arns)."""
    return backend.identity_stores.get(_bare(store_id))


def _user(store, user_id):
    user = store.users.get(_bare(user_id)) if store is not None else None
    if user is None:
        raise ApiError("ResourceNotFoundException", "USER not found.", ResourceType="USER", ResourceId=user_id)
    return user


def _group(store, group_id):
    group = store.groups.get(_bare(group_id)) if store is not None else None
    if group is None:
        raise ApiError("ResourceNotFoundException", "GROUP not found.", ResourceType="GROUP", ResourceId=group_id)
    return group


def _arn(backend, kind, resource_id):
    return "arn:%s:identitystore:::%s/%s" % (backend.partition, kind, resource_id)
