"""Core layer (Qt-free): the site network. Store-and-forward sync from each device's local SQLite journal
to a central PostgreSQL, device enrolment and approval, and least-privilege PostgreSQL roles.

- :mod:`shared.sync.outbox`: :func:`enqueue` (the one store-and-forward API, used by sales, gates and the
  city feed alike), :class:`SyncWorker` (forward with idempotent upserts, pull catalogue/keys/revocations),
  :func:`sync_status`.
- :mod:`shared.sync.central`: how each topic is upserted at central (idempotent on UUIDv7/nonce/ticket id).
- :mod:`shared.sync.devices`: enrolment, approval, revocation and :func:`device_state`.
- :mod:`shared.sync.roles`: ``citadel db roles`` (kiosk, gate, counter, admin, reporting).
- :mod:`shared.sync.cli`: the Typer sub-commands (``db roles``, ``device ...``, ``sync ...``).
"""

from __future__ import annotations

from shared.sync.devices import (
    DeviceState,
    EnrolResult,
    approve_device,
    device_state,
    enrol_device,
    list_devices,
    report_status,
    revoke_device,
)
from shared.sync.outbox import (
    SyncResult,
    SyncStatus,
    SyncWorker,
    backlog,
    capture_changes,
    enqueue,
    enqueue_order,
    prune_sent,
    pull_once,
    row_payload,
    sync_status,
)
from shared.sync.roles import ROLE_NAMES, create_roles

__all__ = [
    "ROLE_NAMES",
    "DeviceState",
    "EnrolResult",
    "SyncResult",
    "SyncStatus",
    "SyncWorker",
    "approve_device",
    "backlog",
    "capture_changes",
    "create_roles",
    "device_state",
    "enqueue",
    "enqueue_order",
    "enrol_device",
    "list_devices",
    "prune_sent",
    "pull_once",
    "report_status",
    "revoke_device",
    "row_payload",
    "sync_status",
]
