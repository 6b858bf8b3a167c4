"""IAM Identity Center (sso-admin, identitystore) behaviour that moto 5.2.5 lacks or gets wrong.

Operations answered here instead of by moto, on top of moto's permission sets and instances:
- ProvisionPermissionSet, DescribePermissionSetProvisioningStatus, ListPermissionSetProvisioningStatus:
  moto returned a request id it could not look up; provisioning requests are recorded and SUCCEEDED.
- ListPermissionSetsProvisionedToAccount, ListAccountsForProvisionedPermissionSet: moto ignored the
  account and never counted account assignments. As in AWS, CreateAccountAssignment provisions the
  permission set to the target account, deleting the last assignment removes it, and changing a
  provisioned permission set leaves it LATEST_PERMISSION_SET_NOT_PROVISIONED until re-provisioned.
- TagResource, UntagResource, ListTagsForResource (permission sets and instances), DescribeInstance.
Checks and fixes around moto's own operations:
- CreatePermissionSet rejects a duplicate name (ConflictException) and defaults SessionDuration to
  PT1H (moto stored the integer 3600); UpdatePermissionSet keeps the members it is not given (moto
  reset them); CreateAccountAssignment needs an existing permission set (ResourceNotFoundException).
- Identity Store calls must name the account's identity store (ResourceNotFoundException otherwise).
- Identifiers take AWS's formats (see moto_patches), which the model's patterns check.
"""

import threading
import time
import uuid

from .paging import page
from .protocol import ApiError

LATEST = "LATEST_PERMISSION_SET_PROVISIONED"
NOT_LATEST = "LATEST_PERMISSION_SET_NOT_PROVISIONED"

# Operations that change a permission set, after which its provisioned copies are out of date.
PERMISSION_SET_CHANGES = frozenset((
    "UpdatePermissionSet", "PutInlinePolicyToPermissionSet", "DeleteInlinePolicyFromPermissionSet",
    "AttachManagedPolicyToPermissionSet", "DetachManagedPolicyFromPermissionSet",
    "AttachCustomerManagedPolicyReferenceToPermissionSet", "DetachCustomerManagedPolicyReferenceFromPermissionSet",
))


class _State:
    """What moto does not keep for one account and region."""

    def __init__(self):
        self.provisioning = {}  # request id -> PermissionSetProvisioningStatus
        self.provisioned = {}  # (instance arn, permission set arn) -> {account id: LATEST | NOT_LATEST}
        self.instance_tags = {}  # instance arn -> [{"Key", "Value"}]


class SsoExtras:
    """The additions above, over moto's sso-admin backend of the calling account and region."""

    def __init__(self):
        self._lock = threading.Lock()
        self._states = {}
        self._operations = {
            "ProvisionPermissionSet": self._provision_permission_set,
            "DescribePermissionSetProvisioningStatus": self._describe_provisioning_status,
            "ListPermissionSetProvisioningStatus": self._list_provisioning_status,
            "ListPermissionSetsProvisionedToAccount": self._list_permission_sets_provisioned,
            "ListAccountsForProvisionedPermissionSet": self._list_accounts_provisioned,
            "TagResource": self._tag_resource,
            "UntagResource": self._untag_resource,
            "ListTagsForResource": self._list_tags,
            "DescribeInstance": self._describe_instance,
        }

    def implements(self, operation):
        return operation in self._operations

    def handle(self, backend, operation, params):
        """Answer an operation moto lacks; `backend` is moto's sso-admin backend of the caller."""
        with self._lock:
            return self._operations[operation](backend, self._state(backend), params)

    def before(self, backend, operation, params):
        """Check or complete a request moto will serve; return the params to give moto."""
        with self._lock:
            if operation == "CreatePermissionSet":
                _instance(backend, params["InstanceArn"])
                if any(ps.name == params["Name"] and ps.instance_arn == params["InstanceArn"]
                       for ps in backend.permission_sets):
                    raise ApiError("ConflictException", "PermissionSet with name %s already exists." % params["Name"])
                return dict(params, SessionDuration=params.get("SessionDuration", "PT1H"))
            if operation == "UpdatePermissionSet":
                current = _permission_set(backend, params["InstanceArn"], params["PermissionSetArn"])
                kept = {"Description": current.description, "SessionDuration": current.session_duration,
                        "RelayState": current.relay_state}
                return dict({key: value for key, value in kept.items() if value is not None}, **params)
            if operation == "CreateAccountAssignment":
                _permission_set(backend, params["InstanceArn"], params["PermissionSetArn"])
            return params

    def after(self, backend, operation, params):
        """Follow up a request moto served successfully."""
        with self._lock:
            provisioned = self._state(backend).provisioned
            if operation == "CreateAccountAssignment":
                key = (params["InstanceArn"], params["PermissionSetArn"])
                provisioned.setdefault(key, {})[params["TargetId"]] = LATEST
            elif operation == "DeleteAccountAssignment":
                key = (params["InstanceArn"], params["PermissionSetArn"])
                still_assigned = any(
                    (a.instance_arn, a.permission_set_arn, a.target_id) == key + (params["TargetId"],)
                    for a in backend.account_assignments)
                if not still_assigned:
                    provisioned.get(key, {}).pop(params["TargetId"], None)
            elif operation == "DeletePermissionSet":
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
        if store_id not in {instance.identity_store_id for instance in backend.instances}:
            raise ApiError("ResourceNotFoundException", "Identity store %s not found" % store,
                           ResourceType="IDENTITY_STORE", ResourceId=store)

    def reset(self):
        with self._lock:
            self._states.clear()

    def _state(self, backend):
        return self._states.setdefault((backend.account_id, backend.region_name), _State())

    # --- provisioning ---

    def _provision_permission_set(self, backend, state, params):
        instance_arn, ps_arn = params["InstanceArn"], params["PermissionSetArn"]
        _permission_set(backend, instance_arn, ps_arn)
        accounts = state.provisioned.setdefault((instance_arn, ps_arn), {})
        if params["TargetType"] == "AWS_ACCOUNT":
            if not params.get("TargetId"):
                raise ApiError("ValidationException", "TargetId is required when TargetType is AWS_ACCOUNT")
            targets = [params["TargetId"]]
        else:
            targets = list(accounts)
        for account in targets:
            accounts[account] = LATEST
        status = {"CreatedDate": time.time(), "PermissionSetArn": ps_arn,
                  "RequestId": str(uuid.uuid4()), "Status": "SUCCEEDED"}
        if params["TargetType"] == "AWS_ACCOUNT":
            status["AccountId"] = params["TargetId"]
        state.provisioning[status["RequestId"]] = status
        return {"PermissionSetProvisioningStatus": dict(status)}

    def _describe_provisioning_status(self, backend, state, params):
        _instance(backend, params["InstanceArn"])
        status = state.provisioning.get(params["ProvisionPermissionSetRequestId"])
        if status is None:
            raise ApiError("ResourceNotFoundException", "Could not find provisioning request %s"
                           % params["ProvisionPermissionSetRequestId"])
        return {"PermissionSetProvisioningStatus": dict(status)}

    def _list_provisioning_status(self, backend, state, params):
        _instance(backend, params["InstanceArn"])
        wanted = params.get("Filter", {}).get("Status")
        statuses = [{key: status[key] for key in ("CreatedDate", "RequestId", "Status")}
                    for status in state.provisioning.values() if wanted in (None, status["Status"])]
        items, token = page(statuses, params.get("NextToken"), params.get("MaxResults"))
        return _with_token({"PermissionSetsProvisioningStatus": items}, token)

    def _list_permission_sets_provisioned(self, backend, state, params):
        instance_arn = params["InstanceArn"]
        _instance(backend, instance_arn)
        wanted = params.get("ProvisioningStatus")
        arns = [ps_arn for (instance, ps_arn), accounts in state.provisioned.items()
                if instance == instance_arn and params["AccountId"] in accounts
                and wanted in (None, accounts[params["AccountId"]])]
        items, token = page(arns, params.get("NextToken"), params.get("MaxResults"))
        return _with_token({"PermissionSets": items}, token)

    def _list_accounts_provisioned(self, backend, state, params):
        _permission_set(backend, params["InstanceArn"], params["PermissionSetArn"])
        wanted = params.get("ProvisioningStatus")
        accounts = state.provisioned.get((params["InstanceArn"], params["PermissionSetArn"]), {})
        ids = [account for account, status in accounts.items() if wanted in (None, status)]
        items, token = page(ids, params.get("NextToken"), params.get("MaxResults"))
        return _with_token({"AccountIds": items}, token)

    # --- tags ---

    def _tags(self, backend, state, params):
        """The live tag list of the resource named by ResourceArn."""
        instance_arn, resource_arn = params["InstanceArn"], params["ResourceArn"]
        _instance(backend, instance_arn)
        if resource_arn == instance_arn:
            return state.instance_tags.setdefault(instance_arn, [])
        permission_set = _permission_set(backend, instance_arn, resource_arn)
        if permission_set.tags is None:
            permission_set.tags = []
        return permission_set.tags

    def _tag_resource(self, backend, state, params):
        tags = self._tags(backend, state, params)
        new_keys = {tag["Key"] for tag in params["Tags"]}
        tags[:] = [tag for tag in tags if tag["Key"] not in new_keys] + [dict(tag) for tag in params["Tags"]]
        return {}

    def _untag_resource(self, backend, state, params):
        tags = self._tags(backend, state, params)
        tags[:] = [tag for tag in tags if tag["Key"] not in params["TagKeys"]]
        return {}

    def _list_tags(self, backend, state, params):
        tags = [dict(tag) for tag in self._tags(backend, state, params)]
        items, token = page(tags, params.get("NextToken"), None)
        return _with_token({"Tags": items}, token)

    # --- instances ---

    def _describe_instance(self, backend, state, params):
        instance = _instance(backend, params["InstanceArn"])
        output = {"InstanceArn": instance.instance_arn, "IdentityStoreId": instance.identity_store_id,
                  "OwnerAccountId": instance.account_id, "CreatedDate": instance.created_date,
                  "Status": instance.status}
        if instance.name:
            output["Name"] = instance.name
        return output


def _instance(backend, instance_arn):
    for instance in backend.instances:
        if instance.instance_arn == instance_arn:
            return instance
    raise ApiError("ResourceNotFoundException", "Could not find instance %s" % instance_arn)


def _permission_set(backend, instance_arn, permission_set_arn):
    _instance(backend, instance_arn)
    for permission_set in backend.permission_sets:
        if (permission_set.instance_arn, permission_set.permission_set_arn) == (instance_arn, permission_set_arn):
            return permission_set
    raise ApiError("ResourceNotFoundException",
                   "Could not find PermissionSet with id %s" % permission_set_arn.rpartition("/")[2])


def _with_token(output, token):
    if token:
        output["NextToken"] = token
    return output
