"""Benchmark: a gate scanning while the admin app reads a report from the same SQLite file.

On the embedded default (one SQLite file for the kiosk, the gate and admin, as ``make demo`` runs them),
every transaction used to begin with BEGIN IMMEDIATE, so a report held the write lock for as long as it
ran and the gate's scans waited behind it. ``shared.db.reader`` gives readers a deferred BEGIN instead
(WAL: a snapshot that blocks no writer). This bench measures the scan latency while admin runs
reports in another process (as the admin app does), through a plain engine (the old way, the baseline)
and through the reader, in alternating blocks; the gate scans every ``--interval`` seconds.

Run: .venv/bin/python bench/readers.py [--tickets 12000] [--scanned 10000] [--block 100] [--blocks 4]
[--pause 0.05] [--interval 0.02]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from verify import setup

from shared import db, redemption, stats
from shared.models import new_uuid7, utcnow
from shared.redemption import SiteInfo
from shared.timeutil import local_date
from shared.tokens import KeyRing


def scan(engine: Engine, ring: KeyRing, token: str, site: SiteInfo) -> float | None:
    """Milliseconds for one admitted scan, or None when SQLite gave up waiting for the lock (30 s)."""
    t0 = time.perf_counter()
    try:
        with db.session_scope(engine) as s:
            verdict = redemption.redeem(s, ring, token, site, "gate-1", "in", utcnow(), new_uuid7())
    except OperationalError:
        return None
    assert verdict.admitted, verdict.code
    return (time.perf_counter() - t0) * 1000


def reporting(url: str, read_only: bool, stop: Any, pause: float, durations: Any) -> None:
    """The admin app, in its own process: visits and sales by site and hour, read from the base tables
    (the heaviest report path), then ``pause`` seconds, again and again until ``stop`` is set."""
    engine = db.make_engine(url)
    reads = db.reader(engine) if read_only else engine
    today = local_date(utcnow())
    while not stop.is_set():
        t0 = time.perf_counter()
        with Session(reads) as s:
            stats.report(s, today - timedelta(days=1), today, ["site", "hour"], use_rollups=False)
        durations.append((time.perf_counter() - t0) * 1000)
        stop.wait(pause)
    engine.dispose()


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=12000)
    parser.add_argument("--scanned", type=int, default=10000, help="scans made before measuring")
    parser.add_argument("--block", type=int, default=100, help="scans per measured block")
    parser.add_argument("--blocks", type=int, default=4, help="measured blocks (half of them each way)")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between two reports")
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between two scans")
    args = parser.parse_args()
    needed = args.scanned + args.block * (args.blocks + 1)
    if needed > args.tickets:
        parser.error(f"--tickets must be at least {needed}")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        url = f"sqlite:///{tmp}/bench.sqlite3"
        engine, ring, tokens, sites = setup(url, Path(tmp) / "keys", args.tickets)
        site = sites["imperial-city"]
        for token in tokens[: args.scanned]:
            scan(engine, ring, token, site)
        built = time.perf_counter() - t0
        print(f"{len(tokens)} tickets, {args.scanned} scans on SQLite (WAL), built in {built:.0f} s")
        names = ("plain engine (baseline)", "db.reader")
        waits: dict[str, list[float]] = {name: [] for name in names}
        locked: dict[str, int] = dict.fromkeys(names, 0)
        reports: dict[str, list[float]] = {name: [] for name in names}
        rest = iter(tokens[args.scanned :])
        manager = multiprocessing.Manager()
        for block in range(args.blocks):
            name = names[block % 2]
            stop, durations = manager.Event(), manager.list()
            admin = multiprocessing.Process(
                target=reporting, args=(url, name == "db.reader", stop, args.pause, durations)
            )
            admin.start()
            while not durations:  # the admin process is up and reporting
                time.sleep(0.05)
            for _ in range(args.block):
                ms = scan(engine, ring, next(rest), site)
                if ms is None:
                    locked[name] += 1
                else:
                    waits[name].append(ms)
                time.sleep(args.interval)
            stop.set()
            admin.join()
            reports[name] += list(durations)
            print(f"  block {block + 1}/{args.blocks} ({name}) done", flush=True)
        quiet = [ms for ms in (scan(engine, ring, next(rest), site) for _ in range(args.block)) if ms]
        print(f"scan, no report running: median {statistics.median(quiet):.2f} ms, p95 {p95(quiet):.2f} ms")
        for name in names:
            times = waits[name]
            print(
                f"scan while reports run through {name}: median {statistics.median(times):.2f} ms, "
                f"p95 {p95(times):.2f} ms, max {max(times):.0f} ms over {len(times)} scans, "
                f"{locked[name]} refused after waiting 30 s; report median "
                f"{statistics.median(reports[name]):.0f} ms ({len(reports[name])} reports)"
            )
        base, ours = waits[names[0]], waits[names[1]]
        print(
            f"ratio baseline/reader: median {statistics.median(base) / statistics.median(ours):.1f}x, "
            f"p95 {p95(base) / p95(ours):.1f}x, max {max(base) / max(ours):.1f}x"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
