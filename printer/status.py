"""Printer layer: ESC/POS real-time status (``DLE EOT n``) encoding and decoding. Qt-free.

Owns :class:`PrinterStatus` and the bit layout of the four Epson status bytes. The same functions are used
by the client (decoding a printer's answer) and by the virtual printer (encoding its simulated state), so the
two sides cannot drift apart. We decode the bytes ourselves because python-escpos 3.1's ``paper_status()``
reports "paper adequate" on an empty read, which would let a dead printer look healthy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DLE_EOT = b"\x10\x04"
STATUS_PRINTER = 1  # online / offline
STATUS_OFFLINE_CAUSE = 2  # cover open, paper-end stop, error
STATUS_ERROR_CAUSE = 3  # cutter, unrecoverable, auto-recoverable
STATUS_PAPER = 4  # roll paper sensors
QUERIES: tuple[int, ...] = (STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_ERROR_CAUSE, STATUS_PAPER)

# Every Epson status byte has bit 1 and bit 4 set and bits 0 and 7 clear; anything else is not a status byte
# (noise, a stale answer of another command, a printer that does not implement DLE EOT).
_FIXED_MASK = 0x93
_FIXED_VALUE = 0x12


class Paper(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What the printer said about itself. ``known`` is False when the transport cannot read (file, CUPS)."""

    known: bool
    online: bool = False
    paper: Paper = Paper.UNKNOWN
    cover_open: bool = False
    error: bool = False
    fault: str | None = None  # transport-level failure: timeout, connection_lost, unreachable, bad_status

    @property
    def good(self) -> bool:
        """Ready to print: online, paper present (near end is still good), cover closed, no error."""
        return (
            self.known
            and self.online
            and self.paper in (Paper.OK, Paper.NEAR_END)
            and not self.cover_open
            and not self.error
        )

    @property
    def problem(self) -> str | None:
        """The fault code, most actionable first (an open cover also reads as offline and often paper out)."""
        if self.fault:
            return self.fault
        if not self.known:
            return None
        if self.cover_open:
            return "cover_open"
        if self.paper == Paper.OUT:
            return "paper_out"
        if self.error:
            return "error"
        if not self.online:
            return "offline"
        return None


UNKNOWN_STATUS = PrinterStatus(known=False)


def is_status_byte(value: int) -> bool:
    return (value & _FIXED_MASK) == _FIXED_VALUE


def decode_status(answers: dict[int, int]) -> PrinterStatus:
    """Build a status from the answers to ``DLE EOT 1..4`` (query number -> byte).
    Raises ValueError on junk."""
    for n, value in answers.items():
        if not is_status_byte(value):
            raise ValueError(f"DLE EOT {n}: 0x{value:02x} is not a status byte")
    printer = answers.get(STATUS_PRINTER, _FIXED_VALUE)
    offline = answers.get(STATUS_OFFLINE_CAUSE, _FIXED_VALUE)
    errors = answers.get(STATUS_ERROR_CAUSE, _FIXED_VALUE)
    paper_byte = answers.get(STATUS_PAPER)
    if paper_byte is None:
        paper = Paper.UNKNOWN
    elif paper_byte & 0x60 or offline & 0x20:
        paper = Paper.OUT
    elif paper_byte & 0x0C:
        paper = Paper.NEAR_END
    else:
        paper = Paper.OK
    return PrinterStatus(
        known=True,
        online=not printer & 0x08,
        paper=paper,
        cover_open=bool(offline & 0x04),
        error=bool(offline & 0x40) or bool(errors & 0x68),
    )


def encode_status(n: int, *, online: bool, paper: Paper, cover_open: bool, error: bool) -> int:
    """The byte a printer in this state answers to ``DLE EOT n`` (used by the virtual printer)."""
    value = _FIXED_VALUE
    if n == STATUS_PRINTER:
        if not online:
            value |= 0x08
    elif n == STATUS_OFFLINE_CAUSE:
        if cover_open:
            value |= 0x04
        if paper == Paper.OUT:
            value |= 0x20
        if error:
            value |= 0x40
    elif n == STATUS_ERROR_CAUSE:
        if error:
            value |= 0x20
    elif n == STATUS_PAPER:
        if paper == Paper.OUT:
            value |= 0x6C  # near-end and end sensors both report no paper
        elif paper == Paper.NEAR_END:
            value |= 0x0C
    return value
