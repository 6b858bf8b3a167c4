"""The log of AWS requests served, so tests can assert what a run did (e.g. no writes on a rerun)."""

import threading


class CallLog:
    """An ordered, thread-safe list of {"service", "operation", "status", "account"} entries."""

    def __init__(self):
        self._lock = threading.Lock()
        self._calls = []

    def record(self, service, operation, status, account):
        with self._lock:
            self._calls.append({"service": service, "operation": operation, "status": status, "account": account})

    def snapshot(self):
        with self._lock:
            return [dict(call) for call in self._calls]

    def clear(self):
        with self._lock:
            self._calls.clear()
