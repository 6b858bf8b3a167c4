"""IAM behaviour that moto 5.2.5 lacks or gets wrong, fixed inside moto's IAM backend and responses.

What is kept lives on moto's own objects, so a reset forgets it with them; moto renders every answer
from botocore's model as before. Rejections of requests AWS refuses are iam_strict's, not here.
- Permissions boundaries: AWS answers `PermissionsBoundaryType` "Policy" (the API reference says so,
  the AWS CLI's examples show it; botocore's model says PermissionsBoundaryPolicy, which moto used).
  Users get boundaries: CreateUser's PermissionsBoundary (moto ignored it), PutUserPermissionsBoundary
  and DeleteUserPermissionsBoundary (moto lacks them); GetUser and CreateUser return the boundary,
  ListUsers does not (AWS's list operations leave it out).
- GetPolicy/ListPolicies count PermissionsBoundaryUsageCount (moto: never); ListEntitiesForPolicy
  honours PolicyUsageFilter (moto: ignored), PathPrefix and paging, and needs an existing policy.
- Attaching a managed policy that is already attached changes nothing (moto counted it again, so
  AttachmentCount drifted from the truth and a later detach left it above 0).
- CreateLoginProfile keeps PasswordResetRequired (moto: always false); UpdateLoginProfile changes
  only what it is given (moto dropped the login profile when given no Password).
- UpdateGroup with only NewPath moves the group (moto: nothing); UpdateUser keeps the user's tags
  when its ARN changes (moto keys tags by ARN and lost them).
- A policy's UpdateDate is when its newest version was created (moto: never changed).
- ListServiceSpecificCredentials answers the (always empty) list of an existing user: moto cannot
  create such credentials, and lacks the operation, which modules call before DeleteUser.
"""

from moto.core.responses import ActionResult, EmptyResult
from moto.core.serialize import never_return
from moto.iam import models, responses
from moto.iam.exceptions import NotFoundException, ValidationError

BOUNDARY_TYPE = "Policy"


def apply():
    """Install the fixes above into moto's IAM classes (once, from moto_patches.apply)."""
    _boundaries()
    _policy_counts()
    _login_profile()
    _renames()
    _policy_update_date()
    _service_specific_credentials()


def boundary_users(backend, arn):
    """Users of the account whose permissions boundary is the policy `arn`."""
    return [user for user in backend.users.values() if user.permissions_boundary_arn == arn]


def boundary_roles(backend, arn):
    """Roles of the account whose permissions boundary is the policy `arn`."""
    return [role for role in backend.roles.values() if role.permissions_boundary_arn == arn]


def attached_entities(backend, arn):
    """(groups, users, roles) of the account the managed policy `arn` is attached to."""
    return tuple([entity for entity in entities if arn in entity.managed_policies]
                 for entities in (backend.groups.values(), backend.users.values(), backend.roles.values()))


def _boundary(arn):
    if not arn:
        return None
    return {"PermissionsBoundaryType": BOUNDARY_TYPE, "PermissionsBoundaryArn": arn}


def _boundaries():
    models.Role.permissions_boundary = property(lambda role: _boundary(role.permissions_boundary_arn))
    models.User.permissions_boundary_arn = None
    models.User.permissions_boundary = property(lambda user: _boundary(user.permissions_boundary_arn))
    responses.IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER[
        "ListUsersResponse.Users.User.PermissionsBoundary"] = never_return

    moto_create_user = responses.IamResponse.create_user

    def create_user(self):
        result = moto_create_user(self)
        result.result["User"].permissions_boundary_arn = self._get_param("PermissionsBoundary") or None
        return result

    def put_user_permissions_boundary(self):
        user = self.backend.get_user(self._get_param("UserName"))
        user.permissions_boundary_arn = self._get_param("PermissionsBoundary")
        return EmptyResult()

    def delete_user_permissions_boundary(self):
        self.backend.get_user(self._get_param("UserName")).permissions_boundary_arn = None
        return EmptyResult()

    responses.IamResponse.create_user = create_user
    responses.IamResponse.put_user_permissions_boundary = put_user_permissions_boundary
    responses.IamResponse.delete_user_permissions_boundary = delete_user_permissions_boundary


def _policy_counts():
    models.ManagedPolicy.permissions_boundary_usage_count = property(lambda policy: (
        len(boundary_users(policy.backend, policy.arn)) + len(boundary_roles(policy.backend, policy.arn))))

    moto_attach_to = models.ManagedPolicy.attach_to

    def attach_to(self, entity):
        if self.arn not in entity.managed_policies:
            moto_attach_to(self, entity)

    models.ManagedPolicy.attach_to = attach_to
    responses.IamResponse.list_entities_for_policy = _list_entities_for_policy


def _list_entities_for_policy(self):
    """ListEntitiesForPolicy: groups, users and roles using the policy, filtered as asked, in pages."""
    arn = self._get_param("PolicyArn")
    self.backend.get_policy(arn)  # NoSuchEntity
    kinds = {"Group", "User", "Role"}
    if self._get_param("EntityFilter") in kinds:
        kinds = {self._get_param("EntityFilter")}
    usage = self._get_param("PolicyUsageFilter")
    prefix = self._get_param("PathPrefix") or "/"
    groups, users, roles = attached_entities(self.backend, arn) if usage != "PermissionsBoundary" else ([], [], [])
    if usage != "PermissionsPolicy":
        users = users + [user for user in boundary_users(self.backend, arn) if user not in users]
        roles = roles + [role for role in boundary_roles(self.backend, arn) if role not in roles]
    found = [("Group", {"GroupName": group.name, "GroupId": group.id}, group.path) for group in groups]
    found += [("User", {"UserName": user.name, "UserId": user.id}, user.path) for user in users]
    found += [("Role", {"RoleName": role.name, "RoleId": role.id}, role.path) for role in roles]
    found = [(kind, entry) for kind, entry, path in found if kind in kinds and path.startswith(prefix)]
    start = _marker_offset(self._get_param("Marker"), len(found))
    end = start + int(self._get_param("MaxItems") or 100)
    result = {
        "PolicyGroups": [entry for kind, entry in found[start:end] if kind == "Group"],
        "PolicyUsers": [entry for kind, entry in found[start:end] if kind == "User"],
        "PolicyRoles": [entry for kind, entry in found[start:end] if kind == "Role"],
        "IsTruncated": end < len(found),
    }
    if end < len(found):
        result["Marker"] = str(end)
    return ActionResult(result)


def _marker_offset(marker, count):
    if marker is None:
        return 0
    if not marker.isdigit() or int(marker) > count:
        raise ValidationError("Invalid Marker.")
    return int(marker)


def _login_profile():
    moto_create_login_profile = responses.IamResponse.create_login_profile

    def create_login_profile(self):
        result = moto_create_login_profile(self)
        reset_required = bool(self._get_param("PasswordResetRequired"))
        self.backend.get_user(self._get_param("UserName")).password_reset_required = reset_required
        result.result["LoginProfile"]["PasswordResetRequired"] = reset_required
        return result

    moto_update_login_profile = models.IAMBackend.update_login_profile

    def update_login_profile(self, user_name, password, password_reset_required):
        user = self.get_user(user_name)
        if password is None:
            password = user.password
        if password_reset_required is None:
            password_reset_required = user.password_reset_required
        return moto_update_login_profile(self, user_name, password, password_reset_required)

    responses.IamResponse.create_login_profile = create_login_profile
    models.IAMBackend.update_login_profile = update_login_profile


def _renames():
    moto_update_group = models.IAMBackend.update_group
    moto_update_user = models.IAMBackend.update_user

    def update_group(self, group_name, new_group_name, new_path):
        if group_name not in self.groups:
            raise NotFoundException("The group with name %s cannot be found." % group_name)
        moto_update_group(self, group_name, new_group_name, new_path)
        if new_path:
            self.groups[new_group_name or group_name].path = new_path

    def update_user(self, user_name, new_path=None, new_user_name=None):
        user = self.users.get(user_name)
        old_arn = user.arn if user else None
        tags = self.tagger.list_tags_for_resource(old_arn)["Tags"] if user else []
        moto_update_user(self, user_name, new_path, new_user_name)
        if user.arn != old_arn:
            self.tagger.delete_all_tags_for_resource(old_arn)
            self.tagger.tag_resource(user.arn, tags)

    models.IAMBackend.update_group = update_group
    models.IAMBackend.update_user = update_user


def _policy_update_date():
    moto_create_version = models.IAMBackend.create_policy_version
    moto_delete_version = models.IAMBackend.delete_policy_version

    def create_policy_version(self, policy_arn, policy_document, set_as_default):
        version = moto_create_version(self, policy_arn, policy_document, set_as_default)
        self.get_policy(policy_arn).update_date = version.create_date
        return version

    def delete_policy_version(self, policy_arn, version_id):
        moto_delete_version(self, policy_arn, version_id)
        policy = self.get_policy(policy_arn)
        if len(policy.versions) == 1:
            policy.update_date = policy.create_date
        else:
            policy.update_date = max(version.create_date for version in policy.versions)

    models.IAMBackend.create_policy_version = create_policy_version
    models.IAMBackend.delete_policy_version = delete_policy_version


def _service_specific_credentials():
    def list_service_specific_credentials(self):
        user_name = self._get_param("UserName")
        if user_name:
            self.backend.get_user(user_name)  # NoSuchEntity
        return ActionResult({"ServiceSpecificCredentials": [], "IsTruncated": False})

    responses.IamResponse.list_service_specific_credentials = list_service_specific_credentials
