"""The Qt-free kiosk flow, driven step by step with an injected clock (no widgets, no real waiting)."""

from __future__ import annotations

import socket
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from kiosk.flow import IDLE_STEPS, KioskFlow, Step
from shared import db, redemption, sales
from shared.models import Order, OrderState, OutboxItem, Ticket, TimeSlot, utcnow
from shared.payments import PaymentState
from shared.sync.outbox import capture_changes
from tests.kiosk.support import make_kiosk, read_qr


def _walk_to(k, step: Step, product: str = "combo-3") -> None:
    f = k.flow
    f.begin()
    if step == Step.LANGUAGE:
        return
    f.choose_language("en")
    if step == Step.PRODUCT:
        return
    f.choose_product(product)
    if step in (Step.SLOT,) and f.step == Step.SLOT:
        return
    if f.step == Step.SLOT:
        f.choose_slot(f.view.slots[0].id)
    if step == Step.QUANTITIES:
        return
    f.set_quantity("adult", 2)
    f.quantities_done()
    if step == Step.COUNTRY:
        return
    f.choose_country("KR")
    if step == Step.REVIEW:
        return
    f.confirm()
    if step == Step.PAYMENT:
        return
    raise AssertionError(step)


def _order_state(world, order_id: str) -> str:
    with db.session_scope(world.engine) as s:
        return str(sales.get_order(s, order_id).state)


def test_happy_path_prints_tickets_that_open_the_gates(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    f = k.flow
    f.begin()
    f.choose_language("ko")
    f.choose_product("combo-3")
    assert f.step == Step.QUANTITIES
    f.set_quantity("adult", 2)
    f.set_quantity("child", 1)
    assert f.view.total == 2 * 420000 + 80000
    f.quantities_done()
    f.choose_country("KR")
    assert f.step == Step.REVIEW and f.view.order is not None
    f.confirm()
    handle = f.pay("demo")
    assert _order_state(world, handle.order_id) == "paying"  # committed before the provider is asked
    k.demo.approve(handle)
    assert f.poll_payment() == PaymentState.SUCCEEDED
    assert f.step == Step.PRINTING
    outcome = f.print_tickets()
    assert outcome is not None and outcome.ok and outcome.printed == 3
    assert f.step == Step.DONE
    assert _order_state(world, handle.order_id) == "printed"
    pages = sorted(k.out_dir.glob("ticket-*.png"))
    assert len(pages) == 3
    tokens = [read_qr(p)[0] for p in pages]
    with db.session_scope(world.engine) as s:
        assert sorted(tokens) == sorted(t.token for t in sales.order_tickets(s, handle.order_id))
    now = utcnow()
    for site in ("imperial-city", "minh-mang", "khai-dinh"):
        for token in tokens:
            verdicts = []
            for _ in range(2):
                with db.session_scope(world.engine) as s:
                    v = redemption.redeem(
                        s, world.keyring, token, world.sites[site], "g1", "in", now, uuid.uuid4().hex
                    )
                    verdicts.append((v.admitted, v.code))
            assert verdicts[0] == (True, "admitted")
            assert verdicts[1] == (False, "already_used")
    # Done returns to the attract loop on its own.
    k.clock.advance(f.done_s + 1)
    f.tick()
    assert f.step == Step.ATTRACT and f.view.order is None and f.view.language == "vi"


@pytest.mark.parametrize("step", sorted(IDLE_STEPS, key=list(Step).index))
def test_idle_timeout_at_every_step(world, tmp_path, step):
    k = make_kiosk(world, tmp_path)
    f = k.flow
    product = "imperial-city-night" if step == Step.SLOT else "combo-3"
    _walk_to(k, step, product)
    assert f.step == step
    handle = None
    if step == Step.PAYMENT:
        handle = f.pay("demo")
    order = f.view.order
    k.clock.advance(59)
    f.tick()
    assert f.view.idle_countdown is None
    k.clock.advance(2)
    f.tick()
    assert f.view.idle_countdown is not None and f.view.idle_countdown >= 19
    k.clock.advance(10)
    f.tick()
    assert f.step == step and f.view.idle_countdown is not None
    k.clock.advance(10)
    f.tick()
    assert f.step == Step.ATTRACT and f.view.order is None
    if order is not None:
        state = _order_state(world, order.id)
        assert state in ("released", "cancelled")
    if handle is not None:
        assert handle.state == PaymentState.CANCELLED
        assert not k.demo.pending()


def test_more_time_keeps_the_session(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    _walk_to(k, Step.REVIEW)
    k.clock.advance(65)
    k.flow.tick()
    assert k.flow.view.idle_countdown is not None
    k.flow.more_time()
    assert k.flow.view.idle_countdown is None
    k.clock.advance(70)
    k.flow.tick()
    assert k.flow.step == Step.REVIEW
    assert _order_state(world, k.flow.view.order.id) == "reserved"


def test_timeout_releases_slot_capacity(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    _walk_to(k, Step.REVIEW, "imperial-city-night")
    slot_id = k.flow.view.slot_id
    with db.session_scope(world.engine) as s:
        assert s.get(TimeSlot, slot_id).taken == 2
    k.clock.advance(200)
    k.flow.tick()
    with db.session_scope(world.engine) as s:
        assert s.get(TimeSlot, slot_id).taken == 0


def test_decline_then_retry(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    _walk_to(k, Step.PAYMENT)
    f = k.flow
    h1 = f.pay("demo")
    k.demo.decline(h1)
    assert f.poll_payment() == PaymentState.DECLINED
    assert f.step == Step.PAYMENT
    assert f.view.notice is not None and "declined" in f.view.notice.code
    assert "declined" in f.view.notice.text.lower()
    assert _order_state(world, h1.order_id) == "payment_failed"
    h2 = f.pay("demo")
    assert h2 is not h1  # a fresh attempt, not the declined one
    k.demo.approve(h2)
    f.poll_payment()
    assert f.print_tickets().ok
    assert _order_state(world, h1.order_id) == "printed"


def test_paper_out_mid_order_then_reprint_from_maintenance(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    _walk_to(k, Step.PAYMENT)
    f = k.flow
    handle = f.pay("demo")
    k.demo.approve(handle)
    f.poll_payment()
    # The roll runs out part-way through the second ticket.
    first_len = len(k.service.ticket_pages(handle.order_id)[0][1])
    k.device.set_faults(paper_out_after_bytes=first_len + 200)
    outcome = f.print_tickets()
    assert outcome is not None and not outcome.ok and outcome.code == "paper_out"
    assert f.step == Step.OUT_OF_SERVICE
    assert f.view.order.code in f.view.notice.text and "ticket office B" in f.view.notice.text
    assert _order_state(world, handle.order_id) == "print_failed"
    # The kiosk stops selling.
    f.begin()
    assert f.step == Step.OUT_OF_SERVICE
    assert not f.open_maintenance("0000")
    assert f.open_maintenance("2468")
    assert f.step == Step.MAINTENANCE
    assert f.printer_status().problem == "paper_out"
    assert not f.paper_replaced()
    k.device.clear_faults()
    outcome = f.reprint_last()
    assert outcome.ok and outcome.printed == 1
    assert _order_state(world, handle.order_id) == "reprinted"
    assert f.view.out_of_service is None
    f.close_maintenance()
    assert f.step == Step.ATTRACT
    pages = sorted(k.out_dir.glob("ticket-*.png"))
    tokens = {read_qr(p)[0] for p in pages if read_qr(p)}
    with db.session_scope(world.engine) as s:
        assert tokens == {t.token for t in sales.order_tickets(s, handle.order_id)}
        assert all(t.status == "printed" for t in sales.order_tickets(s, handle.order_id))


def test_slot_sells_out_while_choosing(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    f = k.flow
    _walk_to(k, Step.COUNTRY, "imperial-city-night")
    slot_id = f.view.slot_id
    # Another kiosk sells the slot's last places meanwhile.
    with db.session_scope(world.engine) as s:
        slot = s.get(TimeSlot, slot_id)
        slot.taken = slot.capacity - 1
        s.add(slot)
    f.choose_country(None)
    assert f.step == Step.SLOT
    assert f.view.notice.code == "slot_sold_out"
    remaining = {s.id: s.remaining for s in f.view.slots}
    assert remaining[slot_id] == 1
    with db.session_scope(world.engine) as s:
        assert s.exec(select(Order)).all() == []  # nothing half-made stays behind
    f.choose_slot(next(s.id for s in f.view.slots if s.id != slot_id))
    f.quantities_done()
    f.choose_country(None)
    assert f.step == Step.REVIEW


def test_timed_tickets_wait_for_central_while_the_rest_still_sells(world, tmp_path):
    # A kiosk of a site network whose central cannot be reached (nothing listens on port 9 here).
    from shared.slots import CentralSlots
    from shared.sync.outbox import central_engine

    k = make_kiosk(world, tmp_path)
    f = k.flow
    unreachable = central_engine("postgresql://kiosk@127.0.0.1:9/citadel", connect_timeout=1)
    k.service.central_slots = CentralSlots(unreachable, device_id="kiosk-1")
    try:
        _walk_to(k, Step.COUNTRY, "imperial-city-night")
        slot_id = f.view.slot_id
        f.choose_country(None)
        assert f.step == Step.PRODUCT and f.view.notice.code == "slot_needs_central"
        assert "network" in f.view.notice.text  # in the visitor's language (English here)
        with db.session_scope(world.engine) as s:
            assert [o.state for o in s.exec(select(Order)).all()] == ["released"]
            assert s.get(TimeSlot, slot_id).taken == 0  # no place stays held on this kiosk
        f.choose_product("combo-3")
        f.set_quantity("adult", 1)
        f.quantities_done()
        f.choose_country(None)
        assert f.step == Step.REVIEW  # an untimed ticket sells as usual
    finally:
        unreachable.dispose()


class CentralPort:
    """A real TCP port standing for central's: listening ("central answers") or closed ("away")."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._sock.listen()

    def close(self) -> None:
        self._sock.close()

    def reopen(self) -> None:
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", self.port))
        self._sock.listen()


def test_timed_tickets_are_greyed_out_before_the_visitor_chooses_while_central_is_away(world, tmp_path):
    from shared.slots import CentralSlots
    from shared.sync.outbox import central_engine

    port = CentralPort()
    link = central_engine(f"postgresql://kiosk@127.0.0.1:{port.port}/citadel", connect_timeout=1)
    holds = CentralSlots(link, device_id="kiosk-1")
    k = make_kiosk(world, tmp_path)
    k.service.central_slots = holds
    f = k.flow
    try:
        assert holds.check_reachable()
        f.begin()
        f.choose_language("en")
        assert f.view.timed_open and f.view.notice is None
        port.close()  # the uplink drops; the kiosk's probe notices
        assert not holds.check_reachable()
        f.tick()
        assert not f.view.timed_open and f.view.notice.code == "slot_needs_central"
        f.choose_product("imperial-city-night")  # a tap on the greyed-out button changes nothing
        assert f.step == Step.PRODUCT and f.view.product is None
        f.choose_product("combo-3")
        assert f.step == Step.QUANTITIES
        f.back()
        assert f.view.notice.code == "slot_needs_central"  # still said on the way back
        port.reopen()  # the uplink is back
        assert holds.check_reachable()
        f.tick()
        assert f.view.timed_open and f.view.notice is None
        f.choose_product("imperial-city-night")
        assert f.step == Step.SLOT
    finally:
        port.close()
        link.dispose()


def test_recovery_reprints_issued_and_cancels_unpaid(world, tmp_path):
    make_kiosk(world, tmp_path)
    # An order left in `paying` and one left in `issued` by a crash.
    with db.session_scope(world.engine) as s:
        a = sales.create_order(s, [sales.CartLine("combo-3", "adult", 1)], device_id="kiosk-1")
        sales.reserve(s, a.id)
        sales.start_payment(s, a.id, "demo")
        b = sales.create_order(s, [sales.CartLine("combo-3", "adult", 2)], device_id="kiosk-1")
        sales.reserve(s, b.id)
        sales.start_payment(s, b.id, "demo")
        sales.mark_paid(s, b.id, "ref")
        sales.issue_tickets(s, b.id, world.signer)
        a_id, b_id = a.id, b.id
    k2 = make_kiosk(world, tmp_path / "second")
    report = k2.flow.last_recovery
    assert len(report.cancelled) == 1 and len(report.reprinted) == 1
    assert _order_state(world, a_id) == "cancelled"
    assert _order_state(world, b_id) == "printed"
    assert len(list(k2.out_dir.glob("ticket-*.png"))) == 2


def test_back_from_review_releases(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    _walk_to(k, Step.REVIEW)
    order = k.flow.view.order
    k.flow.back()
    assert k.flow.step == Step.COUNTRY
    assert _order_state(world, order.id) == "released"


def test_wrong_pin_locks_after_five(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    for _ in range(5):
        assert not k.flow.open_maintenance("1111")
    assert not k.flow.open_maintenance("2468")
    assert k.flow.view.notice.code == "pin_locked"
    k.clock.advance(301)
    assert k.flow.open_maintenance("2468")


def test_reservation_expiry_is_not_left_behind(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    _walk_to(k, Step.REVIEW)
    with db.session_scope(world.engine) as s:
        released = sales.release_expired(s, utcnow() + timedelta(minutes=30))
    assert released == [k.flow.view.order.id]
    with db.session_scope(world.engine) as s:
        assert s.exec(select(Ticket)).all() == []
        assert sales.get_order(s, released[0]).state == OrderState.RELEASED


def test_database_unreachable_stops_selling_then_comes_back(world, tmp_path):
    k = make_kiosk(world, tmp_path)
    good = k.service.engine
    _walk_to(k, Step.COUNTRY)
    # A database that really cannot be opened (as a central server that went away).
    k.service.engine = db.make_engine(f"sqlite:///{tmp_path}/no-such-dir/citadel.sqlite3")
    k.flow.choose_country("FR")
    assert k.flow.step == Step.OUT_OF_SERVICE
    assert k.flow.view.out_of_service == "database_unreachable"
    assert "cannot be reached" in k.flow.view.notice.text and "ticket office B" in k.flow.view.notice.text
    k.flow.begin()
    assert k.flow.step == Step.OUT_OF_SERVICE  # no selling meanwhile
    k.clock.advance(31)
    k.flow.tick()
    assert k.flow.step == Step.OUT_OF_SERVICE
    k.service.engine = good
    k.clock.advance(31)
    k.flow.tick()
    assert k.flow.step == Step.ATTRACT and k.flow.view.out_of_service is None
    with db.session_scope(good) as s:
        assert s.exec(select(Order)).all() == []


def test_money_taken_but_order_left_paying_is_completed_on_restart(world, tmp_path):
    # The process died after the reader approved and before `paid` was committed. The provider still
    # knows the payment (as Stripe or the bank would): recovery reconciles it, signs and prints.
    k = make_kiosk(world, tmp_path)
    _walk_to(k, Step.PAYMENT)
    handle = k.flow.pay("demo")
    k.demo.approve(handle)
    assert _order_state(world, handle.order_id) == "paying"
    restarted = KioskFlow(k.service, {"demo": k.demo}, k.printer, clock=k.clock)
    report = restarted.start()
    assert report.paid == [k.flow.view.order.code]
    assert _order_state(world, handle.order_id) == "printed"
    with db.session_scope(world.engine) as s:
        assert len(sales.order_tickets(s, handle.order_id)) == 2
    assert len(list(k.out_dir.glob("ticket-*.png"))) == 2


def test_maintenance_shows_uploads_waiting_for_central_until_they_are_sent(world, tmp_path):
    """A kiosk selling while central is away keeps the sales in its journal; staff see how many records
    central has not received yet, whether the sync worker has queued them or not."""
    k = make_kiosk(world, tmp_path)
    f = k.flow
    before = f.device_status()
    assert before["last_sync"] == "—" and before["sync_error"] == "—"
    _walk_to(k, Step.PAYMENT)
    handle = f.pay("demo")
    k.demo.approve(handle)
    f.poll_payment()
    assert f.print_tickets().ok
    sold = int(f.device_status()["uploads"])
    assert sold > int(before["uploads"])  # the order (and its audit events), not yet queued
    with db.session_scope(world.engine) as s:
        capture_changes(s, device_id="kiosk-1")  # what citadel-sync@kiosk does first on each run
    unsent = select(OutboxItem).where(OutboxItem.sent_at == None)  # noqa: E711
    with db.session_scope(world.engine) as s:
        queued = len(s.exec(unsent).all())
    assert int(f.device_status()["uploads"]) == queued >= 1
    with db.session_scope(world.engine) as s:
        for item in s.exec(unsent).all():
            item.sent_at = utcnow()
            s.add(item)
    assert f.device_status()["uploads"] == "0"
