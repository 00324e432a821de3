"""Admin app layer (Qt): orders. Search by order code, ticket number or day; the detail; refund (through
the payment provider), void, reprint to a chosen printer, revoke one ticket. Each action is role-checked
and audited by the backend; buttons the role may not use are disabled."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from admin.backend import AdminBackend, OrderDetail, OrderRow
from admin.screens.base import Screen, fill_table, local, money, named
from admin.worker import Runner


class OrdersScreen(Screen):
    permission = "orders.view"
    opened = Signal()  # an order's detail is on screen

    def __init__(self, backend: AdminBackend, runner: Runner, printers: list[str] | None = None) -> None:
        super().__init__(backend, runner)
        self.setObjectName("orders")
        self.setWindowTitle(self.tr("Orders"))
        self.rows: list[OrderRow] = []
        self.detail: OrderDetail | None = None
        self.results_version = 0
        self.query = named(QLineEdit(), "query")
        self.query.setPlaceholderText(self.tr("Order code or ticket number"))
        self.by_day = named(QCheckBox(self.tr("On day")), "by_day")
        self.day = named(QDateEdit(QDate.currentDate()), "day")
        self.day.setCalendarPopup(True)
        self.search_button = named(QPushButton(self.tr("Search")), "search")
        self.results = named(QTableWidget(), "results")
        self.results.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.header = named(QLabel(), "detail_header")
        self.header.setStyleSheet("font-weight: bold;")
        self.lines = named(QTableWidget(), "lines")
        self.tickets = named(QTableWidget(), "tickets")
        self.tickets.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.tickets.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.reason = named(QLineEdit(), "reason")
        self.reason.setPlaceholderText(self.tr("Reason (kept in the audit log)"))
        self.refund_button = named(QPushButton(self.tr("Refund")), "refund")
        self.void_button = named(QPushButton(self.tr("Void")), "void")
        self.printer = named(QComboBox(), "printer")
        self.printer.setEditable(True)
        self.printer.addItems(printers or [])
        self.reprint_button = named(QPushButton(self.tr("Reprint")), "reprint")
        self.revoke_button = named(QPushButton(self.tr("Revoke ticket")), "revoke")
        self.allow(self.refund_button, action="order.refund")
        self.allow(self.void_button, action="order.void")
        self.allow(self.reprint_button, self.printer, action="order.reprint")
        self.allow(self.revoke_button, action="ticket.revoke")

        bar = QHBoxLayout()
        for w in (self.query, self.by_day, self.day, self.search_button):
            bar.addWidget(w)
        actions = QHBoxLayout()
        for widget in (
            self.reason,
            self.refund_button,
            self.void_button,
            self.printer,
            self.reprint_button,
            self.revoke_button,
        ):
            actions.addWidget(widget)
        detail = QWidget()
        dbox = QVBoxLayout(detail)
        dbox.addWidget(self.header)
        dbox.addWidget(self.lines, 1)
        dbox.addWidget(self.tickets, 2)
        dbox.addLayout(actions)
        split = QSplitter()
        split.addWidget(self.results)
        split.addWidget(detail)
        split.setSizes([450, 550])
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(split, 1)
        box.addWidget(self.message)
        self.search_button.clicked.connect(self.search)
        self.query.returnPressed.connect(self.search)
        self.results.itemSelectionChanged.connect(self._open_selected)
        self.refund_button.clicked.connect(self.refund)
        self.void_button.clicked.connect(self.void)
        self.reprint_button.clicked.connect(self.reprint)
        self.revoke_button.clicked.connect(self.revoke)
        self._set_actions(False)

    def refresh(self) -> None:
        self.search()

    def search(self) -> None:
        day = self.day.date().toPython() if self.by_day.isChecked() else None
        self.run(
            self.backend.search_orders, self.query.text(), day, then=self._show_results, latest="results"
        )

    def _show_results(self, rows: list[OrderRow]) -> None:
        self.rows = rows
        self.results_version += 1
        fill_table(
            self.results,
            [
                self.tr("Code"),
                self.tr("State"),
                self.tr("Created"),
                self.tr("Total"),
                self.tr("Tickets"),
                self.tr("Payment"),
                self.tr("Country"),
            ],
            [
                [
                    r.code,
                    r.state,
                    local(r.created_at, self.backend.tz, "%Y-%m-%d %H:%M"),
                    money(r.total, r.currency),
                    r.tickets,
                    r.provider,
                    r.country,
                ]
                for r in rows
            ],
        )
        if len(rows) == 1:
            self.results.selectRow(0)
        elif not rows:
            self.show_info(self.tr("No order found"))
        self.loaded.emit()

    def _open_selected(self) -> None:
        row = self.results.currentRow()
        if 0 <= row < len(self.rows):
            self.open_order(self.rows[row].id)

    def open_order(self, order_id: str) -> None:
        self.run(self.backend.order_detail, order_id, then=self._show_detail, latest="detail")

    def _show_detail(self, detail: OrderDetail) -> None:
        self.detail = detail
        o = detail.order
        self.header.setText(
            f"{o.code} · {o.state} · {money(o.total, o.currency)} · {o.provider} {detail.payment_ref}"
        )
        fill_table(
            self.lines,
            [self.tr("Ticket type"), self.tr("Category"), self.tr("Quantity"), self.tr("Unit price")],
            [
                [x["product"], x["category"], x["quantity"], money(x["unit_price"], o.currency)]
                for x in detail.lines
            ],
        )
        fill_table(
            self.tickets,
            [
                self.tr("Number"),
                self.tr("Ticket type"),
                self.tr("Category"),
                self.tr("Status"),
                self.tr("Persons"),
                self.tr("Printed"),
                self.tr("Valid from"),
            ],
            [
                [
                    t["number"],
                    t["product"],
                    t["category"],
                    t["status"],
                    t["persons"],
                    t["printed"],
                    t["valid_from"],
                ]
                for t in detail.tickets
            ],
        )
        self._set_actions(True)
        self.opened.emit()

    def _set_actions(self, on: bool) -> None:
        for button, action in (
            (self.refund_button, "order.refund"),
            (self.void_button, "order.void"),
            (self.reprint_button, "order.reprint"),
            (self.revoke_button, "ticket.revoke"),
        ):
            button.setEnabled(on and self.backend.can(action))

    # Actions. Each asks for confirmation, runs off the GUI thread and re-opens the order afterwards.

    def _after(self, name: str, text: str) -> None:
        self.show_info(text)
        self.acted.emit(name)
        if self.detail is not None:
            self.open_order(self.detail.order.id)

    def refund(self) -> None:
        if self.detail is None:
            return
        o = self.detail.order
        if not self.confirm(
            self.tr("Refund %1 to the customer and revoke all its tickets?").replace(
                "%1", money(o.total, o.currency)
            )
        ):
            return
        self.run(
            self.backend.refund,
            o.id,
            self.reason.text(),
            then=lambda state: self._after("refund", self.tr("Refunded (%1)").replace("%1", state)),
        )

    def void(self) -> None:
        if self.detail is None or not self.confirm(self.tr("Void this order and revoke all its tickets?")):
            return
        self.run(
            self.backend.void,
            self.detail.order.id,
            self.reason.text(),
            then=lambda _: self._after("void", self.tr("Order voided")),
        )

    def reprint(self) -> None:
        if self.detail is None:
            return
        uri = self.printer.currentText().strip()
        if not uri:
            self.show_info(self.tr("Choose a printer first"))
            return
        self.run(
            self.backend.reprint,
            self.detail.order.id,
            uri,
            then=lambda n: self._after("reprint", self.tr("%1 ticket(s) printed").replace("%1", str(n))),
        )

    def revoke(self) -> None:
        if self.detail is None:
            return
        row = self.tickets.currentRow()
        if not 0 <= row < len(self.detail.tickets):
            self.show_info(self.tr("Select a ticket first"))
            return
        ticket = self.detail.tickets[row]
        if not self.confirm(
            self.tr("Revoke ticket %1? Gates will refuse it.").replace("%1", ticket["number"])
        ):
            return
        self.run(
            self.backend.revoke_ticket,
            ticket["id"],
            self.reason.text() or "revoked",
            then=lambda _: self._after("revoke", self.tr("Ticket revoked")),
        )
