"""IAM Identity Center (sso-admin) behaviour that moto 5.2.5 lacks or gets wrong.

Operations answered here instead of by moto, on top of moto's permission sets and instances:
- Asynchronous requests, as in AWS: ProvisionPermissionSet, CreateAccountAssignment and
  DeleteAccountAssignment answer IN_PROGRESS and change nothing yet. A request completes (its change
  is made, its status SUCCEEDED, or FAILED when its permission set is gone) on the status read that
  follows `sso_async_polls` reads which answered IN_PROGRESS, or once `sso_async_seconds` have passed
  (fault settings; by default the first Describe*Status says IN_PROGRESS, the next SUCCEEDED, and an
  unwatched request completes after 5 s). Requests of an account and region complete in the order
  they were made. Until a creation completes, ListAccountAssignments does not show the assignment;
  until a deletion completes, it still does. Describe/List *Status for all three kinds of request.
- Creating an assignment that exists adds no second copy; deleting one that does not exist is
  ResourceNotFoundException (moto's own answers for both).
- ListPermissionSetsProvisionedToAccount, ListAccountsForProvisionedPermissionSet: moto ignored the
  account and never counted account assignments. As in AWS, a completed CreateAccountAssignment
  provisions the permission set to the target account, a completed deletion of the last assignment
  removes it, and changing a provisioned permission set leaves it LATEST_PERMISSION_SET_NOT_PROVISIONED
  until re-provisioned.
- TagResource, UntagResource, ListTagsForResource (permission sets and instances), DescribeInstance,
  ListInstances (none while the fault setting `sso_instance_enabled` is false).
Checks and fixes around moto's own operations:
- An instance ARN that the account does not have in the region (any ARN while `sso_instance_enabled`
  is false) is AccessDeniedException, AWS's answer for a resource that does not exist in the region.
- CreatePermissionSet rejects a duplicate name (ConflictException) and defaults SessionDuration to
  PT1H (moto stored the integer 3600); UpdatePermissionSet keeps the members it is not given (moto
  reset them); account assignments need an existing permission set (ResourceNotFoundException).
- Identity Store calls must name the account's identity store (ResourceNotFoundException otherwise).
- Identifiers take AWS's formats (see moto_patches), which the model's patterns check.
"""

import threading
import time
import uuid

from moto.ssoadmin.models import AccountAssignment
from moto.sts.models import sts_backends
from moto.utilities.utils import get_partition

from .faults import DEFAULTS as DEFAULT_SETTINGS
from .paging import page
from .protocol import ApiError

LATEST = "LATEST_PERMISSION_SET_PROVISIONED"
NOT_LATEST = "LATEST_PERMISSION_SET_NOT_PROVISIONED"
IN_PROGRESS, SUCCEEDED, FAILED = "IN_PROGRESS", "SUCCEEDED", "FAILED"
CREATION, DELETION, PROVISIONING = "creation", "deletion", "provisioning"

# Operations that change a permission set, after which its provisioned copies are out of date.
PERMISSION_SET_CHANGES = frozenset((
    "UpdatePermissionSet", "PutInlinePolicyToPermissionSet", "DeleteInlinePolicyFromPermissionSet",
    "AttachManagedPolicyToPermissionSet", "DetachManagedPolicyFromPermissionSet",
    "AttachCustomerManagedPolicyReferenceToPermissionSet", "DetachCustomerManagedPolicyReferenceFromPermissionSet",
))

ASSIGNMENT_MEMBERS = ("TargetId", "TargetType", "PermissionSetArn", "PrincipalType", "PrincipalId")


class _Request:
    """One asynchronous request: its status as Describe*Status shows it, and the change it makes."""

    def __init__(self, kind, status, complete):
        self.kind = kind
        self.status = status
        self.complete = complete  # complete(call) makes the change; returns a failure reason or None
        self.started = time.monotonic()
        self.reads = 0

    @property
    def pending(self):
        return self.status["Status"] == IN_PROGRESS


class _State:
    """What moto does not keep for one account and region."""

    def __init__(self):
        self.requests = {}  # request id -> _Request, in the order they were made
        self.provisioned = {}  # (instance arn, permission set arn) -> {account id: LATEST | NOT_LATEST}
        self.instance_tags = {}  # instance arn -> [{"Key", "Value"}]


class _Call:
    """One sso-admin request: the caller's moto backend and our state, and lookups that fail as AWS does."""

    def __init__(self, backend, state, operation, access_key, settings):
        self.backend = backend
        self.state = state
        self.operation = operation
        self.access_key = access_key
        self.settings = settings

    def instances(self):
        return list(self.backend.instances) if self.settings["sso_instance_enabled"] else []

    def instance(self, instance_arn):
        for instance in self.instances():
            if instance.instance_arn == instance_arn:
                return instance
        raise ApiError("AccessDeniedException", (
            "User: %s is not authorized to perform: sso:%s on resource: %s because the resource does not "
            "exist in this Region, no resource-based policies allow access, or a resource-based policy "
            "explicitly denies access") % (self._caller_arn(), self.operation, instance_arn))

    def permission_set(self, instance_arn, permission_set_arn):
        self.instance(instance_arn)
        found = _find_permission_set(self.backend, instance_arn, permission_set_arn)
        if found is None:
            raise ApiError("ResourceNotFoundException",
                           "Could not find PermissionSet with id %s" % permission_set_arn.rpartition("/")[2])
        return found

    def _caller_arn(self):
        region = self.backend.region_name
        sts = sts_backends[self.backend.account_id][get_partition(region)]
        return sts.get_caller_identity(self.access_key or "", region)[1]


class SsoExtras:
    """The additions above, over moto's sso-admin backend of the calling account and region.

    `faults` (faults.Faults) gives the sso_* settings; without it the defaults apply.
    """

    def __init__(self, faults=None):
        self._faults = faults
        self._lock = threading.Lock()
        self._states = {}
        self._operations = {
            "ProvisionPermissionSet": self._provision_permission_set,
            "DescribePermissionSetProvisioningStatus": self._describe_provisioning_status,
            "ListPermissionSetProvisioningStatus": self._list_provisioning_status,
            "CreateAccountAssignment": self._create_account_assignment,
            "DeleteAccountAssignment": self._delete_account_assignment,
            "DescribeAccountAssignmentCreationStatus": self._describe_creation_status,
            "DescribeAccountAssignmentDeletionStatus": self._describe_deletion_status,
            "ListAccountAssignmentCreationStatus": self._list_creation_status,
            "ListAccountAssignmentDeletionStatus": self._list_deletion_status,
            "ListPermissionSetsProvisionedToAccount": self._list_permission_sets_provisioned,
            "ListAccountsForProvisionedPermissionSet": self._list_accounts_provisioned,
            "TagResource": self._tag_resource,
            "UntagResource": self._untag_resource,
            "ListTagsForResource": self._list_tags,
            "DescribeInstance": self._describe_instance,
            "ListInstances": self._list_instances,
        }

    def implements(self, operation):
        return operation in self._operations

    def handle(self, backend, operation, params, access_key=None):
        """Answer an operation moto lacks; `backend` is moto's sso-admin backend of the caller."""
        with self._lock:
            call = self._call(backend, operation, access_key)
            self._settle(call)
            output = self._operations[operation](call, params)
            self._settle(call)  # with sso_async_seconds 0, a new request completes at once (after its answer)
            return output

    def before(self, backend, operation, params, access_key=None):
        """Check or complete a request moto will serve; return the params to give moto."""
        with self._lock:
            call = self._call(backend, operation, access_key)
            self._settle(call)
            if "InstanceArn" in params:
                call.instance(params["InstanceArn"])
            if operation == "CreatePermissionSet":
                if any(ps.name == params["Name"] and ps.instance_arn == params["InstanceArn"]
                       for ps in backend.permission_sets):
                    raise ApiError("ConflictException", "PermissionSet with name %s already exists." % params["Name"])
                return dict(params, SessionDuration=params.get("SessionDuration", "PT1H"))
            if operation == "UpdatePermissionSet":
                current = call.permission_set(params["InstanceArn"], params["PermissionSetArn"])
                kept = {"Description": current.description, "SessionDuration": current.session_duration,
                        "RelayState": current.relay_state}
                return dict({key: value for key, value in kept.items() if value is not None}, **params)
            return params

    def after(self, backend, operation, params):
        """Follow up a request moto served successfully."""
        with self._lock:
            provisioned = self._state(backend).provisioned
            if operation == "DeletePermissionSet":
                provisioned.pop((params["InstanceArn"], params["PermissionSetArn"]), None)
            elif operation in PERMISSION_SET_CHANGES:
                accounts = provisioned.get((params["InstanceArn"], params["PermissionSetArn"]), {})
                for account in accounts:
                    accounts[account] = NOT_LATEST

    def check_identity_store(self, backend, params):
        """An Identity Store request must name the identity store of the account's instance."""
        store = params.get("IdentityStoreId")
        if store is None:
            return
        store_id = store.rpartition("/")[2]
        instances = backend.instances if self._settings()["sso_instance_enabled"] else []
        if store_id not in {instance.identity_store_id for instance in instances}:
            raise ApiError("ResourceNotFoundException", "Identity store %s not found" % store,
                           ResourceType="IDENTITY_STORE", ResourceId=store)

    def reset(self):
        with self._lock:
            self._states.clear()

    def _settings(self):
        return self._faults.settings() if self._faults is not None else dict(DEFAULT_SETTINGS)

    def _state(self, backend):
        return self._states.setdefault((backend.account_id, backend.region_name), _State())

    def _call(self, backend, operation, access_key):
        return _Call(backend, self._state(backend), operation, access_key, self._settings())

    # --- asynchronous requests ---

    def _start(self, call, kind, status, complete):
        """Record a new request (IN_PROGRESS) and return what the answer to it shows."""
        status = dict(status, RequestId=str(uuid.uuid4()), Status=IN_PROGRESS, CreatedDate=time.time())
        call.state.requests[status["RequestId"]] = _Request(kind, status, complete)
        return dict(status)

    def _settle(self, call):
        """Complete the requests that have been in progress for sso_async_seconds."""
        now = time.monotonic()
        for request in list(call.state.requests.values()):
            if request.pending and now - request.started >= call.settings["sso_async_seconds"]:
                self._complete(call, request)

    @staticmethod
    def _complete(call, request):
        """Complete `request`, and first every request made before it that is still in progress."""
        for earlier in list(call.state.requests.values()):
            if earlier.pending:
                reason = earlier.complete(call)
                earlier.status["Status"] = FAILED if reason else SUCCEEDED
                if reason:
                    earlier.status["FailureReason"] = reason
            if earlier is request:
                return

    def _read_status(self, call, kind, request_id, not_found):
        """The status a Describe*Status call shows; the read that follows sso_async_polls IN_PROGRESS
        answers completes the request."""
        request = call.state.requests.get(request_id)
        if request is None or request.kind != kind:
            raise ApiError("ResourceNotFoundException", not_found % request_id)
        if request.pending:
            request.reads += 1
            if request.reads > call.settings["sso_async_polls"]:
                self._complete(call, request)
        return dict(request.status)

    @staticmethod
    def _list_statuses(call, kind, params, key):
        wanted = params.get("Filter", {}).get("Status")
        statuses = [{name: request.status[name] for name in ("CreatedDate", "RequestId", "Status")}
                    for request in call.state.requests.values()
                    if request.kind == kind and wanted in (None, request.status["Status"])]
        items, token = page(statuses, params.get("NextToken"), params.get("MaxResults"))
        return _with_token({key: items}, token)

    # --- provisioning ---

    def _provision_permission_set(self, call, params):
        instance_arn, ps_arn = params["InstanceArn"], params["PermissionSetArn"]
        call.permission_set(instance_arn, ps_arn)
        key = (instance_arn, ps_arn)
        status = {"PermissionSetArn": ps_arn}
        if params["TargetType"] == "AWS_ACCOUNT":
            if not params.get("TargetId"):
                raise ApiError("ValidationException", "TargetId is required when TargetType is AWS_ACCOUNT")
            targets = [params["TargetId"]]
            status["AccountId"] = params["TargetId"]
        else:
            targets = list(call.state.provisioned.get(key, {}))

        def complete(call):
            if _find_permission_set(call.backend, instance_arn, ps_arn) is None:
                return "Permission set %s was deleted" % ps_arn
            accounts = call.state.provisioned.setdefault(key, {})
            for account in targets:
                accounts[account] = LATEST
            return None

        return {"PermissionSetProvisioningStatus": self._start(call, PROVISIONING, status, complete)}

    def _describe_provisioning_status(self, call, params):
        call.instance(params["InstanceArn"])
        status = self._read_status(call, PROVISIONING, params["ProvisionPermissionSetRequestId"],
                                   "Could not find provisioning request %s")
        return {"PermissionSetProvisioningStatus": status}

    def _list_provisioning_status(self, call, params):
        call.instance(params["InstanceArn"])
        return self._list_statuses(call, PROVISIONING, params, "PermissionSetsProvisioningStatus")

    def _list_permission_sets_provisioned(self, call, params):
        instance_arn = params["InstanceArn"]
        call.instance(instance_arn)
        wanted = params.get("ProvisioningStatus")
        arns = [ps_arn for (instance, ps_arn), accounts in call.state.provisioned.items()
                if instance == instance_arn and params["AccountId"] in accounts
                and wanted in (None, accounts[params["AccountId"]])]
        items, token = page(arns, params.get("NextToken"), params.get("MaxResults"))
        return _with_token({"PermissionSets": items}, token)

    def _list_accounts_provisioned(self, call, params):
        call.permission_set(params["InstanceArn"], params["PermissionSetArn"])
        wanted = params.get("ProvisioningStatus")
        accounts = call.state.provisioned.get((params["InstanceArn"], params["PermissionSetArn"]), {})
        ids = [account for account, status in accounts.items() if wanted in (None, status)]
        items, token = page(ids, params.get("NextToken"), params.get("MaxResults"))
        return _with_token({"AccountIds": items}, token)

    # --- account assignments ---

    def _create_account_assignment(self, call, params):
        instance_arn, ps_arn = params["InstanceArn"], params["PermissionSetArn"]
        call.permission_set(instance_arn, ps_arn)
        wanted = _assignment_key(instance_arn, params)

        def complete(call):
            if _find_permission_set(call.backend, instance_arn, ps_arn) is None:
                return "Permission set %s was deleted" % ps_arn
            if not any(_key_of(assignment) == wanted for assignment in call.backend.account_assignments):
                call.backend.account_assignments.append(AccountAssignment(
                    instance_arn, params["TargetId"], params["TargetType"], ps_arn, params["PrincipalType"],
                    params["PrincipalId"]))
            call.state.provisioned.setdefault((instance_arn, ps_arn), {})[params["TargetId"]] = LATEST
            return None

        status = {name: params[name] for name in ASSIGNMENT_MEMBERS}
        return {"AccountAssignmentCreationStatus": self._start(call, CREATION, status, complete)}

    def _delete_account_assignment(self, call, params):
        instance_arn, ps_arn = params["InstanceArn"], params["PermissionSetArn"]
        call.permission_set(instance_arn, ps_arn)
        wanted = _assignment_key(instance_arn, params)
        if not any(_key_of(assignment) == wanted for assignment in call.backend.account_assignments):
            raise ApiError("ResourceNotFoundException", "Could not find the account assignment of %s %s to "
                           "account %s with permission set %s" % (params["PrincipalType"], params["PrincipalId"],
                                                                  params["TargetId"], ps_arn))

        def complete(call):
            assignments = call.backend.account_assignments
            assignments[:] = [assignment for assignment in assignments if _key_of(assignment) != wanted]
            still_assigned = any((a.instance_arn, a.permission_set_arn, a.target_id)
                                 == (instance_arn, ps_arn, params["TargetId"]) for a in assignments)
            if not still_assigned:
                call.state.provisioned.get((instance_arn, ps_arn), {}).pop(params["TargetId"], None)
            return None

        status = {name: params[name] for name in ASSIGNMENT_MEMBERS}
        return {"AccountAssignmentDeletionStatus": self._start(call, DELETION, status, complete)}

    def _describe_creation_status(self, call, params):
        call.instance(params["InstanceArn"])
        status = self._read_status(call, CREATION, params["AccountAssignmentCreationRequestId"],
                                   "Could not find account assignment creation request %s")
        return {"AccountAssignmentCreationStatus": status}

    def _describe_deletion_status(self, call, params):
        call.instance(params["InstanceArn"])
        status = self._read_status(call, DELETION, params["AccountAssignmentDeletionRequestId"],
                                   "Could not find account assignment deletion request %s")
        return {"AccountAssignmentDeletionStatus": status}

    def _list_creation_status(self, call, params):
        call.instance(params["InstanceArn"])
        return self._list_statuses(call, CREATION, params, "AccountAssignmentsCreationStatus")

    def _list_deletion_status(self, call, params):
        call.instance(params["InstanceArn"])
        return self._list_statuses(call, DELETION, params, "AccountAssignmentsDeletionStatus")

    # --- tags ---

    @staticmethod
    def _tags(call, params):
        """The live tag list of the resource named by ResourceArn."""
        instance_arn, resource_arn = params["InstanceArn"], params["ResourceArn"]
        call.instance(instance_arn)
        if resource_arn == instance_arn:
            return call.state.instance_tags.setdefault(instance_arn, [])
        permission_set = call.permission_set(instance_arn, resource_arn)
        if permission_set.tags is None:
            permission_set.tags = []
        return permission_set.tags

    def _tag_resource(self, call, params):
        tags = self._tags(call, params)
        new_keys = {tag["Key"] for tag in params["Tags"]}
        tags[:] = [tag for tag in tags if tag["Key"] not in new_keys] + [dict(tag) for tag in params["Tags"]]
        return {}

    def _untag_resource(self, call, params):
        tags = self._tags(call, params)
        tags[:] = [tag for tag in tags if tag["Key"] not in params["TagKeys"]]
        return {}

    def _list_tags(self, call, params):
        tags = [dict(tag) for tag in self._tags(call, params)]
        items, token = page(tags, params.get("NextToken"), None)
        return _with_token({"Tags": items}, token)

    # --- instances ---

    @staticmethod
    def _describe_instance(call, params):
        return _instance_json(call.instance(params["InstanceArn"]))

    @staticmethod
    def _list_instances(call, params):
        instances = [_instance_json(instance) for instance in call.instances()]
        items, token = page(instances, params.get("NextToken"), params.get("MaxResults"))
        return _with_token({"Instances": items}, token)


def _instance_json(instance):
    output = {"InstanceArn": instance.instance_arn, "IdentityStoreId": instance.identity_store_id,
              "OwnerAccountId": instance.account_id, "CreatedDate": instance.created_date,
              "Status": instance.status}
    if instance.name:
        output["Name"] = instance.name
    return output


def _find_permission_set(backend, instance_arn, permission_set_arn):
    for permission_set in backend.permission_sets:
        if (permission_set.instance_arn, permission_set.permission_set_arn) == (instance_arn, permission_set_arn):
            return permission_set
    return None


def _assignment_key(instance_arn, params):
    return (instance_arn,) + tuple(params[name] for name in ASSIGNMENT_MEMBERS)


def _key_of(assignment):
    return (assignment.instance_arn, assignment.target_id, assignment.target_type, assignment.permission_set_arn,
            assignment.principal_type, assignment.principal_id)


def _with_token(output, token):
    if token:
        output["NextToken"] = token
    return output
