"""Qt Linguist catalogues: vi and en complete and current with the code; the app shows Vietnamese."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from admin.app import I18N, install_translator
from admin.main_window import MainWindow
from tests.admin.conftest import snap

ADMIN = Path(__file__).resolve().parents[2] / "admin"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_catalogue_complete(lang):
    tree = ET.parse(I18N / f"admin_{lang}.ts")
    messages = list(tree.iter("message"))
    assert len(messages) > 150
    for m in messages:
        t = m.find("translation")
        assert t is not None and t.text and t.get("type") not in ("unfinished", "obsolete"), m.findtext(
            "source"
        )
    assert (I18N / f"admin_{lang}.qm").stat().st_size > 1000


def test_every_tr_string_is_in_the_catalogue(tmp_path):
    """lupdate on the current code finds nothing new (the .ts files are not stale)."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    out = tmp_path / "check.ts"
    sources = [
        str(p)
        for p in [ADMIN / "app.py", ADMIN / "main_window.py", *sorted((ADMIN / "screens").glob("*.py"))]
    ]
    subprocess.run([str(lupdate), *sources, "-ts", str(out)], check=True, capture_output=True)
    fresh = {m.findtext("source") for m in ET.parse(out).iter("message")}
    shipped = {m.findtext("source") for m in ET.parse(I18N / "admin_vi.ts").iter("message")}
    assert fresh <= shipped, fresh - shipped


def test_vietnamese_main_window(qtbot, qapp, busy_world, backend_for, runner):
    translator = install_translator(qapp, "vi")
    assert translator is not None
    try:
        backend = backend_for("manager")
        backend.lang = "vi"
        window = MainWindow(backend, runner)
        qtbot.addWidget(window)
        assert window.screens["dashboard"].windowTitle() == "Tổng quan"
        assert window.nav.item(2).text() == "Đơn hàng"
        with qtbot.waitSignal(window.screens["dashboard"].loaded, timeout=10000):
            window.show()
        snap(window, "main-window-vi")
        window.stop()
    finally:
        QCoreApplication.removeTranslator(translator)
