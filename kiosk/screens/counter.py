"""Qt kiosk layer: counter mode (cashier): staff login, quick keys, quantities, cash tendered and change,
card or VietQR, print, reprint and void. Compact, for a queue; staff texts (vi and en). Payment waits and
printing run on the bridge's thread pool."""

from __future__ import annotations

import io
import textwrap

import qrcode
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import fmt
from kiosk.bridge import FlowBridge
from kiosk.counter import CounterSession
from kiosk.screens.base import button, clear_layout, fit_height, label
from kiosk.theme import stylesheet
from kiosk.tr import install_language, ts
from shared.errors import CitadelError

NOTES = (50_000, 100_000, 200_000, 500_000)


class CounterWindow(QWidget):
    def __init__(self, bridge: FlowBridge, session: CounterSession) -> None:
        super().__init__()
        self.setObjectName("CounterWindow")
        self.bridge = bridge
        self.session = session
        self.lang = session.language
        install_language(self.lang)
        self.setStyleSheet(stylesheet())
        self.tendered = 0
        self._keep_status = False
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        # -- login page
        login = QWidget()
        login.setObjectName("CounterLogin")
        col = QVBoxLayout(login)
        col.setContentsMargins(200, 60, 200, 60)
        col.addWidget(label(ts("Counter sign-in"), "title", center=True))
        self.user = QLineEdit()
        self.user.setObjectName("username")
        self.user.setPlaceholderText(ts("User name"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(ts("Password"))
        self.login_message = label("", "muted", center=True)
        sign_in = button(ts("Sign in"), "sign_in", primary=True)
        sign_in.clicked.connect(self._login)
        for w in (self.user, self.password, sign_in, self.login_message):
            col.addWidget(w)
        col.addStretch(1)
        self.stack.addWidget(login)
        # -- sale page
        sale = QWidget()
        sale.setObjectName("CounterSale")
        row = QHBoxLayout(sale)
        left = QVBoxLayout()
        self.who = label("", "subtitle")
        left.addWidget(self.who)
        keys = QGridLayout()
        for i, code in enumerate(session.quick_keys):
            p = session.catalogue.product(code)
            for j, cat in enumerate(("adult", "child")):
                if cat not in p.prices:
                    continue
                cat_name = next(c.name(self.lang) for c in session.catalogue.categories if c.code == cat)
                name = "\n".join(textwrap.wrap(p.name(self.lang), 30)[:2])
                b = fit_height(
                    button(
                        f"{name}\n{cat_name} · {fmt.money(p.prices[cat], p.currency, self.lang)}",
                        f"quick_{code}_{cat}",
                        choice=True,
                    )
                )
                b.clicked.connect(lambda _=False, c=code, k=cat: self._add(c, k))
                keys.addWidget(b, i, j)
        left.addLayout(keys)
        left.addStretch(1)
        row.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(label(ts("Cart"), "subtitle"))
        self.cart_box = QVBoxLayout()
        right.addLayout(self.cart_box)
        self.total = label("", "big")
        right.addWidget(self.total)
        self.group = button(ts("One group ticket"), "group")
        self.group.setCheckable(True)
        self.group.setProperty("toggle", True)
        self.group.clicked.connect(self._toggle_group)
        right.addWidget(self.group)
        notes = QGridLayout()
        for i, note in enumerate(NOTES):
            b = button("+ " + fmt.money(note, "VND", self.lang), f"note_{note}")
            b.clicked.connect(lambda _=False, n=note: self._note(n))
            notes.addWidget(b, i // 2, i % 2)
        right.addLayout(notes)
        self.tender_label = label("", "subtitle")
        right.addWidget(self.tender_label)
        pay = QHBoxLayout()
        for method, text in (
            ("cash", ts("Cash")),
            ("stripe", ts("Card")),
            ("vietqr", "VietQR"),
            ("demo", ts("Card (demo)")),
        ):
            if method in session.providers:
                b = button(text, f"pay_{method}", primary=True)
                b.clicked.connect(lambda _=False, m=method: self._pay(m))
                pay.addWidget(b)
        right.addLayout(pay)
        self.qr = label("", center=True)
        self.qr.setObjectName("counter_qr")
        self.qr.hide()
        right.addWidget(self.qr)
        if "demo" in session.providers:  # the stand-in card reader's buttons
            demo = QHBoxLayout()
            for action, text in (("approve", ts("Approve (demo)")), ("decline", ts("Decline (demo)"))):
                b = button(text, f"demo_{action}")
                b.clicked.connect(lambda _=False, a=action: self._demo(a))
                demo.addWidget(b)
            right.addLayout(demo)
        self.status = label("", "notice")
        self.status.setObjectName("counter_status")
        right.addWidget(self.status)
        tools = QGridLayout()
        for i, (name, text, slot) in enumerate(
            (
                ("clear", ts("Clear"), self._clear),
                ("reprint", ts("Reprint last"), self._reprint),
                ("void", ts("Void last"), self._void),
                ("logout", ts("Sign out"), self._logout),
            )
        ):
            b = button(text, name)
            b.clicked.connect(slot)
            tools.addWidget(b, i // 2, i % 2)
        right.addLayout(tools)
        row.addLayout(right, 2)
        self.stack.addWidget(sale)
        bridge.job_done.connect(self._job_done)
        bridge.failed.connect(lambda code, text: self.status.setText(f"✕ {text}"))
        self._render()

    # -- actions ------------------------------------------------------------------------------------
    def _login(self) -> None:
        try:
            who = self.session.login(self.user.text(), self.password.text())
        except CitadelError as exc:
            self.login_message.setText("✕ " + exc.message(self.lang))
            return
        finally:
            self.password.clear()
        self.who.setText(ts("Cashier") + f": {who.username}")
        self.stack.setCurrentIndex(1)
        self._render()

    def _logout(self) -> None:
        self.session.logout()
        self.stack.setCurrentIndex(0)

    def _add(self, code: str, cat: str, n: int = 1) -> None:
        self.session.add(code, cat, n)
        self._render()

    def _toggle_group(self) -> None:
        self.session.group_ticket = self.group.isChecked()
        self._render()

    def _note(self, note: int) -> None:
        self.tendered += note
        self._render()

    def _clear(self) -> None:
        self.session.clear()
        self.tendered = 0
        self.status.setText("")
        self._render()

    def _pay(self, method: str) -> None:
        if not self.session.cart:
            self.status.setText("✕ " + ts("The cart is empty."))
            return
        s = self.session
        if method == "cash":
            try:
                s.checkout("cash")
                change = s.tender_cash(self.tendered)
            except CitadelError as exc:
                s.cancel_payment()
                self.status.setText("✕ " + exc.message(self.lang))
                return
            self.status.setText(ts("Change to give") + ": " + fmt.money(change, "VND", self.lang))
            self.tendered = 0
            self._keep_status = True
            self.bridge.run("counter_print", s.print_order)
            return

        def work() -> object:
            handle = s.checkout(method)
            if handle.qr_payload:  # VietQR / phone payment: the customer scans it from the counter screen
                self.bridge.job_done.emit("counter_qr", handle.qr_payload)
            while s.handle is not None:
                s.poll()
                if s.handle is not None:
                    self.bridge.sleep_until_woken(self.bridge.poll_interval_s)
            self.bridge.job_done.emit("counter_qr", None)
            if s.order is not None and s.order.state == "issued":
                return s.print_order()
            return handle.message(self.lang)  # declined, expired or cancelled: said in words

        self._keep_status = False
        self.status.setText(ts("Waiting for payment…"))
        self.bridge.run("counter_print", work)

    def _demo(self, action: str) -> None:
        handle = self.session.handle
        provider = self.session.providers.get("demo")
        if handle is not None and handle.provider == "demo" and provider is not None:
            getattr(provider, action)(handle)
            self.bridge.wake()

    def _show_qr(self, payload: str | None) -> None:
        if not payload:
            self.qr.hide()
            return
        img = qrcode.make(payload, box_size=6, border=2)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        pix = QPixmap()
        pix.loadFromData(buf.getvalue())
        self.qr.setPixmap(pix)
        self.qr.show()

    def _reprint(self) -> None:
        self.bridge.run("counter_reprint", self.session.reprint_last)

    def _void(self) -> None:
        try:
            code = self.session.void_last("counter")
        except CitadelError as exc:
            self.status.setText("✕ " + exc.message(self.lang))
            return
        self.status.setText(ts("Voided") + f": {code}")

    def _job_done(self, name: str, result: object) -> None:
        if name == "counter_qr":
            self._show_qr(result if isinstance(result, str) else None)
            return
        if not name.startswith("counter_"):
            return
        if isinstance(result, str):
            self.status.setText("✕ " + result)
            return
        ok = getattr(result, "ok", False)
        text = (
            ts("Printed") if ok else ts("Printing failed")
        ) + f" {getattr(result, 'printed', 0)}/{getattr(result, 'total', 0)}"
        # After a cash sale the change stays on screen above the print result.
        keep = name == "counter_print" and self._keep_status
        self.status.setText(self.status.text() + "\n" + text if keep else text)
        self._render()

    def _render(self) -> None:
        clear_layout(self.cart_box)
        s = self.session
        for (code, cat, _slot), n in s.cart.items():
            p = s.catalogue.product(code)
            line = QHBoxLayout()
            line.addWidget(label(f"{n} × {p.name(self.lang)} ({cat})"), 1)
            minus = button("−", f"cart_minus_{code}_{cat}")
            minus.clicked.connect(lambda _=False, c=code, k=cat: self._add(c, k, -1))
            line.addWidget(minus)
            self.cart_box.addLayout(line)
        self.total.setText(ts("Total") + ": " + fmt.money(s.total, "VND", self.lang))
        self.tender_label.setText(ts("Tendered") + ": " + fmt.money(self.tendered, "VND", self.lang))
