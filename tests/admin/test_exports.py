"""Report exports: CSV (formulas escaped), XLSX (typed cells, header, totals) and PDF (chart + text); the
numbers equal the database's; a catalogue name that starts like a formula exports inert."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func
from sqlmodel import col, select

from shared import db
from shared.models import Order, OrderLine, Product, Scan
from shared.reports_export import catalogue_labels, export, stats_table
from shared.sales import SOLD
from shared.stats import report
from tests.city.support import make_visits, standard_visits

DAY = date(2026, 10, 15)


def truth(engine):
    with db.session_scope(engine) as s:
        entries = int(
            s.exec(select(func.sum(Scan.persons)).where(col(Scan.admitted), Scan.direction == "in")).one()
        )
        revenue = int(
            s.exec(
                select(func.sum(OrderLine.unit_price * OrderLine.quantity))
                .join(Order, col(Order.id) == col(OrderLine.order_id))
                .where(col(Order.state).in_([x.value for x in SOLD]))
            ).one()
        )
    return entries, revenue


def table_for(engine, by):
    with db.session_scope(engine) as s:
        rows = report(s, DAY, DAY, by)
    return stats_table("Report 15/10/2026", rows, by, lang="en")


def test_xlsx_typed_cells_header_totals(world, tmp_path):
    make_visits(world, standard_visits())
    entries, revenue = truth(world.engine)
    ticks = []
    path = export(
        tmp_path / "r.xlsx",
        table_for(world.engine, ["site", "product"]),
        progress=lambda d, t: ticks.append((d, t)),
    )
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[3]]
    assert header[:3] == ["Site", "Ticket type", "Entries"]
    last = ws.max_row
    assert ws.cell(row=last, column=1).value == "Total"
    assert ws.cell(row=last, column=3).value == entries
    assert ws.cell(row=last, column=header.index("Revenue (VND)") + 1).value == revenue
    assert all(isinstance(ws.cell(row=r, column=3).value, int) for r in range(4, last + 1))
    assert ticks and ticks[-1][0] == ticks[-1][1]


def test_csv_totals_equal_database(world, tmp_path):
    make_visits(world, standard_visits())
    entries, revenue = truth(world.engine)
    path = export(tmp_path / "r.csv", table_for(world.engine, ["residence"]))
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0][0] == "Residence"
    assert {r[0] for r in rows[1:-1]} == {"domestic", "international", "unknown"}
    assert rows[-1][0] == "Total"
    assert int(rows[-1][1]) == entries and int(rows[-1][5]) == revenue


def test_pdf_has_chart_and_numbers(world, tmp_path):
    make_visits(world, standard_visits())
    entries, revenue = truth(world.engine)
    path = export(tmp_path / "r.pdf", table_for(world.engine, ["site"]), lang="en")
    reader = PdfReader(path)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Report 15/10/2026" in text
    assert f"{revenue:,}" in text and "imperial-city" in text
    words = text.split()
    after_total = words[len(words) - 1 - words[::-1].index("Total") + 1 :]
    assert after_total[0] == str(entries) and after_total[-1] == f"{revenue:,}"
    # The bar chart is vector drawing operators on the first page (filled rectangles).
    content = reader.pages[0].get_contents().get_data()
    assert content.count(b" re") >= 2


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://x","y")', "+1+2", "-3+cmd|' /C calc'!A0", "@SUM(A1)"])
def test_csv_injection_catalogue_name_exports_inert(world, tmp_path, evil):
    make_visits(world, standard_visits())
    with db.session_scope(world.engine) as s:
        product = s.exec(select(Product).where(Product.code == "minh-mang")).one()
        product.names = {**product.names, "en": evil}
        s.add(product)
    with db.session_scope(world.engine) as s:
        rows = report(s, DAY, DAY, ["product"])
        table = stats_table("Report", rows, ["product"], labels=catalogue_labels(s, "en"))
    assert any(r["product"] == evil for r in table.rows)
    rows = list(csv.reader(export(tmp_path / "r.csv", table).open(encoding="utf-8-sig")))
    cells = [r[0] for r in rows]
    assert "'" + evil in cells and evil not in cells
    ws = openpyxl.load_workbook(export(tmp_path / "r.xlsx", table)).active
    cells = [c for c in ws["A"] if c.value == evil]
    assert cells and all(c.data_type == "s" for c in cells)  # a string cell, never a formula


def test_unknown_format_is_a_coded_error(tmp_path, world):
    from shared.errors import CitadelError

    with pytest.raises(CitadelError) as err:
        export(tmp_path / "r.doc", table_for(world.engine, ["site"]))
    assert err.value.code == "bad_export_format"
