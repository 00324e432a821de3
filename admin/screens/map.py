"""Admin app layer (Qt): the map. Sites drawn from their coordinates (equirectangular projection of the
sites' bounding box), coloured by live occupancy. Works offline: no tiles, nothing downloaded."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from admin.backend import AdminBackend, Dashboard
from admin.screens.base import Screen
from admin.worker import Runner

GREEN, AMBER, RED, GREY = QColor("#2e7d32"), QColor("#f9a825"), QColor("#c62828"), QColor("#9e9e9e")


def colour_for(load: float, capacity: int) -> QColor:
    if capacity <= 0:
        return GREY
    if load >= 0.8:
        return RED
    if load >= 0.5:
        return AMBER
    return GREEN


class MapCanvas(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(500, 400)
        self.points: list[tuple[str, float, float, float, int, int]] = []  # name, lat, lon, load, occ, cap

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#eef3f7"))
        if not self.points:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No site has coordinates"))
            return
        lats = [x[1] for x in self.points]
        lons = [x[2] for x in self.points]
        pad = 0.01
        lat0, lat1 = min(lats) - pad, max(lats) + pad
        lon0, lon1 = min(lons) - pad, max(lons) + pad
        # Keep the aspect right at this latitude (a degree of longitude is shorter than one of latitude).
        kx = math.cos(math.radians((lat0 + lat1) / 2))
        w, h, margin = self.width(), self.height(), 60
        scale = min((w - 2 * margin) / ((lon1 - lon0) * kx), (h - 2 * margin) / (lat1 - lat0))

        def at(lat: float, lon: float) -> QPointF:
            return QPointF(margin + (lon - lon0) * kx * scale, h - margin - (lat - lat0) * scale)

        p.setPen(QPen(QColor("#90a4ae"), 1, Qt.PenStyle.DashLine))
        p.drawRect(QRectF(margin / 2, margin / 2, w - margin, h - margin))
        font = QFont(p.font())
        font.setPointSize(8)
        p.setFont(font)
        for name, lat, lon, load, occ, cap in self.points:
            c = at(lat, lon)
            radius = 8 + 14 * min(load, 1.0)
            p.setPen(QPen(QColor("#263238"), 1))
            p.setBrush(colour_for(load, cap))
            p.drawEllipse(c, radius, radius)
            p.drawText(QPointF(c.x() + radius + 3, c.y() - 2), name)
            p.drawText(QPointF(c.x() + radius + 3, c.y() + 11), f"{occ:,} / {cap:,}")
        p.setPen(QColor("#263238"))
        legend = [
            (GREEN, self.tr("under 50 %")),
            (AMBER, self.tr("50-80 %")),
            (RED, self.tr("80 % or more")),
            (GREY, self.tr("no capacity set")),
        ]
        for i, (colour, text) in enumerate(legend):
            p.setBrush(colour)
            p.drawEllipse(QPointF(16, 16 + i * 16), 5, 5)
            p.drawText(QPointF(26, 20 + i * 16), text)
        p.end()


class MapScreen(Screen):
    permission = "dashboard.view"

    def __init__(self, backend: AdminBackend, runner: Runner, refresh_ms: int = 5000) -> None:
        super().__init__(backend, runner)
        self.setObjectName("map")
        self.setWindowTitle(self.tr("Map"))
        self.canvas = MapCanvas()
        self.canvas.setObjectName("canvas")
        self.note = QLabel(self.tr("Offline map: positions from the sites' coordinates, no tiles"))
        box = QVBoxLayout(self)
        box.addWidget(self.canvas, 1)
        box.addWidget(self.note)
        box.addWidget(self.message)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)

    def refresh(self) -> None:
        self.run(self.backend.dashboard, then=self._show, latest="dashboard")

    def _show(self, dash: Dashboard) -> None:
        points = []
        for d in dash.sites:
            lat, lon = dash.coords.get(d.site, (None, None))
            if lat is None or lon is None:
                continue
            points.append((dash.names.get(d.site, d.site), lat, lon, d.load, d.occupancy, d.capacity))
        self.canvas.points = points
        self.canvas.update()
        self.loaded.emit()
