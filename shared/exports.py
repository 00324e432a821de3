"""Core layer: export helpers shared by the CLI and admin (CSV formula escaping)."""

from __future__ import annotations

from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Make a text cell inert for spreadsheets (OWASP CSV injection): prefix a quote when it starts like a
    formula. Numbers stay numbers, so negative amounts are not mangled."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
