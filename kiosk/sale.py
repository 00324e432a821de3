"""Qt-free kiosk layer: the sale service the kiosk and counter flows share.

Owns the kiosk's use of the core sale state machine (``shared.sales``) with one transaction per step,
committed in the order the invariants ask for: the order is committed in ``paying`` before a provider
is called, and the signed tickets are committed before the first byte goes to the printer. It also owns
turning tickets into :class:`printer.TicketView` pages, the print loop with ``print_failed`` handling,
and crash recovery on start (reconcile ``paying``, finish ``paid``, reprint ``issued``).
Everything here is blocking I/O: the Qt layer calls it from worker threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

if TYPE_CHECKING:  # printer pulls in python-escpos and Pillow: imported when first used, after start-up
    from printer import JobResult, Printer, TicketView
    from shared.slots import CentralSlots
from shared import audit, sales
from shared.db import reader, session_scope
from shared.errors import CitadelError
from shared.models import (
    Category,
    Device,
    Order,
    OrderState,
    Price,
    Product,
    Ticket,
    TicketStatus,
    TimeSlot,
    utcnow,
)
from shared.payments import PaymentProvider, PaymentState
from shared.sync.outbox import SyncStatus, sync_status

log = logging.getLogger(__name__)
S = OrderState


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    code: str
    names: Mapping[str, str]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.code


@dataclass(frozen=True, slots=True)
class ProductInfo:
    """A product as the screens show it; names come from the catalogue data."""

    code: str
    kind: str
    names: Mapping[str, str]
    sites: tuple[Mapping[str, str], ...]
    validity_days: int
    needs_slot: bool
    prices: Mapping[str, int]
    currency: str

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.code

    def site_names(self, lang: str) -> list[str]:
        return [s.get(lang) or s.get("en") or "" for s in self.sites]


@dataclass(frozen=True, slots=True)
class SlotInfo:
    id: int
    starts_at: datetime
    minutes: int
    remaining: int


@dataclass(frozen=True, slots=True)
class Catalogue:
    products: tuple[ProductInfo, ...]
    categories: tuple[CategoryInfo, ...]

    def product(self, code: str) -> ProductInfo:
        for p in self.products:
            if p.code == code:
                return p
        raise CitadelError("unknown_product", code, product=code)


@dataclass(frozen=True, slots=True)
class OrderSummary:
    id: str
    code: str
    total: int
    currency: str
    state: str


@dataclass
class PrintOutcome:
    ok: bool
    code: str | None
    printed: int
    total: int
    order_code: str


@dataclass
class RecoveryReport:
    """What :meth:`SaleService.recover` did, order code by order code."""

    paid: list[str] = field(default_factory=list)  # paying -> paid and ticketed (money had arrived)
    cancelled: list[str] = field(default_factory=list)  # paying -> cancelled (no money)
    released: list[str] = field(default_factory=list)  # reserved carts given back
    reprinted: list[str] = field(default_factory=list)  # issued/paid orders printed now
    print_failed: list[str] = field(default_factory=list)
    needs_attention: list[str] = field(default_factory=list)  # provider unknown or unreachable


ProgressCallback = Callable[[int, int], None]
EventCallback = Callable[[str, str], None]


class SaleService:
    """One device's sales against one database. Thread-safe: every call opens its own session."""

    def __init__(
        self,
        engine: Engine,
        signer: sales.Signer,
        *,
        device_id: str,
        site_code: str,
        timezone: str = "Asia/Ho_Chi_Minh",
        reservation_minutes: int = 10,
        on_event: EventCallback | None = None,
        central_slots: CentralSlots | None = None,
    ) -> None:
        self.engine = engine
        # In a site network: time-slot places are also taken at central before payment (shared.slots).
        self.central_slots = central_slots
        self.signer = signer
        self.device_id = device_id
        self.site_code = site_code
        self.timezone = timezone
        self.reservation_minutes = reservation_minutes
        # Test and bench hook: called with (event, order_id) right after each committed step.
        self.on_event = on_event or (lambda event, order_id: None)

    # -- catalogue --------------------------------------------------------------------------------------
    def catalogue(self) -> Catalogue:
        with Session(reader(self.engine)) as s:  # reads only: no write lock
            cats = s.exec(select(Category).order_by(col(Category.sort))).all()
            categories = tuple(CategoryInfo(c.code, dict(c.names)) for c in cats)
            by_id = {c.id: c.code for c in cats}
            products = []
            for p in s.exec(select(Product).where(col(Product.active)).order_by(col(Product.number))).all():
                sites = sales.product_sites(s, p.id)
                prices = s.exec(select(Price).where(Price.product_id == p.id)).all()
                products.append(
                    ProductInfo(
                        code=p.code,
                        kind=p.kind,
                        names=dict(p.names),
                        sites=tuple(dict(x.names) for x in sites),
                        validity_days=p.validity_days,
                        needs_slot=p.needs_slot,
                        prices={by_id[x.category_id]: x.amount for x in prices if x.category_id in by_id},
                        currency=prices[0].currency if prices else "VND",
                    )
                )
            # Combos first: they are what most visitors come for.
            products.sort(key=lambda x: (x.kind != "combo", 0))
            return Catalogue(tuple(products), categories)

    def slots(self, product_code: str, now: datetime | None = None, days: int = 2) -> list[SlotInfo]:
        now = now or utcnow()
        with Session(reader(self.engine)) as s:  # reads only: no write lock
            product = s.exec(select(Product).where(Product.code == product_code)).first()
            if product is None:
                raise CitadelError("unknown_product", product_code, product=product_code)
            rows = s.exec(
                select(TimeSlot)
                .where(
                    TimeSlot.product_id == product.id,
                    col(TimeSlot.starts_at) > now,
                    col(TimeSlot.starts_at) < now + timedelta(days=days),
                )
                .order_by(col(TimeSlot.starts_at))
            ).all()
            return [SlotInfo(r.id or 0, r.starts_at, r.minutes, max(0, r.capacity - r.taken)) for r in rows]

    # -- the sale, one committed step at a time ---------------------------------------------------------
    def create_and_reserve(
        self,
        lines: Sequence[sales.CartLine],
        *,
        language: str,
        country: str | None = None,
        group_ticket: bool = False,
    ) -> OrderSummary:
        """Create the order and take its slot capacity in one transaction (nothing stays if full)."""
        with session_scope(self.engine) as s:
            order = sales.create_order(
                s,
                lines,
                device_id=self.device_id,
                site_code=self.site_code,
                language=language,
                country=country,
                group_ticket=group_ticket,
            )
            sales.reserve(s, order.id, minutes=self.reservation_minutes)
            summary = _summary(order)
            needs = sales.slot_needs(s, order.id)
        if needs and self.central_slots is not None:
            self._hold_at_central(summary.id, needs)
        self.on_event("reserved", summary.id)
        return summary

    def timed_sales_open(self) -> bool:
        """Whether timed tickets can be sold now: always on one database; in a site network only while
        central answers (its places are taken there). Instant: the answer is kept by a probe thread."""
        return self.central_slots is None or self.central_slots.reachable()

    def _hold_at_central(self, order_id: str, needs: dict[int, int]) -> None:
        """Take the order's slot places at central too; if central refuses or cannot be reached, give
        the local places back (the order is released) and raise. Either way the device's view of the
        slots is corrected with central's counts."""
        assert self.central_slots is not None
        try:
            taken = self.central_slots.hold(order_id, needs)
        except CitadelError as exc:
            with session_scope(self.engine) as s:
                sales.release(s, order_id)
            if exc.code == "slot_full":
                self._mirror_taken(self.central_slots.taken(list(needs)))
            raise
        self._mirror_taken(taken)

    def _mirror_taken(self, taken: Mapping[int, int]) -> None:
        if not taken:
            return
        with session_scope(self.engine) as s:
            for slot_id, count in taken.items():
                slot = s.get(TimeSlot, slot_id)
                if slot is not None and slot.taken != count:
                    slot.taken = count
                    s.add(slot)

    def release(self, order_id: str) -> None:
        """Give the reservation back; harmless on an order already released, cancelled or failed."""
        with session_scope(self.engine) as s:
            order = sales.get_order(s, order_id)
            state = OrderState(order.state)
            if state in (S.CART, S.RESERVED, S.PAYMENT_FAILED):
                sales.release(s, order_id)
            elif state == S.PAYING:
                sales.mark_payment_failed(s, order_id, cancelled=True)
        self.on_event("released", order_id)

    def begin_payment(self, order_id: str, provider: str) -> OrderSummary:
        with session_scope(self.engine) as s:
            order = sales.start_payment(s, order_id, provider)
            summary = _summary(order)
        self.on_event("paying", order_id)
        return summary

    def set_reference(self, order_id: str, reference: str) -> None:
        with session_scope(self.engine) as s:
            sales.set_payment_reference(s, order_id, reference)

    def payment_failed(self, order_id: str, *, cancelled: bool = False) -> None:
        with session_scope(self.engine) as s:
            order = sales.get_order(s, order_id)
            if order.state == S.PAYING or (cancelled and order.state == S.PAYMENT_FAILED):
                sales.mark_payment_failed(s, order_id, cancelled=cancelled)
        self.on_event("payment_failed", order_id)

    def complete_payment(self, order_id: str, reference: str | None) -> list[int]:
        """paying -> paid -> issued in one transaction: signed tickets are committed before printing."""
        with session_scope(self.engine) as s:
            order = sales.get_order(s, order_id)
            if order.state == S.PAYING:
                sales.mark_paid(s, order_id, reference)
            tickets = sales.issue_tickets(s, order_id, self.signer)
            ids = [t.id for t in tickets]
        self.on_event("issued", order_id)
        return ids

    def order(self, order_id: str) -> OrderSummary:
        with Session(reader(self.engine)) as s:  # reads only: no write lock
            return _summary(sales.get_order(s, order_id))

    # -- printing ---------------------------------------------------------------------------------------
    def ticket_pages(self, order_id: str, *, only_unprinted: bool = True) -> list[tuple[int, bytes, str]]:
        """(ticket id, ESC/POS bytes, token) for the order's tickets, rendered in the buyer's language."""
        from printer import render_ticket

        return [
            (tid, render_ticket(view), view.token)
            for tid, view in self.ticket_views(order_id, only_unprinted)
        ]

    def ticket_views(self, order_id: str, only_unprinted: bool = True) -> list[tuple[int, TicketView]]:
        with Session(reader(self.engine)) as s:  # reads only: no write lock
            order = sales.get_order(s, order_id)
            lang = order.language
            out: list[tuple[int, TicketView]] = []
            for t in sales.order_tickets(s, order_id):
                if t.status == TicketStatus.REVOKED:
                    continue
                if only_unprinted and t.status == TicketStatus.PRINTED:
                    continue
                out.append((t.id, self._view(s, order, t, lang)))
            return out

    def _view(self, s: Session, order: Order, t: Ticket, lang: str) -> TicketView:
        from printer.tickets import ticket_view

        return ticket_view(s, t, lang, order.code, order.currency)

    def print_order(
        self,
        order_id: str,
        printer: Printer,
        *,
        on_progress: ProgressCallback | None = None,
        actor: str | None = None,
        all_tickets: bool = False,
    ) -> PrintOutcome:
        """Print the order's unprinted tickets (all with ``all_tickets``, a reprint), one job per ticket.

        Each ticket is marked printed in its own commit right after the printer confirms it, so a crash
        between two tickets reprints only the rest. A failed job ends the order in ``print_failed``.
        """
        with session_scope(self.engine) as s:
            order = sales.get_order(s, order_id)
            if order.state == S.PAID:  # a crash between paid and issued: sign now, then print
                sales.issue_tickets(s, order_id, self.signer)
            code = order.code
            if actor is not None:
                audit.record(s, actor, "order.reprint", code, device=self.device_id)
        from printer import render_ticket

        views = self.ticket_views(order_id, only_unprinted=not all_tickets)
        total = len(views)
        printed = 0
        if on_progress is not None:
            on_progress(0, total)
        for ticket_id, view in views:
            result: JobResult = printer.print_job(render_ticket(view, profile=printer.profile))
            if not result.ok:
                with session_scope(self.engine) as s:
                    sales.mark_print_failed(s, order_id, [tid for tid, _ in views[printed:]])
                    self._device_printer_state(s, result.code or "error")
                self.on_event("print_failed", order_id)
                return PrintOutcome(False, result.code or "error", printed, total, code)
            # One commit per ticket: a crash between two tickets reprints only the rest.
            with session_scope(self.engine) as s:
                sales.mark_printed(s, order_id, [ticket_id])
            printed += 1
            self.on_event("ticket_printed", order_id)
            if on_progress is not None:
                on_progress(printed, total)
        with session_scope(self.engine) as s:
            self._device_printer_state(s, "ok")
        self.on_event("printed", order_id)
        return PrintOutcome(True, None, printed, total, code)

    def _device_printer_state(self, s: Session, state: str) -> None:
        """Record the printer state on this device's row, where admin's device list reads it."""
        device = s.get(Device, self.device_id)
        if device is None:
            device = Device(id=self.device_id, kind="kiosk", site_code=self.site_code)
        device.printer_state = state
        device.last_seen = utcnow()
        s.add(device)

    def set_printer_state(self, state: str) -> None:
        with session_scope(self.engine) as s:
            self._device_printer_state(s, state)

    def test_print(self, printer: Printer, lang: str, status_text: str = "") -> JobResult:
        from printer import render_test_page

        return printer.print_job(render_test_page(lang, status_text, profile=printer.profile))

    def last_order_id(self) -> str | None:
        """The newest ticketed order of this device (for "reprint last order")."""
        with Session(reader(self.engine)) as s:  # reads only: no write lock
            row = s.exec(
                select(Order)
                .where(
                    Order.device_id == self.device_id,
                    col(Order.state).in_([x.value for x in sales.TICKETED]),
                )
                .order_by(col(Order.created_at).desc())
            ).first()
            return row.id if row else None

    def unprinted_orders(self) -> list[str]:
        with Session(reader(self.engine)) as s:  # reads only: no write lock
            return [o.id for o in sales.orders_in(s, [S.PRINT_FAILED, S.ISSUED], self.device_id)]

    def sync_status(self) -> SyncStatus:
        """This kiosk's uploads waiting for central (its sales, tickets and events in the outbox), and
        when ``citadel-sync@kiosk`` last delivered or failed."""
        with Session(reader(self.engine)) as s:
            return sync_status(s)

    # -- crash recovery ---------------------------------------------------------------------------------
    def recover(self, providers: Mapping[str, PaymentProvider], printer: Printer | None) -> RecoveryReport:
        """Resume every order this device left mid-sale, following the sale state machine."""
        report = RecoveryReport()
        with session_scope(self.engine) as s:
            leftovers = [
                (o.id, o.code, OrderState(o.state), o.provider, o.total, o.currency)
                for o in sales.orders_in(
                    s, [S.CART, S.RESERVED, S.PAYING, S.PAYMENT_FAILED, S.PAID, S.ISSUED], self.device_id
                )
            ]
        for order_id, code, state, provider_name, total, currency in leftovers:
            if state in (S.CART, S.RESERVED, S.PAYMENT_FAILED):
                self.release(order_id)
                report.released.append(code)
                continue
            if state == S.PAYING:
                provider = providers.get(provider_name or "")
                if provider is None:
                    report.needs_attention.append(code)
                    continue
                try:
                    handle = provider.reconcile(order_id, total, currency)
                except CitadelError as exc:
                    log.warning("reconcile %s: %s", code, exc)
                    report.needs_attention.append(code)
                    continue
                if handle is not None and not handle.terminal:
                    # Nobody is at the screen any more: stop the attempt (never cancels a success).
                    provider.cancel(handle)
                if handle is not None and handle.state == PaymentState.SUCCEEDED:
                    self.complete_payment(order_id, handle.reference or None)
                    report.paid.append(code)
                    state = S.ISSUED
                else:
                    self.payment_failed(order_id, cancelled=True)
                    report.cancelled.append(code)
                    continue
            if state in (S.PAID, S.ISSUED):
                if printer is None:
                    report.print_failed.append(code)
                    continue
                outcome = self.print_order(order_id, printer)
                (report.reprinted if outcome.ok else report.print_failed).append(code)
        return report


def _summary(order: Order) -> OrderSummary:
    return OrderSummary(order.id, order.code, order.total, order.currency, str(order.state))
