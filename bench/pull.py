"""Bench: a device's pull of reference data (catalogue, time slots, keys, devices, revocations) from a
central PostgreSQL that has run for years, full against incremental (``pull_xid``, migration 0007).

Central holds the Hue catalogue plus ``--revocations`` revoked tickets (refunds and voids pile up),
``--years`` of evening time slots (3 a day) and ``--devices`` enrolled devices. One device journal
(SQLite) pulls from it every 15 s in production (every 60 s before incremental pulls); each pull holds
the journal's write lock while it writes, and the gate's scans and the kiosk's sales wait for that lock.
A writer thread plays the gate during each measurement (:class:`Writer`) and reports its longest wait.

Measured, median of ``--repeat`` runs each, in one process against the same central and journal:
- baseline: the pull as it was before incremental pulls (every row read and rewritten each minute),
  reproduced here as ``full_rewrite_pull``;
- the hourly full pull (every row read, only changed rows written);
- the incremental pull with nothing changed, and after 10 new revocations and one slot sale.

Run:  .venv/bin/python bench/pull.py [--central postgresql://postgres@127.0.0.1:5432/test]
                                     [--revocations 50000] [--years 5] [--devices 200] [--markdown]
A throw-away database is created next to the one named and dropped at the end.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch import scratch_database
from sqlalchemy import select as sa_select
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from shared import db
from shared.catalogue import demo_catalogue_path, load_catalogue
from shared.models import Product, Setting, utcnow
from shared.sync.central import table_of, upsert
from shared.sync.outbox import PULL_KEY, PULL_MODELS, pull_once


def full_rewrite_pull(local: Engine, central: Engine) -> dict[str, int]:
    """The baseline: the pull before migration 0007 (every row read, every row upserted)."""
    data: dict[str, list[dict[str, Any]]] = {}
    with central.connect() as conn:
        for model in PULL_MODELS:
            table = table_of(model)
            data[table.name] = [dict(r._mapping) for r in conn.execute(sa_select(table))]
    counts: dict[str, int] = {}
    with local.begin() as conn:
        for model in PULL_MODELS:
            table = table_of(model)
            rows = data[table.name]
            counts[table.name] = len(rows)
            if not rows:
                continue
            pk = [c.name for c in table.primary_key.columns]
            stmt = upsert(conn, table)
            changing = [c.name for c in table.columns if c.name not in pk]
            stmt = stmt.on_conflict_do_update(index_elements=pk, set_={n: stmt.excluded[n] for n in changing})
            for i in range(0, len(rows), 500):
                conn.execute(stmt, rows[i : i + 500])
    return counts


def fill_central(central: Engine, revocations: int, years: int, devices: int) -> None:
    with db.session_scope(central) as s:
        load_catalogue(s, demo_catalogue_path())
        product = s.exec(select(Product).where(Product.code == "imperial-city-night")).one()
        night = product.id
    start = utcnow().replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=365 * years)
    with central.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO revocation (ticket_id, revoked_at, reason) "
                "SELECT 10000000 + g, now(), 'refund' FROM generate_series(1, :n) g"
            ),
            {"n": revocations},
        )
        conn.execute(
            text(
                "INSERT INTO time_slot (product_id, starts_at, minutes, capacity, taken) "
                "SELECT :p, :start + (g / 3) * interval '1 day' + (g % 3) * interval '1 hour', 60, 300, 0 "
                "FROM generate_series(0, :n - 1) g ON CONFLICT DO NOTHING"
            ),
            {"p": night, "start": start, "n": 365 * years * 3},
        )
        conn.execute(
            text(
                "INSERT INTO device (id, kind, site_code, name, status, enrolled_at, queue_length, info) "
                "SELECT 'dev-' || g, 'gate', 'imperial-city', '', 'approved', now(), 0, '{}' "
                "FROM generate_series(1, :n) g"
            ),
            {"n": devices},
        )
        conn.execute(text("ANALYZE"))


def timed(fn: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


class Writer:
    """A gate writing to the same journal meanwhile: one tiny write transaction every millisecond (its
    own connection, 30 s busy timeout as the app's), each one's time from BEGIN IMMEDIATE to COMMIT kept.
    The longest is how long the pull made a scan wait for the journal's write lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.waits: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Writer:
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.execute("CREATE TABLE IF NOT EXISTS bench_writes (n INTEGER)")
        conn.close()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        while not self._stop.is_set():
            t0 = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO bench_writes VALUES (1)")
            conn.execute("COMMIT")
            self.waits.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.001)
        conn.close()

    @property
    def longest_ms(self) -> float:
        return max(self.waits, default=0.0)


def force_full(local: Engine) -> None:
    """Make the next pull an hourly full pull (its last one "an hour ago")."""
    with db.session_scope(local) as s:
        row = s.get(Setting, PULL_KEY)
        assert row is not None
        row.value = dict(row.value) | {"full_at": (utcnow() - timedelta(hours=2)).isoformat()}
        s.add(row)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--central", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--revocations", type=int, default=50_000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--devices", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()

    rows: list[tuple[str, float, int, float]] = []
    with (
        scratch_database(args.central, "citadel_bench_pull") as central_url,
        tempfile.TemporaryDirectory(prefix="citadel-bench-pull-") as tmp,
    ):
        db.upgrade(central_url)
        central = db.make_engine(central_url)
        fill_central(central, args.revocations, args.years, args.devices)
        local_url = f"sqlite:///{Path(tmp) / 'journal.sqlite3'}"
        db.upgrade(local_url)
        local = db.make_engine(local_url)
        first = pull_once(local, central)  # the device's first pull: everything
        journal = Path(tmp) / "journal.sqlite3"

        def measure(label: str, pull: Any) -> None:
            with Writer(journal) as writer:
                ms, counts = timed(pull, args.repeat)
            rows.append((label, ms, sum(counts.values()), writer.longest_ms))

        measure(
            "baseline: every row read and rewritten (the pull before 0007)",
            lambda: full_rewrite_pull(local, central),
        )

        def hourly() -> dict[str, int]:
            force_full(local)
            return pull_once(local, central)

        measure("hourly full pull: every row read, changed rows written", hourly)
        measure("incremental pull, nothing changed", lambda: pull_once(local, central))

        ticket = iter(range(1, 10_000_000))

        def after_changes() -> dict[str, int]:
            with central.begin() as conn:
                for _ in range(10):
                    conn.execute(
                        text(
                            "INSERT INTO revocation (ticket_id, revoked_at, reason) VALUES (:t, now(), 'x')"
                        ),
                        {"t": next(ticket)},
                    )
                conn.execute(text("UPDATE time_slot SET taken = taken + 1 WHERE id = 1"))
            return pull_once(local, central)

        measure("incremental pull after 10 revocations and 1 slot sale", after_changes)
        local.dispose()
        central.dispose()

    total = sum(first.values())
    print(
        f"central: {args.revocations:,} revocations, {args.years} years of slots, {args.devices} devices; "
        f"{total:,} rows in all (first pull); median of {args.repeat}"
    )
    baseline = rows[0][1]
    if args.markdown:
        print(
            "| pull | median ms | rows copied | baseline ms / this | longest wait of a write meanwhile, ms |"
            "\n|---|---:|---:|---:|---:|"
        )
        for label, ms, n, wait in rows:
            print(f"| {label} | {ms:,.1f} | {n:,} | {baseline / ms:,.1f}x | {wait:,.1f} |")
    else:
        for label, ms, n, wait in rows:
            print(
                f"{label:<62} {ms:>10,.1f} ms {n:>8,} rows  {baseline / ms:>7,.1f}x"
                f"  longest write wait {wait:,.1f} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
