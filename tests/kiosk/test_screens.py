"""The PySide6 kiosk, offscreen with pytest-qt: a Korean tourist's purchase end to end, screenshots of
every screen in vi and en, the idle overlay, paper out with reprint from maintenance, and counter mode."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QWidget
from sqlmodel import select

from kiosk.bridge import FlowBridge
from kiosk.flow import Step
from kiosk.window import KioskWindow
from shared import db, redemption, sales, users
from shared.models import Order, utcnow
from tests.kiosk.support import ARTIFACTS, make_kiosk, read_qr

SIZE = (1280, 800)


@pytest.fixture
def gui(world, tmp_path, qtbot):
    k = make_kiosk(world, tmp_path)
    bridge = FlowBridge(k.flow, poll_interval_s=0.05)
    window = KioskWindow(bridge)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    yield k, bridge, window
    bridge.stop()
    bridge.pool.waitForDone(10_000)


def click(qtbot, window: KioskWindow, name: str) -> None:
    widget = window.current.findChild(QPushButton, name)
    assert widget is not None, f"no button {name!r} on {window.current.objectName()}"
    assert widget.isVisible() and widget.isEnabled(), name
    assert widget.height() >= 48 and widget.width() >= 48, f"{name} is smaller than a finger"
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:  # scroll it into view first, as a person would
        parent.ensureWidgetVisible(widget)
        qtbot.wait(50)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def shot(window: QWidget, folder: str, name: str) -> Path:
    path = ARTIFACTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(3):  # let posted layout requests run, as the event loop would before painting
        QApplication.processEvents()
    assert window.grab().save(str(path))
    return path


def texts(widget: QWidget) -> str:
    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    parts += [w.text() for w in widget.findChildren(QPushButton) if w.isVisible()]
    return "\n".join(parts)


def test_korean_tourist_buys_three_tickets_that_open_three_sites(gui, qtbot, world):
    k, _bridge, window = gui
    steps = []

    def snap(name):
        steps.append(shot(window, "ko", f"{len(steps) + 1:02d}-{name}"))

    snap("attract")
    click(qtbot, window, "start")
    snap("language")
    click(qtbot, window, "lang_ko")
    assert k.flow.view.language == "ko"
    assert "티켓 선택" in texts(window.current)  # translated by Qt Linguist
    snap("product")
    click(qtbot, window, "product_combo-3")
    click(qtbot, window, "plus_adult")
    click(qtbot, window, "plus_child")
    assert k.flow.view.quantities == {"adult": 2, "child": 1}
    snap("quantities")
    click(qtbot, window, "next")
    snap("country")
    click(qtbot, window, "country_KR")
    assert k.flow.step == Step.REVIEW
    snap("review")
    click(qtbot, window, "pay")
    snap("payment")
    click(qtbot, window, "method_demo")
    qtbot.waitUntil(lambda: window.current.findChild(QPushButton, "demo_approve").isVisible(), timeout=10_000)
    snap("payment-waiting")
    click(qtbot, window, "demo_approve")
    qtbot.waitUntil(lambda: k.flow.step == Step.DONE, timeout=30_000)
    qtbot.waitUntil(lambda: window.current is window.screens[Step.DONE], timeout=5_000)
    snap("done")
    assert "티켓을 가져가세요" in texts(window.current)
    order_id = k.flow.view.order.id
    pages = sorted(k.out_dir.glob("ticket-*.png"))
    assert len(pages) == 3
    tokens = [read_qr(p)[0] for p in pages]
    with db.session_scope(world.engine) as s:
        assert sales.get_order(s, order_id).state == "printed"
        assert sorted(tokens) == sorted(t.token for t in sales.order_tickets(s, order_id))
    now = utcnow()
    for site in ("imperial-city", "minh-mang", "khai-dinh"):
        for token in tokens:
            with db.session_scope(world.engine) as s:
                first = redemption.redeem(
                    s, world.keyring, token, world.sites[site], "g1", "in", now, uuid.uuid4().hex
                )
            with db.session_scope(world.engine) as s:
                second = redemption.redeem(
                    s, world.keyring, token, world.sites[site], "g1", "in", now, uuid.uuid4().hex
                )
            assert first.admitted and first.code == "admitted"
            assert not second.admitted and second.code == "already_used"
    click(qtbot, window, "finish")
    assert k.flow.step == Step.ATTRACT


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_screen_screenshot(gui, qtbot, lang):
    k, _bridge, window = gui
    f = k.flow
    f.default_language = lang  # the kiosk's own language: attract loop and staff screens
    f.timeout()
    folder = f"screens-{lang}"
    shot(window, folder, "01-attract")
    click(qtbot, window, "start")
    shot(window, folder, "02-language")
    click(qtbot, window, f"lang_{lang}")
    shot(window, folder, "03-product")
    click(qtbot, window, "product_imperial-city-night")
    shot(window, folder, "04-slot")
    assert f.step == Step.SLOT and any(s.remaining for s in f.view.slots), (f.step, f.view.slots)
    slot = next(s for s in f.view.slots if s.remaining > 0)
    click(qtbot, window, f"slot_{slot.id}")
    click(qtbot, window, "plus_child")
    shot(window, folder, "05-quantities")
    click(qtbot, window, "next")
    shot(window, folder, "06-country")
    click(qtbot, window, "country_VN")
    shot(window, folder, "07-review")
    click(qtbot, window, "toggle_contrast")
    click(qtbot, window, "toggle_text")
    assert f.view.high_contrast and f.view.large_text
    shot(window, folder, "07b-review-high-contrast-large-text")
    click(qtbot, window, "toggle_contrast")
    click(qtbot, window, "toggle_text")
    click(qtbot, window, "pay")
    shot(window, folder, "08-payment")
    # Drive the payment from the test thread to catch the transient printing screen.
    handle = f.pay("demo")
    window.refresh()
    shot(window, folder, "09-payment-waiting")
    k.demo.decline(handle)
    f.poll_payment()
    window.refresh()
    assert window.current.findChild(QPushButton, "method_demo").isVisible()  # retry offered
    shot(window, folder, "10-payment-declined")
    handle = f.pay("demo")
    k.demo.approve(handle)
    f.poll_payment()
    window.refresh()
    shot(window, folder, "11-printing")
    qtbot.waitUntil(lambda: f.step == Step.DONE, timeout=30_000)  # the bridge prints on a worker
    window.refresh()
    shot(window, folder, "12-done")
    click(qtbot, window, "finish")
    # Idle overlay.
    click(qtbot, window, "start")
    click(qtbot, window, f"lang_{lang}")
    k.clock.advance(62)
    f.tick()
    window.refresh()
    overlay = window.overlay
    assert overlay.isVisible()
    assert overlay.findChild(QPushButton, "more_time").height() >= 48
    shot(window, folder, "13-idle-overlay")
    qtbot.mouseClick(overlay.findChild(QPushButton, "more_time"), Qt.MouseButton.LeftButton)
    assert not overlay.isVisible() and f.step == Step.PRODUCT
    click(qtbot, window, "cancel")
    assert f.step == Step.ATTRACT
    # Hidden gesture -> PIN pad -> maintenance.
    for _ in range(5):
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert window.current is window.pin_pad
    shot(window, folder, "14-pin-pad")
    for d in "2468":
        qtbot.mouseClick(window.pin_pad.findChild(QPushButton, f"pin_{d}"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pin_pad.findChild(QPushButton, "pin_ok"), Qt.MouseButton.LeftButton)
    assert f.step == Step.MAINTENANCE
    click(qtbot, window, "m_device_status")
    qtbot.waitUntil(
        lambda: "kiosk-1" in window.current.findChild(QLabel, "maintenance_status").text(), timeout=10_000
    )
    shot(window, folder, "15-maintenance")
    click(qtbot, window, "m_close")
    assert f.step == Step.ATTRACT


def test_idle_timeout_from_the_payment_screen(gui, qtbot):
    k, _bridge, window = gui
    click(qtbot, window, "start")
    click(qtbot, window, "lang_en")
    click(qtbot, window, "product_combo-3")
    click(qtbot, window, "next")
    click(qtbot, window, "country_GB")
    click(qtbot, window, "pay")
    click(qtbot, window, "method_demo")
    qtbot.waitUntil(lambda: k.flow.payment_handle is not None, timeout=10_000)
    handle = k.flow.payment_handle
    order_id = k.flow.view.order.id
    k.clock.advance(81)
    k.flow.tick()
    qtbot.waitUntil(lambda: window.current is window.screens[Step.ATTRACT], timeout=5_000)
    assert handle.state == "cancelled"
    with db.session_scope(k.service.engine) as s:
        assert sales.get_order(s, order_id).state == "cancelled"


@pytest.mark.parametrize("lang", ["vi", "en", "fr"])
def test_paper_out_shows_code_and_reprint_from_maintenance(gui, qtbot, world, lang):
    k, _bridge, window = gui
    k.device.set_faults(paper_out=True)
    click(qtbot, window, "start")
    click(qtbot, window, f"lang_{lang}")
    click(qtbot, window, "product_combo-3")
    click(qtbot, window, "next")
    click(qtbot, window, "skip")
    click(qtbot, window, "pay")
    click(qtbot, window, "method_demo")
    qtbot.waitUntil(lambda: window.current.findChild(QPushButton, "demo_approve").isVisible(), timeout=10_000)
    click(qtbot, window, "demo_approve")
    qtbot.waitUntil(lambda: window.current is window.screens[Step.OUT_OF_SERVICE], timeout=30_000)
    code = k.flow.view.order.code
    assert code in window.current.findChild(QLabel, "order_code").text()
    assert "ticket office B" in window.current.findChild(QLabel, "reason").text()
    shot(window, f"screens-{lang}", "16-out-of-service")
    with db.session_scope(world.engine) as s:
        assert sales.find_order(s, code).state == "print_failed"
    for _ in range(5):
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    for d in "2468":
        qtbot.mouseClick(window.pin_pad.findChild(QPushButton, f"pin_{d}"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pin_pad.findChild(QPushButton, "pin_ok"), Qt.MouseButton.LeftButton)
    assert k.flow.step == Step.MAINTENANCE
    k.device.clear_faults()
    click(qtbot, window, "m_reprint_last")
    qtbot.waitUntil(lambda: k.flow.view.out_of_service is None, timeout=30_000)
    with db.session_scope(world.engine) as s:
        assert sales.find_order(s, code).state == "reprinted"
    assert len(list(k.out_dir.glob("ticket-*.png"))) == 1


def test_counter_window_cash_sale(world, tmp_path, qtbot):
    from kiosk.counter import CounterSession
    from kiosk.screens.counter import CounterWindow
    from shared.payments import load_provider

    with db.session_scope(world.engine) as s:
        users.create_user(s, "test", "minh", "counter pass 9", "cashier")
    k = make_kiosk(world, tmp_path)
    providers = {"cash": load_provider("cash", {}, demo_mode=True, counter_mode=True)}
    session = CounterSession(k.service, providers, k.printer, language="vi")
    bridge = FlowBridge(k.flow)
    win = CounterWindow(bridge, session)
    qtbot.addWidget(win)
    win.resize(1920, 1080)  # a counter is a desk monitor
    win.show()
    shot(win, "screens-vi", "20-counter-login")
    qtbot.keyClicks(win.findChild(QWidget, "username"), "minh")
    qtbot.keyClicks(win.findChild(QWidget, "password"), "counter pass 9")
    qtbot.mouseClick(win.findChild(QPushButton, "sign_in"), Qt.MouseButton.LeftButton)
    assert session.cashier is not None
    for name in (
        "quick_combo-3_adult",
        "quick_combo-3_adult",
        "quick_combo-3_child",
        "note_500000",
        "note_500000",
        "note_200000",
    ):
        qtbot.mouseClick(win.findChild(QPushButton, name), Qt.MouseButton.LeftButton)
    assert session.total == 920_000
    qtbot.mouseClick(win.findChild(QPushButton, "pay_cash"), Qt.MouseButton.LeftButton)
    status = win.findChild(QLabel, "counter_status")
    assert "280.000 ₫" in status.text()  # change for 1,200,000 tendered
    qtbot.waitUntil(lambda: len(list(k.out_dir.glob("ticket-*.png"))) == 3, timeout=30_000)
    qtbot.waitUntil(lambda: "3/3" in status.text(), timeout=10_000)
    shot(win, "screens-vi", "21-counter-sale")
    bridge.pool.waitForDone(10_000)


def test_counter_window_card_decline_then_approve(world, tmp_path, qtbot):
    from kiosk.counter import CounterSession
    from kiosk.screens.counter import CounterWindow
    from shared.payments import load_provider

    with db.session_scope(world.engine) as s:
        users.create_user(s, "test", "hoa", "counter pass 9", "manager")
    k = make_kiosk(world, tmp_path)
    providers = {"demo": load_provider("demo", {}, demo_mode=True, counter_mode=True)}
    session = CounterSession(k.service, providers, k.printer, language="en")
    bridge = FlowBridge(k.flow, poll_interval_s=0.05)
    win = CounterWindow(bridge, session)
    qtbot.addWidget(win)
    win.resize(1920, 1080)
    win.show()
    shot(win, "screens-en", "20-counter-login")
    qtbot.keyClicks(win.findChild(QWidget, "username"), "hoa")
    qtbot.keyClicks(win.findChild(QWidget, "password"), "counter pass 9")
    qtbot.mouseClick(win.findChild(QPushButton, "sign_in"), Qt.MouseButton.LeftButton)
    assert session.cashier is not None and win.stack.currentIndex() == 1
    qtbot.mouseClick(win.findChild(QPushButton, "quick_combo-3_adult"), Qt.MouseButton.LeftButton)
    status = win.findChild(QLabel, "counter_status")
    qtbot.mouseClick(win.findChild(QPushButton, "pay_demo"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.handle is not None, timeout=10_000)
    qtbot.mouseClick(win.findChild(QPushButton, "demo_decline"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "declined" in status.text().lower(), timeout=10_000)
    qtbot.mouseClick(win.findChild(QPushButton, "pay_demo"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.handle is not None, timeout=10_000)
    qtbot.mouseClick(win.findChild(QPushButton, "demo_approve"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1/1" in status.text(), timeout=30_000)
    shot(win, "screens-en", "21-counter-sale")
    assert len(list(k.out_dir.glob("ticket-*.png"))) == 1
    with db.session_scope(world.engine) as s:
        states = sorted(o.state for o in s.exec(select(Order)).all())
    assert states == ["printed", "released"]  # the declined attempt held nothing
    bridge.pool.waitForDone(10_000)


def test_product_screen_greys_out_timed_tickets_while_central_is_away(gui, qtbot):
    from shared.slots import CentralSlots
    from shared.sync.outbox import central_engine

    k, _bridge, window = gui
    unreachable = central_engine("postgresql://kiosk@127.0.0.1:9/citadel", connect_timeout=1)
    holds = CentralSlots(unreachable, device_id="kiosk-1")
    k.service.central_slots = holds
    try:
        assert not holds.check_reachable()  # nothing listens on port 9
        click(qtbot, window, "start")
        click(qtbot, window, "lang_vi")
        qtbot.waitUntil(
            lambda: k.flow.step == Step.PRODUCT and window.current.objectName() == "ProductScreen"
        )

        def button(name: str) -> QPushButton:  # the screen rebuilds its buttons when the view changes
            return window.current.findChild(QPushButton, name)

        qtbot.waitUntil(lambda: not button("product_imperial-city-night").isEnabled())
        assert button("product_combo-3").isEnabled()
        notice = window.current.findChild(QLabel, "notice")
        assert notice.isVisible() and "mạng" in notice.text()
        night = button("product_imperial-city-night")
        window.current.findChild(QScrollArea).ensureWidgetVisible(night)  # show the greyed-out ticket
        shot(window, "screens-vi", "03b-product-timed-unavailable")
    finally:
        unreachable.dispose()
