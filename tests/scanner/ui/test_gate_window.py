"""The gate window, driven as staff and visitors use it (pytest-qt, offscreen): admit, every refusal,
a group, exit mode behind the PIN (and a wrong PIN), camera frames decoded off the GUI thread, and
connectivity going from central to peers to offline and back. Screenshots: tests/artifacts/gate/."""

from __future__ import annotations

import socket
import threading

import cv2
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from scanner.gate import GateController, LogRelay, tcp_probe
from scanner.peers import PeerLink
from scanner.sources import FolderSource
from scanner.ui.bridge import GateBridge
from scanner.ui.gate_window import GateWindow
from scanner.ui.translations import install_translator, remove_translator
from tests.conftest import ARTIFACTS
from tests.scanner.ui.gate_support import (
    REFUSALS,
    camera_frame,
    free_udp_port,
    opening_hours_clock,
    refusal_token,
)

SHOTS = ARTIFACTS / "gate"
SECRET = b"window-test-secret"
PIN = "2468"


class CentralStandIn:
    """A TCP listener standing for central's address: up while listening, down once closed."""

    def __init__(self, port: int = 0) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def gate(world, qtbot):
    SHOTS.mkdir(parents=True, exist_ok=True)
    central = CentralStandIn()
    relay = LogRelay()
    controller = GateController(
        world.engine,
        site="imperial-city",
        gate="Gate 2",
        device_id="gate-2",
        relay=relay,
        staff_pin=PIN,
        clock=opening_hours_clock,
        central_probe=tcp_probe(f"postgresql://127.0.0.1:{central.port}/citadel", timeout=0.5),
    )
    port, neighbour_port = free_udp_port(), free_udp_port()
    link = PeerLink(("127.0.0.1", port), [f"127.0.0.1:{neighbour_port}"], SECRET, "Gate 2", lambda u: True)
    controller.attach_peers(link)
    link.start()
    neighbour = PeerLink(
        ("127.0.0.1", neighbour_port), [f"127.0.0.1:{port}"], SECRET, "Gate 3", lambda u: True
    )
    neighbour.start()
    bridge = GateBridge(controller, language="vi")
    window = GateWindow(bridge, "Imperial City", "Gate 2")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.central, window.neighbour, window.relay = central, neighbour, relay
    yield window
    window.close()
    neighbour.stop()
    central.close()
    controller.close()
    # A peer message that arrived while closing may have queued one more status job: let it finish
    # before the world's database goes away under it.
    bridge.pool.waitForDone(10_000)


def present(qtbot, window, text: str):
    """Staff type a code and press Check; returns the result the window showed."""
    field = window.findChild(type(window.manual.code), "manualCode")
    with qtbot.waitSignal(window.bridge.result, timeout=10000) as blocker:
        qtbot.keyClicks(field, text)
        qtbot.mouseClick(window.manual.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.verdict.vi.text() == blocker.args[0].messages["vi"], timeout=5000)
    return blocker.args[0]


def shot(window, name: str) -> None:
    assert window.grab().save(str(SHOTS / f"{name}.png"))


def test_admit_shows_green_tick_both_languages_and_counts(world, gate, qtbot) -> None:
    _, [token] = world.sell("imperial-city")
    result = present(qtbot, gate, token)
    panel = gate.verdict
    assert (panel.state, panel.icon.text()) == ("admitted", "✓")
    assert panel.vi.text() == "Mời vào: 1 người" and panel.en.text() == "Welcome: 1 person(s)"
    assert panel.title.text() == "ADMITTED"
    qtbot.waitUntil(
        lambda: "1" in gate.stats.entries.text() and "1 /" in gate.stats.occupancy.text(), timeout=10000
    )
    qtbot.waitUntil(lambda: gate.strip.queued.text().endswith("1"), timeout=10000)
    assert result.verdict.gate == "Gate 2"
    shot(gate, "admit")


@pytest.mark.parametrize("code", REFUSALS)
def test_every_refusal_shows_red_cross_and_the_reason(world, gate, qtbot, code) -> None:
    token = refusal_token(world, code, at=opening_hours_clock())
    if code == "key_revoked":
        gate.bridge.controller.refresh_keyring()
    if code == "already_used":
        assert present(qtbot, gate, token).admitted
    result = present(qtbot, gate, token)
    panel = gate.verdict
    assert (result.code, panel.state, panel.icon.text()) == (code, "refused", "✗")
    assert panel.vi.text() == result.verdict.message("vi") and panel.en.text() == result.verdict.message("en")
    assert panel.persons.text() == ""
    if code == "already_used":
        assert "Gate 2" in panel.en.text() and "Đã sử dụng lúc" in panel.vi.text()
    shot(gate, f"refused-{code}")


def test_a_keyboard_wedge_scan_reaches_the_code_field_wherever_the_focus_was(world, gate, qtbot) -> None:
    # A USB scanner in keyboard mode types the code into whatever has the focus, then presses Enter.
    _, [first, second] = world.sell("imperial-city", adult=2)
    gate.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is gate.manual.code, timeout=5000)
    with qtbot.waitSignal(gate.bridge.result, timeout=10000) as scanned:
        qtbot.keyClicks(QApplication.focusWidget(), first)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert scanned.args[0].code == "admitted"
    # The focus went elsewhere (nothing has it): the next scan still reaches the field, and its Enter
    # never presses the Maintenance button.
    gate.manual.code.clearFocus()
    with qtbot.waitSignal(gate.bridge.result, timeout=10000) as scanned:
        qtbot.keyClicks(gate, second)
        qtbot.keyClick(gate, Qt.Key.Key_Return)
    assert scanned.args[0].code == "admitted" and gate.pages.currentIndex() == 0
    assert gate.manual.code.text() == ""


def test_group_ticket_shows_the_persons_count(world, gate, qtbot) -> None:
    _, [token] = world.sell("imperial-city", adult=12, group=True)
    present(qtbot, gate, token)
    assert gate.verdict.state == "admitted" and "12" in gate.verdict.persons.text()
    assert "12" in gate.verdict.vi.text() and "12" in gate.verdict.en.text()
    gate.bridge.controller.relay.drain()
    assert len(gate.relay.pulses) == 12
    shot(gate, "group-12")


def test_exit_mode_behind_the_pin_and_a_wrong_pin(world, gate, qtbot) -> None:
    _, [token] = world.sell("imperial-city")
    assert present(qtbot, gate, token).admitted
    qtbot.mouseClick(gate.strip.maintenance, Qt.MouseButton.LeftButton)
    screen = gate.maintenance
    assert gate.pages.currentWidget() is screen
    # Click on the radio's indicator (its middle may be empty space beyond the label).
    qtbot.mouseClick(screen.exit, Qt.MouseButton.LeftButton, pos=QPoint(8, screen.exit.height() // 2))
    assert screen.exit.isChecked()
    qtbot.keyClicks(screen.pin, "1111")
    with qtbot.waitSignal(gate.bridge.pin_refused, timeout=5000):
        qtbot.mouseClick(screen.apply_button, Qt.MouseButton.LeftButton)
    assert "PIN" in screen.message.text() and "không đúng" in screen.message.text()
    assert gate.bridge.controller.direction == "in"
    shot(gate, "maintenance-wrong-pin")
    qtbot.keyClicks(screen.pin, PIN)
    with qtbot.waitSignal(gate.bridge.mode_changed, timeout=5000):
        qtbot.mouseClick(screen.apply_button, Qt.MouseButton.LeftButton)
    assert gate.bridge.controller.direction == "out" and "EXIT" in screen.message.text()
    shot(gate, "maintenance-exit-mode")
    qtbot.mouseClick(screen.close_button, Qt.MouseButton.LeftButton)
    assert gate.pages.currentIndex() == 0 and "EXIT" in gate.strip.mode.text()
    result = present(qtbot, gate, token)
    assert (result.code, gate.verdict.state, gate.verdict.icon.text()) == ("exit", "exit", "➜")
    assert gate.verdict.en.text().startswith("Goodbye")
    qtbot.waitUntil(lambda: "1" in gate.stats.exits.text(), timeout=10000)
    shot(gate, "exit")


def test_camera_frames_are_decoded_off_the_gui_thread(world, gate, qtbot, tmp_path) -> None:
    _, [token] = world.sell("imperial-city")
    folder = tmp_path / "frames"
    folder.mkdir()
    for i in range(3):  # the same ticket held in view for three frames: one verdict
        cv2.imwrite(str(folder / f"{i:03d}.png"), camera_frame(token, seed=11))
    with qtbot.waitSignal(gate.bridge.result, timeout=15000) as blocker:
        worker = gate.bridge.start_source(FolderSource(folder))
        gate.attach_preview(worker)
    assert blocker.args[0].code == "admitted" and blocker.args[0].source == "camera"
    qtbot.waitUntil(lambda: worker.isFinished(), timeout=15000)
    qtbot.waitUntil(
        lambda: gate.preview.pixmap() is not None and not gate.preview.pixmap().isNull(), timeout=5000
    )
    assert threading.main_thread().ident not in gate.bridge.worker_threads
    assert gate.bridge.worker_threads
    shot(gate, "camera-admit")


def test_connectivity_goes_offline_and_comes_back(world, gate, qtbot) -> None:
    strip = gate.strip
    qtbot.waitUntil(lambda: strip.connectivity_state == "central", timeout=15000)
    assert strip.connectivity.text().startswith("●")
    port = gate.central.port
    gate.central.close()  # uplink down: the peer gate is still there
    qtbot.waitUntil(lambda: strip.connectivity_state == "peers", timeout=15000)
    assert strip.connectivity.text().startswith("◐") and "1/1" in strip.connectivity.text()
    _, [token] = world.sell("imperial-city")
    result = present(qtbot, gate, token)
    assert result.admitted and result.verdict.as_dict()["admitted"]
    qtbot.waitUntil(
        lambda: strip.queued.text().endswith("1") and "1" in gate.stats.entries.text(), timeout=10000
    )
    shot(gate, "peers-only")
    gate.neighbour.stop()  # and the LAN too
    qtbot.waitUntil(lambda: strip.connectivity_state == "offline", timeout=15000)
    assert strip.connectivity.text().startswith("○")
    _, [token2] = world.sell("imperial-city")
    assert present(qtbot, gate, token2).admitted  # the gate keeps working alone
    qtbot.waitUntil(lambda: strip.queued.text().endswith("2"), timeout=10000)
    shot(gate, "offline")
    gate.central = CentralStandIn(port)  # central is back
    qtbot.waitUntil(lambda: strip.connectivity_state == "central", timeout=15000)
    shot(gate, "back-online")


def test_window_strings_in_vietnamese(world, gate, qtbot) -> None:
    translator = install_translator("vi")
    assert translator is not None
    try:
        window = GateWindow(gate.bridge, "Đại Nội", "Cổng 2")
        qtbot.addWidget(window)
        window.resize(1280, 800)
        _, [token] = world.sell("imperial-city", adult=3, group=True)
        present(qtbot, window, token)
        assert window.verdict.title.text() == "ĐƯỢC VÀO"
        assert window.verdict.persons.text() == "Đoàn: 3 người"
        assert window.strip.maintenance.text() == "Bảo trì"
        window.bridge.refresh_status()
        qtbot.waitUntil(lambda: "3" in window.stats.entries.text(), timeout=10000)
        assert window.stats.entries.text().startswith("Vào hôm nay")
        shot(window, "admit-group-vi")
    finally:
        remove_translator(translator)


def test_citadel_gate_window_entry_point_starts_and_decodes(world, qtbot, tmp_path, monkeypatch) -> None:
    from scanner.app import GateOptions
    from scanner.ui.run import open_window
    from tests.scanner.ui.gate_support import gate_database

    _, [token] = world.sell("imperial-city")
    url = gate_database(world, tmp_path, "gate")
    monkeypatch.setenv("CITADEL_DATABASE_URL", url)
    monkeypatch.setenv("CITADEL_STAFF_PIN", PIN)
    monkeypatch.setenv("CITADEL_LANGUAGE", "en")
    monkeypatch.delenv("CITADEL_CONFIG", raising=False)
    folder = tmp_path / "frames"
    folder.mkdir()
    cv2.imwrite(str(folder / "0.png"), camera_frame(token, seed=5))
    opts = GateOptions(source=f"folder:{folder}", site="imperial-city", gate="Gate 9", fullscreen=False)
    session = open_window(opts)
    try:
        qtbot.waitUntil(lambda: session.window.verdict.state != "idle", timeout=15000)
        assert session.window.verdict.state == "admitted"
        assert "Gate 9" in session.window.windowTitle()
    finally:
        session.close()


def test_capacity_warning_is_a_word_not_only_a_colour(world, gate, qtbot) -> None:
    from sqlmodel import select

    from shared import db
    from shared.models import Site

    with db.session_scope(world.engine) as s:
        site = s.exec(select(Site).where(Site.code == "imperial-city")).one()
        site.capacity = 4  # a small chapel, so a group of 4 fills it
        s.add(site)
    _, [token] = world.sell("imperial-city", adult=4, group=True)
    present(qtbot, gate, token)
    qtbot.waitUntil(lambda: gate.stats.warning.text() != "", timeout=10000)
    assert "Near capacity" in gate.stats.warning.text() and "4 / 4" in gate.stats.occupancy.text()
    shot(gate, "capacity-warning")
