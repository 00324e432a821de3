"""Admin app layer (Qt): the dashboard. Refreshes itself every few seconds (at most 5 s stale): per site
entries, exits and occupancy against capacity (warning at 80 %), visitors per hour (QtCharts), sales and
revenue today, devices and alerts."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QTableWidget,
    QVBoxLayout,
)

from admin.backend import AdminBackend, Dashboard
from admin.screens.base import Screen, cell, count_axis, fill_table, local, money, named
from admin.worker import Runner

REFRESH_MS = 4000  # under the 5 s staleness budget even with a slow query


class DashboardScreen(Screen):
    permission = "dashboard.view"

    def __init__(self, backend: AdminBackend, runner: Runner, refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(backend, runner)
        self.setObjectName("dashboard")
        self.setWindowTitle(self.tr("Dashboard"))
        self.data: Dashboard | None = None
        self.sites = named(QTableWidget(), "sites")
        self.sites.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.orders = named(QLabel(), "orders_today")
        self.tickets = named(QLabel(), "tickets_today")
        self.revenue = named(QLabel(), "revenue_today")
        self.updated = named(QLabel(), "updated")
        for label in (self.orders, self.tickets, self.revenue):
            label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.devices = named(QTableWidget(), "devices")
        self.devices.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.alerts = named(QListWidget(), "alerts")
        self.alerts.setWordWrap(True)  # an alert names a product and a time: keep it whole, not cut off
        self.alerts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart = QChart()
        self.chart.setTitle(self.tr("Visitors per hour (entries, all sites)"))
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)

        sales = QGroupBox(self.tr("Sales today"))
        grid = QGridLayout(sales)
        grid.addWidget(QLabel(self.tr("Orders")), 0, 0)
        grid.addWidget(self.orders, 1, 0)
        grid.addWidget(QLabel(self.tr("Tickets")), 0, 1)
        grid.addWidget(self.tickets, 1, 1)
        grid.addWidget(QLabel(self.tr("Revenue")), 0, 2)
        grid.addWidget(self.revenue, 1, 2)
        top = QHBoxLayout()
        top.addWidget(sales, 2)
        alerts = QGroupBox(self.tr("Alerts"))
        QVBoxLayout(alerts).addWidget(self.alerts)
        top.addWidget(alerts, 1)
        middle = QHBoxLayout()
        sites = QGroupBox(self.tr("Sites today"))
        QVBoxLayout(sites).addWidget(self.sites)
        middle.addWidget(sites, 3)
        middle.addWidget(self.chart_view, 2)
        devices = QGroupBox(self.tr("Devices"))
        QVBoxLayout(devices).addWidget(self.devices)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addLayout(middle, 3)
        box.addWidget(devices, 1)
        box.addWidget(self.updated)
        box.addWidget(self.message)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self._busy = False

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        if self._busy:  # a slow database must not pile up refreshes
            return
        self._busy = True
        self.run(self.backend.dashboard, then=self._show, latest="dashboard")

    def show_error(self, exc: Exception) -> None:
        self._busy = False
        super().show_error(exc)

    def _show(self, data: Dashboard) -> None:
        self._busy = False
        self.data = data
        rows = []
        for d in data.sites:
            load = f"{d.load:.0%}" if d.capacity else "-"
            rows.append([data.names.get(d.site, d.site), d.entries, d.exits, d.occupancy, d.capacity, load])
        fill_table(
            self.sites,
            [
                self.tr("Site"),
                self.tr("Entries"),
                self.tr("Exits"),
                self.tr("Inside"),
                self.tr("Capacity"),
                self.tr("Load"),
            ],
            rows,
        )
        for i, d in enumerate(data.sites):
            if d.warning:
                for j in range(self.sites.columnCount()):
                    item = cell(self.sites, i, j)
                    item.setBackground(QBrush(QColor("#ffcdd2")))
                    item.setToolTip(self.tr("Occupancy at or above 80 % of capacity"))
        self.orders.setText(f"{data.orders_today:,}")
        self.tickets.setText(f"{data.tickets_today:,}")
        self.revenue.setText(money(data.revenue_today, data.currency))
        fill_table(
            self.devices,
            [
                self.tr("Device"),
                self.tr("Kind"),
                self.tr("Site"),
                self.tr("Last seen"),
                self.tr("Printer"),
                self.tr("Offline queue"),
            ],
            [
                [
                    d.id,
                    d.kind,
                    d.site,
                    local(d.last_seen, self.backend.tz, "%H:%M:%S") if d.last_seen else self.tr("never"),
                    d.printer_state or "-",
                    d.queue_length,
                ]
                for d in data.devices
            ],
        )
        self.alerts.clear()
        for kind, param in data.alerts:
            self.alerts.addItem(self._alert_text(kind, param))
        if not data.alerts:
            self.alerts.addItem(self.tr("No alerts"))
        self._chart(data.hourly)
        self.updated.setText(self.tr("Updated %1").replace("%1", local(data.at, self.backend.tz, "%H:%M:%S")))
        self.loaded.emit()

    def _alert_text(self, kind: str, param: str) -> str:
        texts = {
            "print_failed": self.tr("Print failed: order %1"),
            "conflicts": self.tr("Scan conflicts after sync: %1"),
            "capacity": self.tr("Near capacity: %1"),
            "oversold": self.tr("Time slot sold beyond its places: %1"),
            "device": self.tr("Device needs attention: %1"),
        }
        return texts.get(kind, kind + " %1").replace("%1", param)

    def _chart(self, hourly: dict[int, int]) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        hours = list(range(6, 19))
        bars = QBarSet(self.tr("Visitors"))
        bars.setColor(QColor("#2e6da4"))
        for h in hours:
            bars.append(hourly.get(h, 0))
        series = QBarSeries()
        series.append(bars)
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([f"{h:02d}" for h in hours])
        y = count_axis(max([1, *hourly.values()]))
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
