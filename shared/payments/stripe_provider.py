"""Core layer (Qt-free): the ``stripe`` payment provider, built on the official ``stripe`` SDK.

Two modes, chosen by the ``mode`` configuration key:

``terminal``  Server-driven Stripe Terminal. A PaymentIntent with ``card_present`` is created (idempotency
              key = order id, order id in metadata) and handed to the configured reader with
              ``process_payment_intent``. The reader action is followed by polling, or by webhooks
              (``terminal.reader.action_*``) when a webhook secret is configured. ``cancel_action`` runs on
              timeout or cancel.
``checkout``  A Checkout Session whose URL the kiosk shows as a QR, so the visitor pays on their phone.
              Completion comes by polling or by ``checkout.session.completed`` webhooks verified with
              ``stripe.Webhook.construct_event``.

Refunds work in both modes. Stripe Terminal is not offered in Vietnam: Vietnamese deployments use VietQR.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import stripe

from shared.errors import CitadelError
from shared.payments.base import (
    Clock,
    PaymentHandle,
    PaymentProvider,
    PaymentRequest,
    PaymentState,
    RefundResult,
    require_positive_amount,
    utcnow,
)

_PI_STATES = {
    "succeeded": PaymentState.SUCCEEDED,
    "processing": PaymentState.PROCESSING,
    "requires_capture": PaymentState.PROCESSING,
    "requires_confirmation": PaymentState.PROCESSING,
    "requires_action": PaymentState.PROCESSING,
    "requires_payment_method": PaymentState.WAITING_FOR_CUSTOMER,
    "canceled": PaymentState.CANCELLED,
}
_CUSTOMER_CANCEL_CODES = {"customer_canceled", "customer_cancelled"}


def _plain(obj: Any) -> dict[str, Any]:
    """A StripeObject as plain JSON data (its ``str`` is its JSON; ``to_dict`` is deprecated in v12)."""
    if isinstance(obj, dict) and not isinstance(obj, stripe.StripeObject):
        return obj
    data: dict[str, Any] = json.loads(str(obj))
    return data


class StripeProvider(PaymentProvider):
    """Card payments through Stripe (Terminal reader or Checkout on the visitor's phone)."""

    name = "stripe"

    def __init__(self, config: Mapping[str, Any], *, clock: Clock = utcnow) -> None:
        super().__init__(config, clock=clock)
        self.mode = str(self.config.get("mode", "terminal"))
        if self.mode not in ("terminal", "checkout"):
            raise CitadelError("payment_config", f"stripe mode {self.mode!r}", key="mode")
        if not self.config.get("api_key"):
            raise CitadelError("payment_config", "stripe api_key missing", key="api_key")
        if self.mode == "terminal" and not self.config.get("reader_id"):
            raise CitadelError("payment_config", "stripe reader_id missing", key="reader_id")
        if "timeout_s" not in self.config:
            self.timeout = self.timeout * (1 if self.mode == "terminal" else 7.5)  # 2 min / 15 min
        self.currencies = {str(c).upper() for c in self.config.get("currencies", [])} or None
        self.webhook_secret: str | None = self.config.get("webhook_secret") or None
        base = str(self.config.get("api_base", "https://api.stripe.com")).rstrip("/")
        self.client = stripe.StripeClient(
            str(self.config["api_key"]),
            base_addresses={"api": base},
            max_network_retries=int(self.config.get("max_network_retries", 2)),
        )
        # Latest objects pushed by verified webhooks, by (object kind, our reference); poll prefers them.
        self._pushed: dict[tuple[str, str], dict[str, Any]] = {}

    # -- helpers -------------------------------------------------------------------------------------
    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Call the SDK, return the object as plain JSON data, and turn its exceptions into coded errors."""
        try:
            return _plain(fn(*args, **kwargs))
        except stripe.IdempotencyError as exc:
            raise CitadelError("payment_idempotency_conflict", str(exc.user_message or exc)) from exc
        except stripe.APIConnectionError as exc:
            raise CitadelError("payment_network", str(exc.user_message or exc), provider=self.name) from exc
        except stripe.StripeError as exc:
            raise CitadelError(
                "payment_provider_error",
                str(exc.user_message or exc),
                provider=self.name,
                provider_code=getattr(exc, "code", None) or "",
            ) from exc

    def _check_currency(self, currency: str) -> None:
        if self.currencies is not None and currency.upper() not in self.currencies:
            raise CitadelError("payment_currency_not_allowed", currency, currency=currency)

    @staticmethod
    def _metadata(request: PaymentRequest) -> dict[str, str]:
        return {
            "order_id": request.order_id,
            "order_code": request.order_code,
            "attempt": str(request.attempt),
            "source": "citadel",
        }

    # -- interface -------------------------------------------------------------------------------------
    def start(self, request: PaymentRequest) -> PaymentHandle:
        self._check_currency(request.currency)
        handle = self.new_handle(request, state=PaymentState.WAITING_FOR_CUSTOMER)
        handle.details["mode"] = self.mode
        try:
            if self.mode == "terminal":
                self._start_terminal(request, handle)
            else:
                self._start_checkout(request, handle)
        except CitadelError as exc:
            if exc.code != "payment_network" or handle.reference:
                raise
            # Nothing reached a reader, so no money can move; the order goes to payment_failed and a
            # later reconcile still finds a PaymentIntent that may have been created.
            handle.state, handle.error_code = PaymentState.FAILED, "network"
        return handle

    def _start_terminal(self, request: PaymentRequest, handle: PaymentHandle) -> None:
        pi = self._call(
            self.client.v1.payment_intents.create,
            params={
                "amount": request.amount,
                "currency": request.currency.lower(),
                "payment_method_types": ["card_present"],
                "capture_method": "automatic",
                "description": request.description or request.order_code,
                "metadata": self._metadata(request),
            },
            options={"idempotency_key": request.idempotency_key},
        )
        handle.reference = pi["id"]
        if pi["status"] != "requires_payment_method":
            # A replayed create for an attempt that already went further (e.g. after a crash).
            self._apply_pi(handle, pi)
            return
        try:
            self._call(
                self.client.v1.terminal.readers.process_payment_intent,
                str(self.config["reader_id"]),
                params={"payment_intent": pi["id"], "process_config": {"enable_customer_cancellation": True}},
                options={"idempotency_key": f"{request.idempotency_key}.process"},
            )
        except CitadelError as exc:
            if exc.code == "payment_network":
                # The reader may have started anyway (the answer was lost, not the request). Reporting
                # "failed" could hide a charge, so keep waiting: poll and the deadline settle it.
                handle.details["last_poll_error"] = exc.code
                return
            if exc.code != "payment_provider_error":
                raise
            # The reader refused (busy with another sale, offline): nothing can be charged. Release the
            # PaymentIntent so it cannot be picked up later.
            try:
                self._call(self.client.v1.payment_intents.cancel, pi["id"])
            except CitadelError:
                pass  # best effort; an uncancelled, unprocessed PaymentIntent takes no money
            handle.state = PaymentState.FAILED
            handle.error_code = str(exc.params.get("provider_code") or "provider_error")

    def _start_checkout(self, request: PaymentRequest, handle: PaymentHandle) -> None:
        metadata = self._metadata(request)
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": request.currency.lower(),
                        "unit_amount": request.amount,
                        "product_data": {"name": request.description or request.order_code},
                    },
                }
            ],
            "client_reference_id": request.order_id,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata, "description": request.order_code},
            "success_url": str(self.config.get("success_url", "https://example.invalid/citadel/paid")),
        }
        if self.config.get("cancel_url"):
            params["cancel_url"] = str(self.config["cancel_url"])
        if request.language in ("vi", "en", "ko", "zh", "ja", "fr"):
            params["locale"] = request.language
        session = self._call(
            self.client.v1.checkout.sessions.create,
            params=params,
            options={"idempotency_key": request.idempotency_key},
        )
        handle.reference = session["id"]
        handle.qr_payload = session["url"]

    def _apply_pi(self, handle: PaymentHandle, pi: Mapping[str, Any]) -> None:
        handle.details["payment_intent"] = pi["id"]
        state = _PI_STATES.get(str(pi["status"]), PaymentState.PROCESSING)
        if state == PaymentState.SUCCEEDED and int(pi["amount_received"]) != handle.amount:
            handle.state, handle.error_code = PaymentState.FAILED, "amount_mismatch"
            return
        handle.state = state
        err = pi.get("last_payment_error")
        if state == PaymentState.WAITING_FOR_CUSTOMER and err:
            handle.error_code = str(err.get("decline_code") or err.get("code") or "card_declined")

    def _apply_reader_action(self, handle: PaymentHandle, action: Mapping[str, Any] | None) -> bool:
        """Map the reader's action for our PaymentIntent. Returns True when the handle became terminal."""
        if not action or action.get("type") != "process_payment_intent":
            return False
        if (action.get("process_payment_intent") or {}).get("payment_intent") != handle.reference:
            return False
        status, code = action.get("status"), action.get("failure_code")
        if status == "failed":
            if code in _CUSTOMER_CANCEL_CODES:
                handle.state, handle.error_code = PaymentState.CANCELLED, "customer_canceled"
            elif code == "canceled":  # cancel_action from this kiosk, another one or the Dashboard
                handle.state, handle.error_code = PaymentState.CANCELLED, None
            elif code in (
                "card_declined",
                "card_decline",
                "insufficient_funds",
                "expired_card",
                "incorrect_pin",
                "do_not_honor",
            ):
                handle.state, handle.error_code = PaymentState.DECLINED, "card_declined"
            else:
                handle.state, handle.error_code = PaymentState.FAILED, "provider_error"
            handle.details["failure_code"] = code
            return True
        return False

    def poll(self, handle: PaymentHandle) -> PaymentHandle:
        with self._lock:
            if handle.terminal:
                return handle
            try:
                if self.is_past_deadline(handle):
                    return self._expire(handle)
                if handle.details.get("mode", self.mode) == "terminal":
                    self._poll_terminal(handle)
                else:
                    self._poll_checkout(handle)
            except CitadelError as exc:
                if exc.code != "payment_network":
                    raise
                # A network blip is not a verdict. Past the deadline the outcome stays unknown (the reader
                # could not be told to stop) until Stripe answers again or reconcile runs at start-up.
                handle.details["last_poll_error"] = exc.code
            finally:
                if handle.terminal:  # webhook objects for a settled payment are no longer needed
                    for kind in ("terminal.reader", "payment_intent", "checkout.session"):
                        self._pushed.pop((kind, handle.reference), None)
            return handle

    def _poll_terminal(self, handle: PaymentHandle) -> None:
        with self._lock:
            pushed_reader = self._pushed.get(("terminal.reader", handle.reference))
            pushed_pi = self._pushed.get(("payment_intent", handle.reference))
        if pushed_reader and self._apply_reader_action(handle, pushed_reader.get("action")):
            return
        if pushed_pi and pushed_pi.get("status") == "succeeded":
            # A verified webhook already told us; no need to ask Stripe again.
            self._apply_pi(handle, pushed_pi)
            return
        pi = self._call(self.client.v1.payment_intents.retrieve, handle.reference)
        self._apply_pi(handle, pi)
        if handle.terminal:
            return
        reader = self._call(self.client.v1.terminal.readers.retrieve, str(self.config["reader_id"]))
        self._apply_reader_action(handle, reader.get("action"))

    def _poll_checkout(self, handle: PaymentHandle) -> None:
        with self._lock:
            pushed = self._pushed.get(("checkout.session", handle.reference))
        session = pushed if pushed is not None and pushed.get("status") != "open" else None
        if session is None:
            session = self._call(self.client.v1.checkout.sessions.retrieve, handle.reference)
        self._apply_session(handle, session)

    def _apply_session(self, handle: PaymentHandle, session: Mapping[str, Any]) -> None:
        if session.get("payment_intent"):
            handle.details["payment_intent"] = session["payment_intent"]
        if session.get("status") == "complete" and session.get("payment_status") in (
            "paid",
            "no_payment_required",
        ):
            if int(session.get("amount_total") or 0) != handle.amount:
                handle.state, handle.error_code = PaymentState.FAILED, "amount_mismatch"
            else:
                handle.state, handle.error_code = PaymentState.SUCCEEDED, None
        elif session.get("status") == "expired":
            if handle.details.get("cancel_requested"):
                handle.state = PaymentState.CANCELLED
            else:
                handle.state = PaymentState.EXPIRED
        elif session.get("payment_intent"):
            # A card was tried on the phone and failed; the visitor may try again until the deadline.
            pi = self._call(self.client.v1.payment_intents.retrieve, str(session["payment_intent"]))
            err = pi.get("last_payment_error")
            handle.error_code = str(err.get("decline_code") or err.get("code")) if err else None
            handle.state = (
                PaymentState.PROCESSING if pi["status"] == "processing" else PaymentState.WAITING_FOR_CUSTOMER
            )

    def _stop_remote(self, handle: PaymentHandle) -> None:
        """Cancel the reader action / expire the session; a payment that succeeded meanwhile wins."""
        if handle.details.get("mode", self.mode) == "terminal":
            try:
                self._call(
                    self.client.v1.terminal.readers.cancel_action,
                    str(self.config["reader_id"]),
                    options={"idempotency_key": f"cancel.{handle.reference}.{uuid.uuid4()}"},
                )
            except CitadelError as exc:
                if exc.code != "payment_provider_error":
                    raise
            pi = self._call(self.client.v1.payment_intents.retrieve, handle.reference)
            if pi["status"] in ("succeeded", "canceled", "processing"):
                self._apply_pi(handle, pi)
                return
            pi = self._call(
                self.client.v1.payment_intents.cancel,
                handle.reference,
                params={"cancellation_reason": "abandoned"},
            )
            self._apply_pi(handle, pi)
        else:
            try:
                session = self._call(self.client.v1.checkout.sessions.expire, handle.reference)
            except CitadelError as exc:
                if exc.code != "payment_provider_error":
                    raise
                session = self._call(self.client.v1.checkout.sessions.retrieve, handle.reference)
            self._apply_session(handle, session)

    def _expire(self, handle: PaymentHandle) -> PaymentHandle:
        self._stop_remote(handle)
        # Money that was taken, or is being taken right now, is never reported as expired.
        if handle.state not in (PaymentState.SUCCEEDED, PaymentState.PROCESSING):
            handle.state, handle.error_code = PaymentState.EXPIRED, "timeout"
        return handle

    def cancel(self, handle: PaymentHandle) -> PaymentHandle:
        with self._lock:
            if handle.terminal:
                return handle
            handle.details["cancel_requested"] = True
            if not handle.reference:
                handle.state = PaymentState.CANCELLED
                return handle
            self._stop_remote(handle)
            if handle.state not in (PaymentState.SUCCEEDED, PaymentState.PROCESSING):
                handle.state = PaymentState.CANCELLED
            return handle

    def refund(self, reference: str, amount: int, *, idempotency_key: str | None = None) -> RefundResult:
        require_positive_amount(amount)
        pi_id = reference
        if reference.startswith("cs_"):
            session = self._call(self.client.v1.checkout.sessions.retrieve, reference)
            if not session.get("payment_intent"):
                raise CitadelError(
                    "payment_not_refundable", f"{reference} has no payment", reference=reference
                )
            pi_id = str(session["payment_intent"])
        # A fresh key per admin action unless the caller passes its refund-task id (then retries are safe).
        key = idempotency_key or f"refund.{pi_id}.{uuid.uuid4()}"
        try:
            refund = self.client.v1.refunds.create(
                params={"payment_intent": pi_id, "amount": amount, "metadata": {"reference": reference}},
                options={"idempotency_key": key},
            )
        except stripe.InvalidRequestError as exc:
            raise CitadelError(
                "payment_not_refundable",
                str(exc.user_message or exc),
                reference=reference,
                provider_code=exc.code or "",
            ) from exc
        except stripe.StripeError:
            return RefundResult(
                reference=reference, amount=amount, currency="", state="failed", error_code="provider_error"
            )
        state = {"succeeded": "succeeded", "pending": "pending", "requires_action": "pending"}.get(
            str(refund.status), "failed"
        )
        return RefundResult(
            reference=reference,
            amount=int(refund.amount),
            currency=str(refund.currency).upper(),
            state=state,
            refund_id=refund.id,
            error_code=None if state != "failed" else str(refund.get("failure_reason")),
        )

    def reconcile(self, order_id: str, amount: int, currency: str) -> PaymentHandle | None:
        intents = self._intents_for(order_id)
        chosen = next((pi for pi in intents if pi["status"] == "succeeded"), intents[0] if intents else None)
        if chosen is not None:
            handle = PaymentHandle(
                provider=self.name,
                order_id=order_id,
                amount=amount,
                currency=currency,
                state=PaymentState.PROCESSING,
                reference=chosen["id"],
                expires_at=self.clock() + self.timeout,
            )
            handle.details["mode"] = (
                "terminal" if "card_present" in chosen["payment_method_types"] else "checkout"
            )
            if handle.details["mode"] == "checkout":
                sessions = self._call(
                    self.client.v1.checkout.sessions.list, params={"payment_intent": chosen["id"], "limit": 1}
                )
                if sessions["data"]:
                    handle.reference = sessions["data"][0]["id"]
            if int(chosen["amount"]) != amount or str(chosen["currency"]).upper() != currency.upper():
                handle.state, handle.error_code = PaymentState.FAILED, "amount_mismatch"
                return handle
            self._apply_pi(handle, chosen)
            return handle
        # Checkout sessions create their PaymentIntent only when the visitor pays: look at open sessions.
        for session in self._open_sessions():
            if (session.get("metadata") or {}).get("order_id") == order_id:
                handle = PaymentHandle(
                    provider=self.name,
                    order_id=order_id,
                    amount=amount,
                    currency=currency,
                    state=PaymentState.WAITING_FOR_CUSTOMER,
                    reference=session["id"],
                    qr_payload=session["url"],
                    expires_at=self.clock() + self.timeout,
                )
                handle.details["mode"] = "checkout"
                return handle
        return None

    def _intents_for(self, order_id: str) -> list[dict[str, Any]]:
        """PaymentIntents whose metadata names ``order_id``, newest first.

        The list endpoint is strongly consistent, so it is read first for the recent past (a restart comes
        seconds after a crash, and Stripe's search index can lag by up to a minute); search covers older.
        """
        since = int((self.clock() - timedelta(days=2)).timestamp())

        def recent() -> dict[str, Any]:
            pages = self.client.v1.payment_intents.list(params={"created": {"gte": since}, "limit": 100})
            return {"data": [_plain(pi) for pi in pages.auto_paging_iter()]}

        hits = [
            pi for pi in self._call(recent)["data"] if (pi.get("metadata") or {}).get("order_id") == order_id
        ]
        if not hits:
            found = self._call(
                self.client.v1.payment_intents.search,
                params={"query": f"metadata['order_id']:'{order_id}'", "limit": 10},
            )
            hits = list(found["data"])
        return sorted(hits, key=lambda pi: int(pi.get("created") or 0), reverse=True)

    def _open_sessions(self) -> list[dict[str, Any]]:
        def fetch() -> dict[str, Any]:
            pages = self.client.v1.checkout.sessions.list(params={"status": "open", "limit": 100})
            return {"data": [_plain(s) for s in pages.auto_paging_iter()]}

        sessions: list[dict[str, Any]] = self._call(fetch)["data"]
        return sessions

    # -- webhooks ------------------------------------------------------------------------------------------
    def handle_webhook(self, untrusted_body: bytes, headers: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        """Verify and record a Stripe event; returns (HTTP status, JSON body) for the webhook server."""
        if not self.webhook_secret:
            raise CitadelError("payment_config", "stripe webhook_secret missing", key="webhook_secret")
        signature = {k.lower(): v for k, v in headers.items()}.get("stripe-signature", "")
        try:
            event = stripe.Webhook.construct_event(  # type: ignore[no-untyped-call]
                untrusted_body, signature, self.webhook_secret
            )
        except stripe.SignatureVerificationError as exc:
            raise CitadelError("payment_webhook_bad_signature", str(exc), provider=self.name) from exc
        except ValueError as exc:
            raise CitadelError("payment_webhook_malformed", str(exc), provider=self.name) from exc
        obj = _plain(event.data.object)
        kind = obj.get("object")
        with self._lock:
            if kind == "terminal.reader":
                pi_id = ((obj.get("action") or {}).get("process_payment_intent") or {}).get("payment_intent")
                if pi_id:
                    self._pushed[("terminal.reader", str(pi_id))] = obj
            elif kind in ("checkout.session", "payment_intent"):
                self._pushed[(str(kind), str(obj["id"]))] = obj
        return 200, {"received": True, "type": event.type}
