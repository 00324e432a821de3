"""Qt kiosk layer: printing, with progress."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar

from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, label
from kiosk.tr import t


class PrintingScreen(Screen):
    show_back = False
    show_cancel = False

    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.body.addStretch(1)
        self.message = label("", "big", center=True)
        self.body.addWidget(self.message)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.body.addWidget(self.progress)
        self.detail = label("", "subtitle", center=True)
        self.body.addWidget(self.detail)
        self.body.addStretch(1)

    def show_view(self, view: View) -> None:
        self.title.setText(t("Payment accepted"))
        self.message.setText(t("Printing your tickets…"))
        self.progress.setMaximum(max(1, view.to_print))
        self.progress.setValue(view.printed)
        self.progress.setFormat(f"{view.printed} / {view.to_print}")
        self.detail.setText(
            t("Ticket %1 of %2")
            .replace("%1", str(min(view.printed + 1, max(1, view.to_print))))
            .replace("%2", str(view.to_print or "…"))
        )
