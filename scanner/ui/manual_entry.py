"""Scanner UI layer: staff type a code by hand (the whole code, or the printed ticket number)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton


class ManualEntry(QFrame):
    """Object names: ``manualCode``, ``manualSubmit``. Emits ``submitted(text)``."""

    submitted = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.code = QLineEdit()
        self.code.setObjectName("manualCode")
        self.code.setPlaceholderText(self.tr("Type a ticket code or number"))
        self.button = QPushButton(self.tr("Check"))
        self.button.setObjectName("manualSubmit")
        layout = QHBoxLayout(self)
        layout.addWidget(self.code, 1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.submit)
        self.code.returnPressed.connect(self.submit)

    def submit(self) -> None:
        text = self.code.text().strip()
        if text:
            self.submitted.emit(text)
            self.code.clear()
