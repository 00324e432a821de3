"""``citadel printer test`` and ``citadel printer serve`` (the Typer app the core CLI mounts)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import zxingcpp
from PIL import Image
from typer.testing import CliRunner

from printer.cli import app


def test_test_page_on_the_virtual_printer(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["test", f"virtual://{tmp_path}", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert "Máy in sẵn sàng" in result.output and "Đã in xong" in result.output
    pages = sorted(tmp_path.glob("ticket-*.png"))
    assert [c.text for c in zxingcpp.read_barcodes(Image.open(pages[0]))] == ["CITADEL-TEST-PAGE"]


def test_bad_uri_gives_a_translated_message_and_exit_code() -> None:
    result = CliRunner().invoke(app, ["test", "lpt://1", "--lang", "en"])
    assert result.exit_code == 2
    assert "Invalid printer address: lpt://1" in result.output


def test_serve_answers_status_and_prints_over_tcp(tmp_path: Path) -> None:
    code = "from printer.cli import app; app()"
    server = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", "0", "--dir", str(tmp_path), "--paper-out"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()
        uri = banner.split(" on ")[1].split(",")[0]
        result = CliRunner().invoke(app, ["test", uri, "--timeout", "2"])
        assert result.exit_code == 1
        assert "out of paper" in result.output
        assert list(tmp_path.glob("*.png")) == []
    finally:
        server.terminate()
        server.wait(timeout=10)
