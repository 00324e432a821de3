"""Scanner UI layer: the maintenance screen behind the staff PIN: switch the gate between entry and
exit mode. A wrong PIN gets a clear, translated message (the core's ``error.wrong_pin``)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class MaintenanceScreen(QWidget):
    """Object names: ``pin``, ``modeEntry``, ``modeExit``, ``applyMode``, ``closeMaintenance``,
    ``pinMessage``. Emits ``apply(direction, pin)`` and ``closed()``; the window answers with
    :meth:`show_refused` or :meth:`show_applied`."""

    apply = Signal(str, str)
    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("maintenanceScreen")
        title = QLabel(self.tr("Maintenance"))
        title.setStyleSheet("font-size: 28px; font-weight: bold;")
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Staff PIN"))
        self.entry = QRadioButton(self.tr("Entry"))
        self.entry.setObjectName("modeEntry")
        self.exit = QRadioButton(self.tr("Exit"))
        self.exit.setObjectName("modeExit")
        group = QButtonGroup(self)
        group.addButton(self.entry)
        group.addButton(self.exit)
        self.entry.setChecked(True)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("applyMode")
        self.close_button = QPushButton(self.tr("Back"))
        self.close_button.setObjectName("closeMaintenance")
        self.message = QLabel()
        self.message.setObjectName("pinMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.message.setMinimumHeight(60)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.pin)
        row = QHBoxLayout()
        row.addWidget(self.entry)
        row.addWidget(self.exit)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.apply_button.clicked.connect(self._apply)
        self.close_button.clicked.connect(self.closed)

    def open_for(self, direction: str) -> None:
        (self.exit if direction == "out" else self.entry).setChecked(True)
        self.pin.clear()
        self.message.clear()
        self.pin.setFocus()

    def _apply(self) -> None:
        self.apply.emit("out" if self.exit.isChecked() else "in", self.pin.text())

    def show_refused(self, message: str) -> None:
        self.pin.clear()
        self.message.setText("✗ " + message)
        self.message.setStyleSheet("color: #b3261e; font-size: 20px; font-weight: bold;")

    def show_applied(self, direction: str) -> None:
        self.pin.clear()
        text = (
            self.tr("Gate is now in ENTRY mode") if direction == "in" else self.tr("Gate is now in EXIT mode")
        )
        self.message.setText("✓ " + text)
        self.message.setStyleSheet("color: #1b7a3a; font-size: 20px; font-weight: bold;")
