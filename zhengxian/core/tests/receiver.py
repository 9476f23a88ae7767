"""A local webhook receiver for tests: an HTTP server on 127.0.0.1 in a thread that answers
each POST with the next planned status and records what it got."""

from __future__ import annotations

import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    query: dict[str, str]
    body: dict[str, Any]


@dataclass
class Receiver:
    port: int
    plan: list[int]  # statuses to answer with, in order; 200 once the plan runs out
    received: list[Received] = field(default_factory=list)

    def url(self, path: str = "/robot/send?access_token=tok123") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@contextmanager
def receiver(plan: list[int]) -> Iterator[Receiver]:
    state = Receiver(port=0, plan=list(plan))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            parts = urllib.parse.urlsplit(self.path)
            # Keep ``sign`` as it came on the wire (URL-encoded), the rest decoded.
            query = dict(pair.split("=", 1) for pair in parts.query.split("&") if pair)
            state.received.append(Received(parts.path, query, body))
            status = state.plan.pop(0) if state.plan else 200
            answer = {"errcode": 0, "errmsg": "ok"} if status == 200 else {"errcode": 1}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def refused_url() -> str:
    """An address where nothing listens: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/robot/send?access_token=dead"


@contextmanager
def silent_url() -> Iterator[str]:
    """An address that accepts the connection and never answers: the request times out."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        yield f"http://127.0.0.1:{server.getsockname()[1]}/robot/send?access_token=mute"
