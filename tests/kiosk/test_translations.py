"""Every kiosk screen string has a translation: vi and en for all, ko/zh/ja/fr for visitor-facing ones;
the .qm files are compiled from the current .ts sources; the core-side kiosk messages are complete."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import kiosk
from kiosk.tr import I18N_DIR, compile_catalogues
from shared.i18n import LANGUAGES

KIOSK = Path(kiosk.__file__).parent
CALL = re.compile(r'\b(t|ts)\(\s*"((?:[^"\\]|\\.)*)"\s*\)')


def source_strings() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"kiosk": set(), "staff": set()}
    for path in KIOSK.rglob("*.py"):
        if path.name == "tr.py":
            continue
        for kind, text in CALL.findall(path.read_text(encoding="utf-8")):
            found["kiosk" if kind == "t" else "staff"].add(text)
    return found


def ts_entries(lang: str) -> dict[str, dict[str, str]]:
    root = ET.parse(I18N_DIR / f"kiosk_{lang}.ts").getroot()
    out: dict[str, dict[str, str]] = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            done = tr is not None and tr.get("type") != "unfinished" and (tr.text or "")
            out.setdefault(name, {})[msg.findtext("source") or ""] = done or ""
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ts_files_cover_every_string(lang):
    strings = source_strings()
    assert len(strings["kiosk"]) > 40 and len(strings["staff"]) > 30
    entries = ts_entries(lang)
    contexts = ["kiosk", "staff"] if lang in ("vi", "en") else ["kiosk"]
    for ctx in contexts:
        missing = sorted(s for s in strings[ctx] if not entries.get(ctx, {}).get(s))
        assert not missing, f"{lang}/{ctx} lacks: {missing}"
        for source, text in entries[ctx].items():
            # Placeholders survive translation.
            assert re.findall(r"%\w", source) == re.findall(r"%\w", text) or ctx != "kiosk" or not text, (
                lang,
                source,
            )


def test_qm_files_match_sources(tmp_path):
    fresh = {p.name: p.read_bytes() for p in compile_catalogues(tmp_path)}
    shipped = {p.name: p.read_bytes() for p in I18N_DIR.glob("kiosk_*.qm")}
    assert fresh == shipped, "run kiosk.tr.compile_catalogues() after editing a .ts file"


def test_core_side_messages_complete():
    data = tomllib.loads((KIOSK / "messages.toml").read_text(encoding="utf-8"))
    for msgid, texts in data.items():
        assert set(LANGUAGES) <= set(texts), msgid
