"""Scanner UI layer: the fullscreen gate window. Live preview on the left, the verdict panel on the
right, today's counts below, the connectivity strip at the top, the typed-code field at the bottom; the
maintenance screen (PIN-protected mode switch) replaces the main page when opened.

The window only shows what :class:`scanner.ui.bridge.GateBridge` signals; it never reads the database
or decodes anything itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from scanner.gate import GateResult, GateStatus

from .bridge import GateBridge
from .maintenance_screen import MaintenanceScreen
from .manual_entry import ManualEntry
from .stats_bar import StatsBar
from .status_strip import StatusStrip
from .verdict_panel import VerdictPanel

STATUS_INTERVAL_MS = 2000
VERDICT_HOLD_MS = 4000


class GateWindow(QMainWindow):
    """The gate's one window. ``bridge`` carries the controller; ``site_name`` is shown in the title."""

    def __init__(self, bridge: GateBridge, site_name: str = "", gate_name: str = "") -> None:
        super().__init__()
        self.bridge = bridge
        self.setWindowTitle(self.tr("Citadel gate") + (f" · {site_name} · {gate_name}" if site_name else ""))
        self.preview = QLabel(self.tr("No camera picture"))
        self.preview.setObjectName("preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(480, 270)
        self.preview.setStyleSheet("background: #111; color: #ccc; font-size: 18px;")
        self.verdict = VerdictPanel()
        self.stats = StatsBar()
        self.strip = StatusStrip()
        self.manual = ManualEntry()
        self.maintenance = MaintenanceScreen()

        main = QWidget()
        column = QVBoxLayout(main)
        column.addWidget(self.strip)
        row = QHBoxLayout()
        row.addWidget(self.preview, 1)
        row.addWidget(self.verdict, 1)
        column.addLayout(row, 1)
        column.addWidget(self.stats)
        column.addWidget(self.manual)
        self.pages = QStackedWidget()
        self.pages.addWidget(main)
        self.pages.addWidget(self.maintenance)
        self.setCentralWidget(self.pages)

        self.reset_timer = QTimer(self)
        self.reset_timer.setSingleShot(True)
        self.reset_timer.timeout.connect(self.verdict.show_idle)
        self.status_timer = QTimer(self)
        self.status_timer.timeout.connect(bridge.refresh_status)
        self.status_timer.start(STATUS_INTERVAL_MS)

        bridge.result.connect(self.show_result)
        bridge.status.connect(self.show_status)
        bridge.failed.connect(self.show_failure)
        bridge.mode_changed.connect(self._mode_changed)
        bridge.pin_refused.connect(self.maintenance.show_refused)
        self.manual.submitted.connect(bridge.submit_text)
        self.strip.maintenance.clicked.connect(self.open_maintenance)
        self.maintenance.apply.connect(bridge.set_direction)
        self.maintenance.closed.connect(self.close_maintenance)
        self.strip.show_mode(bridge.controller.direction)
        bridge.refresh_status()
        # A USB barcode scanner in keyboard mode types into whatever has the focus and ends with Enter.
        # The code field keeps it: the buttons never take it (they are touched, not tabbed to), and keys
        # typed while nothing else wants them are passed on to the field (see keyPressEvent).
        self.strip.maintenance.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.manual.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusProxy(self.manual.code)
        self.manual.code.setFocus()

    def attach_preview(self, worker: object) -> None:
        preview = getattr(worker, "preview", None)
        if preview is not None:
            preview.connect(self.show_frame)

    def show_frame(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
        )
        self.preview.setPixmap(pixmap)

    def show_result(self, result: GateResult) -> None:
        self.verdict.show_result(result)
        self.reset_timer.start(VERDICT_HOLD_MS)

    def show_status(self, status: GateStatus) -> None:
        self.strip.show_status(status)
        self.stats.show_day(status.day)

    def show_failure(self, code: str, message: str) -> None:
        self.preview.setText("⚠ " + message)

    def open_maintenance(self) -> None:
        self.maintenance.open_for(self.bridge.controller.direction)
        self.pages.setCurrentWidget(self.maintenance)

    def close_maintenance(self) -> None:
        self.pages.setCurrentIndex(0)
        self.manual.code.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys nobody else took (the focus was lost, e.g. after a touch on the picture) go to the code
        field on the main page, so a keyboard-wedge scan is never lost; Enter then checks the code."""
        if self.pages.currentIndex() == 0 and (event.text().isprintable() and event.text()):
            self.manual.code.setFocus()
            self.manual.code.insert(event.text())
            return
        if self.pages.currentIndex() == 0 and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.manual.code.setFocus()
            self.manual.submit()
            return
        super().keyPressEvent(event)

    def _mode_changed(self, direction: str) -> None:
        self.maintenance.show_applied(direction)
        self.strip.show_mode(direction)
        self.bridge.refresh_status()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.status_timer.stop()
        self.reset_timer.stop()
        self.bridge.shutdown()
        super().closeEvent(event)
