# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. AWS Proton's account settings of a region: the pipeline service role, the CodeBuild
pipeline role and the pipeline provisioning repository.

The backend of the ``account_settings`` module and of ``proton_roles``'s ``register_account_settings`` (the
pipeline roles and the settings that name them, in one module process). ``check`` is pure; ``read``, ``plan_*``
and ``apply`` take a ``ProtonClient`` (``client.py``). Errors name the options through ``names``.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._proton import client as proton

# option -> (request/response key, result key)
ROLE_SETTINGS = (
    ("pipeline_service_role", "pipelineServiceRoleArn", "pipeline_service_role_arn"),
    ("pipeline_codebuild_role", "pipelineCodebuildRoleArn", "pipeline_codebuild_role_arn"),
)
REPOSITORY = "pipeline_provisioning_repository"
REPOSITORY_FIELDS = ("provider", "name", "branch")
TIMEOUT_OPTION = "role_propagation_timeout"
TIMEOUT_MAX = 3600
DEFAULT_TIMEOUT = 120

REPOSITORY_SPEC = dict(type="dict", options=dict(
    provider=dict(type="str", choices=list(proton.REPOSITORY_PROVIDERS)),
    name=dict(type="str"),
    branch=dict(type="str"),
))


def _same_name(option):
    return option


def check_repository(repository, state, names=_same_name):
    """The wanted repository: None (leave it), {} (remove it) or the dict; ``ParameterError`` naming the field."""
    if repository is None:
        return None
    given = dict((k, v) for k, v in repository.items() if v not in (None, ""))
    if not given:
        return {}
    option = names(REPOSITORY)
    required = REPOSITORY_FIELDS if state == "present" else ("provider", "name")
    for field in required:
        if field not in given:
            raise ParameterError("{0}.{1}".format(option, field), "is required (a repository needs {0}; use {{}} "
                                 "to remove the setting)".format(", ".join(required)))
    if "name" in given:
        proton.check_repository_name("{0}.name".format(option), given["name"])
    if "branch" in given:
        proton.check_branch("{0}.branch".format(option), given["branch"])
    return given


def check_timeout(timeout, names=_same_name):
    validation.check_range(names(TIMEOUT_OPTION), timeout, 0, TIMEOUT_MAX)


def settings_state(settings):
    """The collection's view of GetAccountSettings' ``accountSettings``."""
    state = dict((result, settings.get(key) or None) for _option, key, result in ROLE_SETTINGS)
    repository = settings.get("pipelineProvisioningRepository")
    state[REPOSITORY] = dict(
        arn=repository.get("arn"), provider=repository.get("provider"), name=repository.get("name"),
        branch=repository.get("branch"),
    ) if repository else None
    return state


def read(client):
    """The settings now (GetAccountSettings)."""
    return settings_state(client.call("GetAccountSettings").get("accountSettings", {}))


def role_name_of(arn):
    return (arn or "").rsplit("/", 1)[-1]


def plan_present(client, current, roles, repository, names=_same_name):
    """``(update request, settings after, role ARNs being set)``. ``roles``: ``{option: ARN, "" (clear it) or
    None (leave it)}`` for ``ROLE_SETTINGS``'s options."""
    update, after, setting = {}, dict(current), []
    for option, key, result in ROLE_SETTINGS:
        arn = roles.get(option)
        if arn is None:
            continue
        arn = arn or None
        if arn != current[result]:
            update[key] = arn or ""
            after[result] = arn
            if arn:
                setting.append(arn)
    if repository == {}:
        if current[REPOSITORY] is not None:
            update["deletePipelineProvisioningRepository"] = True
            after[REPOSITORY] = None
    elif repository is not None:
        have = current[REPOSITORY] or {}
        if any(have.get(field) != repository[field] for field in REPOSITORY_FIELDS):
            linked = client.get_or_none("GetRepository", provider=repository["provider"], name=repository["name"])
            if linked is None:
                raise ParameterError(names(REPOSITORY), "repository {0}:{1} is not linked to AWS Proton in region {2}; "
                                                        "link it first (CreateRepository, through a CodeStar "
                                                        "connection)".format(repository["provider"], repository["name"],
                                                                             client.region))
            update["pipelineProvisioningRepository"] = dict((field, repository[field]) for field in REPOSITORY_FIELDS)
            after[REPOSITORY] = dict(arn=linked["repository"]["arn"], **update["pipelineProvisioningRepository"])
    return update, after, setting


def plan_absent(current, roles, repository):
    """``(update request, settings after)``: clear what still points at the given roles and repository. ``roles``:
    ``{option: a role ARN, a role name (any path), "" (any role) or None (leave it)}``."""
    update, after = {}, dict(current)
    for option, key, result in ROLE_SETTINGS:
        value, have = roles.get(option), current[result]
        if value is None or have is None:
            continue
        matches = value == "" or (have == value if value.startswith("arn:") else role_name_of(have) == value)
        if matches:
            update[key] = ""
            after[result] = None
    have = current[REPOSITORY]
    if repository is not None and have is not None:
        if repository == {} or (have["provider"], have["name"]) == (repository["provider"], repository["name"]):
            update["deletePipelineProvisioningRepository"] = True
            after[REPOSITORY] = None
    return update, after


def apply(client, update, setting, timeout, names=_same_name):
    """UpdateAccountSettings, retried while Proton rejects a role IAM has not propagated yet; the settings after."""
    response = proton.retry_role_propagation(lambda: client.call("UpdateAccountSettings", **update), setting, timeout,
                                             names(TIMEOUT_OPTION))
    return settings_state(response.get("accountSettings", {}))


def converge(client, state, roles, repository, timeout, check_mode, names=_same_name):
    """``(changed, before, after)``: the settings made what ``state``, ``roles`` and ``repository`` say."""
    current = read(client)
    if state == "absent":
        update, after = plan_absent(current, roles, repository)
        setting = []
    else:
        update, after, setting = plan_present(client, current, roles, repository, names)
    if update and not check_mode:
        after = apply(client, update, setting, timeout, names)
    return bool(update), current, after
