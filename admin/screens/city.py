"""Admin app layer (Qt): city reporting. The NGSI-LD feed's status (broker, tenant, last push, backlog,
last error, next retry), a push-now button, and the monthly tourism report (Circular 18/2021/TT-BVHTTDL,
due by the 20th of the following month) as XLSX and PDF."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from admin.backend import AdminBackend
from admin.screens.base import Screen, local, named
from admin.worker import Runner
from shared.city.feed import CityStatus, PushResult
from shared.city.monthly import due_date


class CityScreen(Screen):
    permission = "city.view"

    def __init__(self, backend: AdminBackend, runner: Runner, refresh_ms: int = 5000) -> None:
        super().__init__(backend, runner)
        self.setObjectName("city")
        self.setWindowTitle(self.tr("City"))
        self.status: CityStatus | None = None
        self.paths: tuple[Path, Path] | None = None
        cfg = backend.city_config
        self.broker = named(
            QLabel(str(cfg.get("url") or cfg.get("file") or self.tr("not configured"))), "broker"
        )
        self.tenant = named(QLabel(str(cfg.get("tenant", "")) or "-"), "tenant")
        self.last_push = named(QLabel(), "last_push")
        self.backlog = named(QLabel(), "backlog")
        self.last_error = named(QLabel(), "last_error")
        self.last_error.setWordWrap(True)
        self.next_retry = named(QLabel(), "next_retry")
        self.health = named(QLabel(), "health")
        self.push_button = named(QPushButton(self.tr("Push now")), "push")
        self.allow(self.push_button, action="city.push")
        feed = QGroupBox(
            self.tr("NGSI-LD feed (CrowdFlowObserved, PointOfInterest, TourismPresenceObserved)")
        )
        form = QFormLayout(feed)
        form.addRow(self.tr("Context broker"), self.broker)
        form.addRow(self.tr("Tenant (NGSILD-Tenant)"), self.tenant)
        form.addRow(self.tr("State"), self.health)
        form.addRow(self.tr("Last push"), self.last_push)
        form.addRow(self.tr("Backlog"), self.backlog)
        form.addRow(self.tr("Last error"), self.last_error)
        form.addRow(self.tr("Next retry"), self.next_retry)
        form.addRow(self.push_button)

        today = QDate.currentDate().addMonths(-1)
        self.year = named(QSpinBox(), "year")
        self.year.setRange(2020, 2100)
        self.year.setValue(today.year())
        self.month = named(QSpinBox(), "month")
        self.month.setRange(1, 12)
        self.month.setValue(today.month())
        self.due = named(QLabel(), "due")
        self.monthly_button = named(QPushButton(self.tr("Write XLSX and PDF")), "monthly")
        self.allow(self.monthly_button, action="reports.export")
        self.progress = named(QProgressBar(), "progress")
        self.progress.setVisible(False)
        monthly = QGroupBox(self.tr("Monthly tourism report (Circular 18/2021/TT-BVHTTDL)"))
        row = QHBoxLayout(monthly)
        for w in (
            QLabel(self.tr("Month")),
            self.month,
            QLabel(self.tr("Year")),
            self.year,
            self.due,
            self.monthly_button,
            self.progress,
        ):
            row.addWidget(w)
        box = QVBoxLayout(self)
        box.addWidget(feed)
        box.addWidget(monthly)
        box.addStretch()
        box.addWidget(self.message)
        self.push_button.clicked.connect(self.push)
        self.monthly_button.clicked.connect(self.ask_monthly)
        self.year.valueChanged.connect(self._due)
        self.month.valueChanged.connect(self._due)
        self._due()
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)

    def _due(self) -> None:
        due = due_date(self.year.value(), self.month.value())
        self.due.setText(self.tr("due by %1").replace("%1", due.strftime("%d/%m/%Y")))

    def refresh(self) -> None:
        self.run(self.backend.city_status, then=self._show, latest="status")

    def _show(self, st: CityStatus) -> None:
        self.status = st

        def when(at: datetime | None) -> str:
            return local(at, self.backend.tz, "%Y-%m-%d %H:%M:%S") if at else self.tr("never")

        self.last_push.setText(when(st.last_push))
        self.backlog.setText(str(st.backlog))
        self.last_error.setText(st.last_error or "-")
        self.next_retry.setText(when(st.next_attempt_at) if st.backlog else "-")
        ok = st.healthy
        self.health.setText(self.tr("OK") if ok else self.tr("Failing: retrying with backoff"))
        self.health.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020; font-weight: bold;")
        self.loaded.emit()

    def push(self) -> None:
        self.push_button.setEnabled(False)
        self.run(self.backend.city_push, then=self._pushed)

    def _pushed(self, result: PushResult) -> None:
        self.push_button.setEnabled(self.backend.can("city.push"))
        if result.error:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(self.tr("Push failed, kept for retry: %1").replace("%1", result.error))
        else:
            self.show_info(self.tr("%1 entities sent").replace("%1", str(result.sent)))
        self.acted.emit("push")
        self.refresh()

    def show_error(self, exc: Exception) -> None:
        self.push_button.setEnabled(self.backend.can("city.push"))
        self.monthly_button.setEnabled(self.backend.can("reports.export"))
        super().show_error(exc)

    def ask_monthly(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the report"))
        if folder:
            self.write_monthly(Path(folder))

    def write_monthly(self, folder: Path) -> None:
        self.monthly_button.setEnabled(False)
        self.progress.setVisible(True)
        self.run(
            self.backend.export_monthly,
            self.year.value(),
            self.month.value(),
            folder,
            then=self._written,
            progress=self._progress,
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _written(self, paths: tuple[Path, Path]) -> None:
        self.paths = paths
        self.monthly_button.setEnabled(True)
        self.progress.setValue(self.progress.maximum())
        self.show_info(self.tr("Saved %1").replace("%1", ", ".join(p.name for p in paths)))
        self.acted.emit("monthly")
