"""Core layer (Qt-free): time-slot places across a site network. Owns :class:`CentralSlots`.

On one database (a standalone kiosk, or devices all writing to central) ``shared.sales.reserve`` takes
places with one conditional UPDATE and nothing more is needed. In a site network each kiosk sells from
its own SQLite journal, so its ``time_slot.taken`` counts only its own sales: two kiosks could each sell
the last places of a slot. A kiosk with a central therefore also takes the places *at central*, in one
short central transaction, before the customer pays:

- ``slot_hold`` gets one row per (order, slot) and ``time_slot.taken`` goes up with the same conditional
  UPDATE as on a single database, so concurrent kiosks can never take more than the capacity;
- the hold is idempotent on (order, slot): a retry after a lost answer takes nothing twice;
- a refusal (``slot_full``) or an unreachable central (``slot_needs_central``) gives the local places
  back, so the order never reaches payment;
- giving places back needs no live call: the order's ``released`` or ``cancelled`` state reaches central
  through the store-and-forward sync, and the order applier (``shared.sync.central.reconcile_holds``)
  deletes its holds. An order that reaches central already *sold* without a hold (sold while central
  was out of reach on a device allowed to) adds its hold there, so central's ``taken`` counts every
  sale even when that means more than the capacity; the admin dashboard alerts on such slots,
  and :func:`check` (a diagnostic) also finds a count below its holds.

Untimed products, which are nearly all of Hue's sales, never touch central at sale time.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from shared import db
from shared.config import Settings
from shared.errors import CitadelError
from shared.models import SlotHold, TimeSlot, utcnow
from shared.sync.central import table_of, upsert

log = logging.getLogger(__name__)


class CentralSlots:
    """Takes time-slot places at central for a device that sells from its own journal, and knows
    whether central can be reached (:meth:`reachable`), so a kiosk can say before the visitor chooses
    that timed tickets must wait for the network."""

    def __init__(self, central: Engine, *, device_id: str, probe: Callable[[], bool] | None = None) -> None:
        self.central = central
        self.device_id = device_id
        self._probe = probe or tcp_probe(central)
        self._up = True  # until a probe or a hold says otherwise
        self._stop = threading.Event()

    def reachable(self) -> bool:
        """Central answered the last probe or hold (instant: no network call)."""
        return self._up

    def check_reachable(self) -> bool:
        """Probe central now (a TCP connect, at most about a second)."""
        self._up = self._probe()
        return self._up

    def watch(self, interval: float = 5.0) -> None:
        """Probe every ``interval`` seconds on a daemon thread until :meth:`close`."""

        def loop() -> None:
            while not self._stop.is_set():
                self.check_reachable()
                self._stop.wait(interval)

        threading.Thread(target=loop, name="central-slots-probe", daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self.central.dispose()

    @classmethod
    def for_device(cls, settings: Settings) -> CentralSlots | None:
        """The device's central, or ``None`` when it has none or sells on central itself (its places
        are then taken by the plain reservation). The caller disposes of ``central`` when done."""
        if not settings.central_url:
            return None
        if db.normalise_url(settings.central_url) == db.normalise_url(settings.resolved_database_url):
            return None
        from shared.sync.outbox import central_engine

        return cls(central_engine(settings.central_url), device_id=settings.device_id)

    def hold(self, order_id: str, needs: Mapping[int, int]) -> dict[int, int]:
        """Take ``needs`` (slot id -> places) for ``order_id`` at central, all or nothing.

        Returns central's ``taken`` per slot afterwards (for the device's own view of the slots).
        Raises ``slot_full`` (with ``left`` and ``asked``) when a slot has too few places at central,
        ``slot_needs_central`` when central cannot be reached."""
        if not needs:
            return {}
        hold_t, slot_t = table_of(SlotHold), table_of(TimeSlot)
        try:
            with self.central.begin() as conn:
                for slot_id, qty in sorted(needs.items()):  # one lock order for every kiosk: no deadlock
                    inserted = conn.execute(
                        upsert(conn, hold_t)
                        .values(
                            order_id=order_id,
                            slot_id=slot_id,
                            quantity=qty,
                            device_id=self.device_id,
                            created_at=utcnow(),
                        )
                        .on_conflict_do_nothing(index_elements=["order_id", "slot_id"])
                        .returning(hold_t.c.slot_id)
                    ).first()
                    if inserted is None:
                        continue  # held by an earlier call whose answer was lost: nothing more to take
                    result = conn.execute(
                        update(slot_t)
                        .where(slot_t.c.id == slot_id, slot_t.c.taken + qty <= slot_t.c.capacity)
                        .values(taken=slot_t.c.taken + qty)
                    )
                    if result.rowcount != 1:
                        left = conn.execute(
                            select(slot_t.c.capacity - slot_t.c.taken).where(slot_t.c.id == slot_id)
                        ).scalar()
                        raise CitadelError(
                            "slot_full",
                            f"slot {slot_id} has {left} places left at central, {qty} asked",
                            left=max(0, left or 0),
                            asked=qty,
                        )
                taken = self._taken(conn, needs)
            self._up = True
            return taken
        except CitadelError:
            self._up = True  # central answered (with a refusal)
            raise
        except (OperationalError, DBAPIError) as exc:
            log.warning("central slots: cannot hold %s: %s", order_id, exc)
            self._up = False
            raise CitadelError("slot_needs_central", str(exc).splitlines()[0]) from exc

    def taken(self, slot_ids: Mapping[int, int] | list[int]) -> dict[int, int]:
        """Central's ``taken`` of these slots (after a refusal, to correct the device's own view)."""
        try:
            with self.central.connect() as conn:
                return self._taken(conn, slot_ids)
        except (OperationalError, DBAPIError):
            return {}

    @staticmethod
    def _taken(conn: Connection, slot_ids: Mapping[int, int] | list[int]) -> dict[int, int]:
        slot_t = table_of(TimeSlot)
        rows = conn.execute(select(slot_t.c.id, slot_t.c.taken).where(slot_t.c.id.in_(list(slot_ids))))
        return {int(r.id): int(r.taken) for r in rows}


def tcp_probe(central: Engine, timeout: float = 1.0) -> Callable[[], bool]:
    """True when central's host accepts a TCP connection (always True for a file database)."""
    url = central.url
    if url.get_backend_name() == "sqlite" or not url.host:
        return lambda: True
    address = (url.host, url.port or 5432)

    def probe() -> bool:
        try:
            with socket.create_connection(address, timeout=timeout):
                return True
        except OSError:
            return False

    return probe


@dataclass(frozen=True, slots=True)
class SlotDifference:
    """A slot whose holds exceed its capacity, or whose ``taken`` is below the sum of its holds."""

    slot_id: int
    capacity: int
    taken: int
    held: int


def check(engine: Engine) -> list[SlotDifference]:
    """At central: slots sold beyond their capacity (a sale made out of reach of central), and slots
    whose ``taken`` is below the sum of their holds (a count lost). ``taken`` may be above the holds:
    a device writing to central directly (admin, a counter on central) takes places without one.
    Empty when all is well."""
    hold_t, slot_t = table_of(SlotHold), table_of(TimeSlot)
    held = (
        select(hold_t.c.slot_id, func.sum(hold_t.c.quantity).label("held"))
        .group_by(hold_t.c.slot_id)
        .subquery()
    )
    stmt = select(
        slot_t.c.id, slot_t.c.capacity, slot_t.c.taken, func.coalesce(held.c.held, 0).label("held")
    ).outerjoin(held, held.c.slot_id == slot_t.c.id)
    with engine.connect() as conn:
        return [
            SlotDifference(int(r.id), int(r.capacity), int(r.taken), int(r.held))
            for r in conn.execute(stmt)
            if int(r.held) > int(r.capacity) or int(r.taken) < int(r.held)
        ]
