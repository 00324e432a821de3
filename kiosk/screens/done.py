"""Qt kiosk layer: "Take your tickets", then back to the attract loop."""

from __future__ import annotations

from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, label
from kiosk.tr import t


class DoneScreen(Screen):
    show_back = False
    show_cancel = False

    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.body.addStretch(1)
        self.message = label("", "big", center=True)
        self.body.addWidget(self.message)
        self.hint = label("", "subtitle", center=True)
        self.body.addWidget(self.hint)
        self.code = label("", center=True)
        self.body.addWidget(self.code)
        self.body.addStretch(1)
        self.finish = button("", "finish", primary=True)
        self.finish.clicked.connect(bridge.flow.finish)
        self.body.addWidget(self.finish)

    def show_view(self, view: View) -> None:
        self.title.setText(t("Thank you!"))
        self.message.setText("✓ " + t("Please take your tickets."))
        self.hint.setText(t("Each ticket admits one person once at each site. Keep it dry."))
        self.code.setText(t("Order code") + ": " + (view.order.code if view.order else ""))
        self.finish.setText(t("Finish"))
