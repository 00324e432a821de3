"""Bench: store-and-forward ingestion at central. 8 devices at once, each its own process with its own
SQLite journal, forward their backlog to one central PostgreSQL through ``shared.sync.SyncWorker``
(batched idempotent upserts, marked sent locally after each central commit).

- scans/s: 8 gates, each with a backlog of scans queued the way the gate queues them;
- orders/s: 8 kiosks, each with a backlog of real sales (shared.sales, signed tickets), one order
  snapshot (order + lines + tickets) per outbox item.

Baseline, in the same process on the same central: one device forwarding row by row (batch size 1, one
central transaction per record), i.e. what a naive "send each record as it happens" client does. The
external reference is pretix's documented ceiling of 300-400 tickets per minute per event.

Wall time runs from the moment all 8 workers are ready (engines made, imports done) to the last one
finishing; every record is checked at central afterwards (count and no duplicates).

Run:  .venv/bin/python bench/sync.py [--central postgresql://postgres@127.0.0.1:5432/test]
                                     [--devices 8] [--scans 5000] [--orders 150] [--markdown]
A throw-away database is created next to the one named and dropped at the end.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch import scratch_database
from sqlalchemy import func
from sqlmodel import Session, select

from shared import db, keys, sales
from shared.catalogue import demo_catalogue_path, load_catalogue
from shared.models import Order, Scan, Ticket, new_uuid7, utcnow
from shared.sync import (
    SyncWorker,
    approve_device,
    enqueue,
    enqueue_order,
    enrol_device,
    pull_once,
    row_payload,
)

PRETIX_TICKETS_PER_MIN = (300, 400)


def queue_scans(url: str, n: int, device_id: str, gate: str = "Gate 1") -> None:
    """A gate's journal: ``n`` scans, each queued in the transaction that records it (as the gate does)."""
    engine = db.make_engine(url)
    at = utcnow()
    for start in range(0, n, 1000):
        with db.session_scope(engine) as s:
            for i in range(start, min(n, start + 1000)):
                scan = Scan(
                    nonce=new_uuid7(),
                    ticket_id=i + 1,
                    site_code="imperial-city",
                    gate=gate,
                    device_id=device_id,
                    direction="in",
                    admitted=True,
                    code="admitted",
                    persons=1,
                    scanned_at=at,
                    received_at=at,
                )
                s.add(scan)
                enqueue(s, "scan", scan.nonce, row_payload(scan))
    engine.dispose()


def _worker(local_url: str, central_url: str, batch: int, ready: Any, go: Any, out: Any) -> None:
    local = db.make_engine(local_url)
    worker = SyncWorker(local, central_url, batch_size=batch, capture=False)
    with worker.central.connect():
        pass  # open the pool before the clock starts
    ready.put(1)
    go.wait()
    t0 = time.perf_counter_ns()
    result = worker.drain()
    t1 = time.perf_counter_ns()
    out.put({"start": t0, "end": t1, "sent": result.sent, "failed": result.failed, "backlog": result.backlog})
    worker.close()


def run_devices(local_urls: list[str], central_url: str, batch: int) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_worker, args=(u, central_url, batch, ready, go, out)) for u in local_urls]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=120)
    go.set()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    # perf_counter_ns is CLOCK_MONOTONIC on Linux: comparable across processes on one machine.
    wall = (max(r["end"] for r in results) - min(r["start"] for r in results)) / 1e9
    return {
        "wall_s": wall,
        "sent": sum(r["sent"] for r in results),
        "failed": sum(r["failed"] for r in results),
        "backlog": sum(r["backlog"] for r in results),
    }


def scan_latencies(local: Any, central: Any, n: int) -> list[float]:
    """Seconds from a scan's local commit to its row being readable at central (what the dashboard
    reads), with ``SyncWorker.run_forever`` running in a thread at the default interval."""
    import random
    import threading

    worker = SyncWorker(local, central, capture=True, device_id="gate-latency")
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop,), daemon=True)
    thread.start()
    out: list[float] = []
    rng = random.Random(8)
    try:
        for i in range(n):
            time.sleep(rng.uniform(0.1, 1.5))  # scans arrive at random moments of the worker's cycle
            nonce = new_uuid7()
            at = utcnow()
            with db.session_scope(local) as s:
                scan = Scan(
                    nonce=nonce,
                    ticket_id=10_000_000 + i,
                    site_code="imperial-city",
                    gate="Gate 1",
                    device_id="gate-latency",
                    direction="in",
                    admitted=True,
                    code="admitted",
                    persons=1,
                    scanned_at=at,
                    received_at=at,
                )
                s.add(scan)
                enqueue(s, "scan", nonce, row_payload(scan))
            t0 = time.perf_counter()
            deadline = t0 + 60
            while time.perf_counter() < deadline:
                with Session(central) as cs:
                    if cs.get(Scan, nonce) is not None:
                        break
                time.sleep(0.01)
            out.append(time.perf_counter() - t0)
    finally:
        stop.set()
        thread.join(timeout=30)
    return out


def make_device(template: Path, folder: Path, name: str) -> str:
    path = folder / f"{name}.sqlite3"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


def sell_backlog(central_engine: Any, local_url: str, device: str, orders: int, key_dir: Path) -> None:
    store = keys.FileKeyStore(key_dir)
    with db.session_scope(central_engine) as s:
        res = enrol_device(s, store, device_id=device, kind="kiosk", site_code="imperial-city")
    with db.session_scope(central_engine) as s:
        approve_device(s, device, actor="bench")
    local = db.make_engine(local_url)
    pull_once(local, central_engine)
    assert res.key_id is not None
    signer = sales.Signer(res.key_id, store.load(res.key_id))
    for _ in range(orders):
        with db.session_scope(local) as s:
            order = sales.create_order(
                s,
                [sales.CartLine("combo-3", "adult", 2), sales.CartLine("combo-3", "child", 1)],
                device_id=device,
                site_code="imperial-city",
            )
            sales.reserve(s, order.id)
            sales.start_payment(s, order.id, "demo")
            sales.mark_paid(s, order.id, "bench")
            sales.issue_tickets(s, order.id, signer)
            enqueue_order(s, order.id)
    local.dispose()


def count(engine: Any, model: type) -> int:
    with Session(engine) as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--central", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--devices", type=int, default=8)
    ap.add_argument("--scans", type=int, default=5000, help="scans per gate")
    ap.add_argument("--orders", type=int, default=150, help="orders per kiosk")
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--baseline-records", type=int, default=500)
    ap.add_argument("--latency-scans", type=int, default=12)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument(
        "--shared-gate", action="store_true", help="all gate devices under one gate name (rollup worst case)"
    )
    args = ap.parse_args()

    with (
        scratch_database(args.central, "citadel_bench_sync") as central_url,
        tempfile.TemporaryDirectory(prefix="citadel-bench-sync-") as tmp_dir,
    ):
        tmp = Path(tmp_dir)
        db.upgrade(central_url)
        central = db.make_engine(central_url)
        with db.session_scope(central) as s:
            load_catalogue(s, demo_catalogue_path())
        template = tmp / "template.sqlite3"
        db.upgrade(f"sqlite:///{template}")

        # -- scans: 8 gates -------------------------------------------------------------------------
        gates = [make_device(template, tmp, f"gate-{i}") for i in range(args.devices)]
        for i, url in enumerate(gates):
            # Each gate device has its own gate name, as configured at a site; --shared-gate names them
            # all "Gate 1", the worst case for the rollup rows they update at central.
            queue_scans(url, args.scans, f"gate-{i}", "Gate 1" if args.shared_gate else f"Gate {i + 1}")
        scans = run_devices(gates, central_url, args.batch)
        total_scans = args.scans * args.devices
        assert scans["failed"] == 0 and scans["backlog"] == 0, scans
        assert count(central, Scan) == total_scans, "every scan exactly once"
        scans_per_s = total_scans / scans["wall_s"]

        # -- orders: 8 kiosks -----------------------------------------------------------------------
        kiosks = [make_device(template, tmp, f"kiosk-{i}") for i in range(args.devices)]
        t_prep = time.perf_counter()
        for i, url in enumerate(kiosks):
            sell_backlog(central, url, f"kiosk-{i}", args.orders, tmp / "keys")
        prep_s = time.perf_counter() - t_prep
        orders = run_devices(kiosks, central_url, args.batch)
        total_orders = args.orders * args.devices
        assert orders["failed"] == 0 and orders["backlog"] == 0, orders
        assert count(central, Order) == total_orders
        tickets = count(central, Ticket)
        orders_per_s = total_orders / orders["wall_s"]
        tickets_per_s = tickets / orders["wall_s"]

        # -- baseline: one device, row by row, in this process --------------------------------------
        base_url = make_device(template, tmp, "gate-baseline")
        queue_scans(base_url, args.baseline_records, "gate-baseline")
        base_local = db.make_engine(base_url)
        naive = SyncWorker(base_local, central, batch_size=1, capture=False)
        t0 = time.perf_counter()
        naive_result = naive.drain()
        naive_s = time.perf_counter() - t0
        assert naive_result.sent == args.baseline_records and naive_result.backlog == 0
        baseline_per_s = args.baseline_records / naive_s
        base_local.dispose()

        # -- latency: one scan at a gate -> visible at central, worker on its default 2 s interval ---
        lat_url = make_device(template, tmp, "gate-latency")
        lat_local = db.make_engine(lat_url)
        latencies = scan_latencies(lat_local, central, args.latency_scans)
        lat_local.dispose()
        central.dispose()

    lo, hi = (n / 60 for n in PRETIX_TICKETS_PER_MIN)
    rows = [
        (
            "scans ingested at central, 8 gates",
            f"{scans_per_s:,.0f}/s",
            ">= 2,000/s",
            f"{total_scans:,} scans in {scans['wall_s']:.2f} s",
        ),
        (
            "orders ingested at central, 8 kiosks",
            f"{orders_per_s:,.0f}/s",
            ">= 100/s",
            f"{total_orders:,} orders ({tickets:,} tickets) in {orders['wall_s']:.2f} s",
        ),
        ("tickets ingested (with their orders)", f"{tickets_per_s:,.0f}/s", "", ""),
        (
            "baseline: 1 device, row by row (batch 1)",
            f"{baseline_per_s:,.0f}/s",
            "",
            f"{args.baseline_records:,} scans in {naive_s:.2f} s",
        ),
    ]
    import statistics

    lat_sorted = sorted(latencies)
    lat_p50 = statistics.median(lat_sorted)
    lat_max = lat_sorted[-1]
    rows.append(
        (
            "scan at the gate -> readable at central",
            f"{lat_p50:.2f} s",
            "<= 5 s",
            f"median of {len(latencies)}, max {lat_max:.2f} s, worker interval 2 s",
        )
    )
    ratio_base = scans_per_s / baseline_per_s
    ratio_pretix = (tickets_per_s / hi, tickets_per_s / lo)
    if args.markdown:
        print("| figure | measured | target | detail |\n|---|---:|---:|---|")
        for r in rows:
            print(f"| {r[0]} | **{r[1]}** | {r[2]} | {r[3]} |")
    else:
        for r in rows:
            print(f"{r[0]:<44} {r[1]:>10}  {r[2]:<11} {r[3]}")
    print()
    print(f"8-device batched scans / 1-device row-by-row baseline: {ratio_base:.1f}x")
    print(
        f"tickets/s ingested vs pretix's 300-400 tickets/min per event ({lo:.1f}-{hi:.1f}/s): "
        f"{ratio_pretix[0]:,.0f}x-{ratio_pretix[1]:,.0f}x"
    )
    met = scans_per_s >= 2000 and orders_per_s >= 100 and lat_max <= 5
    print(f"targets (>= 2,000 scans/s, >= 100 orders/s, scan visible <= 5 s): {'met' if met else 'NOT met'}")
    print(
        f"(preparing the kiosks' {total_orders:,} local sales took {prep_s:.1f} s; not part of the figures)"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
