"""Core layer (Qt-free): the city feed. Builds NGSI-LD entities into the ``outbox`` (topic ``city``) and
pushes them as batch upserts to a context broker, with retry and exponential backoff.

Nothing is lost while the broker is down: an item leaves the backlog only after the broker accepted the
batch that carried it. Nothing is duplicated: each observation has one outbox key (enqueued once), and
a batch retried after a lost answer is a harmless upsert of the same entity ids.

Sinks (one small interface, two implementations):
- :class:`NgsiLdSink`: ``POST {url}/ngsi-ld/v1/entityOperations/upsert?options=update`` via httpx, with
  ``NGSILD-Tenant`` and an auth header (the secret comes from the environment, never from the TOML);
- :class:`FileSink`: a stand-in that appends each batch as one JSON line to a file a person can read.

Status (last push, backlog, last error) is :func:`status`; the last push and error live in the
``setting`` table under ``city.status``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from shared.city.ngsi import Feed, crowd_flow, points_of_interest, tourism_presence
from shared.errors import CitadelError
from shared.models import OutboxItem, Setting, utcnow
from shared.timeutil import bucket_15

TOPIC = "city"
STATUS_KEY = "city.status"
UPSERT_PATH = "/ngsi-ld/v1/entityOperations/upsert"
BACKOFF_BASE = timedelta(seconds=10)
BACKOFF_MAX = timedelta(minutes=15)


class CitySendError(Exception):
    """The broker refused the batch or could not be reached; the batch stays in the outbox."""


class Sink(Protocol):
    def send(self, entities: Sequence[dict[str, Any]]) -> None: ...


@dataclass(slots=True)
class NgsiLdSink:
    """The real sink: batch upsert to an NGSI-LD context broker (Orion-LD, Scorpio, Stellio ...)."""

    url: str
    tenant: str = ""
    auth_header: str = "Authorization"
    auth_value: str = ""
    timeout: float = 10.0
    transport: httpx.BaseTransport | None = None

    def send(self, entities: Sequence[dict[str, Any]]) -> None:
        headers = {"Content-Type": "application/ld+json", "Accept": "application/json"}
        if self.tenant:
            headers["NGSILD-Tenant"] = self.tenant
        if self.auth_value:
            headers[self.auth_header] = self.auth_value
        target = self.url.rstrip("/") + UPSERT_PATH
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                answer = client.post(
                    target, params={"options": "update"}, content=json.dumps(list(entities)), headers=headers
                )
        except httpx.HTTPError as exc:
            raise CitySendError(f"{type(exc).__name__}: {exc}"[:400]) from exc
        # 201 created / 204 all updated; 207 multi-status means some entities failed: retry the batch.
        if answer.status_code not in (200, 201, 204):
            raise CitySendError(f"HTTP {answer.status_code}: {answer.text[:300]}")


@dataclass(slots=True)
class FileSink:
    """Stand-in sink: appends each batch as one JSON line to ``path`` (for demos and offline sites)."""

    path: Path

    def send(self, entities: Sequence[dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(list(entities), ensure_ascii=False) + "\n")


def sink_from_config(city: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Sink:
    """Pick the sink from the ``[city]`` settings: ``url`` (NGSI-LD) or ``file`` (stand-in).

    The auth value is read from the environment variable named by ``auth_env`` (default
    ``CITADEL_CITY_AUTH``), so the secret never sits in the TOML."""
    env = os.environ if env is None else env
    if city.get("url"):
        return NgsiLdSink(
            url=str(city["url"]),
            tenant=str(city.get("tenant", "")),
            auth_header=str(city.get("auth_header", "Authorization")),
            auth_value=env.get(str(city.get("auth_env", "CITADEL_CITY_AUTH")), ""),
            timeout=float(city.get("timeout", 10.0)),
        )
    if city.get("file"):
        return FileSink(Path(str(city["file"])))
    raise CitadelError("city_not_configured", "set city.url (or city.file for the stand-in)")


def enqueue(session: Session, feeds: Sequence[Feed], now: datetime | None = None) -> int:
    """Put observations in the outbox unless their key is already there; returns how many were new."""
    if not feeds:
        return 0
    keys = [f.key for f in feeds]
    known: set[str] = set()
    for i in range(0, len(keys), 500):
        known.update(
            session.exec(
                select(OutboxItem.key).where(
                    OutboxItem.topic == TOPIC, col(OutboxItem.key).in_(keys[i : i + 500])
                )
            ).all()
        )
    added = 0
    for feed in feeds:
        if feed.key in known:
            continue
        known.add(feed.key)
        session.add(OutboxItem(topic=TOPIC, key=feed.key, payload=feed.entity, created_at=now or utcnow()))
        added += 1
    return added


def collect(session: Session, now: datetime | None = None, *, since: datetime | None = None) -> int:
    """Enqueue every completed 15-minute interval (flows) and hour (presence) since ``since`` (default:
    the last collected point, or 24 h ago), plus a PointOfInterest snapshot. Returns items added."""
    now = now or utcnow()
    state = session.get(Setting, "city.cursor")
    if since is None:
        since = (
            datetime.fromisoformat(state.value["until"]) if state is not None else now - timedelta(hours=24)
        )
    flow_end = bucket_15(now)  # only closed intervals, so a count never changes after it is sent
    hour_end = now.replace(minute=0, second=0, microsecond=0)
    flow_start = bucket_15(since)
    hour_start = since.replace(minute=0, second=0, microsecond=0)
    feeds = crowd_flow(session, flow_start, flow_end)
    feeds += tourism_presence(session, hour_start, hour_end)
    feeds += points_of_interest(session, now)
    added = enqueue(session, feeds, now)
    until = min(flow_end, hour_end)
    if state is None:
        session.add(Setting(key="city.cursor", value={"until": until.isoformat()}))
    else:
        state.value = {"until": until.isoformat()}
        session.add(state)
    return added


def backoff(attempts: int) -> timedelta:
    delay: timedelta = BACKOFF_BASE * (2 ** max(0, attempts - 1))
    return min(BACKOFF_MAX, delay)


@dataclass(frozen=True, slots=True)
class PushResult:
    sent: int
    failed: int
    backlog: int
    error: str | None


def _due(session: Session, now: datetime, limit: int) -> list[OutboxItem]:
    query = (
        select(OutboxItem)
        .where(
            OutboxItem.topic == TOPIC,
            col(OutboxItem.sent_at).is_(None),
            (col(OutboxItem.next_attempt_at).is_(None)) | (col(OutboxItem.next_attempt_at) <= now),
        )
        .order_by(col(OutboxItem.created_at), col(OutboxItem.id))
        .limit(limit * 4)
    )
    batch: list[OutboxItem] = []
    seen: set[str] = set()
    for item in session.exec(query).all():
        # One entity id per batch: a later PointOfInterest snapshot of the same site waits for the next one.
        eid = str(item.payload.get("id"))
        if eid in seen:
            continue
        seen.add(eid)
        batch.append(item)
        if len(batch) >= limit:
            break
    return batch


def _save_status(session: Session, now: datetime, *, ok: bool, error: str | None, sent: int) -> None:
    row = session.get(Setting, STATUS_KEY) or Setting(key=STATUS_KEY, value={})
    value = dict(row.value)
    if ok:
        value["last_push"] = now.isoformat()
        value["last_sent"] = sent
        value["failures"] = 0
        value.pop("retry_at", None)
    else:
        value["last_error"] = error
        value["last_error_at"] = now.isoformat()
        value["failures"] = int(value.get("failures", 0)) + 1
        value["retry_at"] = (now + backoff(value["failures"])).isoformat()
    row.value = value
    session.add(row)


def push(engine: Engine, sink: Sink, now: datetime | None = None, *, batch_size: int = 100) -> PushResult:
    """Send every due item in batches until the backlog is empty or a batch fails (then back off)."""
    sent = failed = 0
    error: str | None = None
    with Session(engine) as session:
        row = session.get(Setting, STATUS_KEY)
        raw_retry = row.value.get("retry_at") if row is not None else None
        if raw_retry and (now or utcnow()) < datetime.fromisoformat(raw_retry):
            # The broker failed recently: the whole feed waits out the backoff, not only that batch.
            return PushResult(0, 0, backlog(session), None)
    while True:
        at = now or utcnow()
        with Session(engine) as session:
            batch = _due(session, at, batch_size)
            if not batch:
                break
            try:
                sink.send([item.payload for item in batch])
            except CitySendError as exc:
                error = str(exc)
                for item in batch:
                    item.attempts += 1
                    item.next_attempt_at = at + backoff(item.attempts)
                    item.last_error = error[:500]
                    session.add(item)
                _save_status(session, at, ok=False, error=error, sent=0)
                session.commit()
                failed += len(batch)
                break
            for item in batch:
                item.attempts += 1
                item.sent_at = at
                item.last_error = None
                session.add(item)
            sent += len(batch)
            _save_status(session, at, ok=True, error=None, sent=len(batch))
            session.commit()
    with Session(engine) as session:
        remaining = backlog(session)
    return PushResult(sent, failed, remaining, error)


def backlog(session: Session) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(OutboxItem)
            .where(OutboxItem.topic == TOPIC, col(OutboxItem.sent_at).is_(None))
        ).one()
    )


@dataclass(frozen=True, slots=True)
class CityStatus:
    last_push: datetime | None
    backlog: int
    last_error: str | None
    last_error_at: datetime | None
    next_attempt_at: datetime | None

    @property
    def healthy(self) -> bool:
        return self.last_error is None or (
            self.last_push is not None
            and self.last_error_at is not None
            and self.last_push > self.last_error_at
        )


def status(session: Session) -> CityStatus:
    row = session.get(Setting, STATUS_KEY)
    value = row.value if row is not None else {}

    def when(key: str) -> datetime | None:
        raw = value.get(key)
        return datetime.fromisoformat(raw) if raw else None

    next_at = session.exec(
        select(OutboxItem.next_attempt_at)
        .where(OutboxItem.topic == TOPIC, col(OutboxItem.sent_at).is_(None))
        .where(col(OutboxItem.next_attempt_at).is_not(None))
        .order_by(col(OutboxItem.next_attempt_at))
        .limit(1)
    ).first()
    return CityStatus(
        when("last_push"), backlog(session), value.get("last_error"), when("last_error_at"), next_at
    )
