"""Core layer (Qt-free): NGSI-LD entities (normalized form) for the city feed, built from the scans.

- ``CrowdFlowObserved`` per site, gate and 15-minute interval: persons in (towards) and out (away).
- ``PointOfInterest`` per site: live ``occupancy`` (a head count) against ``capacity``.
- ``TourismPresenceObserved`` per site, local hour and country of residence: admitted visitors.

Every entity carries its ``@context`` so the batch can go as ``application/ld+json``. The Smart Data
Models schemas describe the key-values form; :func:`to_key_values` gives that form (the tests validate it
against the official schemas). Unknown residence is reported as ``ZZ`` (ISO 3166 user-assigned
"unknown"), because the schema requires two capital letters. Only counts leave: no ticket, no order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from shared.models import Order, Scan, Site, Ticket
from shared.stats import flow, site_day

CORE_CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"
CONTEXTS = {
    "CrowdFlowObserved": "https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld",
    "PointOfInterest": "https://raw.githubusercontent.com/smart-data-models/dataModel.PointOfInterest/master/context.jsonld",
    "TourismPresenceObserved": "https://raw.githubusercontent.com/smart-data-models/dataModel.TourismDestinations/master/context.jsonld",
}
UNKNOWN_COUNTRY = "ZZ"
DATA_PROVIDER = "Citadel"


@dataclass(frozen=True, slots=True)
class Feed:
    """One entity to upsert plus the outbox idempotency key that identifies this observation."""

    key: str
    entity: dict[str, Any]


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M")


def _safe_id(text: str) -> str:
    # Entity ids must match the NGSI identifier pattern: keep word characters, dashes and dots.
    return "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in text) or "-"


def _prop(value: Any) -> dict[str, Any]:
    return {"type": "Property", "value": value}


def _dt(at: datetime) -> dict[str, Any]:
    return {"type": "Property", "value": {"@type": "DateTime", "@value": _iso(at)}}


def _location(site: Site) -> dict[str, Any]:
    lon, lat = site.longitude or 0.0, site.latitude or 0.0
    return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lon, lat]}}


def _context(kind: str) -> list[str]:
    return [CORE_CONTEXT, CONTEXTS[kind]]


def crowd_flow(session: Session, start: datetime, end: datetime, *, prefix: str = "citadel") -> list[Feed]:
    """One ``CrowdFlowObserved`` per site, gate and 15-minute interval with admitted scans in [start, end)."""
    sites = {s.code: s for s in session.exec(select(Site)).all()}
    cells: dict[tuple[datetime, str, str], dict[str, int]] = defaultdict(lambda: {"in": 0, "out": 0})
    for bucket in flow(session, start, end):
        cells[(bucket.start, bucket.site, bucket.gate)][bucket.direction] += bucket.persons
    out: list[Feed] = []
    for (at, site_code, gate), counts in sorted(cells.items()):
        site = sites.get(site_code)
        if site is None:
            continue
        stop = at + timedelta(minutes=15)
        eid = f"urn:ngsi-ld:CrowdFlowObserved:{prefix}:{_safe_id(site_code)}:{_safe_id(gate)}:{_stamp(at)}"
        entity = {
            "id": eid,
            "type": "CrowdFlowObserved",
            "name": _prop(f"{site.name('en')} {gate}"),
            "dateObserved": _prop(f"{_iso(at)}/{_iso(stop)}"),
            "dateObservedFrom": _dt(at),
            "dateObservedTo": _dt(stop),
            "peopleCount": _prop(counts["in"] + counts["out"]),
            "peopleCountTowards": _prop(counts["in"]),
            "peopleCountAway": _prop(counts["out"]),
            "location": _location(site),
            "dataProvider": _prop(DATA_PROVIDER),
            "@context": _context("CrowdFlowObserved"),
        }
        out.append(Feed(eid, entity))
    return out


def points_of_interest(session: Session, at: datetime, *, prefix: str = "citadel") -> list[Feed]:
    """One ``PointOfInterest`` per active site with its occupancy at ``at`` (a snapshot per 15 minutes)."""
    out: list[Feed] = []
    snap = at.astimezone(UTC).replace(minute=at.minute - at.minute % 15, second=0, microsecond=0)
    for site in session.exec(select(Site).where(col(Site.active)).order_by(col(Site.bit))).all():
        day = site_day(session, site, at)
        eid = f"urn:ngsi-ld:PointOfInterest:{prefix}:{_safe_id(site.code)}"
        entity = {
            "id": eid,
            "type": "PointOfInterest",
            "name": _prop(site.name("vi")),
            "alternateName": _prop(site.name("en")),
            "category": _prop(["heritage-site"]),
            "capacity": _prop(site.capacity),
            "occupancy": {"type": "Property", "value": day.occupancy, "observedAt": _iso(at)},
            "dateModified": _dt(at),
            "location": _location(site),
            "dataProvider": _prop(DATA_PROVIDER),
            "@context": _context("PointOfInterest"),
        }
        out.append(Feed(f"{eid}@{_stamp(snap)}", entity))
    return out


def tourism_presence(
    session: Session, start: datetime, end: datetime, *, prefix: str = "citadel"
) -> list[Feed]:
    """One ``TourismPresenceObserved`` per site, hour and country of residence (admitted entries)."""
    sites = {s.code: s for s in session.exec(select(Site)).all()}
    rows = session.execute(
        sa_select(col(Scan.scanned_at), col(Scan.site_code), col(Scan.persons), col(Order.country))
        .join(Ticket, col(Ticket.id) == col(Scan.ticket_id), isouter=True)
        .join(Order, col(Order.id) == col(Ticket.order_id), isouter=True)
        .where(
            col(Scan.admitted),
            col(Scan.direction) == "in",
            col(Scan.scanned_at) >= start,
            col(Scan.scanned_at) < end,
        )
    )
    acc: dict[tuple[datetime, str, str], int] = defaultdict(int)
    for at, site_code, persons, country in rows:
        hour = at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        code = (country or "").upper()
        acc[(hour, site_code, code if len(code) == 2 and code.isalpha() else UNKNOWN_COUNTRY)] += persons
    out: list[Feed] = []
    for (hour, site_code, country), persons in sorted(acc.items()):
        site = sites.get(site_code)
        if site is None:
            continue
        local_hour = hour.astimezone(ZoneInfo(site.timezone)).hour
        eid = (
            f"urn:ngsi-ld:TourismPresenceObserved:{prefix}:{_safe_id(site_code)}:{country}:"
            f"{hour.astimezone(UTC).strftime('%Y%m%dT%H')}"
        )
        entity = {
            "id": eid,
            "type": "TourismPresenceObserved",
            "dateObserved": _prop(_iso(hour + timedelta(minutes=30))),
            "hour": _prop(local_hour),
            "location": _location(site),
            "locationCode": _prop(site.code),
            "locationName": _prop(site.name("vi")),
            "nationality": _prop(country),
            "visitorCount": _prop(persons),
            "aggregationType": _prop("hourly_sum"),
            "dataProvider": _prop(DATA_PROVIDER),
            "@context": _context("TourismPresenceObserved"),
        }
        out.append(Feed(eid, entity))
    return out


def to_key_values(entity: dict[str, Any]) -> dict[str, Any]:
    """The key-values form of a normalized entity (what the Smart Data Models schemas describe)."""
    out: dict[str, Any] = {}
    for name, attr in entity.items():
        if name in ("id", "type") or not isinstance(attr, dict):
            out[name] = attr
            continue
        kind = attr.get("type")
        if kind == "Relationship":
            out[name] = attr.get("object")
        elif kind in ("Property", "GeoProperty"):
            value = attr.get("value")
            if isinstance(value, dict) and "@value" in value:
                value = value["@value"]
            out[name] = value
        else:
            out[name] = attr
    return out
