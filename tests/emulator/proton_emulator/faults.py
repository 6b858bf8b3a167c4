"""Fault injection: throttling, server errors, IAM propagation delay, Proton's end of service,
IAM Identity Center's asynchronous requests and presence of an instance, and Organizations' paging.

Real AWS throttles, fails transiently and is eventually consistent; code that only ever met a
perfect endpoint has never exercised its retries. The settings can be changed at run time through
the control API and start from EMULATOR_* environment variables. With a seed the sequence of
injected faults is reproducible: one random draw per AWS request, under a lock.
"""

import random
import threading

ENVIRONMENT = {
    "throttle_rate": "EMULATOR_THROTTLE_RATE",
    "error_rate": "EMULATOR_ERROR_RATE",
    "iam_concurrent_rate": "EMULATOR_IAM_CONCURRENT_RATE",
    "iam_propagation_seconds": "EMULATOR_IAM_PROPAGATION_SECONDS",
    "seed": "EMULATOR_SEED",
    "proton_available": "EMULATOR_PROTON_AVAILABLE",
    "sso_async_polls": "EMULATOR_SSO_ASYNC_POLLS",
    "sso_async_seconds": "EMULATOR_SSO_ASYNC_SECONDS",
    "sso_instance_enabled": "EMULATOR_SSO_INSTANCE_ENABLED",
    "organizations_page_size": "EMULATOR_ORGANIZATIONS_PAGE_SIZE",
    "organizations_empty_pages": "EMULATOR_ORGANIZATIONS_EMPTY_PAGES",
}

DEFAULTS = {
    "throttle_rate": 0.0,
    "error_rate": 0.0,
    # That fraction of IAM write requests answers 409 ConcurrentModification (a second draw, made only
    # for IAM writes the first draw let through, and only while the rate is not 0).
    "iam_concurrent_rate": 0.0,
    "iam_propagation_seconds": 0.0,
    "seed": None,
    "proton_available": True,
    # IAM Identity Center's asynchronous requests (account assignment creation and deletion, permission
    # set provisioning) answer IN_PROGRESS, then SUCCEEDED on the status read after `sso_async_polls`
    # reads that said IN_PROGRESS, or once `sso_async_seconds` have passed, whichever comes first
    # (see sso_extra). 0 polls: the first status read says SUCCEEDED; 0 seconds: requests complete
    # at once (the answer to the request itself still says IN_PROGRESS, as AWS's always does).
    "sso_async_polls": 1,
    "sso_async_seconds": 5.0,
    # False: no account has an IAM Identity Center instance (ListInstances answers none).
    "sso_instance_enabled": True,
    # Organizations' listings (organizations_extra): at most this many items per page whatever
    # MaxResults says (0: MaxResults alone decides), and whether each listing's first page is empty
    # but carries a NextToken (AWS documents that a page can be empty while more results follow).
    "organizations_page_size": 0,
    "organizations_empty_pages": False,
}

THROTTLE = "throttle"


class SettingsError(ValueError):
    """A fault setting with a wrong name or value."""


class Faults:
    """The current fault settings and the random source that applies them."""

    def __init__(self, settings=None):
        self._lock = threading.Lock()
        self._settings = dict(DEFAULTS)
        self._random = random.Random()
        self.update(settings or {})

    @classmethod
    def from_environment(cls, environ):
        return cls({key: environ[name] for key, name in ENVIRONMENT.items() if environ.get(name, "") != ""})

    def settings(self):
        with self._lock:
            return dict(self._settings)

    def update(self, changes):
        """Apply some settings (strings allowed, as from the environment); a given seed restarts the sequence."""
        checked = {key: _parse(key, value) for key, value in changes.items()}
        with self._lock:
            self._settings.update(checked)
            if "seed" in checked:
                self._random = random.Random(checked["seed"])
            return dict(self._settings)

    def reset(self):
        """Back to no faults at all (not to the environment's settings)."""
        with self._lock:
            self._settings = dict(DEFAULTS)
            self._random = random.Random()

    def draw(self):
        """Decide the fate of one AWS request: None (serve it), THROTTLE, or an HTTP status (500/503)."""
        with self._lock:
            throttle, error = self._settings["throttle_rate"], self._settings["error_rate"]
            if not throttle and not error:
                return None
            roll = self._random.random()
            if roll < throttle:
                return THROTTLE
            if roll < throttle + error:
                return self._random.choice((500, 503))
            return None

    def iam_concurrent(self):
        """Whether an IAM write request gets ConcurrentModification (a draw only when the rate is not 0)."""
        with self._lock:
            rate = self._settings["iam_concurrent_rate"]
            return bool(rate) and self._random.random() < rate


def _parse(key, value):
    if key not in DEFAULTS:
        raise SettingsError("unknown fault setting %r (known: %s)" % (key, ", ".join(sorted(DEFAULTS))))
    try:
        if key in ("throttle_rate", "error_rate", "iam_concurrent_rate"):
            number = float(value)
            if not 0.0 <= number <= 1.0:
                raise ValueError
            return number
        if key in ("iam_propagation_seconds", "sso_async_seconds"):
            number = float(value)
            if number < 0:
                raise ValueError
            return number
        if key == "seed":
            return None if value is None else int(value)
        if key in ("sso_async_polls", "organizations_page_size"):
            return _count(value)
        return _boolean(value)
    except (TypeError, ValueError):
        raise SettingsError("invalid value %r for %s" % (value, key))


def _count(value):
    """A whole number >= 0 (a bool is not one; "3" from the environment is)."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def _boolean(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(value)
