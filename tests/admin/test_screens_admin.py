"""Catalogue, devices (key approval and revocation), users, audit log and the main window; each privileged
action audited, each refused for the wrong role."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from admin.main_window import MainWindow
from admin.screens.audit import AuditScreen
from admin.screens.catalogue import CatalogueScreen
from admin.screens.devices import DevicesScreen
from admin.screens.users import UsersScreen
from shared import db, keys, users
from shared.errors import CitadelError
from shared.models import AuditEvent, Device, Price, Product, SigningKey, Site
from tests.admin.conftest import snap


def load(qtbot, screen, size=(1200, 700)):
    qtbot.addWidget(screen)
    screen.resize(*size)
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        screen.refresh()
    return screen


def audit_actions(world) -> list[str]:
    with db.session_scope(world.engine) as s:
        return [e.action for e in s.exec(select(AuditEvent)).all()]


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
    screen.products.selectRow(0)
    screen.price.setValue(210000)
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.save_price, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        product = s.exec(select(Product).where(Product.code == screen.product_rows[0]["code"])).one()
        assert 210000 in [p.amount for p in s.exec(select(Price).where(Price.product_id == product.id)).all()]
    assert {"site.change", "price.change"} <= set(audit_actions(busy_world))
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    snap(screen, "catalogue")


def test_catalogue_bad_value_and_cashier_refused(qtbot, busy_world, backend_for, runner):
    screen = load(qtbot, CatalogueScreen(backend_for("manager"), runner))
    screen.sites.item(0, 3).setText("25:99")
    with qtbot.waitSignal(screen.failed, timeout=5000) as sig:
        screen.save()
    assert sig.args[0] == "bad_site_value"
    cashier = load(qtbot, CatalogueScreen(backend_for("cashier"), runner))
    assert not cashier.save_sites.isEnabled() and not cashier.save_price.isEnabled()
    cashier.products.selectRow(0)
    with qtbot.waitSignal(cashier.failed, timeout=10000) as sig:
        cashier.set_price()
    assert sig.args[0] == "forbidden"


def test_devices_approve_and_revoke_keys(qtbot, busy_world, backend_for, runner):
    store = keys.FileKeyStore(busy_world.key_dir)
    with db.session_scope(busy_world.engine) as s:
        s.add(Device(id="kiosk-2", kind="kiosk", site_code="imperial-city"))
        s.flush()
        key_id = keys.create_key(s, store, "kiosk-2", approve=False).key_id
    screen = load(qtbot, DevicesScreen(backend_for("manager"), runner))
    row = next(i for i, (_, k) in enumerate(screen.keys) if k is not None and k.key_id == key_id)
    assert screen.table.item(row, 7).text() == "waiting for approval"
    snap(screen, "devices")
    screen.table.selectRow(row)
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.approve_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert s.get(SigningKey, key_id).approved_at is not None
        assert s.get(Device, "kiosk-2").status == "approved"
    qtbot.waitUntil(
        lambda: screen.table.item(row, 7) is not None and screen.table.item(row, 7).text() == "approved",
        timeout=10000,
    )
    screen.table.selectRow(row)
    with qtbot.waitSignal(screen.acted, timeout=10000):
        qtbot.mouseClick(screen.revoke_button, Qt.MouseButton.LeftButton)
    with db.session_scope(busy_world.engine) as s:
        assert s.get(SigningKey, key_id).revoked_at is not None
    assert {"key.approve", "key.revoke"} <= set(audit_actions(busy_world))


def test_devices_refused_for_cashier(qtbot, busy_world, backend_for, runner):
    screen = DevicesScreen(backend_for("cashier"), runner)
    qtbot.addWidget(screen)
    assert not screen.approve_button.isEnabled() and not screen.revoke_button.isEnabled()
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.refresh()
    assert sig.args[0] == "forbidden"


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
