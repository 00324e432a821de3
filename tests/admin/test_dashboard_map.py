"""Dashboard (auto refresh, per-site figures, 80 % warning, chart, sales, devices, alerts) and the map."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtGui import QColor
from sqlmodel import select

from admin.screens.dashboard import REFRESH_MS, DashboardScreen
from admin.screens.map import RED, MapScreen
from shared import db
from shared.models import Device, Product, Site, TimeSlot
from tests.admin.conftest import NOW, snap
from tests.city.support import Visit, make_visits


def row_of(table, text):
    for i in range(table.rowCount()):
        if table.item(i, 0).text() == text:
            return [table.item(i, j).text() for j in range(table.columnCount())]
    raise AssertionError(f"{text} not in table")


def test_dashboard_figures_warning_and_auto_refresh(qtbot, busy_world, backend_for, runner):
    assert REFRESH_MS <= 5000
    with db.session_scope(busy_world.engine) as s:
        site = s.exec(select(Site).where(Site.code == "minh-mang")).one()
        site.capacity = 1  # one visitor inside -> 100 %: warning
        s.add(site)
        s.add(
            Device(
                id="kiosk-1",
                kind="kiosk",
                site_code="imperial-city",
                last_seen=NOW - timedelta(minutes=1),
                printer_state="paper_low",
                queue_length=3,
            )
        )
        # A night slot sold beyond its places (a sale made out of reach of central, shared.slots).
        night = s.exec(select(Product).where(Product.code == "imperial-city-night")).one()
        s.add(TimeSlot(product_id=night.id, starts_at=NOW + timedelta(hours=8), capacity=10, taken=12))
    screen = DashboardScreen(backend_for("gate_staff"), runner, refresh_ms=150)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        screen.start()
    ic = row_of(screen.sites, "Hue Imperial City")
    assert ic[1:4] == ["5", "3", "2"]  # entries, exits, inside
    mm = row_of(screen.sites, screen.data.names["minh-mang"])
    assert mm[3] == "1" and mm[5] == "100%"
    row = next(i for i in range(screen.sites.rowCount()) if screen.sites.item(i, 0).text() == mm[0])
    assert screen.sites.item(row, 0).background().color() == QColor("#ffcdd2")
    texts = [screen.alerts.item(i).text() for i in range(screen.alerts.count())]
    assert any("Near capacity" in t for t in texts)
    assert any("kiosk-1" in t for t in texts)
    assert (
        "Time slot sold beyond its places: Imperial City by night (timed entry) 15/10 19:30 (12/10)" in texts
    )
    assert screen.orders.text() == "3" and screen.revenue.text() == "790,000 VND"  # refunded order excluded
    assert screen.devices.item(0, 4).text() == "paper_low" and screen.devices.item(0, 5).text() == "3"
    series = screen.chart.series()[0]
    counts = [series.barSets()[0].at(i) for i in range(series.barSets()[0].count())]
    assert counts[10 - 6] == 4 and counts[11 - 6] == 2  # 10:00 and 11:00 in Hue
    snap(screen, "dashboard")

    # A visitor enters: the next automatic refresh shows it without any click.
    make_visits(busy_world, [Visit("imperial-city", enter_after=timedelta(minutes=85))])
    qtbot.waitUntil(
        lambda: row_of(screen.sites, "Hue Imperial City")[1] == "6" and screen.orders.text() == "4",
        timeout=10000,
    )
    screen.stop()


def test_map_colours_sites_by_occupancy(qtbot, busy_world, backend_for, runner):
    with db.session_scope(busy_world.engine) as s:
        site = s.exec(select(Site).where(Site.code == "minh-mang")).one()
        site.capacity = 1
        s.add(site)
    screen = MapScreen(backend_for("cashier"), runner)
    qtbot.addWidget(screen)
    screen.resize(900, 700)
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        screen.refresh()
    points = {p[0]: p for p in screen.canvas.points}
    assert len(points) == 12
    mm = next(p for n, p in points.items() if "Minh" in n)
    assert mm[3] >= 0.8
    path = snap(screen, "map")
    from PIL import Image

    img = Image.open(path).convert("RGB")
    reds = sum(1 for px in img.getdata() if px == (RED.red(), RED.green(), RED.blue()))
    assert reds > 50  # the full site is drawn in red
