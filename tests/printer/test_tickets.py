"""Tickets in six languages printed on the virtual printer, rendered back to PNG and decoded with zxing-cpp.

The PNGs are kept in tests/artifacts/printer/ for a person to look at (Vietnamese diacritics, Hangul, Han,
kana, French accents)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printer import (
    WIDTH_58MM,
    WIDTH_80MM,
    ReceiptLine,
    ReceiptView,
    open_printer,
    render_receipt,
    render_ticket,
)
from shared.i18n import LANGUAGES, missing, tr
from tests.printer.support import make_view


def _print_and_decode(uri: str, data: bytes) -> tuple[Path, list[str]]:
    printer = open_printer(uri, timeout=2)
    result = printer.print_job(data)
    assert result.ok and result.code is None and result.verified
    device = printer.transport.device  # type: ignore[attr-defined]
    assert device.interpreter.unknown == []  # we only emit what the oracle understands
    page = device.printed[-1]
    decoded = [code.text for code in zxingcpp.read_barcodes(Image.open(page))]
    return page, decoded


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ticket_prints_and_its_qr_decodes_to_the_token(lang: str, tmp_path: Path, artifacts: Path) -> None:
    view = make_view(lang)
    data = render_ticket(view, "TM-T20II", WIDTH_80MM)
    page, decoded = _print_and_decode(f"virtual://{tmp_path}", data)
    assert decoded == [view.token]
    shutil.copy(page, artifacts / f"ticket-80mm-{lang}.png")


@pytest.mark.parametrize("lang", ["vi", "ko"])
def test_58mm_ticket(lang: str, tmp_path: Path, artifacts: Path) -> None:
    view = make_view(lang)
    data = render_ticket(view, "TM-T20II", WIDTH_58MM)
    page, decoded = _print_and_decode(f"virtual://{tmp_path}?width=384", data)
    assert Image.open(page).width == WIDTH_58MM
    assert decoded == [view.token]
    shutil.copy(page, artifacts / f"ticket-58mm-{lang}.png")


def test_group_ticket_shows_persons(tmp_path: Path, artifacts: Path) -> None:
    view = make_view("en", persons=5)
    page, decoded = _print_and_decode(f"virtual://{tmp_path}", render_ticket(view, "TM-T20II"))
    assert decoded == [view.token]
    shutil.copy(page, artifacts / "ticket-80mm-group-en.png")
    assert b"GROUP TICKET - 5 persons" in render_ticket(view, "TM-T20II")


def test_raster_qr_on_a_profile_without_native_qr_decodes(tmp_path: Path, artifacts: Path) -> None:
    view = make_view("zh")
    page, decoded = _print_and_decode(f"virtual://{tmp_path}", render_ticket(view, "TH230", WIDTH_80MM))
    assert decoded == [view.token]
    shutil.copy(page, artifacts / "ticket-80mm-raster-qr-zh.png")


def test_printer_without_cutter_tears_off_at_the_next_job(tmp_path: Path) -> None:
    views = [make_view("en"), make_view("ja")]
    printer = open_printer(f"virtual://{tmp_path}?width=384", timeout=2)
    for view in views:
        assert printer.print_job(render_ticket(view, "POS-5890", WIDTH_58MM)).ok
    device = printer.transport.device  # type: ignore[attr-defined]
    assert len(device.printed) == 1  # the second ticket is still on the printer until torn off
    decoded = [c.text for c in zxingcpp.read_barcodes(Image.open(device.printed[0]))]
    assert decoded == [views[0].token]


def test_vi_en_ticket_is_within_the_byte_budget() -> None:
    # Vietnamese + English: the title in Vietnamese, everything else in English (the budget case).
    assert len(render_ticket(make_view("en"), "TM-T20II", WIDTH_80MM)) <= 16 * 1024


def test_receipt_page(tmp_path: Path, artifacts: Path) -> None:
    view = ReceiptView(
        language="vi",
        header="Trung tâm Bảo tồn Di tích Cố đô Huế",
        order_code="HUE-7K3F9Q",
        issued_at="24/11/2026 09:31",
        total="400.000 ₫",
        paid_with="VietQR",
        lines=[ReceiptLine("Vé 3 điểm - Người lớn", 2, "400.000 ₫"), ReceiptLine("Tre em", 1, "0")],
    )
    printer = open_printer(f"virtual://{tmp_path}")
    assert printer.print_job(render_receipt(view, "TM-T20II")).ok
    device = printer.transport.device  # type: ignore[attr-defined]
    assert any("1 x Tre em" in text for text in device.interpreter.pages[-1].texts)
    shutil.copy(device.printed[-1], artifacts / "receipt-vi.png")


def test_catalogue_is_complete_in_six_languages() -> None:
    ours = [
        msgid
        for msgid in missing(LANGUAGES)
        if msgid.startswith("printer.") or msgid.startswith("error.printer")
    ]
    assert ours == []
    assert tr("printer.ticket.hint", "ko") != tr("printer.ticket.hint", "en")


@pytest.mark.parametrize("width", [WIDTH_80MM, WIDTH_58MM])
def test_qr_survives_a_camera_like_degradation(width: int, tmp_path: Path) -> None:
    """The module size leaves margin: a blurred, half-resolution, slightly rotated capture still decodes."""
    from PIL import ImageFilter

    view = make_view("vi")
    page, _ = _print_and_decode(f"virtual://{tmp_path}?width={width}", render_ticket(view, "TM-T20II", width))
    image = Image.open(page).convert("L")
    photo = image.rotate(7, expand=True, fillcolor=255).filter(ImageFilter.GaussianBlur(2))
    photo = photo.resize((photo.width // 2, photo.height // 2))
    assert [c.text for c in zxingcpp.read_barcodes(photo)] == [view.token]
