"""Redemption: every refusal code in order, re-entry, groups, exits, nonces, refunds, concurrency."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from shared import db, keys, redemption, sales
from shared.i18n import tr
from shared.models import Product, Scan, TimeSlot, new_uuid7, utcnow
from shared.tokens import TicketClaims, encode, new_private_key

NOON = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 12:00 in Hue


def redeem(world, token, site="imperial-city", gate="gate-1", direction="in", at=None, nonce=None, **kw):
    with db.session_scope(world.engine) as s:
        return redemption.redeem(
            s,
            world.keyring,
            token,
            world.sites[site],
            gate,
            direction,
            at or utcnow(),
            nonce or new_uuid7(),
            **kw,
        )


def claims_for(world, **kw) -> str:
    base = dict(
        key_id=world.signer.key_id,
        ticket_id=42,
        product=1,
        category=1,
        issued_at=NOON,
        valid_from=date(2026, 11, 24),
        valid_days=1,
        sites_mask=1,
        persons=1,
    )
    base.update(kw)
    return encode(TicketClaims(**base), world.signer.private_key)


def test_admit_then_already_used_with_time_and_gate(world) -> None:
    _, [token] = world.sell("imperial-city")
    first = redeem(world, token, gate="Gate 2")
    assert (first.admitted, first.code, first.persons) == (True, "admitted", 1)
    again = redeem(world, token, gate="Gate 3")
    assert (again.admitted, again.code, again.previous_gate) == (False, "already_used", "Gate 2")
    assert "Gate 2" in again.message("en") and "Already used at" in again.message("en")
    assert "Đã sử dụng" in again.message("vi")


@pytest.mark.parametrize(
    "code",
    [
        "malformed",
        "bad_signature",
        "unknown_key",
        "key_revoked",
        "revoked",
        "not_yet_valid",
        "expired",
        "wrong_site",
        "outside_slot",
        "already_used",
    ],
)
def test_every_refusal_code(world, code) -> None:
    at = NOON
    token = claims_for(world)
    if code == "malformed":
        token = "HELLO WORLD"
    elif code == "bad_signature":
        token = encode(
            TicketClaims(world.signer.key_id, 42, 1, 1, NOON, date(2026, 11, 24), 1, 1), new_private_key()
        )
    elif code == "unknown_key":
        token = claims_for(world, key_id=999)
    elif code == "key_revoked":
        with db.session_scope(world.engine) as s:
            keys.revoke_key(s, world.signer.key_id, at=NOON - timedelta(hours=1))
            world.keyring = keys.load_keyring(s)
    elif code == "revoked":
        order_id, [token] = world.sell("imperial-city")
        with db.session_scope(world.engine) as s:
            sales.refund(s, order_id, actor="m")
        at = utcnow()
    elif code == "not_yet_valid":
        token = claims_for(world, valid_from=date(2026, 11, 25))
    elif code == "expired":
        token = claims_for(world, valid_from=date(2026, 11, 20), valid_days=2)
    elif code == "wrong_site":
        token = claims_for(world, sites_mask=0b10)
    elif code == "outside_slot":
        token = claims_for(world, slot_start_minute=19 * 60, slot_minutes=60)  # 19:00 local, now 12:00
    elif code == "already_used":
        assert redeem(world, token, at=at).admitted
    verdict = redeem(world, token, at=at)
    assert (verdict.admitted, verdict.code) == (False, code)
    assert verdict.message("vi") and verdict.message("en") != verdict.message("vi")


@pytest.mark.parametrize(
    ("make", "en", "vi"),
    [
        (
            {"valid_from": date(2026, 11, 25)},
            "Ticket not valid yet: valid from 25/11/2026",
            "Vé chưa đến ngày sử dụng: dùng từ ngày 25/11/2026",
        ),
        (
            {"valid_from": date(2026, 11, 20), "valid_days": 2},
            "Ticket expired: it was valid until 21/11/2026",
            "Vé đã hết hạn: chỉ có hiệu lực đến ngày 21/11/2026",
        ),
        (
            {"slot_start_minute": 19 * 60, "slot_minutes": 60},  # the default tolerance: 15 before, 30 after
            "Outside its time slot 19:00-20:00: entry from 18:45 to 20:30",
            "Ngoài khung giờ 19:00-20:00: vào cửa từ 18:45 đến 20:30",
        ),
    ],
)
def test_a_date_or_slot_refusal_says_when_the_ticket_is_good_for(world, make, en, vi) -> None:
    verdict = redeem(world, claims_for(world, **make), at=NOON)
    assert (verdict.message("en"), verdict.message("vi")) == (en, vi)
    # The same nonce again: the replayed verdict has no claims behind it, and says the plain reason.
    again = redeem(world, claims_for(world, **make), at=NOON, nonce=verdict.nonce)
    assert again.replay and again.message("en") == tr(f"verdict.{verdict.code}", "en")


def test_timed_ticket_admitted_within_tolerance(world) -> None:
    with db.session_scope(world.engine) as s:
        product = s.exec(select(Product).where(Product.code == "imperial-city-night")).one()
        slot = s.exec(
            select(TimeSlot).where(TimeSlot.product_id == product.id).order_by(TimeSlot.starts_at)
        ).first()
        starts = slot.starts_at
        slot_id = slot.id
    _, [token] = world.sell("imperial-city-night", slot_id=slot_id)
    assert redeem(world, token, at=starts - timedelta(minutes=40)).code == "outside_slot"
    # A site that opens its doors earlier configures a wider tolerance.
    wide = redemption.Policy.from_minutes(45, 30)
    assert (
        redeem(world, token, at=starts - timedelta(minutes=40), policy=wide, dry_run=True).code == "admitted"
    )
    assert redeem(world, token, at=starts - timedelta(minutes=10)).code == "admitted"


def test_group_ticket_admits_its_persons(world) -> None:
    _, [token] = world.sell("minh-mang", adult=25, group=True)
    verdict = redeem(world, token, site="minh-mang")
    assert (verdict.admitted, verdict.persons) == (True, 25)
    assert "25" in verdict.message("en")


def test_combo_admits_once_at_each_of_its_sites(world) -> None:
    _, [token] = world.sell("combo-3")
    for site in ("imperial-city", "minh-mang", "khai-dinh"):
        assert redeem(world, token, site=site).code == "admitted"
        assert redeem(world, token, site=site).code == "already_used"
    assert redeem(world, token, site="tu-duc").code == "wrong_site"


def test_exit_never_blocks_and_reentry_follows_policy(world) -> None:
    _, [token] = world.sell("imperial-city")
    assert redeem(world, token).admitted
    out = redeem(world, token, direction="out", gate="exit-1")
    assert (out.admitted, out.code) == (True, "exit")
    # Default policy: no re-entry.
    assert redeem(world, token).code == "already_used"
    with db.session_scope(world.engine) as s:
        product = s.exec(select(Product).where(Product.code == "imperial-city")).one()
        product.reentry = True
        s.add(product)
    _, [token2] = world.sell("imperial-city")
    assert redeem(world, token2).code == "admitted"
    assert redeem(world, token2).code == "already_used"  # still inside: no second entry
    assert redeem(world, token2, direction="out").code == "exit"
    assert redeem(world, token2).code == "reentry"


def test_exit_of_refunded_or_expired_ticket_is_counted_not_blocked(world) -> None:
    order_id, [token] = world.sell("imperial-city")
    with db.session_scope(world.engine) as s:
        sales.refund(s, order_id, actor="m")
    assert redeem(world, token, direction="out").code == "exit"
    assert redeem(world, "FORGED", direction="out").code == "malformed"


def test_repeated_nonce_returns_first_verdict_and_records_once(world) -> None:
    _, [token] = world.sell("imperial-city")
    first = redeem(world, token, nonce="n-1")
    again = redeem(world, token, nonce="n-1")
    assert first.admitted and again.admitted and again.replay
    with db.session_scope(world.engine) as s:
        assert len(s.exec(select(Scan)).all()) == 1


def test_refunded_ticket_is_refused_as_revoked_pretix_2467(world) -> None:
    order_id, tokens = world.sell("combo-all", adult=2)
    assert redeem(world, tokens[0]).admitted
    with db.session_scope(world.engine) as s:
        sales.refund(s, order_id, actor="m", reason="cancelled")
    assert redeem(world, tokens[1], site="tu-duc").code == "revoked"


def test_dry_run_records_nothing(world) -> None:
    _, [token] = world.sell("imperial-city")
    assert redeem(world, token, dry_run=True).code == "admitted"
    assert redeem(world, token, dry_run=True).code == "admitted"
    with db.session_scope(world.engine) as s:
        assert s.exec(select(Scan)).all() == []


def test_one_ticket_at_two_gates_at_the_same_moment_admits_once(world) -> None:
    url = world.engine.url.render_as_string(hide_password=False)
    for _ in range(5):
        _, [token] = world.sell("imperial-city")
        barrier = threading.Barrier(2)
        results: list[str] = []

        def gate(
            name: str, token: str = token, barrier: threading.Barrier = barrier, results: list[str] = results
        ) -> None:
            engine = db.make_engine(url)
            barrier.wait()
            with db.session_scope(engine) as s:
                v = redemption.redeem(
                    s, world.keyring, token, world.sites["imperial-city"], name, "in", utcnow(), new_uuid7()
                )
            results.append(v.code)
            engine.dispose()

        threads = [threading.Thread(target=gate, args=(g,)) for g in ("gate-1", "gate-2")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert sorted(results) == ["admitted", "already_used"]
