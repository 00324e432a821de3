"""Storage: on SQLite, readers (screens, reports, status polls) take no write lock, so a long admin report
never makes the kiosk or the gate on the same file wait; writers still take it at BEGIN."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from shared import db
from shared.models import Site


def writer_without_waiting(engine: Engine) -> sqlite3.Connection:
    """A second process's connection that gives up at once instead of waiting for the lock."""
    return sqlite3.connect(engine.url.database, isolation_level=None, timeout=0)


def test_a_reader_leaves_the_write_lock_to_the_kiosks_and_gates(sqlite_engine: Engine) -> None:
    other = writer_without_waiting(sqlite_engine)
    with Session(db.reader(sqlite_engine)) as s:
        before = len(s.exec(select(Site)).all())
        other.execute("BEGIN IMMEDIATE")  # a sale or a scan, while the report is still open
        other.execute("UPDATE site SET capacity = capacity + 1")
        other.execute("COMMIT")
        # The reader keeps its consistent snapshot meanwhile.
        assert len(s.exec(select(Site)).all()) == before
    other.close()


def test_a_writer_still_takes_the_lock_at_begin(sqlite_engine: Engine) -> None:
    other = writer_without_waiting(sqlite_engine)
    with Session(sqlite_engine) as s:
        s.exec(text("SELECT 1")).one()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.close()


def test_the_reader_of_a_server_database_is_the_engine_itself(engine: Engine) -> None:
    # PostgreSQL readers never block writers (MVCC), so there is nothing to change there.
    assert (db.reader(engine) is engine) == (engine.dialect.name != "sqlite")
