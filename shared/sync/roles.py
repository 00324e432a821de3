"""Core layer (Qt-free): least-privilege PostgreSQL roles for a site network (``citadel db roles``).

Five group roles, each with only the grants its device class needs at central:

- ``gate``: read the catalogue, tickets, signing keys, revocations, devices and scans; insert scans
  (and flag their ``conflict``), insert audit events, update its own status columns. It cannot read
  users, cannot touch orders.
- ``kiosk``: read the catalogue, keys, revocations and devices; insert and update orders, order lines,
  tickets and payment records; insert audit events; update status columns. It cannot insert scans.
- ``counter``: what a kiosk may, plus read scans and ticket use (to answer a visitor) and insert
  revocations (refunds).
- ``admin``: read and write every table (no DDL: schema changes stay with the migration owner).
- ``reporting``: read-only, and not even the users' password hashes.

The roles are NOLOGIN groups; each device logs in with its own LOGIN role made a member of its group
(``CREATE ROLE gate_hue_3 LOGIN PASSWORD '...' IN ROLE gate``), so one device can be locked out alone.
Running it again after a migration brings grants up to date (it revokes and re-grants).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from shared.errors import CitadelError

ROLE_NAMES = ("kiosk", "gate", "counter", "admin", "reporting")

CATALOGUE = ("site", "product", "product_site", "category", "price", "time_slot")
KEYS = ("signing_key", "revocation")
SALES = ("orders", "order_line", "ticket")
PAYMENTS = ("payment_vietqr_request", "payment_bank_transfer")
STATUS_COLUMNS = ("last_seen", "printer_state", "queue_length", "info")
USER_PUBLIC_COLUMNS = ("id", "username", "role", "active", "created_at")
# Local-journal bookkeeping and the users table: no device role reads them at central.
PRIVATE = ("user", "outbox", "setting")

# role -> list of (privilege, tables, columns or None)
Grant = tuple[str, tuple[str, ...], tuple[str, ...] | None]
GRANTS: dict[str, list[Grant]] = {
    "gate": [
        ("SELECT", (*CATALOGUE, *KEYS, "ticket", "device", "scan", "ticket_use"), None),
        ("INSERT", ("scan", "audit_event"), None),
        ("UPDATE", ("scan",), ("conflict",)),
        ("SELECT", ("audit_event",), ("id",)),
        ("UPDATE", ("device",), STATUS_COLUMNS),
    ],
    "kiosk": [
        ("SELECT", (*CATALOGUE, *KEYS, "device", *SALES, *PAYMENTS), None),
        ("INSERT", (*SALES, *PAYMENTS, "audit_event"), None),
        ("UPDATE", (*SALES, *PAYMENTS), None),
        ("UPDATE", ("time_slot",), ("taken",)),
        ("SELECT", ("slot_hold",), None),  # central slot places (shared.slots): taken live, given back
        ("INSERT", ("slot_hold",), None),  # when the released order arrives
        ("DELETE", ("slot_hold",), None),
        ("SELECT", ("audit_event",), ("id",)),
        ("UPDATE", ("device",), STATUS_COLUMNS),
    ],
    "counter": [
        ("SELECT", (*CATALOGUE, *KEYS, "device", *SALES, *PAYMENTS, "scan", "ticket_use"), None),
        ("INSERT", (*SALES, *PAYMENTS, "audit_event", "revocation"), None),
        ("UPDATE", (*SALES, *PAYMENTS), None),
        ("UPDATE", ("time_slot",), ("taken",)),
        ("SELECT", ("slot_hold",), None),  # central slot places (shared.slots): taken live, given back
        ("INSERT", ("slot_hold",), None),  # when the released order arrives
        ("DELETE", ("slot_hold",), None),
        ("SELECT", ("audit_event",), ("id",)),
        ("UPDATE", ("device",), STATUS_COLUMNS),
    ],
}


def _q(name: str) -> str:
    """Quote an identifier (table and role names here come from this module or a checked prefix)."""
    return '"' + name.replace('"', '""') + '"'


def _create_role(conn: Connection, role: str) -> None:
    # Roles are cluster-wide: tolerate another database (or a parallel run) having made it already.
    conn.execute(
        text(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {_q(role)} NOLOGIN; END IF; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    )


def _grant(
    conn: Connection, privilege: str, tables: Iterable[str], columns: tuple[str, ...] | None, role: str
) -> None:
    for table in tables:
        cols = f" ({', '.join(_q(c) for c in columns)})" if columns else ""
        conn.execute(text(f"GRANT {privilege}{cols} ON TABLE {_q(table)} TO {_q(role)}"))


def create_roles(engine: Engine, *, prefix: str = "") -> dict[str, list[str]]:
    """Create (or refresh) the five roles with their grants in ``engine``'s database. ``prefix`` names
    them ``<prefix>kiosk`` ... (tests, or several Citadel databases on one server). Returns, per role,
    the grants made, as SQL-ish lines for the operator to read."""
    if engine.dialect.name != "postgresql":
        raise CitadelError(
            "not_postgres", str(engine.url), url=engine.url.render_as_string(hide_password=True)
        )
    if prefix and not prefix.replace("_", "").isalnum():
        raise CitadelError("bad_role_prefix", prefix, prefix=prefix)
    tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
    made: dict[str, list[str]] = {}
    with engine.begin() as conn:
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
        for base in ROLE_NAMES:
            role = prefix + base
            _create_role(conn, role)
            conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {_q(role)}"))
            conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {_q(role)}"))
            conn.execute(text(f"GRANT CONNECT ON DATABASE {_q(database)} TO {_q(role)}"))
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {_q(role)}"))
            lines: list[str] = []
            if base == "admin":
                data_tables = [t for t in tables]
                _grant(conn, "SELECT, INSERT, UPDATE, DELETE", data_tables, None, role)
                conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {_q(role)}"))
                lines.append("SELECT, INSERT, UPDATE, DELETE on every table; sequences")
            elif base == "reporting":
                readable = [t for t in tables if t not in PRIVATE]
                _grant(conn, "SELECT", readable, None, role)
                _grant(conn, "SELECT", ["user"], USER_PUBLIC_COLUMNS, role)
                lines.append("SELECT on every table except user (no password hashes), outbox, setting")
            else:
                for privilege, names, columns in GRANTS[base]:
                    present = [t for t in names if t in tables]
                    _grant(conn, privilege, present, columns, role)
                    cols = f" ({', '.join(columns)})" if columns else ""
                    lines.append(f"{privilege}{cols} on {', '.join(present)}")
            made[role] = lines
    return made


def create_login(engine: Engine, login: str, group: str, password: str) -> None:
    """A device's own LOGIN role, member of its group role (password from the environment, never TOML)."""
    if not login.replace("_", "").isalnum():
        raise CitadelError("bad_role_prefix", login, prefix=login)
    with engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}).first()
        verb = "ALTER" if exists else "CREATE"
        # Passwords cannot be bound parameters in DDL: quote as a literal via the server.
        literal = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
        conn.execute(text(f"{verb} ROLE {_q(login)} LOGIN PASSWORD {literal}"))
        conn.execute(text(f"GRANT {_q(group)} TO {_q(login)}"))
