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

from PySide6.QtWidgets import QApplication, QWidget
from sqlmodel import select

from kiosk.bridge import FlowBridge
from kiosk.config import KioskOptions, load_kiosk_options
from kiosk.counter import CounterSession
from kiosk.flow import KioskFlow, available_methods
from kiosk.sale import SaleService
from shared import db, keys, sales
from shared.catalogue import demo_catalogue_path, load_catalogue
from shared.config import Settings, load_settings
from shared.errors import CitadelError
from shared.models import Product
from shared.payments import PaymentProvider, load_provider

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
    )
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


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    try:
        _kiosk, _bridge, window = launch(load_settings(), load_kiosk_options())
    except CitadelError as exc:
        print(f"citadel-kiosk: {exc.code}: {exc.message(load_settings().language)}", file=sys.stderr)
        return 2
    if _kiosk.options.fullscreen:
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
