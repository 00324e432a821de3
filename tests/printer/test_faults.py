"""Fault tests against the TCP virtual printer: a job is reported printed only if it really printed (a PNG
whose QR decodes to the token exists), reprints work, and nothing waits much longer than the timeout."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printer import open_printer, render_ticket
from printer.status import Paper
from printer.virtual import VirtualPrinterServer
from tests.printer.support import make_view

TIMEOUT = 2.0  # per write or read; generous so a loaded CI machine does not turn a fault into "timeout"
GENEROUS = 15.0  # only guards against hangs; not a timing assertion


def _tokens_printed(server: VirtualPrinterServer) -> list[str]:
    return [c.text for page in server.printer.printed for c in zxingcpp.read_barcodes(Image.open(page))]


def _job() -> tuple[str, bytes]:
    view = make_view("vi")
    return view.token, render_ticket(view, "TM-T20II")


def test_good_printer_prints_and_reports_ok(tcp_printer: VirtualPrinterServer) -> None:
    token, data = _job()
    with open_printer(tcp_printer.uri, timeout=TIMEOUT) as printer:
        result = printer.print_job(data)
    assert result.ok and result.verified and result.status_after.good
    assert _tokens_printed(tcp_printer) == [token]


def test_paper_out_before_the_job_sends_nothing_then_reprint(tcp_printer: VirtualPrinterServer) -> None:
    token, data = _job()
    tcp_printer.printer.set_faults(paper_out=True)
    with open_printer(tcp_printer.uri, timeout=TIMEOUT) as printer:
        result = printer.print_job(data)
        assert (result.ok, result.code) == (False, "paper_out")
        assert result.status_before.paper == Paper.OUT
        assert "paper" in result.message("en")
        assert _tokens_printed(tcp_printer) == []
        tcp_printer.printer.set_faults(paper_out=False)  # staff loads a roll
        reprint = printer.print_job(data)
    assert reprint.ok
    assert _tokens_printed(tcp_printer) == [token]


def test_paper_out_mid_job_is_not_reported_printed(tcp_printer: VirtualPrinterServer) -> None:
    token, data = _job()
    tcp_printer.printer.set_faults(paper_out_after_bytes=len(data) // 2)
    with open_printer(tcp_printer.uri, timeout=TIMEOUT) as printer:
        result = printer.print_job(data)
        assert (result.ok, result.code) == (False, "paper_out")
        assert result.status_before.good and result.status_after.paper == Paper.OUT
        assert _tokens_printed(tcp_printer) == [] and tcp_printer.printer.interpreter.spoiled_pages == 1
        tcp_printer.printer.set_faults(paper_out=False)
        assert printer.print_job(data).ok
    assert _tokens_printed(tcp_printer) == [token]


def test_cover_open(tcp_printer: VirtualPrinterServer) -> None:
    token, data = _job()
    tcp_printer.printer.set_faults(cover_open=True)
    with open_printer(tcp_printer.uri, timeout=TIMEOUT) as printer:
        result = printer.print_job(data)
        assert (result.ok, result.code) == (False, "cover_open")
        assert printer.status().cover_open
        tcp_printer.printer.set_faults(cover_open=False)
        assert printer.print_job(data).ok
    assert _tokens_printed(tcp_printer) == [token]


def test_offline_before_and_mid_job(tcp_printer: VirtualPrinterServer) -> None:
    token, data = _job()
    tcp_printer.printer.set_faults(offline=True)
    with open_printer(tcp_printer.uri, timeout=TIMEOUT) as printer:
        assert printer.print_job(data).code == "offline"
        # Goes offline just before the cut.
        tcp_printer.printer.set_faults(offline=False, offline_after_bytes=len(data) - 10)
        result = printer.print_job(data)
        assert (result.ok, result.code) == (False, "offline")
        assert _tokens_printed(tcp_printer) == []
        tcp_printer.printer.set_faults(offline=False)
        assert printer.print_job(data).ok
    assert _tokens_printed(tcp_printer) == [token]


def test_dropped_connection_mid_job_then_reconnect_and_reprint(tcp_printer: VirtualPrinterServer) -> None:
    token, data = _job()
    tcp_printer.printer.set_faults(drop_after_bytes=len(data) // 3)
    with open_printer(tcp_printer.uri, timeout=TIMEOUT) as printer:
        started = time.monotonic()
        result = printer.print_job(data)
        assert time.monotonic() - started < GENEROUS
        assert (result.ok, result.code) == (False, "connection_lost")
        assert _tokens_printed(tcp_printer) == []
        reprint = printer.print_job(data)  # the printer reconnects by itself
    assert reprint.ok
    assert _tokens_printed(tcp_printer) == [token]


def test_hung_printer_times_out(tcp_printer: VirtualPrinterServer) -> None:
    _, data = _job()
    tcp_printer.printer.set_faults(mute=True)
    with open_printer(tcp_printer.uri, timeout=TIMEOUT) as printer:
        started = time.monotonic()
        result = printer.print_job(data)
        assert time.monotonic() - started < GENEROUS
    assert (result.ok, result.code) == (False, "timeout")


def test_unreachable_printer_backs_off_and_gives_up(tmp_path: Path) -> None:
    server = VirtualPrinterServer(tmp_path, port=0)
    uri = server.uri
    server.server_close()  # nothing listens on that port any more
    printer = open_printer(uri, timeout=TIMEOUT)
    started = time.monotonic()
    result = printer.print_job(b"\x1b@hello\n")
    assert time.monotonic() - started < GENEROUS
    assert (result.ok, result.code) == (False, "unreachable")


def test_server_restart_is_survived_by_reconnecting(tmp_path: Path) -> None:
    token, data = _job()
    first = VirtualPrinterServer(tmp_path / "a", port=0).start()
    port = first.port
    printer = open_printer(first.uri, timeout=TIMEOUT)
    assert printer.status().good
    first.stop()  # "power cycle"
    with VirtualPrinterServer(tmp_path / "b", port=port) as second:
        result = printer.print_job(data)
        assert result.ok, result
        assert _tokens_printed(second) == [token]
    printer.close()


@pytest.mark.parametrize("uri", ["bogus://x", "tcp://", "usb://zz:01", "tcp://host:port"])
def test_bad_uris_are_coded_errors(uri: str) -> None:
    from shared.errors import CitadelError

    with pytest.raises(CitadelError) as excinfo:
        open_printer(uri)
    assert excinfo.value.code == "printer_uri"


def test_file_transport_writes_bytes_and_reports_unverified(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    result = open_printer(f"file://{target}", timeout=TIMEOUT).print_job(b"\x1b@hi\n")
    assert result.ok and not result.verified and not result.status_after.known
    assert target.read_bytes() == b"\x1b@hi\n"
