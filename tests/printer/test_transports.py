"""Transports other than TCP: serial (a real pyserial port on a pseudo-terminal whose far end is the virtual
printer), and the coded failures of USB, serial and CUPS when no such printer exists."""

from __future__ import annotations

import os
import select
import threading
import time
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printer import open_printer, render_ticket
from printer.virtual import VirtualPrinter
from tests.printer.support import make_view

GENEROUS = 15.0


@pytest.fixture
def serial_printer(tmp_path: Path) -> Iterator[tuple[str, VirtualPrinter]]:
    """The virtual printer on the master side of a pty; the slave is the 'serial port' we print to."""
    master, slave = os.openpty()
    tty.setraw(slave)
    device = VirtualPrinter(tmp_path)
    stop = threading.Event()

    def pump() -> None:
        while not stop.is_set():
            if not select.select([master], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            answers = device.receive(data)
            if answers:
                os.write(master, answers)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    try:
        yield os.ttyname(slave), device
    finally:
        stop.set()
        thread.join(timeout=5)
        os.close(master)
        os.close(slave)


def test_serial_prints_and_reads_status(serial_printer: tuple[str, VirtualPrinter]) -> None:
    path, device = serial_printer
    view = make_view("zh")
    with open_printer(f"serial://{path}?baudrate=115200", timeout=2.0) as printer:
        assert printer.status().good
        result = printer.print_job(render_ticket(view, "TM-T20II"))
        assert result.ok, result
        device.set_faults(cover_open=True)
        assert printer.print_job(render_ticket(view, "TM-T20II")).code == "cover_open"
    assert [c.text for c in zxingcpp.read_barcodes(Image.open(device.printed[-1]))] == [view.token]
    assert len(device.printed) == 1


def test_serial_printer_that_never_answers_times_out(serial_printer: tuple[str, VirtualPrinter]) -> None:
    path, device = serial_printer
    device.set_faults(mute=True)
    started = time.monotonic()
    result = open_printer(f"serial://{path}", timeout=0.5).print_job(b"\x1b@x\n")
    assert time.monotonic() - started < GENEROUS
    assert (result.ok, result.code) == (False, "timeout")


@pytest.mark.parametrize(
    "uri",
    ["usb://04b8:0202", "serial:///dev/citadel-no-such-tty?baudrate=9600", "cups://citadel-no-such-queue"],
)
def test_missing_printers_are_unreachable_not_tracebacks(uri: str) -> None:
    printer = open_printer(uri, timeout=0.3)
    started = time.monotonic()
    status = printer.status()
    result = printer.print_job(b"\x1b@x\n")
    assert time.monotonic() - started < GENEROUS
    assert status.fault == "unreachable" and not status.good
    assert (result.ok, result.code) == (False, "unreachable")
    assert "cannot be reached" in result.message("en")
