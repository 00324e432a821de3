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
