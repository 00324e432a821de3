"""Qt kiosk layer: out of service (printer fault after a paid order): the order code and where staff are."""

from __future__ import annotations

from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, label
from kiosk.tr import t


class OutOfServiceScreen(Screen):
    show_back = False
    show_cancel = False

    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.notice.setObjectName("notice_hidden")
        self.body.addStretch(1)
        self.headline = label("", "big", center=True)
        self.body.addWidget(self.headline)
        self.message = label("", "subtitle", center=True)
        self.message.setObjectName("reason")
        self.body.addWidget(self.message)
        self.code = label("", "big", center=True)
        self.code.setObjectName("order_code")
        self.body.addWidget(self.code)
        self.body.addStretch(1)

    def show_view(self, view: View) -> None:
        self.notice.hide()
        self.title.setText(t("Out of service"))
        self.headline.setText("⛔ " + t("Out of service"))
        self.message.setText(view.notice.text if view.notice else "")
        self.code.setText((t("Order code") + ": " + view.order.code) if view.order else "")
