"""Core layer: redemption at a gate. ``redeem`` checks a scanned code in ARCHITECTURE.md's order and
records the scan; every refusal carries a code:

1. format (``malformed``)  2. signature and key (``bad_signature``, ``unknown_key``, ``key_revoked``)
3. revocation list (``revoked``)  4. dates (``not_yet_valid``, ``expired``)  5. site (``wrong_site``)
6. time slot with tolerance (``outside_slot``)  7. entries used here (``already_used``)

It is idempotent on the nonce: the same nonce returns the first verdict and records nothing new.
An exit scan refuses only malformed or forged codes and never blocks someone leaving.
The admission itself is one conditional UPDATE on ``ticket_use``, so two gates scanning one ticket at
the same moment against one database admit it exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from shared.errors import CitadelError
from shared.i18n import tr
from shared.models import Direction, Revocation, Scan, Site, TicketUse, utcnow
from shared.timeutil import local_date, local_midnight_utc
from shared.tokens import KeyRing, TicketClaims, verify

FORGERY_CODES = frozenset({"malformed", "bad_signature", "unknown_key"})
# Refusals whose message can say when the ticket is good for (Verdict.extra, see when_valid).
WHEN_CODES = frozenset({"not_yet_valid", "expired", "outside_slot"})


@dataclass(frozen=True, slots=True)
class SiteInfo:
    code: str
    bit: int
    timezone: str


@dataclass(frozen=True, slots=True)
class Policy:
    slot_before: timedelta = timedelta(minutes=15)
    slot_after: timedelta = timedelta(minutes=30)

    @classmethod
    def from_minutes(cls, before: int, after: int) -> Policy:
        """The tolerance around a time slot, from configuration (``slot_tolerance_*_min``)."""
        return cls(timedelta(minutes=before), timedelta(minutes=after))


@dataclass(frozen=True)
class Verdict:
    admitted: bool
    code: str
    direction: str
    site_code: str
    gate: str
    nonce: str
    scanned_at: datetime
    ticket_id: int | None = None
    persons: int = 0
    product: int | None = None
    category: int | None = None
    previous_at: datetime | None = None
    previous_gate: str | None = None
    replay: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en", tz: str = "Asia/Ho_Chi_Minh") -> str:
        """The reason in ``lang``, e.g. "Already used at 09:14, Gate 2". A date or slot refusal also
        says when the ticket is good for (``extra``), so staff can tell the visitor when to come back:
        "Outside its time slot 19:00-20:00: entry from 18:45 to 20:30"."""
        params: dict[str, Any] = {"persons": self.persons, "gate": self.previous_gate or ""}
        if self.previous_at is not None:
            from zoneinfo import ZoneInfo

            params["time"] = self.previous_at.astimezone(ZoneInfo(tz)).strftime("%H:%M")
        if self.extra and self.code in WHEN_CODES:
            return tr(f"verdict.{self.code}.when", lang, **params, **self.extra)
        return tr(f"verdict.{self.code}", lang, **params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "admitted": self.admitted,
            "code": self.code,
            "direction": self.direction,
            "site": self.site_code,
            "gate": self.gate,
            "nonce": self.nonce,
            "scanned_at": self.scanned_at.isoformat(),
            "ticket": self.ticket_id,
            "persons": self.persons,
            "replay": self.replay,
            "previous_at": self.previous_at.isoformat() if self.previous_at else None,
            "previous_gate": self.previous_gate,
        }


def load_sites(session: Session) -> dict[str, SiteInfo]:
    return {s.code: SiteInfo(s.code, s.bit, s.timezone) for s in session.exec(select(Site)).all()}


def when_valid(claims: TicketClaims, site: SiteInfo, code: str, policy: Policy) -> dict[str, str]:
    """For a date or slot refusal: the dates or times the ticket is good for, in the site's local time,
    as message parameters (``date``; or ``start``, ``end``, ``enter_from``, ``enter_until``)."""
    from zoneinfo import ZoneInfo

    if code == "not_yet_valid":
        return {"date": claims.valid_from.strftime("%d/%m/%Y")}
    if code == "expired":
        return {"date": claims.valid_until.strftime("%d/%m/%Y")}
    if code == "outside_slot" and claims.slot_start_minute is not None:
        zone = ZoneInfo(site.timezone)
        start = local_midnight_utc(claims.valid_from, site.timezone) + timedelta(
            minutes=claims.slot_start_minute
        )
        end = start + timedelta(minutes=claims.slot_minutes)
        return {
            "start": start.astimezone(zone).strftime("%H:%M"),
            "end": end.astimezone(zone).strftime("%H:%M"),
            "enter_from": (start - policy.slot_before).astimezone(zone).strftime("%H:%M"),
            "enter_until": (end + policy.slot_after).astimezone(zone).strftime("%H:%M"),
        }
    return {}


def check_claims(claims: TicketClaims, site: SiteInfo, at: datetime, policy: Policy) -> str | None:
    """Steps 4-6 (dates, site, slot): the refusal code, or None when they pass."""
    today = local_date(at, site.timezone)
    if today < claims.valid_from:
        return "not_yet_valid"
    if today > claims.valid_until:
        return "expired"
    if not claims.admits_site(site.bit):
        return "wrong_site"
    if claims.slot_start_minute is not None:
        start = local_midnight_utc(claims.valid_from, site.timezone) + timedelta(
            minutes=claims.slot_start_minute
        )
        end = start + timedelta(minutes=claims.slot_minutes)
        if not start - policy.slot_before <= at <= end + policy.slot_after:
            return "outside_slot"
    return None


def _ensure_use_row(session: Session, ticket_id: int, site_code: str) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(TicketUse).values(ticket_id=ticket_id, site_code=site_code, entries=0, inside=False)
    session.exec(stmt.on_conflict_do_nothing())


def _verdict_from_scan(scan: Scan) -> Verdict:
    return Verdict(
        admitted=scan.admitted,
        code=scan.code,
        direction=scan.direction,
        site_code=scan.site_code,
        gate=scan.gate,
        nonce=scan.nonce,
        scanned_at=scan.scanned_at,
        ticket_id=scan.ticket_id,
        persons=scan.persons,
        replay=True,
    )


def redeem(
    session: Session,
    keyring: KeyRing,
    untrusted_text: str,
    site: SiteInfo,
    gate: str,
    direction: str | Direction,
    at: datetime,
    nonce: str,
    *,
    device_id: str | None = None,
    offline: bool = False,
    policy: Policy | None = None,
    dry_run: bool = False,
) -> Verdict:
    """Check one scanned code and record the scan (unless ``dry_run``). The caller commits."""
    policy = policy or Policy()
    direction = Direction(direction)
    if not dry_run:
        earlier = session.get(Scan, nonce)
        if earlier is not None:
            return _verdict_from_scan(earlier)
    base: dict[str, Any] = {
        "direction": direction.value,
        "site_code": site.code,
        "gate": gate,
        "nonce": nonce,
        "scanned_at": at,
    }
    claims: TicketClaims | None = None
    code: str | None = None
    try:
        claims = verify(untrusted_text, keyring)
    except CitadelError as exc:
        code = exc.code
    verdict: Verdict
    if claims is None:
        assert code is not None
        verdict = Verdict(admitted=False, code=code, **base)
    elif direction is Direction.EXIT:
        # Exits are counted, never blocked: a revoked or expired ticket still lets its holder leave.
        verdict = Verdict(
            admitted=True,
            code="exit",
            ticket_id=claims.ticket_id,
            persons=claims.persons,
            product=claims.product,
            category=claims.category,
            **base,
        )
        if not dry_run:
            _ensure_use_row(session, claims.ticket_id, site.code)
            session.exec(
                update(TicketUse)
                .where(
                    col(TicketUse.ticket_id) == claims.ticket_id,
                    col(TicketUse.site_code) == site.code,
                )
                .values(inside=False)
            )
    else:
        verdict = _admit(session, claims, site, gate, at, policy, base, dry_run)
    if not dry_run:
        session.add(
            Scan(
                nonce=nonce,
                ticket_id=verdict.ticket_id,
                site_code=site.code,
                gate=gate,
                device_id=device_id,
                direction=direction.value,
                admitted=verdict.admitted,
                code=verdict.code,
                persons=verdict.persons if verdict.admitted else 0,
                scanned_at=at,
                received_at=utcnow(),
                offline=offline,
            )
        )
        try:
            session.flush()
        except IntegrityError:
            # The same nonce arrived twice at once (a retried upload): the first one's verdict stands.
            session.rollback()
            earlier = session.get(Scan, nonce)
            if earlier is None:
                raise
            return _verdict_from_scan(earlier)
    return verdict


def _admit(
    session: Session,
    claims: TicketClaims,
    site: SiteInfo,
    gate: str,
    at: datetime,
    policy: Policy,
    base: dict[str, Any],
    dry_run: bool,
) -> Verdict:
    ticket: dict[str, Any] = {
        "ticket_id": claims.ticket_id,
        "product": claims.product,
        "category": claims.category,
    }
    if session.get(Revocation, claims.ticket_id) is not None:
        return Verdict(admitted=False, code="revoked", **ticket, **base)
    refusal = check_claims(claims, site, at, policy)
    if refusal is not None:
        when = when_valid(claims, site, refusal, policy)
        return Verdict(admitted=False, code=refusal, extra=when, **ticket, **base)
    allowed = max(1, claims.entries_per_site)
    if dry_run:
        use = session.get(TicketUse, (claims.ticket_id, site.code))
        used = use.entries if use else 0
        if use is not None and claims.reentry and used >= 1 and not use.inside:
            return Verdict(admitted=True, code="reentry", persons=claims.persons, **ticket, **base)
        if used < allowed:
            return Verdict(admitted=True, code="admitted", persons=claims.persons, **ticket, **base)
        return Verdict(
            admitted=False,
            code="already_used",
            previous_at=use.last_at if use else None,
            previous_gate=use.last_gate if use else None,
            **ticket,
            **base,
        )
    if claims.reentry:
        # Re-entry after an exit scan does not use up another entry.
        res = session.exec(
            update(TicketUse)
            .where(
                col(TicketUse.ticket_id) == claims.ticket_id,
                col(TicketUse.site_code) == site.code,
                col(TicketUse.entries) >= 1,
                col(TicketUse.inside).is_(False),
            )
            .values(inside=True, last_at=at, last_gate=gate)
        )
        if res.rowcount == 1:
            return Verdict(admitted=True, code="reentry", persons=claims.persons, **ticket, **base)
    # One statement takes the entry: a first visit inserts the row; later ones update it only while
    # entries remain. PostgreSQL locks the conflicting row and re-checks the WHERE; SQLite runs it under
    # BEGIN IMMEDIATE. Either way two gates cannot both take the last entry.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(TicketUse).values(
        ticket_id=claims.ticket_id, site_code=site.code, entries=1, inside=True, last_at=at, last_gate=gate
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["ticket_id", "site_code"],
        set_={"entries": TicketUse.entries + 1, "inside": True, "last_at": at, "last_gate": gate},
        where=col(TicketUse.entries) < allowed,
    )
    taken = session.exec(stmt.returning(col(TicketUse.entries))).first()
    if taken is not None:
        return Verdict(admitted=True, code="admitted", persons=claims.persons, **ticket, **base)
    session.expire_all()
    use = session.get(TicketUse, (claims.ticket_id, site.code))
    return Verdict(
        admitted=False,
        code="already_used",
        previous_at=use.last_at if use else None,
        previous_gate=use.last_gate if use else None,
        **ticket,
        **base,
    )
