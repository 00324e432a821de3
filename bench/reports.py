"""Bench: admin dashboard refresh and the one-year report on a generated PostgreSQL database.

Generates, inside PostgreSQL (``generate_series``; no Python row loop), ``--years`` of sales and gate scans
for the 12 Hue sites of the demo catalogue: ``--per-day`` paid orders a day (one ticket each, opening
hours 07:00-17:00 Hue time, 60 % domestic), one entry scan per ticket and an exit scan for 70 % of them.
Then it measures, in one process:

- the dashboard refresh (``admin.backend.AdminBackend.dashboard``: per-site entries/exits/occupancy,
  visitors per hour, sales today, devices, alerts) at 11:00 on the last day; baseline: the same call with
  PostgreSQL index and bitmap scans switched off (what the indexes buy);
- the one-year report by site and month (``shared.city.monthly.site_month_totals``) read from the hourly
  rollups (``shared.rollups``); baseline: the same call with ``use_rollups=False``, which aggregates the
  scans and tickets themselves in the database. Both results must be equal, row for row;
- the admin Reports screen's query (``shared.stats.report``) for the same year by site and day, with the
  rollups, against the base-table path for one week extrapolated x52;
- the monthly tourism report (``shared.city.monthly.monthly_report``) for the last complete month (its
  visits by residence come from ``visit_hour``);
- a ticket found by its printed short number (``shared.sales.tickets_by_number``); baseline: the same
  query with index scans off;
- the rollups' exactness at this size (``shared.rollups.check``: every hourly bucket recomputed).

The bulk load runs with triggers off (``session_replication_role = replica``, as a restore would) and then
rebuilds the rollups in one statement each; the trigger cost on the write path is measured by
``bench/verify.py`` (redemption) and ``bench/sync.py`` (central ingestion) instead.

Run:  .venv/bin/python bench/reports.py [--url postgresql://postgres@127.0.0.1:5432/test] [--years 5]
      [--per-day 8250] [--keep] [--reuse NAME] [--markdown docs/benchmarks.md]
A fresh database ``citadel_bench_<random>`` is created next to the one in --url and dropped at the end
unless --keep is given; --reuse NAME measures an existing database without generating.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from admin.backend import AdminBackend
from shared import db, rollups, sales, users
from shared.catalogue import demo_catalogue_path, load_catalogue
from shared.city.monthly import monthly_report, site_month_totals
from shared.stats import report
from shared.timeutil import local_time_utc
from shared.tokens import short_ticket_number

TZ = "Asia/Ho_Chi_Minh"


def database_url(base: str, name: str) -> str:
    return make_url(db.normalise_url(base)).set(database=name).render_as_string(hide_password=False)


def create_database(base: str, name: str) -> str:
    admin = create_engine(db.normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = database_url(base, name)
    db.upgrade(url)
    return url


def drop_database(base: str, name: str) -> None:
    admin = create_engine(db.normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def generate(engine: Engine, first: date, days: int, per_day: int) -> tuple[int, int, float]:
    """Orders, lines, tickets and scans for ``days`` days from ``first``: (tickets, scans, seconds)."""
    with db.session_scope(engine) as s:
        load_catalogue(s, demo_catalogue_path())
    started = time.perf_counter()
    # Site i (by bit) gets a share; the Imperial City a third of everything (as in Hue).
    chunk = 30  # days per statement: progress without giant transactions
    start_utc = local_time_utc(first, "07:00", TZ)
    spacing = 36000.0 / per_day  # seconds between orders within 10 opening hours
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS bench_map AS SELECT 1"))  # warm the connection
    for day0 in range(0, days, chunk):
        n0 = day0 * per_day
        n1 = min(days, day0 + chunk) * per_day
        params = {"n0": n0, "n1": n1 - 1, "start": start_utc, "per_day": per_day, "spacing": spacing}
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL synchronous_commit = off"))
            # No row triggers during the bulk load: the rollups are rebuilt in one statement below.
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(
                text(
                    """
                    CREATE TEMP TABLE gen ON COMMIT DROP AS
                    SELECT n,
                           lpad(to_hex(n), 32, '0') AS hex,
                           (CASE WHEN n % 3 = 0 THEN 0 ELSE n % 12 END) AS bit,
                           :start + (n / :per_day) * interval '1 day'
                                  + ((n % :per_day) * :spacing) * interval '1 second' AS at,
                           (ARRAY['VN','VN','VN','VN','VN','VN','KR','US','FR',NULL])[n % 10 + 1] AS country
                    FROM generate_series(CAST(:n0 AS bigint), CAST(:n1 AS bigint)) AS n
                    """
                ),
                params,
            )
            conn.execute(
                text(
                    """
                    CREATE TEMP TABLE gen2 ON COMMIT DROP AS
                    SELECT g.*, s.code AS site_code, p.id AS product_id, pr.amount AS price,
                           c.id AS category_id,
                           substr(g.hex,1,8)||'-'||substr(g.hex,9,4)||'-'||substr(g.hex,13,4)||'-'||
                           substr(g.hex,17,4)||'-'||substr(g.hex,21,12) AS oid
                    FROM gen g
                    JOIN site s ON s.bit = g.bit
                    JOIN product p ON p.code = s.code
                    JOIN category c ON c.code = 'adult'
                    JOIN price pr ON pr.product_id = p.id AND pr.category_id = c.id
                    """
                )
            )
            conn.execute(
                text(
                    """
                    INSERT INTO orders (id, code, state, device_id, site_code, language, country, currency,
                                        total, provider, payment_ref, group_ticket, created_at, paid_at)
                    SELECT oid, 'B' || n, 'printed', 'kiosk-' || (n % 20), site_code, 'vi', country, 'VND',
                           price, 'demo', 'demo-' || n, false, at, at
                    FROM gen2
                    """
                )
            )
            conn.execute(
                text(
                    """
                    INSERT INTO order_line (id, order_id, product_id, category_id, quantity, unit_price)
                    SELECT oid, oid, product_id, category_id, 1, price FROM gen2
                    """
                )
            )
            conn.execute(
                text(
                    """
                    INSERT INTO ticket (id, order_id, order_line_id, product_id, category_id, persons,
                                        valid_from, valid_days, token, key_id, status, printed_count,
                                        issued_at)
                    SELECT n + 1, oid, oid, product_id, category_id, 1,
                           CAST(at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS date), 1, 'CT:bench', 1, 'printed',
                           1, at
                    FROM gen2
                    """
                )
            )
            conn.execute(
                text(
                    """
                    INSERT INTO scan (nonce, ticket_id, site_code, gate, device_id, direction, admitted, code,
                                      persons, scanned_at, received_at, offline, conflict)
                    SELECT 'i' || n, n + 1, site_code, 'gate-' || (n % 4 + 1), 'gate-' || (n % 4 + 1),
                           'in', true,
                           'admitted', 1, at + interval '10 minutes', at + interval '10 minutes', false, false
                    FROM gen2
                    UNION ALL
                    SELECT 'o' || n, n + 1, site_code, 'gate-' || (n % 4 + 1), 'gate-' || (n % 4 + 1),
                           'out', true,
                           'exit', 1, at + interval '100 minutes', at + interval '100 minutes', false, false
                    FROM gen2 WHERE n % 10 < 7
                    """
                )
            )
        done = min(days, day0 + chunk)
        print(
            f"  generated {done}/{days} days ({done * per_day:,} tickets) "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    t = time.perf_counter()
    with engine.begin() as conn:
        rollups.rebuild(conn)
    print(f"  rollups rebuilt in {time.perf_counter() - t:.0f} s", flush=True)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    with engine.connect() as conn:
        tickets = int(conn.execute(text("SELECT count(*) FROM ticket")).scalar_one())
        scans = int(conn.execute(text("SELECT count(*) FROM scan")).scalar_one())
    return tickets, scans, time.perf_counter() - started


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def measure(url: str, last_day: date, repeat: int) -> dict[str, float]:
    engine = db.make_engine(url)
    slow_engine = db.make_engine(
        url,
        connect_args={
            "options": "-c enable_indexscan=off -c enable_bitmapscan=off -c enable_indexonlyscan=off"
        },
    )
    now = local_time_utc(last_day, "11:00", TZ)
    who = users.Principal("bench", "manager")
    fast = AdminBackend(engine, who, lang="en", clock=lambda: now)
    slow = AdminBackend(slow_engine, who, lang="en", clock=lambda: now)
    fast.dashboard()  # warm caches the same way for both
    dash, data = timed(fast.dashboard, repeat)
    print(f"  dashboard: {dash * 1000:.0f} ms", flush=True)
    dash_base, _ = timed(slow.dashboard, max(1, repeat // 3))
    # The last 12 complete calendar months before the last generated day.
    year_first = date(last_day.year - 1, last_day.month, 1)
    year_last = date(last_day.year, last_day.month, 1) - timedelta(days=1)
    week_first = year_last - timedelta(days=6)
    with db.session_scope(engine) as s:
        year_fast, year_rows = timed(lambda: site_month_totals(s, year_first, year_last, tz=TZ), repeat)
        print(f"  one-year report: {year_fast:.2f} s", flush=True)
        year_base, base_rows = timed(
            lambda: site_month_totals(s, year_first, year_last, tz=TZ, use_rollups=False), max(1, repeat // 3)
        )
        print(f"  one-year report from the base tables: {year_base:.2f} s", flush=True)
        assert year_rows == base_rows, "rollup and base-table reports differ"
        by = ["site", "day"]
        screen_fast, screen_rows = timed(lambda: report(s, year_first, year_last, by, tz=TZ), repeat)
        print(f"  Reports screen, a year by site and day: {screen_fast:.2f} s", flush=True)
        week_fast, week_rows = timed(lambda: report(s, week_first, year_last, by, tz=TZ), repeat)
        week_slow, week_base = timed(
            lambda: report(s, week_first, year_last, by, tz=TZ, use_rollups=False), 1
        )
        assert week_rows == week_base, "rollup and base-table stats.report differ"
    # The monthly tourism report (Circular 18): visits by site and residence join scans to tickets.
    month_last = year_last
    with db.session_scope(engine) as s:
        monthly_s, monthly = timed(
            lambda: monthly_report(s, month_last.year, month_last.month, tz=TZ, lang="en"), 1
        )
    print(f"  monthly tourism report: {monthly_s:.2f} s", flush=True)
    # Staff typing a damaged ticket's printed number (admin Orders screen, gate hand entry).
    with engine.connect() as conn:
        some_id = int(conn.execute(text("SELECT id FROM ticket ORDER BY id DESC LIMIT 1")).scalar_one())
    typed = short_ticket_number(some_id)
    with db.session_scope(engine) as s:
        lookup, found = timed(lambda: sales.tickets_by_number(s, typed), repeat)
    assert [t.id for t in found] == [some_id], "ticket-number lookup missed"  # type: ignore[attr-defined]
    with db.session_scope(slow_engine) as s:
        lookup_base, _ = timed(lambda: sales.tickets_by_number(s, typed), 1)
    print(f"  ticket-number lookup: {lookup * 1000:.1f} ms (no index: {lookup_base:.2f} s)", flush=True)
    t = time.perf_counter()
    with engine.connect() as conn:
        problems = rollups.check(conn)
    check_s = time.perf_counter() - t
    print(f"  rollups checked in {check_s:.0f} s: {len(problems)} differences", flush=True)
    engine.dispose()
    slow_engine.dispose()
    return {
        "dashboard_s": dash,
        "dashboard_noindex_s": dash_base,
        "year_report_s": year_fast,
        "year_base_s": year_base,
        "year_rows": float(len(year_rows)),  # type: ignore[arg-type]
        "screen_year_s": screen_fast,
        "screen_rows": float(len(screen_rows)),  # type: ignore[arg-type]
        "week_report_s": week_fast,
        "week_rowloop_s": week_slow,
        "check_s": check_s,
        "lookup_s": lookup,
        "monthly_s": monthly_s,
        "monthly_visits": float(monthly.total_visits),  # type: ignore[attr-defined]
        "monthly_label": float(month_last.year * 100 + month_last.month),
        "lookup_base_s": lookup_base,
        "differences": float(len(problems)),
        "sites": float(len(data.sites)),  # type: ignore[attr-defined]
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--per-day", type=int, default=8250)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--reuse", default="", help="measure an existing database (no generation)")
    parser.add_argument("--markdown", default="", help="append a '## Reports' section to this file")
    args = parser.parse_args()
    days = int(args.years * 365)
    first = date(2021, 1, 1)
    last_day = first + timedelta(days=days - 1)
    name = args.reuse or f"citadel_bench_{uuid.uuid4().hex[:8]}"
    if args.reuse:
        url = database_url(args.url, name)
        engine = db.make_engine(url)
        with engine.connect() as conn:
            tickets = int(conn.execute(text("SELECT count(*) FROM ticket")).scalar_one())
            scans = int(conn.execute(text("SELECT count(*) FROM scan")).scalar_one())
            first_at, last_at = conn.execute(text("SELECT min(scanned_at), max(scanned_at) FROM scan")).one()
        engine.dispose()
        last_day = last_at.astimezone(UTC).date()
        days = (last_day - first_at.astimezone(UTC).date()).days + 1
        gen_s = 0.0
    else:
        url = create_database(args.url, name)
        print(f"database {name}: generating {days} days x {args.per_day} orders/day", flush=True)
        engine = db.make_engine(url)
        tickets, scans, gen_s = generate(engine, first, days, args.per_day)
        engine.dispose()
    try:
        m = measure(url, last_day, args.repeat)
    finally:
        if not args.keep and not args.reuse:
            drop_database(args.url, name)
    lines = [
        f"Data: {tickets:,} tickets, {scans:,} scans, {days} days ({days / 365:.1f} years) on PostgreSQL"
        + (f", generated in {gen_s:.0f} s" if gen_s else ""),
        f"Dashboard refresh (12 sites, at 11:00 on the last day): {m['dashboard_s'] * 1000:.0f} ms median; "
        f"baseline without index scans {m['dashboard_noindex_s'] * 1000:.0f} ms; "
        f"ratio {m['dashboard_noindex_s'] / m['dashboard_s']:.1f}x (target <= 200 ms)",
        f"One-year report by site and month (12 months, {int(m['year_rows'])} rows) from the hourly rollups: "
        f"{m['year_report_s'] * 1000:.0f} ms median (target <= 2 s); the same report aggregated from the "
        f"scans and tickets: {m['year_base_s']:.2f} s; ratio {m['year_base_s'] / m['year_report_s']:.0f}x; "
        "results equal row for row",
        f"Reports screen (stats.report) for the same year by site and day ({int(m['screen_rows'])} rows): "
        f"{m['screen_year_s'] * 1000:.0f} ms; one week {m['week_report_s'] * 1000:.0f} ms against "
        f"{m['week_rowloop_s']:.2f} s row by row from the base tables "
        f"(ratio {m['week_rowloop_s'] / m['week_report_s']:.0f}x; a year of that extrapolated x52: "
        f"~{m['week_rowloop_s'] * 52:.0f} s)",
        f"Monthly tourism report for {int(m['monthly_label']) // 100}-{int(m['monthly_label']) % 100:02d} "
        f"({int(m['monthly_visits']):,} visits; by site and residence from visit_hour, tickets by "
        f"type from sale_hour): {m['monthly_s']:.2f} s",
        f"Ticket-number search (a printed short number, as staff type it): {m['lookup_s'] * 1000:.1f} ms "
        f"through ix_ticket_short_number; the same query without index scans {m['lookup_base_s']:.2f} s; "
        f"ratio {m['lookup_base_s'] / m['lookup_s']:.0f}x",
        f"Rollups exact at this size: shared.rollups.check recomputed every hourly bucket in "
        f"{m['check_s']:.0f} s and found {int(m['differences'])} differences",
    ]
    for line in lines:
        print(line)
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as fh:
            fh.write(
                "\n## Reports\n\n`bench/reports.py` (admin dashboard and one-year report; "
                "2 cores, PostgreSQL 15).\n\n"
            )
            for line in lines:
                fh.write(f"- {line}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
