"""Time-slot places across a site network, on the real PostgreSQL: kiosks with their own SQLite journals
take places at central before payment (``shared.slots``), so concurrent kiosks never sell more than a
slot's capacity; released orders give their places back through the sync; a sale made out of reach of
central is still counted there, and flagged when it oversold."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from kiosk.sale import SaleService
from shared import db, sales, slots
from shared.errors import CitadelError
from shared.models import Order, Product, SlotHold, TimeSlot, utcnow
from shared.sync import SyncWorker, pull_once
from shared.sync.central import apply_batch
from shared.sync.outbox import central_engine, row_payload
from tests.sync.support import TcpProxy, make_kiosk

CAPACITY = 10


@dataclass
class Kiosk:
    device_id: str
    journal: Engine
    service: SaleService


@pytest.fixture
def slot_id(central: Engine) -> int:
    """The first night slot still to come, cut down to ``CAPACITY`` places at central."""
    with db.session_scope(central) as s:
        product = s.exec(select(Product).where(Product.code == "imperial-city-night")).one()
        slot = s.exec(
            select(TimeSlot)
            .where(TimeSlot.product_id == product.id, col(TimeSlot.starts_at) > utcnow())
            .order_by(col(TimeSlot.starts_at))
        ).first()
        assert slot is not None and slot.id is not None
        slot.capacity = CAPACITY
        s.add(slot)
        return slot.id


@pytest.fixture
def kiosks(central: Engine, postgres_database: str, slot_id: int, tmp_path: Path) -> Iterator[list[Kiosk]]:
    made: list[Kiosk] = []
    engines: list[Engine] = []
    for device_id in ("kiosk-1", "kiosk-2"):
        url = f"sqlite:///{tmp_path / device_id}.sqlite3"
        db.upgrade(url)
        journal = db.make_engine(url)
        signer = make_kiosk(central, journal, tmp_path / f"keys-{device_id}", device_id=device_id)
        # Each kiosk reaches central as the least-privileged kiosk role, as in production.
        link = central_engine(postgres_database, role="kiosk")
        holds = slots.CentralSlots(link, device_id=device_id)
        service = SaleService(
            journal, signer, device_id=device_id, site_code="imperial-city", central_slots=holds
        )
        made.append(Kiosk(device_id, journal, service))
        engines += [journal, link]
    yield made
    for engine in engines:
        engine.dispose()


def night(quantity: int, slot_id: int) -> list[sales.CartLine]:
    return [sales.CartLine("imperial-city-night", "adult", quantity, slot_id)]


def central_taken(central: Engine, slot_id: int) -> tuple[int, int]:
    """(time_slot.taken, sum of holds) at central."""
    with Session(central) as s:
        slot = s.get(TimeSlot, slot_id)
        assert slot is not None
        held = sum(h.quantity for h in s.exec(select(SlotHold).where(SlotHold.slot_id == slot_id)).all())
        return slot.taken, held


def local_state(kiosk: Kiosk, order_id: str) -> str:
    with Session(kiosk.journal) as s:
        order = s.get(Order, order_id)
        assert order is not None
        return order.state


def sync(kiosk: Kiosk, postgres_database: str) -> None:
    worker = SyncWorker(kiosk.journal, postgres_database, central_role="kiosk", device_id=kiosk.device_id)
    try:
        result = worker.drain()
        assert result.failed == 0 and result.backlog == 0, result
        worker.pull_once()
    finally:
        worker.close()


def test_two_kiosks_racing_for_the_last_places_never_oversell(
    central: Engine, kiosks: list[Kiosk], slot_id: int
) -> None:
    # Each kiosk's own journal says all 10 places are free; 2 kiosks x 6 buyers x 2 places = 24 asked.
    outcomes: list[tuple[str, str | None]] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def buy(kiosk: Kiosk) -> None:
        start.wait()
        try:
            summary = kiosk.service.create_and_reserve(night(2, slot_id), language="en")
            result: tuple[str, str | None] = ("held", summary.id)
        except CitadelError as exc:
            assert exc.code == "slot_full", exc
            result = ("refused", None)
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=buy, args=(k,)) for k in kiosks for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    held = [order_id for what, order_id in outcomes if what == "held"]
    assert len(outcomes) == 12 and len(held) == CAPACITY // 2
    assert central_taken(central, slot_id) == (CAPACITY, CAPACITY)
    assert slots.check(central) == []
    # Refused orders gave their local places back: each journal holds exactly the orders central took.
    for kiosk in kiosks:
        with Session(kiosk.journal) as s:
            mine = s.exec(select(Order).where(Order.device_id == kiosk.device_id)).all()
        assert {o.state for o in mine} <= {"reserved", "released"}
        assert {o.id for o in mine if o.state == "reserved"} == {o.id for o in mine} & set(held)


def test_a_refusal_says_how_many_places_are_left_and_corrects_the_kiosks_view(
    central: Engine, kiosks: list[Kiosk], slot_id: int
) -> None:
    first, second = kiosks
    first.service.create_and_reserve(night(7, slot_id), language="en")
    before = {s.id: s.remaining for s in second.service.slots("imperial-city-night", days=15)}
    assert before[slot_id] == CAPACITY  # the second kiosk has not pulled yet
    with pytest.raises(CitadelError) as refused:
        second.service.create_and_reserve(night(4, slot_id), language="en")
    assert refused.value.code == "slot_full" and refused.value.params == {"left": 3, "asked": 4}
    after = {s.id: s.remaining for s in second.service.slots("imperial-city-night", days=15)}
    assert after[slot_id] == 3  # central's count, mirrored at once
    assert second.service.create_and_reserve(night(3, slot_id), language="en")
    assert central_taken(central, slot_id) == (CAPACITY, CAPACITY)


def test_released_and_cancelled_orders_give_places_back_through_the_sync(
    central: Engine, kiosks: list[Kiosk], slot_id: int, postgres_database: str
) -> None:
    kiosk = kiosks[0]
    kept = kiosk.service.create_and_reserve(night(3, slot_id), language="en")
    kiosk.service.begin_payment(kept.id, "demo")
    kiosk.service.complete_payment(kept.id, "demo-ref")
    dropped = kiosk.service.create_and_reserve(night(2, slot_id), language="en")
    unpaid = kiosk.service.create_and_reserve(night(4, slot_id), language="en")
    kiosk.service.begin_payment(unpaid.id, "demo")
    assert central_taken(central, slot_id) == (9, 9)
    kiosk.service.release(dropped.id)  # the customer walked away
    kiosk.service.payment_failed(unpaid.id, cancelled=True)  # the card was cancelled
    assert central_taken(central, slot_id) == (9, 9)  # central learns it from the sync, not live
    sync(kiosk, postgres_database)
    assert central_taken(central, slot_id) == (3, 3)
    with Session(central) as s:
        assert [h.order_id for h in s.exec(select(SlotHold)).all()] == [kept.id]
    # The order snapshots delivered again (a worker killed before marking them sent) change nothing.
    with Session(kiosk.journal) as s:
        again = [("order", {"order": row_payload(s.get(Order, oid))}) for oid in (kept.id, dropped.id)]
    with central.begin() as conn:
        apply_batch(conn, again)
        apply_batch(conn, again)
    assert central_taken(central, slot_id) == (3, 3)
    # The pull brings central's count to the other kiosk's slot picker.
    other = kiosks[1]
    pull_once(other.journal, central)
    remaining = {s.id: s.remaining for s in other.service.slots("imperial-city-night", days=15)}
    assert remaining[slot_id] == CAPACITY - 3


def test_central_out_of_reach_refuses_timed_sales_only_and_keeps_nothing_held(
    central: Engine, kiosks: list[Kiosk], slot_id: int, postgres_database: str
) -> None:
    kiosk = kiosks[0]
    proxy = TcpProxy("127.0.0.1", 5432)
    url = db.normalise_url(postgres_database).replace(":5432/", f":{proxy.port}/")
    link = central_engine(url, role="kiosk", connect_timeout=2)
    kiosk.service.central_slots = slots.CentralSlots(link, device_id=kiosk.device_id)
    try:
        proxy.cut()
        with pytest.raises(CitadelError) as refused:
            kiosk.service.create_and_reserve(night(2, slot_id), language="vi")
        assert refused.value.code == "slot_needs_central"
        assert "mạng" in refused.value.message("vi") and "Traceback" not in refused.value.message("en")
        with Session(kiosk.journal) as s:
            order = s.exec(select(Order).where(Order.device_id == kiosk.device_id)).one()
            assert order.state == "released"
            slot = s.get(TimeSlot, slot_id)
            assert slot is not None and slot.taken == 0  # the local places were given back
        # Untimed tickets, nearly all of the day's sales, do not need central at all.
        day = kiosk.service.create_and_reserve([sales.CartLine("imperial-city", "adult", 2)], language="vi")
        assert local_state(kiosk, day.id) == "reserved"
        proxy.heal()
        assert kiosk.service.create_and_reserve(night(2, slot_id), language="vi")
        assert central_taken(central, slot_id) == (2, 2)
    finally:
        proxy.close()
        link.dispose()


def test_a_sale_made_out_of_reach_of_central_is_counted_there_and_an_oversell_is_flagged(
    central: Engine, kiosks: list[Kiosk], slot_id: int, postgres_database: str
) -> None:
    online, offline = kiosks
    online.service.create_and_reserve(night(8, slot_id), language="en")
    # A device that sold without asking central (an older kiosk, or one allowed to sell offline):
    offline.service.central_slots = None
    sold = offline.service.create_and_reserve(night(4, slot_id), language="en")
    offline.service.begin_payment(sold.id, "demo")
    offline.service.complete_payment(sold.id, "demo-ref")
    sync(offline, postgres_database)
    assert central_taken(central, slot_id) == (12, 12)  # counted, even beyond the capacity ...
    assert slots.check(central) == [slots.SlotDifference(slot_id, CAPACITY, 12, 12)]  # ... and flagged
    with central.begin() as conn:  # a repeated delivery counts it once
        with Session(offline.journal) as s:
            apply_batch(conn, [("order", {"order": row_payload(s.get(Order, sold.id))})])
    assert central_taken(central, slot_id) == (12, 12)


def test_a_hold_whose_answer_was_lost_takes_nothing_twice(central: Engine, slot_id: int) -> None:
    holds = slots.CentralSlots(central, device_id="kiosk-1")
    assert holds.hold("order-a", {slot_id: 4}) == {slot_id: 4}
    assert holds.hold("order-a", {slot_id: 4}) == {slot_id: 4}  # the kiosk retried
    with pytest.raises(CitadelError) as full:
        holds.hold("order-b", {slot_id: 7})
    assert full.value.params == {"left": 6, "asked": 7}
    assert central_taken(central, slot_id) == (4, 4)


def test_admin_at_central_sees_the_kiosks_places_and_cannot_cut_below_them(
    central: Engine, kiosks: list[Kiosk], slot_id: int
) -> None:
    from admin.backend import AdminBackend
    from shared import users

    kiosks[0].service.create_and_reserve(night(6, slot_id), language="en")
    manager = AdminBackend(central, users.Principal("anna", "manager"), lang="en")
    with pytest.raises(CitadelError) as refused:
        manager.set_slot_capacity(slot_id, 5)
    assert refused.value.code == "slot_below_taken" and refused.value.params["taken"] == 6
    manager.set_slot_capacity(slot_id, 6)
