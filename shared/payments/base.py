"""Core layer (Qt-free): the one payment interface every provider implements.

Owns the value types that cross the boundary between the sale state machine and a payment provider:
:class:`PaymentRequest` (what to charge, decoupled from the order tables), :class:`PaymentHandle` (the
live state of one payment attempt, polled by the GUI from a worker thread) and :class:`RefundResult`.
Providers report progress through return values (``poll``) and the optional ``on_update`` callback of
:meth:`PaymentProvider.wait`; nothing here blocks a GUI thread by itself.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar

from shared.errors import CitadelError
from shared.i18n import has, tr

# Currencies with no minor unit (ISO 4217 exponent 0, as Stripe lists them). VND is the one Citadel needs.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


class PaymentState(StrEnum):
    WAITING_FOR_CUSTOMER = "waiting_for_customer"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    FAILED = "failed"
    EXPIRED = "expired"

    @property
    def terminal(self) -> bool:
        return self not in (PaymentState.WAITING_FOR_CUSTOMER, PaymentState.PROCESSING)


@dataclass(frozen=True)
class PaymentRequest:
    """What to charge. ``amount`` is in minor units (VND has none: 200,000 ₫ is ``200000``).

    ``order_id`` (a UUID string) is the idempotency key of every create call and is stored in the
    provider's metadata; ``attempt`` > 1 derives a fresh key for a deliberate second try of the same order.
    """

    order_id: str
    order_code: str
    amount: int
    currency: str
    description: str = ""
    language: str = "en"
    attempt: int = 1

    def __post_init__(self) -> None:
        try:
            uuid.UUID(self.order_id)
        except (ValueError, AttributeError, TypeError):
            raise CitadelError(
                "payment_bad_request", f"order_id {self.order_id!r} is not a UUID", field="order_id"
            ) from None
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise CitadelError(
                "payment_bad_request",
                f"amount {self.amount!r} must be a positive integer in minor units",
                field="amount",
            )
        if not isinstance(self.currency, str) or not re.fullmatch(r"[A-Z]{3}", self.currency):
            raise CitadelError(
                "payment_bad_request",
                f"currency {self.currency!r} must be an upper-case ISO 4217 code",
                field="currency",
            )
        if self.attempt < 1:
            raise CitadelError("payment_bad_request", "attempt starts at 1", field="attempt")

    @property
    def idempotency_key(self) -> str:
        return self.order_id if self.attempt == 1 else f"{self.order_id}.{self.attempt}"


@dataclass
class PaymentHandle:
    """The live state of one payment attempt. Providers update it in place and also return it.

    ``reference`` is the provider's id (PaymentIntent, Checkout Session, VietQR request...), to be stored
    with the order and used for ``refund``. ``qr_payload`` is what the screen shows as a QR (a Checkout URL
    or a VietQR string). ``error_code`` is a msgid suffix under ``payment.`` (see ``message``).
    """

    provider: str
    order_id: str
    amount: int
    currency: str
    state: PaymentState
    reference: str = ""
    qr_payload: str | None = None
    error_code: str | None = None
    expires_at: datetime | None = None
    language: str = "en"
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def terminal(self) -> bool:
        return self.state.terminal

    def message(self, lang: str | None = None) -> str:
        """Text for the visitor: the state, or the error when there is one."""
        key = f"payment.state.{self.state.value}"
        if self.error_code:
            key = f"payment.error.{self.error_code}"
            if not has(key, "en"):  # a provider code we have no text for: say it generically
                key = "payment.error.provider_error"
        return tr(key, lang or self.language)


@dataclass(frozen=True)
class RefundResult:
    reference: str
    amount: int
    currency: str
    state: str  # "succeeded", "pending", "manual" (staff must pay back by hand) or "failed"
    refund_id: str = ""
    error_code: str | None = None


def require_positive_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise CitadelError(
            "payment_bad_request", f"amount {amount!r} must be a positive integer", field="amount"
        )


class PaymentProvider(ABC):
    """One payment method. Subclasses are thread-safe enough for one worker polling one handle at a time."""

    name: ClassVar[str]
    stand_in: ClassVar[bool] = False
    default_timeout_s: ClassVar[float] = 120.0

    def __init__(self, config: Mapping[str, Any], *, clock: Clock = utcnow) -> None:
        self.config = dict(config)
        self.clock = clock
        self.timeout = timedelta(seconds=float(self.config.get("timeout_s", self.default_timeout_s)))
        self._lock = threading.RLock()

    # -- the interface -----------------------------------------------------------------------------
    @abstractmethod
    def start(self, request: PaymentRequest) -> PaymentHandle:
        """Create the payment at the provider (idempotent per ``request.idempotency_key``)."""

    @abstractmethod
    def poll(self, handle: PaymentHandle) -> PaymentHandle:
        """Refresh ``handle`` from the provider; expires it (cancelling remotely) once past its deadline."""

    @abstractmethod
    def cancel(self, handle: PaymentHandle) -> PaymentHandle:
        """Stop the attempt (staff or visitor pressed Cancel). Never cancels a payment that succeeded."""

    @abstractmethod
    def refund(self, reference: str, amount: int, *, idempotency_key: str | None = None) -> RefundResult:
        """Give ``amount`` (minor units) of the payment ``reference`` back."""

    @abstractmethod
    def reconcile(self, order_id: str, amount: int, currency: str) -> PaymentHandle | None:
        """After a crash: find the provider's payment for ``order_id`` (metadata / idempotency key)."""

    # -- helpers shared by all providers ------------------------------------------------------------
    def new_handle(self, request: PaymentRequest, **kwargs: Any) -> PaymentHandle:
        return PaymentHandle(
            provider=self.name,
            order_id=request.order_id,
            amount=request.amount,
            currency=request.currency,
            language=request.language,
            expires_at=self.clock() + self.timeout,
            **kwargs,
        )

    def is_past_deadline(self, handle: PaymentHandle) -> bool:
        return handle.expires_at is not None and not handle.terminal and self.clock() >= handle.expires_at

    def wait(
        self,
        handle: PaymentHandle,
        *,
        on_update: Callable[[PaymentHandle], None] | None = None,
        poll_interval_s: float = 1.0,
        should_stop: Callable[[], bool] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> PaymentHandle:
        """Poll until the handle is terminal. Run on a worker thread, never on a GUI thread.

        ``on_update`` is called with the handle whenever its state or error changes. ``should_stop``
        lets the caller stop waiting (the payment continues; call :meth:`cancel` to stop it). If the
        provider cannot be reached to settle a payment past its deadline, waiting ends ``unknown_after_s``
        (config, default 60) later with a non-terminal handle: the order stays ``paying`` for reconcile.
        """
        grace = timedelta(seconds=float(self.config.get("unknown_after_s", 60)))
        last: tuple[PaymentState, str | None] | None = None
        while True:
            self.poll(handle)
            now = (handle.state, handle.error_code)
            if now != last and on_update is not None:
                on_update(handle)
            last = now
            if handle.terminal or (should_stop is not None and should_stop()):
                return handle
            if handle.expires_at is not None and self.clock() >= handle.expires_at + grace:
                return handle
            sleep(poll_interval_s)
