"""Core layer: the ticket token codec (encode, decode, verify). Specified in docs/ticket-format.md.

A token is ``"CT:" + Base45(claims || Ed25519 signature)``. Base45 (RFC 9285) keeps the QR in
alphanumeric mode; the whole text is 152 characters, which fits QR version 8 at error correction Q
(capacity 157). The claims are fixed-size big-endian fields, so a verifier in any language is a few
lines of struct unpacking.

Nothing here touches the database: :class:`KeyRing` is a plain in-memory map of public keys that the
redemption service fills from the ``signing_key`` table (or a gate from its synced cache).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import base45
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nacl.bindings import crypto_sign_open
from nacl.exceptions import BadSignatureError, CryptoError

from shared.errors import CitadelError

PREFIX = "CT:"
VERSION = 1
EPOCH_DAY = date(2020, 1, 1)
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
NO_SLOT = 0xFFFF
SIGNATURE_SIZE = 64

# version, key_id, ticket_id, product, category, issued (minutes since EPOCH), valid_from (days since
# EPOCH_DAY), valid_days, sites bit set, entries per site, persons, flags, slot start (minutes after
# local midnight of valid_from, 0xFFFF = none), slot length in minutes.
_CLAIMS = struct.Struct(">BHQHBIHBQBBBHB")
CLAIMS_SIZE = _CLAIMS.size  # 35 bytes
TOKEN_BYTES = CLAIMS_SIZE + SIGNATURE_SIZE  # 99 bytes
MAX_TEXT = 200  # anything longer is not one of ours; refuse before doing any work

FLAG_REENTRY = 0x01
"""The product allows re-entry after an exit scan at the same site."""


@dataclass(frozen=True, slots=True)
class TicketClaims:
    """The signed content of a ticket. All fields are public; no personal data is ever carried."""

    key_id: int
    ticket_id: int
    product: int
    category: int
    issued_at: datetime
    valid_from: date
    valid_days: int
    sites_mask: int
    entries_per_site: int = 1
    persons: int = 1
    flags: int = 0
    slot_start_minute: int | None = None
    slot_minutes: int = 0

    @property
    def valid_until(self) -> date:
        """Last local date on which the ticket is valid (inclusive)."""
        return self.valid_from + timedelta(days=max(self.valid_days, 1) - 1)

    @property
    def reentry(self) -> bool:
        return bool(self.flags & FLAG_REENTRY)

    def admits_site(self, bit_index: int) -> bool:
        return bool(self.sites_mask >> bit_index & 1)

    def pack(self) -> bytes:
        issued = self.issued_at.astimezone(UTC)
        minutes = (issued - EPOCH) // timedelta(minutes=1)
        slot = NO_SLOT if self.slot_start_minute is None else self.slot_start_minute
        try:
            return _CLAIMS.pack(
                VERSION,
                self.key_id,
                self.ticket_id,
                self.product,
                self.category,
                minutes,
                (self.valid_from - EPOCH_DAY).days,
                self.valid_days,
                self.sites_mask,
                self.entries_per_site,
                self.persons,
                self.flags,
                slot,
                self.slot_minutes,
            )
        except struct.error as exc:
            raise CitadelError("claims_out_of_range", str(exc)) from exc

    @classmethod
    def unpack(cls, raw: bytes) -> TicketClaims:
        (
            version,
            key_id,
            ticket_id,
            product,
            category,
            minutes,
            day,
            valid_days,
            sites,
            entries,
            persons,
            flags,
            slot,
            slot_minutes,
        ) = _CLAIMS.unpack(raw)
        if version != VERSION:
            raise CitadelError("malformed", f"unsupported token version {version}")
        if slot != NO_SLOT and slot >= 24 * 60:
            raise CitadelError("malformed", "slot start out of range")
        try:
            issued_at = EPOCH + timedelta(minutes=minutes)
        except OverflowError as exc:  # a forged time beyond year 9999
            raise CitadelError("malformed", "issue time out of range") from exc
        return cls(
            key_id=key_id,
            ticket_id=ticket_id,
            product=product,
            category=category,
            issued_at=issued_at,
            valid_from=EPOCH_DAY + timedelta(days=day),
            valid_days=valid_days,
            sites_mask=sites,
            entries_per_site=entries,
            persons=persons,
            flags=flags,
            slot_start_minute=None if slot == NO_SLOT else slot,
            slot_minutes=slot_minutes,
        )


def encode(claims: TicketClaims, private_key: Ed25519PrivateKey) -> str:
    """Sign ``claims`` and return the QR text."""
    body = claims.pack()
    encoded: bytes = base45.b45encode(body + private_key.sign(body))
    return PREFIX + encoded.decode("ascii")


def decode(untrusted_text: str) -> tuple[TicketClaims, bytes, bytes]:
    """Parse a token without verifying it: ``(claims, signed_bytes, signature)``.

    Raises ``CitadelError('malformed')`` for anything that is not a well-formed token. Never raises
    anything else, whatever the input.
    """
    if not isinstance(untrusted_text, str) or len(untrusted_text) > MAX_TEXT:
        raise CitadelError("malformed", "not a Citadel ticket")
    text = untrusted_text.strip()
    if not text.startswith(PREFIX):
        raise CitadelError("malformed", "missing prefix")
    try:
        raw = base45.b45decode(text[len(PREFIX) :])
    except Exception as exc:  # base45 raises ValueError/TypeError variants; all mean malformed
        raise CitadelError("malformed", "not Base45") from exc
    if len(raw) != TOKEN_BYTES:
        raise CitadelError("malformed", f"token is {len(raw)} bytes, expected {TOKEN_BYTES}")
    body, signature = raw[:CLAIMS_SIZE], raw[CLAIMS_SIZE:]
    return TicketClaims.unpack(body), body, signature


@dataclass(frozen=True, slots=True)
class PublicKeyEntry:
    key_id: int
    public_key: bytes  # raw 32-byte Ed25519 public key
    revoked_at: datetime | None = None


class KeyRing:
    """Approved public keys by key id. Plain data, safe to share between threads once built."""

    def __init__(self, entries: Iterable[PublicKeyEntry] = ()) -> None:
        self._keys: dict[int, PublicKeyEntry] = {e.key_id: e for e in entries}

    def add(
        self, key_id: int, public_key: Ed25519PublicKey | bytes, revoked_at: datetime | None = None
    ) -> None:
        if isinstance(public_key, Ed25519PublicKey):
            public_key = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        if len(public_key) != 32:
            raise CitadelError("bad_public_key", f"key {key_id}: an Ed25519 public key is 32 bytes")
        self._keys[key_id] = PublicKeyEntry(key_id, bytes(public_key), revoked_at)

    def get(self, key_id: int) -> PublicKeyEntry | None:
        return self._keys.get(key_id)

    def __len__(self) -> int:
        return len(self._keys)


def verify(untrusted_text: str, keyring: KeyRing) -> TicketClaims:
    """Decode and check the signature and key. Raises coded errors in ARCHITECTURE.md's order:
    ``malformed``, ``unknown_key``, ``bad_signature``, ``key_revoked``."""
    claims, body, signature = decode(untrusted_text)
    entry = keyring.get(claims.key_id)
    if entry is None:
        raise CitadelError("unknown_key", f"key {claims.key_id} is not trusted", key_id=claims.key_id)
    # libsodium verifies about twice as fast as OpenSSL through cryptography on the gate hardware class
    # (bench/verify.py), and it refuses non-canonical signatures and small-order keys outright.
    try:
        crypto_sign_open(signature + body, entry.public_key)
    except (BadSignatureError, CryptoError) as exc:
        raise CitadelError("bad_signature", "signature does not match") from exc
    # A stolen key's tickets issued after the revocation are refused; earlier sales stay valid.
    if entry.revoked_at is not None and claims.issued_at >= entry.revoked_at.astimezone(UTC).replace(
        second=0, microsecond=0
    ):
        raise CitadelError("key_revoked", f"key {claims.key_id} was revoked", key_id=claims.key_id)
    return claims


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


SHORT_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SHORT_NUMBER_MASK = (1 << 40) - 1
"""The printed ticket number is the ticket id's low 40 bits, 5 bits per character, least significant first."""


def short_ticket_number(ticket_id: int) -> str:
    """A short human ticket number for the printout and phone support (not a secret)."""
    out = []
    n = ticket_id
    for _ in range(8):
        out.append(SHORT_NUMBER_ALPHABET[n & 31])
        n >>= 5
    return "".join(out)


def short_number_bits(untrusted_text: str) -> int | None:
    """The low 40 bits a printed ticket number stands for, or None if it is not one (spaces, dashes and
    lower case are forgiven, as staff type them)."""
    text = untrusted_text.replace(" ", "").replace("-", "").upper()
    if len(text) != 8 or any(ch not in SHORT_NUMBER_ALPHABET for ch in text):
        return None
    return sum(SHORT_NUMBER_ALPHABET.index(ch) << (5 * i) for i, ch in enumerate(text))
