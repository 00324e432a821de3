"""Core layer: per-device Ed25519 signing keys, their approval and revocation, and private key storage.

Every kiosk and counter has its own key (made at enrolment, approved in admin); gates trust approved
public keys. Private keys never enter the database: they live in the OS keyring or a 0600 file.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from shared.errors import CitadelError, NotFound
from shared.models import SigningKey, utcnow
from shared.tokens import KeyRing, new_private_key

MAX_KEY_ID = 0xFFFF


class PrivateKeyStore(Protocol):
    def save(self, key_id: int, key: Ed25519PrivateKey) -> None: ...
    def load(self, key_id: int) -> Ed25519PrivateKey: ...


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


class FileKeyStore:
    """Private keys as raw 32-byte files with mode 0600 in a 0700 folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key_id: int) -> Path:
        return self.folder / f"signing-key-{key_id}.ed25519"

    def save(self, key_id: int, key: Ed25519PrivateKey) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self._path(key_id)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_raw(key))
        os.chmod(path, 0o600)

    def load(self, key_id: int) -> Ed25519PrivateKey:
        path = self._path(key_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise CitadelError(
                "no_private_key", f"no private key for key {key_id} in {self.folder}", key_id=key_id
            ) from exc
        if path.stat().st_mode & 0o077:
            raise CitadelError("key_file_permissions", f"{path} must be readable by its owner only")
        return Ed25519PrivateKey.from_private_bytes(raw)


class KeyringKeyStore:
    """Private keys in the OS keyring (Secret Service, macOS Keychain, Windows Credential Locker)."""

    service = "citadel-signing-key"

    def save(self, key_id: int, key: Ed25519PrivateKey) -> None:
        import keyring

        keyring.set_password(self.service, str(key_id), _raw(key).hex())

    def load(self, key_id: int) -> Ed25519PrivateKey:
        import keyring

        value = keyring.get_password(self.service, str(key_id))
        if value is None:
            raise CitadelError(
                "no_private_key", f"no private key for key {key_id} in the keyring", key_id=key_id
            )
        return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(value))


def create_key(
    session: Session,
    store: PrivateKeyStore,
    device_id: str | None,
    *,
    approve: bool = False,
    key_id: int | None = None,
) -> SigningKey:
    """Make a key pair, keep the private half in ``store`` and register the public half."""
    if key_id is None:
        highest = session.exec(select(SigningKey.key_id).order_by(col(SigningKey.key_id).desc())).first()
        key_id = (highest or 0) + 1
    if not 1 <= key_id <= MAX_KEY_ID:
        raise CitadelError("key_id_exhausted", "no key id left")
    private = new_private_key()
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    row = SigningKey(
        key_id=key_id, device_id=device_id, public_key=public, approved_at=utcnow() if approve else None
    )
    store.save(key_id, private)
    session.add(row)
    session.flush()
    return row


def approve_key(session: Session, key_id: int) -> SigningKey:
    row = session.get(SigningKey, key_id)
    if row is None:
        raise NotFound("key", key_id)
    if row.revoked_at is not None:
        raise CitadelError("key_revoked", f"key {key_id} is revoked", key_id=key_id)
    row.approved_at = row.approved_at or utcnow()
    session.add(row)
    return row


def revoke_key(session: Session, key_id: int, at: datetime | None = None) -> SigningKey:
    row = session.get(SigningKey, key_id)
    if row is None:
        raise NotFound("key", key_id)
    row.revoked_at = row.revoked_at or at or utcnow()
    session.add(row)
    return row


def load_keyring(session: Session) -> KeyRing:
    """Approved keys (revoked ones included, with their revocation time: older tickets stay valid)."""
    ring = KeyRing()
    for row in session.exec(select(SigningKey).where(col(SigningKey.approved_at).is_not(None))):
        ring.add(row.key_id, bytes(row.public_key), row.revoked_at)
    return ring


def signing_key_for_device(session: Session, device_id: str) -> SigningKey:
    """The device's newest approved, unrevoked key. A device without one cannot sell."""
    row = session.exec(
        select(SigningKey)
        .where(
            SigningKey.device_id == device_id,
            col(SigningKey.approved_at).is_not(None),
            col(SigningKey.revoked_at).is_(None),
        )
        .order_by(col(SigningKey.key_id).desc())
    ).first()
    if row is None:
        raise CitadelError(
            "device_not_approved", f"device {device_id} has no approved signing key", device=device_id
        )
    return row
