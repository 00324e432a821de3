"""A stateful **emulator** of the parts of the Stripe API Citadel uses, for tests only (test layer).

This is not Stripe and not a mock of Citadel: it is a small HTTP server on 127.0.0.1 that the *real*
``stripe`` SDK talks to, written from Stripe's public API reference. It speaks the same wire format
(form-encoded requests with bracketed nesting, JSON responses with the same object shapes and the same
error envelope ``{"error": {"type", "code", "message", "param"}}``) for:

- PaymentIntents: create, retrieve, cancel, search by ``metadata['key']:'value'``;
- Refunds: create (full or partial, refusing more than the unrefunded amount), retrieve;
- Terminal Readers (a preloaded simulated reader): retrieve, ``process_payment_intent``,
  ``cancel_action`` and the test helper ``present_payment_method`` (test card numbers decide the outcome);
- Checkout Sessions: create, retrieve, list (``status``/``payment_intent`` filters), expire;
- Webhook endpoints: create (returns a ``whsec_`` secret); events are delivered from a background thread,
  signed with the ``Stripe-Signature`` scheme (``t=...,v1=HMAC-SHA256(secret, "t.payload")``).
- Idempotency-Key: the same key with the same parameters replays the first response (with
  ``Idempotent-Replayed: true``); the same key with different parameters is a 400 ``idempotency_error``.

Emulator-only controls (prefixed ``/_emulator`` or Python methods) stand in for what a person does in the
real world: a visitor cancelling on the reader, paying a Checkout page on their phone. Fault injection
(``drop_response``) processes a request and then closes the socket without answering, as a flaky network
would, so the SDK's retry with the same idempotency key can be observed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import re
import secrets
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

DECLINE_CARDS = {
    "4000000000000002": ("card_declined", "generic_decline", "Your card was declined."),
    "4000000000009995": ("card_declined", "insufficient_funds", "Your card has insufficient funds."),
}
SUCCESS_CARD = "4242424242424242"


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        code: str | None = None,
        param: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"type": type_, "message": message}
        if code:
            self.body["code"] = code
            self.body["doc_url"] = f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"
        if param:
            self.body["param"] = param
        if extra:
            self.body.update(extra)


def decode_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Turn Stripe's bracketed form keys (``a[b][0][c]=v``) into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+|\[\]", key)
        node: Any = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt = None if last else parts[i + 1]
            child_default: Any = [] if (nxt is not None and (nxt.isdigit() or nxt == "[]")) else {}
            if isinstance(node, list):
                idx = len(node) if part == "[]" else int(part)
                while len(node) <= idx:
                    node.append(None)
                if last:
                    node[idx] = value
                else:
                    if node[idx] is None:
                        node[idx] = child_default
                    node = node[idx]
            else:
                if last:
                    node[part] = value
                else:
                    node = node.setdefault(part, child_default)
    return root


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def _require(params: dict[str, Any], name: str) -> Any:
    if name not in params or params[name] in ("", None):
        raise ApiError(
            400, "invalid_request_error", f"Missing required param: {name}.", "parameter_missing", name
        )
    return params[name]


def _int(params: dict[str, Any], name: str) -> int:
    raw = _require(params, name)
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(
            400, "invalid_request_error", f"Invalid integer: {raw}", "parameter_invalid_integer", name
        ) from None
    if value < 1:
        raise ApiError(
            400,
            "invalid_request_error",
            "This value must be greater than or equal to 1.",
            "parameter_invalid_integer",
            name,
        )
    return value


class StripeEmulator:
    """Start with :meth:`start`; ``base_url`` is what the SDK's ``api`` base address should be."""

    def __init__(self, api_key: str = "sk_test_citadel") -> None:
        self.api_key = api_key
        self.lock = threading.RLock()
        self.payment_intents: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.readers: dict[str, dict[str, Any]] = {}
        self.webhook_endpoints: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.deliveries: list[tuple[str, int]] = []  # (event type, HTTP status from the receiver)
        self.request_log: list[tuple[str, str]] = []
        self._idem: dict[str, tuple[str, int, bytes]] = {}
        self._drops: list[tuple[str, str, int]] = []  # (method, path regex, remaining)
        self._outbox: queue.Queue[tuple[dict[str, Any], dict[str, Any]] | None] = queue.Queue()
        self._server: ThreadingHTTPServer | None = None
        self.reader_id = "tmr_" + "emulated0001"
        self.readers[self.reader_id] = {
            "id": self.reader_id,
            "object": "terminal.reader",
            "action": None,
            "device_type": "simulated_wisepos_e",
            "label": "Emulated WisePOS E",
            "livemode": False,
            "location": "tml_emulated",
            "metadata": {},
            "serial_number": "EMU-0001",
            "status": "online",
            "ip_address": "127.0.0.1",
            "device_sw_version": "emulator",
        }

    # ---------------------------------------------------------------- lifecycle
    @property
    def base_url(self) -> str:
        assert self._server is not None
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def start(self) -> str:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                emulator._handle(self, "GET")

            def do_POST(self) -> None:
                emulator._handle(self, "POST")

            def do_DELETE(self) -> None:
                emulator._handle(self, "DELETE")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="stripe-emulator", daemon=True
        ).start()
        threading.Thread(target=self._deliver_loop, name="stripe-emulator-webhooks", daemon=True).start()
        return self.base_url

    def stop(self) -> None:
        self._outbox.put(None)
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # ---------------------------------------------------------------- test controls
    def drop_response(self, method: str, path_regex: str, times: int = 1) -> None:
        """Process the next matching request(s) but close the connection instead of answering."""
        with self.lock:
            self._drops.append((method, path_regex, times))

    def clear_faults(self) -> None:
        with self.lock:
            self._drops.clear()

    def count_requests(self, method: str, path_regex: str) -> int:
        with self.lock:
            return sum(1 for m, p in self.request_log if m == method and re.fullmatch(path_regex, p))

    def customer_cancel(self, reader_id: str) -> None:
        """The visitor presses Cancel on the reader's screen (reader setting enable_customer_cancellation)."""
        with self.lock:
            self._fail_action(
                self.readers[reader_id],
                "customer_canceled",
                "The customer canceled the payment on the reader.",
            )

    def pay_checkout(self, session_id: str, card_number: str = SUCCESS_CARD) -> dict[str, Any]:
        """What the visitor's phone does on the hosted Checkout page."""
        with self.lock:
            session = self.sessions[session_id]
            if session["status"] != "open":
                raise ApiError(
                    400,
                    "invalid_request_error",
                    "This Checkout Session is no longer active.",
                    "checkout_session_inactive",
                )
            pi = self._new_pi(
                session["amount_total"],
                session["currency"],
                ["card"],
                dict(session.get("_pi_metadata", {})),
                session.get("_description"),
            )
            session["payment_intent"] = pi["id"]
            if card_number in DECLINE_CARDS:
                code, decline, message = DECLINE_CARDS[card_number]
                pi["last_payment_error"] = {
                    "type": "card_error",
                    "code": code,
                    "decline_code": decline,
                    "message": message,
                }
                self._event("payment_intent.payment_failed", pi)
                return self._public(session)
            self._succeed_pi(pi)
            session["status"] = "complete"
            session["payment_status"] = "paid"
            self._event("checkout.session.completed", session)
            return self._public(session)

    def expire_checkout_now(self, session_id: str) -> None:
        with self.lock:
            self._expire_session(self.sessions[session_id])

    def post_event(self, type_: str, obj: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            return self._event(type_, obj)

    # ---------------------------------------------------------------- HTTP plumbing
    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        pairs = parse_qsl(url.query, keep_blank_values=True)
        if method == "POST":
            pairs += parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        params = decode_form(pairs)
        path = url.path
        with self.lock:
            self.request_log.append((method, path))
            drop = self._take_drop(method, path)
        status, payload, extra_headers = self._dispatch(h, method, path, params, pairs)
        if drop:
            # Processed, then the network "fails": no response at all.
            h.close_connection = True
            return
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(payload)))
        h.send_header("Request-Id", _id("req"))
        for k, v in extra_headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(payload)

    def _take_drop(self, method: str, path: str) -> bool:
        for i, (m, rx, n) in enumerate(self._drops):
            if m == method and re.fullmatch(rx, path):
                if n <= 1:
                    del self._drops[i]
                else:
                    self._drops[i] = (m, rx, n - 1)
                return True
        return False

    def _dispatch(
        self,
        h: BaseHTTPRequestHandler,
        method: str,
        path: str,
        params: dict[str, Any],
        pairs: list[tuple[str, str]],
    ) -> tuple[int, bytes, dict[str, str]]:
        if path.startswith("/c/pay/"):
            html = f"<html><body>Emulated Checkout page for {path[7:]}</body></html>".encode()
            return 200, html, {"Content-Type": "text/html"}
        if not path.startswith("/_emulator"):
            auth = h.headers.get("Authorization", "")
            if auth != f"Bearer {self.api_key}":
                err = ApiError(
                    401,
                    "invalid_request_error",
                    "Invalid API Key provided." if auth else "You did not provide an API key.",
                )
                return 401, json.dumps({"error": err.body}).encode(), {}
        key = h.headers.get("Idempotency-Key")
        fingerprint = json.dumps([method, path, sorted(pairs)])
        if method == "POST" and key:
            with self.lock:
                cached = self._idem.get(key)
            if cached is not None:
                if cached[0] != fingerprint:
                    err = ApiError(
                        400,
                        "idempotency_error",
                        "Keys for idempotent requests can only be used with the same parameters they were "
                        f"first used with. Try using a key other than '{key}' if you meant to execute a "
                        "different request.",
                    )
                    return 400, json.dumps({"error": err.body}).encode(), {}
                return cached[1], cached[2], {"Idempotent-Replayed": "true", "Idempotency-Key": key}
        try:
            with self.lock:
                result = self._route(method, path, params)
            status, payload = 200, json.dumps(result).encode()
        except ApiError as exc:
            status, payload = exc.status, json.dumps({"error": exc.body}).encode()
        if method == "POST" and key and status < 500:
            with self.lock:
                self._idem[key] = (fingerprint, status, payload)
        return status, payload, ({"Idempotency-Key": key} if key else {})

    def _route(self, method: str, path: str, p: dict[str, Any]) -> dict[str, Any]:
        routes: list[tuple[str, str, Callable[..., dict[str, Any]]]] = [
            ("POST", r"/v1/payment_intents", self._pi_create),
            ("GET", r"/v1/payment_intents", self._pi_list),
            ("GET", r"/v1/payment_intents/search", self._pi_search),
            ("GET", r"/v1/payment_intents/(pi_\w+)", self._pi_get),
            ("POST", r"/v1/payment_intents/(pi_\w+)/cancel", self._pi_cancel),
            ("POST", r"/v1/refunds", self._refund_create),
            ("GET", r"/v1/refunds/(re_\w+)", self._refund_get),
            ("GET", r"/v1/terminal/readers/(tmr_\w+)", self._reader_get),
            ("POST", r"/v1/terminal/readers/(tmr_\w+)/process_payment_intent", self._reader_process),
            ("POST", r"/v1/terminal/readers/(tmr_\w+)/cancel_action", self._reader_cancel),
            (
                "POST",
                r"/v1/test_helpers/terminal/readers/(tmr_\w+)/present_payment_method",
                self._reader_present,
            ),
            ("POST", r"/v1/checkout/sessions", self._cs_create),
            ("GET", r"/v1/checkout/sessions", self._cs_list),
            ("GET", r"/v1/checkout/sessions/(cs_\w+)", self._cs_get),
            ("POST", r"/v1/checkout/sessions/(cs_\w+)/expire", self._cs_expire),
            ("POST", r"/v1/webhook_endpoints", self._we_create),
            (
                "POST",
                r"/_emulator/checkout/(cs_\w+)/pay",
                lambda p, sid: self.pay_checkout(sid, p.get("card_number", SUCCESS_CARD)),
            ),
            (
                "POST",
                r"/_emulator/readers/(tmr_\w+)/customer_cancel",
                lambda p, rid: (self.customer_cancel(rid), self._public(self.readers[rid]))[1],
            ),
        ]
        for m, rx, fn in routes:
            match = re.fullmatch(rx, path)
            if m == method and match:
                return fn(p, *match.groups())
        raise ApiError(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    # ---------------------------------------------------------------- objects
    @staticmethod
    def _public(obj: dict[str, Any]) -> dict[str, Any]:
        return json.loads(json.dumps({k: v for k, v in obj.items() if not k.startswith("_")}))

    def _get(self, table: dict[str, dict[str, Any]], kind: str, obj_id: str) -> dict[str, Any]:
        if obj_id not in table:
            raise ApiError(
                404, "invalid_request_error", f"No such {kind}: '{obj_id}'", "resource_missing", "id"
            )
        return table[obj_id]

    def _new_pi(
        self, amount: int, currency: str, types: list[str], metadata: dict[str, str], description: str | None
    ) -> dict[str, Any]:
        pi_id = _id("pi")
        pi = {
            "id": pi_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_received": 0,
            "currency": currency.lower(),
            "status": "requires_payment_method",
            "capture_method": "automatic",
            "payment_method_types": types,
            "metadata": metadata,
            "description": description,
            "created": int(time.time()),
            "livemode": False,
            "client_secret": f"{pi_id}_secret_{secrets.token_hex(8)}",
            "latest_charge": None,
            "last_payment_error": None,
            "cancellation_reason": None,
            "canceled_at": None,
            "payment_method": None,
            "_refunded": 0,
        }
        self.payment_intents[pi_id] = pi
        return pi

    def _succeed_pi(self, pi: dict[str, Any]) -> None:
        pi.update(
            status="succeeded",
            amount_received=pi["amount"],
            latest_charge=_id("ch"),
            payment_method=_id("pm"),
            last_payment_error=None,
        )
        self._event("payment_intent.succeeded", pi)

    def _pi_create(self, p: dict[str, Any]) -> dict[str, Any]:
        amount = _int(p, "amount")
        currency = str(_require(p, "currency"))
        types = p.get("payment_method_types") or ["card"]
        pi = self._new_pi(amount, currency, list(types), dict(p.get("metadata") or {}), p.get("description"))
        if p.get("capture_method"):
            pi["capture_method"] = p["capture_method"]
        self._event("payment_intent.created", pi)
        return self._public(pi)

    def _pi_get(self, p: dict[str, Any], pi_id: str) -> dict[str, Any]:
        return self._public(self._get(self.payment_intents, "payment_intent", pi_id))

    def _pi_list(self, p: dict[str, Any]) -> dict[str, Any]:
        created = p.get("created") or {}
        gte = int(created.get("gte", 0)) if isinstance(created, dict) else int(created)
        hits = sorted(
            (pi for pi in self.payment_intents.values() if pi["created"] >= gte),
            key=lambda o: o["created"],
            reverse=True,
        )
        start = 0
        if p.get("starting_after"):
            ids = [h["id"] for h in hits]
            start = ids.index(p["starting_after"]) + 1 if p["starting_after"] in ids else len(hits)
        limit = int(p.get("limit", 10))
        page = hits[start : start + limit]
        return {
            "object": "list",
            "data": [self._public(pi) for pi in page],
            "has_more": start + limit < len(hits),
            "url": "/v1/payment_intents",
        }

    def _pi_search(self, p: dict[str, Any]) -> dict[str, Any]:
        query = str(_require(p, "query"))
        clauses = re.findall(r"metadata\[['\"](\w+)['\"]\]:['\"]([^'\"]*)['\"]", query)
        if not clauses:
            raise ApiError(
                400,
                "invalid_request_error",
                f"Unsupported search query: {query}",
                "search_query_invalid",
                "query",
            )
        hits = [
            self._public(pi)
            for pi in self.payment_intents.values()
            if all(pi["metadata"].get(k) == v for k, v in clauses)
        ]
        hits.sort(key=lambda o: o["created"], reverse=True)
        return {
            "object": "search_result",
            "data": hits,
            "has_more": False,
            "next_page": None,
            "url": "/v1/payment_intents/search",
            "total_count": len(hits),
        }

    def _pi_cancel(self, p: dict[str, Any], pi_id: str) -> dict[str, Any]:
        pi = self._get(self.payment_intents, "payment_intent", pi_id)
        if pi["status"] in ("succeeded", "canceled"):
            raise ApiError(
                400,
                "invalid_request_error",
                f"You cannot cancel this PaymentIntent because it has a status of {pi['status']}.",
                "payment_intent_unexpected_state",
                extra={"payment_intent": self._public(pi)},
            )
        for reader in self.readers.values():
            action = reader["action"]
            if (
                action
                and action["status"] == "in_progress"
                and action["process_payment_intent"]["payment_intent"] == pi_id
            ):
                raise ApiError(
                    400,
                    "invalid_request_error",
                    "This PaymentIntent is being processed by a reader; cancel the action first.",
                    "terminal_reader_busy",
                )
        pi.update(
            status="canceled",
            cancellation_reason=p.get("cancellation_reason", "requested_by_customer"),
            canceled_at=int(time.time()),
        )
        self._event("payment_intent.canceled", pi)
        return self._public(pi)

    def _refund_create(self, p: dict[str, Any]) -> dict[str, Any]:
        pi_id = str(_require(p, "payment_intent"))
        pi = self._get(self.payment_intents, "payment_intent", pi_id)
        if pi["status"] != "succeeded":
            raise ApiError(
                400,
                "invalid_request_error",
                "This PaymentIntent does not have a successful charge to refund.",
                "charge_not_refundable",
                "payment_intent",
            )
        remaining = pi["amount_received"] - pi["_refunded"]
        amount = _int(p, "amount") if "amount" in p else remaining
        if remaining <= 0:
            raise ApiError(
                400,
                "invalid_request_error",
                f"Charge {pi['latest_charge']} has already been refunded.",
                "charge_already_refunded",
            )
        if amount > remaining:
            raise ApiError(
                400,
                "invalid_request_error",
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                "amount_too_large",
                "amount",
            )
        pi["_refunded"] += amount
        refund = {
            "id": _id("re"),
            "object": "refund",
            "amount": amount,
            "currency": pi["currency"],
            "payment_intent": pi_id,
            "charge": pi["latest_charge"],
            "status": "succeeded",
            "reason": p.get("reason"),
            "metadata": dict(p.get("metadata") or {}),
            "created": int(time.time()),
        }
        self.refunds[refund["id"]] = refund
        self._event("refund.created", refund)
        return self._public(refund)

    def _refund_get(self, p: dict[str, Any], re_id: str) -> dict[str, Any]:
        return self._public(self._get(self.refunds, "refund", re_id))

    # readers
    def _reader_get(self, p: dict[str, Any], rid: str) -> dict[str, Any]:
        return self._public(self._get(self.readers, "terminal.reader", rid))

    def _reader_process(self, p: dict[str, Any], rid: str) -> dict[str, Any]:
        reader = self._get(self.readers, "terminal.reader", rid)
        pi_id = str(_require(p, "payment_intent"))
        pi = self._get(self.payment_intents, "payment_intent", pi_id)
        if reader["action"] and reader["action"]["status"] == "in_progress":
            raise ApiError(
                400,
                "invalid_request_error",
                "Reader is currently busy processing another request.",
                "terminal_reader_busy",
            )
        if pi["status"] not in ("requires_payment_method", "requires_confirmation"):
            raise ApiError(
                400,
                "invalid_request_error",
                f"This PaymentIntent's status is {pi['status']}.",
                "payment_intent_unexpected_state",
                "payment_intent",
            )
        if "card_present" not in pi["payment_method_types"]:
            raise ApiError(
                400,
                "invalid_request_error",
                "PaymentIntent must accept card_present.",
                "payment_intent_invalid_parameter",
                "payment_intent",
            )
        reader["action"] = {
            "type": "process_payment_intent",
            "status": "in_progress",
            "failure_code": None,
            "failure_message": None,
            "process_payment_intent": {
                "payment_intent": pi_id,
                "process_config": p.get("process_config") or {},
            },
        }
        return self._public(reader)

    def _fail_action(self, reader: dict[str, Any], code: str, message: str) -> None:
        action = reader["action"]
        if not action or action["status"] != "in_progress":
            raise ApiError(
                400,
                "invalid_request_error",
                "Reader has no in-progress action.",
                "terminal_reader_action_unavailable",
            )
        action.update(status="failed", failure_code=code, failure_message=message)
        self._event("terminal.reader.action_failed", reader)

    def _reader_cancel(self, p: dict[str, Any], rid: str) -> dict[str, Any]:
        reader = self._get(self.readers, "terminal.reader", rid)
        self._fail_action(reader, "canceled", "The action was canceled.")
        return self._public(reader)

    def _reader_present(self, p: dict[str, Any], rid: str) -> dict[str, Any]:
        reader = self._get(self.readers, "terminal.reader", rid)
        action = reader["action"]
        if not action or action["status"] != "in_progress" or action["type"] != "process_payment_intent":
            raise ApiError(
                400,
                "invalid_request_error",
                "Reader has no in-progress payment action.",
                "terminal_reader_action_unavailable",
            )
        pi = self.payment_intents[action["process_payment_intent"]["payment_intent"]]
        number = str((p.get("card_present") or {}).get("number") or SUCCESS_CARD)
        if number in DECLINE_CARDS:
            code, decline, message = DECLINE_CARDS[number]
            pi["last_payment_error"] = {
                "type": "card_error",
                "code": code,
                "decline_code": decline,
                "message": message,
            }
            self._event("payment_intent.payment_failed", pi)
            action.update(status="failed", failure_code=code, failure_message=message)
            self._event("terminal.reader.action_failed", reader)
        else:
            self._succeed_pi(pi)
            action["status"] = "succeeded"
            self._event("terminal.reader.action_succeeded", reader)
        return self._public(reader)

    # checkout
    def _cs_create(self, p: dict[str, Any]) -> dict[str, Any]:
        if p.get("mode") != "payment":
            raise ApiError(
                400, "invalid_request_error", "Only mode=payment is emulated.", "parameter_invalid", "mode"
            )
        items = p.get("line_items") or []
        if not items:
            raise ApiError(
                400,
                "invalid_request_error",
                "Missing required param: line_items.",
                "parameter_missing",
                "line_items",
            )
        currency, total = None, 0
        for item in items:
            price = item.get("price_data") or {}
            currency = str(_require(price, "currency"))
            total += _int(price, "unit_amount") * int(item.get("quantity", 1))
        cs_id = "cs_test_" + secrets.token_hex(16)
        now = int(time.time())
        session = {
            "id": cs_id,
            "object": "checkout.session",
            "mode": "payment",
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": total,
            "currency": str(currency).lower(),
            "url": f"{self.base_url}/c/pay/{cs_id}",
            "metadata": dict(p.get("metadata") or {}),
            "client_reference_id": p.get("client_reference_id"),
            "payment_intent": None,
            "success_url": p.get("success_url"),
            "cancel_url": p.get("cancel_url"),
            "created": now,
            "expires_at": int(p.get("expires_at") or now + 86400),
            "livemode": False,
            "locale": p.get("locale"),
            "_pi_metadata": dict((p.get("payment_intent_data") or {}).get("metadata") or {}),
            "_description": (p.get("payment_intent_data") or {}).get("description"),
        }
        self.sessions[cs_id] = session
        return self._public(session)

    def _cs_get(self, p: dict[str, Any], cs_id: str) -> dict[str, Any]:
        return self._public(self._get(self.sessions, "checkout.session", cs_id))

    def _cs_list(self, p: dict[str, Any]) -> dict[str, Any]:
        hits = [
            s
            for s in self.sessions.values()
            if (not p.get("status") or s["status"] == p["status"])
            and (not p.get("payment_intent") or s["payment_intent"] == p["payment_intent"])
        ]
        hits.sort(key=lambda s: s["created"], reverse=True)
        start = 0
        if p.get("starting_after"):
            ids = [h["id"] for h in hits]
            start = ids.index(p["starting_after"]) + 1 if p["starting_after"] in ids else len(hits)
        limit = int(p.get("limit", 10))
        return {
            "object": "list",
            "data": [self._public(s) for s in hits[start : start + limit]],
            "has_more": start + limit < len(hits),
            "url": "/v1/checkout/sessions",
        }

    def _expire_session(self, session: dict[str, Any]) -> None:
        if session["status"] != "open":
            raise ApiError(
                400,
                "invalid_request_error",
                f'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout '
                f'Session has a status of "{session["status"]}".',
                "checkout_session_inactive",
            )
        session["status"] = "expired"
        self._event("checkout.session.expired", session)

    def _cs_expire(self, p: dict[str, Any], cs_id: str) -> dict[str, Any]:
        session = self._get(self.sessions, "checkout.session", cs_id)
        self._expire_session(session)
        return self._public(session)

    # webhooks
    def _we_create(self, p: dict[str, Any]) -> dict[str, Any]:
        endpoint = {
            "id": _id("we"),
            "object": "webhook_endpoint",
            "url": str(_require(p, "url")),
            "enabled_events": list(p.get("enabled_events") or ["*"]),
            "status": "enabled",
            "secret": "whsec_" + secrets.token_hex(16),
            "livemode": False,
            "created": int(time.time()),
        }
        self.webhook_endpoints[endpoint["id"]] = endpoint
        return dict(endpoint)

    def _event(self, type_: str, obj: dict[str, Any]) -> dict[str, Any]:
        event = {
            "id": _id("evt"),
            "object": "event",
            "api_version": "2025-06-30.basil",
            "created": int(time.time()),
            "type": type_,
            "livemode": False,
            "data": {"object": self._public(obj)},
            "pending_webhooks": len(self.webhook_endpoints),
            "request": {"id": None, "idempotency_key": None},
        }
        self.events.append(event)
        for endpoint in self.webhook_endpoints.values():
            if "*" in endpoint["enabled_events"] or type_ in endpoint["enabled_events"]:
                self._outbox.put((endpoint, event))
        return event

    @staticmethod
    def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
        ts = int(time.time()) if timestamp is None else timestamp
        mac = hmac.new(secret.encode(), f"{ts}.{payload}".encode(), hashlib.sha256).hexdigest()
        return f"t={ts},v1={mac}"

    def _deliver_loop(self) -> None:
        while True:
            item = self._outbox.get()
            if item is None:
                return
            endpoint, event = item
            payload = json.dumps(event)
            try:
                r = httpx.post(
                    endpoint["url"],
                    content=payload,
                    timeout=10,
                    headers={
                        "Content-Type": "application/json",
                        "Stripe-Signature": self.sign(payload, endpoint["secret"]),
                    },
                )
                status = r.status_code
            except httpx.HTTPError:
                status = 0
            with self.lock:
                self.deliveries.append((event["type"], status))
