"""The control API under /_emulator/: what tests use to inspect and steer the emulator.

    GET  /_emulator/calls   the call log: [{"service", "operation", "status", "account"}, ...]
    GET  /_emulator/user-agents  the User-Agent header of each call of the log, in the same order
    POST /_emulator/reset   forget all state (moto, Proton, SSO additions), the call log and faults
    GET  /_emulator/faults  the fault settings
    POST /_emulator/faults  change some: {"throttle_rate": 0.3, "error_rate": 0.05,
                            "iam_propagation_seconds": 20, "seed": 7, "proton_available": true,
                            "sso_async_polls": 1, "sso_async_seconds": 5, "sso_instance_enabled": true}

Not signed, never faulted, not in the call log.
"""

import json

from werkzeug.wrappers import Request, Response

from .faults import SettingsError

PREFIX = "/_emulator/"


def handle(app, environ, start_response):
    request = Request(environ)
    route = (request.method, request.path)
    if route == ("GET", PREFIX + "calls"):
        response = _json(app.calls.snapshot())
    elif route == ("GET", PREFIX + "user-agents"):
        response = _json(app.calls.user_agents())
    elif route == ("POST", PREFIX + "reset"):
        app.reset()
        response = _json({"reset": True})
    elif route == ("GET", PREFIX + "faults"):
        response = _json(app.faults.settings())
    elif route == ("POST", PREFIX + "faults"):
        response = _set_faults(app, request)
    else:
        response = _json({"error": "no such control endpoint: %s %s" % route}, status=404)
    return response(environ, start_response)


def _set_faults(app, request):
    try:
        changes = json.loads(request.get_data(as_text=True) or "{}")
        if not isinstance(changes, dict):
            raise SettingsError("expected a JSON object")
        return _json(app.faults.update(changes))
    except ValueError as error:  # malformed JSON or a SettingsError
        return _json({"error": str(error)}, status=400)


def _json(data, status=200):
    return Response(json.dumps(data), status=status, content_type="application/json")
