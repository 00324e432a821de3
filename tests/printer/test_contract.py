"""One set of contract tests for every readable transport of the virtual printer: in-process
(``virtual://DIR``) and over TCP (``tcp://``, the server behind ``citadel printer serve``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printer import Printer, open_printer, render_ticket
from printer.virtual import VirtualPrinter, VirtualPrinterServer
from tests.printer.support import make_view


@pytest.fixture(params=["in-process", "tcp"])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Printer, VirtualPrinter]]:
    if request.param == "tcp":
        with VirtualPrinterServer(tmp_path, port=0) as server:
            with open_printer(server.uri, timeout=2.0) as printer:
                yield printer, server.printer
    else:
        with open_printer(f"virtual://{tmp_path}", timeout=2.0) as printer:
            yield printer, printer.transport.device  # type: ignore[attr-defined]


def test_status_is_good_and_a_job_prints(rig: tuple[Printer, VirtualPrinter]) -> None:
    printer, device = rig
    assert printer.status().good
    view = make_view("ja")
    result = printer.print_job(render_ticket(view, "TM-T20II"))
    assert result.ok and result.status_before.good and result.status_after.good
    assert [c.text for c in zxingcpp.read_barcodes(Image.open(device.printed[-1]))] == [view.token]


@pytest.mark.parametrize(
    ("fault", "code"), [("paper_out", "paper_out"), ("cover_open", "cover_open"), ("offline", "offline")]
)
def test_faults_are_coded_and_nothing_prints(
    rig: tuple[Printer, VirtualPrinter], fault: str, code: str
) -> None:
    printer, device = rig
    device.set_faults(**{fault: True})
    result = printer.print_job(render_ticket(make_view("ko"), "TM-T20II"))
    assert (result.ok, result.code) == (False, code)
    assert device.printed == []
    device.clear_faults()
    assert printer.print_job(render_ticket(make_view("ko"), "TM-T20II")).ok
    assert len(device.printed) == 1


def test_paper_near_end_still_prints_and_is_reported(rig: tuple[Printer, VirtualPrinter]) -> None:
    printer, device = rig
    device.set_faults(paper_near_end=True)
    result = printer.print_job(render_ticket(make_view("fr"), "TM-T20II"))
    assert result.ok and result.status_after.paper == "near_end"


def test_dropped_connection_is_lost_then_recovers(rig: tuple[Printer, VirtualPrinter]) -> None:
    printer, device = rig
    data = render_ticket(make_view("en"), "TM-T20II")
    device.set_faults(drop_after_bytes=100)
    result = printer.print_job(data)
    assert (result.ok, result.code) == (False, "connection_lost")
    assert device.printed == []
    assert printer.print_job(data).ok
    assert len(device.printed) == 1
