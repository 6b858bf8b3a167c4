"""An AWS Proton backend (botocore model `proton`, 2020-07-20): account settings and repository links.

moto has no Proton. This backend keeps account settings and repository links per (account, region),
and checks role ARNs against the same account's IAM (moto's). The application answers the other
Proton operations with a non-retryable error.

Requests reach `handle` already validated against the model (see validation.py); responses follow
the model's output shapes, with optional members present only when set.
"""

import threading

from .paging import page
from .protocol import ApiError

ROLE_SETTINGS = ("pipelineServiceRoleArn", "pipelineCodebuildRoleArn")
REPOSITORY_SETTING = "pipelineProvisioningRepository"


def unavailable_error():
    """What a Proton call gets once the account no longer has Proton.

    An assumption: AWS ended Proton support on 2026-10-07 without documenting the API's answer
    afterwards. A 403 AccessDeniedException is what AWS returns for a service an account may not use,
    and botocore does not retry it.
    """
    return ApiError("AccessDeniedException",
                    "AWS Proton is no longer available to this account (support ended 2026-10-07)", status=403)


class _Region:
    """Proton's state in one account and region."""

    def __init__(self):
        self.settings = {}
        self.repositories = {}  # (provider, name) -> repository, in creation order


class ProtonBackend:
    """Account settings and repository links of AWS Proton, per (account, region).

    `role_visible(account, region, arn)` tells whether Proton can see an IAM role; the caller makes
    it answer False for roles that do not exist and for roles IAM has not propagated yet.
    """

    def __init__(self, role_visible):
        self._role_visible = role_visible
        self._lock = threading.Lock()
        self._regions = {}
        self._operations = {
            "GetAccountSettings": self._get_account_settings,
            "UpdateAccountSettings": self._update_account_settings,
            "CreateRepository": self._create_repository,
            "GetRepository": self._get_repository,
            "ListRepositories": self._list_repositories,
            "DeleteRepository": self._delete_repository,
        }

    def implements(self, operation):
        return operation in self._operations

    def handle(self, account, region, operation, params):
        """Run a validated operation; return the output as a dict or raise ApiError."""
        with self._lock:
            state = self._regions.setdefault((account, region), _Region())
            return self._operations[operation](state, account, region, params)

    def reset(self):
        with self._lock:
            self._regions.clear()

    # --- account settings ---

    def _get_account_settings(self, state, account, region, params):
        return {"accountSettings": dict(state.settings)}

    def _update_account_settings(self, state, account, region, params):
        repository_input = params.get(REPOSITORY_SETTING)
        delete_repository = params.get("deletePipelineProvisioningRepository", False)
        if repository_input is not None and delete_repository:
            raise ApiError("ValidationException", "pipelineProvisioningRepository cannot be set when "
                           "deletePipelineProvisioningRepository is true")
        # Check everything before changing anything: a rejected update changes nothing.
        for key in ROLE_SETTINGS:
            arn = params.get(key)
            if arn and not self._role_visible(account, region, arn):
                raise ApiError("ValidationException", "%s: role %s does not exist in account %s or AWS "
                               "Proton cannot access it" % (key, arn, account))
        linked = None
        if repository_input is not None:
            linked = state.repositories.get((repository_input["provider"], repository_input["name"]))
            if linked is None:
                raise ApiError("ValidationException", "Repository %s:%s is not linked to AWS Proton in this "
                               "account and region; link it with CreateRepository first" % (
                                   repository_input["provider"], repository_input["name"]))
        for key in ROLE_SETTINGS:
            if key in params:
                if params[key]:
                    state.settings[key] = params[key]
                else:
                    state.settings.pop(key, None)
        if linked is not None:
            state.settings[REPOSITORY_SETTING] = {
                "arn": linked["arn"], "branch": repository_input["branch"],
                "name": linked["name"], "provider": linked["provider"]}
        if delete_repository:
            state.settings.pop(REPOSITORY_SETTING, None)
        return {"accountSettings": dict(state.settings)}

    # --- repositories ---

    def _create_repository(self, state, account, region, params):
        key = (params["provider"], params["name"])
        if key in state.repositories:
            raise ApiError("ConflictException", "Repository %s:%s already exists" % key)
        repository = {
            "arn": "arn:aws:proton:%s:%s:repository/%s:%s" % (region, account, key[0].lower(), key[1]),
            "connectionArn": params["connectionArn"],
            "name": params["name"],
            "provider": params["provider"],
        }
        if params.get("encryptionKey"):
            repository["encryptionKey"] = params["encryptionKey"]
        state.repositories[key] = repository
        return {"repository": dict(repository)}

    def _get_repository(self, state, account, region, params):
        return {"repository": dict(self._find_repository(state, params))}

    def _list_repositories(self, state, account, region, params):
        repositories, next_token = page(list(state.repositories.values()), params.get("nextToken"),
                                        params.get("maxResults"))
        output = {"repositories": [{key: repository[key] for key in ("arn", "connectionArn", "name", "provider")}
                                   for repository in repositories]}
        if next_token:
            output["nextToken"] = next_token
        return output

    def _delete_repository(self, state, account, region, params):
        repository = self._find_repository(state, params)
        in_use = state.settings.get(REPOSITORY_SETTING, {}).get("arn") == repository["arn"]
        if in_use:
            # An assumption: AWS documents ConflictException for DeleteRepository; a repository still
            # named in the account settings is the conflict we can model.
            raise ApiError("ConflictException", "Repository %s:%s is the pipeline provisioning repository "
                           "in the account settings" % (repository["provider"], repository["name"]))
        del state.repositories[(repository["provider"], repository["name"])]
        return {"repository": dict(repository)}

    @staticmethod
    def _find_repository(state, params):
        repository = state.repositories.get((params["provider"], params["name"]))
        if repository is None:
            raise ApiError("ResourceNotFoundException",
                           "Repository %s:%s not found" % (params["provider"], params["name"]))
        return repository
