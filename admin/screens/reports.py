"""Admin app layer (Qt): reports. Any date range, grouped by one or two of site, product, category,
residence, country, day, hour and gate; a table and a chart; exports to CSV, XLSX and PDF with progress."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
)

from admin.backend import AdminBackend
from admin.screens.base import Screen, count_axis, fill_table, named
from admin.worker import Runner
from shared.reports_export import NUMERIC, ReportTable

DIMENSIONS = ("site", "product", "category", "residence", "country", "day", "hour", "gate")


class ReportsScreen(Screen):
    permission = "reports.view"

    def __init__(self, backend: AdminBackend, runner: Runner) -> None:
        super().__init__(backend, runner)
        self.setObjectName("reports")
        self.setWindowTitle(self.tr("Reports"))
        self.table_data: ReportTable | None = None
        self.last_export: Path | None = None
        today = QDate.currentDate()
        self.start = named(QDateEdit(today.addDays(-30)), "start")
        self.end = named(QDateEdit(today), "end")
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd/MM/yyyy")
        names = {
            "site": self.tr("Site"),
            "product": self.tr("Ticket type"),
            "category": self.tr("Category"),
            "residence": self.tr("Domestic / international"),
            "country": self.tr("Country of residence"),
            "day": self.tr("Day"),
            "hour": self.tr("Hour"),
            "gate": self.tr("Gate"),
        }
        self.group = named(QComboBox(), "group")
        self.then_by = named(QComboBox(), "then_by")
        self.then_by.addItem(self.tr("(nothing)"), "")
        for d in DIMENSIONS:
            self.group.addItem(names[d], d)
            self.then_by.addItem(names[d], d)
        self.run_button = named(QPushButton(self.tr("Show")), "show")
        self.table = named(QTableWidget(), "table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart_view = named(QChartView(self.chart), "chart")
        self.chart_view.setMinimumHeight(260)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.total = named(QLabel(), "total")
        self.progress = named(QProgressBar(), "progress")
        self.progress.setVisible(False)
        self.export_buttons = {}
        bar = QHBoxLayout()
        for widget in (
            QLabel(self.tr("From")),
            self.start,
            QLabel(self.tr("to")),
            self.end,
            QLabel(self.tr("Group by")),
            self.group,
            QLabel(self.tr("then by")),
            self.then_by,
            self.run_button,
        ):
            bar.addWidget(widget)
        bar.addStretch()
        for fmt in ("csv", "xlsx", "pdf"):
            button = named(QPushButton(self.tr("Export %1").replace("%1", fmt.upper())), f"export_{fmt}")
            button.clicked.connect(lambda _=False, f=fmt: self.ask_export(f))
            self.export_buttons[fmt] = button
            bar.addWidget(button)
            self.allow(button, action="reports.export")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart_view)
        split.setSizes([380, 320])
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(split, 1)
        box.addWidget(self.total)
        box.addWidget(self.progress)
        box.addWidget(self.message)
        self.run_button.clicked.connect(self.refresh)

    def set_range(self, start: date, end: date, by: list[str]) -> None:
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))
        self.group.setCurrentIndex(self.group.findData(by[0]))
        self.then_by.setCurrentIndex(self.then_by.findData(by[1] if len(by) > 1 else ""))

    def dimensions(self) -> list[str]:
        by = [self.group.currentData()]
        second = self.then_by.currentData()
        if second and second not in by:
            by.append(second)
        return by

    def refresh(self) -> None:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        self.run(self.backend.report, start, end, self.dimensions(), then=self._show, latest="report")

    def _show(self, table: ReportTable) -> None:
        self.table_data = table
        fill_table(
            self.table,
            [c.header for c in table.columns],
            [[r.get(c.key, "") for c in table.columns] for r in table.rows],
        )
        sums = table.totals()
        self.total.setText(
            "  ·  ".join(f"{c.header}: {sums[c.key]:,}" for c in table.columns if c.kind in NUMERIC)
        )
        self._chart(table)
        self.loaded.emit()

    def _chart(self, table: ReportTable) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        rows = table.rows[:30]
        self.chart.setTitle(self.tr("Entries"))
        bars = QBarSet(self.tr("Entries"))
        bars.setColor(QColor("#2e6da4"))
        for r in rows:
            bars.append(int(r.get("entries") or 0))
        series = QBarSeries()
        series.append(bars)
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        # Category labels must be unique or QtCharts merges the bars: number them.
        x.append([f"{i + 1}. {table.label(r)[:28]}" for i, r in enumerate(rows)] or ["-"])
        y = count_axis(max([1, *(int(r.get("entries") or 0) for r in rows)]))
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def ask_export(self, fmt: str) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), f"report.{fmt}", f"*.{fmt}")
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        if self.table_data is None:
            self.show_info(self.tr("Show a report first"))
            return
        self.progress.setVisible(True)
        self.progress.setValue(0)
        for b in self.export_buttons.values():
            b.setEnabled(False)
        self.run(
            self.backend.export_report, self.table_data, path, then=self._exported, progress=self._progress
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _exported(self, path: Path) -> None:
        self.last_export = path
        self.progress.setValue(self.progress.maximum())
        for b in self.export_buttons.values():
            b.setEnabled(self.backend.can("reports.export"))
        self.show_info(self.tr("Saved %1").replace("%1", str(path)))
        self.acted.emit("export")

    def show_error(self, exc: Exception) -> None:
        for b in self.export_buttons.values():
            b.setEnabled(self.backend.can("reports.export"))
        super().show_error(exc)
