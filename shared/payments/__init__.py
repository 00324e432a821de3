"""Core layer (Qt-free): payments behind one interface (Stripe, VietQR, cash, demo).

Import :func:`load_provider` and the value types from here. The package registers its message catalogue
(``messages.toml``) at import. See ``docs/payments.md`` for configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shared.errors import CitadelError
from shared.i18n import register_catalog
from shared.payments.base import (
    ZERO_DECIMAL_CURRENCIES,
    Clock,
    PaymentHandle,
    PaymentProvider,
    PaymentRequest,
    PaymentState,
    RefundResult,
    utcnow,
)

register_catalog(Path(__file__).with_name("messages.toml"))

PROVIDERS: tuple[str, ...] = ("stripe", "vietqr", "cash", "demo")


def load_provider(
    name: str, config: Mapping[str, Any], *, demo_mode: bool, counter_mode: bool, clock: Clock = utcnow
) -> PaymentProvider:
    """The one entry point that chooses a provider. ``demo`` refuses without demo mode, ``cash`` without
    counter mode; configuration errors are ``payment_config`` with the missing key."""
    if name == "stripe":
        from shared.payments.stripe_provider import StripeProvider

        return StripeProvider(config, clock=clock)
    if name == "vietqr":
        from shared.payments.vietqr import VietQRProvider

        return VietQRProvider(config, clock=clock)
    from shared.payments.simple import CashProvider, DemoProvider

    if name == "cash":
        return CashProvider(config, counter_mode=counter_mode, clock=clock)
    if name == "demo":
        return DemoProvider(config, demo_mode=demo_mode, clock=clock)
    raise CitadelError("payment_unknown_provider", name, name=name, known=", ".join(PROVIDERS))


__all__ = [
    "PROVIDERS",
    "ZERO_DECIMAL_CURRENCIES",
    "PaymentHandle",
    "PaymentProvider",
    "PaymentRequest",
    "PaymentState",
    "RefundResult",
    "load_provider",
]
