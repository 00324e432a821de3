"""Qt-free kiosk layer: counter mode, the cashier's compact sale loop.

A cashier logs in (``shared.users.login``: argon2, lockout), builds a cart from quick keys, takes cash
(tendered and change), a card or VietQR, and prints. Group sales print one ticket per person unless
``group_ticket`` is set. Reprint and void are audited with the cashier's name. Blocking calls (provider,
printer) are for a worker thread, as in :mod:`kiosk.flow`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.sale import Catalogue, OrderSummary, PrintOutcome, SaleService
from shared import sales, users
from shared.db import session_scope
from shared.errors import CitadelError
from shared.payments import PaymentHandle, PaymentProvider, PaymentRequest, PaymentState
from shared.users import Principal

if TYPE_CHECKING:
    from printer import Printer

ALLOWED_ROLES = frozenset({"cashier", "manager"})


@dataclass(frozen=True)
class CartItem:
    product: str
    category: str
    quantity: int
    slot_id: int | None = None


class CounterSession:
    """One cashier at one counter."""

    def __init__(
        self,
        service: SaleService,
        providers: Mapping[str, PaymentProvider],
        printer: Printer | None,
        *,
        quick_keys: Sequence[str] = ("combo-3", "combo-4", "combo-all", "imperial-city"),
        language: str = "vi",
    ) -> None:
        self.service = service
        self.providers = dict(providers)
        self.printer = printer
        self.language = language
        self.catalogue: Catalogue = service.catalogue()
        known = {p.code for p in self.catalogue.products}
        self.quick_keys = tuple(k for k in quick_keys if k in known)
        self.cashier: Principal | None = None
        self.cart: dict[tuple[str, str, int | None], int] = {}
        self.group_ticket = False
        self.order: OrderSummary | None = None
        self.handle: PaymentHandle | None = None
        self.change: int | None = None
        self.last_order_id: str | None = None
        self._attempt = 0
        self._lock = threading.RLock()

    # -- staff ------------------------------------------------------------------------------------------
    def login(self, username: str, untrusted_password: str) -> Principal:
        who = users.login(self.service.engine, username, untrusted_password)
        if who.role not in ALLOWED_ROLES:
            raise CitadelError("forbidden", f"role {who.role} cannot sell", role=who.role)
        self.cashier = who
        return who

    def logout(self) -> None:
        self.clear()
        self.cashier = None

    def _actor(self) -> str:
        if self.cashier is None:
            raise CitadelError("forbidden", "log in first", role="")
        return self.cashier.username

    # -- cart -------------------------------------------------------------------------------------------
    def add(
        self, product: str, category: str = "adult", quantity: int = 1, slot_id: int | None = None
    ) -> None:
        self._actor()
        self.catalogue.product(product)
        key = (product, category, slot_id)
        self.set_quantity(product, category, self.cart.get(key, 0) + quantity, slot_id)

    def set_quantity(self, product: str, category: str, quantity: int, slot_id: int | None = None) -> None:
        key = (product, category, slot_id)
        if quantity <= 0:
            self.cart.pop(key, None)
        else:
            self.cart[key] = min(quantity, sales.MAX_TICKETS_PER_ORDER)

    def clear(self) -> None:
        if self.order is not None and self.order.state in ("reserved", "cart"):
            self.service.release(self.order.id)
        self.cart.clear()
        self.order = None
        self.handle = None
        self.change = None
        self.group_ticket = False
        self._attempt = 0

    @property
    def total(self) -> int:
        return sum(self.catalogue.product(p).prices.get(c, 0) * n for (p, c, _slot), n in self.cart.items())

    @property
    def ticket_count(self) -> int:
        return sum(self.cart.values())

    # -- payment ----------------------------------------------------------------------------------------
    def checkout(self, method: str) -> PaymentHandle:
        """Create, reserve and commit the order in ``paying``, then start ``method``."""
        self._actor()
        provider = self.providers.get(method)
        if provider is None:
            raise CitadelError(
                "payment_unknown_provider", method, name=method, known=", ".join(self.providers)
            )
        if self.order is None:
            lines = [sales.CartLine(p, c, n, slot) for (p, c, slot), n in self.cart.items()]
            self.order = self.service.create_and_reserve(
                lines, language=self.language, group_ticket=self.group_ticket
            )
        self._attempt += 1
        summary = self.service.begin_payment(self.order.id, method)
        self.order = summary
        handle = provider.start(
            PaymentRequest(
                order_id=summary.id,
                order_code=summary.code,
                amount=summary.total,
                currency=summary.currency,
                language=self.language,
                attempt=self._attempt,
            )
        )
        if handle.reference:
            self.service.set_reference(summary.id, handle.reference)
        self.handle = handle
        return handle

    def tender_cash(self, amount_tendered: int) -> int:
        """Cash handed over: returns the change and completes the payment (tickets signed)."""
        handle = self.handle
        if handle is None or handle.provider != "cash":
            raise CitadelError("payment_not_pending", "no cash payment", state="none")
        provider = self.providers["cash"]
        change: int = provider.tender(handle, amount_tendered)  # type: ignore[attr-defined]
        self.change = change
        self._finish_payment(handle)
        return change

    def poll(self) -> PaymentState | None:
        handle = self.handle
        if handle is None:
            return None
        self.providers[handle.provider].poll(handle)
        if handle.terminal:
            self._finish_payment(handle)
        return handle.state

    def cancel_payment(self) -> None:
        handle = self.handle
        if handle is not None and not handle.terminal:
            self.providers[handle.provider].cancel(handle)
            if handle.state == PaymentState.SUCCEEDED:
                self._finish_payment(handle)
                return
        if self.order is not None:
            self.service.payment_failed(self.order.id, cancelled=True)
        self.order = None
        self.handle = None

    def _finish_payment(self, handle: PaymentHandle) -> None:
        assert self.order is not None
        if handle.state == PaymentState.SUCCEEDED:
            self.service.complete_payment(self.order.id, handle.reference or None)
            self.last_order_id = self.order.id
            self.order = self.service.order(self.order.id)
        else:
            # Declined or expired: give the places back; the next try builds a fresh order from the
            # cart as it is then (the cashier may have changed it).
            self.service.payment_failed(self.order.id)
            self.service.release(self.order.id)
            self.order = None
        self.handle = None

    # -- printing ---------------------------------------------------------------------------------------
    def print_order(self) -> PrintOutcome:
        if self.printer is None or self.last_order_id is None:
            raise CitadelError("printer_missing", "no printer or nothing to print")
        outcome = self.service.print_order(self.last_order_id, self.printer)
        if outcome.ok:
            self.cart.clear()
            self.order = None
            self.group_ticket = False
            self._attempt = 0
        return outcome

    def reprint_last(self) -> PrintOutcome:
        actor = self._actor()
        if self.printer is None or self.last_order_id is None:
            raise CitadelError("printer_missing", "no printer or nothing to print")
        return self.service.print_order(self.last_order_id, self.printer, actor=actor, all_tickets=True)

    def void_last(self, reason: str = "") -> str:
        """Void the last sale (cash handed back): its tickets are revoked, an audit event is written."""
        actor = self._actor()
        if self.last_order_id is None:
            raise CitadelError("not_found", "no sale to void", what="order", key="")
        with session_scope(self.service.engine) as s:
            order = sales.void(s, self.last_order_id, actor=actor, reason=reason)
            return order.code
