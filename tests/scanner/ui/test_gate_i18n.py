"""The gate's translations are complete: Qt Linguist catalogues (vi, en) cover every string the window
code marks with ``tr``, and the core-side gate catalogue has vi and en for every message."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[3] / "scanner" / "ui"
CATALOGUE = UI.parent / "gate_messages.toml"


def sources(ts: Path) -> dict[str, ET.Element]:
    return {m.findtext("source"): m for m in ET.parse(ts).iter("message")}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_linguist_catalogue_is_complete_and_compiled(lang) -> None:
    ts = UI / "i18n" / f"gate_{lang}.ts"
    messages = sources(ts)
    assert len(messages) >= 25
    for source, message in messages.items():
        translation = message.find("translation")
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), source
        text = "".join(translation.itertext()).strip()
        assert text, f"{lang}: no translation for {source!r}"
    assert (UI / "i18n" / f"gate_{lang}.qm").stat().st_mtime >= ts.stat().st_mtime - 1


def test_catalogue_covers_every_string_the_window_marks(tmp_path) -> None:
    lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name("pyside6-lupdate"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [lupdate, *map(str, sorted(UI.glob("*.py"))), "-ts", str(fresh)], check=True, capture_output=True
    )
    assert set(sources(fresh)) == set(sources(UI / "i18n" / "gate_vi.ts"))


def test_core_side_gate_messages_have_vi_and_en() -> None:
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    assert data
    for msgid, texts in data.items():
        assert texts.get("vi") and texts.get("en"), msgid
        assert texts["vi"] != texts["en"], msgid
