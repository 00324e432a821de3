"""Admin app layer (Qt): the audit log, filterable by person, action, target and date range."""

from __future__ import annotations

import json
from functools import partial

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
)

from admin.backend import AdminBackend
from admin.screens.base import Screen, fill_table, local, named, py_date
from admin.worker import Runner
from shared.models import AuditEvent


class AuditScreen(Screen):
    permission = "audit.view"

    def __init__(self, backend: AdminBackend, runner: Runner) -> None:
        super().__init__(backend, runner)
        self.setObjectName("audit")
        self.setWindowTitle(self.tr("Audit log"))
        self.rows: list[AuditEvent] = []
        self.actor = named(QLineEdit(), "actor")
        self.actor.setPlaceholderText(self.tr("Person"))
        self.action = named(QLineEdit(), "action")
        self.action.setPlaceholderText(self.tr("Action (e.g. order.refund)"))
        self.target = named(QLineEdit(), "target")
        self.target.setPlaceholderText(self.tr("Target contains"))
        self.use_dates = named(QCheckBox(self.tr("Dates")), "use_dates")
        self.start = named(QDateEdit(QDate.currentDate().addDays(-7)), "start")
        self.end = named(QDateEdit(QDate.currentDate()), "end")
        self.filter_button = named(QPushButton(self.tr("Filter")), "filter")
        self.table = named(QTableWidget(), "table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        bar = QHBoxLayout()
        for w in (
            self.actor,
            self.action,
            self.target,
            self.use_dates,
            self.start,
            self.end,
            self.filter_button,
        ):
            bar.addWidget(w)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.table, 1)
        box.addWidget(self.message)
        self.filter_button.clicked.connect(self.refresh)
        for w in (self.actor, self.action, self.target):
            w.returnPressed.connect(self.refresh)

    def refresh(self) -> None:
        # The filters are read here, on the GUI thread; the worker only gets plain values.
        dates = self.use_dates.isChecked()
        query = partial(
            self.backend.audit_log,
            actor=self.actor.text().strip(),
            action=self.action.text().strip(),
            text=self.target.text().strip(),
            start=py_date(self.start.date()) if dates else None,
            end=py_date(self.end.date()) if dates else None,
        )
        self.run(query, then=self._show, latest="events")

    def _show(self, rows: list[AuditEvent]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [self.tr("Time"), self.tr("Person"), self.tr("Action"), self.tr("Target"), self.tr("Details")],
            [
                [
                    local(e.at, self.backend.tz, "%Y-%m-%d %H:%M:%S"),
                    e.actor,
                    e.action,
                    e.target,
                    json.dumps(e.details, ensure_ascii=False, default=str)[:200],
                ]
                for e in rows
            ],
        )
        self.loaded.emit()
