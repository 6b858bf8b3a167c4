"""The emulator's WSGI application: one endpoint for every service, moto behind it.

Each AWS request goes through, in order:
1. classification by SigV4 credential scope (service, region) and access key (account, as moto maps
   credentials from sts AssumeRole into the role's account);
2. fault injection, before anything reads or changes state;
3. unknown or unimplemented operations: a non-retryable error (moto would answer 500, which
   botocore retries for seconds);
4. validation of the input against botocore's model;
5. Proton: our backend; IAM: the checks of iam_strict; STS: sts_strict; IAM Identity Center: sso_extra and
   identitystore_extra; Organizations: organizations_extra (its own validation answers, callers, listings);
6. moto, for everything else.
Requests under /_emulator/ are the control API (control.py): unsigned, never faulted or logged.
"""

import importlib
import json
import logging

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.utils import camelcase_to_underscores, utcnow
from moto.iam.exceptions import IAMException
from moto.iam.models import iam_backends
from moto.identitystore.models import identitystore_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.ssoadmin.models import ssoadmin_backends
from moto.utilities.utils import get_partition
from werkzeug.wrappers import Response

from . import control, iam_strict, moto_patches, sts_strict
from .calllog import CallLog
from .faults import THROTTLE
from .testing import is_write
from .identitystore_extra import IdentityStoreExtras
from .organizations_extra import OrganizationsExtras
from .protocol import ApiError, AwsRequest, error_response, json_response, query_to_params, replace_body
from .proton import ProtonBackend, unavailable_error
from .sso_extra import SsoExtras
from .validation import validate

LOG = logging.getLogger("proton_emulator")

# Services whose requests are checked against botocore's model before moto sees them (Proton's always
# are). Organizations' are too, by organizations_extra: AWS answers them with InvalidInputException and a Reason.
VALIDATED_SERVICES = frozenset(("iam", "sts", "sso", "identitystore"))


class EmulatorApp:
    """WSGI callable serving the AWS APIs and the control API."""

    def __init__(self, faults):
        moto_patches.apply()
        self.faults = faults
        self.calls = CallLog()
        self.proton = ProtonBackend(self._role_visible)
        self.sso = SsoExtras(faults)
        self.identitystore = IdentityStoreExtras()
        self.organizations = OrganizationsExtras(faults)
        self._moto = DomainDispatcherApplication(create_backend_app)

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(control.PREFIX):
            return control.handle(self, environ, start_response)
        request = AwsRequest(environ)
        account = DEFAULT_ACCOUNT_ID
        if request.access_key:
            account = moto_patches.account_of_access_key(request.access_key)
        recorder = _StatusRecorder(start_response)
        try:
            if request.service is None:
                return _unknown_service(request)(environ, recorder)
            try:
                return self._serve(request, account, environ, recorder)
            except ApiError as error:
                return error_response(request.service, request.request_id, error)(environ, recorder)
            except Exception:
                LOG.exception("emulator failure on %s %s", request.signing_name, request.operation)
                error = ApiError("InternalFailure", "The emulator failed; see its log", status=500)
                return error_response(request.service, request.request_id, error)(environ, recorder)
        finally:
            self.calls.record(request.signing_name, request.operation, recorder.status, account, request.user_agent)
            LOG.info("%s %s %s account=%s", request.signing_name, request.operation, recorder.status, account)

    def reset(self):
        """Forget all state of all accounts: moto's, Proton's, the SSO additions', and the call log."""
        moto_patches.reset_all_backends()
        self.proton.reset()
        self.sso.reset()
        self.identitystore.reset()
        self.calls.clear()
        self.faults.reset()

    def _serve(self, request, account, environ, start_response):
        service, operation = request.service, request.operation
        self._inject_fault(service, operation)
        operation_model = service.operation_model(operation)
        if service.signing_name == "proton":
            output = self._serve_proton(request, account, operation_model)
            return json_response(service, request.request_id, output)(environ, start_response)
        if operation_model is None or not self._implements(service, operation):
            raise _unimplemented(service, operation)
        if service.signing_name == "organizations":
            output = self.organizations.handle(account, request.region, operation, operation_model,
                                               request.json_params())
            if output is not None:
                return json_response(service, request.request_id, output)(environ, start_response)
            return self._moto(environ, start_response)
        if service.signing_name not in VALIDATED_SERVICES:
            return self._moto(environ, start_response)
        params = self._validated_params(service, request, operation_model)
        if service.signing_name == "sso":
            backend = ssoadmin_backends[account][request.region]
            return self._serve_extra(self.sso, backend, request, params, environ, start_response)
        if service.signing_name == "iam":
            iam_strict.check(iam_backends[account][get_partition(request.region)], operation, params)
        elif service.signing_name == "sts":
            sts_strict.check(request.access_key, account, request.region, operation, params)
        elif service.signing_name == "identitystore":
            self.sso.check_identity_store(ssoadmin_backends[account][request.region], params)
            backend = identitystore_backends[account][request.region]
            return self._serve_extra(self.identitystore, backend, request, params, environ, start_response)
        return self._moto(environ, start_response)

    def _serve_proton(self, request, account, operation_model):
        if not self.faults.settings()["proton_available"]:
            raise unavailable_error()
        if operation_model is None or not self.proton.implements(request.operation):
            raise _unimplemented(request.service, request.operation)
        params = self._validated_params(request.service, request, operation_model)
        return self.proton.handle(account, request.region, request.operation, params)

    def _serve_extra(self, extras, backend, request, params, environ, start_response):
        """An operation of sso_extra or identitystore_extra (`extras`), or moto's with their follow-ups."""
        if extras.implements(request.operation):
            output = extras.handle(backend, request.operation, params, request.access_key)
            return json_response(request.service, request.request_id, output)(environ, start_response)
        moto_params = extras.before(backend, request.operation, params, request.access_key)
        if moto_params is not params:
            replace_body(environ, json.dumps(moto_params).encode())
        body = self._moto(environ, start_response)
        if 200 <= start_response.status < 300:
            extras.after(backend, request.operation, moto_params)
        return body

    def _inject_fault(self, service, operation):
        fault = self.faults.draw()
        if fault is None and service.signing_name == "iam" and is_write(operation) and self.faults.iam_concurrent():
            raise ApiError("ConcurrentModification", "The request was rejected because multiple requests to change "
                           "this object were submitted simultaneously. Wait a few minutes and submit your request "
                           "again.", status=409)
        if fault == THROTTLE:
            code = "Throttling" if service.is_query else (
                "TooManyRequestsException" if service.signing_name == "organizations" else "ThrottlingException")
            raise ApiError(code, "Rate exceeded", status=400)
        if fault == 500:
            raise ApiError("InternalFailure", "We encountered an internal error. Please try again.", status=500)
        if fault == 503:
            raise ApiError("ServiceUnavailable", "Service is unavailable. Please try again.", status=503)

    def _validated_params(self, service, request, operation_model):
        """The request's input as a dict, after the checks AWS's front end makes."""
        if service.is_query:
            flat = {key: value for key, value in request.form.items() if key not in ("Action", "Version")}
            params = query_to_params(operation_model.input_shape, flat)
        else:
            params = request.json_params()
        problems = validate(operation_model.input_shape, params)
        if problems.type_errors:
            code = "ValidationError" if service.is_query else "SerializationException"
            raise ApiError(code, problems.type_errors[0], status=400)
        if problems.constraint_errors:
            code = "ValidationError" if service.is_query else "ValidationException"
            raise ApiError(code, problems.constraint_message(), status=400)
        return params

    def _implements(self, service, operation):
        """Whether moto (its response class has a method for it) or sso_extra/identitystore_extra serves it."""
        extras = {"sso": self.sso, "identitystore": self.identitystore}.get(service.signing_name)
        if extras is not None and extras.implements(operation):
            return True
        module_name, _, class_name = service.moto_response.partition(":")
        response_class = getattr(importlib.import_module(module_name), class_name)
        return callable(getattr(response_class, camelcase_to_underscores(operation), None))

    def _role_visible(self, account, region, arn):
        """Whether Proton sees the role: it exists in the account and IAM has propagated it."""
        try:
            role = iam_backends[account][get_partition(region)].get_role_by_arn(arn)
        except IAMException:
            return False
        age = (utcnow() - role.create_date).total_seconds()
        return age >= self.faults.settings()["iam_propagation_seconds"]


class _StatusRecorder:
    """start_response that remembers the HTTP status, for the call log and moto follow-ups."""

    def __init__(self, start_response):
        self._start_response = start_response
        self.status = 500

    def __call__(self, status, headers, exc_info=None):
        self.status = int(status.split()[0])
        return self._start_response(status, headers, exc_info)


def _unimplemented(service, operation):
    """A 400 that botocore's retry modes do not retry: moto answers what it lacks with a 500, which
    botocore retries for seconds before the caller learns the emulator does not cover the operation."""
    message = "The local AWS emulator does not implement %s %s" % (service.model_name, operation)
    if service.is_query:
        return ApiError("InvalidAction", message, status=400)
    return ApiError("UnknownOperationException", message, status=400)


def _unknown_service(request):
    message = "The local AWS emulator does not serve the service signed as %r" % request.signing_name
    body = {"__type": "UnknownServiceException", "message": message}
    return Response(json.dumps(body), status=400, headers={
        "Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": "UnknownServiceException",
        "x-amzn-RequestId": request.request_id})
