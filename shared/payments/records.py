"""Core layer (Qt-free): the payment tables the core keeps for VietQR (bank transfers have no provider API
to ask later, so Citadel must remember what it asked for and every transfer it was told about).

Tables are prefixed ``payment_``; the lead adds them to the alembic migrations.
Times are timezone-aware UTC (SQLModel's UTCDateTime).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class PaymentVietqrRequest(SQLModel, table=True):
    """One dynamic VietQR shown for one attempt at paying one order."""

    __tablename__ = "payment_vietqr_request"

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(index=True, unique=True, max_length=64)
    order_id: str = Field(index=True, max_length=36)
    order_code: str = Field(max_length=32)
    note: str = Field(index=True, max_length=19)
    amount: int
    currency: str = Field(max_length=3)
    state: str = Field(max_length=24)  # a PaymentState value
    problem: str | None = Field(default=None, max_length=24)  # e.g. "underpaid" while still waiting
    payload: str
    created_at: datetime
    expires_at: datetime
    settled_transfer_id: int | None = Field(default=None)


class PaymentBankTransfer(SQLModel, table=True):
    """Every incoming transfer the aggregator reported, with how Citadel classified it.

    ``classification`` is ``accepted``, ``underpaid``, ``overpaid``, ``duplicate``, ``late`` or
    ``unmatched``. Everything but ``accepted`` has ``needs_attention`` until staff resolve it.
    """

    __tablename__ = "payment_bank_transfer"
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_payment_bank_transfer_source_ext"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=32)
    external_id: str = Field(max_length=64)
    account_number: str = Field(max_length=32)
    amount: int
    content: str
    transaction_date: str = Field(max_length=32)
    received_at: datetime
    request_id: int | None = Field(default=None, index=True)
    order_id: str | None = Field(default=None, index=True, max_length=36)
    classification: str = Field(max_length=16)
    needs_attention: bool = Field(default=False, index=True)
    resolved_at: datetime | None = None
    resolved_by: str | None = Field(default=None, max_length=64)
    resolution_note: str = ""
