"""Core layer (Qt-free): a small HTTP endpoint for payment webhooks (VietQR aggregator, Stripe).

Routes map a path to a provider's ``handle_webhook(untrusted_body, headers) -> (status, json)``. Coded
errors become 401 (bad signature) or 400 (malformed) with the code in the JSON body; the sender retries
on anything but 2xx. It runs on its own threads (``ThreadingHTTPServer``), never on a GUI thread.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from shared.errors import CitadelError

WebhookHandler = Callable[[bytes, Mapping[str, str]], tuple[int, dict[str, Any]]]
MAX_BODY = 256 * 1024  # aggregator notifications are a few hundred bytes


class WebhookServer:
    """``WebhookServer({"/webhooks/sepay": provider.handle_webhook}, host, port).start()``."""

    def __init__(
        self,
        routes: Mapping[str, WebhookHandler],
        host: str = "127.0.0.1",
        port: int = 0,
        on_error: Callable[[CitadelError], None] | None = None,
    ) -> None:
        self.routes = dict(routes)
        self.on_error = on_error
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # callers log through on_error; the default writes to stderr

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                route = server.routes.get(self.path.split("?", 1)[0])
                if route is None:
                    self._reply(404, {"success": False, "error": "not_found"})
                    return
                try:
                    length = int(self.headers.get("Content-Length") or 0)
                except ValueError:
                    length = -1
                if length < 0 or length > MAX_BODY:
                    self._reply(413, {"success": False, "error": "payment_webhook_malformed"})
                    return
                untrusted_body = self.rfile.read(length)
                try:
                    status, body = route(untrusted_body, dict(self.headers.items()))
                except CitadelError as exc:
                    if server.on_error is not None:
                        server.on_error(exc)
                    status = 401 if exc.code == "payment_webhook_bad_signature" else 400
                    body = {"success": False, "error": exc.code}
                self._reply(status, body)

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> WebhookServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.1,), name="payment-webhooks", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
