"""The worked example in docs/ticket-format.md verifies with the reference implementation."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.tokens import KeyRing, TicketClaims, decode, encode, verify

DOC = Path(__file__).resolve().parents[2] / "docs" / "ticket-format.md"


def test_worked_example_matches_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    token = re.search(r"^(CT:[0-9A-Z $%*+\-./:]+)$", text, re.M).group(1)
    public_hex = re.search(r"Public key: `([0-9a-f]{64})`", text).group(1)
    ring = KeyRing()
    ring.add(3, bytes.fromhex(public_hex))
    claims = verify(token, ring)
    expected = TicketClaims(
        key_id=3,
        ticket_id=0x123456789ABCDEF0,
        product=20,
        category=1,
        issued_at=datetime(2026, 5, 1, 1, 30, tzinfo=UTC),
        valid_from=date(2026, 5, 1),
        valid_days=2,
        sites_mask=0b1011,
    )
    assert claims == expected
    assert encode(expected, Ed25519PrivateKey.from_private_bytes(bytes(range(32)))) == token
    _, body, _ = decode(token)
    assert body.hex(" ") in text
