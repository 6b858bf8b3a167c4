# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Proton calls: the end-of-support message, and retrying while IAM propagates a new role.

AWS ended support for AWS Proton on 2026-10-07. After that date (and for accounts that never used
Proton, since 2025-10-07) the Proton API refuses or cannot be reached. ``ProtonClient.call`` turns
such a failure into a message that says so, instead of a bare AccessDenied or connection error.

IAM is eventually consistent: a role created seconds ago may not be visible to Proton yet, which
then rejects it with a ValidationException. ``retry_role_propagation`` retries such a call with
backoff (``waiters.retry_on``) up to a timeout and then fails with a message naming the roles.
"""

from __future__ import annotations

import re

from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.waiters import retry_on

END_OF_SUPPORT = "2026-10-07"
END_OF_SIGNUP = "2025-10-07"

# botocore's names for "no answer at all" (AWSClient reports them as the error code).
UNREACHABLE_CODES = ("EndpointConnectionError", "ConnectTimeoutError", "ConnectionClosedError",
                     "ReadTimeoutError", "ConnectionError", "EndpointResolutionError", "UnknownEndpointError",
                     "NoRegionError")
# What AWS answers for a service an account may not use.
REFUSED_CODES = ("AccessDeniedException", "AccessDenied", "SubscriptionRequiredException", "OptInRequired")

UNREACHABLE_MESSAGE = (
    "AWS Proton cannot be reached in region {region} ({operation}: {code}: {message}). AWS ended support for "
    "AWS Proton on " + END_OF_SUPPORT + "; since then the Proton API no longer answers. The IAM roles do not "
    "need Proton; only the Proton account settings do."
)
REFUSED_MESSAGE = (
    "AWS Proton refused {operation} in region {region} ({code}: {message}). AWS ended support for AWS Proton "
    "on " + END_OF_SUPPORT + " (new accounts could not start using it after " + END_OF_SIGNUP + "), so the "
    "service is probably no longer offered to this account. If Proton is still available to it, check that "
    "these credentials allow proton:{operation}. The IAM roles do not need Proton; only the Proton account "
    "settings do."
)
PROPAGATION_MESSAGE = (
    "AWS Proton still rejects {roles} after {timeout} seconds ({operation}: {code}: {message}). A role that "
    "was just created can take a while to become visible to other services (IAM is eventually consistent): "
    "raise {timeout_option} if it was. Otherwise check that the role exists in this account and trusts the "
    "service that assumes it."
)


# A pipeline provisioning repository: botocore's model of RepositoryProvider, RepositoryName, GitBranchName.
REPOSITORY_PROVIDERS = ("GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET")
REPOSITORY_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-].*/[A-Za-z0-9_.-].*\Z")
REPOSITORY_NAME_MAX = 100
BRANCH_MAX = 200


def check_repository_name(option, value):
    validation.check_length(option, value, REPOSITORY_NAME_MAX, 1)
    if not REPOSITORY_NAME_PATTERN.match(value):
        raise ParameterError(option, "must be owner/repository, for example my-org/proton-pipelines (got {0!r})"
                             .format(value))


def check_branch(option, value):
    validation.check_length(option, value, BRANCH_MAX, 1)


def check_repository(option, value):
    """A whole repository, ``{provider, name, branch}`` (a role's variable); errors name ``option.field``."""
    if not isinstance(value, dict):
        raise ParameterError(option, "must be a dictionary with provider, name and branch (got {0!r})".format(value))
    for field in ("provider", "name", "branch"):
        if not value.get(field):
            raise ParameterError("{0}.{1}".format(option, field), "is required (a repository needs provider, name "
                                                                  "and branch)")
    if value["provider"] not in REPOSITORY_PROVIDERS:
        raise ParameterError("{0}.provider".format(option), "must be one of {0} (got {1!r})".format(
            ", ".join(REPOSITORY_PROVIDERS), value["provider"]))
    check_repository_name("{0}.name".format(option), value["name"])
    check_branch("{0}.branch".format(option), value["branch"])


class ProtonAPIError(AWSAPIError):
    """An ``AWSAPIError`` with a message that explains it; operation, code and status stay those of AWS."""

    def __init__(self, cause, message):
        super().__init__(cause.operation, cause.code, cause.aws_message, status=cause.status, service=cause.service)
        self.message = message
        self.args = (message,)


def unavailable_error(error, region):
    """The error to raise for ``error`` (an ``AWSAPIError`` from Proton): a clearer one when Proton is out
    of reach or refuses as for an account that may not use it, ``error`` itself otherwise."""
    if error.is_code(*UNREACHABLE_CODES):
        template = UNREACHABLE_MESSAGE
    elif error.is_code(*REFUSED_CODES):
        template = REFUSED_MESSAGE
    else:
        return error
    return ProtonAPIError(error, template.format(region=region, operation=error.operation, code=error.code,
                                                 message=error.aws_message))


class ProtonClient:
    """Proton calls through an ``AWSClient``, with the end-of-support translation."""

    def __init__(self, client):
        self.client = client
        self.region = client.region

    def call(self, operation, **kwargs):
        try:
            return self.client.call(operation, **kwargs)
        except AWSAPIError as e:
            raise unavailable_error(e, self.region)

    def get_or_none(self, operation, **kwargs):
        """The response, or None when Proton says the resource does not exist."""
        try:
            return self.call(operation, **kwargs)
        except AWSAPIError as e:
            if e.is_code("ResourceNotFoundException"):
                return None
            raise


def rejects_role(error, role_arns):
    """Whether ``error`` is Proton rejecting one of ``role_arns`` (not some other invalid input)."""
    if not error.is_code("ValidationException"):
        return False
    text = (error.aws_message or "").lower()
    return "role" in text or any(arn.lower() in text for arn in role_arns)


def retry_role_propagation(fn, role_arns, timeout, timeout_option, **retry_kwargs):
    """``fn()``, retried with backoff while Proton rejects one of ``role_arns`` (IAM propagation), up to
    ``timeout`` seconds; then an ``AWSAPIError`` whose message names the roles and ``timeout_option``."""
    role_arns = [arn for arn in role_arns if arn]
    if not role_arns:
        return fn()
    try:
        return retry_on(fn, ("ValidationException",), timeout, matches=lambda e: rejects_role(e, role_arns),
                        **retry_kwargs)
    except AWSAPIError as e:
        if not rejects_role(e, role_arns):
            raise
        raise ProtonAPIError(e, PROPAGATION_MESSAGE.format(
            roles=", ".join(role_arns), timeout=timeout, operation=e.operation, code=e.code, message=e.aws_message,
            timeout_option=timeout_option))
