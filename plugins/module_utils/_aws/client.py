# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sessions and clients: botocore's own retry modes, one error translation.

``AWSClient`` wraps a botocore client so that every call either returns the
response or raises ``AWSAPIError``. Throttling and 5xx errors are retried by
botocore (retry mode ``standard`` by default, or whatever AWS_RETRY_MODE /
AWS_MAX_ATTEMPTS or ``aws_config`` say). The one retry made here is IAM's
ConcurrentModification, which no botocore retry mode retries (``RETRIED_CONFLICTS``).

Sessions and clients are botocore's own: boto3 adds resources, S3 transfers and their imports (0.04 s of each
module process, docs/bench.md), none of which a client needs; its credential chain, config files and
environment variables are botocore's. botocore is imported when the first session is built
(``has_botocore``, ``build_session``), not with this file: the modules that make no AWS call
(``proton_role_policy``, ``aws_cli_profile``, ``template_policy``) then do not pay for the import.
"""

from __future__ import annotations

import os
import time

from importlib.util import find_spec

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import (
    AWSAPIError,
    ParameterError,
    ProtonCollectionError,
)
from ansible_collections.awsops.proton.plugins.module_utils._aws.waiters import retry_on

# Used when neither the environment (AWS_RETRY_MODE, AWS_MAX_ATTEMPTS) nor aws_config says otherwise.
# The collection's version (galaxy.yml's; a unit test keeps them equal). Every client sends
# "awsops.proton/<version>" in its User-Agent (botocore's user_agent_extra), so that CloudTrail's userAgent
# tells the collection's calls from others'.
COLLECTION_VERSION = "0.1.0"
USER_AGENT = "awsops.proton/" + COLLECTION_VERSION
DEFAULT_RETRY_MODE = "standard"
DEFAULT_MAX_ATTEMPTS = 10
# IAM, STS and Organizations are global: without a configured region their clients use us-east-1 (whose
# endpoints serve them). Identity Center, Identity Store and Proton are regional: no region is guessed for them.
DEFAULT_REGION = "us-east-1"
REGIONAL_SERVICES = frozenset(("sso-admin", "identitystore", "proton"))
# Errors a service answers, before applying the request, while other requests change the same object
# (IAM: HTTP 409 ConcurrentModification, "... Wait a few minutes and submit your request again."). No
# botocore retry mode retries them, so ``AWSClient.call`` does: the same call again after 0.5, 1, 2, 4, 8
# seconds..., for at most CONFLICT_RETRY_TIMEOUT seconds, then the error is raised as it came.
RETRIED_CONFLICTS = {"iam": ("ConcurrentModification",)}
CONFLICT_RETRY_TIMEOUT = 30
CONFLICT_RETRY_DELAY = 0.5

# Whether botocore is installed (found without importing it). ``has_botocore()`` also imports it, which is
# what ``AWSModule`` checks before its first call.
HAS_BOTOCORE = find_spec("botocore") is not None


def has_botocore():
    """Import botocore's session (once per process); whether that worked."""
    try:
        import botocore.session  # noqa: F401 pylint: disable=unused-import
    except ImportError:
        return False
    return True


def _user_retry_setting(session, name, variable):
    """Whether the user set ``name`` themselves: in the environment or in the profile's config file."""
    if os.environ.get(variable):
        return True
    from botocore.exceptions import BotoCoreError
    if session is None:
        return False
    try:
        return session.get_scoped_config().get(name) is not None
    except BotoCoreError:  # e.g. the profile does not exist: botocore reports that itself
        return False


def retry_config(session=None):
    """Retry settings for botocore's Config, leaving the user's own settings in charge.

    AWS_RETRY_MODE / AWS_MAX_ATTEMPTS, or retry_mode / max_attempts in the profile of
    ``session`` (when given), win over the defaults. ``total_max_attempts`` counts the
    first try, as AWS_MAX_ATTEMPTS does (botocore's Config ``max_attempts`` does not).
    """
    retries = {}
    if not _user_retry_setting(session, "retry_mode", "AWS_RETRY_MODE"):
        retries["mode"] = DEFAULT_RETRY_MODE
    if not _user_retry_setting(session, "max_attempts", "AWS_MAX_ATTEMPTS"):
        retries["total_max_attempts"] = DEFAULT_MAX_ATTEMPTS
    return retries


def build_session(params):
    """A botocore session from the connection options; unset options fall through to botocore's chain (the
    environment, the profile's config and credentials files, SSO, instance roles: what boto3 uses too)."""
    from botocore.exceptions import BotoCoreError
    from botocore.session import Session
    try:
        session = Session(profile=params.get("profile") or None)
        if params.get("access_key") or params.get("secret_key"):
            # A session token goes with the keys it was issued with. Without access_key, botocore's chain supplies
            # keys and token together (it reads AWS_SESSION_TOKEN and AWS_SECURITY_TOKEN, the variable AWX's AWS
            # credential sets): a token alone would make credentials whose access key is None.
            token = params.get("session_token") if params.get("access_key") else None
            session.set_credentials(params.get("access_key"), params.get("secret_key"), token or None)
        session.get_scoped_config()  # an unknown profile fails here, before any client is made
        session.register_component("data_loader", _data_loader(session.get_config_variable("data_path")))
    except BotoCoreError as e:
        raise ProtonCollectionError("Cannot create an AWS session: {0}".format(e))
    return session


def _data_loader(data_path):
    """botocore's data loader (``botocore.loaders.create_loader``, the same search path) that checks a service name
    by looking at that service's directory: botocore's own lists all of its 400-odd services' directories, once
    per kind of file, before loading one model (0.015 s of each module process, docs/bench.md)."""
    from botocore.exceptions import DataNotFoundError
    from botocore.loaders import Loader

    class Services:
        """What ``list_available_services`` returns: ``in`` looks at one service's directory; anything else
        (iteration, length, indexing: ``session.get_available_services()``) uses botocore's full, sorted list."""

        def __init__(self, loader, type_name):
            self._loader, self._type_name, self._all = loader, type_name, None

        def __contains__(self, service_name):
            try:
                return bool(self._loader.list_api_versions(service_name, self._type_name))
            except DataNotFoundError:
                return False

        def _list(self):
            if self._all is None:
                self._all = Loader.list_available_services(self._loader, self._type_name)
            return self._all

        def __iter__(self):
            return iter(self._list())

        def __len__(self):
            return len(self._list())

        def __getitem__(self, index):
            return self._list()[index]

        def __eq__(self, other):
            return self._list() == list(other)

        def __repr__(self):
            return repr(self._list())

    class ServiceLoader(Loader):
        def list_available_services(self, type_name):
            return Services(self, type_name)

    paths = [os.path.expanduser(os.path.expandvars(path)) for path in data_path.split(os.pathsep)] if data_path else []
    return ServiceLoader(extra_search_paths=paths)


def resolve_region(session, params, service=None):
    """The region option, else the environment's or the profile's; for a global service, else us-east-1. A
    regional service without a configured region is a ``ParameterError`` naming the option."""
    region = params.get("region") or session.get_config_variable("region")
    if region:
        return region
    if service in REGIONAL_SERVICES:
        raise ParameterError("region", "{0} is a regional service and no region is configured: set the region option "
                             "(in the collection's roles: admin_user_sso_region for IAM Identity Center), AWS_REGION or "
                             "AWS_DEFAULT_REGION, or the profile's region; no region is guessed".format(service))
    return DEFAULT_REGION


def build_client(session, service, params):
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError
    config_kwargs = dict(params.get("aws_config") or {})
    retries = dict(retry_config(session))
    user_retries = config_kwargs.pop("retries", None) or {}
    if "max_attempts" in user_retries or "total_max_attempts" in user_retries:
        retries.pop("total_max_attempts", None)  # botocore would prefer it over the user's max_attempts
    retries.update(user_retries)
    # The user's own user_agent_extra (aws_config) comes first; the collection's is always there.
    config_kwargs["user_agent_extra"] = " ".join(x for x in (config_kwargs.get("user_agent_extra"), USER_AGENT) if x)
    config = Config(retries=retries, **config_kwargs) if retries else Config(**config_kwargs)
    verify = params.get("validate_certs", True)
    if verify and params.get("aws_ca_bundle"):
        verify = params["aws_ca_bundle"]
    kwargs = dict(region_name=resolve_region(session, params, service), config=config, verify=verify)
    if params.get("endpoint_url"):
        kwargs["endpoint_url"] = params["endpoint_url"]
    try:
        return AWSClient(session.create_client(service, **kwargs), service)
    except (BotoCoreError, ValueError) as e:
        raise ProtonCollectionError("Cannot create the {0} client: {1}".format(service, e))


class AWSClient:
    """A botocore client whose calls raise ``AWSAPIError``; operations are named as in the API."""

    def __init__(self, client, service, sleep=time.sleep, clock=time.monotonic):
        from botocore import xform_name
        from botocore.exceptions import BotoCoreError, ClientError
        self.raw = client
        self.service = service
        self.region = client.meta.region_name
        self._xform_name = xform_name
        self._client_error = ClientError
        self._errors = (ClientError, BotoCoreError)
        self._conflicts = RETRIED_CONFLICTS.get(service, ())
        self._sleep = sleep
        self._clock = clock

    def call(self, operation, **kwargs):
        """Call an API operation by its AWS name, e.g. ``call("CreateRole", RoleName=...)``."""
        method = getattr(self.raw, self._xform_name(operation))

        def attempt():
            try:
                return method(**kwargs)
            except self._errors as e:
                raise self._translate(operation, e)

        if not self._conflicts:
            return attempt()
        return retry_on(attempt, self._conflicts, CONFLICT_RETRY_TIMEOUT, initial_delay=CONFLICT_RETRY_DELAY,
                        sleep=self._sleep, clock=self._clock)

    def paginate(self, operation, result_key, **kwargs):
        """All items of ``result_key`` over every page of a paginated operation."""
        paginator = self.raw.get_paginator(self._xform_name(operation))
        items = []
        try:
            for page in paginator.paginate(**kwargs):
                items.extend(page.get(result_key, []))
        except self._errors as e:
            raise self._translate(operation, e)
        return items

    def _translate(self, operation, exc):
        if isinstance(exc, self._client_error):
            error = exc.response.get("Error", {})
            return AWSAPIError(operation, error.get("Code", "Unknown"), error.get("Message", str(exc)),
                               status=exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                               service=self.service)
        # Connection failures, timeouts, missing credentials: no AWS error code to report.
        return AWSAPIError(operation, type(exc).__name__, str(exc), service=self.service)

    def get_or_none(self, operation, not_found_codes=("NoSuchEntity", "ResourceNotFoundException"), **kwargs):
        """The response, or None when AWS says the resource does not exist."""
        try:
            return self.call(operation, **kwargs)
        except AWSAPIError as e:
            if e.is_code(*not_found_codes):
                return None
            raise
