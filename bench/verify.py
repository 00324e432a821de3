"""Benchmark: token verifications per second per core, and redemption median latency on SQLite and
PostgreSQL. Baselines run in the same process: a bare Ed25519 verify of the same bytes (the floor for
any signed-token check) and a bare one-row transaction on the same database (the floor for any
recorded scan).

Run: .venv/bin/python bench/verify.py [--postgres URL]   (targets: >= 10,000 verifications/s,
<= 2 ms median redemption on SQLite)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.engine import Engine

from shared import db, keys, redemption, rollups, sales
from shared.catalogue import demo_catalogue_path, load_catalogue
from shared.models import new_uuid7, utcnow
from shared.tokens import KeyRing, decode, verify


def bench_verify(tokens: list[str], ring: object, seconds: float = 2.0) -> tuple[float, float]:
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for t in tokens:
            verify(t, ring)  # type: ignore[arg-type]
        n += len(tokens)
    ours = n / (time.perf_counter() - start)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    parsed = [decode(t) for t in tokens]
    # Baseline: the same signatures checked with OpenSSL through cryptography, nothing else.
    pubs = [Ed25519PublicKey.from_public_bytes(ring.get(c.key_id).public_key) for c, _, _ in parsed]  # type: ignore[attr-defined]
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for (_, body, sig), pub in zip(parsed, pubs, strict=True):
            pub.verify(sig, body)
        n += len(parsed)
    raw = n / (time.perf_counter() - start)
    return ours, raw


def setup(
    url: str, key_dir: Path, tickets: int
) -> tuple[Engine, KeyRing, list[str], dict[str, redemption.SiteInfo]]:
    db.upgrade(url)
    engine = db.make_engine(url)
    store = keys.FileKeyStore(key_dir)
    with db.session_scope(engine) as s:
        load_catalogue(s, demo_catalogue_path())
        key = keys.create_key(s, store, f"bench-{new_uuid7()[:8]}", approve=True)
        signer = sales.Signer(key.key_id, store.load(key.key_id))
    tokens: list[str] = []
    with db.session_scope(engine) as s:
        for _ in range(tickets // 50):
            order = sales.create_order(s, [sales.CartLine("imperial-city", "adult", 50)])
            sales.reserve(s, order.id)
            sales.start_payment(s, order.id, "demo")
            sales.mark_paid(s, order.id, "bench")
            tokens += [t.token for t in sales.issue_tickets(s, order.id, signer)]
    with db.session_scope(engine) as s:
        ring = keys.load_keyring(s)
        sites = redemption.load_sites(s)
    return engine, ring, tokens, sites


def _set_rollup_triggers(engine: Engine, on: bool) -> None:
    watches = rollups.SCAN_SALE_WATCHES + rollups.VISIT_WATCHES
    dialect = engine.dialect.name
    with engine.begin() as conn:
        for statement in rollups.drop_trigger_ddl(dialect, watches):
            conn.execute(text(statement))
        if on:
            for statement in rollups.trigger_ddl(dialect, watches):
                conn.execute(text(statement))


def bench_redeem(engine, ring, tokens, sites) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Median ms per redemption with the report rollups' triggers, without them (alternate blocks of 50
    tokens, so both see the same machine), and a bare one-row transaction."""
    site = sites["imperial-city"]
    times: dict[bool, list[float]] = {True: [], False: []}
    for block in range(0, len(tokens), 50):
        on = (block // 50) % 2 == 0
        _set_rollup_triggers(engine, on)
        for token in tokens[block : block + 50]:
            t0 = time.perf_counter()
            with db.session_scope(engine) as s:
                v = redemption.redeem(s, ring, token, site, "bench", "in", utcnow(), new_uuid7())
            times[on].append(time.perf_counter() - t0)
            assert v.admitted, v.code
    _set_rollup_triggers(engine, True)
    base = []
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS bench_floor (k varchar(40) primary key, v int)"))
    for _ in tokens:
        t0 = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_floor VALUES (:k, 1)"), {"k": new_uuid7()})
        base.append(time.perf_counter() - t0)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE bench_floor"))
    return (
        statistics.median(times[True]) * 1000,
        statistics.median(times[False]) * 1000,
        statistics.median(base) * 1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=os.environ.get("CITADEL_TEST_POSTGRES_URL", ""))
    parser.add_argument("--tickets", type=int, default=1000)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0}) if hasattr(os, "sched_setaffinity") else None  # one core
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        engine, ring, tokens, sites = setup(
            f"sqlite:///{tmp}/bench.sqlite3", Path(tmp) / "keys", args.tickets
        )
        ours, raw = bench_verify(tokens[:200], ring)
        print(
            f"verify: {ours:,.0f} tokens/s on one core "
            f"(bare OpenSSL Ed25519 verify via cryptography {raw:,.0f}/s; ratio {ours / raw:.2f})"
        )
        med, bare, floor = bench_redeem(engine, ring, tokens, sites)
        rows.append(("SQLite (WAL)", med, bare, floor))
        engine.dispose()
        if args.postgres:
            from scratch import scratch_database

            with scratch_database(args.postgres, "citadel_bench") as url:
                engine, ring, tokens, sites = setup(url, Path(tmp) / "pgkeys", args.tickets)
                med, bare, floor = bench_redeem(engine, ring, tokens, sites)
                rows.append(("PostgreSQL 15 (127.0.0.1)", med, bare, floor))
                engine.dispose()
        for name, med, bare, floor in rows:
            print(
                f"redeem on {name}: median {med:.2f} ms per scan with the report rollups' triggers, "
                f"{bare:.2f} ms without them (+{(med / bare - 1) * 100:.0f} %); {len(tokens)} scans in "
                f"alternate blocks; bare one-row transaction {floor:.2f} ms; ratio {med / floor:.1f}x"
            )


if __name__ == "__main__":
    main()
