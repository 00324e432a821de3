"""Core layer (Qt-free): store-and-forward through the ``outbox`` table, and the device sync worker.

The one mechanism: a device writes its record AND an outbox item in the same local transaction
(:func:`enqueue`), so a record exists locally if and only if it is queued. The :class:`SyncWorker` reads
due items in batches, applies them at central with idempotent upserts (:mod:`shared.sync.central`) in one
central transaction, and marks them sent in the local journal only AFTER the central commit. A kill at
any point therefore means at worst a re-delivery, which the upserts make harmless: central ends up with
each record exactly once.

If central cannot be reached, nothing local changes (no attempt counters churn through a day-long
backlog): the worker backs off and tries again. Only an item central refuses (bad data, a missing
grant) is isolated and retried with its own exponential backoff, so one poisoned record never blocks
the rest. The worker also pulls the catalogue, signing keys, revocations and device approvals from
central into the local journal (:func:`pull_once`).

Status (backlog per topic, last successful sync, last error) is :func:`sync_status`; the worker keeps
the times in the ``setting`` table under ``sync.status``.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import Table, func, update
from sqlalchemy import select as sa_select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session, SQLModel, col, select

from shared import db
from shared.models import (
    AuditEvent,
    Category,
    Device,
    Order,
    OrderLine,
    OutboxItem,
    Price,
    Product,
    ProductSite,
    Revocation,
    Setting,
    SigningKey,
    Site,
    Ticket,
    TimeSlot,
    utcnow,
)
from shared.sync.central import APPLIERS, apply_batch, table_of, upsert

log = logging.getLogger(__name__)

STATUS_KEY = "sync.status"
CURSOR_KEY = "sync.capture"
SYNC_TOPICS = tuple(APPLIERS)
ITEM_BACKOFF_BASE = timedelta(seconds=5)
ITEM_BACKOFF_MAX = timedelta(minutes=30)
HEARTBEAT = timedelta(seconds=30)


# -- enqueueing -----------------------------------------------------------------------------------------
def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Enum):
        return value.value
    return value


def row_payload(row: SQLModel) -> dict[str, Any]:
    """Every column of ``row`` as JSON-safe values (times as ISO 8601)."""
    return {c.name: _json_value(getattr(row, c.name)) for c in table_of(type(row)).columns}


def enqueue(
    session: Session, topic: str, key: str, payload: dict[str, Any], *, coalesce: bool = False
) -> OutboxItem:
    """Queue ``payload`` for forwarding, in the caller's transaction (commit it with the record).

    ``key`` is the record's idempotency key (UUIDv7, nonce, ticket id). With ``coalesce`` an item of the
    same topic and key that is still waiting gets the new payload instead of a second item (use it for
    snapshots such as an order whose state changes)."""
    if coalesce:
        waiting = session.exec(
            select(OutboxItem).where(
                OutboxItem.topic == topic, OutboxItem.key == key, col(OutboxItem.sent_at).is_(None)
            )
        ).first()
        if waiting is not None:
            waiting.payload = payload
            session.add(waiting)
            return waiting
    item = OutboxItem(topic=topic, key=key, payload=payload)
    session.add(item)
    return item


def order_payload(session: Session, order_id: str) -> dict[str, Any]:
    order = session.get(Order, order_id)
    if order is None:
        raise KeyError(order_id)
    lines = session.exec(select(OrderLine).where(OrderLine.order_id == order_id)).all()
    tickets = session.exec(select(Ticket).where(Ticket.order_id == order_id)).all()
    return {
        "order": row_payload(order),
        "lines": [row_payload(x) for x in lines],
        "tickets": [row_payload(t) for t in tickets],
    }


def enqueue_order(session: Session, order_id: str) -> OutboxItem:
    """Queue a snapshot of the order with its lines and tickets (topic ``order``, key the order id).
    Call it in the transaction that changes the order; waiting snapshots are replaced, not stacked."""
    session.flush()
    return enqueue(session, "order", order_id, order_payload(session, order_id), coalesce=True)


def _setting(session: Session, key: str) -> dict[str, Any]:
    row = session.get(Setting, key)
    return dict(row.value) if row is not None else {}


def _put_setting(session: Session, key: str, value: dict[str, Any]) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
        session.add(row)


def _changed_since(cursor: dict[str, Any]) -> tuple[Any, Any, Any]:
    """The orders, audit events and revocations changed since the capture cursor (all, before the first)."""
    since = datetime.fromisoformat(cursor["at"]) if "at" in cursor else None
    order_q = select(Order.id)
    audit_q = select(AuditEvent)
    rev_q = select(Revocation)
    if since is not None:
        order_q = order_q.where((col(Order.updated_at) >= since) | (col(Order.created_at) >= since))
        audit_q = audit_q.where(col(AuditEvent.at) >= since)
        rev_q = rev_q.where(col(Revocation.revoked_at) >= since)
    return order_q, audit_q, rev_q


def uncaptured(session: Session) -> int:
    """Local changes the sync worker has not queued yet (it captures them on its next run)."""
    counts = (
        session.exec(select(func.count()).select_from(q.subquery())).one()
        for q in _changed_since(_setting(session, CURSOR_KEY))
    )
    return sum(int(n) for n in counts)


def capture_changes(session: Session, *, device_id: str | None = None, now: datetime | None = None) -> int:
    """Queue local changes that were not enqueued where they were made: orders (by ``updated_at``),
    audit events and revocations since the last capture, and a device heartbeat every 30 s.

    A safety net for code paths that write the journal without calling :func:`enqueue`; redelivery is
    harmless, so capturing a record twice costs a little traffic, never a duplicate. Runs inside the
    local write transaction (SQLite ``BEGIN IMMEDIATE``), so every earlier commit is visible and every
    later one carries a later time. Returns how many items were queued."""
    now = now or utcnow()
    cursor = _setting(session, CURSOR_KEY)
    order_q, audit_q, rev_q = _changed_since(cursor)
    count = 0
    for order_id in session.exec(order_q).all():
        enqueue_order(session, order_id)
        count += 1
    for event in session.exec(audit_q).all():
        enqueue(session, "audit", event.id, row_payload(event), coalesce=True)
        count += 1
    for rev in session.exec(rev_q).all():
        enqueue(session, "revocation", str(rev.ticket_id), row_payload(rev), coalesce=True)
        count += 1
    if device_id is not None:
        last = cursor.get("heartbeat")
        if last is None or now - datetime.fromisoformat(last) >= HEARTBEAT:
            dev = session.get(Device, device_id)
            status: dict[str, Any] = {"id": device_id, "last_seen": now.isoformat()}
            if dev is not None:
                status |= {
                    "printer_state": dev.printer_state,
                    "queue_length": dev.queue_length,
                    "info": dev.info,
                }
            enqueue(session, "device", device_id, status, coalesce=True)
            cursor["heartbeat"] = now.isoformat()
            count += 1
    cursor["at"] = now.isoformat()
    _put_setting(session, CURSOR_KEY, cursor)
    return count


def prune_sent(
    session: Session, *, older_than: timedelta = timedelta(days=30), topics: Iterable[str] = SYNC_TOPICS
) -> int:
    """Delete items of ``topics`` delivered more than ``older_than`` ago (the journal keeps the records
    themselves; the delivered queue entries are only bookkeeping). Returns how many went."""
    from sqlalchemy import delete

    outbox = table_of(OutboxItem)
    cutoff = utcnow() - older_than
    result = session.execute(
        delete(outbox).where(
            outbox.c.topic.in_(list(topics)), outbox.c.sent_at.is_not(None), outbox.c.sent_at < cutoff
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


# -- status ---------------------------------------------------------------------------------------------
def backlog(session: Session, topics: Iterable[str] = SYNC_TOPICS) -> dict[str, int]:
    """Items waiting to be forwarded, per topic."""
    rows = session.exec(
        select(OutboxItem.topic, func.count())
        .where(col(OutboxItem.sent_at).is_(None), col(OutboxItem.topic).in_(list(topics)))
        .group_by(OutboxItem.topic)
    ).all()
    return {str(t): int(n) for t, n in rows}


@dataclass(frozen=True, slots=True)
class SyncStatus:
    backlog: dict[str, int]
    last_sync: datetime | None
    last_pull: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    uncaptured: int = 0  # local changes not yet queued (the worker captures them on its next run)

    @property
    def total_backlog(self) -> int:
        return sum(self.backlog.values())

    @property
    def waiting(self) -> int:
        """Everything central has not received yet: the queue plus changes not yet queued."""
        return self.total_backlog + self.uncaptured

    def as_dict(self) -> dict[str, Any]:
        return {
            "backlog": self.backlog,
            "total_backlog": self.total_backlog,
            "uncaptured": self.uncaptured,
            "last_sync": self.last_sync.isoformat() if self.last_sync else None,
            "last_pull": self.last_pull.isoformat() if self.last_pull else None,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at.isoformat() if self.last_error_at else None,
        }


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def sync_status(session: Session) -> SyncStatus:
    """What the device shows: its backlog and when it last synced (and the last error, if any)."""
    st = _setting(session, STATUS_KEY)
    return SyncStatus(
        backlog=backlog(session),
        last_sync=_when(st.get("last_sync")),
        last_pull=_when(st.get("last_pull")),
        last_error=st.get("last_error"),
        last_error_at=_when(st.get("last_error_at")),
        uncaptured=uncaptured(session),
    )


def _record_status(engine: Engine, **values: Any) -> None:
    with db.session_scope(engine) as s:
        st = _setting(s, STATUS_KEY)
        st.update({k: _json_value(v) for k, v in values.items()})
        _put_setting(s, STATUS_KEY, st)


# -- the worker -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SyncResult:
    sent: int
    failed: int
    backlog: int
    error: str | None = None
    captured: int = 0
    unreachable: bool = False  # central could not be reached (the worker backs off)


# deadlock_detected, serialization_failure: the batch was refused only because of another transaction.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
TRANSIENT_RETRIES = 5


def _is_connection_error(exc: BaseException) -> bool:
    """Central unreachable (network, server down) rather than central refusing this data."""
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        from sqlalchemy.exc import InterfaceError, OperationalError

        return isinstance(exc, OperationalError | InterfaceError)
    return isinstance(exc, OSError | TimeoutError)


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:480]


def central_engine(url: str, *, role: str | None = None, connect_timeout: int = 5) -> Engine:
    """An engine for central. ``role``: ``SET ROLE`` on every connection (tests and shared logins).
    The password comes from libpq's usual places (PGPASSWORD, ~/.pgpass), never from the TOML."""
    from sqlalchemy import event

    if not db.normalise_url(url).startswith("postgresql"):
        return db.make_engine(url)  # a SQLite "central" (demos, tests): its own settings, no roles
    engine = db.make_engine(
        url, connect_args={"connect_timeout": connect_timeout}, pool_size=2, max_overflow=2
    )
    if role is not None:
        if not role.replace("_", "").isalnum():
            raise ValueError(f"bad role name {role!r}")

        @event.listens_for(engine, "connect")
        def _set_role(dbapi_conn: Any, _record: Any) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute(f'SET ROLE "{role}"')
            dbapi_conn.commit()

    return engine


class SyncWorker:
    """Forwards the local outbox to central and pulls reference data back.

    ``central`` is an Engine or a URL. ``topics`` limits what this worker forwards (others, such as the
    city feed's ``city`` items, are left for their own sender). ``device_id`` enables the heartbeat.
    ``capture``: also queue journal changes made without :func:`enqueue` (see :func:`capture_changes`).
    """

    def __init__(
        self,
        local_engine: Engine,
        central: Engine | str,
        *,
        batch_size: int = 500,
        topics: Sequence[str] = SYNC_TOPICS,
        device_id: str | None = None,
        capture: bool = True,
        central_role: str | None = None,
        interval: float = 2.0,
        pull_interval: float = 15.0,
        on_result: Callable[[SyncResult], None] | None = None,
    ) -> None:
        self.local = local_engine
        self._owns_central = isinstance(central, str)
        self.central = central_engine(central, role=central_role) if isinstance(central, str) else central
        self.batch_size = batch_size
        self.topics = tuple(t for t in topics if t in APPLIERS)
        self.device_id = device_id
        self.capture = capture
        self.interval = interval
        self.pull_interval = pull_interval
        self.on_result = on_result

    def close(self) -> None:
        if self._owns_central:
            self.central.dispose()

    def _due(self, now: datetime) -> list[OutboxItem]:
        with Session(self.local) as s:
            return list(
                s.exec(
                    select(OutboxItem)
                    .where(
                        col(OutboxItem.topic).in_(self.topics),
                        col(OutboxItem.sent_at).is_(None),
                        col(OutboxItem.next_attempt_at).is_(None) | (col(OutboxItem.next_attempt_at) <= now),
                    )
                    .order_by(col(OutboxItem.created_at), col(OutboxItem.id))
                    .limit(self.batch_size)
                ).all()
            )

    def _send(self, items: Sequence[OutboxItem]) -> None:
        # Two devices' batches can lock the same rollup rows (shared.rollups) in opposite orders; PostgreSQL
        # then aborts one with a deadlock. That batch is simply applied again, after a short random pause.
        for attempt in range(1, TRANSIENT_RETRIES + 1):
            try:
                with self.central.begin() as conn:
                    apply_batch(conn, [(i.topic, i.payload) for i in items])
                return
            except DBAPIError as exc:
                if (
                    getattr(exc.orig, "sqlstate", None) not in TRANSIENT_SQLSTATES
                    or attempt == TRANSIENT_RETRIES
                ):
                    raise
                log.info("central batch hit %s, applying it again", exc.orig.sqlstate)  # type: ignore[union-attr]
                time.sleep(random.uniform(0.005, 0.05) * attempt)

    def _mark_sent(self, ids: list[str], now: datetime) -> None:
        outbox = table_of(OutboxItem)
        with self.local.begin() as conn:
            for i in range(0, len(ids), 500):
                conn.execute(
                    update(outbox)
                    .where(outbox.c.id.in_(ids[i : i + 500]))
                    .values(sent_at=now, attempts=outbox.c.attempts + 1, last_error=None)
                )

    def _mark_failed(self, item: OutboxItem, error: str, now: datetime) -> None:
        outbox = table_of(OutboxItem)
        delay = min(ITEM_BACKOFF_BASE * (2 ** min(item.attempts, 16)), ITEM_BACKOFF_MAX)
        delay = delay * random.uniform(0.8, 1.2)  # spread retries of many devices
        with self.local.begin() as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == item.id)
                .values(attempts=outbox.c.attempts + 1, next_attempt_at=now + delay, last_error=error)
            )

    def _backlog(self) -> int:
        with Session(self.local) as s:
            return sum(backlog(s, self.topics).values())

    def run_once(self, now: datetime | None = None) -> SyncResult:
        """Capture, then forward one batch of due items. Never raises for central being unreachable or
        refusing: that is in the result (and in :func:`sync_status`)."""
        now = now or utcnow()
        captured = 0
        if self.capture:
            with db.session_scope(self.local) as s:
                captured = capture_changes(s, device_id=self.device_id, now=now)
        items = self._due(now)
        if not items:
            result = SyncResult(0, 0, self._backlog(), captured=captured)
            if result.backlog == 0:  # all at central: in sync as of now
                _record_status(self.local, last_sync=utcnow())
            return self._report(result)
        try:
            self._send(items)
        except SQLAlchemyError as exc:
            if _is_connection_error(exc):
                err = _short(exc)
                _record_status(self.local, last_error=err, last_error_at=utcnow())
                return self._report(SyncResult(0, len(items), self._backlog(), err, captured, True))
            # Central refused something in the batch: find which, one item per transaction.
            return self._report(self._isolate(items, now, captured))
        self._mark_sent([i.id for i in items], utcnow())
        _record_status(self.local, last_sync=utcnow())
        return self._report(SyncResult(len(items), 0, self._backlog(), None, captured))

    def _isolate(self, items: Sequence[OutboxItem], now: datetime, captured: int) -> SyncResult:
        sent: list[str] = []
        failed = 0
        error: str | None = None
        unreachable = False
        for item in items:
            try:
                self._send([item])
            except SQLAlchemyError as exc:
                if _is_connection_error(exc):
                    error = _short(exc)
                    unreachable = True
                    failed += 1
                    break
                error = _short(exc)
                log.warning("central refused %s %s: %s", item.topic, item.key, error)
                self._mark_failed(item, error, now)
                failed += 1
            else:
                sent.append(item.id)
        if sent:
            self._mark_sent(sent, utcnow())
        _record_status(
            self.local,
            **({"last_sync": utcnow()} if sent else {}),
            **({"last_error": error, "last_error_at": utcnow()} if error else {}),
        )
        return SyncResult(len(sent), failed, self._backlog(), error, captured, unreachable)

    def _report(self, result: SyncResult) -> SyncResult:
        if self.on_result is not None:
            self.on_result(result)
        return result

    def drain(self, max_batches: int = 1_000_000) -> SyncResult:
        """``run_once`` until nothing more is due or a batch fails; totals of the whole run."""
        sent = failed = 0
        result = SyncResult(0, 0, 0)
        for _ in range(max_batches):
            result = self.run_once()
            sent += result.sent
            failed += result.failed
            if result.sent == 0 or result.failed:
                break
        return SyncResult(sent, failed, result.backlog, result.error, unreachable=result.unreachable)

    def pull_once(self) -> dict[str, int]:
        try:
            counts = pull_once(self.local, self.central)
        except SQLAlchemyError as exc:
            _record_status(self.local, last_error=_short(exc), last_error_at=utcnow())
            raise
        _record_status(self.local, last_pull=utcnow())
        return counts

    def run_forever(self, stop_event: threading.Event) -> None:
        """Forward and pull until ``stop_event`` is set. Backs off exponentially (1 s .. 60 s, jittered)
        while central is unreachable; drains a backlog batch after batch when it is reachable."""
        failures = 0
        next_pull = 0.0
        while not stop_event.is_set():
            if time.monotonic() >= next_pull:
                try:
                    self.pull_once()
                    next_pull = time.monotonic() + self.pull_interval
                    with db.session_scope(self.local) as s:
                        prune_sent(s, topics=self.topics)
                except SQLAlchemyError:
                    # Retried sooner than a full interval, but a failing pull never slows forwarding.
                    log.warning("pull from central failed", exc_info=True)
                    next_pull = time.monotonic() + min(self.pull_interval, 30.0)
            try:
                result = self.run_once()
            except SQLAlchemyError as exc:
                # The local journal itself failed (disk full, locked past the busy timeout): keep the
                # worker alive, say so, and try again after the backoff.
                log.exception("sync pass failed on the local journal")
                result = SyncResult(0, 0, 0, _short(exc), unreachable=True)
            if not result.unreachable:
                failures = 0
                if result.sent and result.backlog:
                    continue  # more waiting: no pause between batches
                stop_event.wait(self.interval)
            else:
                failures += 1
                stop_event.wait(min(60.0, 2.0 ** min(failures - 1, 6)) * random.uniform(0.8, 1.2))


# -- pulling reference data -----------------------------------------------------------------------------
PULL_MODELS: tuple[type[SQLModel], ...] = (
    Site,
    Category,
    Product,
    ProductSite,
    Price,
    TimeSlot,
    SigningKey,
    Device,
    Revocation,
)
# ``time_slot.taken`` comes from central too: central counts every device's places (shared.slots), so
# the kiosk's slot picker shows what is really left, and its own reservation check starts from there.


PULL_KEY = "sync.pull"
FULL_PULL_EVERY = timedelta(hours=1)
"""How often a pull copies every row even from a PostgreSQL central. Incremental pulls cannot miss a
change (see :func:`pull_once`) unless central itself goes back in time (restored from a backup, its
transaction ids reused); the hourly full pull bounds that to an hour."""


def _changed_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pulled ``rows`` the journal does not already have with the same ``pull_xid``."""
    pk = [c.name for c in table.primary_key.columns]
    known: dict[tuple[Any, ...], Any] = {}
    for *key, xid in conn.execute(sa_select(*(table.c[n] for n in pk), table.c.pull_xid)):
        known[tuple(key)] = xid
    return [r for r in rows if known.get(tuple(r[n] for n in pk), -1) != r["pull_xid"]]


def pull_once(local: Engine, central: Engine, *, full: bool = False) -> dict[str, int]:
    """Copy the catalogue, signing keys (with approvals/revocations), device approvals and ticket
    revocations from central into the local journal, in one local transaction. Returns rows per table.

    From a PostgreSQL central the pull is incremental: every pulled row carries ``pull_xid``, the id of
    the transaction that last wrote it (a trigger, migration 0007). All tables are read in one
    REPEATABLE READ snapshot, and the device keeps that snapshot's ``xmin`` (the oldest transaction still
    running) as its cursor. Every row the snapshot did not see was written by a transaction that was
    running then or began later, so its ``pull_xid`` is at least ``xmin``: the next pull, asking for
    ``pull_xid >= cursor``, cannot miss it, even when a transaction commits long after it took its id.
    Rows seen twice are upserted twice, which changes nothing. A full pull (first pull, ``full=True``,
    every :data:`FULL_PULL_EVERY`, or a SQLite central) copies everything, and writes only rows that
    changed."""
    incremental = central.dialect.name == "postgresql"
    with Session(local) as s:
        state = _setting(s, PULL_KEY)
    cursor = state.get("xmin") if incremental else None
    full_at = _when(state.get("full_at"))
    now = utcnow()
    if full or cursor is None or full_at is None or now - full_at >= FULL_PULL_EVERY:
        cursor = None
    data: dict[str, list[dict[str, Any]]] = {}
    xmin: int | None = None
    with central.connect() as conn:
        if incremental:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            if incremental:
                xmin = int(
                    conn.execute(
                        sql_text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                    ).scalar_one()
                )
            for model in PULL_MODELS:
                table = table_of(model)
                stmt = sa_select(table)
                if cursor is not None:
                    stmt = stmt.where(table.c.pull_xid >= cursor)
                data[table.name] = [dict(r._mapping) for r in conn.execute(stmt)]
    counts = {name: len(rows) for name, rows in data.items()}
    if incremental and cursor is None:
        # A full pull from PostgreSQL: a row whose pull_xid the journal already has is unchanged. Leave
        # those out before the write transaction opens, so the hourly full pull holds the journal's write
        # lock only for what changed. (An incremental pull has only changed rows; from a SQLite central
        # pull_xid is always NULL, and every row is written.)
        with db.reader(local).connect() as conn:
            for model in PULL_MODELS:
                table = table_of(model)
                if data[table.name]:
                    data[table.name] = _changed_rows(conn, table, data[table.name])
    with local.begin() as conn:
        for model in PULL_MODELS:
            table = table_of(model)
            rows = data[table.name]
            if not rows:
                continue
            pk = [c.name for c in table.primary_key.columns]
            stmt = upsert(conn, table)
            changing = [c.name for c in table.columns if c.name not in pk]
            # The same rule again inside the transaction, for a row written since the check above.
            changed_only = table.c.pull_xid.is_distinct_from(stmt.excluded.pull_xid) if incremental else None
            stmt = stmt.on_conflict_do_update(
                index_elements=pk, set_={n: stmt.excluded[n] for n in changing}, where=changed_only
            )
            for i in range(0, len(rows), 500):
                conn.execute(stmt, rows[i : i + 500])
        if incremental:
            assert xmin is not None
            done = {"xmin": xmin, "full_at": (now if cursor is None else full_at or now).isoformat()}
            setting_t = table_of(Setting)
            put = upsert(conn, setting_t).values(key=PULL_KEY, value=done)
            conn.execute(
                put.on_conflict_do_update(index_elements=["key"], set_={"value": put.excluded.value})
            )
    return counts
