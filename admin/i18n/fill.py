"""Build helper (not imported at run time): fill admin_vi.ts / admin_en.ts after ``pyside6-lupdate``.

English is the source language, so admin_en.ts repeats each source; Vietnamese comes from ``vi.toml``
next to this file. Run: ``python admin/i18n/fill.py && pyside6-lrelease admin/i18n/*.ts``.
"""

from __future__ import annotations

import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent


def fill(ts: Path, texts: dict[str, str] | None) -> list[str]:
    tree = ET.parse(ts)  # noqa: S314 - our own catalogue files, not untrusted input
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        target = message.find("translation")
        assert target is not None
        text = source if texts is None else texts.get(source)
        if text is None:
            missing.append(source)
            continue
        target.text = text
        target.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    vi = tomllib.loads((HERE / "vi.toml").read_text(encoding="utf-8"))
    gaps = fill(HERE / "admin_vi.ts", vi) + fill(HERE / "admin_en.ts", None)
    if gaps:
        print("missing Vietnamese:", *gaps, sep="\n  ")
        sys.exit(1)
