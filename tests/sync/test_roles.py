"""``citadel db roles`` on the real PostgreSQL: each role is tried with SET ROLE, and what it must not do
fails with PostgreSQL's own permission error, while what its device needs works. A kiosk's sync worker,
running as the kiosk role, forwards its sales, audit events and status."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, select
from typer.testing import CliRunner

from shared import audit, db
from shared.models import AuditEvent, Device, Order, Ticket
from shared.sync import ROLE_NAMES, SyncWorker, report_status
from shared.sync.cli import app
from tests.sync.support import make_kiosk, sell_local


@pytest.fixture
def raw(postgres_database: str) -> Iterator[Engine]:
    # No pool: a role set in one check can never leak into the next.
    engine = db.make_engine(postgres_database, poolclass=NullPool)
    yield engine
    engine.dispose()


def allowed(engine: Engine, role: str, sql: str) -> bool:
    """Run ``sql`` as ``role`` and roll back. False only for PostgreSQL's permission error."""
    with engine.connect() as conn:
        conn.execute(text(f'SET ROLE "{role}"'))
        try:
            conn.execute(text(sql))
        except ProgrammingError as exc:
            assert isinstance(exc.orig, psycopg.errors.InsufficientPrivilege), exc
            return False
        finally:
            conn.rollback()
    return True


INSERT_SCAN = (
    "INSERT INTO scan (nonce, site_code, gate, direction, admitted, code, persons, scanned_at, received_at,"
    " offline, conflict) VALUES ('n-1', 'imperial-city', 'g', 'in', true, 'admitted', 1, now(), now(),"
    " false, false)"
)
INSERT_ORDER = (
    "INSERT INTO orders (id, code, state, language, currency, total, group_ticket, created_at)"
    " VALUES ('o-1', 'ABCD-EFGH', 'cart', 'en', 'VND', 0, false, now())"
)
INSERT_REVOCATION = "INSERT INTO revocation (ticket_id, revoked_at, reason) VALUES (1, now(), 'x')"


def test_gate_reads_tickets_keys_revocations_and_inserts_scans_only(central: Engine, raw: Engine) -> None:
    for table in ("ticket", "signing_key", "revocation", "site", "product", "product_site", "scan"):
        assert allowed(raw, "gate", f"SELECT * FROM {table}"), table
    assert allowed(raw, "gate", INSERT_SCAN)  # its trigger writes scan_hour (SECURITY DEFINER) ...
    assert not allowed(raw, "gate", "UPDATE scan_hour SET persons = 0")  # ... which the gate cannot touch
    assert not allowed(
        raw,
        "gate",
        "INSERT INTO sale_hour (hour, site_code, product_id, category_id, country,"
        " tickets, persons, revenue) VALUES (now(), 'x', 1, 1, '', 1, 1, 1)",
    )
    assert allowed(raw, "gate", "UPDATE scan SET conflict = true")
    assert allowed(raw, "gate", "UPDATE device SET last_seen = now(), queue_length = 3")
    assert not allowed(raw, "gate", 'SELECT * FROM "user"')
    assert not allowed(raw, "gate", "UPDATE orders SET state = 'refunded'")
    assert not allowed(raw, "gate", "SELECT * FROM orders")
    assert not allowed(raw, "gate", "UPDATE scan SET admitted = true")
    assert not allowed(raw, "gate", "DELETE FROM scan")
    assert not allowed(raw, "gate", "UPDATE device SET status = 'approved'")
    assert not allowed(raw, "gate", "UPDATE signing_key SET approved_at = now()")
    assert not allowed(raw, "gate", INSERT_REVOCATION)


def test_kiosk_sells_but_cannot_insert_scans_or_approve_itself(central: Engine, raw: Engine) -> None:
    assert allowed(raw, "kiosk", INSERT_ORDER)
    assert allowed(raw, "kiosk", "UPDATE orders SET state = 'paid'")
    assert not allowed(raw, "kiosk", "UPDATE sale_hour SET revenue = 0")
    assert allowed(raw, "kiosk", "SELECT * FROM signing_key")
    assert not allowed(raw, "kiosk", INSERT_SCAN)
    assert not allowed(raw, "kiosk", 'SELECT * FROM "user"')
    assert not allowed(raw, "kiosk", "UPDATE signing_key SET approved_at = now()")
    assert not allowed(raw, "kiosk", "UPDATE device SET status = 'approved'")
    assert not allowed(raw, "kiosk", INSERT_REVOCATION)
    assert not allowed(raw, "kiosk", "DELETE FROM orders")
    assert not allowed(raw, "kiosk", "UPDATE price SET amount = 0")
    # Central slot places (shared.slots): a kiosk takes and gives back holds, but cannot add capacity.
    assert allowed(raw, "kiosk", "DELETE FROM slot_hold")
    assert allowed(raw, "kiosk", "UPDATE time_slot SET taken = taken")
    assert not allowed(raw, "kiosk", "UPDATE time_slot SET capacity = 100000")
    assert not allowed(raw, "gate", "DELETE FROM slot_hold")


def test_counter_may_revoke_and_read_scans_but_not_scan(central: Engine, raw: Engine) -> None:
    assert allowed(raw, "counter", INSERT_REVOCATION)
    assert allowed(raw, "counter", "SELECT * FROM scan")
    assert allowed(raw, "counter", INSERT_ORDER)
    assert not allowed(raw, "counter", INSERT_SCAN)
    assert not allowed(raw, "counter", 'SELECT * FROM "user"')
    assert not allowed(raw, "counter", "UPDATE price SET amount = 0")


def test_reporting_reads_and_cannot_write(central: Engine, raw: Engine) -> None:
    for table in (
        "scan",
        "orders",
        "ticket",
        "order_line",
        "site",
        "audit_event",
        "device",
        "scan_hour",
        "sale_hour",
    ):
        assert allowed(raw, "reporting", f"SELECT * FROM {table}"), table
    assert not allowed(raw, "reporting", "DELETE FROM scan_hour")
    assert allowed(raw, "reporting", 'SELECT username, role FROM "user"')
    assert not allowed(raw, "reporting", 'SELECT password_hash FROM "user"')
    assert not allowed(raw, "reporting", INSERT_SCAN)
    assert not allowed(raw, "reporting", INSERT_ORDER)
    assert not allowed(raw, "reporting", "UPDATE orders SET state = 'refunded'")
    assert not allowed(raw, "reporting", "DELETE FROM audit_event")
    assert not allowed(raw, "reporting", "CREATE TABLE leak (x int)")


def test_admin_writes_everything_but_changes_no_schema(central: Engine, raw: Engine) -> None:
    assert allowed(raw, "admin", 'SELECT password_hash FROM "user"')
    assert allowed(raw, "admin", "UPDATE orders SET state = 'refunded'")
    assert allowed(raw, "admin", "UPDATE signing_key SET approved_at = now()")
    assert allowed(raw, "admin", "DELETE FROM scan")
    assert not allowed(raw, "admin", "CREATE TABLE leak (x int)")
    assert not allowed(raw, "admin", "DROP TABLE scan")


def test_roles_are_refreshed_idempotently_and_the_cli_lists_them(
    central: Engine, postgres_database: str, raw: Engine
) -> None:
    result = CliRunner().invoke(app, ["db", "roles", "--database", postgres_database, "--json"])
    assert result.exit_code == 0, result.output
    assert set(__import__("json").loads(result.output)) == set(ROLE_NAMES)
    assert not allowed(raw, "gate", 'SELECT * FROM "user"')  # still least privilege after a re-run
    assert allowed(raw, "gate", INSERT_SCAN)  # its trigger writes scan_hour (SECURITY DEFINER) ...
    assert not allowed(raw, "gate", "UPDATE scan_hour SET persons = 0")  # ... which the gate cannot touch
    assert not allowed(
        raw,
        "gate",
        "INSERT INTO sale_hour (hour, site_code, product_id, category_id, country,"
        " tickets, persons, revenue) VALUES (now(), 'x', 1, 1, '', 1, 1, 1)",
    )


def test_kiosk_worker_as_kiosk_role_forwards_sales_audit_and_status(
    central: Engine, postgres_database: str, sqlite_engine: Engine, tmp_path: Path
) -> None:
    signer = make_kiosk(central, sqlite_engine, tmp_path / "keys")
    order_id = sell_local(sqlite_engine, signer)
    with db.session_scope(sqlite_engine) as s:
        audit.record(s, "cashier", "order.reprint", order_id)
        report_status(s, "kiosk-1", printer_state="paper_low", queue_length=1)
    worker = SyncWorker(sqlite_engine, postgres_database, central_role="kiosk", device_id="kiosk-1")
    try:
        result = worker.drain()
        worker.pull_once()  # the pull works with the kiosk's read grants
    finally:
        worker.close()
    assert result.failed == 0 and result.backlog == 0, result
    with Session(central) as s:
        order = s.get(Order, order_id)
        assert order is not None and order.state == "issued"
        assert len(s.exec(select(Ticket).where(Ticket.order_id == order_id)).all()) == 2
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "order.reprint")).one()
        dev = s.get(Device, "kiosk-1")
        assert dev is not None and dev.printer_state == "paper_low" and dev.status == "approved"
