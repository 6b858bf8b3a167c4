"""The log of AWS requests served, so tests can assert what a run did (e.g. no writes on a rerun)."""

import threading


class CallLog:
    """An ordered, thread-safe list of {"service", "operation", "status", "account"} entries; the User-Agent
    header of each request is kept apart (``user_agents``), so that entries compare as before."""

    def __init__(self):
        self._lock = threading.Lock()
        self._calls = []
        self._user_agents = []

    def record(self, service, operation, status, account, user_agent=""):
        with self._lock:
            self._calls.append({"service": service, "operation": operation, "status": status, "account": account})
            self._user_agents.append(user_agent)

    def snapshot(self):
        with self._lock:
            return [dict(call) for call in self._calls]

    def user_agents(self):
        """The User-Agent header of each call, in the order of ``snapshot``."""
        with self._lock:
            return list(self._user_agents)

    def clear(self):
        with self._lock:
            self._calls.clear()
            self._user_agents.clear()
