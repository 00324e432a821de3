"""Store-and-forward from a device's SQLite journal to the real central PostgreSQL: orders with lines and
tickets, scans, audit events and device status arrive once; re-delivery changes nothing; the device's
scan time and central's receipt time are both kept; a refused record is isolated; the pull brings the
catalogue, keys, revocations and approvals; a worker running as a least-privilege role can do its job."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from shared import audit, db, sales
from shared.models import (
    AuditEvent,
    Device,
    Order,
    OrderLine,
    OutboxItem,
    Revocation,
    Scan,
    SigningKey,
    Site,
    Ticket,
    utcnow,
)
from shared.sync import (
    SyncWorker,
    create_roles,
    device_state,
    enqueue,
    pull_once,
    report_status,
    sync_status,
)
from tests.sync.support import central_nonces, make_kiosk, queue_scans, reset_central, sell_local


@pytest.fixture
def central(postgres_database: str) -> Iterator[Engine]:
    engine = reset_central(postgres_database)
    yield engine
    engine.dispose()


def count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def test_sales_scans_and_audit_arrive_once_and_redelivery_changes_nothing(
    central: Engine, sqlite_engine: Engine, tmp_path: Path
) -> None:
    local = sqlite_engine
    signer = make_kiosk(central, local, tmp_path / "keys")
    orders = [sell_local(local, signer) for _ in range(3)]
    nonces = queue_scans(local, 25)
    with db.session_scope(local) as s:
        audit.record(s, "cashier-1", "order.reprint", orders[0])
    with db.session_scope(local) as s:
        report_status(s, "kiosk-1", printer_state="ok", queue_length=0)

    worker = SyncWorker(local, central, batch_size=7, device_id="kiosk-1")
    result = worker.drain()
    assert result.failed == 0 and result.backlog == 0 and result.sent > 0

    with Session(central) as s:
        got = {o.id: o for o in s.exec(select(Order).where(col(Order.id).in_(orders))).all()}
        assert set(got) == set(orders)
        assert all(o.state == "issued" for o in got.values())  # the newest snapshot won
        assert len(s.exec(select(Ticket).where(col(Ticket.order_id).in_(orders))).all()) == 6
        assert len(s.exec(select(OrderLine).where(col(OrderLine.order_id).in_(orders))).all()) == 3
        assert sorted(central_nonces(central)) == sorted(nonces)
        assert (
            s.exec(select(AuditEvent).where(AuditEvent.action == "order.reprint")).one().target == orders[0]
        )
        dev = s.get(Device, "kiosk-1")
        assert dev is not None and dev.printer_state == "ok" and dev.last_seen is not None
        received = {x.nonce: x.received_at for x in s.exec(select(Scan)).all()}

    before = {m.__name__: count(central, m) for m in (Order, OrderLine, Ticket, Scan, AuditEvent)}
    # Duplicate delivery: everything marked unsent again (as after a kill just before marking).
    with local.begin() as conn:
        conn.execute(update(OutboxItem).values(sent_at=None))
    again = SyncWorker(local, central, batch_size=50).drain()
    assert again.sent >= before["Scan"] and again.failed == 0
    after = {m.__name__: count(central, m) for m in (Order, OrderLine, Ticket, Scan, AuditEvent)}
    assert after == before
    with Session(central) as s:
        assert {x.nonce: x.received_at for x in s.exec(select(Scan)).all()} == received
    with Session(local) as s:
        st = sync_status(s)
    assert st.total_backlog == 0 and st.last_sync is not None and st.last_error is None


def test_clock_skew_keeps_device_scan_time_and_central_receipt_time(
    central: Engine, sqlite_engine: Engine
) -> None:
    skewed = utcnow() - timedelta(hours=3, minutes=17)  # the gate's clock is far behind
    [nonce] = queue_scans(sqlite_engine, 1, clock=skewed)
    SyncWorker(sqlite_engine, central).drain()
    with Session(central) as s:
        scan = s.get(Scan, nonce)
        assert scan is not None
        assert scan.scanned_at == skewed
        assert scan.received_at - scan.scanned_at > timedelta(hours=3)
    with Session(sqlite_engine) as s:
        local_scan = s.get(Scan, nonce)
        assert local_scan is not None and local_scan.scanned_at == skewed


def test_conflict_flag_found_later_reaches_central(central: Engine, sqlite_engine: Engine) -> None:
    [nonce] = queue_scans(sqlite_engine, 1)
    SyncWorker(sqlite_engine, central).drain()
    with db.session_scope(sqlite_engine) as s:
        scan = s.get(Scan, nonce)
        assert scan is not None
        scan.conflict = True
        s.add(scan)
        from shared.sync import row_payload

        enqueue(s, "scan", nonce, row_payload(scan))
    SyncWorker(sqlite_engine, central).drain()
    with Session(central) as s:
        got = s.get(Scan, nonce)
        assert got is not None and got.conflict is True
    assert count(central, Scan) == 1


def test_a_refused_record_is_isolated_and_retried_later(central: Engine, sqlite_engine: Engine) -> None:
    good = queue_scans(sqlite_engine, 5)
    with db.session_scope(sqlite_engine) as s:
        # 'persons' that is not a number: central refuses this one record, not the batch.
        enqueue(
            s,
            "scan",
            "bad-1",
            {"nonce": "bad-1", "site_code": "x", "persons": "many", "scanned_at": utcnow().isoformat()},
        )
    good += queue_scans(sqlite_engine, 5)
    now = utcnow()
    result = SyncWorker(sqlite_engine, central).run_once(now=now)
    assert result.sent == 10 and result.failed == 1 and result.backlog == 1
    assert sorted(central_nonces(central)) == sorted(good)
    with Session(sqlite_engine) as s:
        bad = s.exec(select(OutboxItem).where(OutboxItem.key == "bad-1")).one()
        assert bad.attempts == 1 and bad.last_error and bad.next_attempt_at is not None
        assert bad.next_attempt_at > now
        assert sync_status(s).last_error is not None
    # Not due yet: the next run leaves it alone.
    assert SyncWorker(sqlite_engine, central).run_once(now=now).failed == 0


def test_pull_brings_catalogue_keys_revocations_and_approval(
    central: Engine, sqlite_engine: Engine, tmp_path: Path
) -> None:
    signer = make_kiosk(central, sqlite_engine, tmp_path / "keys")
    with Session(sqlite_engine) as s:
        assert len(s.exec(select(Site)).all()) == 12
        assert device_state(s, "kiosk-1").can_sell
        assert s.get(SigningKey, signer.key_id) is not None
    order_id = sell_local(sqlite_engine, signer)
    SyncWorker(sqlite_engine, central).drain()
    with db.session_scope(central) as s:
        ticket = s.exec(select(Ticket).where(Ticket.order_id == order_id)).first()
        assert ticket is not None
        sales.revoke_ticket(s, ticket.id, actor="manager")
        revoked_id = ticket.id
    counts = pull_once(sqlite_engine, central)
    assert counts["revocation"] == 1
    with Session(sqlite_engine) as s:
        assert s.get(Revocation, revoked_id) is not None


def test_worker_as_gate_role_forwards_scans_and_kiosk_role_may_not(
    postgres_database: str, central: Engine, sqlite_engine: Engine
) -> None:
    create_roles(central)
    nonces = queue_scans(sqlite_engine, 20)
    as_kiosk = SyncWorker(sqlite_engine, postgres_database, central_role="kiosk", capture=False)
    try:
        refused = as_kiosk.run_once()
    finally:
        as_kiosk.close()
    assert refused.sent == 0 and refused.failed == 20 and "permission denied" in (refused.error or "")
    assert central_nonces(central) == []
    as_gate = SyncWorker(sqlite_engine, postgres_database, central_role="gate", capture=False)
    try:
        # The kiosk attempt put the items on backoff; a later run (now + 1 h) retries them.
        result = as_gate.run_once(now=utcnow() + timedelta(hours=1))
    finally:
        as_gate.close()
    assert result.sent == 20 and result.failed == 0
    assert sorted(central_nonces(central)) == sorted(nonces)


def test_run_forever_delivers_a_new_scan_promptly_and_stops(central: Engine, sqlite_engine: Engine) -> None:
    worker = SyncWorker(sqlite_engine, central, interval=0.2, device_id="gate-1")
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop,), daemon=True)
    thread.start()
    try:
        [nonce] = queue_scans(sqlite_engine, 1)
        deadline = time.monotonic() + 30  # generous: only to avoid a hang
        while time.monotonic() < deadline and nonce not in central_nonces(central):
            time.sleep(0.05)
        assert nonce in central_nonces(central)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    with Session(sqlite_engine) as s:
        st = sync_status(s)
    assert st.last_sync is not None and st.last_pull is not None


def test_kiosk_to_central_to_gate_to_central_end_to_end(
    central: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    """Two device journals: a kiosk sells offline and syncs; a gate with a skewed clock pulls the keys,
    admits the ticket with the real GateController, and its scan reaches central with both times."""
    import shutil

    from scanner.gate import GateController, LogRelay
    from shared.tokens import decode

    journals = []
    for name in ("kiosk", "gate"):
        shutil.copy(sqlite_template, tmp_path / f"{name}.sqlite3")
        journals.append(db.make_engine(f"sqlite:///{tmp_path / f'{name}.sqlite3'}"))
    kiosk, gate_db = journals
    signer = make_kiosk(central, kiosk, tmp_path / "keys")
    order_id = sell_local(kiosk, signer, adult=1)
    assert SyncWorker(kiosk, central, device_id="kiosk-1").drain().backlog == 0

    pull_once(gate_db, central)
    with Session(kiosk) as s:
        token = s.exec(select(Ticket.token).where(Ticket.order_id == order_id)).one()
    # The gate's clock is 42 minutes out. Pick the direction that keeps it on the same business day in
    # Hue, so the test means the same thing at 00:10 as at noon (a ticket sold "today" is valid today).
    from shared.timeutil import local_date

    skew = timedelta(minutes=-42)
    if local_date(utcnow() + skew) != local_date(utcnow()):
        skew = timedelta(minutes=42)
    controller = GateController(
        gate_db,
        site="imperial-city",
        gate="Ngọ Môn",
        device_id="gate-1",
        relay=LogRelay(),
        clock=lambda: utcnow() + skew,
    )
    try:
        result = controller.submit(token, source="wedge")
    finally:
        controller.close()
    assert result.verdict.admitted, result.verdict.code
    assert SyncWorker(gate_db, central, device_id="gate-1").drain().backlog == 0
    with Session(central) as s:
        [scan] = s.exec(select(Scan).where(Scan.ticket_id == decode(token)[0].ticket_id)).all()
        assert scan.admitted and scan.gate == "Ngọ Môn" and scan.device_id == "gate-1"
        assert abs(scan.received_at - scan.scanned_at) > timedelta(minutes=40)  # both times kept
    for e in journals:
        e.dispose()


def test_change_capture_forwards_sales_made_without_enqueue_and_later_state_changes(
    central: Engine, sqlite_engine: Engine, tmp_path: Path
) -> None:
    """Code that writes the journal without calling enqueue (today's kiosk and counter) is still
    forwarded: the worker captures orders, audit events and revocations changed since its last pass."""
    signer = make_kiosk(central, sqlite_engine, tmp_path / "keys")
    with db.session_scope(sqlite_engine) as s:
        order = sales.create_order(
            s, [sales.CartLine("combo-3", "adult", 1)], device_id="kiosk-1", site_code="imperial-city"
        )
        sales.reserve(s, order.id)
        sales.start_payment(s, order.id, "demo")
        sales.mark_paid(s, order.id, "demo-ref")
        [ticket] = sales.issue_tickets(s, order.id, signer)
    worker = SyncWorker(sqlite_engine, central, device_id="kiosk-1")
    assert worker.drain().backlog == 0
    with Session(central) as s:
        got = s.get(Order, order.id)
        assert got is not None and got.state == "issued"
    with db.session_scope(sqlite_engine) as s:
        sales.refund(s, order.id, actor="cashier-1", reason="rain")  # revokes its tickets, audits
    assert worker.drain().backlog == 0
    with Session(central) as s:
        got = s.get(Order, order.id)
        assert got is not None and got.state == "refunded"
        assert s.get(Revocation, ticket.id) is not None
        central_ticket = s.get(Ticket, ticket.id)
        assert central_ticket is not None and central_ticket.status == "revoked"
        refunded = s.exec(select(AuditEvent).where(AuditEvent.target == order.code)).all()
        assert [e.action for e in refunded] == ["order.refunded"]
        assert s.get(Device, "kiosk-1").last_seen is not None  # type: ignore[union-attr]


def test_prune_removes_only_long_delivered_items(central: Engine, sqlite_engine: Engine) -> None:
    from shared.sync import prune_sent

    queue_scans(sqlite_engine, 6)
    SyncWorker(sqlite_engine, central).drain()
    queue_scans(sqlite_engine, 2)  # still waiting: never pruned
    with sqlite_engine.begin() as conn:
        conn.execute(
            update(OutboxItem)
            .where(col(OutboxItem.sent_at).is_not(None))
            .values(sent_at=utcnow() - timedelta(days=40))
        )
    with db.session_scope(sqlite_engine) as s:
        assert prune_sent(s) == 6
    with Session(sqlite_engine) as s:
        left = s.exec(select(OutboxItem).where(OutboxItem.topic == "scan")).all()
        assert len(left) == 2 and all(i.sent_at is None for i in left)
        assert len(s.exec(select(Scan)).all()) == 8  # the records themselves stay


def test_a_batch_that_deadlocks_on_the_rollups_is_applied_again(
    central: Engine, sqlite_engine: Engine
) -> None:
    """Two writers at central lock the same rollup rows (shared.rollups) in opposite orders: another
    transaction holds hour 2's row and then wants hour 1's, while the gate's batch holds hour 1's and
    waits for hour 2's. PostgreSQL aborts the batch (it waited first); the worker applies it again at
    once instead of reporting central unreachable, and every scan arrives once with the rollups exact."""
    from sqlalchemy import text

    from shared import rollups
    from shared.sync import row_payload

    hour1 = utcnow().replace(minute=5, second=0, microsecond=0) - timedelta(hours=3)
    hour2 = hour1 + timedelta(hours=1)
    with db.session_scope(sqlite_engine) as s:
        for nonce, at in (("gate-a", hour1), ("gate-b", hour2)):  # queued in this order: hour 1 first
            scan = Scan(
                nonce=nonce,
                ticket_id=None,
                site_code="imperial-city",
                gate="Gate 1",
                device_id="gate-1",
                direction="in",
                admitted=True,
                code="admitted",
                persons=1,
                scanned_at=at,
                received_at=at,
            )
            s.add(scan)
            enqueue(s, "scan", nonce, row_payload(scan))
            time.sleep(0.002)  # distinct created_at: the batch applies them in this order

    insert = text(
        "INSERT INTO scan (nonce, site_code, gate, direction, admitted, code, persons, scanned_at,"
        " received_at, offline, conflict) VALUES (:n, 'imperial-city', 'Gate 1', 'in', true, 'admitted', 1,"
        " :at, :at, false, false)"
    )
    other = central.connect()
    other.execute(text("SET deadlock_timeout = '20s'"))  # the batch, waiting first, is the one aborted
    other.execute(insert, {"n": "other-2", "at": hour2})  # holds hour 2's rollup row
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(SyncWorker(sqlite_engine, central).run_once()))
    worker.start()
    try:
        deadline = time.monotonic() + 20
        me = other.connection.dbapi_connection.info.backend_pid  # type: ignore[union-attr]
        waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> :me")
        with central.connect() as watch:  # wait until the batch is blocked on hour 2's row
            while not watch.execute(waiting, {"me": me}).scalar_one():
                watch.rollback()  # pg_stat_activity is a snapshot per transaction
                assert time.monotonic() < deadline, f"the batch never waited for the lock: {result}"
                time.sleep(0.05)
        other.execute(insert, {"n": "other-1", "at": hour1})  # now wants hour 1's: a deadlock
        other.commit()
    finally:
        other.close()
        worker.join(timeout=60)
    [outcome] = result
    assert (outcome.sent, outcome.failed, outcome.unreachable) == (2, 0, False)  # type: ignore[attr-defined]
    assert sorted(central_nonces(central)) == ["gate-a", "gate-b", "other-1", "other-2"]
    with central.connect() as conn:
        assert rollups.check(conn) == []
