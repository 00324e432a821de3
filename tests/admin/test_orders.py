"""Orders screen: search by code, ticket number and day; refund through the (demo) payment provider,
void, reprint on the virtual printer, revoke one ticket; every action audited; role refusals."""

from __future__ import annotations

import threading

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from sqlmodel import select

from admin.screens.orders import OrdersScreen
from printer.virtual import VirtualPrinterServer
from shared import db, sales
from shared.errors import CitadelError
from shared.models import AuditEvent, Order, Revocation, Ticket
from shared.payments import PaymentRequest, load_provider
from shared.tokens import short_ticket_number
from tests.admin.conftest import snap
from tests.city.support import T0


def demo_paid_order(world, provider) -> str:
    """A sale paid through the demo card reader, exactly as the kiosk does it."""
    with db.session_scope(world.engine) as s:
        order = sales.create_order(
            s,
            [sales.CartLine("imperial-city", "adult", 2)],
            device_id="kiosk-1",
            site_code="imperial-city",
            country="KR",
            now=T0,
        )
        sales.reserve(s, order.id, now=T0)
        sales.start_payment(s, order.id, "demo")
        order_id, code, total = order.id, order.code, order.total
    handle = provider.start(PaymentRequest(order_id, code, total, "VND"))
    provider.approve(handle)
    with db.session_scope(world.engine) as s:
        sales.mark_paid(s, order_id, handle.reference, now=T0)
        sales.issue_tickets(s, order_id, world.signer, now=T0)
    return order_id


def events(world, action):
    with db.session_scope(world.engine) as s:
        return s.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


def search(qtbot, screen) -> None:
    """Search and wait until these results (and, for a single hit, its detail) are on screen."""
    before = screen.results_version
    screen.search()
    qtbot.waitUntil(lambda: screen.results_version > before and not screen.runner.busy, timeout=10000)
    if len(screen.rows) == 1:
        qtbot.waitUntil(
            lambda: screen.detail is not None and screen.detail.order.id == screen.rows[0].id, timeout=10000
        )


def open_screen(qtbot, backend, runner, query, printers=None) -> OrdersScreen:
    screen = OrdersScreen(backend, runner, printers)
    qtbot.addWidget(screen)
    screen.resize(1280, 700)
    screen.query.setText(query)
    before = screen.results_version
    qtbot.mouseClick(screen.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.results_version > before, timeout=10000)
    qtbot.waitUntil(lambda: screen.detail is not None and not screen.runner.busy, timeout=10000)
    return screen


def test_search_by_code_ticket_number_and_day(qtbot, busy_world, backend_for, runner):
    with db.session_scope(busy_world.engine) as s:
        order = s.exec(select(Order).where(Order.country == "FR")).one()
        ticket = s.exec(select(Ticket).where(Ticket.order_id == order.id)).one()
        code, number = order.code, short_ticket_number(ticket.id)
    screen = open_screen(qtbot, backend_for("cashier"), runner, code)
    assert [r.code for r in screen.rows] == [code]
    assert screen.detail.tickets[0]["number"] == number
    screen.query.setText(number)
    search(qtbot, screen)
    assert [r.code for r in screen.rows] == [code]
    screen.query.setText(str(ticket.id))
    search(qtbot, screen)
    assert [r.code for r in screen.rows] == [code]
    screen.query.setText("")
    screen.by_day.setChecked(True)
    screen.day.setDate(T0.date())
    search(qtbot, screen)
    assert len(screen.rows) == 4
    screen.day.setDate(T0.date().replace(day=16))
    search(qtbot, screen)
    assert screen.rows == [] and "No order" in screen.message.text()


def test_manager_refunds_through_the_provider(qtbot, busy_world, backend_for, runner, no_blocking_dialogs):
    demo = load_provider("demo", {}, demo_mode=True, counter_mode=False)
    order_id = demo_paid_order(busy_world, demo)
    backend = backend_for("manager", providers=lambda name: demo)
    with db.session_scope(busy_world.engine) as s:
        code = sales.get_order(s, order_id).code
    screen = open_screen(qtbot, backend, runner, code)
    screen.reason.setText("customer left early")
    snap(screen, "orders")
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.refund_button, Qt.MouseButton.LeftButton)
    assert no_blocking_dialogs and "400,000" in no_blocking_dialogs[-1]
    assert "succeeded" in screen.message.text()
    qtbot.waitUntil(lambda: screen.detail.order.state == "refunded", timeout=10000)
    with db.session_scope(busy_world.engine) as s:
        assert sales.get_order(s, order_id).state == "refunded"
        ids = [t.id for t in sales.order_tickets(s, order_id)]
        assert all(s.get(Revocation, i) is not None for i in ids)
    with db.session_scope(busy_world.engine) as s:
        reference = sales.get_order(s, order_id).payment_ref
    with pytest.raises(CitadelError) as again:  # the provider really refunded all of it
        demo.refund(reference, 1)
    assert again.value.code == "payment_not_refundable"
    provider_events = events(busy_world, "order.refund.provider")
    assert provider_events[0].actor == "anna" and provider_events[0].details["state"] == "succeeded"
    mine = [e for e in events(busy_world, "order.refunded") if e.target == code]
    assert mine[0].details["reason"] == "customer left early" and mine[0].actor == "anna"
    # A second refund is refused with a coded, translated error.
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.refund()
    assert sig.args[0] == "invalid_transition"


def test_cashier_cannot_refund_void_or_revoke(qtbot, busy_world, backend_for, runner):
    with db.session_scope(busy_world.engine) as s:
        order = s.exec(select(Order).where(Order.country == "FR")).one()
    backend = backend_for("cashier")
    screen = open_screen(qtbot, backend, runner, order.code)
    assert not screen.refund_button.isEnabled()
    assert not screen.void_button.isEnabled()
    assert not screen.revoke_button.isEnabled()
    assert screen.reprint_button.isEnabled()
    snap(screen, "orders-cashier")
    # Even when called directly the action is refused, audited, and shown translated.
    for action in (screen.refund, screen.void):
        with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
            action()
        assert sig.args[0] == "forbidden"
    screen.tickets.selectRow(0)
    with qtbot.waitSignal(screen.failed, timeout=10000):
        screen.revoke()
    assert "cashier" in screen.message.text()
    denied = events(busy_world, "denied")
    assert sorted(e.details["permission"] for e in denied) == ["order.refund", "order.void", "ticket.revoke"]
    with db.session_scope(busy_world.engine) as s:
        assert sales.get_order(s, order.id).state == "issued"


def test_void_and_revoke_one_ticket(qtbot, busy_world, backend_for, runner):
    with db.session_scope(busy_world.engine) as s:
        vn = s.exec(select(Order).where(Order.country == "VN")).one()
        fr = s.exec(select(Order).where(Order.country == "FR")).one()
    screen = open_screen(qtbot, backend_for("manager"), runner, vn.code)
    screen.tickets.selectRow(1)
    target = screen.detail.tickets[1]["id"]
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.revoke_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert s.get(Revocation, target) is not None
        assert sales.get_order(s, vn.id).state == "issued"
    mine = [e for e in events(busy_world, "ticket.revoke") if e.target == str(target)]
    assert mine and mine[0].actor == "anna"
    screen.query.setText(fr.code)
    search(qtbot, screen)
    assert screen.detail.order.code == fr.code
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.void_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert sales.get_order(s, fr.id).state == "voided"
    assert events(busy_world, "order.voided")


def test_an_older_answer_arriving_last_never_replaces_a_newer_one(qtbot, busy_world, backend_for, runner):
    """Workers finish out of order: the manager opens order A, then order B, and A's detail comes back
    last. The screen must show B (a full-suite run once showed the stale order)."""
    with db.session_scope(busy_world.engine) as s:
        vn = s.exec(select(Order).where(Order.country == "VN")).one()
        fr = s.exec(select(Order).where(Order.country == "FR")).one()
    screen = open_screen(qtbot, backend_for("manager"), runner, vn.code)
    slow = threading.Event()

    def slow_detail(order_id):
        slow.wait(10)
        return screen.backend.order_detail(order_id)

    screen.run(slow_detail, vn.id, then=screen._show_detail, latest="detail")  # A, held back
    screen.open_order(fr.id)  # B
    qtbot.waitUntil(lambda: screen.detail.order.id == fr.id, timeout=10000)
    slow.set()  # now A answers, last
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert screen.detail.order.id == fr.id and fr.code in screen.header.text()


@pytest.fixture
def virtual_printer(tmp_path):
    with VirtualPrinterServer(tmp_path / "pages", port=0) as server:
        yield server


def test_reprint_to_a_chosen_printer(qtbot, busy_world, backend_for, runner, virtual_printer):
    from admin.app import open_printer_uri

    with db.session_scope(busy_world.engine) as s:
        vn = s.exec(select(Order).where(Order.country == "VN")).one()
        tokens = {t.token for t in sales.order_tickets(s, vn.id)}
    backend = backend_for("cashier", printers=open_printer_uri)
    screen = open_screen(qtbot, backend, runner, vn.code, printers=[virtual_printer.uri])
    assert screen.printer.currentText() == virtual_printer.uri
    with qtbot.waitSignal(screen.acted, timeout=20000):
        qtbot.mouseClick(screen.reprint_button, Qt.MouseButton.LeftButton)
    assert "3 ticket(s)" in screen.message.text()
    pages = virtual_printer.printer.printed
    assert len(pages) == 3
    decoded = {r.text for p in pages for r in zxingcpp.read_barcodes(Image.open(p))}
    assert decoded == tokens
    with db.session_scope(busy_world.engine) as s:
        assert sales.get_order(s, vn.id).state == "printed"
        assert all(t.printed_count == 1 for t in sales.order_tickets(s, vn.id))
    ev = events(busy_world, "order.reprint")
    assert ev[0].actor == "binh" and ev[0].details["tickets"] == 3


def test_gate_staff_cannot_reprint(qtbot, busy_world, backend_for, runner):
    backend = backend_for("gate_staff")

    with db.session_scope(busy_world.engine) as s:
        order_id = s.exec(select(Order)).first().id
    with pytest.raises(CitadelError) as err:
        backend.reprint(order_id, "tcp://127.0.0.1:9")
    assert err.value.code == "forbidden"
    with pytest.raises(CitadelError):
        backend.search_orders("")
    assert {e.details["permission"] for e in events(busy_world, "denied")} == {"order.reprint", "orders.view"}
