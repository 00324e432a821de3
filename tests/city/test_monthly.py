"""The monthly tourism report (Circular 18/2021/TT-BVHTTDL): XLSX and PDF figures equal the database's."""

from __future__ import annotations

from datetime import date

import openpyxl
from pypdf import PdfReader
from sqlalchemy import func
from sqlmodel import col, select

from shared import db
from shared.city.monthly import due_date, monthly_report, write_monthly
from shared.models import Order, OrderLine, Scan, Ticket
from shared.sales import SOLD
from tests.city.support import make_visits, standard_visits


def db_truth(engine):
    with db.session_scope(engine) as s:
        visits = s.exec(
            select(func.sum(Scan.persons)).where(col(Scan.admitted), Scan.direction == "in")
        ).one()
        revenue = s.exec(
            select(func.sum(OrderLine.unit_price * OrderLine.quantity))
            .join(Order, col(Order.id) == col(OrderLine.order_id))
            .where(col(Order.state).in_([x.value for x in SOLD]))
        ).one()
        tickets = s.exec(
            select(func.count())
            .select_from(Ticket)
            .join(Order, col(Order.id) == col(Ticket.order_id))
            .where(col(Order.state).in_([x.value for x in SOLD]))
        ).one()
    return int(visits), int(revenue), int(tickets)


def test_due_date():
    assert due_date(2026, 10) == date(2026, 11, 20)
    assert due_date(2026, 12) == date(2027, 1, 20)


def test_monthly_report_xlsx_and_pdf_match_database(world, tmp_path):
    make_visits(world, standard_visits())
    visits, revenue, tickets = db_truth(world.engine)
    with db.session_scope(world.engine) as s:
        report = monthly_report(s, 2026, 10, lang="vi")
    assert report.total_visits == visits
    assert report.total_revenue == revenue
    assert sum(r["tickets"] for r in report.types) == tickets
    ic = next(r for r in report.visits if r["site"] == "imperial-city")
    assert (ic["domestic"], ic["international"]) == (3, 2)
    xlsx, pdf = write_monthly(tmp_path, report, lang="vi")

    wb = openpyxl.load_workbook(xlsx)
    sheet_visits, sheet_types = wb.worksheets
    header = [c.value for c in sheet_visits[3]]
    assert header[:3] == ["Điểm di tích", "Khách nội địa", "Khách quốc tế"]
    last = sheet_visits.max_row
    assert sheet_visits.cell(row=last, column=1).value == "Tổng cộng"
    assert sheet_visits.cell(row=last, column=5).value == visits
    assert isinstance(sheet_visits.cell(row=4, column=2).value, int)
    assert sheet_types.cell(row=sheet_types.max_row, column=4).value == revenue
    assert sheet_types.cell(row=sheet_types.max_row, column=2).value == tickets

    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "18/2021/TT-BVHTTDL" in text
    assert "20/11/2026" in text
    assert f"{revenue:,}" in text
    assert "Hoàng thành Huế" in text


def test_site_month_totals_equal_the_row_by_row_report(world):
    from shared.city.monthly import site_month_totals
    from shared.stats import report

    make_visits(world, standard_visits())
    with db.session_scope(world.engine) as s:
        fast = site_month_totals(s, date(2026, 9, 1), date(2026, 11, 30))
        slow = report(s, date(2026, 9, 1), date(2026, 11, 30), ["site"])
    assert {r["month"] for r in fast} == {"2026-10"}
    by_site = {r["site"]: r for r in fast}
    for row in slow:
        if row["entries"] or row["exits"]:
            assert (by_site[row["site"]]["entries"], by_site[row["site"]]["exits"]) == (
                row["entries"],
                row["exits"],
            )
    assert sum(r["revenue"] for r in fast) == sum(r["revenue"] for r in slow)
