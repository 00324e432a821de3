"""The city feed over HTTP: batch upserts with tenant and auth headers to a local receiver, retry with
backoff through the outbox, and a receiver that is down for a while: nothing lost, nothing duplicated."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import select

from shared import db
from shared.city import feed, ngsi
from shared.errors import CitadelError
from shared.models import OutboxItem
from tests.city.receiver import Receiver
from tests.city.support import T0, make_visits, schema_validator, standard_visits

NOW = T0 + timedelta(hours=3)


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


def sink_for(receiver: Receiver) -> feed.NgsiLdSink:
    return feed.NgsiLdSink(
        url=receiver.url, tenant="hue", auth_header="Authorization", auth_value=receiver.token
    )


def collect(world, now=NOW, since=T0 - timedelta(hours=1)) -> int:
    with db.session_scope(world.engine) as s:
        return feed.collect(s, now, since=since)


def test_batch_upsert_reaches_the_broker_with_headers(world, receiver):
    make_visits(world, standard_visits())
    added = collect(world)
    assert added > 12
    result = feed.push(world.engine, sink_for(receiver), NOW, batch_size=10)
    assert result.sent == added and result.backlog == 0 and result.error is None
    first = receiver.requests[0]
    assert first["path"] == "/ngsi-ld/v1/entityOperations/upsert"
    assert first["query"] == {"options": ["update"]}
    assert first["headers"]["NGSILD-Tenant"] == "hue"
    assert first["headers"]["Content-Type"] == "application/ld+json"
    kinds = Counter(e["type"] for e in receiver.entities.values())
    assert set(kinds) == {"CrowdFlowObserved", "PointOfInterest", "TourismPresenceObserved"}
    assert kinds["PointOfInterest"] == 12
    for entity in receiver.entities.values():
        schema_validator(entity["type"]).validate(ngsi.to_key_values(entity))
    with db.session_scope(world.engine) as s:
        st = feed.status(s)
    assert st.last_push == NOW and st.backlog == 0 and st.last_error is None


def test_collect_twice_enqueues_each_observation_once(world):
    make_visits(world, standard_visits())
    first = collect(world)
    again = collect(world)
    assert first > 0 and again == 0
    with db.session_scope(world.engine) as s:
        keys = s.exec(select(OutboxItem.key).where(OutboxItem.topic == "city")).all()
    assert len(keys) == len(set(keys)) == first


def test_receiver_down_for_a_while_nothing_lost_nothing_duplicated(world, receiver):
    make_visits(world, standard_visits())
    port = int(receiver.url.rsplit(":", 1)[1])
    added = collect(world)
    receiver.stop()  # broker gone: connection refused
    sink = sink_for(receiver)
    down = feed.push(world.engine, sink, NOW, batch_size=7)
    assert down.sent == 0 and down.failed == 7 and down.backlog == added
    assert "ConnectError" in (down.error or "")
    with db.session_scope(world.engine) as s:
        st = feed.status(s)
        assert st.backlog == added and st.last_error and st.last_push is None
        assert st.next_attempt_at == NOW + feed.BACKOFF_BASE
    # Before the backoff is over nothing is tried again, even though the batch is still pending.
    early = feed.push(world.engine, sink, NOW + timedelta(seconds=5), batch_size=7)
    assert early.failed == 0 and early.sent == 0 and early.backlog == added

    # Up again on the same port, but unhealthy (503): still kept, attempts counted, backoff grows.
    back = Receiver(port=port, token=receiver.token).start()
    try:
        back.mode = "maintenance"
        more = feed.push(world.engine, sink, NOW + timedelta(seconds=11), batch_size=7)
        assert more.sent == 0 and "503" in (more.error or "")
        with db.session_scope(world.engine) as s:
            failed_twice = s.exec(select(OutboxItem).where(OutboxItem.attempts == 2)).all()
        assert len(failed_twice) == 7
        assert all(i.next_attempt_at == NOW + timedelta(seconds=11) + feed.backoff(2) for i in failed_twice)
        # New observations keep arriving while the broker is unhealthy.
        later = NOW + timedelta(minutes=30)
        added += collect(world, now=later, since=NOW)
        back.mode = "up"
        done = feed.push(world.engine, sink, later + timedelta(hours=1), batch_size=7)
        assert done.backlog == 0 and done.error is None
        assert done.sent == added
        # Nothing duplicated: every outbox item delivered exactly once; nothing lost: all of them.
        with db.session_scope(world.engine) as s:
            items = s.exec(select(OutboxItem).where(OutboxItem.topic == "city")).all()
            assert all(i.sent_at is not None for i in items)
            st = feed.status(s)
            assert st.healthy and st.backlog == 0
        expected = Counter(json.dumps(i.payload, sort_keys=True) for i in items)
        assert len(back.accepted) == len(items)
        assert all(n == 1 for n in expected.values())
        flows = [i for i in back.accepted if ":CrowdFlowObserved:" in i]
        assert len(flows) == len(set(flows))
    finally:
        back.stop()


def test_wrong_token_is_an_error_and_kept(world, receiver):
    make_visits(world, standard_visits()[:1])
    added = collect(world)
    bad = feed.NgsiLdSink(url=receiver.url, auth_value="Bearer wrong")
    result = feed.push(world.engine, bad, NOW)
    assert result.sent == 0 and "401" in (result.error or "") and result.backlog == added


def test_file_sink_stand_in_and_config(world, tmp_path):
    make_visits(world, standard_visits()[:1])
    added = collect(world)
    sink = feed.sink_from_config({"file": str(tmp_path / "city.jsonl")})
    assert isinstance(sink, feed.FileSink)
    assert feed.push(world.engine, sink, NOW).sent == added
    lines = (tmp_path / "city.jsonl").read_text().splitlines()
    assert sum(len(json.loads(line)) for line in lines) == added
    real = feed.sink_from_config(
        {"url": "http://127.0.0.1:1", "tenant": "t", "auth_env": "CITY_TOKEN"}, env={"CITY_TOKEN": "Bearer x"}
    )
    assert isinstance(real, feed.NgsiLdSink) and real.auth_value == "Bearer x"
    with pytest.raises(CitadelError) as err:
        feed.sink_from_config({})
    assert err.value.code == "city_not_configured"
    assert "city" in err.value.message("vi").lower() or "thành phố" in err.value.message("vi")


def test_cli_push_status_and_monthly(world, tmp_path, monkeypatch, db_url):
    from typer.testing import CliRunner

    from shared.city.cli import app

    make_visits(world, standard_visits())
    out_file = tmp_path / "city.jsonl"
    config = tmp_path / "admin.toml"
    config.write_text(f'database_url = "{db_url}"\nlanguage = "vi"\n[city]\nfile = "{out_file}"\n')
    monkeypatch.setenv("CITADEL_CONFIG", str(config))
    runner = CliRunner()
    pushed = runner.invoke(app, ["push"])
    assert pushed.exit_code == 0, pushed.output
    assert out_file.exists() and "backlog 0" in pushed.output
    st = runner.invoke(app, ["status"])
    assert "backlog: 0" in st.output
    monthly = runner.invoke(app, ["monthly", "2026", "10", "--out", str(tmp_path)])
    assert monthly.exit_code == 0, monthly.output
    assert (tmp_path / "tourism-2026-10.pdf").exists() and "2026-11-20" in monthly.output
