"""Qt-free kiosk layer: the self-service screen flow as a state machine, and the view state it exposes.

``attract -> language -> product -> (slot) -> quantities -> country -> review -> payment -> printing
-> done -> attract``, plus ``out_of_service`` (printer fault, no signing key) and ``maintenance``.
The order is created and its slot reserved when the visitor reaches *review*, so the review screen
shows a held place and a sold-out slot is caught before any money moves.

Time is injected (``clock``, monotonic seconds): :meth:`KioskFlow.tick` applies the idle rule, so
tests drive a 60 s + 20 s timeout without waiting. The Qt layer calls :meth:`tick` from a QTimer,
runs :meth:`pay`, :meth:`await_payment` and :meth:`print_tickets` on worker threads (they block on
the provider and the printer), and re-renders from :attr:`view` whenever ``on_change`` fires. The
flow guards its state with one lock; ``on_change`` may be called from any thread.
"""

from __future__ import annotations

import functools
import hmac
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.exc import InterfaceError, OperationalError

from kiosk.sale import Catalogue, OrderSummary, PrintOutcome, RecoveryReport, SaleService, SlotInfo
from shared import sales
from shared.errors import CitadelError
from shared.i18n import LANGUAGES, tr
from shared.payments import PaymentHandle, PaymentProvider, PaymentRequest, PaymentState

if TYPE_CHECKING:
    from printer import Printer, PrinterStatus

log = logging.getLogger(__name__)


class Step(StrEnum):
    ATTRACT = "attract"
    LANGUAGE = "language"
    PRODUCT = "product"
    SLOT = "slot"
    QUANTITIES = "quantities"
    COUNTRY = "country"
    REVIEW = "review"
    PAYMENT = "payment"
    PRINTING = "printing"
    DONE = "done"
    OUT_OF_SERVICE = "out_of_service"
    MAINTENANCE = "maintenance"


# Steps where a visitor is expected to act; idling there ends the session.
IDLE_STEPS = frozenset(
    {Step.LANGUAGE, Step.PRODUCT, Step.SLOT, Step.QUANTITIES, Step.COUNTRY, Step.REVIEW, Step.PAYMENT}
)
MAX_PER_CATEGORY = 20
DB_RETRY_S = 30.0
SLOT_REFRESH_S = 10.0
P = ParamSpec("P")
R = TypeVar("R")


def _db_guard(
    method: Callable[Concatenate[KioskFlow, P], R],
) -> Callable[Concatenate[KioskFlow, P], R | None]:
    """A database that cannot be reached (the central server in a site network, a full disk) stops
    selling with a translated reason instead of a traceback; :meth:`KioskFlow.tick` retries it."""

    @functools.wraps(method)
    def wrapper(self: KioskFlow, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(self, *args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            log.warning("database unreachable: %s", exc)
            self._stop_selling("database_unreachable", None)
            return None

    return wrapper


@dataclass(frozen=True)
class Notice:
    """A message for the visitor: a stable code and its text in the visitor's language."""

    code: str
    text: str


@dataclass(frozen=True)
class View:
    """Everything a screen needs to draw itself. Immutable: each change makes a new one."""

    step: Step = Step.ATTRACT
    language: str = "vi"
    catalogue: Catalogue | None = None
    product: str | None = None
    slots: tuple[SlotInfo, ...] = ()
    slot_id: int | None = None
    quantities: Mapping[str, int] = field(default_factory=dict)
    country: str | None = None
    order: OrderSummary | None = None
    total: int = 0
    currency: str = "VND"
    methods: tuple[str, ...] = ()
    method: str | None = None
    payment_state: str | None = None
    payment_qr: str | None = None
    printed: int = 0
    to_print: int = 0
    notice: Notice | None = None
    idle_countdown: int | None = None
    out_of_service: str | None = None  # fault code while the kiosk cannot sell
    staff_location: str = ""
    high_contrast: bool = False
    large_text: bool = False
    timed_open: bool = True  # timed tickets on sale (in a site network: central answers)


Listener = Callable[[View], None]


class KioskFlow:
    """The self-service session. One instance per kiosk; screens only read :attr:`view` and call methods."""

    def __init__(
        self,
        service: SaleService,
        providers: Mapping[str, PaymentProvider],
        printer: Printer | None,
        *,
        default_language: str = "vi",
        staff_pin: str = "",
        staff_location: str = "",
        idle_s: float = 60.0,
        countdown_s: float = 20.0,
        done_s: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
        on_change: Listener | None = None,
    ) -> None:
        if countdown_s < 20:
            raise ValueError("the idle countdown must give at least 20 s")
        self.service = service
        self.providers = dict(providers)
        self.printer = printer
        self.default_language = default_language if default_language in LANGUAGES else "vi"
        self._staff_pin = staff_pin
        self.idle_s = idle_s
        self.countdown_s = countdown_s
        self.done_s = done_s
        self.clock = clock
        self.on_change = on_change
        self._lock = threading.RLock()
        self._last_touch = clock()
        self._handle: PaymentHandle | None = None
        self._attempt = 0
        self._pin_failures = 0
        self._pin_locked_until = 0.0
        self._step_before_maintenance = Step.ATTRACT
        self._next_db_retry = 0.0
        self._next_slot_refresh = 0.0
        self._print_lock = threading.Lock()
        self.last_recovery: RecoveryReport | None = None
        self._view = View(
            language=self.default_language,
            methods=tuple(self.providers),
            staff_location=staff_location,
        )

    # -- view state -------------------------------------------------------------------------------------
    @property
    def view(self) -> View:
        return self._view

    @property
    def step(self) -> Step:
        return self._view.step

    @property
    def payment_handle(self) -> PaymentHandle | None:
        return self._handle

    def _set(self, **changes: object) -> None:
        with self._lock:
            self._view = replace(self._view, **changes)  # type: ignore[arg-type]
            view = self._view
        if self.on_change is not None:
            self.on_change(view)

    def _notice(self, code: str, text: str | None = None) -> Notice:
        return Notice(code, text if text is not None else tr(f"kiosk.{code}", self._view.language))

    # -- idle -------------------------------------------------------------------------------------------
    def touch(self) -> None:
        """Any touch on the screen: resets the idle timer and hides the "still there?" overlay."""
        with self._lock:
            self._last_touch = self.clock()
            if self._view.idle_countdown is not None:
                self._set(idle_countdown=None)

    more_time = touch

    def tick(self) -> None:
        """Apply the idle rule at the current clock. Called every few hundred ms by the GUI timer."""
        with self._lock:
            now = self.clock()
            idle = now - self._last_touch
            step = self._view.step
            if step == Step.OUT_OF_SERVICE and self._view.out_of_service == "database_unreachable":
                if now >= self._next_db_retry:
                    self._next_db_retry = now + DB_RETRY_S
                    self._retry_database()
                return
            timed_open = self.service.timed_sales_open()
            if step == Step.PRODUCT and timed_open != self._view.timed_open:
                self._show_timed(timed_open)  # the network went or came back
            if step == Step.SLOT and now >= self._next_slot_refresh:
                # Live remaining capacity: other kiosks and the counter sell the same slots.
                self._next_slot_refresh = now + SLOT_REFRESH_S
                self.refresh_slots()
            if step == Step.DONE:
                if idle >= self.done_s:
                    self._reset()
                return
            if step not in IDLE_STEPS:
                return
            if (
                step == Step.PAYMENT
                and self._handle is not None
                and self._handle.state == PaymentState.PROCESSING
            ):
                return  # a card is being read: never cut a visitor off mid-authorisation
            if idle >= self.idle_s + self.countdown_s:
                self.timeout()
            elif idle >= self.idle_s:
                remaining = math.ceil(self.idle_s + self.countdown_s - idle)
                if remaining != self._view.idle_countdown:
                    self._set(idle_countdown=remaining)

    def _retry_database(self) -> None:
        try:
            catalogue = self.service.catalogue()
        except (OperationalError, InterfaceError):
            return
        self._set(catalogue=catalogue, out_of_service=None, notice=None, step=Step.ATTRACT, order=None)

    @_db_guard
    def timeout(self) -> None:
        """The visitor walked away: cancel the cart, release the reservation, cancel a pending payment."""
        with self._lock:
            handle, self._handle = self._handle, None
            order = self._view.order
        if handle is not None:
            provider = self.providers.get(handle.provider)
            if provider is not None and not handle.terminal:
                provider.cancel(handle)
            if handle.state == PaymentState.SUCCEEDED:
                # The money arrived as we gave up: the sale stands, tickets print.
                self._handle = handle
                self._payment_result(handle)
                return
        if order is not None:
            self.service.release(order.id)
        self._reset()

    def _reset(self) -> None:
        with self._lock:
            self._handle = None
            self._attempt = 0
            self._last_touch = self.clock()
            base = View(
                step=Step.OUT_OF_SERVICE if self._view.out_of_service else Step.ATTRACT,
                language=self.default_language,
                catalogue=self._view.catalogue,
                methods=tuple(self.providers),
                out_of_service=self._view.out_of_service,
                staff_location=self._view.staff_location,
                notice=self._view.notice if self._view.out_of_service else None,
                order=self._view.order if self._view.out_of_service else None,
                high_contrast=self._view.high_contrast,
                large_text=self._view.large_text,
            )
            self._set(**{f: getattr(base, f) for f in base.__dataclass_fields__})

    # -- start and recovery -----------------------------------------------------------------------------
    def start(self) -> RecoveryReport:
        """On launch: load the catalogue and resume what a crash left (reconcile, reprint)."""
        self.load()
        return self.recover()

    def load(self) -> None:
        """What the attract loop needs: the catalogue."""
        self._set(catalogue=self.service.catalogue())

    def recover(self) -> RecoveryReport:
        """Reconcile orders left in ``paying``, reprint those left in ``issued`` (blocking: a worker)."""
        report = self.service.recover(self.providers, self.printer)
        self.last_recovery = report
        if report.print_failed:
            self._stop_selling("printer", report.print_failed[-1])
        return report

    def _stop_selling(self, code: str, order_code: str | None) -> None:
        text = tr("kiosk.out_of_service", self._view.language, location=self._view.staff_location or "—")
        if code == "database_unreachable":
            self._handle = None
            self._next_db_retry = self.clock() + DB_RETRY_S
            text = tr("kiosk.database_unreachable", self._view.language) + "\n" + text
        if order_code:
            text = tr("kiosk.print_failed", self._view.language, code=order_code) + "\n" + text
        self._set(step=Step.OUT_OF_SERVICE, out_of_service=code, notice=Notice(f"print_failed.{code}", text))

    # -- accessibility ----------------------------------------------------------------------------------
    def toggle_high_contrast(self) -> None:
        self.touch()
        self._set(high_contrast=not self._view.high_contrast)

    def toggle_large_text(self) -> None:
        self.touch()
        self._set(large_text=not self._view.large_text)

    # -- the visitor's steps ----------------------------------------------------------------------------
    @_db_guard
    def begin(self) -> None:
        """Touch on the attract loop."""
        self.touch()
        if self._view.step != Step.ATTRACT:
            return
        if self._view.catalogue is None:
            self._set(catalogue=self.service.catalogue())
        self._set(step=Step.LANGUAGE, notice=None)

    def choose_language(self, lang: str) -> None:
        self.touch()
        if lang not in LANGUAGES:
            raise CitadelError("bad_language", lang, language=lang)
        self._set(language=lang, step=Step.PRODUCT, notice=None)
        self._show_timed(self.service.timed_sales_open())

    def _show_timed(self, open_: bool) -> None:
        """On the product screen: timed tickets are greyed out, with the reason, while they cannot be
        sold (site network, central out of reach); everything else sells."""
        has_timed = self._view.catalogue is not None and any(
            p.needs_slot for p in self._view.catalogue.products
        )
        notice = None if open_ or not has_timed else self._notice("slot_needs_central")
        self._set(timed_open=open_, notice=notice)

    @_db_guard
    def choose_product(self, code: str) -> None:
        self.touch()
        assert self._view.catalogue is not None
        product = self._view.catalogue.product(code)
        if product.needs_slot and not self.service.timed_sales_open():
            self._show_timed(False)  # the screen had not caught up with the network yet
            return
        if product.needs_slot:
            slots = tuple(self.service.slots(code))
            self._set(
                product=code,
                slots=slots,
                slot_id=None,
                step=Step.SLOT,
                notice=None,
                currency=product.currency,
            )
        else:
            self._set(
                product=code,
                slots=(),
                slot_id=None,
                step=Step.QUANTITIES,
                notice=None,
                currency=product.currency,
                quantities=self._view.quantities or {"adult": 1},
            )
        self._retotal()

    @_db_guard
    def refresh_slots(self) -> None:
        if self._view.product:
            self._set(slots=tuple(self.service.slots(self._view.product)))

    def choose_slot(self, slot_id: int) -> None:
        self.touch()
        slot = next((s for s in self._view.slots if s.id == slot_id), None)
        if slot is None or slot.remaining <= 0:
            self.refresh_slots()
            self._set(notice=self._notice("slot_sold_out"))
            return
        self._set(
            slot_id=slot_id,
            step=Step.QUANTITIES,
            notice=None,
            quantities=self._view.quantities or {"adult": 1},
        )
        self._retotal()

    def set_quantity(self, category: str, quantity: int) -> None:
        self.touch()
        quantity = max(0, min(MAX_PER_CATEGORY, quantity))
        q = dict(self._view.quantities)
        q[category] = quantity
        self._set(quantities=q, notice=None)
        self._retotal()

    def increment(self, category: str, delta: int = 1) -> None:
        self.set_quantity(category, self._view.quantities.get(category, 0) + delta)

    def _retotal(self) -> None:
        v = self._view
        if v.catalogue is None or v.product is None:
            return
        product = v.catalogue.product(v.product)
        total = sum(product.prices.get(c, 0) * n for c, n in v.quantities.items())
        self._set(total=total)

    def _lines(self) -> list[sales.CartLine]:
        v = self._view
        assert v.product is not None
        return [sales.CartLine(v.product, c, n, v.slot_id) for c, n in v.quantities.items() if n > 0]

    def quantities_done(self) -> None:
        self.touch()
        if not self._lines():
            self._set(notice=self._notice("choose_quantity"))
            return
        self._set(step=Step.COUNTRY, notice=None)

    @_db_guard
    def choose_country(self, country: str | None) -> None:
        """One tap on a country, or ``None`` for "skip"; then the order is created and reserved."""
        self.touch()
        self._set(country=country, notice=None)
        self._to_review()

    def _to_review(self) -> None:
        v = self._view
        try:
            order = self.service.create_and_reserve(self._lines(), language=v.language, country=v.country)
        except CitadelError as exc:
            if exc.code == "slot_full":
                # Someone else bought the last places while this visitor was choosing.
                self.refresh_slots()
                self._set(step=Step.SLOT, slot_id=None, notice=self._notice("slot_sold_out"))
                return
            if exc.code == "slot_needs_central":
                # Site network, central out of reach: timed places cannot be checked; the rest sells.
                self._set(step=Step.PRODUCT, slot_id=None)
                self._show_timed(False)
                return
            raise
        self._set(order=order, step=Step.REVIEW, total=order.total, currency=order.currency)

    @_db_guard
    def back(self) -> None:
        """The back button: one screen back; leaving review gives the reservation back."""
        self.touch()
        v = self._view
        if v.step == Step.LANGUAGE:
            self._reset()
        elif v.step == Step.PRODUCT:
            self._set(step=Step.LANGUAGE, notice=None)
        elif v.step == Step.SLOT:
            self._set(step=Step.PRODUCT, notice=None)
        elif v.step == Step.QUANTITIES:
            product = v.catalogue.product(v.product) if v.catalogue and v.product else None
            self._set(step=Step.SLOT if product and product.needs_slot else Step.PRODUCT, notice=None)
        elif v.step == Step.COUNTRY:
            self._set(step=Step.QUANTITIES, notice=None)
        elif v.step in (Step.REVIEW, Step.PAYMENT):
            if v.step == Step.PAYMENT and not self._cancel_payment():
                return
            if v.order is not None:
                self.service.release(v.order.id)
            self._set(step=Step.COUNTRY, order=None, notice=None, method=None, payment_state=None)
        if self._view.step == Step.PRODUCT:
            self._show_timed(self.service.timed_sales_open())

    def cancel(self) -> None:
        """The visitor pressed Cancel: same as walking away, at once."""
        self.timeout()

    def finish(self) -> None:
        """ "Finish" on the done screen: back to the attract loop without waiting."""
        if self._view.step == Step.DONE:
            self._reset()

    def confirm(self) -> None:
        """Review accepted: show the payment methods."""
        self.touch()
        if self._view.step == Step.REVIEW:
            self._set(step=Step.PAYMENT, method=None, payment_state=None, notice=None)

    # -- payment ----------------------------------------------------------------------------------------
    @_db_guard
    def pay(self, method: str) -> PaymentHandle:
        """Commit the order in ``paying``, then start the payment (blocking: a worker thread calls this)."""
        self.touch()
        v = self._view
        if v.step != Step.PAYMENT or v.order is None:
            raise CitadelError(
                "invalid_transition",
                "not at the payment step",
                entity="kiosk",
                current=v.step.value,
                target="pay",
            )
        provider = self.providers.get(method)
        if provider is None:
            raise CitadelError(
                "payment_unknown_provider", method, name=method, known=", ".join(self.providers)
            )
        self._attempt += 1
        summary = self.service.begin_payment(v.order.id, method)
        request = PaymentRequest(
            order_id=summary.id,
            order_code=summary.code,
            amount=summary.total,
            currency=summary.currency,
            description=f"Citadel {summary.code}",
            language=v.language,
            attempt=self._attempt,
        )
        try:
            handle = provider.start(request)
        except CitadelError as exc:
            self.service.payment_failed(summary.id)
            self._set(
                payment_state=PaymentState.FAILED.value, notice=Notice(exc.code, exc.message(v.language))
            )
            raise
        if handle.reference:
            self.service.set_reference(summary.id, handle.reference)
        with self._lock:
            self._handle = handle
        # Waiting is not a problem: the screen's prompt says what to do; notices are for failures.
        self._set(method=method, payment_state=handle.state.value, payment_qr=handle.qr_payload, notice=None)
        return handle

    @_db_guard
    def poll_payment(self) -> PaymentState | None:
        """One poll of the pending payment; applies a final result. Returns the state (None if none)."""
        handle = self._handle
        if handle is None:
            return None
        provider = self.providers[handle.provider]
        provider.poll(handle)
        self._payment_update(handle)
        return handle.state

    @_db_guard
    def await_payment(
        self, poll_interval_s: float = 0.5, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        """Poll until the payment ends or is abandoned (worker thread)."""
        handle = self._handle
        if handle is None:
            return
        provider = self.providers[handle.provider]
        provider.wait(
            handle,
            on_update=self._payment_update,
            poll_interval_s=poll_interval_s,
            should_stop=lambda: self._handle is not handle,
            sleep=sleep,
        )

    def _payment_update(self, handle: PaymentHandle) -> None:
        if handle is not self._handle:
            return  # an abandoned attempt (timeout, cancel) finishing late
        if handle.terminal:
            self._payment_result(handle)
        else:
            self._set(payment_state=handle.state.value, notice=None)

    def _payment_result(self, handle: PaymentHandle) -> None:
        with self._lock:
            if handle is not self._handle:
                return
            order = self._view.order
            assert order is not None
            lang = self._view.language
            if handle.state == PaymentState.SUCCEEDED:
                self._handle = None
                ticket_ids = self.service.complete_payment(order.id, handle.reference or None)
                self._last_touch = self.clock()
                self._set(
                    step=Step.PRINTING,
                    payment_state=handle.state.value,
                    printed=0,
                    to_print=len(ticket_ids),
                    notice=None,
                    idle_countdown=None,
                )
                return
            self._handle = None
            self.service.payment_failed(order.id)
            # Declined, expired or failed: the order waits in payment_failed; retry or another method.
            self._set(
                payment_state=handle.state.value,
                method=None,
                notice=Notice("payment." + (handle.error_code or handle.state.value), handle.message(lang)),
            )

    def _cancel_payment(self) -> bool:
        """Stop a pending payment; False if it had already succeeded (the sale must go on)."""
        handle = self._handle
        if handle is None:
            return True
        provider = self.providers[handle.provider]
        if not handle.terminal:
            provider.cancel(handle)
        if handle.state == PaymentState.SUCCEEDED:
            self._payment_result(handle)
            return False
        with self._lock:
            self._handle = None
        if self._view.order is not None:
            self.service.payment_failed(self._view.order.id, cancelled=True)
        return True

    # -- printing ---------------------------------------------------------------------------------------
    @_db_guard
    def print_tickets(self) -> PrintOutcome | None:
        """Print the paid order (worker thread). A printer fault stops selling until staff fix it."""
        # One printing at a time, whoever calls (the pay worker, recovery, a test): a second caller
        # returns at once and the first one's progress is what the screen shows.
        if not self._print_lock.acquire(blocking=False):
            return None
        try:
            return self._print_tickets()
        finally:
            self._print_lock.release()

    def _print_tickets(self) -> PrintOutcome | None:
        v = self._view
        if v.step != Step.PRINTING or v.order is None:
            return None
        if self.printer is None:
            self._stop_selling("no_printer", v.order.code)
            return None
        outcome = self.service.print_order(
            v.order.id, self.printer, on_progress=lambda done, total: self._set(printed=done, to_print=total)
        )
        if outcome.ok:
            with self._lock:
                self._last_touch = self.clock()
            self._set(step=Step.DONE, notice=None)
        else:
            self._stop_selling(outcome.code or "error", outcome.order_code)
        return outcome

    # -- maintenance (staff) ----------------------------------------------------------------------------
    def open_maintenance(self, untrusted_pin: str) -> bool:
        """The hidden gesture was made and a PIN typed. Five wrong PINs lock the pad for 5 minutes."""
        now = self.clock()
        if now < self._pin_locked_until:
            self._set(notice=self._notice("pin_locked"))
            return False
        ok = bool(self._staff_pin) and hmac.compare_digest(untrusted_pin.encode(), self._staff_pin.encode())
        if not ok:
            self._pin_failures += 1
            if self._pin_failures >= 5:
                self._pin_locked_until = now + 300
                self._pin_failures = 0
            self._set(notice=self._notice("pin_wrong"))
            return False
        self._pin_failures = 0
        if self._view.step in IDLE_STEPS:
            self.timeout()  # a visitor's half-done cart must not survive a staff session
        self._step_before_maintenance = Step.OUT_OF_SERVICE if self._view.out_of_service else Step.ATTRACT
        self._set(step=Step.MAINTENANCE, notice=None, idle_countdown=None)
        return True

    def close_maintenance(self) -> None:
        self._set(step=Step.OUT_OF_SERVICE if self._view.out_of_service else Step.ATTRACT)

    def printer_status(self) -> PrinterStatus | None:
        return self.printer.status() if self.printer is not None else None

    def test_print(self) -> bool:
        if self.printer is None:
            return False
        status = self.printer_status()
        text = f"{self.service.device_id} @ {self.service.site_code}: {status.problem if status else '-'}"
        return self.service.test_print(self.printer, self.default_language, text).ok

    def reprint_last(self, actor: str = "staff") -> PrintOutcome | None:
        """Reprint the newest order: its unprinted tickets after a fault, else all of them (audited)."""
        order_id = self.service.last_order_id()
        if order_id is None or self.printer is None:
            return None
        pending = order_id in self.service.unprinted_orders()
        outcome = self.service.print_order(order_id, self.printer, actor=actor, all_tickets=not pending)
        if outcome.ok and self._view.out_of_service and not self.service.unprinted_orders():
            self.paper_replaced()
        return outcome

    def paper_replaced(self) -> bool:
        """Staff reloaded the printer: back in service if it now reports good and nothing waits to print."""
        status = self.printer_status()
        if status is not None and (status.good or (not status.known and status.fault is None)):
            self.service.set_printer_state("ok")
            self._set(out_of_service=None, notice=None)
            if self._view.step == Step.OUT_OF_SERVICE:
                self._set(step=Step.ATTRACT)
            return True
        return False

    def device_status(self) -> dict[str, str]:
        status = self.printer_status()
        url = self.service.engine.url
        sync = self.service.sync_status()
        tz = ZoneInfo(self.service.timezone)

        def when(at: datetime | None) -> str:
            return at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if at is not None else "—"

        return {
            "device": self.service.device_id,
            "site": self.service.site_code,
            "database": f"{url.get_backend_name()} ({url.database or ''})",
            "printer": "—" if status is None else (status.problem or "ok"),
            "unprinted": str(len(self.service.unprinted_orders())),
            "uploads": str(sync.waiting),
            "last_sync": when(sync.last_sync),
            "sync_error": f"{when(sync.last_error_at)} {sync.last_error}" if sync.last_error else "—",
            "providers": ", ".join(self.providers),
        }


def available_methods(providers: Sequence[str]) -> tuple[str, ...]:
    """Self-service never offers cash (no drawer, nobody to count)."""
    return tuple(p for p in providers if p != "cash")
