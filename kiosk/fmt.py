"""Qt-free kiosk layer: money and time formatting for the visitor's language (no Babel dependency)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shared.money import format_money


def money(amount: int, currency: str = "VND", lang: str = "en") -> str:
    """``420.000 ₫`` in Vietnamese, ``420,000 ₫`` elsewhere (VND has no minor unit)."""
    return format_money(amount, currency, lang)


def local_time(at: datetime, tz: str = "Asia/Ho_Chi_Minh") -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%H:%M")


def local_day(at: datetime, tz: str = "Asia/Ho_Chi_Minh") -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y")
