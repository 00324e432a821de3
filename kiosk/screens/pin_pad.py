"""Qt kiosk layer: the staff PIN pad shown after the hidden gesture (a large on-screen keypad)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.bridge import FlowBridge
from kiosk.screens.base import button, label
from kiosk.tr import ts


class PinPad(QWidget):
    def __init__(self, bridge: FlowBridge, on_close: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("PinPad")
        self.bridge = bridge
        self.on_close = on_close
        self.pin = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(160, 40, 160, 40)
        self.title = label("", "title", center=True)
        self.display = label("", "big", center=True)
        self.message = label("", "subtitle", center=True)
        outer.addWidget(self.title)
        outer.addWidget(self.display)
        outer.addWidget(self.message)
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, digit in enumerate("123456789"):
            b = button(digit, f"pin_{digit}")
            b.setMinimumHeight(90)
            b.clicked.connect(lambda _=False, d=digit: self._digit(d))
            grid.addWidget(b, i // 3, i % 3)
        self.clear = button("⌫", "pin_clear")
        self.clear.setMinimumHeight(90)
        self.clear.clicked.connect(self._clear)
        zero = button("0", "pin_0")
        zero.setMinimumHeight(90)
        zero.clicked.connect(lambda: self._digit("0"))
        self.ok = button("OK", "pin_ok", primary=True)
        self.ok.setMinimumHeight(90)
        self.ok.clicked.connect(self._submit)
        grid.addWidget(self.clear, 3, 0)
        grid.addWidget(zero, 3, 1)
        grid.addWidget(self.ok, 3, 2)
        outer.addLayout(grid)
        row = QHBoxLayout()
        self.cancel = button("", "pin_cancel")
        self.cancel.clicked.connect(self._cancel)
        row.addWidget(self.cancel)
        outer.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(ts("Staff PIN"))
        self.cancel.setText(ts("Cancel"))
        self.display.setText("●" * len(self.pin) or "—")

    def reset(self) -> None:
        self.pin = ""
        self.message.setText("")
        self.retranslate()

    def _digit(self, d: str) -> None:
        if len(self.pin) < 12:
            self.pin += d
        self.retranslate()

    def _clear(self) -> None:
        self.pin = self.pin[:-1]
        self.retranslate()

    def _cancel(self) -> None:
        self.reset()
        self.on_close()

    def _submit(self) -> None:
        flow = self.bridge.flow
        if flow.open_maintenance(self.pin):
            self.reset()
            self.on_close()
        else:
            self.pin = ""
            self.message.setText("✕ " + (flow.view.notice.text if flow.view.notice else ts("Wrong PIN.")))
            self.retranslate()
