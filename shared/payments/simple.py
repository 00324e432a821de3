"""Core layer (Qt-free): the two providers that need no network: ``cash`` (counter only) and ``demo``.

``demo`` is a **stand-in**: a simulated card reader that a person approves or declines with on-screen
buttons (``approve``/``decline``/``customer_cancel``). It moves no money, keeps its payments in memory,
and refuses to load unless demo mode is on.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

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


class CashProvider(PaymentProvider):
    """Cash taken by a cashier at the counter. ``tender`` records the notes handed over and gives change."""

    name = "cash"
    default_timeout_s = 1800.0

    def __init__(self, config: Mapping[str, Any], *, counter_mode: bool, clock: Clock = utcnow) -> None:
        if not counter_mode:
            # A kiosk has no cash drawer and nobody to count notes.
            raise CitadelError("payment_cash_counter_only", "cash outside counter mode")
        super().__init__(config, clock=clock)
        self._payments: dict[str, PaymentHandle] = {}
        self._refunded: dict[str, int] = {}

    def start(self, request: PaymentRequest) -> PaymentHandle:
        with self._lock:
            existing = self._payments.get(request.idempotency_key)
            if existing is not None:
                return existing
            handle = self.new_handle(
                request, state=PaymentState.WAITING_FOR_CUSTOMER, reference=f"cash-{request.idempotency_key}"
            )
            self._payments[request.idempotency_key] = handle
            return handle

    def tender(self, handle: PaymentHandle, amount_tendered: int) -> int:
        """The visitor hands over ``amount_tendered``; returns the change to give back."""
        require_positive_amount(amount_tendered)
        with self._lock:
            if handle.terminal:
                raise CitadelError("payment_not_pending", handle.state.value, state=handle.state.value)
            if amount_tendered < handle.amount:
                raise CitadelError(
                    "payment_cash_insufficient",
                    f"{amount_tendered} < {handle.amount}",
                    tendered=amount_tendered,
                    due=handle.amount,
                )
            handle.state, handle.error_code = PaymentState.SUCCEEDED, None
            handle.details["tendered"] = amount_tendered
            handle.details["change"] = amount_tendered - handle.amount
            return amount_tendered - handle.amount

    def poll(self, handle: PaymentHandle) -> PaymentHandle:
        return handle  # the cashier drives it; there is nothing to wait for

    def cancel(self, handle: PaymentHandle) -> PaymentHandle:
        with self._lock:
            if not handle.terminal:
                handle.state = PaymentState.CANCELLED
            return handle

    def refund(self, reference: str, amount: int, *, idempotency_key: str | None = None) -> RefundResult:
        require_positive_amount(amount)
        with self._lock:
            paid = next((h for h in self._payments.values() if h.reference == reference), None)
            if paid is not None:
                if paid.state != PaymentState.SUCCEEDED:
                    raise CitadelError("payment_not_refundable", reference, reference=reference)
                if self._refunded.get(reference, 0) + amount > paid.amount:
                    raise CitadelError("payment_not_refundable", "more than was paid", reference=reference)
                self._refunded[reference] = self._refunded.get(reference, 0) + amount
            # Cash leaves the drawer by hand; the sale layer records who did it (audit event).
            return RefundResult(
                reference=reference,
                amount=amount,
                currency=paid.currency if paid else "",
                state="manual",
                refund_id=f"cashrefund-{uuid.uuid4()}",
                error_code="manual_refund",
            )

    def reconcile(self, order_id: str, amount: int, currency: str) -> PaymentHandle | None:
        # Cash has no remote record: an order left in `paying` with cash was not paid through Citadel.
        with self._lock:
            return next((h for h in self._payments.values() if h.order_id == order_id), None)


class DemoProvider(PaymentProvider):
    """Stand-in card reader for demonstrations and training: a person presses Approve or Decline.

    It behaves like a real reader (waiting -> processing -> succeeded/declined, cancel, timeout, refund) but
    moves no money. Loading it outside demo mode is refused so it can never take a real sale.
    """

    name = "demo"
    stand_in = True

    def __init__(self, config: Mapping[str, Any], *, demo_mode: bool, clock: Clock = utcnow) -> None:
        if not demo_mode:
            raise CitadelError("payment_demo_disabled", "demo payments outside demo mode")
        super().__init__(config, clock=clock)
        self._payments: dict[str, PaymentHandle] = {}
        self._refunded: dict[str, int] = {}

    def start(self, request: PaymentRequest) -> PaymentHandle:
        with self._lock:
            existing = self._payments.get(request.idempotency_key)
            if existing is not None:
                return existing
            handle = self.new_handle(
                request, state=PaymentState.WAITING_FOR_CUSTOMER, reference=f"demo-{uuid.uuid4()}"
            )
            handle.details["stand_in"] = True
            self._payments[request.idempotency_key] = handle
            return handle

    def pending(self) -> list[PaymentHandle]:
        """Payments waiting for the on-screen Approve/Decline buttons."""
        with self._lock:
            return [h for h in self._payments.values() if not h.terminal]

    def _decide(self, handle: PaymentHandle, state: PaymentState, error: str | None) -> PaymentHandle:
        with self._lock:
            if handle.terminal:
                return handle
            handle.state, handle.error_code = state, error
            return handle

    def card_presented(self, handle: PaymentHandle) -> PaymentHandle:
        return self._decide(handle, PaymentState.PROCESSING, None)

    def approve(self, handle: PaymentHandle) -> PaymentHandle:
        return self._decide(handle, PaymentState.SUCCEEDED, None)

    def decline(self, handle: PaymentHandle) -> PaymentHandle:
        return self._decide(handle, PaymentState.DECLINED, "card_declined")

    def customer_cancel(self, handle: PaymentHandle) -> PaymentHandle:
        return self._decide(handle, PaymentState.CANCELLED, "customer_canceled")

    def poll(self, handle: PaymentHandle) -> PaymentHandle:
        with self._lock:
            if self.is_past_deadline(handle):
                handle.state, handle.error_code = PaymentState.EXPIRED, "timeout"
            return handle

    def cancel(self, handle: PaymentHandle) -> PaymentHandle:
        return self._decide(handle, PaymentState.CANCELLED, None)

    def refund(self, reference: str, amount: int, *, idempotency_key: str | None = None) -> RefundResult:
        require_positive_amount(amount)
        with self._lock:
            paid = next((h for h in self._payments.values() if h.reference == reference), None)
            if paid is None:
                if not reference.startswith("demo-"):
                    raise CitadelError("payment_not_refundable", reference, reference=reference)
                # Paid through another process's stand-in (admin refunds a kiosk's demo sale): no money
                # moved, so there is nothing to check against.
                return RefundResult(
                    reference=reference,
                    amount=amount,
                    currency="",
                    state="succeeded",
                    refund_id=f"demorefund-{uuid.uuid4()}",
                )
            if paid.state != PaymentState.SUCCEEDED:
                raise CitadelError("payment_not_refundable", reference, reference=reference)
            if self._refunded.get(reference, 0) + amount > paid.amount:
                raise CitadelError("payment_not_refundable", "more than was paid", reference=reference)
            self._refunded[reference] = self._refunded.get(reference, 0) + amount
            return RefundResult(
                reference=reference,
                amount=amount,
                currency=paid.currency,
                state="succeeded",
                refund_id=f"demorefund-{uuid.uuid4()}",
            )

    def reconcile(self, order_id: str, amount: int, currency: str) -> PaymentHandle | None:
        with self._lock:
            return next((h for h in self._payments.values() if h.order_id == order_id), None)
