"""Incremental pulls from the real PostgreSQL: a device copies only the reference rows written since its
last pull's snapshot (``pull_xid``, migration 0007), and cannot miss a row whose transaction committed
late, after a newer one had already been pulled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from shared import db
from shared.models import Price, Revocation, Setting, TimeSlot
from shared.sync.outbox import FULL_PULL_EVERY, PULL_KEY, pull_once


def revoke_at_central(conn, ticket_id: int) -> None:
    conn.execute(
        text("INSERT INTO revocation (ticket_id, revoked_at, reason) VALUES (:t, now(), 'refund')"),
        {"t": ticket_id},
    )


def local_revocations(journal: Engine) -> set[int]:
    with Session(journal) as s:
        return set(s.exec(select(Revocation.ticket_id)).all())


def test_after_the_first_pull_only_what_changed_is_copied(central: Engine, sqlite_engine: Engine) -> None:
    first = pull_once(sqlite_engine, central)
    assert first["site"] == 12 and first["time_slot"] > 0 and first["price"] > 0
    assert sum(pull_once(sqlite_engine, central).values()) == 0  # nothing changed: nothing copied
    with central.begin() as conn:
        revoke_at_central(conn, 1001)
        conn.execute(update(Price).where(col(Price.id) == 1).values(amount=210_000))
    again = pull_once(sqlite_engine, central)
    assert {k: v for k, v in again.items() if v} == {"revocation": 1, "price": 1}
    assert local_revocations(sqlite_engine) == {1001}
    with Session(sqlite_engine) as s:
        price = s.get(Price, 1)
        assert price is not None and price.amount == 210_000


def test_a_transaction_that_commits_late_is_not_missed(central: Engine, sqlite_engine: Engine) -> None:
    pull_once(sqlite_engine, central)
    slow = central.connect()
    slow_tx = slow.begin()
    revoke_at_central(slow, 2001)  # takes its transaction id now, commits only after the next pull
    with central.begin() as conn:
        revoke_at_central(conn, 2002)  # a later transaction that commits at once
    assert pull_once(sqlite_engine, central)["revocation"] == 1
    assert local_revocations(sqlite_engine) == {2002}
    slow_tx.commit()
    slow.close()
    with Session(central) as s:
        late, early = (s.get(Revocation, t) for t in (2001, 2002))
        assert late is not None and early is not None
        # A cursor at the highest pull_xid seen would have skipped the late row for good.
        assert late.pull_xid is not None and early.pull_xid is not None and late.pull_xid < early.pull_xid
    assert pull_once(sqlite_engine, central)["revocation"] >= 1
    assert local_revocations(sqlite_engine) == {2001, 2002}


def test_slot_places_taken_at_central_reach_the_kiosk_in_the_next_pull(
    central: Engine, sqlite_engine: Engine
) -> None:
    pull_once(sqlite_engine, central)
    with central.begin() as conn:
        conn.execute(update(TimeSlot).where(col(TimeSlot.id) == 1).values(taken=TimeSlot.taken + 7))
    assert pull_once(sqlite_engine, central)["time_slot"] == 1
    with Session(sqlite_engine) as s:
        slot = s.get(TimeSlot, 1)
        assert slot is not None and slot.taken == 7


def test_an_hourly_full_pull_copies_everything_and_rewrites_nothing_unchanged(
    central: Engine, sqlite_engine: Engine
) -> None:
    first = pull_once(sqlite_engine, central)
    with sqlite_engine.begin() as conn:  # count the journal's row writes from here on
        conn.execute(text("CREATE TABLE row_writes (n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO row_writes VALUES (0)"))
        for table in ("site", "price", "time_slot", "revocation", "device"):
            conn.execute(
                text(
                    f"CREATE TRIGGER count_{table} AFTER UPDATE ON {table} "
                    "BEGIN UPDATE row_writes SET n = n + 1; END"
                )
            )
    with db.session_scope(sqlite_engine) as s:  # an hour later
        row = s.get(Setting, PULL_KEY)
        assert row is not None
        last_full = datetime.fromisoformat(row.value["full_at"])
        row.value = dict(row.value) | {"full_at": (last_full - FULL_PULL_EVERY).isoformat()}
        s.add(row)
    assert pull_once(sqlite_engine, central) == first  # every row copied again ...
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM row_writes")).scalar_one() == 0  # ... none rewritten
    assert sum(pull_once(sqlite_engine, central).values()) == 0  # then incremental again
