"""Reports screen (range, grouping, table, chart, exports with progress) and the City screen (feed status,
push to a local NGSI-LD receiver, receiver down, monthly report)."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlmodel import select

from admin.screens.city import CityScreen
from admin.screens.reports import ReportsScreen
from shared import db
from shared.models import AuditEvent
from tests.admin.conftest import NOW, snap
from tests.city.receiver import Receiver

DAY = date(2026, 10, 15)


def test_report_table_chart_and_xlsx_export(qtbot, busy_world, backend_for, runner, tmp_path):
    screen = ReportsScreen(backend_for("manager"), runner)
    qtbot.addWidget(screen)
    screen.resize(1280, 760)
    screen.set_range(DAY - timedelta(days=1), DAY, ["site", "residence"])
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        qtbot.mouseClick(screen.run_button, Qt.MouseButton.LeftButton)
    headers = [screen.table.horizontalHeaderItem(j).text() for j in range(screen.table.columnCount())]
    assert headers[:3] == ["Site", "Residence", "Entries"]
    sums = screen.table_data.totals()
    assert sums["entries"] == 6 and sums["revenue"] == 790000
    assert "Entries: 6" in screen.total.text()
    bars = screen.chart.series()[0].barSets()[0]
    assert sum(bars.at(i) for i in range(bars.count())) == 6
    snap(screen, "reports")
    ticks = []
    screen.progress.valueChanged.connect(ticks.append)
    with qtbot.waitSignal(screen.acted, timeout=20000):
        screen.export_to(tmp_path / "report.xlsx")
    assert screen.progress.value() == screen.progress.maximum() and ticks
    ws = openpyxl.load_workbook(tmp_path / "report.xlsx").active
    assert ws.cell(row=ws.max_row, column=3).value == 6
    with db.session_scope(busy_world.engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "report.export")).first() is not None


def test_cashier_has_no_reports(qtbot, busy_world, backend_for, runner):
    screen = ReportsScreen(backend_for("cashier"), runner)
    qtbot.addWidget(screen)
    assert not screen.export_buttons["pdf"].isEnabled()
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.refresh()
    assert sig.args[0] == "forbidden"


def test_city_status_push_and_broker_down(qtbot, busy_world, backend_for, runner, monkeypatch):
    receiver = Receiver().start()
    monkeypatch.setenv("CITADEL_CITY_AUTH", receiver.token)  # the secret comes from the environment
    try:
        backend = backend_for(
            "manager", city_config={"url": receiver.url, "tenant": "hue", "auth_header": "Authorization"}
        )
        backend.clock = lambda: NOW + timedelta(hours=2)
        screen = CityScreen(backend, runner)
        qtbot.addWidget(screen)
        screen.resize(1000, 600)
        with qtbot.waitSignal(screen.loaded, timeout=10000):
            screen.refresh()
        assert screen.backlog.text() == "0" and screen.last_push.text() == "never"
        assert screen.tenant.text() == "hue"
        with qtbot.waitSignal(screen.loaded, timeout=10000):
            qtbot.mouseClick(screen.push_button, Qt.MouseButton.LeftButton)
        assert "entities sent" in screen.message.text()
        assert screen.backlog.text() == "0" and screen.last_push.text() != "never"
        assert len(receiver.entities) > 12
        snap(screen, "city")
        receiver.stop()
        backend.clock = lambda: NOW + timedelta(hours=3)
        with qtbot.waitSignal(screen.loaded, timeout=20000):
            screen.push()
        assert "kept for retry" in screen.message.text()
        assert int(screen.backlog.text()) > 0 and "ConnectError" in screen.last_error.text()
        assert "Failing" in screen.health.text()
        snap(screen, "city-broker-down")
    finally:
        receiver.stop()


def test_monthly_report_from_city_screen(qtbot, busy_world, backend_for, runner, tmp_path):
    screen = CityScreen(backend_for("manager"), runner)
    qtbot.addWidget(screen)
    screen.year.setValue(2026)
    screen.month.setValue(10)
    assert "20/11/2026" in screen.due.text()
    with qtbot.waitSignal(screen.acted, timeout=20000):
        screen.write_monthly(tmp_path)
    xlsx, pdf = screen.paths
    assert xlsx.name == "tourism-2026-10.xlsx"
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "790,000" in text


def test_gate_staff_cannot_push(qtbot, busy_world, backend_for, runner):
    screen = CityScreen(backend_for("gate_staff"), runner)
    qtbot.addWidget(screen)
    assert not screen.push_button.isEnabled() and not screen.monthly_button.isEnabled()
    with qtbot.waitSignal(screen.failed, timeout=10000) as sig:
        screen.push()
    assert sig.args[0] == "forbidden"
