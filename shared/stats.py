"""Core layer: statistics. Visitor flow (entries, exits, occupancy per site in 15-minute buckets, per
gate and direction) and sales (by product, category, country, day, hour, site).

Occupancy = entries - exits since opening, counted in persons; it resets at closing time (the
"auto check-out"), so anyone not scanned out is counted out when the site closes.
Figures are computed from the scans and tickets themselves, so they are exact by construction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from shared import rollups
from shared.models import (
    Category,
    Order,
    OrderLine,
    Product,
    SaleHour,
    Scan,
    ScanHour,
    Site,
    Ticket,
    VisitHour,
)
from shared.sales import SOLD
from shared.timeutil import bucket_15, day_bounds_utc, local_date, local_time_utc

DOMESTIC_COUNTRY = "VN"
VISIT_ROLLUP_DIMENSIONS = frozenset({"site", "gate", "day", "hour"})  # intrinsic to a scan
VISIT_DIMENSIONS = ("site", "gate", "day", "hour", "product", "category", "residence", "country")
SALES_DIMENSIONS = ("site", "day", "hour", "product", "category", "residence", "country")


@dataclass(frozen=True, slots=True)
class FlowBucket:
    start: datetime
    site: str
    gate: str
    direction: str
    persons: int
    scans: int


def flow(session: Session, start: datetime, end: datetime, site: str | None = None) -> list[FlowBucket]:
    """Admitted scans in [start, end) per 15-minute bucket, site, gate and direction."""
    query = sa_select(
        col(Scan.scanned_at), col(Scan.site_code), col(Scan.gate), col(Scan.direction), col(Scan.persons)
    ).where(col(Scan.admitted), col(Scan.scanned_at) >= start, col(Scan.scanned_at) < end)
    if site is not None:
        query = query.where(col(Scan.site_code) == site)
    acc: dict[tuple[datetime, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for at, site_code, gate, direction, persons in session.execute(query):
        cell = acc[(bucket_15(at), site_code, gate, direction)]
        cell[0] += persons
        cell[1] += 1
    return [FlowBucket(k[0], k[1], k[2], k[3], v[0], v[1]) for k, v in sorted(acc.items())]


@dataclass(frozen=True, slots=True)
class SiteDay:
    site: str
    entries: int
    exits: int
    occupancy: int
    capacity: int

    @property
    def load(self) -> float:
        return self.occupancy / self.capacity if self.capacity else 0.0

    @property
    def warning(self) -> bool:
        return self.capacity > 0 and self.load >= 0.8


def site_day(session: Session, site: Site, at: datetime) -> SiteDay:
    """Today's entries and exits (persons) at ``site`` up to ``at``, and the occupancy then."""
    day = local_date(at, site.timezone)
    opens = local_time_utc(day, site.opens, site.timezone)
    closes = local_time_utc(day, site.closes, site.timezone)
    start, _ = day_bounds_utc(day, site.timezone)
    rows = session.exec(
        select(Scan.direction, func.coalesce(func.sum(Scan.persons), 0))
        .where(
            Scan.site_code == site.code,
            col(Scan.admitted),
            col(Scan.scanned_at) >= start,
            col(Scan.scanned_at) <= at,
        )
        .group_by(Scan.direction)
    ).all()
    totals = {d: int(n) for d, n in rows}
    entries, exits = totals.get("in", 0), totals.get("out", 0)
    if at >= closes or at < opens - timedelta(hours=2):
        occupancy = 0  # auto check-out at closing time
    else:
        occupancy = max(0, entries - exits)
    return SiteDay(site.code, entries, exits, occupancy, site.capacity)


def sites_today(session: Session, at: datetime) -> list[SiteDay]:
    return [site_day(session, s, at) for s in session.exec(select(Site).order_by(col(Site.bit))).all()]


def residence(country: str | None) -> str:
    if not country:
        return "unknown"
    return "domestic" if country.upper() == DOMESTIC_COUNTRY else "international"


_ROLLUP_COLUMN = {"site": "site_code", "gate": "gate", "product": "product_id", "category": "category_id"}


def _rollup_columns(by: list[str]) -> list[str]:
    """The rollup columns that ``by`` needs (residence and country both need ``country``)."""
    return list(dict.fromkeys(_ROLLUP_COLUMN.get(d, "country") for d in by if d not in ("day", "hour")))


def _rollup_values(
    got: dict[str, Any],
    hour: datetime,
    zone: ZoneInfo,
    products: dict[int | None, str],
    categories: dict[int | None, str],
) -> dict[str, Any]:
    local = hour.astimezone(zone)
    return {
        "site": got.get("site_code", ""),
        "gate": got.get("gate", ""),
        "day": local.date().isoformat(),
        "hour": local.hour,
        "product": products.get(got.get("product_id"), "?"),
        "category": categories.get(got.get("category_id"), "?"),
        "residence": residence(got.get("country")),
        "country": got.get("country", ""),
    }


def _from_rollups(
    session: Session,
    acc: dict[tuple[Any, ...], dict[str, int]],
    by: list[str],
    span: tuple[datetime, datetime],
    zone: ZoneInfo,
    names_of: tuple[dict[int | None, str], dict[int | None, str]],
) -> None:
    """Visits from ``scan_hour`` (by site, gate, day, hour) or ``visit_hour`` (the same and the ticket's
    product, category, residence or country); sales from ``sale_hour`` (a sale has no gate: grouped by
    gate, it is under '')."""
    start, end = span
    products, categories = names_of
    table: Any = ScanHour if set(by) <= VISIT_ROLLUP_DIMENSIONS else VisitHour
    names = _rollup_columns(by)
    cols = [col(table.hour), col(table.direction), *(getattr(table, n) for n in names)]
    visits = (
        sa_select(*cols, func.sum(table.persons))
        .where(col(table.hour) >= start, col(table.hour) < end)
        .group_by(*cols)
        .having(func.sum(table.scans) != 0)  # buckets emptied by a later edit or deletion
    )
    for hour, direction, *rest in session.execute(visits):
        values = _rollup_values(dict(zip(names, rest[:-1], strict=True)), hour, zone, products, categories)
        acc[_key(by, values)]["entries" if direction == "in" else "exits"] += int(rest[-1])

    names = [n for n in names if n != "gate"]
    cols = [col(SaleHour.hour), *(getattr(SaleHour, n) for n in names)]
    sales = (
        sa_select(*cols, func.sum(SaleHour.tickets), func.sum(SaleHour.persons), func.sum(SaleHour.revenue))
        .where(col(SaleHour.hour) >= start, col(SaleHour.hour) < end)
        .group_by(*cols)
        .having(func.sum(SaleHour.tickets) != 0)
    )
    for hour, *rest in session.execute(sales):
        got = dict(zip(names, rest[: len(names)], strict=True))
        tickets, persons, revenue = rest[len(names) :]
        cell = acc[_key(by, _rollup_values(got, hour, zone, products, categories))]
        cell["tickets"] += int(tickets)
        cell["persons_sold"] += int(persons)
        cell["revenue"] += int(revenue)


def _from_base_tables(
    session: Session,
    acc: dict[tuple[Any, ...], dict[str, int]],
    by: list[str],
    span: tuple[datetime, datetime],
    zone: ZoneInfo,
    names_of: tuple[dict[int | None, str], dict[int | None, str]],
) -> None:
    """The same figures from the scans joined to their tickets and orders, and the sold tickets."""
    start, end = span
    products, categories = names_of
    scans = session.execute(
        sa_select(
            col(Scan.scanned_at),
            col(Scan.direction),
            col(Scan.persons),
            col(Scan.site_code),
            col(Scan.gate),
            col(Ticket.product_id),
            col(Ticket.category_id),
            col(Order.country),
        )
        .join(Ticket, col(Ticket.id) == col(Scan.ticket_id), isouter=True)
        .join(Order, col(Order.id) == col(Ticket.order_id), isouter=True)
        .where(col(Scan.admitted), col(Scan.scanned_at) >= start, col(Scan.scanned_at) < end)
    )
    keys = ("site_code", "gate", "product_id", "category_id", "country")
    for at, direction, persons, *rest in scans:
        got = dict(zip(keys, rest, strict=True))
        got["country"] = got["country"] or ""
        values = _rollup_values(got, at, zone, products, categories)
        acc[_key(by, values)]["entries" if direction == "in" else "exits"] += persons

    # One query with the line's price joined in: no id list, so no bind-parameter limit on big ranges.
    sold = session.execute(
        sa_select(
            col(Order.paid_at),
            col(Ticket.persons),
            col(OrderLine.unit_price),
            col(Order.site_code),
            col(Ticket.product_id),
            col(Ticket.category_id),
            col(Order.country),
        )
        .join(Ticket, col(Ticket.order_id) == col(Order.id))
        .join(OrderLine, col(OrderLine.id) == col(Ticket.order_line_id))
        .where(
            col(Order.state).in_([s.value for s in SOLD]),
            col(Order.paid_at) >= start,
            col(Order.paid_at) < end,
        )
    )
    sale_keys = ("site_code", "product_id", "category_id", "country")
    for paid_at, persons, unit_price, *rest in sold:
        got = dict(zip(sale_keys, rest, strict=True))
        got["site_code"], got["country"] = got["site_code"] or "", got["country"] or ""
        cell = acc[_key(by, _rollup_values(got, paid_at, zone, products, categories))]
        cell["tickets"] += 1
        cell["persons_sold"] += persons
        cell["revenue"] += unit_price * persons


def _key(dims: Iterable[str], values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values[d] for d in dims)


def report(
    session: Session,
    start_day: date,
    end_day: date,
    by: list[str],
    *,
    tz: str = "Asia/Ho_Chi_Minh",
    use_rollups: bool = True,
) -> list[dict[str, Any]]:
    """Visits and sales for local days [start_day, end_day], grouped by ``by``.

    Visits are admitted entry scans (persons) at the site scanned; sales are tickets of paid orders,
    attributed to the site where they were sold. Each row has the dimension values plus
    ``entries``, ``exits``, ``tickets``, ``persons_sold`` and ``revenue``.

    Sales and visits come from the hourly rollups (:mod:`shared.rollups`) when ``tz`` is a whole number
    of hours from UTC, and otherwise from the scans joined to their tickets. Both give the same figures;
    ``use_rollups=False`` reads only the base tables.
    """
    unknown = [d for d in by if d not in VISIT_DIMENSIONS]
    if unknown:
        from shared.errors import CitadelError

        raise CitadelError(
            "bad_dimension",
            f"cannot group by {unknown}; choose from {VISIT_DIMENSIONS}",
            dims=", ".join(unknown),
            allowed=", ".join(VISIT_DIMENSIONS),
        )
    start, _ = day_bounds_utc(start_day, tz)
    _, end = day_bounds_utc(end_day, tz)
    zone = ZoneInfo(tz)
    products = {p.id: p.code for p in session.exec(select(Product)).all()}
    categories = {c.id: c.code for c in session.exec(select(Category)).all()}
    acc: dict[tuple[Any, ...], dict[str, int]] = defaultdict(
        lambda: {"entries": 0, "exits": 0, "tickets": 0, "persons_sold": 0, "revenue": 0}
    )

    if use_rollups and rollups.whole_hour_zone(tz, start_day, end_day):
        _from_rollups(session, acc, by, (start, end), zone, (products, categories))
    else:
        _from_base_tables(session, acc, by, (start, end), zone, (products, categories))
    rows = [dict(zip(by, k, strict=True)) | v for k, v in acc.items()]
    rows.sort(key=lambda r: tuple(str(r[d]) for d in by))
    return rows
