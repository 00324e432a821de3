"""Qt-free kiosk layer: money and time formatting for the visitor's language (no Babel dependency)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shared.payments import ZERO_DECIMAL_CURRENCIES


def money(amount: int, currency: str = "VND", lang: str = "en") -> str:
    """``420.000 ₫`` in Vietnamese, ``420,000 ₫`` elsewhere (VND has no minor unit)."""
    if currency in ZERO_DECIMAL_CURRENCIES:
        digits = f"{amount:,}"
    else:
        digits = f"{amount / 100:,.2f}"
    if lang in ("vi", "fr"):
        # Vietnamese groups with dots; French with a narrow no-break space.
        digits = digits.replace(",", "." if lang == "vi" else "\u202f")
    symbol = "₫" if currency == "VND" else currency
    return f"{digits} {symbol}"


def local_time(at: datetime, tz: str = "Asia/Ho_Chi_Minh") -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%H:%M")


def local_day(at: datetime, tz: str = "Asia/Ho_Chi_Minh") -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y")
