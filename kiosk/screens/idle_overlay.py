"""Qt kiosk layer: the "Are you still there?" overlay with its countdown and a "More time" button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import button, label
from kiosk.tr import t


class IdleOverlay(QFrame):
    def __init__(self, bridge: FlowBridge, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.bridge = bridge
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QFrame()
        box.setObjectName("overlayBox")
        box.setMinimumWidth(700)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(40, 40, 40, 40)
        inner.setSpacing(24)
        self.question = label("", "title", center=True)
        self.countdown = label("", "big", center=True)
        self.countdown.setObjectName("countdown")
        self.more = button("", "more_time", primary=True)
        self.more.setMinimumHeight(110)
        self.more.clicked.connect(bridge.flow.more_time)
        self.end = button("", "end_now")
        self.end.clicked.connect(bridge.cancel)
        for w in (self.question, self.countdown, self.more, self.end):
            inner.addWidget(w)
        outer.addWidget(box)
        self.hide()

    def refresh(self, view: View) -> None:
        if view.idle_countdown is None:
            self.hide()
            return
        self.question.setText(t("Are you still there?"))
        self.countdown.setText(t("Your session ends in %n s.").replace("%n", str(view.idle_countdown)))
        self.more.setText(t("Yes, I need more time"))
        self.end.setText(t("No, start over"))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
