"""Core layer (Qt-free): device enrolment, approval and revocation, and what a device may do meanwhile.

Enrolment registers a device at central as ``pending`` and, for devices that sell (kiosk, counter),
makes its Ed25519 key pair: the private half goes to the device's key store (OS keyring or a 0600 file),
the public half to central, unapproved. Gates get no signing key on purpose: every approved key is
trusted by every gate to sign tickets, and a gate has no business minting them.

A manager approves (admin app or ``citadel device approve``), which approves the device's keys; revoking
a device revokes its keys, so tickets it signs from then on are refused everywhere. Until approval a
kiosk cannot sell (:func:`shared.keys.signing_key_for_device` refuses) and a gate shows "not approved"
(:func:`device_state`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from shared import audit, keys
from shared.errors import CitadelError, NotFound
from shared.i18n import register_catalog, tr
from shared.models import Device, SigningKey, utcnow
from shared.sync.outbox import enqueue, row_payload

register_catalog(Path(__file__).with_name("messages.toml"))

DEVICE_KINDS = ("kiosk", "gate", "counter", "admin")
SIGNING_KINDS = ("kiosk", "counter")
DEVICE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
"""A device id: it names unit instances, key files and audit targets, so no spaces or slashes."""


@dataclass(frozen=True, slots=True)
class EnrolResult:
    device_id: str
    kind: str
    site_code: str | None
    key_id: int | None
    status: str


@dataclass(frozen=True, slots=True)
class DeviceState:
    """What a device may do now. ``status``: unknown | pending | approved | revoked."""

    device_id: str
    kind: str | None
    status: str
    can_sell: bool
    can_scan: bool

    @property
    def approved(self) -> bool:
        return self.status == "approved"

    def message(self, lang: str = "en") -> str:
        return tr(f"sync.device.{self.status}", lang, device=self.device_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "device": self.device_id,
            "kind": self.kind,
            "status": self.status,
            "can_sell": self.can_sell,
            "can_scan": self.can_scan,
        }


def enrol_device(
    session: Session,
    store: keys.PrivateKeyStore | None,
    *,
    device_id: str,
    kind: str,
    site_code: str | None,
    name: str = "",
    actor: str = "enrol",
) -> EnrolResult:
    """Register ``device_id`` as pending in ``session`` (central's database in a site network) and make
    its signing key if it sells. Re-enrolling a pending device is allowed (a new key); a revoked or
    approved one is refused (revoke/approve are a manager's decisions)."""
    if kind not in DEVICE_KINDS:
        raise CitadelError("bad_device_kind", kind, kind=kind, kinds=", ".join(DEVICE_KINDS))
    if not DEVICE_ID.fullmatch(device_id):
        raise CitadelError("bad_device_id", device_id, device=device_id)
    device = session.get(Device, device_id)
    if device is not None and device.status != "pending":
        raise CitadelError("device_already_enrolled", device_id, device=device_id, status=device.status)
    if device is None:
        device = Device(id=device_id, kind=kind, site_code=site_code, name=name, status="pending")
    else:
        device.kind, device.site_code, device.name = kind, site_code, name or device.name
    session.add(device)
    session.flush()
    key_id: int | None = None
    if kind in SIGNING_KINDS:
        if store is None:
            raise CitadelError("no_key_store", f"device {device_id} sells and needs a key store")
        key_id = keys.create_key(session, store, device_id, approve=False).key_id
    audit.record(session, actor, "device.enrol", device_id, kind=kind, site=site_code, key_id=key_id)
    return EnrolResult(device_id, kind, site_code, key_id, device.status)


def _get(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound("device", device_id)
    return device


def _keys_of(session: Session, device_id: str) -> list[SigningKey]:
    return list(session.exec(select(SigningKey).where(SigningKey.device_id == device_id)).all())


def approve_device(session: Session, device_id: str, *, actor: str) -> Device:
    """Approve the device and its unrevoked keys. A revoked device stays revoked (enrol it anew)."""
    device = _get(session, device_id)
    if device.status == "revoked":
        raise CitadelError("device_revoked", device_id, device=device_id)
    device.status = "approved"
    session.add(device)
    approved = [
        keys.approve_key(session, k.key_id).key_id for k in _keys_of(session, device_id) if not k.revoked_at
    ]
    audit.record(session, actor, "device.approve", device_id, keys=approved)
    return device


def revoke_device(session: Session, device_id: str, *, actor: str, reason: str = "") -> Device:
    """Revoke the device and every key it has: tickets signed with them from now on are refused."""
    device = _get(session, device_id)
    now = utcnow()
    device.status = "revoked"
    session.add(device)
    revoked = [keys.revoke_key(session, k.key_id, at=now).key_id for k in _keys_of(session, device_id)]
    audit.record(session, actor, "device.revoke", device_id, keys=revoked, reason=reason)
    return device


def list_devices(session: Session) -> list[Device]:
    return list(session.exec(select(Device).order_by(col(Device.site_code), col(Device.id))).all())


def device_state(session: Session, device_id: str) -> DeviceState:
    """Whether this device may sell or scan, from the (pulled) device row and keys.

    A kiosk/counter needs an approved device AND an approved, unrevoked key to sell; a gate needs an
    approved device to scan. Unknown devices (never enrolled) may do neither."""
    device = session.get(Device, device_id)
    if device is None:
        return DeviceState(device_id, None, "unknown", False, False)
    approved = device.status == "approved"
    can_sell = False
    if approved and device.kind in SIGNING_KINDS:
        try:
            keys.signing_key_for_device(session, device_id)
            can_sell = True
        except CitadelError:
            can_sell = False
    return DeviceState(device_id, device.kind, device.status, can_sell, approved)


def report_status(
    session: Session,
    device_id: str,
    *,
    printer_state: str | None = None,
    queue_length: int | None = None,
    info: dict[str, Any] | None = None,
) -> Device | None:
    """Record this device's status locally and queue it for central (coalesced: only the newest waits)."""
    device = session.get(Device, device_id)
    now = utcnow()
    if device is not None:
        device.last_seen = now
        if printer_state is not None:
            device.printer_state = printer_state
        if queue_length is not None:
            device.queue_length = queue_length
        if info is not None:
            device.info = info
        session.add(device)
        payload = row_payload(device)
    else:
        payload = {"id": device_id, "last_seen": now.isoformat()}
        if printer_state is not None:
            payload["printer_state"] = printer_state
        if queue_length is not None:
            payload["queue_length"] = queue_length
        if info is not None:
            payload["info"] = info
    enqueue(session, "device", device_id, payload, coalesce=True)
    return device
