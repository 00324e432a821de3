"""Core layer: the domain model as SQLModel tables (SQLite by default, PostgreSQL for a site network).

Times are stored in UTC (timezone-aware in Python, ``TIMESTAMP WITH TIME ZONE`` on PostgreSQL).
Money is an integer amount in minor units plus an ISO 4217 currency (VND has no minor unit).
Primary keys that devices create offline are client-made (UUIDv7 for orders, events and scans' nonces,
64-bit random ticket ids), so uploads to central are idempotent upserts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import uuid6
from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, LargeBinary, UniqueConstraint, text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid7() -> str:
    return str(uuid6.uuid7())


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC; SQLite gives naive values back, which are re-marked as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def ts_column(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def json_column() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class OrderState(StrEnum):
    CART = "cart"
    RESERVED = "reserved"
    RELEASED = "released"
    PAYING = "paying"
    PAYMENT_FAILED = "payment_failed"
    CANCELLED = "cancelled"
    PAID = "paid"
    ISSUED = "issued"
    PRINTED = "printed"
    PRINT_FAILED = "print_failed"
    REPRINTED = "reprinted"
    REFUNDED = "refunded"
    VOIDED = "voided"


class TicketStatus(StrEnum):
    ISSUED = "issued"
    PRINTED = "printed"
    PRINT_FAILED = "print_failed"
    REVOKED = "revoked"


class Direction(StrEnum):
    ENTRY = "in"
    EXIT = "out"


class Role(StrEnum):
    MANAGER = "manager"
    CASHIER = "cashier"
    GATE_STAFF = "gate_staff"


# --- catalogue -------------------------------------------------------------------------------------


class Pulled(SQLModel):
    """Reference data that devices pull from central (``shared.sync.outbox.pull_once``). ``pull_xid`` is
    the PostgreSQL transaction that last wrote the row, set by a trigger at central (migration 0007);
    a device asks only for rows written since its last pull's snapshot. NULL on SQLite."""

    pull_xid: int | None = Field(default=None, sa_type=BigInteger, index=True)


class Site(Pulled, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=64)
    bit: int = Field(unique=True, description="Bit index in the token's site set (0-63)")
    names: dict[str, str] = json_column()
    timezone: str = Field(default="Asia/Ho_Chi_Minh", max_length=64)
    capacity: int = 0
    opens: str = Field(default="07:00", max_length=5)
    closes: str = Field(default="17:30", max_length=5)
    latitude: float | None = None
    longitude: float | None = None
    active: bool = True

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.names.get("vi") or self.code


class Product(Pulled, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True, description="Product number carried in the token (1-65535)")
    code: str = Field(unique=True, index=True, max_length=64)
    kind: str = Field(default="single", max_length=16)  # single | combo
    names: dict[str, str] = json_column()
    validity_days: int = 1
    entries_per_site: int = 1
    reentry: bool = False
    needs_slot: bool = False
    slot_minutes: int = 0
    active: bool = True

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.names.get("vi") or self.code


class ProductSite(Pulled, table=True):
    __tablename__ = "product_site"
    product_id: int = Field(foreign_key="product.id", primary_key=True)
    site_id: int = Field(foreign_key="site.id", primary_key=True)


class Category(Pulled, table=True):
    """Audience category (adult, child, free, ...); ``number`` is carried in the token."""

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    code: str = Field(unique=True, max_length=32)
    names: dict[str, str] = json_column()
    sort: int = 0

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.code


class Price(Pulled, table=True):
    __table_args__ = (UniqueConstraint("product_id", "category_id"),)
    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    category_id: int = Field(foreign_key="category.id")
    amount: int = Field(ge=0, description="Minor units; VND has none")
    currency: str = Field(default="VND", max_length=3)


class TimeSlot(Pulled, table=True):
    __tablename__ = "time_slot"
    __table_args__ = (UniqueConstraint("product_id", "starts_at"),)
    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    minutes: int = 60
    capacity: int = 0
    taken: int = Field(default=0, description="Places reserved or sold; never above capacity")


class SlotHold(SQLModel, table=True):
    """Places of a time slot taken at central for one order of a device that sells from its own journal
    (site network). ``time_slot.taken`` at central is the sum of these rows: a kiosk takes them live at
    reservation (``shared.slots``), an order that arrives already sold (sold while central was out of
    reach) adds its own, and a released or cancelled order gives them back when it arrives. No foreign
    key to ``orders``: the hold is taken before the order reaches central."""

    __tablename__ = "slot_hold"
    order_id: str = Field(primary_key=True, max_length=36)
    slot_id: int = Field(primary_key=True, foreign_key="time_slot.id")
    quantity: int = Field(ge=1)
    device_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


# --- sales -------------------------------------------------------------------------------------------


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    id: str = Field(default_factory=new_uuid7, primary_key=True, max_length=36)
    code: str = Field(unique=True, index=True, max_length=16)
    state: str = Field(default=OrderState.CART, index=True, max_length=16)
    device_id: str | None = Field(default=None, index=True, max_length=64)
    site_code: str | None = Field(default=None, max_length=64)
    language: str = Field(default="vi", max_length=8)
    country: str | None = Field(default=None, max_length=2, description="ISO 3166-1 alpha-2 residence")
    currency: str = Field(default="VND", max_length=3)
    total: int = 0
    provider: str | None = Field(default=None, max_length=32)
    payment_ref: str | None = Field(default=None, max_length=128)
    group_ticket: bool = False
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True)
    )
    updated_at: datetime | None = ts_column()
    reserved_until: datetime | None = ts_column()
    paid_at: datetime | None = ts_column(index=True)
    note: str | None = Field(default=None, max_length=500)


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_line"
    id: str = Field(default_factory=new_uuid7, primary_key=True, max_length=36)
    order_id: str = Field(foreign_key="orders.id", index=True, max_length=36)
    product_id: int = Field(foreign_key="product.id")
    category_id: int = Field(foreign_key="category.id")
    quantity: int = Field(ge=1)
    unit_price: int = 0
    slot_id: int | None = Field(default=None, foreign_key="time_slot.id")


# The printed short ticket number is the low 40 bits of the id (shared.tokens.SHORT_NUMBER_MASK); staff
# type it for a damaged ticket, so the expression is indexed (sales.tickets_by_number uses it verbatim).
SHORT_NUMBER_SQL = "(id & 1099511627775)"


class Ticket(SQLModel, table=True):
    __table_args__ = (Index("ix_ticket_short_number", text(SHORT_NUMBER_SQL)),)
    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    order_id: str = Field(foreign_key="orders.id", index=True, max_length=36)
    order_line_id: str = Field(foreign_key="order_line.id", max_length=36)
    product_id: int = Field(foreign_key="product.id")
    category_id: int = Field(foreign_key="category.id")
    persons: int = 1
    valid_from: date
    valid_days: int = 1
    token: str = Field(max_length=256)
    key_id: int = Field(index=True)
    status: str = Field(default=TicketStatus.ISSUED, max_length=16)
    printed_count: int = 0
    issued_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Revocation(Pulled, table=True):
    ticket_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    revoked_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    reason: str = Field(default="", max_length=64)


# --- gates -------------------------------------------------------------------------------------------


class Scan(SQLModel, table=True):
    __table_args__ = (
        Index("ix_scan_site_time", "site_code", "scanned_at"),
        Index("ix_scan_ticket_site", "ticket_id", "site_code"),
    )
    nonce: str = Field(primary_key=True, max_length=64)
    ticket_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    site_code: str = Field(max_length=64)
    gate: str = Field(default="", max_length=64)
    device_id: str | None = Field(default=None, max_length=64)
    direction: str = Field(default=Direction.ENTRY, max_length=3)
    admitted: bool = False
    code: str = Field(default="admitted", max_length=32)
    persons: int = 0
    scanned_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    received_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    offline: bool = False
    conflict: bool = Field(default=False, description="More admissions than allowed, found after sync")


class ScanHour(SQLModel, table=True):
    """Rollup of admitted scans: persons and scans per UTC hour, site, gate and direction.

    Written only by database triggers on ``scan`` (:mod:`shared.rollups`), so it stays exact whatever
    writes the scans (a gate, the sync worker at central, a bulk load); ``citadel db rollups check``
    compares it with the scans themselves."""

    __tablename__ = "scan_hour"
    hour: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True))
    site_code: str = Field(primary_key=True, max_length=64)
    gate: str = Field(primary_key=True, max_length=64)
    direction: str = Field(primary_key=True, max_length=3)
    persons: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    scans: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class SaleHour(SQLModel, table=True):
    """Rollup of sold tickets (orders paid and not refunded or voided): tickets, persons and revenue per
    UTC hour of payment, selling site, product, category and country of residence ('' when unknown).

    Written only by database triggers on ``orders``, ``order_line`` and ``ticket`` (:mod:`shared.rollups`)."""

    __tablename__ = "sale_hour"
    hour: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True))
    site_code: str = Field(primary_key=True, max_length=64)
    product_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    category_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    country: str = Field(primary_key=True, max_length=2)
    tickets: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    persons: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    revenue: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class VisitHour(SQLModel, table=True):
    """Rollup of admitted scans by who came: persons and scans per UTC hour, site, gate, direction and the
    ticket's product and category and its order's country (0, 0 and '' while those are unknown). The gate
    is part of the key so that two gates' uploads at central never wait for each other's rows.

    Written only by database triggers on ``scan``, ``ticket`` and ``orders`` (:mod:`shared.rollups`)."""

    __tablename__ = "visit_hour"
    hour: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True))
    site_code: str = Field(primary_key=True, max_length=64)
    gate: str = Field(primary_key=True, max_length=64)
    direction: str = Field(primary_key=True, max_length=3)
    product_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    category_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    country: str = Field(primary_key=True, max_length=2)
    persons: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    scans: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class TicketUse(SQLModel, table=True):
    """Per ticket and site: admissions used and whether the holder is inside. The conditional update on
    this row is what makes one ticket at two gates at the same moment admit exactly once."""

    __tablename__ = "ticket_use"
    ticket_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    site_code: str = Field(primary_key=True, max_length=64)
    entries: int = 0
    inside: bool = False
    last_at: datetime | None = ts_column()
    last_gate: str | None = Field(default=None, max_length=64)


# --- devices, keys, people ---------------------------------------------------------------------------


class Device(Pulled, table=True):
    id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=16)  # kiosk | gate | counter | admin
    site_code: str | None = Field(default=None, max_length=64)
    name: str = Field(default="", max_length=128)
    status: str = Field(default="pending", max_length=16)  # pending | approved | revoked
    enrolled_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    last_seen: datetime | None = ts_column()
    printer_state: str | None = Field(default=None, max_length=32)
    queue_length: int = 0
    info: dict[str, Any] = json_column()


class SigningKey(Pulled, table=True):
    __tablename__ = "signing_key"
    key_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    device_id: str | None = Field(default=None, max_length=64, index=True)
    public_key: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    approved_at: datetime | None = ts_column()
    revoked_at: datetime | None = ts_column()


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    password_hash: str = Field(max_length=256)
    role: str = Field(max_length=16)
    active: bool = True
    failed_attempts: int = 0
    locked_until: datetime | None = ts_column()
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: str = Field(default_factory=new_uuid7, primary_key=True, max_length=36)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64, index=True)
    target: str = Field(default="", max_length=128)
    device_id: str | None = Field(default=None, max_length=64)
    details: dict[str, Any] = json_column()


class OutboxItem(SQLModel, table=True):
    """Store-and-forward queue shared by the device sync worker and the city feed."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "topic", "sent_at", "next_attempt_at"),)
    id: str = Field(default_factory=new_uuid7, primary_key=True, max_length=36)
    topic: str = Field(max_length=32)
    key: str = Field(max_length=128, description="Idempotency key of the record forwarded")
    payload: dict[str, Any] = json_column()
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    attempts: int = 0
    next_attempt_at: datetime | None = ts_column()
    sent_at: datetime | None = ts_column()
    last_error: str | None = Field(default=None, max_length=500)


class Setting(SQLModel, table=True):
    """Small key/value state kept with the data (sync cursors, last city push, first-run flags)."""

    key: str = Field(primary_key=True, max_length=64)
    value: dict[str, Any] = json_column()
