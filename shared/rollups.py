"""Core layer: hourly rollups of visits and sales, kept exact by database triggers.

``scan_hour`` holds admitted persons and scans per UTC hour, site, gate and direction; ``sale_hour`` holds
sold tickets, persons and revenue per UTC hour of payment, selling site, product, category and country.
Reports over months and years read these few hundred thousand rows instead of tens of millions of scans.

Exact by construction: the rollups are written only by row triggers in the database (created by
migration 0003), so every writer is covered - the gate's redemption, the sync worker applying uploads at
central, an admin void, a bulk load. A ticket's sale counts once its ticket, order line and paid order are
all present, whichever arrives last, and stops counting when any of them leaves the sold state or is
deleted; an update is the old contribution taken away and the new one added. ``check`` recomputes both
rollups from the base tables and lists any difference; ``rebuild`` recomputes them (used by the migration
for existing data and after bulk loads that switch triggers off).

Buckets are UTC hours, so a report in a time zone whose offset is a whole number of hours (Vietnam's
UTC+7 and every zone with Citadel sites today) can be cut at local midnights from them;
:func:`whole_hour_zone` tells, and the reports fall back to the base tables when it is not so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import Connection

from shared.models import OrderState

# Orders whose tickets count as sold; shared.sales.SOLD is the same set (a test holds them equal).
SOLD_STATES: tuple[str, ...] = tuple(
    sorted(
        s.value
        for s in (
            OrderState.PAID,
            OrderState.ISSUED,
            OrderState.PRINTED,
            OrderState.PRINT_FAILED,
            OrderState.REPRINTED,
        )
    )
)
_SOLD_SQL = "(" + ", ".join(f"'{s}'" for s in SOLD_STATES) + ")"

SCAN_KEY = ("hour", "site_code", "gate", "direction")
SCAN_SUMS = ("persons", "scans")
SALE_KEY = ("hour", "site_code", "product_id", "category_id", "country")
SALE_SUMS = ("tickets", "persons", "revenue")
VISIT_KEY = ("hour", "site_code", "gate", "direction", "product_id", "category_id", "country")
VISIT_SUMS = ("persons", "scans")


def hour_sql(dialect: str, expr: str) -> str:
    """SQL for the start of the UTC hour holding the timestamp ``expr``, as the column type stores it."""
    if dialect == "postgresql":
        return f"(date_trunc('hour', {expr} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')"
    # SQLite keeps UTC timestamps as 'YYYY-MM-DD HH:MM:SS.ffffff' text (shared.models.UTCDateTime).
    return f"(substr({expr}, 1, 13) || ':00:00.000000')"


def _sold(row: str) -> str:
    return f"({row}.state IN {_SOLD_SQL} AND {row}.paid_at IS NOT NULL)"


def _upsert(table: str, key: tuple[str, ...], sums: tuple[str, ...], select: str) -> str:
    add = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in sums)
    return (
        f"INSERT INTO {table} ({', '.join(key + sums)})\n{select}\n"
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {add}"
    )


def _scan_delta(d: str, row: str, sign: str) -> str:
    """Add (sign '') or take away (sign '-') one scan row's contribution."""
    return _upsert(
        "scan_hour",
        SCAN_KEY,
        SCAN_SUMS,
        f"SELECT {hour_sql(d, row + '.scanned_at')}, {row}.site_code, {row}.gate, {row}.direction, "
        f"{sign}{row}.persons, {sign}1 WHERE {row}.admitted",
    )


def _sale_cols(d: str, order: str, ticket: str, price: str, sign: str) -> str:
    return (
        f"SELECT {hour_sql(d, order + '.paid_at')}, coalesce({order}.site_code, ''), {ticket}.product_id, "
        f"{ticket}.category_id, coalesce({order}.country, ''), {sign}count(*), {sign}sum({ticket}.persons), "
        f"{sign}sum({ticket}.persons * {price}.unit_price)"
    )


_SALE_GROUP = "GROUP BY 1, 2, 3, 4, 5"


def _sale_upsert(d: str, names: tuple[str, str, str], sign: str, source: str) -> str:
    """Add or take away the sales that ``source`` (FROM ... WHERE ...) selects; ``names`` are the order,
    ticket and order-line rows or aliases it joins."""
    order, ticket, line = names
    return _upsert(
        "sale_hour",
        SALE_KEY,
        SALE_SUMS,
        f"{_sale_cols(d, order, ticket, line, sign)}\n{source} {_SALE_GROUP}",
    )


def _ticket_delta(d: str, row: str, sign: str) -> str:
    source = (
        f"FROM orders o JOIN order_line l ON l.id = {row}.order_line_id "
        f"WHERE o.id = {row}.order_id AND {_sold('o')}"
    )
    return _sale_upsert(d, ("o", row, "l"), sign, source)


def _order_delta(d: str, row: str, sign: str) -> str:
    source = (
        f"FROM ticket t JOIN order_line l ON l.id = t.order_line_id "
        f"WHERE t.order_id = {row}.id AND {_sold(row)}"
    )
    return _sale_upsert(d, (row, "t", "l"), sign, source)


def _line_delta(d: str, row: str, sign: str) -> str:
    source = (
        f"FROM ticket t JOIN orders o ON o.id = t.order_id WHERE t.order_line_id = {row}.id AND {_sold('o')}"
    )
    return _sale_upsert(d, ("o", "t", row), sign, source)


# -- visits by the ticket's product, category and residence --------------------------------------------
# A scan counts under its ticket's product and category and its order's country, or under 0, 0 and ''
# while its ticket or order is not (yet) there, exactly as the base-table report's outer joins count it.
# When a ticket or an order arrives, changes or goes, its scans move between those buckets.


def _visit_upsert(select: str) -> str:
    return _upsert("visit_hour", VISIT_KEY, VISIT_SUMS, select)


def _visit_scan_delta(d: str, row: str, sign: str) -> str:
    return _visit_upsert(
        f"SELECT {hour_sql(d, row + '.scanned_at')}, {row}.site_code, {row}.gate, {row}.direction, "
        "coalesce(t.product_id, 0), coalesce(t.category_id, 0), coalesce(o.country, ''), "
        f"{sign}{row}.persons, {sign}1\n"
        f"FROM (SELECT 1 AS one) AS one LEFT JOIN ticket t ON t.id = {row}.ticket_id "
        f"LEFT JOIN orders o ON o.id = t.order_id WHERE {row}.admitted"
    )


def _ticket_visits(d: str, row: str, known: bool, sign: str) -> str:
    """The scans of ticket ``row`` under its own product, category and order's country (``known``) or
    under the unknown bucket (0, 0, '')."""
    attrs = f"{row}.product_id, {row}.category_id, coalesce(o.country, '')" if known else "0, 0, ''"
    join = f"LEFT JOIN orders o ON o.id = {row}.order_id " if known else ""
    return _visit_upsert(
        f"SELECT {hour_sql(d, 's.scanned_at')}, s.site_code, s.gate, s.direction, {attrs}, "
        f"{sign}sum(s.persons), {sign}count(*)\n"
        f"FROM scan s {join}WHERE s.ticket_id = {row}.id AND s.admitted GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )


def _visit_ticket_delta(d: str, row: str, sign: str) -> str:
    if sign == "":  # the ticket arrives: its scans leave the unknown bucket for its own
        return f"{_ticket_visits(d, row, False, '-')};\n{_ticket_visits(d, row, True, '')}"
    return f"{_ticket_visits(d, row, True, '-')};\n{_ticket_visits(d, row, False, '')}"


def _order_visits(d: str, row: str, known: bool, sign: str) -> str:
    country = f"coalesce({row}.country, '')" if known else "''"
    return _visit_upsert(
        f"SELECT {hour_sql(d, 's.scanned_at')}, s.site_code, s.gate, s.direction, t.product_id, "
        f"t.category_id, {country}, {sign}sum(s.persons), {sign}count(*)\n"
        f"FROM ticket t JOIN scan s ON s.ticket_id = t.id WHERE t.order_id = {row}.id AND s.admitted "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )


def _visit_order_delta(d: str, row: str, sign: str) -> str:
    if sign == "":  # the order arrives, or its country changes
        return f"{_order_visits(d, row, False, '-')};\n{_order_visits(d, row, True, '')}"
    return f"{_order_visits(d, row, True, '-')};\n{_order_visits(d, row, False, '')}"


@dataclass(frozen=True, slots=True)
class _Watch:
    name: str  # of the trigger function and triggers
    table: str
    delta: Callable[[str, str, str], str]  # (dialect, row 'OLD'/'NEW', sign '' or '-') -> SQL
    columns: tuple[str, ...]  # an UPDATE of these may change the row's contribution
    changed: str = ""  # condition on OLD/NEW under which it does ('{ne}': null-safe <>); default: any column

    def update_condition(self, ne: str) -> str:
        cond = self.changed or " OR ".join(f"OLD.{c} {{ne}} NEW.{c}" for c in self.columns)
        return cond.replace("{ne}", ne)


# Migration 0003: visits per gate (scan_hour) and sales (sale_hour).
SCAN_SALE_WATCHES = (
    _Watch(
        "citadel_rollup_scan",
        "scan",
        _scan_delta,
        ("scanned_at", "site_code", "gate", "direction", "admitted", "persons"),
    ),
    _Watch(
        "citadel_rollup_ticket",
        "ticket",
        _ticket_delta,
        ("order_id", "order_line_id", "product_id", "category_id", "persons"),
    ),
    _Watch(
        "citadel_rollup_orders",
        "orders",
        _order_delta,
        ("id", "state", "paid_at", "site_code", "country"),
        # Moving between two sold states (paid -> issued -> printed) changes nothing.
        f"{_sold('OLD')} <> {_sold('NEW')} OR ({_sold('NEW')} AND ("
        + " OR ".join(f"OLD.{c} {{ne}} NEW.{c}" for c in ("id", "paid_at", "site_code", "country"))
        + "))",
    ),
    _Watch("citadel_rollup_order_line", "order_line", _line_delta, ("id", "unit_price")),
)
# Migration 0005: visits by the ticket's product, category and residence (visit_hour).
VISIT_WATCHES = (
    _Watch(
        "citadel_visit_scan",
        "scan",
        _visit_scan_delta,
        ("ticket_id", "scanned_at", "site_code", "gate", "direction", "admitted", "persons"),
    ),
    _Watch(
        "citadel_visit_ticket", "ticket", _visit_ticket_delta, ("id", "order_id", "product_id", "category_id")
    ),
    _Watch("citadel_visit_orders", "orders", _visit_order_delta, ("id", "country")),
)


def trigger_ddl(dialect: str, watches: tuple[_Watch, ...]) -> list[str]:
    """The statements that create the triggers of ``watches`` (SCAN_SALE_WATCHES: migration 0003;
    VISIT_WATCHES: migration 0005)."""
    out: list[str] = []
    for w in watches:
        delta = w.delta
        name = w.name
        cols = ", ".join(w.columns)
        if dialect == "postgresql":
            changed = w.update_condition("IS DISTINCT FROM")
            out.append(
                # SECURITY DEFINER: the rollups are the database's own bookkeeping. A device role that may
                # insert a scan or a ticket gets no grant on them, and the trigger still writes them.
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
                f"SET search_path = pg_catalog, public AS $$\nBEGIN\n"
                f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n    {delta(dialect, 'OLD', '-')};\n  END IF;\n"
                f"  IF TG_OP IN ('UPDATE', 'INSERT') THEN\n    {delta(dialect, 'NEW', '')};\n  END IF;\n"
                "  RETURN NULL;\nEND\n$$"
            )
            out.append(
                f"CREATE TRIGGER {name}_ins_del AFTER INSERT OR DELETE ON {w.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
            out.append(
                f"CREATE TRIGGER {name}_upd AFTER UPDATE OF {cols} ON {w.table} "
                f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {name}()"
            )
        else:
            changed = w.update_condition("IS NOT")
            minus, plus = delta(dialect, "OLD", "-"), delta(dialect, "NEW", "")
            out.append(f"CREATE TRIGGER {name}_ins AFTER INSERT ON {w.table} BEGIN\n{plus};\nEND")
            out.append(f"CREATE TRIGGER {name}_del AFTER DELETE ON {w.table} BEGIN\n{minus};\nEND")
            out.append(
                f"CREATE TRIGGER {name}_upd AFTER UPDATE OF {cols} ON {w.table} WHEN {changed} BEGIN\n"
                f"{minus};\n{plus};\nEND"
            )
    return out


def drop_trigger_ddl(dialect: str, watches: tuple[_Watch, ...]) -> list[str]:
    out: list[str] = []
    for w in watches:
        name = w.name
        if dialect == "postgresql":
            out += [
                f"DROP TRIGGER IF EXISTS {name}_ins_del ON {w.table}",
                f"DROP TRIGGER IF EXISTS {name}_upd ON {w.table}",
                f"DROP FUNCTION IF EXISTS {name}()",
            ]
        else:
            out += [f"DROP TRIGGER IF EXISTS {name}_{s}" for s in ("ins", "del", "upd")]
    return out


def _recompute_scan(d: str) -> str:
    return (
        f"SELECT {hour_sql(d, 's.scanned_at')}, s.site_code, s.gate, s.direction, sum(s.persons), count(*) "
        "FROM scan s WHERE s.admitted GROUP BY 1, 2, 3, 4"
    )


def _recompute_sale(d: str) -> str:
    return (
        f"{_sale_cols(d, 'o', 't', 'l', '')} FROM ticket t JOIN orders o ON o.id = t.order_id "
        f"JOIN order_line l ON l.id = t.order_line_id WHERE {_sold('o')} {_SALE_GROUP}"
    )


def _recompute_visit(d: str) -> str:
    return (
        f"SELECT {hour_sql(d, 's.scanned_at')}, s.site_code, s.gate, s.direction, coalesce(t.product_id, 0), "
        "coalesce(t.category_id, 0), coalesce(o.country, ''), sum(s.persons), count(*) "
        "FROM scan s LEFT JOIN ticket t ON t.id = s.ticket_id LEFT JOIN orders o ON o.id = t.order_id "
        "WHERE s.admitted GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )


def _rollups(d: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str]]:
    return [
        ("scan_hour", SCAN_KEY, SCAN_SUMS, _recompute_scan(d)),
        ("sale_hour", SALE_KEY, SALE_SUMS, _recompute_sale(d)),
        ("visit_hour", VISIT_KEY, VISIT_SUMS, _recompute_visit(d)),
    ]


def rebuild(conn: Connection, only: tuple[str, ...] = ()) -> None:
    """Recompute the rollups (or ``only`` those tables) from the base tables, in the caller's transaction."""
    for table, key, sums, query in _rollups(conn.dialect.name):
        if only and table not in only:
            continue
        conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text(f"INSERT INTO {table} ({', '.join(key + sums)}) {query}"))


def check(conn: Connection) -> list[str]:
    """Differences between the rollups and the base tables, one line each; empty when exact."""
    problems: list[str] = []
    for table, key, sums, query in _rollups(conn.dialect.name):
        want = {tuple(r[: len(key)]): tuple(int(x) for x in r[len(key) :]) for r in conn.execute(text(query))}
        have = {
            tuple(r[: len(key)]): tuple(int(x) for x in r[len(key) :])
            for r in conn.execute(text(f"SELECT {', '.join(key + sums)} FROM {table}"))
        }
        zero = (0,) * len(sums)
        for k in sorted(set(want) | set(have), key=str):
            if want.get(k, zero) != have.get(k, zero):
                where = dict(zip(key, k, strict=True))
                problems.append(
                    f"{table} {where}: has {have.get(k, zero)}, base tables give {want.get(k, zero)}"
                )
    return problems


def whole_hour_zone(tz: str, first: date, last: date) -> bool:
    """True when ``tz`` is a whole number of hours from UTC on every local midnight in [first, last + 1]."""
    zone = ZoneInfo(tz)
    day = first
    while day <= last + timedelta(days=1):
        offset = datetime(day.year, day.month, day.day, tzinfo=zone).utcoffset()
        if offset is None or offset.total_seconds() % 3600:
            return False
        day += timedelta(days=1)
    return True
