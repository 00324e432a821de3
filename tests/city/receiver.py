"""A small NGSI-LD context broker stand-in on 127.0.0.1 (http.server) for the feed tests.

It implements only batch upsert: ``POST /ngsi-ld/v1/entityOperations/upsert?options=update`` stores the
entities by id (a real upsert: same id twice is one entity) and answers 204. ``mode`` makes it refuse
(503) to simulate a broker that is up but unhealthy; :meth:`stop` closes the socket entirely.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class Receiver:
    def __init__(self, port: int = 0, token: str = "Bearer s3cret") -> None:
        self.entities: dict[str, dict[str, Any]] = {}
        self.accepted: list[str] = []  # entity ids of every accepted request, in order
        self.requests: list[dict[str, Any]] = []
        self.mode = "up"
        self.token = token
        self._lock = threading.Lock()
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> Receiver:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with owner._lock:
                    owner.requests.append(
                        {
                            "path": parts.path,
                            "query": parse_qs(parts.query),
                            "headers": dict(self.headers.items()),
                        }
                    )
                    mode = owner.mode
                if parts.path != "/ngsi-ld/v1/entityOperations/upsert":
                    self.send_response(404)
                    self.end_headers()
                    return
                if self.headers.get("Authorization") != owner.token:
                    self.send_response(401)
                    self.end_headers()
                    return
                if mode != "up":
                    self.send_response(503)
                    self.end_headers()
                    self.wfile.write(b"maintenance")
                    return
                entities = json.loads(body)
                with owner._lock:
                    for e in entities:
                        owner.entities[e["id"]] = e
                        owner.accepted.append(e["id"])
                self.send_response(204)
                self.end_headers()

        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.allow_reuse_address = True
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
