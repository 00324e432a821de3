"""Core layer (Qt-free): how forwarded records land in the central database.

Each topic has one applier that takes the decoded payloads of a batch and writes them with idempotent
upserts keyed by the record's own client-made key (order UUIDv7, scan nonce, ticket id, audit UUIDv7), so a
batch delivered twice, or re-sent after the worker was killed between the central commit and marking
the items sent, changes nothing the second time.

Topics: ``order`` (order + lines + tickets snapshot), ``scan``, ``audit``, ``revocation``, ``device``.
Central keeps the device's ``scanned_at`` and sets ``received_at`` from its own clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Table, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from shared.models import (
    AuditEvent,
    Device,
    Order,
    OrderLine,
    OrderState,
    Revocation,
    Scan,
    SlotHold,
    Ticket,
    TicketStatus,
    TimeSlot,
    UTCDateTime,
    utcnow,
)

Applier = Callable[[Connection, list[dict[str, Any]]], None]


def table_of(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def decode_row(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    """A JSON payload row back to Python values for ``table`` (ISO strings -> datetime/date); unknown
    keys are dropped, so a newer device's extra fields do not break an older central."""
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in data:
            continue
        value = data[column.name]
        if isinstance(value, str):
            if isinstance(column.type, UTCDateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(column.type, Date):
                value = date.fromisoformat(value)
        out[column.name] = value
    return out


def upsert(conn: Connection, table: Table) -> Any:
    """An INSERT that supports ON CONFLICT on PostgreSQL (central) and SQLite (local pull, tests)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"upserts on {conn.dialect.name}")


def _unique(rows: Iterable[dict[str, Any]], key: Sequence[str]) -> list[dict[str, Any]]:
    """Last one wins per key: one multi-row ON CONFLICT DO UPDATE may not touch a row twice."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        seen[tuple(row[k] for k in key)] = row
    return list(seen.values())


def central_now(conn: Connection) -> datetime:
    """Central's clock (the database server's), which is what ``received_at`` records."""
    if conn.dialect.name == "postgresql":
        value = conn.execute(select(func.now())).scalar_one()
        assert isinstance(value, datetime)
        return value
    return utcnow()


def apply_orders(conn: Connection, payloads: list[dict[str, Any]]) -> None:
    orders_t, lines_t, tickets_t = table_of(Order), table_of(OrderLine), table_of(Ticket)
    orders = _unique((decode_row(orders_t, p["order"]) for p in payloads), ["id"])
    lines = _unique((decode_row(lines_t, x) for p in payloads for x in p.get("lines", [])), ["id"])
    tickets = _unique((decode_row(tickets_t, x) for p in payloads for x in p.get("tickets", [])), ["id"])
    if orders:
        stmt = upsert(conn, orders_t)
        changing = [c.name for c in orders_t.columns if c.name not in ("id", "created_at")]
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={name: stmt.excluded[name] for name in changing},
            # A stale snapshot (older updated_at) never overwrites a newer state at central.
            where=(orders_t.c.updated_at.is_(None))
            | (stmt.excluded.updated_at.is_(None))
            | (stmt.excluded.updated_at >= orders_t.c.updated_at),
        )
        conn.execute(stmt, orders)
    if lines:
        conn.execute(upsert(conn, lines_t).on_conflict_do_nothing(index_elements=["id"]), lines)
    if tickets:
        stmt = upsert(conn, tickets_t)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={"status": stmt.excluded.status, "printed_count": stmt.excluded.printed_count},
            # A ticket revoked at central stays revoked whatever a device's older snapshot says.
            where=tickets_t.c.status != TicketStatus.REVOKED.value,
        )
        conn.execute(stmt, tickets)
    if orders:
        reconcile_holds(conn, [o["id"] for o in orders])


# Central time-slot places (see shared.slots): states that gave their places back, and states whose
# places are held live by the kiosk before payment (an arriving snapshot in one of them takes nothing:
# only the kiosk's capacity-checked hold may).
GAVE_BACK = frozenset({OrderState.RELEASED.value, OrderState.CANCELLED.value})
HELD_LIVE = frozenset(
    {
        OrderState.CART.value,
        OrderState.RESERVED.value,
        OrderState.PAYING.value,
        OrderState.PAYMENT_FAILED.value,
    }
)


def reconcile_holds(conn: Connection, order_ids: Sequence[str]) -> None:
    """Bring central's slot holds in line with the orders' states *as stored at central*: a released or
    cancelled order's holds are deleted and their places given back; a sold order without a hold (sold
    out of reach of central) gets one, and its places are counted even beyond the capacity. Idempotent:
    a snapshot delivered twice changes nothing the second time."""
    orders_t, lines_t, hold_t, slot_t = (
        table_of(Order),
        table_of(OrderLine),
        table_of(SlotHold),
        table_of(TimeSlot),
    )
    states = conn.execute(
        select(orders_t.c.id, orders_t.c.state, orders_t.c.device_id).where(orders_t.c.id.in_(order_ids))
    ).all()
    delta: dict[int, int] = {}
    gave_back = [r.id for r in states if r.state in GAVE_BACK]
    if gave_back:
        for slot_id, qty in conn.execute(
            delete(hold_t)
            .where(hold_t.c.order_id.in_(gave_back))
            .returning(hold_t.c.slot_id, hold_t.c.quantity)
        ):
            delta[slot_id] = delta.get(slot_id, 0) - qty
    sold = {r.id: r.device_id for r in states if r.state not in GAVE_BACK and r.state not in HELD_LIVE}
    if sold:
        needs = conn.execute(
            select(lines_t.c.order_id, lines_t.c.slot_id, func.sum(lines_t.c.quantity).label("qty"))
            .where(lines_t.c.order_id.in_(list(sold)), lines_t.c.slot_id.is_not(None))
            .group_by(lines_t.c.order_id, lines_t.c.slot_id)
        ).all()
        now = central_now(conn) if needs else None
        for order_id, slot_id, qty in needs:
            added = conn.execute(
                upsert(conn, hold_t)
                .values(
                    order_id=order_id,
                    slot_id=slot_id,
                    quantity=int(qty),
                    device_id=sold[order_id],
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["order_id", "slot_id"])
                .returning(hold_t.c.slot_id)
            ).first()
            if added is not None:
                delta[slot_id] = delta.get(slot_id, 0) + int(qty)
    for slot_id, change in sorted(delta.items()):  # the kiosks' lock order (shared.slots)
        if change:
            conn.execute(update(slot_t).where(slot_t.c.id == slot_id).values(taken=slot_t.c.taken + change))


def apply_scans(conn: Connection, payloads: list[dict[str, Any]]) -> None:
    scans_t = table_of(Scan)
    received = central_now(conn)
    rows = _unique((decode_row(scans_t, p) | {"received_at": received} for p in payloads), ["nonce"])
    stmt = upsert(conn, scans_t)
    stmt = stmt.on_conflict_do_update(
        index_elements=["nonce"],
        # Re-delivery keeps the first receipt time; a conflict flag found later on the device is kept.
        set_={"conflict": scans_t.c.conflict | stmt.excluded.conflict},
        where=(stmt.excluded.conflict.is_(True)) & (scans_t.c.conflict.is_(False)),
    )
    conn.execute(stmt, rows)


def apply_audit(conn: Connection, payloads: list[dict[str, Any]]) -> None:
    audit_t = table_of(AuditEvent)
    rows = _unique((decode_row(audit_t, p) for p in payloads), ["id"])
    conn.execute(upsert(conn, audit_t).on_conflict_do_nothing(index_elements=["id"]), rows)


def apply_revocations(conn: Connection, payloads: list[dict[str, Any]]) -> None:
    rev_t, tickets_t = table_of(Revocation), table_of(Ticket)
    rows = _unique((decode_row(rev_t, p) for p in payloads), ["ticket_id"])
    conn.execute(upsert(conn, rev_t).on_conflict_do_nothing(index_elements=["ticket_id"]), rows)
    conn.execute(
        update(tickets_t)
        .where(tickets_t.c.id.in_([r["ticket_id"] for r in rows]))
        .values(status=TicketStatus.REVOKED.value)
    )


DEVICE_STATUS_COLUMNS = ("last_seen", "printer_state", "queue_length", "info")


def apply_device_status(conn: Connection, payloads: list[dict[str, Any]]) -> None:
    """Device heartbeats: only the status columns, and only of an enrolled device (a plain UPDATE, so a
    device role needs no INSERT on ``device`` and can never approve itself)."""
    device_t = table_of(Device)
    for row in _unique((decode_row(device_t, p) for p in payloads), ["id"]):
        values = {k: row[k] for k in DEVICE_STATUS_COLUMNS if k in row}
        if values:
            conn.execute(update(device_t).where(device_t.c.id == row["id"]).values(**values))


APPLIERS: dict[str, Applier] = {
    "order": apply_orders,
    "scan": apply_scans,
    "audit": apply_audit,
    "revocation": apply_revocations,
    "device": apply_device_status,
}
# Orders before revocations (a revocation updates the ticket row an order brings).
TOPIC_ORDER = ("order", "scan", "audit", "revocation", "device")


def apply_batch(conn: Connection, items: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """Apply ``(topic, payload)`` items in one central transaction (the caller's)."""
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for topic, payload in items:
        by_topic.setdefault(topic, []).append(payload)
    for topic in TOPIC_ORDER:
        if topic in by_topic:
            APPLIERS[topic](conn, by_topic[topic])
