"""Helpers for the city, export and admin tests: real sales and real gate scans at chosen times."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from shared import db, redemption, sales
from shared.models import new_uuid7

REFERENCE = Path("/work/shared/reference/smart-data-models")
COMMON_URL = "https://smart-data-models.github.io/data-models/common-schema.json"
# 10:00 in Hue on a weekday in October (inside opening hours, in a closed past month).
T0 = datetime(2026, 10, 15, 3, 0, tzinfo=UTC)


@dataclass
class Visit:
    """One order and what its tickets did at the gates."""

    product: str
    adult: int = 1
    child: int = 0
    country: str | None = None
    site: str = "imperial-city"
    gate: str = "gate-1"
    enter_after: timedelta = timedelta(minutes=5)
    exit_gate: str | None = None
    exit_after: timedelta = timedelta(minutes=50)
    refund: bool = False
    order_id: str = ""
    ticket_ids: list[int] = field(default_factory=list)


def make_visits(world, visits: list[Visit], at: datetime = T0) -> list[Visit]:
    """Sell each visit's order at ``at`` (paid, issued), then scan its tickets in (and out)."""
    for v in visits:
        lines = [sales.CartLine(v.product, c, n) for c, n in (("adult", v.adult), ("child", v.child)) if n]
        with db.session_scope(world.engine) as s:
            order = sales.create_order(
                s, lines, device_id="kiosk-1", site_code=v.site, country=v.country, now=at
            )
            sales.reserve(s, order.id, now=at)
            sales.start_payment(s, order.id, "demo")
            sales.mark_paid(s, order.id, f"demo-{order.id}", now=at)
            tickets = sales.issue_tickets(s, order.id, world.signer, now=at)
            v.order_id = order.id
            v.ticket_ids = [t.id for t in tickets]
            tokens = [t.token for t in tickets]
        for token in tokens:
            with db.session_scope(world.engine) as s:
                verdict = redemption.redeem(
                    s,
                    world.keyring,
                    token,
                    world.sites[v.site],
                    v.gate,
                    "in",
                    at + v.enter_after,
                    new_uuid7(),
                )
                assert verdict.admitted, verdict.code
            if v.exit_gate:
                with db.session_scope(world.engine) as s:
                    redemption.redeem(
                        s,
                        world.keyring,
                        token,
                        world.sites[v.site],
                        v.exit_gate,
                        "out",
                        at + v.exit_after,
                        new_uuid7(),
                    )
        if v.refund:
            with db.session_scope(world.engine) as s:
                sales.refund(s, v.order_id, actor="test", reason="test")
    return visits


def standard_visits() -> list[Visit]:
    return [
        Visit("imperial-city", adult=2, child=1, country="VN", exit_gate="gate-2"),
        Visit("imperial-city", adult=1, country="FR", gate="gate-2", enter_after=timedelta(minutes=20)),
        Visit("minh-mang", adult=1, site="minh-mang", enter_after=timedelta(minutes=70)),
        Visit("imperial-city", adult=1, country="US", refund=True, enter_after=timedelta(minutes=80)),
    ]


def schema_validator(kind: str) -> Draft202012Validator:
    """The official Smart Data Models schema of ``kind`` with every $ref resolved from the local copy."""
    common = json.loads((REFERENCE / "common-schema.json").read_text())
    schema = json.loads((REFERENCE / kind / "schema.json").read_text())
    registry: Registry = Registry().with_resources(
        [
            (COMMON_URL, Resource.from_contents(common, default_specification=_draft())),
            (schema["$id"], Resource.from_contents(schema, default_specification=_draft())),
        ]
    )

    def refuse(uri: str):  # never fetch over the network
        raise LookupError(f"unresolved $ref {uri}")

    registry = Registry(retrieve=refuse).with_resources(registry.items())  # type: ignore[arg-type]
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def _draft():
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012
