"""Core layer (Qt-free): the monthly report to the tourism authority (Circular 18/2021/TT-BVHTTDL).

Due by the 20th of the following month. It holds, for one calendar month in the sites' timezone:
visits per site split domestic / international (by country of residence, IRTS 2008), tickets by ticket
type, and revenue. Figures come from :func:`shared.stats.report`, so they equal the database's. The
report is written as XLSX and PDF through :mod:`shared.reports_export`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from shared.models import Product, Site
from shared.reports_export import Column, Progress, ReportTable, write_pdf, write_xlsx
from shared.stats import report

TEXT = {
    "title": {
        "en": "Monthly tourism report {month:02d}/{year} (Circular 18/2021/TT-BVHTTDL)",
        "vi": "Báo cáo thống kê du lịch tháng {month:02d}/{year} (Thông tư 18/2021/TT-BVHTTDL)",
    },
    "due": {"en": "Due by {due}", "vi": "Hạn nộp: {due}"},
    "visits": {"en": "Visits per site", "vi": "Lượt khách theo điểm di tích"},
    "types": {"en": "Tickets by ticket type", "vi": "Vé bán theo loại vé"},
    "site": {"en": "Site", "vi": "Điểm di tích"},
    "domestic": {"en": "Domestic", "vi": "Khách nội địa"},
    "international": {"en": "International", "vi": "Khách quốc tế"},
    "unknown": {"en": "Residence not given", "vi": "Không rõ nơi cư trú"},
    "visits_total": {"en": "Total visits", "vi": "Tổng lượt khách"},
    "product": {"en": "Ticket type", "vi": "Loại vé"},
    "tickets": {"en": "Tickets", "vi": "Số vé"},
    "persons": {"en": "Persons", "vi": "Số khách"},
    "revenue": {"en": "Revenue ({currency})", "vi": "Doanh thu ({currency})"},
}


def _t(key: str, lang: str, **params: Any) -> str:
    text = TEXT[key].get(lang) or TEXT[key]["en"]
    return text.format(**params)


def due_date(year: int, month: int) -> date:
    """The 20th of the month after (year, month)."""
    return date(year + 1, 1, 20) if month == 12 else date(year, month + 1, 20)


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    year: int
    month: int
    due: date
    visits: list[dict[str, Any]]  # site, name, domestic, international, unknown, total
    types: list[dict[str, Any]]  # product, name, tickets, persons, revenue
    currency: str

    @property
    def total_visits(self) -> int:
        return sum(int(r["total"]) for r in self.visits)

    @property
    def total_revenue(self) -> int:
        return sum(int(r["revenue"]) for r in self.types)

    def tables(self, lang: str = "vi") -> list[ReportTable]:
        title = _t("title", lang, month=self.month, year=self.year)
        sub = _t("due", lang, due=self.due.strftime("%d/%m/%Y"))
        visits = ReportTable(
            f"{title}",
            [
                Column("name", _t("site", lang)),
                Column("domestic", _t("domestic", lang), "int"),
                Column("international", _t("international", lang), "int"),
                Column("unknown", _t("unknown", lang), "int"),
                Column("total", _t("visits_total", lang), "int"),
            ],
            self.visits,
            currency=self.currency,
            subtitle=f"{_t('visits', lang)}. {sub}",
            chart_value="total",
        )
        types = ReportTable(
            _t("types", lang),
            [
                Column("name", _t("product", lang)),
                Column("tickets", _t("tickets", lang), "int"),
                Column("persons", _t("persons", lang), "int"),
                Column("revenue", _t("revenue", lang, currency=self.currency), "money"),
            ],
            self.types,
            currency=self.currency,
            chart_value="revenue",
        )
        return [visits, types]


def monthly_report(
    session: Session,
    year: int,
    month: int,
    *,
    tz: str = "Asia/Ho_Chi_Minh",
    lang: str = "vi",
    currency: str = "VND",
) -> MonthlyReport:
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    sites = {s.code: s for s in session.exec(select(Site)).all()}
    products = {p.code: p for p in session.exec(select(Product)).all()}
    visits: dict[str, dict[str, Any]] = {}
    for code, site in sorted(sites.items(), key=lambda kv: kv[1].bit):
        visits[code] = {
            "site": code,
            "name": site.name(lang),
            "domestic": 0,
            "international": 0,
            "unknown": 0,
            "total": 0,
        }
    for row in report(session, first, last, ["site", "residence"], tz=tz):
        if not row["entries"] or not row["site"]:
            continue
        cell = visits.setdefault(
            row["site"],
            {
                "site": row["site"],
                "name": row["site"],
                "domestic": 0,
                "international": 0,
                "unknown": 0,
                "total": 0,
            },
        )
        cell[row["residence"]] += row["entries"]
        cell["total"] += row["entries"]
    types: list[dict[str, Any]] = []
    for row in report(session, first, last, ["product"], tz=tz):
        if not row["tickets"]:
            continue
        product = products.get(row["product"])
        types.append(
            {
                "product": row["product"],
                "name": product.name(lang) if product else row["product"],
                "tickets": row["tickets"],
                "persons": row["persons_sold"],
                "revenue": row["revenue"],
            }
        )
    return MonthlyReport(year, month, due_date(year, month), list(visits.values()), types, currency)


def write_monthly(
    folder: Path, monthly: MonthlyReport, *, lang: str = "vi", progress: Progress | None = None
) -> tuple[Path, Path]:
    """Write ``tourism-YYYY-MM.xlsx`` and ``.pdf`` into ``folder``; returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"tourism-{monthly.year}-{monthly.month:02d}"
    tables = monthly.tables(lang)
    xlsx = write_xlsx(folder / f"{stem}.xlsx", tables, lang=lang, progress=progress)
    pdf = write_pdf(folder / f"{stem}.pdf", tables, lang=lang, progress=progress)
    return xlsx, pdf


def _month_starts(first: date, last: date) -> list[date]:
    out, day = [], date(first.year, first.month, 1)
    while day <= last:
        out.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def site_month_totals(
    session: Session, first: date, last: date, *, tz: str = "Asia/Ho_Chi_Minh", use_rollups: bool = True
) -> list[dict[str, Any]]:
    """Entries and exits (persons) per site and local calendar month, plus revenue per selling site.

    Revenue is that of the tickets sold (persons x unit price, as :func:`shared.stats.report` counts it).
    Read from the hourly rollups (:mod:`shared.rollups`) when ``tz`` is a whole number of hours from UTC,
    otherwise (or with ``use_rollups=False``) from the scans and tickets themselves; both are exact and
    aggregated in the database. PostgreSQL buckets by ``timezone(tz, ...)`` in one GROUP BY; other
    databases run one GROUP BY per month between local midnights converted to UTC.
    """
    from sqlalchemy import ColumnElement, Select, func
    from sqlalchemy import select as sa_select
    from sqlmodel import col

    from shared import rollups
    from shared.models import Order, OrderLine, SaleHour, Scan, ScanHour, Ticket
    from shared.sales import SOLD
    from shared.timeutil import local_midnight_utc

    rows: dict[tuple[str, str], dict[str, Any]] = {}

    def cell(site: str, month: str) -> dict[str, Any]:
        return rows.setdefault(
            (site, month), {"site": site, "month": month, "entries": 0, "exits": 0, "revenue": 0}
        )

    rollup = use_rollups and rollups.whole_hour_zone(tz, first, last)
    v_at, v_site, v_dir, v_n = (
        (col(ScanHour.hour), col(ScanHour.site_code), col(ScanHour.direction), col(ScanHour.persons))
        if rollup
        else (col(Scan.scanned_at), col(Scan.site_code), col(Scan.direction), col(Scan.persons))
    )
    s_at, s_site, s_n = (
        (col(SaleHour.hour), col(SaleHour.site_code), col(SaleHour.revenue))
        if rollup
        else (col(Order.paid_at), col(Order.site_code), col(Ticket.persons) * col(OrderLine.unit_price))
    )

    def visits(*columns: Any) -> Select[Any]:
        query = sa_select(*columns)
        return query if rollup else query.where(col(Scan.admitted))

    def sales(*columns: Any) -> Select[Any]:
        query = sa_select(*columns)
        if rollup:
            return query
        return (
            query.select_from(Ticket)
            .join(Order, col(Order.id) == col(Ticket.order_id))
            .join(OrderLine, col(OrderLine.id) == col(Ticket.order_line_id))
            .where(col(Order.state).in_([x.value for x in SOLD]))
        )

    def month(at: Any) -> list[ColumnElement[Any]]:
        # date_trunc is much cheaper per row than to_char; the label is made from the few result rows.
        return [func.date_trunc("month", func.timezone(tz, at))] if by_month else []

    def add(lo: datetime, hi: datetime, label: str = "") -> None:
        """Sum visits and sales in [lo, hi): per SQL month bucket when ``by_month``, else under ``label``."""
        v_month, s_month = month(v_at), month(s_at)  # one object each: PostgreSQL matches GROUP BY to it
        vq = visits(v_site, v_dir, func.sum(v_n), *v_month).where(v_at >= lo, v_at < hi)
        vq = vq.group_by(v_site, v_dir, *v_month)
        if rollup:  # leave out buckets emptied by a later edit or deletion, as the base tables do
            vq = vq.having(func.sum(ScanHour.scans) != 0)
        for site_code, direction, persons, *bucket in session.execute(vq):
            key = f"{bucket[0]:%Y-%m}" if bucket else label
            cell(site_code or "", key)["entries" if direction == "in" else "exits"] += int(persons or 0)
        sq = sales(s_site, func.sum(s_n), *s_month).where(s_at >= lo, s_at < hi)
        sq = sq.group_by(s_site, *s_month)
        if rollup:
            sq = sq.having(func.sum(SaleHour.tickets) != 0)
        for site_code, revenue, *bucket in session.execute(sq):
            key = f"{bucket[0]:%Y-%m}" if bucket else label
            cell(site_code or "", key)["revenue"] += int(revenue or 0)

    by_month = session.get_bind().dialect.name == "postgresql"
    if by_month:
        add(local_midnight_utc(first, tz), local_midnight_utc(last + date.resolution, tz))
    else:
        for start in _month_starts(first, last):
            stop = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
            lo = local_midnight_utc(max(start, first), tz)
            hi = local_midnight_utc(min(stop, last + date.resolution), tz)
            add(lo, hi, f"{start.year}-{start.month:02d}")
    return sorted(rows.values(), key=lambda r: (r["month"], r["site"]))
