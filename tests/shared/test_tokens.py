"""Ticket codec: round trips over every field's full range, tamper resistance, garbage input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import qrcode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.errors import CitadelError
from shared.tokens import (
    EPOCH,
    EPOCH_DAY,
    PREFIX,
    KeyRing,
    TicketClaims,
    decode,
    encode,
    new_private_key,
    verify,
)

KEY = new_private_key()
RING = KeyRing()
RING.add(7, KEY.public_key())
MAX_MINUTES = (datetime.max.replace(tzinfo=UTC) - EPOCH) // timedelta(minutes=1)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

claims_strategy = st.builds(
    TicketClaims,
    key_id=st.integers(0, 0xFFFF),
    ticket_id=st.integers(0, 2**64 - 1),
    product=st.integers(0, 0xFFFF),
    category=st.integers(0, 0xFF),
    issued_at=st.integers(0, MAX_MINUTES).map(lambda m: EPOCH + timedelta(minutes=m)),
    valid_from=st.integers(0, 0xFFFF).map(lambda d: EPOCH_DAY + timedelta(days=d)),
    valid_days=st.integers(0, 0xFF),
    sites_mask=st.integers(0, 2**64 - 1),
    entries_per_site=st.integers(0, 0xFF),
    persons=st.integers(0, 0xFF),
    flags=st.integers(0, 0xFF),
    slot_start_minute=st.none() | st.integers(0, 24 * 60 - 1),
    slot_minutes=st.integers(0, 0xFF),
)


def sample(**kw: object) -> TicketClaims:
    base = dict(
        key_id=7,
        ticket_id=123456789,
        product=20,
        category=1,
        issued_at=datetime(2026, 11, 24, 3, 0, tzinfo=UTC),
        valid_from=date(2026, 11, 24),
        valid_days=2,
        sites_mask=0b1011,
        persons=1,
    )
    base.update(kw)
    return TicketClaims(**base)  # type: ignore[arg-type]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(claims_strategy)
def test_round_trip_over_full_field_ranges(claims: TicketClaims) -> None:
    text = encode(claims, KEY)
    decoded, _, _ = decode(text)
    assert decoded == claims


def test_issue_time_beyond_year_9999_is_malformed_not_a_crash() -> None:
    import struct

    import base45

    body = bytearray(sample().pack())
    struct.pack_into(">I", body, 14, 2**32 - 1)  # the issued-minutes field
    text = PREFIX + base45.b45encode(bytes(body) + KEY.sign(bytes(body))).decode()
    with pytest.raises(CitadelError) as info:
        verify(text, RING)
    assert info.value.code == "malformed"


def test_token_fits_qr_version_8_at_q_in_alphanumeric_mode() -> None:
    text = encode(sample(ticket_id=2**64 - 1, sites_mask=2**64 - 1, slot_start_minute=1439), KEY)
    assert set(text) <= set(ALPHABET)
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
    qr.add_data(text)
    qr.make(fit=True)
    assert qr.version <= 8
    assert len(text) == 152


def test_every_single_bit_flip_is_refused() -> None:
    import base45

    text = encode(sample(), KEY)
    raw = bytearray(base45.b45decode(text[len(PREFIX) :]))
    for i in range(len(raw) * 8):
        flipped = bytearray(raw)
        flipped[i // 8] ^= 1 << (i % 8)
        forged = PREFIX + base45.b45encode(bytes(flipped)).decode()
        with pytest.raises(CitadelError) as info:
            verify(forged, RING)
        assert info.value.code in {"malformed", "bad_signature", "unknown_key"}


def test_every_single_character_change_is_refused() -> None:
    text = encode(sample(), KEY)
    refused = 0
    for i in range(len(text)):
        for ch in ALPHABET + "a":
            if ch == text[i]:
                continue
            changed = text[:i] + ch + text[i + 1 :]
            with pytest.raises(CitadelError) as info:
                verify(changed, RING)
            assert info.value.code in {"malformed", "bad_signature", "unknown_key"}
            refused += 1
    assert refused == len(text) * len(ALPHABET)


@settings(max_examples=400)
@given(st.text(min_size=0, max_size=4096))
def test_random_text_never_crashes_and_is_malformed(untrusted: str) -> None:
    with pytest.raises(CitadelError) as info:
        verify(untrusted, RING)
    assert info.value.code == "malformed"


@settings(max_examples=200)
@given(st.text(alphabet=ALPHABET, min_size=0, max_size=300))
def test_random_base45_after_prefix_is_refused(body: str) -> None:
    with pytest.raises(CitadelError) as info:
        verify(PREFIX + body, RING)
    assert info.value.code in {"malformed", "bad_signature", "unknown_key"}


def test_unknown_key_and_revoked_key() -> None:
    other = new_private_key()
    with pytest.raises(CitadelError) as info:
        verify(encode(sample(key_id=99), other), RING)
    assert info.value.code == "unknown_key"
    ring = KeyRing()
    revoked_at = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    ring.add(7, KEY.public_key(), revoked_at)
    # Sold before the revocation: still good. Sold after it (a stolen kiosk): refused.
    assert (
        verify(encode(sample(issued_at=revoked_at - timedelta(minutes=1)), KEY), ring).ticket_id == 123456789
    )
    with pytest.raises(CitadelError) as info:
        verify(encode(sample(issued_at=revoked_at + timedelta(minutes=1)), KEY), ring)
    assert info.value.code == "key_revoked"


def test_wrong_signer_is_bad_signature() -> None:
    with pytest.raises(CitadelError) as info:
        verify(encode(sample(), new_private_key()), RING)
    assert info.value.code == "bad_signature"


@given(st.integers(0, 2**63 - 1))
def test_short_ticket_number_reads_back_to_the_low_40_bits(ticket_id: int) -> None:
    from shared.tokens import SHORT_NUMBER_MASK, short_number_bits, short_ticket_number

    printed = short_ticket_number(ticket_id)
    assert short_number_bits(printed) == ticket_id & SHORT_NUMBER_MASK
    assert short_number_bits(f" {printed[:4].lower()}-{printed[4:]} ") == ticket_id & SHORT_NUMBER_MASK
    assert short_number_bits(printed[:7]) is None and short_number_bits(printed[:7] + "0") is None


def test_a_public_key_that_is_not_32_bytes_is_refused() -> None:
    with pytest.raises(CitadelError) as info:
        KeyRing().add(1, b"\x01" * 31)
    assert info.value.code == "bad_public_key"
