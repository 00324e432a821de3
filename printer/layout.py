"""Printer layer: ticket and receipt layout -> ESC/POS bytes. Qt-free, no I/O.

Owns :class:`TicketView` / :class:`ReceiptView` (plain data the sales code fills in) and the renderers.
Native commands are produced by python-escpos (``Dummy`` records them), so they are byte-for-byte what the
library sends. Text policy: a line that is plain ASCII, or that one of the profile's Latin code pages can
encode, stays native text; any other line (Vietnamese, CJK) is drawn with a system font and sent as a
``GS v 0`` raster, because python-escpos 3.1 would hop code pages per character and cheap printers print
``?``. The QR is native ``GS ( k`` (model 2, EC level Q) when the profile has ``qrCode``, else a raster.
"""

from __future__ import annotations

import contextlib
import io
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import qrcode
import qrcode.constants
from escpos.capabilities import get_profile
from escpos.constants import QR_ECLEVEL_Q
from escpos.printer import Dummy
from PIL import Image

from printer import raster
from shared.i18n import tr

Align = Literal["left", "center", "right"]

WIDTH_80MM = 576
WIDTH_58MM = 384
FONT_A_DOTS = 12  # Font A cell width; 48 columns on 80 mm, 32 on 58 mm
LINE_PX = {1: 24, 2: 40}  # raster font pixel size per text size, matching Font A's 24-dot height
# Latin code pages that cover French; tried in this order when the profile lists them.
_LATIN_PAGES = (("CP858", "cp858"), ("CP1252", "cp1252"), ("CP850", "cp850"))


def qr_module_size(width_dots: int) -> int:
    """Dots per QR module. A 152-char token is QR version 8 (49 modules). At 203 dpi, 7 dots = 0.875 mm per
    module (43 mm symbol) on 80 mm paper and 6 dots = 0.75 mm (37 mm) on 58 mm: phone and gate cameras read
    both at arm's length, and a worn or wet print keeps margin over the ~0.5 mm minimum."""
    return 7 if width_dots >= WIDTH_80MM else 6


@dataclass(frozen=True, slots=True)
class TicketView:
    """What goes on one printed ticket. All texts are already formatted in the buyer's language."""

    title_vi: str
    title_local: str
    language: str
    category: str
    price: str
    valid_from: str
    valid_to: str
    order_code: str
    ticket_no: str
    token: str
    sites: Sequence[str] = ()
    slot: str | None = None
    persons: int = 1


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    label: str
    quantity: int
    amount: str


@dataclass(frozen=True, slots=True)
class ReceiptView:
    """An optional receipt page for an order (totals only; no personal data)."""

    language: str
    header: str
    order_code: str
    issued_at: str
    lines: Sequence[ReceiptLine]
    total: str
    paid_with: str
    footer_lines: Sequence[str] = field(default_factory=tuple)


def _printable(text: str) -> str:
    """Drop control and format characters: a catalogue name containing ESC or GS must print as text, never
    reach the printer as a command (a stray ``GS V`` would cut the ticket in half)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))


def _profile(profile: Any) -> Any:
    return get_profile(profile) if profile is None or isinstance(profile, str) else profile


class _Builder:
    """Accumulates lines; consecutive raster lines of equal width are stacked into one ``GS v 0`` image."""

    def __init__(self, profile: Any, width_dots: int, lang: str) -> None:
        self.profile = _profile(profile)
        self.width = width_dots
        self.lang = lang
        self.out = Dummy()
        self.out.profile = self.profile
        self._pending: list[Image.Image] = []
        self._feed_dots = 0
        self._state: tuple[Align, bool, int] | None = None
        self._pages = self.profile.get_code_pages()
        self.out.hw("INIT")

    # -- native text --------------------------------------------------------------------------------
    def _native_codec(self, text: str) -> tuple[bytes, str] | None:
        """(code page selection, Python codec) if ``text`` can print as native text, else None."""
        if text.isascii():
            return b"", "ascii"  # ASCII is the same in every code page; no ESC t needed
        for name, codec in _LATIN_PAGES:
            number = self._pages.get(name)
            if number is None:
                continue
            try:
                text.encode(codec)
            except UnicodeEncodeError:
                continue
            return b"\x1bt" + bytes((int(number),)), codec
        return None

    def _set(self, align: Align, bold: bool, size: int) -> None:
        if self._state == (align, bold, size):
            return
        if size > 1:
            self.out.set(align=align, bold=bold, double_height=True, double_width=True)
        else:  # python-escpos 3.1 only resets the size when asked for normal_textsize explicitly
            self.out.set(align=align, bold=bold, normal_textsize=True)
        self._state = (align, bold, size)

    def _flush_feed(self) -> None:
        # Blank raster rows are sent as ESC J paper feed (3 bytes) instead of 72 zero bytes per row. ESC J
        # counts in the printer's vertical motion unit, which is one dot or finer, so a gap can only shrink.
        while self._feed_dots > 0:
            step = min(255, self._feed_dots)
            self.out._raw(b"\x1bJ" + bytes((step,)))
            self._feed_dots -= step

    def _flush_raster(self) -> None:
        if not self._pending:
            return
        image = raster.stack(self._pending)
        self._pending = []
        box = image.getbbox()
        if box is None:
            self._feed_dots += image.height
            return
        _, top, right, bottom = box
        self._feed_dots += top
        self._flush_feed()
        self._set("left", False, 1)  # positions are baked into the image
        self.out._raw(raster.gs_v0(image.crop((0, top, right, bottom))))
        self._feed_dots += image.height - bottom

    def line(self, text: str, *, align: Align = "left", bold: bool = False, size: int = 1) -> None:
        text = _printable(text)
        if not text:
            return
        native = self._native_codec(text)
        if native is not None:
            select_page, codec = native
            self._flush_raster()
            self._flush_feed()
            self._set(align, bold, size)
            columns = self.width // (FONT_A_DOTS * size)
            self.out._raw(select_page)
            for part in textwrap.wrap(text, columns) or [""]:
                self.out._raw(part.encode(codec) + b"\n")
            return
        font = raster.font_for(text, LINE_PX[size], bold=bold, lang=self.lang)
        for part in raster.wrap_text(text, font, self.width):
            image = raster.render_line(part, font, self.width, align)
            if self._pending and self._pending[-1].width != image.width:
                self._flush_raster()  # stacking unequal widths would pay for the widest on every row
            self._pending.append(image)

    def pair(self, left: str, right: str, *, bold: bool = False) -> None:
        """``left`` and ``right`` on one line, ``right`` flush with the right margin."""
        columns = self.width // FONT_A_DOTS
        left, right = _printable(left), _printable(right)
        if (left + right).isascii() and len(left) + len(right) < columns:
            self.line(left + " " * (columns - len(left) - len(right)) + right, bold=bold)
            return
        font = raster.font_for(left + right, LINE_PX[1], bold=bold, lang=self.lang)
        if font.getlength(left + "  " + right) > self.width:
            self.line(left, bold=bold)
            self.line(right, align="right", bold=bold)
            return
        image = raster.render_pair(left, right, font, self.width)
        if self._pending and self._pending[-1].width != image.width:
            self._flush_raster()
        self._pending.append(image)

    def separator(self) -> None:
        self._flush_raster()
        self._flush_feed()
        self._set("left", False, 1)
        self.out._raw(b"-" * (self.width // FONT_A_DOTS) + b"\n")

    def feed(self, lines: int = 1) -> None:
        self._flush_raster()
        self._flush_feed()
        self.out._raw(b"\n" * lines)

    def qr(self, data: str) -> None:
        self._flush_raster()
        self._flush_feed()
        module = qr_module_size(self.width)
        if self.profile.supports("qrCode"):
            self._set("center", False, 1)
            self.out.qr(data, ec=QR_ECLEVEL_Q, size=module, native=True)
            return
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=module, border=0)
        code.add_data(data)
        code.make(fit=True)
        symbol = code.make_image().get_image().convert("L")
        ink = Image.new("1", ((self.width + symbol.width) // 2, symbol.height), 0)
        ink.paste(
            symbol.point(lambda v: 255 if v < 128 else 0, mode="1"), ((self.width - symbol.width) // 2, 0)
        )
        self._set("left", False, 1)
        self.out._raw(raster.gs_v0(ink))

    def finish(self) -> bytes:
        self._flush_raster()
        self._flush_feed()
        self._set("left", False, 1)
        self.out.cut()
        return bytes(self.out.output)


def _ticket_lines(b: _Builder, view: TicketView) -> None:
    lang = view.language
    b.line(view.title_vi, align="center", bold=True, size=2)
    if view.title_local and view.title_local != view.title_vi:
        b.line(view.title_local, align="center", bold=True)
    b.separator()
    if view.persons > 1:
        b.line(tr("printer.ticket.group", lang, persons=view.persons), align="center", bold=True, size=2)
    b.line(f"{tr('printer.ticket.category', lang)}: {view.category}")
    b.line(f"{tr('printer.ticket.price', lang)}: {view.price}", bold=True)
    b.line(f"{tr('printer.ticket.valid', lang)}: {view.valid_from} - {view.valid_to}")
    if view.slot:
        b.line(f"{tr('printer.ticket.slot', lang)}: {view.slot}", bold=True)
    if view.sites:
        b.line(f"{tr('printer.ticket.sites', lang)}:")
        for site in view.sites:
            b.line(f"  - {site}")
    b.feed()
    b.qr(view.token)
    b.feed()
    b.line(f"{tr('printer.ticket.number', lang)} {view.ticket_no}", align="center", bold=True)
    b.line(f"{tr('printer.ticket.order', lang)}: {view.order_code}", align="center")
    b.line(tr("printer.ticket.hint", lang), align="center")


def render_ticket(view: TicketView, profile: Any = None, width_dots: int = WIDTH_80MM) -> bytes:
    """ESC/POS bytes for one ticket, ending with a cut. ``profile``: a python-escpos profile or its name."""
    b = _Builder(profile, width_dots, view.language)
    _ticket_lines(b, view)
    return b.finish()


def render_receipt(view: ReceiptView, profile: Any = None, width_dots: int = WIDTH_80MM) -> bytes:
    """ESC/POS bytes for a receipt page with totals, ending with a cut."""
    lang = view.language
    b = _Builder(profile, width_dots, lang)
    b.line(view.header, align="center", bold=True)
    b.line(tr("printer.receipt.title", lang), align="center", bold=True, size=2)
    b.line(f"{tr('printer.ticket.order', lang)}: {view.order_code}")
    b.line(view.issued_at)
    b.separator()
    for item in view.lines:
        b.pair(f"{item.quantity} x {item.label}", item.amount)
    b.separator()
    b.line(f"{tr('printer.receipt.total', lang)}: {view.total}", bold=True, size=2)
    b.line(f"{tr('printer.receipt.paid_with', lang)}: {view.paid_with}")
    for extra in view.footer_lines:
        b.line(extra, align="center")
    b.line(tr("printer.receipt.thanks", lang), align="center")
    return b.finish()


def render_test_page(
    lang: str = "en", status_text: str = "", profile: Any = None, width_dots: int = WIDTH_80MM
) -> bytes:
    """A self-test page: the title in the chosen language, Vietnamese and CJK samples, status and a QR."""
    b = _Builder(profile, width_dots, lang)
    b.line(tr("printer.test.title", lang), align="center", bold=True, size=2)
    b.line(tr("printer.test.body", lang))
    b.separator()
    b.line("ASCII: The quick brown fox jumps over the lazy dog 0123456789")
    b.line("Tiếng Việt: Quần thể Di tích Cố đô Huế")
    b.line("Français: Cité impériale, entrée à 8 h")
    b.line("한국어: 후에 황성")
    b.line("中文: 顺化皇城")
    b.line("日本語: フエの王宮")
    if status_text:
        b.separator()
        b.line(status_text)
    b.feed()
    b.qr("CITADEL-TEST-PAGE")
    b.feed()
    return b.finish()


def render_ticket_naive(view: TicketView, profile: Any = None, width_dots: int = WIDTH_80MM) -> bytes:
    """Baseline for ``bench/print.py``: the whole ticket drawn as one full-width image, plus python-escpos's
    image QR. This is what a simple integration does; it is kept only to measure the layout against."""
    lang = view.language
    texts: list[tuple[str, bool, int]] = [(view.title_vi, True, 2), (view.title_local, True, 1)]
    texts += [
        (f"{tr('printer.ticket.category', lang)}: {view.category}", False, 1),
        (f"{tr('printer.ticket.price', lang)}: {view.price}", True, 1),
        (f"{tr('printer.ticket.valid', lang)}: {view.valid_from} - {view.valid_to}", False, 1),
    ]
    if view.slot:
        texts.append((f"{tr('printer.ticket.slot', lang)}: {view.slot}", True, 1))
    texts.append((f"{tr('printer.ticket.sites', lang)}:", False, 1))
    texts += [(f"  - {site}", False, 1) for site in view.sites]
    texts += [
        (f"{tr('printer.ticket.number', lang)} {view.ticket_no}", True, 1),
        (f"{tr('printer.ticket.order', lang)}: {view.order_code}", False, 1),
        (tr("printer.ticket.hint", lang), False, 1),
    ]
    images: list[Image.Image] = []
    for text, bold, size in texts:
        font = raster.font_for(text, LINE_PX[size], bold=bold, lang=lang)
        for part in raster.wrap_text(text, font, width_dots):
            line = raster.render_line(part, font, width_dots, "center")
            full = Image.new("1", (width_dots, line.height), 0)
            full.paste(line, (0, 0))
            images.append(full)
    ticket = raster.stack(images).point(lambda v: 0 if v else 255).convert("RGB")
    out = Dummy()
    out.profile = _profile(profile)
    out.hw("INIT")
    # python-escpos prints a notice on stdout for profiles without a media width.
    with contextlib.redirect_stdout(io.StringIO()):
        out.image(ticket)
    out.qr(view.token, ec=QR_ECLEVEL_Q, size=qr_module_size(width_dots), native=False)
    out.cut()
    return bytes(out.output)
