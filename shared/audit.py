"""Core layer: the audit trail. Every privileged action (refund, void, reprint, revoke, price change,
key approval, user change) writes one event in the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from shared.models import AuditEvent


def record(
    session: Session,
    actor: str,
    action: str,
    target: str = "",
    *,
    device_id: str | None = None,
    **details: Any,
) -> AuditEvent:
    event = AuditEvent(actor=actor, action=action, target=target, device_id=device_id, details=details)
    session.add(event)
    return event
