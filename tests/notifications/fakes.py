"""A local HTTP server standing in for Zalo, a push service and an SMS gateway: it records every
request and answers what the test queued (a status and body, a delay for timeouts)."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: Any  # http.client.HTTPMessage: case-insensitive lookups
    body: bytes

    def json(self):
        return json.loads(self.body or b"{}")


@dataclass
class FakeServer:
    requests: list[Recorded] = field(default_factory=list)
    answers: deque = field(default_factory=deque)
    default: tuple[int, bytes, dict] = (200, b'{"ok": true, "result": {}}', {})

    def answer(
        self, status: int = 200, body: bytes | dict = b"{}", *, delay: float = 0, headers=None, times=1
    ):
        payload = json.dumps(body).encode() if isinstance(body, dict) else body
        for _ in range(times):
            self.answers.append((status, payload, delay, headers or {}))

    def start(self) -> FakeServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.requests.append(
                    Recorded(self.command, self.path, self.headers, body)
                )  # case-insensitive
                status, payload, delay, headers = (
                    fake.answers.popleft() if fake.answers else (*fake.default[:2], 0, fake.default[2])
                )
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _handle

            def log_message(self, *args):  # keep test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
