"""Core layer: money formatting for people (amounts are integer minor units; VND has none)."""

from __future__ import annotations

from shared.payments.base import ZERO_DECIMAL_CURRENCIES as ZERO_DECIMAL


def format_money(amount: int, currency: str = "VND", lang: str = "en") -> str:
    """``420.000 ₫`` in Vietnamese, ``420 000 ₫`` in French, ``420,000 ₫`` elsewhere."""
    digits = f"{amount:,}" if currency in ZERO_DECIMAL else f"{amount / 100:,.2f}"
    if lang == "vi":
        digits = digits.replace(",", "\0").replace(".", ",").replace("\0", ".")
    elif lang == "fr":
        digits = digits.replace(",", "\u202f").replace(".", ",")
    symbol = "₫" if currency == "VND" else currency
    return f"{digits} {symbol}"
