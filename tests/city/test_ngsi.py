"""NGSI-LD builders: every payload validates against the official Smart Data Models schemas (local $refs),
and the counts equal what the gates recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared import db
from shared.city import ngsi
from tests.city.support import REFERENCE, T0, make_visits, schema_validator, standard_visits


def test_reference_examples_validate_so_the_validator_is_real():
    import json

    for kind in ("CrowdFlowObserved", "PointOfInterest", "TourismPresenceObserved"):
        example = json.loads((REFERENCE / kind / "examples" / "example.json").read_text())
        validator = schema_validator(kind)
        validator.validate(example)
        broken = dict(example, type="SomethingElse")
        assert list(validator.iter_errors(broken)), kind


def test_crowd_flow_per_gate_and_interval(world):
    make_visits(world, standard_visits())
    with db.session_scope(world.engine) as s:
        feeds = ngsi.crowd_flow(s, T0, T0 + timedelta(hours=3))
    validator = schema_validator("CrowdFlowObserved")
    for f in feeds:
        validator.validate(ngsi.to_key_values(f.entity))
        assert f.entity["@context"][0] == ngsi.CORE_CONTEXT
    by_id = {f.key: ngsi.to_key_values(f.entity) for f in feeds}
    assert len(by_id) == len(feeds)
    gate1 = [e for k, e in by_id.items() if ":imperial-city:gate-1:" in k]
    # 3 persons of order 1 entered at +5 min; the refunded order's person entered at +80 min.
    assert sorted(e["peopleCountTowards"] for e in gate1) == [1, 3]
    gate2 = [e for k, e in by_id.items() if ":imperial-city:gate-2:" in k]
    assert sum(e["peopleCountAway"] for e in gate2) == 3
    assert sum(e["peopleCountTowards"] for e in gate2) == 1
    for e in by_id.values():
        assert e["peopleCount"] == e["peopleCountTowards"] + e["peopleCountAway"]
        assert e["dateObserved"] == f"{e['dateObservedFrom']}/{e['dateObservedTo']}"


def test_point_of_interest_occupancy_and_capacity(world):
    make_visits(world, standard_visits())
    at = T0 + timedelta(minutes=90)
    with db.session_scope(world.engine) as s:
        feeds = ngsi.points_of_interest(s, at)
    validator = schema_validator("PointOfInterest")
    entities = {}
    for f in feeds:
        validator.validate(ngsi.to_key_values(f.entity))
        kv = ngsi.to_key_values(f.entity)
        entities[kv["id"].rsplit(":", 1)[1]] = kv
    assert len(entities) == 12
    # Imperial City: 3 + 1 + 1 in, 3 out -> 2 inside; Minh Mang: 1 inside.
    assert entities["imperial-city"]["occupancy"] == 2
    assert entities["minh-mang"]["occupancy"] == 1
    assert entities["imperial-city"]["capacity"] > 0
    assert entities["imperial-city"]["location"]["type"] == "Point"


def test_tourism_presence_per_site_hour_country(world):
    make_visits(world, standard_visits())
    with db.session_scope(world.engine) as s:
        feeds = ngsi.tourism_presence(s, T0, T0 + timedelta(hours=3))
    validator = schema_validator("TourismPresenceObserved")
    rows = []
    for f in feeds:
        kv = ngsi.to_key_values(f.entity)
        validator.validate(kv)
        rows.append((kv["locationCode"], kv["hour"], kv["nationality"], kv["visitorCount"]))
    # Hue is UTC+7: T0 is 10:00 local.
    assert ("imperial-city", 10, "VN", 3) in rows
    assert ("imperial-city", 10, "FR", 1) in rows
    assert ("imperial-city", 11, "US", 1) in rows
    assert ("minh-mang", 11, "ZZ", 1) in rows
    assert len(rows) == 4


@pytest.mark.parametrize("kind", ["CrowdFlowObserved", "PointOfInterest", "TourismPresenceObserved"])
def test_no_personal_data_in_payloads(world, kind):
    visits = make_visits(world, standard_visits())
    with db.session_scope(world.engine) as s:
        feeds = (
            ngsi.crowd_flow(s, T0, T0 + timedelta(hours=3))
            + ngsi.points_of_interest(s, T0 + timedelta(hours=1))
            + ngsi.tourism_presence(s, T0, T0 + timedelta(hours=3))
        )
    import json

    text = json.dumps([f.entity for f in feeds if f.entity["type"] == kind])
    assert text
    for v in visits:
        assert v.order_id not in text
        for tid in v.ticket_ids:
            assert str(tid) not in text
