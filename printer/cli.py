"""Printer layer: the ``citadel printer`` command group (mounted by the core CLI through the
``citadel.commands`` entry point). Qt-free.

``citadel printer test URI`` prints a test page and shows the status; ``citadel printer serve`` runs the
virtual printer (a stand-in) on a TCP port, with switches to simulate faults.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import typer

from printer.device import open_printer
from printer.layout import WIDTH_80MM, render_test_page
from printer.status import PrinterStatus
from printer.virtual import VirtualPrinterServer
from shared.errors import CitadelError
from shared.i18n import tr

app = typer.Typer(help="Ticket printers: test a printer, run the virtual printer.", no_args_is_help=True)


def describe(status: PrinterStatus, lang: str) -> str:
    """One translated line for a status."""
    if status.problem:
        return tr(f"printer.job.{status.problem}", lang)
    if not status.known:
        return tr("printer.status.unknown", lang)
    if status.paper == "near_end":
        return tr("printer.status.paper_near_end", lang)
    return tr("printer.status.ok", lang)


@app.command("test")
def test_page(
    uri: str = typer.Argument(
        ...,
        help="usb://VID:PID, serial:///dev/ttyUSB0?baudrate=..., tcp://host:9100, "
        "file:///dev/usb/lp0, cups://QUEUE or virtual://DIR",
    ),
    lang: str = typer.Option("en", help="language of the test page"),
    width: int = typer.Option(WIDTH_80MM, help="paper width in dots: 576 (80 mm) or 384 (58 mm)"),
    timeout: float = typer.Option(5.0, help="seconds to wait for the printer, per write or read"),
) -> None:
    """Print a test page and show the printer status before and after."""
    try:
        printer = open_printer(uri, timeout=timeout)
    except CitadelError as exc:
        typer.echo(exc.message(lang), err=True)
        raise typer.Exit(2) from None
    with printer:
        before = printer.status()
        typer.echo(f"{uri}: {describe(before, lang)}")
        data = render_test_page(lang, describe(before, lang), printer.profile, width)
        result = printer.print_job(data)
        typer.echo(f"{result.message(lang)} ({len(data)} bytes)")
        if result.status_after.known:
            typer.echo(describe(result.status_after, lang))
    raise typer.Exit(0 if result.ok else 1)


@app.command("serve")
def serve(
    port: int = typer.Option(9100, help="TCP port"),
    out_dir: Path = typer.Option(Path("virtual-printer"), "--dir", help="folder for the printed PNG pages"),
    host: str = typer.Option("127.0.0.1", help="address to listen on (0.0.0.0 for the LAN)"),
    width: int = typer.Option(WIDTH_80MM, help="paper width in dots"),
    paper_out: bool = typer.Option(False, "--paper-out", help="start with no paper"),
    paper_near_end: bool = typer.Option(False, "--paper-near-end", help="report paper low"),
    cover_open: bool = typer.Option(False, "--cover-open", help="start with the cover open"),
    offline: bool = typer.Option(False, "--offline", help="start offline"),
    mute: bool = typer.Option(False, "--mute", help="never answer status queries"),
    paper_out_after: int | None = typer.Option(None, help="run out of paper after this many bytes"),
    offline_after: int | None = typer.Option(None, help="go offline after this many bytes"),
    drop_after: int | None = typer.Option(None, help="drop the connection after this many bytes"),
) -> None:
    """Run the virtual printer (a stand-in for a network thermal printer) until Ctrl+C."""
    server = VirtualPrinterServer(out_dir, host=host, port=port, width_dots=width)
    server.printer.set_faults(
        paper_out=paper_out,
        paper_near_end=paper_near_end,
        cover_open=cover_open,
        offline=offline,
        mute=mute,
        paper_out_after_bytes=paper_out_after,
        offline_after_bytes=offline_after,
        drop_after_bytes=drop_after,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server.start()
    typer.echo(f"virtual printer (stand-in) on {server.uri}, pages -> {out_dir.resolve()}")
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
