"""Qt kiosk layer: the ``citadel-kiosk`` entry point. The one place that picks implementations from
configuration: database, signing key, payment providers, printer URI, site and default language.

``build(settings, options)`` wires everything without showing a window (tests and the bench use it);
``main()`` adds the QApplication, recovery on start and the full-screen window.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from kiosk.bridge import FlowBridge
from kiosk.config import KioskOptions, load_kiosk_options
from kiosk.counter import CounterSession
from kiosk.flow import DB_RETRY_S, KioskFlow, available_methods
from kiosk.sale import SaleService
from shared import db, keys, sales
from shared.catalogue import demo_catalogue_path, load_catalogue
from shared.config import Settings, load_settings
from shared.errors import CitadelError, startup_error
from shared.i18n import tr
from shared.models import Product
from shared.payments import PaymentProvider, load_provider
from shared.slots import CentralSlots

if TYPE_CHECKING:
    from printer import Printer

log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    settings: Settings
    options: KioskOptions
    service: SaleService
    providers: dict[str, PaymentProvider]
    printer: Printer | None
    flow: KioskFlow
    counter: CounterSession | None = None

    def attach_printer(self) -> None:
        """Open the configured printer (imports python-escpos: done after the attract screen is up)."""
        if not self.settings.printer_uri:
            return
        from printer import open_printer

        self.printer = open_printer(self.settings.printer_uri)
        self.flow.printer = self.printer
        if self.counter is not None:
            self.counter.printer = self.printer


def _signer(settings: Settings, engine: Any) -> sales.Signer:
    store = keys.FileKeyStore(settings.data_dir / "keys")
    with db.session_scope(engine) as s:
        try:
            row = keys.signing_key_for_device(s, settings.device_id)
        except CitadelError:
            if not settings.demo_mode:
                raise
            # Demo mode only: enrol and approve this device on the spot so the demo can sell.
            row = keys.create_key(s, store, settings.device_id, approve=True)
        key_id = row.key_id
    return sales.Signer(key_id, store.load(key_id))


def build(
    settings: Settings, options: KioskOptions, *, clock: Any = None, with_printer: bool = True
) -> Kiosk:
    url = settings.resolved_database_url
    if url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    db.upgrade(url)
    engine = db.make_engine(url)
    if settings.demo_mode:
        with db.session_scope(engine) as s:
            if s.exec(select(Product)).first() is None:
                load_catalogue(s, demo_catalogue_path())
    service = SaleService(
        engine,
        _signer(settings, engine),
        device_id=settings.device_id,
        site_code=settings.site,
        timezone=settings.timezone,
        reservation_minutes=settings.reservation_minutes,
        central_slots=CentralSlots.for_device(settings),
    )
    if service.central_slots is not None:
        service.central_slots.watch()  # the product screen greys out timed tickets while central is away
    counter = options.mode == "counter"
    names = settings.payment_providers if counter else list(available_methods(settings.payment_providers))
    providers = {
        name: load_provider(
            name, settings.payment.get(name, {}), demo_mode=settings.demo_mode, counter_mode=counter
        )
        for name in names
    }
    extra: dict[str, Any] = {"clock": clock} if clock is not None else {}
    flow = KioskFlow(
        service,
        providers,
        None,
        default_language=settings.language,
        staff_pin=settings.staff_pin.get_secret_value() if settings.staff_pin else "",
        staff_location=options.staff_location,
        idle_s=options.idle_seconds,
        countdown_s=options.countdown_seconds,
        done_s=options.done_seconds,
        **extra,
    )
    kiosk = Kiosk(settings, options, service, providers, None, flow)
    if with_printer:
        kiosk.attach_printer()
    return kiosk


def make_window(kiosk: Kiosk) -> tuple[FlowBridge, QWidget]:
    from kiosk.window import KioskWindow

    bridge = FlowBridge(kiosk.flow, poll_interval_s=kiosk.options.poll_interval_s)
    if kiosk.options.mode == "counter":
        from kiosk.screens.counter import CounterWindow

        kiosk.counter = CounterSession(
            kiosk.service,
            kiosk.providers,
            kiosk.printer,
            quick_keys=kiosk.options.quick_keys,
            language=kiosk.settings.language,
        )
        return bridge, CounterWindow(bridge, kiosk.counter)
    return bridge, KioskWindow(bridge)


def launch(settings: Settings, options: KioskOptions) -> tuple[Kiosk, FlowBridge, QWidget]:
    """Build, show nothing yet, and queue the slow part of start-up (printer, crash recovery) on a worker
    so the attract screen is up first. Used by :func:`main` and by ``bench/kiosk.py``."""
    kiosk = build(settings, options, with_printer=False)
    kiosk.flow.load()
    bridge, window = make_window(kiosk)

    def startup() -> object:
        kiosk.attach_printer()
        report = kiosk.flow.recover()
        log.info("recovery on start: %s", report)
        return report

    bridge.run("startup", startup)
    bridge.start()
    return kiosk, bridge, window


class Startup:
    """Start the kiosk, and while that cannot be done (database unreachable or not set up, this device's
    key not approved yet) show an out-of-service screen with the coded reason, in the kiosk's language,
    and try again every ``retry_s`` seconds, as the running kiosk does when it loses its database. Never
    a traceback on the screen; the details go to the log."""

    def __init__(self, settings: Settings, options: KioskOptions, *, retry_s: float = DB_RETRY_S) -> None:
        self.settings = settings
        self.options = options
        self.kiosk: Kiosk | None = None
        self.bridge: FlowBridge | None = None
        self.window: QWidget | None = None
        self.error: CitadelError | None = None
        self.notice = _StartupNotice(settings, options)
        self.timer = QTimer()
        self.timer.setInterval(int(retry_s * 1000))
        self.timer.timeout.connect(self.attempt)

    def attempt(self) -> bool:
        try:
            self.kiosk, self.bridge, self.window = launch(self.settings, self.options)
        except (CitadelError, SQLAlchemyError, OSError) as exc:  # OSError: the data disk
            log.debug("kiosk start-up failed", exc_info=True)  # the traceback only in a debug log
            self.error = startup_error(exc)
        else:
            self.error = None
            self.timer.stop()
            self.notice.hide()
            _show(self.window, self.options)
            return True
        log.warning("kiosk cannot start yet, retrying: [%s] %s", self.error.code, self.error.message("en"))
        self.notice.show_error(self.error)
        _show(self.notice, self.options)
        if not self.timer.isActive():
            self.timer.start()
        return False


class _StartupNotice(QWidget):
    def __init__(self, settings: Settings, options: KioskOptions) -> None:
        super().__init__()
        from PySide6.QtWidgets import QVBoxLayout

        from kiosk.screens.base import label
        from kiosk.theme import stylesheet

        self.language = settings.language
        self.setObjectName("startup_notice")
        self.setStyleSheet(stylesheet())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        where = options.staff_location or "—"
        self.headline = label("⛔", "big", center=True)
        text = tr("kiosk.out_of_service", self.language, location=where)
        self.message = label(text, "subtitle", center=True)
        self.reason = label("", "reason", center=True)  # staff-facing: the code and what failed
        for widget in (self.headline, self.message, self.reason):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_error(self, error: CitadelError) -> None:
        self.headline.setText("⛔ " + tr("kiosk.startup_failed", self.language))
        self.reason.setText(f"[{error.code}] {error.message(self.language)}")


def _show(widget: QWidget, options: KioskOptions) -> None:
    if options.fullscreen:
        widget.showFullScreen()
    else:
        widget.resize(1280, 800)
        widget.show()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    try:
        settings, options = load_settings(), load_kiosk_options()
    except CitadelError as exc:  # a broken configuration file: nothing to retry
        print(f"citadel-kiosk: {exc.code}: {exc.message('en')}", file=sys.stderr)
        return 2
    startup = Startup(settings, options)
    startup.attempt()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
