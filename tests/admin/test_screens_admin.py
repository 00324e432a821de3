"""Catalogue, devices (key approval and revocation), users, audit log and the main window; each privileged
action audited, each refused for the wrong role."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableWidget
from sqlmodel import select

from admin.main_window import MainWindow
from admin.screens.audit import AuditScreen
from admin.screens.catalogue import CatalogueScreen
from admin.screens.devices import DevicesScreen
from admin.screens.users import UsersScreen
from shared import db, keys, sales, users
from shared.errors import CitadelError
from shared.models import AuditEvent, Category, Device, Price, Product, SigningKey, Site, TimeSlot
from tests.admin.conftest import snap


def load(qtbot, screen, size=(1200, 700)):
    qtbot.addWidget(screen)
    screen.resize(*size)
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        screen.refresh()
    return screen


def events_of(world, action: str) -> list[AuditEvent]:
    with db.session_scope(world.engine) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def audit_actions(world) -> list[str]:
    with db.session_scope(world.engine) as s:
        return [e.action for e in s.exec(select(AuditEvent)).all()]


def product_row(screen, code: str) -> int:
    return next(i for i, p in enumerate(screen.product_rows) if p["code"] == code)


def test_catalogue_edit_site_and_price(qtbot, busy_world, backend_for, runner):
    screen = load(qtbot, CatalogueScreen(backend_for("manager"), runner), (1280, 800))
    assert screen.sites.rowCount() == 12 and screen.products.rowCount() >= 12
    row = next(i for i, s in enumerate(screen.site_rows) if s.code == "tu-duc")
    screen.sites.item(row, 2).setText("3000")
    screen.sites.item(row, 4).setText("18:00")
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.save_sites, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        site = s.exec(select(Site).where(Site.code == "tu-duc")).one()
        assert (site.capacity, site.closes) == (3000, "18:00")
    # Every category's price is edited in the table (one column each, in the catalogue's order).
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert [code for code, _ in screen.category_rows] == ["adult", "child", "free"]
    headers = [screen.products.horizontalHeaderItem(j).text() for j in (2, 3, 4)]
    assert headers == ["Adult", "Child 7–12", "Under 7 (free)"]
    row = product_row(screen, "minh-mang")
    screen.products.item(row, 2).setText("210,000")
    screen.products.item(row, 3).setText("45000")
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.save_products, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        product = s.exec(select(Product).where(Product.code == "minh-mang")).one()
        cats = {c.id: c.code for c in s.exec(select(Category)).all()}
        rows = s.exec(select(Price).where(Price.product_id == product.id)).all()
        prices = {cats[p.category_id]: p.amount for p in rows}
        assert (prices["adult"], prices["child"]) == (210000, 45000)
    assert audit_actions(busy_world).count("price.change") == 2  # only what changed
    assert "site.change" in audit_actions(busy_world)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    snap(screen, "catalogue")


def test_catalogue_product_validity_and_sale_stop(qtbot, busy_world, backend_for, runner):
    screen = load(qtbot, CatalogueScreen(backend_for("manager"), runner), (1280, 800))
    row = product_row(screen, "combo-3")
    screen.products.item(row, 5).setText("3")
    screen.products.item(row, 6).setCheckState(Qt.CheckState.Unchecked)
    with qtbot.waitSignal(screen.acted, timeout=10000):
        screen.save_product_changes()
    with db.session_scope(busy_world.engine) as s:
        combo = s.exec(select(Product).where(Product.code == "combo-3")).one()
        assert (combo.validity_days, combo.active) == (3, False)
    # A product off sale cannot be sold any more.
    with db.session_scope(busy_world.engine) as s, pytest.raises(CitadelError) as info:
        sales.create_order(s, [sales.CartLine("combo-3", "adult", 1)], device_id="kiosk-1")
    assert info.value.code == "unknown_product"
    [event] = [e for e in events_of(busy_world, "product.change") if e.target == "combo-3"]
    assert event.details["new"] == {"validity_days": 3, "active": False}
    # Bad values are refused with a coded, translated message and change nothing.
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    row = product_row(screen, "combo-4")
    screen.products.item(row, 5).setText("0")
    with qtbot.waitSignal(screen.failed, timeout=5000) as sig:
        screen.save_product_changes()
    assert sig.args[0] == "bad_validity" and "255" in screen.message.text()
    screen.products.item(row, 5).setText("1")
    screen.products.item(row, 2).setText("cheap")
    with qtbot.waitSignal(screen.failed, timeout=5000) as sig:
        screen.save_product_changes()
    assert sig.args[0] == "bad_price" and "cheap" in screen.message.text()
    assert len(events_of(busy_world, "product.change")) == 1


def test_catalogue_time_slots_capacity_and_new_slots(qtbot, busy_world, backend_for, runner):
    screen = load(qtbot, CatalogueScreen(backend_for("manager"), runner), (1280, 800))
    screen.products.selectRow(product_row(screen, "imperial-city-night"))
    qtbot.waitUntil(lambda: screen.slots.rowCount() > 0 and not runner.busy, timeout=10000)
    first = screen.slot_rows[0]
    with db.session_scope(busy_world.engine) as s:  # 5 places of the first slot are reserved
        order = sales.create_order(
            s, [sales.CartLine("imperial-city-night", "adult", 5, first.id)], device_id="kiosk-1"
        )
        sales.reserve(s, order.id)
    screen.slots.item(0, 2).setText("250")
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.save_slots, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert s.get(TimeSlot, first.id).capacity == 250
    # Never below what is already reserved or sold.
    qtbot.waitUntil(lambda: screen.slots.rowCount() > 0 and not runner.busy, timeout=10000)
    screen.slots.item(0, 2).setText("4")
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.save_slot_capacities()
    assert sig.args[0] == "slot_below_taken" and "5" in screen.message.text()
    # New slots: two evening times on three days a month ahead.
    with db.session_scope(busy_world.engine) as s:
        before = len(s.exec(select(TimeSlot).where(TimeSlot.product_id == first.product_id)).all())
    screen.first_day.setDate(QDate.currentDate().addDays(30))
    screen.days.setValue(3)
    screen.times.setText("18:30, 22:00")
    screen.slot_capacity.setValue(120)
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.add_slots_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        after = s.exec(select(TimeSlot).where(TimeSlot.product_id == first.product_id)).all()
    assert len(after) == before + 6 and sum(1 for x in after if x.capacity == 120) == 6
    [event] = events_of(busy_world, "slot.add")
    assert (event.details["times"], event.details["added"]) == (["18:30", "22:00"], 6)
    # The same request again adds nothing: existing slots (and their sales) are kept.
    with qtbot.waitSignal(screen.acted, timeout=10000):
        screen.add_slots()
    assert events_of(busy_world, "slot.add")[-1].details["added"] == 0
    qtbot.waitUntil(lambda: screen.slots.rowCount() == before + 6 and not runner.busy, timeout=10000)
    snap(screen, "catalogue-slots")
    screen.times.setText("25:00")
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.add_slots()
    assert sig.args[0] == "bad_time"
    # A product sold without time slots gets none.
    screen.products.selectRow(product_row(screen, "tu-duc"))
    screen.times.setText("09:00")
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.add_slots()
    assert sig.args[0] == "product_without_slots"


def test_catalogue_bad_value_and_cashier_refused(qtbot, busy_world, backend_for, runner):
    screen = load(qtbot, CatalogueScreen(backend_for("manager"), runner))
    screen.sites.item(0, 3).setText("25:99")
    with qtbot.waitSignal(screen.failed, timeout=5000) as sig:
        screen.save()
    assert sig.args[0] == "bad_site_value"
    assert "25:99" in screen.message.text() and "error." not in screen.message.text()
    cashier = load(qtbot, CatalogueScreen(backend_for("cashier"), runner))
    controls = (cashier.save_sites, cashier.save_products, cashier.save_slots, cashier.add_slots_button)
    assert not any(w.isEnabled() for w in controls)
    assert cashier.products.editTriggers() == QTableWidget.EditTrigger.NoEditTriggers
    # Were the screen bypassed, the backend still refuses, and audits the attempt.
    row = product_row(cashier, "minh-mang")
    cashier.products.item(row, 2).setText("1")
    with qtbot.waitSignal(cashier.failed, timeout=10000) as sig:
        cashier.save_product_changes()
    assert sig.args[0] == "forbidden"
    cashier.products.selectRow(product_row(cashier, "imperial-city-night"))
    cashier.times.setText("19:30")
    with qtbot.waitSignal(cashier.failed, timeout=10000) as sig:
        cashier.add_slots()
    assert sig.args[0] == "forbidden"
    denied = [e.details["permission"] for e in events_of(busy_world, "denied")]
    assert denied.count("catalogue.edit") == 2


def test_devices_approve_and_revoke_keys(qtbot, busy_world, backend_for, runner):
    store = keys.FileKeyStore(busy_world.key_dir)
    with db.session_scope(busy_world.engine) as s:
        s.add(Device(id="kiosk-2", kind="kiosk", site_code="imperial-city"))
        s.flush()
        key_id = keys.create_key(s, store, "kiosk-2", approve=False).key_id
    screen = load(qtbot, DevicesScreen(backend_for("manager"), runner))
    row = next(i for i, (_, k) in enumerate(screen.keys) if k is not None and k.key_id == key_id)
    assert screen.table.item(row, 4).text() == screen.table.item(row, 9).text() == "waiting for approval"
    snap(screen, "devices")
    screen.table.selectRow(row)
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.approve_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert s.get(SigningKey, key_id).approved_at is not None
        assert s.get(Device, "kiosk-2").status == "approved"
    qtbot.waitUntil(
        lambda: screen.table.item(row, 9) is not None and screen.table.item(row, 9).text() == "approved",
        timeout=10000,
    )
    screen.table.selectRow(row)
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.revoke_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert s.get(SigningKey, key_id).revoked_at is not None
        assert s.get(Device, "kiosk-2").status == "approved"  # one key revoked, not the device
    assert {"device.approve", "key.revoke"} <= set(audit_actions(busy_world))


def test_devices_enrol_a_gate_approve_it_and_revoke_a_lost_kiosk(qtbot, busy_world, backend_for, runner):
    store = keys.FileKeyStore(busy_world.key_dir)
    with db.session_scope(busy_world.engine) as s:
        s.add(Device(id="kiosk-7", kind="kiosk", site_code="imperial-city", status="approved"))
        s.flush()
        kiosk_keys = [keys.create_key(s, store, "kiosk-7", approve=True).key_id for _ in range(2)]
    screen = load(qtbot, DevicesScreen(backend_for("manager"), runner))
    # A gate is registered here before its first start; it waits for approval.
    screen.new_id.setText("gate-9")
    screen.new_kind.setCurrentIndex(screen.new_kind.findData("gate"))
    screen.new_site.setCurrentIndex(screen.new_site.findData("tu-duc"))
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.id == "gate-9" for d, _ in screen.keys) and not runner.busy, timeout=10000)
    row = next(i for i, (d, _) in enumerate(screen.keys) if d.id == "gate-9")
    assert [screen.table.item(row, j).text() for j in (2, 3, 4, 9)] == [
        "gate",
        "tu-duc",
        "waiting for approval",
        "no key",
    ]
    # A gate has no key: it is approved as a device.
    screen.table.selectRow(row)
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.approve_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert s.get(Device, "gate-9").status == "approved"
    # Staff know it by its place, not its id.
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    screen.table.selectRow(next(i for i, (d, _) in enumerate(screen.keys) if d.id == "gate-9"))
    screen.rename_to.setText("  Tu Duc   south gate ")
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.rename_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert s.get(Device, "gate-9").name == "Tu Duc south gate"
    qtbot.waitUntil(
        lambda: any(d.id == "gate-9" and d.name == "Tu Duc south gate" for d, _ in screen.keys), timeout=10000
    )
    row = next(i for i, (d, _) in enumerate(screen.keys) if d.id == "gate-9")
    assert screen.table.item(row, 1).text() == "Tu Duc south gate"
    with pytest.raises(CitadelError) as too_long:
        screen.backend.rename_device("gate-9", "x" * 129)
    assert too_long.value.code == "bad_device_name" and "128" in too_long.value.message("vi")
    # A lost kiosk: the device and every key it has are revoked.
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    screen.table.selectRow(next(i for i, (d, _) in enumerate(screen.keys) if d.id == "kiosk-7"))
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.revoke_device_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert s.get(Device, "kiosk-7").status == "revoked"
        assert all(s.get(SigningKey, k).revoked_at is not None for k in kiosk_keys)
    assert {"device.enrol", "device.approve", "device.rename", "device.revoke"} <= set(
        audit_actions(busy_world)
    )
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    snap(screen, "devices-enrolled")
    # Refusals: kiosks make their own key on the device; ids that would break unit names and key files.
    for device_id, kind, code in (
        ("kiosk-9", "kiosk", "enrol_on_device"),
        ("gate 10/a", "gate", "bad_device_id"),
    ):
        with pytest.raises(CitadelError) as info:
            screen.backend.enrol_device(device_id, kind, "tu-duc")
        assert info.value.code == code and info.value.message("vi") != f"error.{code}"
    screen.new_id.setText("gate-9")  # already enrolled and approved
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.enrol()
    assert sig.args[0] == "device_already_enrolled" and "gate-9" in screen.message.text()


def test_devices_refused_for_cashier(qtbot, busy_world, backend_for, runner):
    screen = DevicesScreen(backend_for("cashier"), runner)
    qtbot.addWidget(screen)
    controls = (
        screen.approve_button,
        screen.revoke_button,
        screen.revoke_device_button,
        screen.enrol_button,
        screen.rename_button,
    )
    assert not any(w.isEnabled() for w in controls)
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.refresh()
    assert sig.args[0] == "forbidden"
    with pytest.raises(CitadelError) as info:
        screen.backend.enrol_device("gate-11", "gate", "tu-duc")
    assert info.value.code == "forbidden"


def test_users_add_role_disable_and_password(qtbot, busy_world, backend_for, runner):
    screen = load(qtbot, UsersScreen(backend_for("manager"), runner))
    assert [u.username for u in screen.rows] == ["anna", "binh", "chi"]
    screen.new_name.setText("dung")
    screen.new_password.setText("short")
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    assert sig.args[0] == "weak_password" and "8" in screen.message.text()
    screen.new_password.setText("dung-password")
    screen.role.setCurrentIndex(screen.role.findData("cashier"))
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(screen.rows) == 4, timeout=10000)
    assert users.login(busy_world.engine, "dung", "dung-password").role == "cashier"
    screen.table.selectRow([u.username for u in screen.rows].index("dung"))
    screen.role.setCurrentIndex(screen.role.findData("gate_staff"))
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.set_role_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    screen.table.selectRow([u.username for u in screen.rows].index("dung"))
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    snap(screen, "users")
    with pytest.raises(CitadelError) as err:
        users.login(busy_world.engine, "dung", "dung-password")
    assert err.value.code == "bad_login"
    assert {"user.create", "user.role", "user.disable"} <= set(audit_actions(busy_world))
    # The last manager cannot be demoted.
    screen.table.selectRow([u.username for u in screen.rows].index("anna"))
    screen.role.setCurrentIndex(screen.role.findData("cashier"))
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.set_role()
    assert sig.args[0] == "last_manager"


def test_audit_log_filters(qtbot, busy_world, backend_for, runner):
    backend = backend_for("manager")
    with pytest.raises(CitadelError):
        backend_for("cashier").refund("nope")
    screen = load(qtbot, AuditScreen(backend, runner))
    all_rows = len(screen.rows)
    assert all_rows >= 5
    screen.action.setText("denied")
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        qtbot.mouseClick(screen.filter_button, Qt.MouseButton.LeftButton)
    assert [e.action for e in screen.rows] == ["denied"]
    assert screen.rows[0].actor == "binh" and screen.table.item(0, 1).text() == "binh"
    screen.action.setText("")
    screen.actor.setText("anna")
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        screen.refresh()
    assert screen.rows and all(e.actor == "anna" for e in screen.rows)
    screen.actor.setText("")
    screen.action.setText("order.")
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        screen.refresh()
    assert {e.action for e in screen.rows} == {"order.refunded"}
    snap(screen, "audit")
    # The audit log itself is managers only.
    cashier = AuditScreen(backend_for("cashier"), runner)
    qtbot.addWidget(cashier)
    with qtbot.waitSignal(cashier.failed, timeout=10000) as sig:
        cashier.refresh()
    assert sig.args[0] == "forbidden"


def test_main_window_lists_only_allowed_screens(qtbot, busy_world, backend_for, runner):
    manager = MainWindow(backend_for("manager"), runner)
    qtbot.addWidget(manager)
    assert list(manager.screens) == [
        "dashboard",
        "map",
        "orders",
        "reports",
        "city",
        "catalogue",
        "devices",
        "users",
        "audit",
    ]
    with qtbot.waitSignal(manager.screens["dashboard"].loaded, timeout=10000):
        manager.show()
    snap(manager, "main-window")
    cashier = MainWindow(backend_for("cashier"), runner)
    qtbot.addWidget(cashier)
    assert list(cashier.screens) == ["dashboard", "map", "orders", "catalogue"]
    gate = MainWindow(backend_for("gate_staff"), runner)
    qtbot.addWidget(gate)
    assert list(gate.screens) == ["dashboard", "map"]
    screen = manager.show_screen("users")
    qtbot.waitUntil(lambda: len(screen.rows) == 3, timeout=10000)
    for window in (manager, cashier, gate):
        window.stop()
