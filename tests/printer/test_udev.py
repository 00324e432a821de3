"""The udev rule for USB thermal printers: covers the common vendors and is well-formed udev syntax."""

from __future__ import annotations

import re
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "installer" / "udev" / "60-citadel-printers.rules"


def _logical_lines() -> list[str]:
    text = RULES.read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_rule_covers_common_thermal_printer_vendors() -> None:
    text = RULES.read_text()
    for vendor in ("04b8", "0416", "0483", "1fc9", "28e9", "0fe6"):
        assert vendor in text


def test_every_rule_line_is_key_op_value_pairs() -> None:
    pair = re.compile(r'^[A-Z_]+(\{[^}]+\})?(==|!=|=|\+=|:=)"[^"]*"$')
    for line in _logical_lines():
        parts = [p.strip() for p in line.split(",")]
        assert all(pair.match(p) for p in parts), line
    labels = re.findall(r'LABEL="([^"]+)"', RULES.read_text())
    gotos = re.findall(r'GOTO="([^"]+)"', RULES.read_text())
    assert set(gotos) <= set(labels)
