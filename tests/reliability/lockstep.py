"""A proxy in front of the emulator that makes two concurrent runs collide on every write.

Two runs started together rarely race for real: one drifts a few seconds ahead and the other just
finds everything made. This proxy holds each write call of one run (runs are told apart by their
access key id; both keys act in the same account) until the other run sends the same call (same
operation, same body), then forwards the two one after the other. Both runs have read the state
before either writes, as when two people run setup.yml at the same moment, so the second create of
each pair meets EntityAlreadyExists / ConflictException and must re-read instead of failing.

A write the other run never sends (the loser of a race may have nothing left to do) goes on alone
after ``pair_timeout`` seconds. Requests are forwarded unchanged (the emulator does not check
signatures); reads pass straight through.
"""

import http.client
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from harness import is_write

ACCESS_KEY = re.compile(r"Credential=([A-Z0-9]+)/")
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "te", "trailer", "upgrade"}


class _Waiting:
    def __init__(self, run):
        self.run = run
        self.paired = False
        self.forwarded = threading.Event()


class LockstepProxy:
    """``with LockstepProxy(emulator_url) as proxy:`` point both runs at ``proxy.url``."""

    def __init__(self, target_url, pair_timeout=10.0):
        target = urlsplit(target_url)
        self._target = (target.hostname, target.port)
        self._pair_timeout = pair_timeout
        self._cond = threading.Condition()
        self._waiting = {}
        self.pairs = 0
        self.unpaired = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 (http.server's naming)
                proxy._handle(self)

            do_GET = do_PUT = do_DELETE = do_POST  # noqa: N815

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = "http://127.0.0.1:{0}".format(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        operation = _operation(handler.headers, body)
        match = ACCESS_KEY.search(handler.headers.get("Authorization", ""))
        run = match.group(1) if match else ""
        if operation and is_write(operation):
            key = (handler.path, handler.headers.get("X-Amz-Target", ""), body)
            first, entry = self._arrive(run, key)
            if first:
                try:
                    response = self._forward(handler, body)
                finally:
                    entry.forwarded.set()
            else:
                entry.forwarded.wait(60)
                response = self._forward(handler, body)
        else:
            response = self._forward(handler, body)
        status, reason, headers, data = response
        handler.send_response(status, reason)
        for name, value in headers:
            if name.lower() not in HOP_HEADERS and name.lower() != "content-length":
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _arrive(self, run, key):
        """``(True, entry)`` for the first of a pair (or a write left alone), ``(False, partner's entry)``
        for the second, which must wait until the first has been forwarded."""
        with self._cond:
            entry = self._waiting.get(key)
            if entry is not None and entry.run != run and not entry.paired:
                entry.paired = True
                del self._waiting[key]
                self.pairs += 1
                self._cond.notify_all()
                return False, entry
            entry = _Waiting(run)
            self._waiting[key] = entry
            deadline = time.monotonic() + self._pair_timeout
            while not entry.paired and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            if not entry.paired:
                if self._waiting.get(key) is entry:
                    del self._waiting[key]
                self.unpaired += 1
            return True, entry

    def _forward(self, handler, body):
        connection = http.client.HTTPConnection(*self._target, timeout=120)
        try:
            headers = {name: value for name, value in handler.headers.items() if name.lower() not in HOP_HEADERS}
            connection.request(handler.command, handler.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.reason, response.getheaders(), response.read()
        finally:
            connection.close()


def _operation(headers, body):
    """The API operation: X-Amz-Target's suffix (JSON protocols) or the query's Action (IAM, STS)."""
    target = headers.get("X-Amz-Target")
    if target:
        return target.rsplit(".", 1)[-1]
    if body:
        action = parse_qs(body.decode("utf-8", "replace")).get("Action")
        if action:
            return action[0]
    return None
