"""Printer layer: an ESC/POS interpreter for the command subset Citadel emits, drawing pages as images.
Qt-free. Part of the virtual printer (a stand-in for a real thermal printer, and the test oracle).

Understood: ``ESC @`` initialise; text in the profile's code pages (``ESC t``); ``ESC !`` / ``ESC E`` /
``GS !`` / ``ESC a`` print modes, bold, size and alignment; ``GS v 0`` raster images; ``GS ( k`` QR codes
(model 2, rendered with the ``qrcode`` library at the stored module size and error correction); ``LF`` /
``ESC d`` / ``ESC J`` feeds; ``GS V`` cuts; ``DLE EOT`` real-time status. Other common setting commands are
parsed and ignored; anything unknown is recorded in :attr:`EscposInterpreter.unknown` so tests can
assert that Citadel only emits what the oracle understands.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import qrcode
import qrcode.constants
from escpos.capabilities import get_profile
from PIL import Image, ImageDraw, ImageFont

_MONO_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
)
_EC = {
    48: qrcode.constants.ERROR_CORRECT_L,
    49: qrcode.constants.ERROR_CORRECT_M,
    50: qrcode.constants.ERROR_CORRECT_Q,
    51: qrcode.constants.ERROR_CORRECT_H,
}
_CODECS = {
    "CP437": "cp437",
    "CP850": "cp850",
    "CP858": "cp858",
    "CP1252": "cp1252",
    "CP860": "cp860",
    "CP863": "cp863",
    "CP865": "cp865",
    "CP852": "cp852",
    "CP866": "cp866",
    "CP1258": "cp1258",
}
# ESC/GS commands with a fixed number of parameter bytes that we parse but do not draw.
_ESC_IGNORED = {0x20: 1, 0x2D: 1, 0x47: 1, 0x4D: 1, 0x52: 1, 0x56: 1, 0x7B: 1, 0x63: 2, 0x70: 3, 0x3D: 1}
_GS_IGNORED = {0x42: 1, 0x62: 1, 0x48: 1, 0x66: 1, 0x68: 1, 0x77: 1, 0x4C: 2, 0x57: 2, 0x50: 2}


@functools.lru_cache(maxsize=16)
def _mono(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _MONO_FONTS[1 if bold else 0]
    if Path(path).exists():
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


@dataclass
class _Mode:
    bold: bool = False
    width_mul: int = 1
    height_mul: int = 1
    font_b: bool = False
    align: int = 0
    codec: str = "cp437"
    line_spacing: int = 30


@dataclass
class Page:
    """A finished page (between two cuts) and what the interpreter saw on it."""

    image: Image.Image
    texts: list[str] = field(default_factory=list)
    qr_payloads: list[str] = field(default_factory=list)
    rasters: int = 0


class NeedMore(Exception):
    """The buffer ends inside a command; wait for more bytes."""


class EscposInterpreter:
    """Feed it bytes; it calls ``on_page(page)`` at every cut and returns ``DLE EOT`` answers from ``feed``.

    ``status`` maps a DLE EOT query number to the answer byte (the virtual printer supplies its state).
    ``can_print`` says whether the mechanism can print right now; while it cannot, drawing is discarded
    and the page in progress is spoiled, so a cut then produces no page (like paper that never came out).
    """

    def __init__(
        self,
        width_dots: int = 576,
        profile: str | None = None,
        on_page: Callable[[Page], None] | None = None,
        status: Callable[[int], int] | None = None,
        can_print: Callable[[], bool] | None = None,
    ) -> None:
        self.width = width_dots
        self.on_page = on_page or (lambda page: None)
        self.status = status or (lambda n: 0x12)
        self.can_print = can_print or (lambda: True)
        pages = get_profile(profile).get_code_pages()
        self._page_codecs = {int(num): _CODECS[name] for name, num in pages.items() if name in _CODECS}
        self._buffer = b""
        self.unknown: list[bytes] = []
        self.pages: list[Page] = []
        self.spoiled_pages = 0
        self._reset_page()
        self._mode = _Mode()

    # -- page model ------------------------------------------------------------------------------------
    def _reset_page(self) -> None:
        self._strips: list[Image.Image] = []
        self._line: list[tuple[str, _Mode]] = []
        self._texts: list[str] = []
        self._qr: list[str] = []
        self._rasters = 0
        self._spoiled = False
        self._qr_model = 50
        self._qr_size = 3
        self._qr_ec = 48
        self._qr_data = b""

    def _mark_drawing(self) -> bool:
        if not self.can_print():
            self._spoiled = True
            return False
        return True

    def _place(self, image: Image.Image) -> None:
        """Append a strip (mode "L", white paper) honouring the current alignment."""
        x = 0
        if self._mode.align == 1:
            x = max(0, (self.width - image.width) // 2)
        elif self._mode.align == 2:
            x = max(0, self.width - image.width)
        strip = Image.new("L", (self.width, image.height), 255)
        strip.paste(image.crop((0, 0, min(image.width, self.width), image.height)), (x, 0))
        self._strips.append(strip)

    def _cell(self, mode: _Mode) -> tuple[int, int]:
        base_w, base_h = (9, 17) if mode.font_b else (12, 24)
        return base_w * mode.width_mul, base_h * mode.height_mul

    def _print_line(self, feed_only: bool = False) -> None:
        if not self._mark_drawing():
            self._line = []
            return
        if not self._line:
            self._strips.append(Image.new("L", (self.width, self._mode.line_spacing), 255))
            return
        height = max(self._cell(m)[1] for _, m in self._line)
        width = sum(self._cell(m)[0] for _, m in self._line)
        line = Image.new("L", (min(width, self.width), height + 6), 255)
        draw = ImageDraw.Draw(line)
        x = 0
        for ch, mode in self._line:
            cw, chh = self._cell(mode)
            font = _mono(int(chh * 0.8), mode.bold)
            if mode.width_mul != mode.height_mul:
                font = _mono(int(min(cw / 0.6, chh) * 0.8), mode.bold)
            draw.text((x, height - chh + 2), ch, font=font, fill=0)
            x += cw
        self._texts.append("".join(ch for ch, _ in self._line))
        self._line = []
        saved = self._mode.align
        self._place(line)
        self._mode.align = saved

    def _add_char(self, ch: str) -> None:
        mode = _Mode(**vars(self._mode))
        used = sum(self._cell(m)[0] for _, m in self._line)
        if used + self._cell(mode)[0] > self.width:
            self._print_line()  # the printer wraps at the right margin
        self._line.append((ch, mode))

    def _cut(self) -> None:
        if self._line:
            self._print_line()
        if not self.can_print():
            self._spoiled = True
        if self._spoiled:
            self.spoiled_pages += 1
        elif self._strips:
            height = sum(s.height for s in self._strips)
            image = Image.new("L", (self.width, height), 255)
            y = 0
            for strip in self._strips:
                image.paste(strip, (0, y))
                y += strip.height
            page = Page(image=image, texts=self._texts, qr_payloads=self._qr, rasters=self._rasters)
            self.pages.append(page)
            self.on_page(page)
        self._reset_page()

    def end_of_stream(self, *, spoil: bool) -> None:
        """The host connection ended: a half-received command is discarded (its remaining bytes never come),
        and with ``spoil`` the page in progress is lost too (a dropped connection mid-job)."""
        self._buffer = b""
        if spoil and (self._strips or self._line):
            self.spoiled_pages += 1
            self._reset_page()

    # -- parsing ---------------------------------------------------------------------------------------
    def feed(self, data: bytes) -> bytes:
        """Interpret ``data`` (possibly a fragment of a command); return any status answers."""
        self._buffer += data
        answers = bytearray()
        i = 0
        buf = self._buffer
        while i < len(buf):
            try:
                i = self._step(buf, i, answers)
            except NeedMore:
                break
        self._buffer = buf[i:]
        return bytes(answers)

    @staticmethod
    def _need(buf: bytes, end: int) -> None:
        if len(buf) < end:
            raise NeedMore

    def _step(self, buf: bytes, i: int, answers: bytearray) -> int:
        b = buf[i]
        if b == 0x0A:
            self._print_line()
            return i + 1
        if b in (0x0D, 0x00):
            return i + 1
        if b == 0x10:  # DLE
            self._need(buf, i + 3)
            if buf[i + 1] == 0x04:
                answers.append(self.status(buf[i + 2]))
                return i + 3
            if buf[i + 1] == 0x14:
                self._need(buf, i + 5)
                return i + 5
            self.unknown.append(buf[i : i + 2])
            return i + 2
        if b == 0x1B:
            return self._esc(buf, i)
        if b == 0x1D:
            return self._gs(buf, i)
        if b < 0x20:
            self.unknown.append(bytes((b,)))
            return i + 1
        # Printable byte in the current code page.
        self._add_char(bytes((b,)).decode(self._mode.codec, errors="replace"))
        return i + 1

    def _esc(self, buf: bytes, i: int) -> int:
        self._need(buf, i + 2)
        c = buf[i + 1]
        if c == 0x40:  # ESC @
            if self._strips and not self._spoiled:
                self._cut()  # printers without a cutter: the previous ticket was torn off before this job
            self._line = []
            self._mode = _Mode()
            return i + 2
        if c == 0x32:  # ESC 2 default line spacing
            self._mode.line_spacing = 30
            return i + 2
        self._need(buf, i + 3)
        n = buf[i + 2]
        if c == 0x21:  # ESC ! print mode
            self._mode.font_b = bool(n & 0x01)
            self._mode.bold = bool(n & 0x08)
            self._mode.height_mul = 2 if n & 0x10 else 1
            self._mode.width_mul = 2 if n & 0x20 else 1
        elif c == 0x45:
            self._mode.bold = bool(n & 1)
        elif c == 0x61:
            self._mode.align = n - 48 if n >= 48 else n
        elif c == 0x74:
            self._mode.codec = self._page_codecs.get(n, "cp437")
        elif c == 0x33:
            self._mode.line_spacing = n
        elif c == 0x64:  # ESC d: print and feed n lines
            if self._line:
                self._print_line()
                n = max(0, n - 1)
            if n and self._mark_drawing():
                self._strips.append(Image.new("L", (self.width, n * self._mode.line_spacing), 255))
        elif c == 0x4A:  # ESC J: print and feed n dots
            if self._line:
                self._print_line()
            if self._mark_drawing():
                self._strips.append(Image.new("L", (self.width, n), 255))
        elif c in _ESC_IGNORED:
            end = i + 2 + _ESC_IGNORED[c]
            self._need(buf, end)
            return end
        else:
            self.unknown.append(buf[i : i + 2])
            return i + 2
        return i + 3

    def _gs(self, buf: bytes, i: int) -> int:
        self._need(buf, i + 3)
        c = buf[i + 1]
        if c == 0x21:  # GS ! character size
            n = buf[i + 2]
            self._mode.width_mul = (n >> 4) + 1
            self._mode.height_mul = (n & 0x0F) + 1
            return i + 3
        if c == 0x56:  # GS V cut
            m = buf[i + 2]
            end = i + 4 if m in (65, 66, 97, 98, 103, 104) else i + 3
            self._need(buf, end)
            self._cut()
            return end
        if c == 0x76 and buf[i + 2] == 0x30:  # GS v 0 raster
            self._need(buf, i + 8)
            xb = int.from_bytes(buf[i + 4 : i + 6], "little")
            yd = int.from_bytes(buf[i + 6 : i + 8], "little")
            end = i + 8 + xb * yd
            self._need(buf, end)
            self._raster(buf[i + 8 : end], xb, yd)
            return end
        if c == 0x28:  # GS ( k / GS ( L ...: length-prefixed functions
            self._need(buf, i + 5)
            length = int.from_bytes(buf[i + 3 : i + 5], "little")
            end = i + 5 + length
            self._need(buf, end)
            if buf[i + 2] == 0x6B:
                self._qr_function(buf[i + 5 : end])
            else:
                self.unknown.append(buf[i : i + 3])
            return end
        if c in _GS_IGNORED:
            end = i + 2 + _GS_IGNORED[c]
            self._need(buf, end)
            return end
        self.unknown.append(buf[i : i + 2])
        return i + 2

    def _raster(self, data: bytes, width_bytes: int, height: int) -> None:
        if self._line:
            self._print_line()
        if not self._mark_drawing() or height == 0:
            return
        ink = Image.frombytes("1", (width_bytes * 8, height), data)
        # In the ESC/POS raster a set bit is ink; in PIL mode "1" a set bit is white: invert to paper.
        self._place(ink.point(lambda v: 0 if v else 255, mode="L"))
        self._rasters += 1

    def _qr_function(self, body: bytes) -> None:
        if len(body) < 2 or body[0] != 0x31:  # cn 49 = QR code; other symbologies are not emitted
            self.unknown.append(b"\x1d(k" + body[:2])
            return
        fn = body[1]
        if fn == 0x41 and len(body) >= 3:
            self._qr_model = body[2]
        elif fn == 0x43 and len(body) >= 3:
            self._qr_size = max(1, min(16, body[2]))
        elif fn == 0x45 and len(body) >= 3:
            self._qr_ec = body[2]
        elif fn == 0x50:
            self._qr_data = body[3:]  # after m = '0'
        elif fn == 0x51:
            self._print_qr()
        else:
            self.unknown.append(b"\x1d(k" + body[:2])

    def _print_qr(self) -> None:
        if self._line:
            self._print_line()
        if not self._mark_drawing() or not self._qr_data:
            return
        text = self._qr_data.decode("utf-8", errors="replace")
        code = qrcode.QRCode(error_correction=_EC.get(self._qr_ec, _EC[48]), box_size=self._qr_size, border=0)
        code.add_data(text)
        code.make(fit=True)
        self._place(code.make_image().get_image().convert("L"))
        self._qr.append(text)
