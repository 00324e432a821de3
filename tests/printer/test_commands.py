"""Byte-exact tests of the native ESC/POS commands (python-escpos ``Dummy``) and of the status codec."""

from __future__ import annotations

import dataclasses

import pytest
from escpos.constants import QR_ECLEVEL_Q
from escpos.printer import Dummy
from PIL import Image

from printer import layout, raster
from printer.escpos_interpreter import EscposInterpreter
from printer.status import Paper, decode_status, encode_status
from tests.printer.support import make_view


def test_native_qr_bytes_are_model2_ec_q_module7() -> None:
    d = Dummy()
    d.qr("CT:AB", ec=QR_ECLEVEL_Q, size=7, native=True)
    assert d.output == (
        b"\x1d(k\x04\x001A2\x00"  # model 2
        b"\x1d(k\x03\x001C\x07"  # module size 7 dots
        b"\x1d(k\x03\x001E2"  # error correction Q ('2' = 50)
        b"\x1d(k\x08\x001P0CT:AB"  # store data
        b"\x1d(k\x03\x001Q0"  # print
    )


def test_ticket_uses_native_qr_with_level_q_and_module_size() -> None:
    view = make_view("en")
    data = layout.render_ticket(view, "TM-T20II", layout.WIDTH_80MM)
    assert data.startswith(b"\x1b@")  # ESC @ initialise
    assert b"\x1d(k\x03\x001C\x07" in data and b"\x1d(k\x03\x001E2" in data
    store = b"\x1d(k" + (len(view.token) + 3).to_bytes(2, "little") + b"1P0" + view.token.encode()
    assert store in data
    assert data.endswith(b"\x1bd\x06\x1dV\x00")  # feed 6 lines, full cut
    assert layout.qr_module_size(layout.WIDTH_58MM) == 6


def test_ascii_lines_stay_native_text_and_vietnamese_becomes_raster() -> None:
    data = layout.render_ticket(make_view("en"), "TM-T20II")
    assert b"Category: Adult\n" in data
    assert "Đại Nội".encode() not in data and "Đại Nội".encode("cp1258", errors="ignore") not in data
    assert b"\x1dv0\x00" in data  # the Vietnamese lines went out as GS v 0


def test_french_uses_a_latin_code_page_natively() -> None:
    data = layout.render_ticket(make_view("fr"), "TM-T20II")
    pages = {name: int(n) for name, n in layout.get_profile("TM-T20II").get_code_pages().items()}
    assert b"\x1bt" + bytes((pages["CP858"],)) + "Catégorie: Adulte".encode("cp858") in data


def test_profile_without_qr_gets_a_raster_qr() -> None:
    data = layout.render_ticket(make_view("en"), "POS-5890", layout.WIDTH_58MM)
    assert b"\x1d(k" not in data
    assert data.count(b"\x1dv0\x00") >= 2


def test_gs_v0_header_and_bits() -> None:
    ink = Image.new("1", (10, 2), 0)
    ink.putpixel((0, 0), 1)
    ink.putpixel((9, 1), 1)
    assert raster.gs_v0(ink) == b"\x1dv0\x00\x02\x00\x02\x00" + bytes([0x80, 0x00, 0x00, 0x40])


def test_gs_v0_refuses_non_bilevel_images() -> None:
    with pytest.raises(ValueError):
        raster.gs_v0(Image.new("L", (8, 8)))


@pytest.mark.parametrize("paper", list(Paper)[:3])
@pytest.mark.parametrize("cover_open", [False, True])
@pytest.mark.parametrize("online", [False, True])
def test_status_round_trip(paper: Paper, cover_open: bool, online: bool) -> None:
    answers = {
        n: encode_status(n, online=online, paper=paper, cover_open=cover_open, error=False)
        for n in (1, 2, 3, 4)
    }
    status = decode_status(answers)
    assert (status.online, status.paper, status.cover_open, status.error) == (
        online,
        paper,
        cover_open,
        False,
    )


def test_epson_reference_bytes_decode() -> None:
    # Bytes from the Epson DLE EOT table: 0x16 = online, 0x1E = offline; 0x72 = paper end, cover closed.
    assert decode_status({1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12}).good
    out = decode_status({1: 0x1E, 2: 0x32, 3: 0x12, 4: 0x72})
    assert out.problem == "paper_out" and not out.good
    with pytest.raises(ValueError):
        decode_status({1: 0x00})  # an empty/zero answer is not "paper OK"


def test_interpreter_answers_status_and_reads_code_pages() -> None:
    pages: list[str] = []
    interp = EscposInterpreter(576, on_page=lambda page: pages.extend(page.texts))
    assert interp.feed(b"\x1b@\x10\x04\x01") == b"\x12"
    interp.feed(b"\x1bt\x13" + "Entrée".encode("cp858") + b"\n\x1dV")
    interp.feed(b"\x00")  # a command split across two writes
    assert pages == ["Entrée"]
    assert interp.unknown == []


def test_control_characters_in_texts_never_reach_the_printer() -> None:
    view = dataclasses.replace(make_view("en"), category="Adult\x1dV\x00\x1b@", sites=["Dai Noi\x10\x04\x01"])
    data = layout.render_ticket(view, "TM-T20II")
    assert b"Category: AdultV@\n" in data and b"  - Dai Noi\n" in data
    assert data.count(b"\x1dV") == 1 and data.count(b"\x1b@") == 1 and b"\x10\x04" not in data


def test_blank_raster_rows_become_paper_feed() -> None:
    data = layout.render_ticket(make_view("vi"), "TM-T20II")
    assert b"\x1bJ" in data
    # Every GS v 0 image starts and ends with an inked row (blank rows were turned into ESC J).
    i = data.find(b"\x1dv0\x00")
    width_bytes = int.from_bytes(data[i + 4 : i + 6], "little")
    height = int.from_bytes(data[i + 6 : i + 8], "little")
    body = data[i + 8 : i + 8 + width_bytes * height]
    assert any(body[:width_bytes]) and any(body[-width_bytes:])
