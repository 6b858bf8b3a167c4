"""The AWS wire protocols the emulator speaks: reading a request, writing responses and errors.

Every request is classified by its SigV4 credential scope (`Credential=AKID/date/region/SERVICE/...`):
the signing name picks the service, the access key picks the account. Two protocols are involved:
query (IAM, STS: form-encoded request, XML response) and JSON (SSO Admin, Identity Store,
Organizations 1.1; Proton 1.0: operation in `X-Amz-Target`).
"""

import functools
import io
import json
import re
import uuid
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

import botocore.session
from werkzeug.wrappers import Response


class Service:
    """A service the emulator serves, named by its signing name."""

    def __init__(self, signing_name, model_name, moto_response=None):
        self.signing_name = signing_name
        self.model_name = model_name
        # "module:Class" of moto's response handler, whose methods are the operations moto implements.
        self.moto_response = moto_response

    @property
    def model(self):
        return service_model(self.model_name)

    @property
    def is_query(self):
        return self.model.protocol == "query"

    def operation_model(self, operation):
        """botocore's model of `operation`, or None when the service has no such operation."""
        if operation not in self.model.operation_names:
            return None
        return self.model.operation_model(operation)


SERVICES = {
    service.signing_name: service
    for service in (
        Service("iam", "iam", "moto.iam.responses:IamResponse"),
        Service("sts", "sts", "moto.sts.responses:TokenResponse"),
        Service("sso", "sso-admin", "moto.ssoadmin.responses:SSOAdminResponse"),
        Service("identitystore", "identitystore", "moto.identitystore.responses:IdentityStoreResponse"),
        Service("organizations", "organizations", "moto.organizations.responses:OrganizationsResponse"),
        Service("proton", "proton"),
    )
}


@functools.lru_cache(maxsize=None)
def service_model(name):
    return _botocore_session().get_service_model(name)


@functools.lru_cache(maxsize=None)
def _botocore_session():
    return botocore.session.get_session()


class ApiError(Exception):
    """An AWS error answer. `status` None means: the status the service's model gives this code."""

    def __init__(self, code, message, status=None, **fields):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields


class AwsRequest:
    """What the emulator needs to know about one AWS API request."""

    _SCOPE = re.compile(r"Credential=([^/,\s]+)/[^/]*/([^/]*)/([^/]*)/aws4_request")

    def __init__(self, environ):
        self.body = _read_body(environ)
        self.user_agent = environ.get("HTTP_USER_AGENT", "")
        scope = self._SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
        self.access_key, self.region, signing_name = scope.groups() if scope else (None, "us-east-1", None)
        target = environ.get("HTTP_X_AMZ_TARGET")
        self.form = {}
        if target:
            self.operation = target.rpartition(".")[2]
        else:
            self.form = _form_params(environ, self.body)
            self.operation = self.form.get("Action")
        self.signing_name = signing_name or _unsigned_service(target, self.form) or "unknown"
        self.service = SERVICES.get(self.signing_name)
        self.request_id = str(uuid.uuid4())

    def json_params(self):
        """The JSON body as a dict; malformed JSON is AWS's SerializationException."""
        if not self.body.strip():
            return {}
        try:
            params = json.loads(self.body)
        except ValueError:
            raise ApiError("SerializationException", "Malformed JSON request body")
        if not isinstance(params, dict):
            raise ApiError("SerializationException", "Start of array or value found where an object was expected")
        return params


def _read_body(environ):
    """Read the request body and put it back, so moto can read it again."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def replace_body(environ, body):
    """Hand moto a rewritten request body."""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


def _form_params(environ, body):
    params = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return params


def _unsigned_service(target, form):
    """The signing name of an unsigned request (e.g. sts AssumeRoleWithWebIdentity), from the model."""
    for service in SERVICES.values():
        metadata = service.model.metadata
        if target and target.partition(".")[0] == metadata.get("targetPrefix"):
            return service.signing_name
        if form.get("Version") == metadata.get("apiVersion") and form.get("Action") in service.model.operation_names:
            return service.signing_name
    return None


# --- query protocol (IAM, STS) ---------------------------------------------------------------------

def query_to_params(shape, flat):
    """Rebuild the nested input of a query request (`Tags.member.1.Key=...`) following `shape`.

    This mirrors botocore's QuerySerializer. Scalars are typed where the text allows; what does not
    convert stays a string, for the validator to report.
    """
    params = _from_query(shape, flat, "") if shape is not None else None
    return params if isinstance(params, dict) else {}


_MISSING = object()


def _from_query(shape, flat, prefix):
    kind = shape.type_name
    if kind == "structure":
        if prefix and not any(key.startswith(prefix + ".") for key in flat):
            return _MISSING
        result = {}
        for name, member in shape.members.items():
            key = _query_key(prefix, member.serialization.get("name", name))
            value = _from_query(member, flat, key)
            if value is not _MISSING:
                result[name] = value
        return result
    if kind == "list":
        if flat.get(prefix) == "":
            return []
        if shape.serialization.get("flattened"):
            item_prefix = prefix
        else:
            item_prefix = prefix + "." + shape.member.serialization.get("name", "member")
        return _collect(flat, item_prefix, lambda item_key: _from_query(shape.member, flat, item_key))
    if kind == "map":
        entry_prefix = prefix if shape.serialization.get("flattened") else prefix + ".entry"
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        entries = _collect(flat, entry_prefix, lambda entry: (
            _from_query(shape.key, flat, entry + "." + key_name),
            _from_query(shape.value, flat, entry + "." + value_name)))
        return _MISSING if entries is _MISSING else dict(entries)
    if prefix not in flat:
        return _MISSING
    return _typed(kind, flat[prefix])


def _collect(flat, item_prefix, read):
    items = []
    index = 1
    while any(key == "%s.%d" % (item_prefix, index) or key.startswith("%s.%d." % (item_prefix, index))
              for key in flat):
        items.append(read("%s.%d" % (item_prefix, index)))
        index += 1
    return items if items else _MISSING


def _query_key(prefix, name):
    return prefix + "." + name if prefix else name


def _typed(kind, text):
    if kind in ("integer", "long") and re.fullmatch(r"-?\d+", text):
        return int(text)
    if kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


# --- responses -------------------------------------------------------------------------------------

def json_response(service, request_id, data, status=200):
    return Response(json.dumps(data), status=status, headers=_json_headers(service, request_id))


def error_response(service, request_id, error):
    """Render `error` in the service's own protocol, with the HTTP status AWS uses for its code."""
    status = error.status or _modeled_status(service.model_name, error.code)
    if service.is_query:
        body = (
            '<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>'
            "<RequestId>%s</RequestId></ErrorResponse>" % (
                service.model.metadata["xmlNamespace"], "Sender" if status < 500 else "Receiver",
                escape(error.code), escape(error.message), request_id))
        return Response(body, status=status, headers={"Content-Type": "text/xml", "x-amzn-RequestId": request_id})
    body = {"__type": error.code, _message_key(service.model_name, error.code): error.message}
    body.update(error.fields)
    headers = _json_headers(service, request_id)
    headers["x-amzn-ErrorType"] = error.code
    return Response(json.dumps(body), status=status, headers=headers)


def _json_headers(service, request_id):
    version = service.model.metadata.get("jsonVersion", "1.0")
    return {"Content-Type": "application/x-amz-json-" + version, "x-amzn-RequestId": request_id}


@functools.lru_cache(maxsize=None)
def _modeled_errors(model_name):
    """Map each error code of the model to its error shape."""
    model = service_model(model_name)
    errors = {}
    for name in model.shape_names:
        shape = model.shape_for(name)
        if shape.metadata.get("exception"):
            errors[shape.metadata.get("error", {}).get("code", name)] = shape
    return errors


def _modeled_status(model_name, code):
    shape = _modeled_errors(model_name).get(code)
    return shape.metadata.get("error", {}).get("httpStatusCode", 400) if shape is not None else 400


@functools.lru_cache(maxsize=None)
def _message_key(model_name, code):
    """`message` or `Message`: what the model's error shapes call it (botocore reads either)."""
    errors = _modeled_errors(model_name)
    shapes = [errors[code]] if code in errors else list(errors.values())
    for shape in shapes:
        for member in shape.members:
            if member.lower() == "message":
                return member
    return "message"
