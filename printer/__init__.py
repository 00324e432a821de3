"""Printer layer (Qt-free; may import ``shared`` only): ticket layout -> ESC/POS bytes -> transport, printer
status, and the virtual printer (the stand-in used for demos and as the test oracle).

Public API::

    from printer import TicketView, ReceiptView, render_ticket, render_receipt, open_printer
    data = render_ticket(view, profile="TM-T20II", width_dots=576)
    with open_printer("tcp://10.0.0.5:9100", timeout=5) as p:
        result = p.print_job(data)   # JobResult(ok, code, status_before, status_after)
"""

from __future__ import annotations

from pathlib import Path

from shared.i18n import register_catalog

register_catalog(Path(__file__).with_name("messages.toml"))

from printer.device import JobResult, Printer, open_printer  # noqa: E402
from printer.layout import (  # noqa: E402
    WIDTH_58MM,
    WIDTH_80MM,
    ReceiptLine,
    ReceiptView,
    TicketView,
    render_receipt,
    render_test_page,
    render_ticket,
)
from printer.status import Paper, PrinterStatus  # noqa: E402

__all__ = [
    "WIDTH_58MM",
    "WIDTH_80MM",
    "JobResult",
    "Paper",
    "Printer",
    "PrinterStatus",
    "ReceiptLine",
    "ReceiptView",
    "TicketView",
    "open_printer",
    "render_receipt",
    "render_test_page",
    "render_ticket",
]
