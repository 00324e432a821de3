"""The entry point's controller: first run -> first manager -> main window -> sign out -> login."""

from __future__ import annotations

from PySide6.QtCore import Qt

from admin.app import AdminController, ProviderCache
from shared.config import load_settings
from tests.admin.conftest import snap


def test_first_run_to_main_window_and_sign_out(qtbot, tmp_path):
    settings = load_settings(data_dir=tmp_path, demo_mode=True, database_url="")
    controller = AdminController(settings, "en")
    controller.start()
    login = controller.login
    assert login is not None and login.first_run
    qtbot.addWidget(login)
    login.username.setText("anna")
    login.password.setText("manager-pass")
    login.confirm_password.setText("manager-pass")
    qtbot.mouseClick(login.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10000)
    window = controller.window
    qtbot.addWidget(window)
    assert next(iter(window.screens)) == "dashboard" and "users" in window.screens
    qtbot.waitUntil(lambda: window.screens["dashboard"].data is not None, timeout=10000)
    snap(window, "app-after-first-run")
    qtbot.mouseClick(window.findChild(type(login.button), "logout"), Qt.MouseButton.LeftButton)
    assert controller.login is not login and not controller.login.first_run
    qtbot.addWidget(controller.login)
    assert not window.isVisible()


def test_provider_cache_makes_each_provider_once(tmp_path):
    cache = ProviderCache(load_settings(data_dir=tmp_path, demo_mode=True))
    assert cache("demo") is cache("demo")


def test_an_unreachable_database_gives_a_coded_translated_error_not_a_traceback(qtbot, tmp_path):
    import socket

    from admin.app import open_controller
    from shared.errors import CitadelError

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://postgres@127.0.0.1:{port}/citadel"
    settings = load_settings(data_dir=tmp_path, database_url=url)
    result = open_controller(settings, "vi")
    assert isinstance(result, CitadelError) and result.code == "database"
    assert result.message("vi").startswith("Không kết nối được cơ sở dữ liệu")
    assert "Traceback" not in result.message("vi") and "Connection refused" in result.message("vi")
    # A data disk that cannot hold the SQLite file is the same coded error.
    blocked = tmp_path / "disk"
    blocked.write_text("not a folder", encoding="utf-8")
    result = open_controller(load_settings(data_dir=blocked / "data", database_url=""), "en")
    assert isinstance(result, CitadelError) and result.code == "database"
    assert result.message("en").startswith("The database cannot be reached or is not set up")
