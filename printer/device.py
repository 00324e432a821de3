"""Printer layer: :class:`Printer`, a status-checked job runner over a transport. Qt-free.

Owns the rule that a job counts as printed only when the printer's status, read after the job, is good.
Printer faults never raise: :meth:`Printer.print_job` returns a :class:`JobResult` with a code
(``paper_out``, ``cover_open``, ``offline``, ``error``, ``connection_lost``, ``timeout``, ``unreachable``,
``bad_status``) that the sales code maps to ``print_failed`` (and a reprint offer). After a USB power cycle
or a dropped TCP connection the next call closes, reopens and backs off until ``timeout`` runs out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from printer.status import QUERIES, UNKNOWN_STATUS, PrinterStatus, decode_status
from printer.transport import Transport, TransportError, make_transport, parse_uri, sleep_backoff
from shared.i18n import tr

DLE_EOT = b"\x10\x04"


@dataclass(frozen=True, slots=True)
class JobResult:
    """``ok`` only if the bytes went out and (where readable) the status after the job is good.
    ``verified`` is False on write-only transports (file, CUPS), where ``ok`` means "handed over"."""

    ok: bool
    code: str | None
    status_before: PrinterStatus
    status_after: PrinterStatus
    verified: bool = True

    def message(self, lang: str = "en") -> str:
        return tr(f"printer.job.{self.code or 'ok'}", lang)


class Printer:
    """One printer. Not thread-safe: use it from one worker thread (never a GUI thread)."""

    def __init__(
        self,
        transport: Transport,
        *,
        timeout: float = 5.0,
        settle: float = 0.0,
        profile: str | None = None,
        uri: str = "",
    ) -> None:
        self.transport = transport
        self.timeout = timeout
        self.settle = settle
        self.profile = profile
        self.uri = uri

    # -- connection ----------------------------------------------------------------------------------------
    def _ensure_open(self) -> str | None:
        """Open if needed, backing off (0.1 s, 0.2 s, ...) until ``timeout``; returns a fault code or None."""
        if self.transport.is_open:
            return None
        deadline = time.monotonic() + self.timeout
        attempt = 0
        while True:
            try:
                self.transport.open()
                return None
            except TransportError as exc:
                code = exc.code
            if not sleep_backoff(attempt, 0.1, deadline):
                return code
            attempt += 1

    def reconnect(self) -> str | None:
        """Close and reopen (after a USB power cycle the old handle is dead)."""
        self.transport.close()
        return self._ensure_open()

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- status --------------------------------------------------------------------------------------------
    def _query_once(self) -> PrinterStatus:
        answers: dict[int, int] = {}
        try:
            self.transport.drain()
            for n in QUERIES:
                self.transport.write(DLE_EOT + bytes((n,)))
                answers[n] = self.transport.read_byte()
        except TransportError as exc:
            self.transport.close()  # a half-answered query leaves the stream unaligned; start afresh
            return PrinterStatus(known=False, fault=exc.code)
        try:
            return decode_status(answers)
        except ValueError:
            self.transport.close()
            return PrinterStatus(known=False, fault="bad_status")

    def status(self) -> PrinterStatus:
        """The printer's real-time status; ``known=False`` on write-only transports. Never raises."""
        was_open = self.transport.is_open
        fault = self._ensure_open()
        if fault:
            return PrinterStatus(known=False, fault=fault)
        if not self.transport.can_read:
            return UNKNOWN_STATUS
        status = self._query_once()
        if was_open and status.fault == "connection_lost":
            # A stale handle (printer power-cycled, server restarted): one reconnect, then ask again.
            if self._ensure_open() is None:
                status = self._query_once()
        return status

    # -- jobs ----------------------------------------------------------------------------------------------
    def print_job(self, data: bytes) -> JobResult:
        """Send one job and report whether it really printed. Never raises for a printer fault."""
        before = self.status()
        if before.fault or (before.known and not before.good):
            return JobResult(False, before.problem, before, UNKNOWN_STATUS)
        try:
            self.transport.write(data)
        except TransportError as exc:
            self.transport.close()
            return JobResult(False, exc.code, before, UNKNOWN_STATUS)
        if not self.transport.can_read:
            return JobResult(True, None, before, UNKNOWN_STATUS, verified=False)
        if self.settle:
            time.sleep(self.settle)  # real printers answer DLE EOT before they finish the buffered job
        after = self._query_once()
        if after.good:
            return JobResult(True, None, before, after)
        return JobResult(False, after.problem or "bad_status", before, after)


def open_printer(uri: str, timeout: float = 5.0, settle: float | None = None) -> Printer:
    """A :class:`Printer` for ``uri`` (see :mod:`printer.transport`). Raises ``CitadelError("printer_uri")``
    for a malformed URI; connecting happens lazily, so an unplugged printer shows up as a coded status.
    URI options: ``?profile=TM-T20II`` (python-escpos profile for the layout), ``&settle=1.5`` (seconds to
    wait before the after-job status), ``&width=384`` (virtual printer paper width)."""
    parsed = parse_uri(uri)
    transport = make_transport(parsed, timeout)
    if settle is None:
        settle = float(parsed.options.get("settle", "0"))
    profile: Any = parsed.options.get("profile")
    return Printer(transport, timeout=timeout, settle=settle, profile=profile, uri=uri)
