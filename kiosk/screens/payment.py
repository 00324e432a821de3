"""Qt kiosk layer: payment with the configured methods; shows the QR to scan or the card reader prompt.
A decline keeps this screen with the reason, so the visitor can retry or choose another method. With the
``demo`` stand-in reader, Approve and Decline buttons play the card reader's part."""

from __future__ import annotations

import io

import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk import fmt
from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, clear_layout, label
from kiosk.tr import t
from shared.payments import PaymentState


def method_names() -> dict[str, str]:
    return {
        "stripe": t("Card or phone"),
        "vietqr": t("VietQR bank transfer"),
        "demo": t("Card (demo reader)"),
        "cash": t("Cash"),
    }


class PaymentScreen(Screen):
    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.amount = label("", "big", center=True)
        self.body.addWidget(self.amount)
        self.prompt = label("", "subtitle", center=True)
        self.body.addWidget(self.prompt)
        self.methods = QVBoxLayout()
        self.body.addLayout(self.methods)
        self.qr = label("", center=True)
        self.body.addWidget(self.qr)
        self.body.addStretch(1)
        self.demo_row = QHBoxLayout()
        self.approve = button("", "demo_approve", primary=True)
        self.decline = button("", "demo_decline")
        self.approve.clicked.connect(lambda: self._demo("approve"))
        self.decline.clicked.connect(lambda: self._demo("decline"))
        self.demo_row.addWidget(self.approve)
        self.demo_row.addWidget(self.decline)
        self.body.addLayout(self.demo_row)
        self._key: object = None
        self._qr_payload: str | None = None

    def _demo(self, action: str) -> None:
        flow = self.bridge.flow
        flow.touch()
        handle = flow.payment_handle
        provider = flow.providers.get("demo")
        if handle is None or provider is None:
            return
        getattr(provider, action)(handle)
        self.bridge.wake()

    def show_view(self, view: View) -> None:
        self.title.setText(t("Payment"))
        self.amount.setText(t("To pay") + ": " + fmt.money(view.total, view.currency, view.language))
        waiting = view.payment_state in (PaymentState.WAITING_FOR_CUSTOMER, PaymentState.PROCESSING)
        names = method_names()
        if waiting:
            if view.method == "demo":
                self.prompt.setText(t("Tap or insert your card on the reader."))
            elif view.payment_qr:
                self.prompt.setText(t("Scan the code with your phone or banking app."))
            else:
                self.prompt.setText(t("Follow the instructions on the card reader."))
        elif view.payment_state and view.payment_state != PaymentState.SUCCEEDED:
            self.prompt.setText(t("Try again or choose another way to pay."))
        else:
            self.prompt.setText(t("How would you like to pay?"))
        key = (view.language, view.methods, waiting)
        if key != self._key:
            self._key = key
            clear_layout(self.methods)
            if not waiting:
                for m in view.methods:
                    b = button(names.get(m, m), f"method_{m}", primary=True)
                    b.clicked.connect(lambda _=False, code=m: self._pay(code))
                    self.methods.addWidget(b)
        show_demo = waiting and view.method == "demo"
        self.approve.setVisible(show_demo)
        self.decline.setVisible(show_demo)
        self.approve.setText("✓ " + t("Approve (demo reader)"))
        self.decline.setText("✕ " + t("Decline (demo reader)"))
        if waiting and view.payment_qr and view.payment_qr != self._qr_payload:
            self._qr_payload = view.payment_qr
            img = qrcode.make(view.payment_qr, box_size=8, border=2)
            buf = io.BytesIO()
            img.save(buf, format="PNG")
            pix = QPixmap()
            pix.loadFromData(buf.getvalue())
            self.qr.setPixmap(pix.scaled(360, 360, Qt.AspectRatioMode.KeepAspectRatio))
        self.qr.setVisible(bool(waiting and view.payment_qr))

    def _pay(self, method: str) -> None:
        self.bridge.flow.touch()
        self.bridge.pay(method)
