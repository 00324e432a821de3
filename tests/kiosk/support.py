"""Helpers for the kiosk tests: a hand-driven clock, a kiosk built on the test world, QR reading."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import zxingcpp
from PIL import Image

from kiosk.flow import KioskFlow
from kiosk.sale import SaleService
from printer import Printer, open_printer
from shared.payments import PaymentProvider, load_provider

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "kiosk"


class Clock:
    """Monotonic seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Kiosk:
    flow: KioskFlow
    service: SaleService
    demo: PaymentProvider
    printer: Printer
    clock: Clock
    out_dir: Path

    @property
    def device(self):  # the VirtualPrinter behind virtual://
        return self.printer.transport.device  # type: ignore[attr-defined]


def make_kiosk(world, tmp_path: Path, *, device_id: str = "kiosk-1", staff_pin: str = "2468") -> Kiosk:
    out = tmp_path / f"printed-{device_id}"
    printer = open_printer(f"virtual://{out}")
    demo = load_provider("demo", {}, demo_mode=True, counter_mode=False)
    service = SaleService(world.engine, world.signer, device_id=device_id, site_code="imperial-city")
    clock = Clock()
    flow = KioskFlow(
        service,
        {"demo": demo},
        printer,
        default_language="vi",
        staff_pin=staff_pin,
        staff_location="ticket office B",
        clock=clock,
    )
    flow.start()
    return Kiosk(flow, service, demo, printer, clock, out)


def read_qr(path: Path) -> list[str]:
    with Image.open(path) as img:
        return [r.text for r in zxingcpp.read_barcodes(img.convert("L"))]
