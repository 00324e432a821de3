"""``citadel-kiosk``'s wiring: a device TOML chooses the printer URI, providers, site and default language;
the attract screen comes up first and crash recovery runs after it on a worker."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from kiosk.app import launch
from kiosk.config import load_kiosk_options
from kiosk.flow import Step
from shared.config import load_settings
from shared.errors import CitadelError


def _config(tmp_path, monkeypatch, mode: str = "self") -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(
        f"""
demo_mode = true
device_id = "kiosk-test"
site = "minh-mang"
language = "en"
data_dir = "{tmp_path / "data"}"
printer_uri = "virtual://{tmp_path / "printed"}"
payment_providers = ["demo", "cash"]

[kiosk]
mode = "{mode}"
staff_location = "Minh Mang ticket booth"
quick_keys = ["combo-3", "minh-mang"]
fullscreen = false
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("CITADEL_CONFIG", str(cfg))
    monkeypatch.setenv("CITADEL_STAFF_PIN", "1357")


def test_self_service_from_config(tmp_path, monkeypatch, qtbot):
    _config(tmp_path, monkeypatch)
    kiosk, bridge, window = launch(load_settings(), load_kiosk_options())
    qtbot.addWidget(window)
    try:
        assert kiosk.flow.step == Step.ATTRACT and kiosk.flow.view.language == "en"
        assert set(kiosk.providers) == {"demo"}  # never cash on a self-service kiosk
        assert kiosk.service.site_code == "minh-mang"
        qtbot.waitUntil(
            lambda: kiosk.flow.printer is not None and kiosk.flow.last_recovery is not None, timeout=20_000
        )
        assert kiosk.flow.printer.uri.startswith("virtual://")
        assert kiosk.flow.open_maintenance("1357")
    finally:
        bridge.stop()
        bridge.pool.waitForDone(10_000)


def test_counter_mode_from_config(tmp_path, monkeypatch, qtbot):
    _config(tmp_path, monkeypatch, mode="counter")
    kiosk, bridge, window = launch(load_settings(), load_kiosk_options())
    qtbot.addWidget(window)
    try:
        assert set(kiosk.providers) == {"demo", "cash"}
        assert window.findChild(QPushButton, "pay_cash") is not None
        assert kiosk.counter is not None and kiosk.counter.quick_keys == ("combo-3", "minh-mang")
    finally:
        bridge.stop()
        bridge.pool.waitForDone(10_000)


def test_bad_kiosk_table_is_refused(tmp_path, monkeypatch):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[kiosk]\nmode = "robot"\n', encoding="utf-8")
    with pytest.raises(CitadelError) as exc:
        load_kiosk_options(cfg)
    assert exc.value.code == "kiosk_config"


def test_start_without_its_database_shows_out_of_service_and_starts_once_it_is_there(
    tmp_path, monkeypatch, qtbot
):
    """The database cannot be opened at the kiosk's very first start (here: its folder is a file, as an
    unmounted or read-only data disk would be). No traceback: the out-of-service screen gives the coded
    reason in the kiosk's language, and the kiosk starts by itself once the database can be opened."""
    from pathlib import Path

    from kiosk.app import Startup

    _config(tmp_path, monkeypatch)
    blocked = tmp_path / "db-disk"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CITADEL_DATABASE_URL", f"sqlite:///{blocked / 'citadel.sqlite3'}")
    monkeypatch.setenv("CITADEL_LANGUAGE", "vi")
    startup = Startup(load_settings(), load_kiosk_options(), retry_s=0.2)
    qtbot.addWidget(startup.notice)
    assert startup.attempt() is False
    assert startup.window is None and startup.notice.isVisible() and startup.timer.isActive()
    assert startup.error is not None and startup.error.code == "database"
    reason = startup.notice.reason.text()
    assert reason.startswith("[database] Không kết nối được cơ sở dữ liệu") and "Traceback" not in reason
    assert "Tạm ngừng phục vụ" in startup.notice.headline.text()
    artifacts = Path(__file__).resolve().parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    assert startup.notice.grab().save(str(artifacts / "kiosk-startup-no-database.png"))

    blocked.unlink()
    blocked.mkdir()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=15_000)
    qtbot.addWidget(startup.window)
    try:
        assert startup.window.isVisible() and not startup.notice.isVisible() and not startup.timer.isActive()
        assert startup.kiosk.flow.step == Step.ATTRACT
    finally:
        startup.bridge.stop()
        startup.bridge.pool.waitForDone(10_000)
