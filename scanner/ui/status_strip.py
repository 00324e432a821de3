"""Scanner UI layer: the connectivity strip: central / peers / offline / stand-alone (glyph AND words),
the number of scans waiting to upload, and the gate's mode (entry or exit)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from scanner.gate import GateStatus

GLYPHS = {"central": "●", "peers": "◐", "offline": "○", "local": "■"}
COLOURS = {"central": "#1b7a3a", "peers": "#b26a00", "offline": "#b3261e", "local": "#3a3f44"}


class StatusStrip(QFrame):
    """Object names: ``connectivity``, ``queued``, ``mode``, ``maintenanceButton``.
    ``connectivity_state`` holds the last state shown."""

    def __init__(self) -> None:
        super().__init__()
        self.connectivity_state = "offline"
        self.connectivity = QLabel()
        self.connectivity.setObjectName("connectivity")
        self.queued = QLabel()
        self.queued.setObjectName("queued")
        self.mode = QLabel()
        self.mode.setObjectName("mode")
        self.maintenance = QPushButton(self.tr("Maintenance"))
        self.maintenance.setObjectName("maintenanceButton")
        layout = QHBoxLayout(self)
        for w in (self.mode, self.connectivity, self.queued):
            w.setStyleSheet("font-size: 18px;")
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(self.maintenance)

    def show_mode(self, direction: str) -> None:
        text = self.tr("Mode: ENTRY") if direction == "in" else self.tr("Mode: EXIT")
        self.mode.setText(text)

    def show_status(self, status: GateStatus) -> None:
        state = status.connectivity
        self.connectivity_state = state
        if state == "central":
            text = self.tr("Online: central")
        elif state == "peers":
            text = self.tr("Central unreachable: %1/%2 peer gates").replace("%1", str(status.peers_up))
            text = text.replace("%2", str(status.peers_total))
        elif state == "local":
            text = self.tr("Stand-alone: local database")
        else:
            text = self.tr("Offline: checking locally")
        self.connectivity.setText(f"{GLYPHS[state]} {text}")
        self.connectivity.setStyleSheet(f"font-size: 18px; color: {COLOURS[state]}; font-weight: bold;")
        self.queued.setText(self.tr("Uploads waiting: %1").replace("%1", str(status.queued)))
        self.show_mode(status.direction)
