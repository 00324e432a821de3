"""Printer layer: the virtual printer, a STAND-IN for a real ESC/POS thermal printer. Qt-free.

It is a working printer a person can use: every cut becomes a PNG in its output folder (``ticket-0001.png``
...), and it answers ``DLE EOT`` status queries like an Epson TM. It serves as the demo printer, in-process
as ``virtual://DIR`` or over TCP as ``citadel printer serve --port 9100 --dir DIR``, and as the test oracle.
Fault switches simulate paper out, paper near end, cover open, offline, going offline or running out of paper
mid-job, a dropped connection, and a printer that stops answering.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import threading
from dataclasses import dataclass
from pathlib import Path

from printer.escpos_interpreter import EscposInterpreter, Page
from printer.status import Paper, encode_status

log = logging.getLogger(__name__)


@dataclass
class Faults:
    """Simulated conditions. ``*_after_bytes`` trigger once the printer has received that many more bytes."""

    paper_out: bool = False
    paper_near_end: bool = False
    cover_open: bool = False
    offline: bool = False
    error: bool = False
    mute: bool = False  # stops answering status queries (a hung printer)
    paper_out_after_bytes: int | None = None
    offline_after_bytes: int | None = None
    drop_after_bytes: int | None = None  # TCP server only: close the connection


class ConnectionDropped(Exception):
    """Raised inside the server when the drop fault fires."""


class VirtualPrinter:
    """The printer mechanism: interpreter + state + PNG output. Thread-safe; one job stream at a time."""

    def __init__(self, out_dir: Path | str, width_dots: int = 576, profile: str | None = None) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.faults = Faults()
        self._lock = threading.RLock()
        self._counter = len(list(self.out_dir.glob("ticket-*.png")))
        self.printed: list[Path] = []
        self._source: object = None
        self.interpreter = EscposInterpreter(
            width_dots, profile, on_page=self._save, status=self._status, can_print=self._can_print
        )

    # -- state ---------------------------------------------------------------------------------------------
    def set_faults(self, **changes: object) -> None:
        """Switch faults at run time: ``set_faults(paper_out=True)``, ``set_faults(drop_after_bytes=500)``."""
        with self._lock:
            for name, value in changes.items():
                if not hasattr(self.faults, name):
                    raise ValueError(f"unknown fault {name!r}")
                setattr(self.faults, name, value)

    def clear_faults(self) -> None:
        with self._lock:
            self.faults = Faults()

    def _can_print(self) -> bool:
        f = self.faults
        return not (f.paper_out or f.cover_open or f.offline or f.error)

    def _status(self, n: int) -> int:
        f = self.faults
        paper = Paper.OUT if f.paper_out else Paper.NEAR_END if f.paper_near_end else Paper.OK
        online = not (f.offline or f.paper_out or f.cover_open or f.error)
        return encode_status(n, online=online, paper=paper, cover_open=f.cover_open, error=f.error)

    def _save(self, page: Page) -> None:
        self._counter += 1
        path = self.out_dir / f"ticket-{self._counter:04d}.png"
        page.image.save(path)
        self.printed.append(path)
        log.info("virtual printer: page %s (%d QR)", path.name, len(page.qr_payloads))

    # -- data ----------------------------------------------------------------------------------------------
    def receive(self, data: bytes, source: object = None) -> bytes:
        """Process bytes from the host; return the status answers. Applies byte-count triggers exactly at
        their byte so a fault really happens in the middle of a job. Raises ConnectionDropped."""
        answers = bytearray()
        with self._lock:
            self._source = source
            while data:
                f = self.faults
                triggers = [
                    (f.paper_out_after_bytes, "paper_out"),
                    (f.offline_after_bytes, "offline"),
                    (f.drop_after_bytes, "drop"),
                ]
                armed = [(n, what) for n, what in triggers if n is not None]
                if not armed:
                    answers += self._feed(data)
                    break
                n, what = min(armed)
                if n >= len(data):
                    answers += self._feed(data)
                    self._consume(len(data))
                    break
                answers += self._feed(data[:n])
                data = data[n:]
                self._consume(n)
                if what == "paper_out":
                    f.paper_out, f.paper_out_after_bytes = True, None
                elif what == "offline":
                    f.offline, f.offline_after_bytes = True, None
                else:
                    f.drop_after_bytes = None
                    raise ConnectionDropped
        return bytes(answers)

    def disconnect(self, source: object = None, *, dropped: bool) -> None:
        """A host connection ended; see :meth:`EscposInterpreter.end_of_stream`. Ignored if another connection
        has fed data since (a late close of an old connection must not disturb the new one)."""
        with self._lock:
            if source is self._source:
                self.interpreter.end_of_stream(spoil=dropped)

    def _feed(self, data: bytes) -> bytes:
        answers = self.interpreter.feed(data)
        return b"" if self.faults.mute else answers

    def _consume(self, n: int) -> None:
        f = self.faults
        if f.paper_out_after_bytes is not None:
            f.paper_out_after_bytes -= n
        if f.offline_after_bytes is not None:
            f.offline_after_bytes -= n
        if f.drop_after_bytes is not None:
            f.drop_after_bytes -= n


class _Handler(socketserver.BaseRequestHandler):
    server: VirtualPrinterServer

    def handle(self) -> None:
        dropped = False
        try:
            dropped = self._serve()
        finally:
            if not dropped:
                self.server.printer.disconnect(self, dropped=False)

    def _serve(self) -> bool:
        """Pump one connection; True if it ended by a simulated drop."""
        sock: socket.socket = self.request
        sock.settimeout(0.5)
        printer = self.server.printer
        while not self.server.stopping.is_set():
            try:
                data = sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return False
            if not data:
                return False
            try:
                answers = printer.receive(data, self)
            except ConnectionDropped:
                log.info("virtual printer: dropping the connection (simulated)")
                printer.disconnect(self, dropped=True)  # before the client can see the close and reconnect
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return True
            if answers:
                try:
                    sock.sendall(answers)
                except OSError:
                    return False
        return False


class VirtualPrinterServer(socketserver.ThreadingTCPServer):
    """The virtual printer on a TCP port (raw port 9100 protocol). STAND-IN for a network thermal printer.

    ``port=0`` picks a free port (see :attr:`port`). Use :meth:`start` / :meth:`stop` or a ``with`` block.
    Faults are switched on :attr:`printer` (``server.printer.set_faults(paper_out=True)``).
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        out_dir: Path | str,
        host: str = "127.0.0.1",
        port: int = 9100,
        width_dots: int = 576,
        profile: str | None = None,
    ) -> None:
        self.printer = VirtualPrinter(out_dir, width_dots, profile)
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None
        super().__init__((host, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def uri(self) -> str:
        host = self.server_address[0]
        return f"tcp://{host.decode() if isinstance(host, bytes) else host}:{self.port}"

    def start(self) -> VirtualPrinterServer:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> VirtualPrinterServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
