"""The hourly rollups (scan_hour, sale_hour) stay equal to the base tables whatever writes them, and the
reports read from them give the same figures as the reports read from scans and tickets.

Runs on SQLite and on PostgreSQL (the triggers are written per dialect)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlmodel import select

from shared import db, rollups, sales, stats
from shared.city.monthly import site_month_totals
from shared.models import Scan, Ticket, new_uuid7
from shared.redemption import redeem
from shared.timeutil import local_time_utc

TZ = "Asia/Ho_Chi_Minh"
DAYS = [date(2026, 10, 30), date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 2)]
REPORT_DIMS = [
    ["site"],
    ["site", "day"],
    ["gate", "hour"],
    ["day", "hour", "site", "gate"],
    ["product"],
    ["category", "residence"],
    ["site", "country"],
    ["site", "product", "day"],
    ["gate", "product", "country"],
    ["hour", "residence", "category", "site"],
]


def _check(engine) -> list[str]:
    with engine.connect() as conn:
        return rollups.check(conn)


def _busy_days(world, seed: int = 7) -> list[str]:
    """Sales over four days across a month end at several local hours, and entry and exit scans at
    several gates and sites, some refused (a second entry on a single-entry ticket)."""
    rng = random.Random(seed)
    order_ids: list[str] = []
    scans: list[tuple[str, str, str, str, datetime]] = []
    for i in range(24):
        product = rng.choice(["imperial-city", "tu-duc", "combo-3"])
        country = rng.choice(["VN", "VN", "KR", "FR", None])
        day = DAYS[i % len(DAYS)]
        paid = local_time_utc(day, f"{rng.randint(6, 15):02d}:{rng.randint(0, 59):02d}", TZ)
        lines = [sales.CartLine(product, "adult", rng.randint(1, 3))]
        if rng.random() < 0.5:
            lines.append(sales.CartLine(product, "child", 1))
        with db.session_scope(world.engine) as s:
            order = sales.create_order(
                s,
                lines,
                device_id="kiosk-1",
                site_code="imperial-city",
                country=country,
                group_ticket=i % 5 == 0,
            )
            order_id = order.id
            sales.reserve(s, order_id, now=paid)
            sales.start_payment(s, order_id, "demo")
            sales.mark_paid(s, order_id, "demo-ref", now=paid)
            tokens = [t.token for t in sales.issue_tickets(s, order_id, world.signer, now=paid)]
        order_ids.append(order_id)
        site = "imperial-city" if product != "tu-duc" else "tu-duc"
        for token in tokens:
            at = paid + timedelta(minutes=rng.randint(5, 50))
            scans.append((token, site, f"gate-{rng.randint(1, 3)}", "in", at))
            scans.append((token, site, "gate-1", "in", at + timedelta(minutes=1)))  # refused: used
            if rng.random() < 0.7:
                scans.append((token, site, "exit-1", "out", at + timedelta(minutes=rng.randint(30, 200))))
    with db.session_scope(world.engine) as s:
        for token, site, gate, direction, at in scans:
            redeem(s, world.keyring, token, world.sites[site], gate, direction, at, new_uuid7())
    return order_ids


def _reports(session, first: date, last: date, use_rollups: bool) -> dict[str, object]:
    out: dict[str, object] = {
        "month": site_month_totals(session, first, last, tz=TZ, use_rollups=use_rollups)
    }
    for by in REPORT_DIMS:
        out["/".join(by)] = stats.report(session, first, last, by, tz=TZ, use_rollups=use_rollups)
    return out


def test_sold_states_are_those_of_the_sales_state_machine() -> None:
    assert set(rollups.SOLD_STATES) == {s.value for s in sales.SOLD}


def test_rollups_follow_sales_scans_refunds_and_edits(world) -> None:
    order_ids = _busy_days(world)
    assert _check(world.engine) == []
    with db.session_scope(world.engine) as s:
        admitted = s.exec(select(Scan).where(Scan.admitted)).all()
        refused = s.exec(select(Scan).where(Scan.admitted == False)).all()  # noqa: E712
        assert len(admitted) > 40 and len(refused) > 20  # the day really has both
        fast = _reports(s, DAYS[0], DAYS[-1], use_rollups=True)
        slow = _reports(s, DAYS[0], DAYS[-1], use_rollups=False)
    assert fast == slow
    assert sum(r["entries"] for r in fast["month"]) == sum(a.persons for a in admitted if a.direction == "in")
    assert {r["month"] for r in fast["month"]} == {"2026-10", "2026-11"}

    # A refund and a void leave the sold states; a revocation does not change what was sold.
    with db.session_scope(world.engine) as s:
        sales.refund(s, order_ids[0], actor="test")
        sales.void(s, order_ids[1], actor="test")
        ticket = s.exec(select(Ticket).where(Ticket.order_id == order_ids[2])).first()
        sales.revoke_ticket(s, ticket.id, actor="test")
    # Edits of every kind a writer could make, straight in SQL (as a sync upsert or an operator would).
    with world.engine.begin() as conn:
        conn.execute(text("UPDATE orders SET country = 'JP' WHERE id = :id"), {"id": order_ids[3]})
        conn.execute(text("UPDATE orders SET site_code = 'tu-duc' WHERE id = :id"), {"id": order_ids[4]})
        conn.execute(
            text("UPDATE order_line SET unit_price = unit_price + 1000 WHERE order_id = :id"),
            {"id": order_ids[5]},
        )
        conn.execute(
            text("UPDATE ticket SET persons = persons + 1 WHERE order_id = :id"), {"id": order_ids[6]}
        )
        nonce = conn.execute(
            text("SELECT nonce FROM scan WHERE admitted ORDER BY nonce LIMIT 1")
        ).scalar_one()
        conn.execute(text("UPDATE scan SET gate = 'gate-9', persons = 4 WHERE nonce = :n"), {"n": nonce})
        nonce = conn.execute(
            text("SELECT nonce FROM scan WHERE NOT admitted ORDER BY nonce LIMIT 1")
        ).scalar_one()
        conn.execute(text("UPDATE scan SET admitted = true WHERE nonce = :n"), {"n": nonce})
        conn.execute(text("UPDATE scan SET conflict = true"))  # not a rollup column: no trigger work
        conn.execute(
            text("DELETE FROM scan WHERE ticket_id IN (SELECT id FROM ticket WHERE order_id = :id)"),
            {"id": order_ids[7]},
        )
        conn.execute(text("DELETE FROM ticket WHERE order_id = :id"), {"id": order_ids[7]})
        # A paid order moved back out of the sold states and in again, on another day.
        conn.execute(text("UPDATE orders SET state = 'paying' WHERE id = :id"), {"id": order_ids[8]})
        conn.execute(
            text("UPDATE orders SET state = 'printed', paid_at = :at WHERE id = :id"),
            {"id": order_ids[8], "at": datetime(2026, 11, 2, 3, 30, tzinfo=UTC)},
        )
    assert _check(world.engine) == []
    # A ticket that goes while its scans stay (as at central before a kiosk's upload arrives): its scans
    # count under the unknown product; when it comes back they move to its own again.
    with world.engine.begin() as conn:
        row = (
            conn.execute(text("SELECT * FROM ticket WHERE order_id = :id"), {"id": order_ids[9]})
            .mappings()
            .first()
        )
        conn.execute(text("DELETE FROM ticket WHERE id = :id"), {"id": row["id"]})
    assert _check(world.engine) == []
    with db.session_scope(world.engine) as s:
        unknown = stats.report(s, DAYS[0], DAYS[-1], ["product"], tz=TZ)
        assert any(r["product"] == "?" and r["entries"] > 0 for r in unknown)
        assert unknown == stats.report(s, DAYS[0], DAYS[-1], ["product"], tz=TZ, use_rollups=False)
    with world.engine.begin() as conn:
        names = list(row.keys())
        conn.execute(
            text(f"INSERT INTO ticket ({', '.join(names)}) VALUES ({', '.join(':' + k for k in names)})"),
            dict(row),
        )
        conn.execute(
            text(
                "UPDATE scan SET ticket_id = NULL WHERE nonce = (SELECT min(nonce) FROM scan WHERE admitted)"
            )
        )
    assert _check(world.engine) == []
    with db.session_scope(world.engine) as s:
        fast = _reports(s, DAYS[0], DAYS[-1], use_rollups=True)
        slow = _reports(s, DAYS[0], DAYS[-1], use_rollups=False)
        assert fast == slow
        # One day inside the range cuts the hourly buckets at local midnight (UTC 17:00).
        assert _reports(s, DAYS[1], DAYS[1], True) == _reports(s, DAYS[1], DAYS[1], False)


def test_check_finds_a_damaged_rollup_and_rebuild_repairs_it(world) -> None:
    _busy_days(world, seed=11)
    with world.engine.begin() as conn:
        conn.execute(text("UPDATE scan_hour SET persons = persons + 1 WHERE direction = 'in'"))
        conn.execute(text("DELETE FROM sale_hour WHERE country = 'VN'"))
    problems = _check(world.engine)
    assert any(p.startswith("scan_hour") for p in problems)
    assert any(p.startswith("sale_hour") and "'VN'" in p for p in problems)
    with world.engine.begin() as conn:
        rollups.rebuild(conn)
    assert _check(world.engine) == []


def test_zones_off_the_whole_hour_read_the_base_tables(world) -> None:
    _busy_days(world, seed=3)
    assert rollups.whole_hour_zone(TZ, DAYS[0], DAYS[-1])
    assert not rollups.whole_hour_zone("Asia/Kolkata", DAYS[0], DAYS[-1])  # UTC+5:30
    assert not rollups.whole_hour_zone("Australia/Adelaide", date(2026, 1, 1), date(2026, 12, 31))
    with db.session_scope(world.engine) as s:
        kolkata = stats.report(s, DAYS[0], DAYS[-1], ["site", "day", "hour"], tz="Asia/Kolkata")
        raw = stats.report(
            s, DAYS[0], DAYS[-1], ["site", "day", "hour"], tz="Asia/Kolkata", use_rollups=False
        )
        assert kolkata == raw and sum(r["entries"] for r in kolkata) > 0
        # The same visits whatever the zone; only their local day and hour differ.
        hue = stats.report(s, DAYS[0], DAYS[-1], ["site", "day", "hour"], tz=TZ)
        assert sum(r["entries"] for r in hue) == sum(r["entries"] for r in kolkata)
