"""Reliability: a network partition between a gate and central (a real TCP proxy in front of PostgreSQL,
cut and healed), and central on a closed port. While cut, the worker reports the error, keeps every
record and does not churn retry counters; after the heal, everything arrives exactly once."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, select

from shared import db
from shared.models import OutboxItem
from shared.sync import SyncWorker, sync_status
from tests.sync.support import TcpProxy, central_nonces, queue_scans, reset_central, via_proxy


@pytest.fixture
def central(postgres_database: str) -> Iterator[Engine]:
    engine = reset_central(postgres_database)
    yield engine
    engine.dispose()


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return int(port)


def test_partition_then_heal_loses_nothing(
    central: Engine, sqlite_engine: Engine, postgres_database: str
) -> None:
    url = make_url(db.normalise_url(postgres_database))
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    worker = SyncWorker(sqlite_engine, via_proxy(postgres_database, proxy), batch_size=100, capture=False)
    try:
        first = queue_scans(sqlite_engine, 150)
        assert worker.run_once().sent == 100  # link up: one batch goes

        proxy.cut()
        during = queue_scans(sqlite_engine, 300)  # the gate keeps working on its journal
        cut_results = [worker.run_once() for _ in range(3)]
        assert all(r.sent == 0 and r.error for r in cut_results), cut_results
        assert cut_results[-1].backlog == 50 + 300
        with Session(sqlite_engine) as s:
            # Unreachable central is not the records' fault: no attempts counted, no backoff set.
            assert all(i.attempts == 0 for i in s.exec(select(OutboxItem).where(OutboxItem.sent_at == None)))  # noqa: E711
            st = sync_status(s)
            assert st.total_backlog == 350 and st.last_error

        proxy.heal()
        healed = worker.drain()
        assert healed.failed == 0 and healed.backlog == 0
    finally:
        worker.close()
        proxy.close()
    got = central_nonces(central)
    assert len(got) == len(set(got)) == 450
    assert set(got) == set(first) | set(during)


def test_central_on_a_closed_port_then_the_right_address(
    central: Engine, sqlite_engine: Engine, postgres_database: str
) -> None:
    nonces = queue_scans(sqlite_engine, 40)
    wrong = make_url(db.normalise_url(postgres_database)).set(port=closed_port())
    down = SyncWorker(sqlite_engine, wrong.render_as_string(hide_password=False), capture=False)
    try:
        result = down.run_once()
    finally:
        down.close()
    assert result.sent == 0 and result.backlog == 40 and result.error
    up = SyncWorker(sqlite_engine, central, capture=False)
    assert up.drain().backlog == 0
    assert sorted(central_nonces(central)) == sorted(nonces)


def test_running_worker_rides_out_a_partition(
    central: Engine, sqlite_engine: Engine, postgres_database: str
) -> None:
    """The background worker (run_forever) keeps the gate's scans while cut off and delivers them all
    once the link is back, each once."""
    import threading
    import time

    url = make_url(db.normalise_url(postgres_database))
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    worker = SyncWorker(sqlite_engine, via_proxy(postgres_database, proxy), interval=0.1, capture=False)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop,), daemon=True)

    def wait_for(predicate, timeout: float = 90.0) -> bool:  # generous: only to avoid a hang
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return bool(predicate())

    def last_error() -> str | None:
        with Session(sqlite_engine) as s:
            return sync_status(s).last_error

    try:
        thread.start()
        first = queue_scans(sqlite_engine, 50)
        assert wait_for(lambda: len(central_nonces(central)) == 50)
        proxy.cut()
        during = queue_scans(sqlite_engine, 200)
        assert wait_for(lambda: last_error() is not None)  # the worker noticed the partition
        assert len(central_nonces(central)) == 50
        proxy.heal()
        assert wait_for(lambda: len(central_nonces(central)) == 250)
    finally:
        stop.set()
        thread.join(timeout=30)
        worker.close()
        proxy.close()
    got = central_nonces(central)
    assert len(got) == len(set(got)) == 250 and set(got) == set(first) | set(during)
