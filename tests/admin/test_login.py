"""Login screen: first run asks for the first manager; wrong password, lockout and success."""

from __future__ import annotations

from PySide6.QtCore import Qt

from admin.backend import Auth
from shared.users import MAX_FAILURES, Principal
from tests.admin.conftest import snap


def test_first_run_creates_the_first_manager(qtbot, world, runner):
    auth = Auth(world.engine)
    assert auth.needs_first_manager()
    from admin.screens.login import LoginScreen

    screen = LoginScreen(auth, runner, "en", first_run=True)
    qtbot.addWidget(screen)
    screen.resize(420, 320)
    qtbot.keyClicks(screen.username, "anna")
    qtbot.keyClicks(screen.password, "manager-pass")
    qtbot.keyClicks(screen.confirm_password, "other-pass")
    with qtbot.waitSignal(screen.failed, timeout=5000):
        qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    assert "match" in screen.error.text()
    screen.confirm_password.setText("manager-pass")
    screen.password.setText("manager-pass")
    snap(screen, "login-first-run")
    with qtbot.waitSignal(screen.logged_in, timeout=10000) as sig:
        qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    assert sig.args[0] == Principal("anna", "manager")
    assert not auth.needs_first_manager()


def test_wrong_password_then_lockout_then_refused(qtbot, busy_world, runner):
    from admin.screens.login import LoginScreen

    screen = LoginScreen(Auth(busy_world.engine), runner, "vi")
    qtbot.addWidget(screen)
    screen.resize(420, 320)
    screen.username.setText("binh")
    for _ in range(MAX_FAILURES):
        screen.password.setText("wrong-pass")
        with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
            qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
        assert sig.args[0] == "bad_login"
    assert screen.error.text() == "Sai tên đăng nhập hoặc mật khẩu"
    screen.password.setText("cashier-pass")
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    assert sig.args[0] == "locked"
    assert "khóa" in screen.error.text()
    snap(screen, "login-locked")


def test_good_login(qtbot, busy_world, runner):
    from admin.screens.login import LoginScreen

    screen = LoginScreen(Auth(busy_world.engine), runner, "en")
    qtbot.addWidget(screen)
    screen.username.setText("binh")
    screen.password.setText("cashier-pass")
    with qtbot.waitSignal(screen.logged_in, timeout=10000) as sig:
        screen.password.returnPressed.emit()
    assert sig.args[0].role == "cashier"
    snap(screen, "login")
