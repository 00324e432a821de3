"""Core layer (Qt-free): report exports as CSV, XLSX (openpyxl) and PDF (reportlab, with a bar chart).

A :class:`ReportTable` is what every export takes: column descriptions plus plain row dicts (as returned
by :func:`shared.stats.report`). Text cells in CSV pass through :func:`shared.exports.csv_safe`, so a name
such as ``=HYPERLINK(...)`` opens as inert text; XLSX cells are typed (numbers stay numbers, text that
looks like a formula is stored as a string cell, never as a formula). Long exports report progress via a
plain ``progress(done, total)`` callback, which the admin app re-emits as a Qt signal.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.exports import csv_safe

Progress = Callable[[int, int], None]
NUMERIC = ("int", "money")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | int | money


@dataclass(slots=True)
class ReportTable:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    currency: str = "VND"
    subtitle: str = ""
    chart_value: str | None = None  # numeric column drawn in the PDF chart
    notes: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return {
            c.key: sum(int(r.get(c.key) or 0) for r in self.rows) for c in self.columns if c.kind in NUMERIC
        }

    def label(self, row: dict[str, Any]) -> str:
        texts = [str(row.get(c.key, "")) for c in self.columns if c.kind not in NUMERIC]
        return " / ".join(t for t in texts if t) or "-"


TOTAL_LABEL = {"en": "Total", "vi": "Tổng cộng"}

REPORT_HEADERS: dict[str, dict[str, str]] = {
    "site": {"en": "Site", "vi": "Điểm di tích"},
    "gate": {"en": "Gate", "vi": "Cổng"},
    "day": {"en": "Day", "vi": "Ngày"},
    "hour": {"en": "Hour", "vi": "Giờ"},
    "month": {"en": "Month", "vi": "Tháng"},
    "product": {"en": "Ticket type", "vi": "Loại vé"},
    "category": {"en": "Category", "vi": "Đối tượng"},
    "residence": {"en": "Residence", "vi": "Nơi cư trú"},
    "country": {"en": "Country", "vi": "Quốc gia"},
    "entries": {"en": "Entries", "vi": "Lượt vào"},
    "exits": {"en": "Exits", "vi": "Lượt ra"},
    "tickets": {"en": "Tickets", "vi": "Số vé"},
    "persons_sold": {"en": "Persons sold", "vi": "Số khách mua vé"},
    "revenue": {"en": "Revenue", "vi": "Doanh thu"},
}


def stats_table(
    title: str,
    rows: list[dict[str, Any]],
    by: Sequence[str],
    *,
    lang: str = "en",
    currency: str = "VND",
    labels: dict[str, dict[Any, str]] | None = None,
) -> ReportTable:
    """Wrap :func:`shared.stats.report` rows in a table with translated headers. ``labels`` maps a
    dimension's codes to display names (catalogue names in the user's language)."""
    if labels:
        rows = [{k: labels.get(k, {}).get(v, v) if k in by else v for k, v in row.items()} for row in rows]

    def head(key: str) -> str:
        return REPORT_HEADERS.get(key, {}).get(lang) or REPORT_HEADERS.get(key, {}).get("en") or key

    cols = [Column(d, head(d)) for d in by]
    cols += [Column(k, head(k), "int") for k in ("entries", "exits", "tickets", "persons_sold")]
    cols.append(Column("revenue", f"{head('revenue')} ({currency})", "money"))
    return ReportTable(title, cols, rows, currency=currency, chart_value="entries")


def catalogue_labels(session: Any, lang: str) -> dict[str, dict[Any, str]]:
    """Display names of sites, products and categories by code, for :func:`stats_table`."""
    from sqlmodel import select

    from shared.models import Category, Product, Site

    residence = {
        "domestic": {"en": "Domestic", "vi": "Nội địa"},
        "international": {"en": "International", "vi": "Quốc tế"},
        "unknown": {"en": "Not given", "vi": "Không rõ"},
    }
    return {
        "residence": {k: v.get(lang, v["en"]) for k, v in residence.items()},
        "site": {s.code: s.name(lang) for s in session.exec(select(Site)).all()},
        "product": {p.code: p.name(lang) for p in session.exec(select(Product)).all()},
        "category": {c.code: c.name(lang) for c in session.exec(select(Category)).all()},
    }


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done == total or done % 500 == 0):
        progress(done, total)


def write_csv(path: Path, table: ReportTable, *, lang: str = "en", progress: Progress | None = None) -> Path:
    total = len(table.rows)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow([csv_safe(c.header) for c in table.columns])
        for i, row in enumerate(table.rows, 1):
            out.writerow([csv_safe(row.get(c.key, "")) for c in table.columns])
            _tick(progress, i, total)
        sums = table.totals()
        out.writerow(
            [
                TOTAL_LABEL.get(lang, "Total") if i == 0 else sums.get(c.key, "")
                for i, c in enumerate(table.columns)
            ]
        )
    if progress is not None and total == 0:
        progress(0, 0)
    return path


def _as_list(tables: ReportTable | Sequence[ReportTable]) -> list[ReportTable]:
    return [tables] if isinstance(tables, ReportTable) else list(tables)


def write_xlsx(
    path: Path,
    tables: ReportTable | Sequence[ReportTable],
    *,
    lang: str = "en",
    progress: Progress | None = None,
) -> Path:
    """One sheet per table: title, subtitle, a bold header row, typed cells and a totals row."""
    from openpyxl import Workbook

    wb = Workbook()
    items = _as_list(tables)
    grand = sum(len(t.rows) for t in items)
    done = 0
    for n, table in enumerate(items):
        ws = wb.active if n == 0 else wb.create_sheet()
        assert ws is not None
        done = _xlsx_sheet(ws, table, lang, progress, done, grand)
    wb.save(path)
    if progress is not None and grand == 0:
        progress(0, 0)
    return path


def _xlsx_sheet(
    ws: Any, table: ReportTable, lang: str, progress: Progress | None, done: int, grand: int
) -> int:
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.title = "".join(ch for ch in table.title if ch not in "[]:*?/\\")[:31] or "Report"
    bold = Font(bold=True)
    ws.append([table.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([table.subtitle])
    header_row = 3
    for j, c in enumerate(table.columns, 1):
        cell = ws.cell(row=header_row, column=j, value=c.header)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    total = len(table.rows)
    for i, row in enumerate(table.rows, 1):
        for j, c in enumerate(table.columns, 1):
            value = row.get(c.key, "")
            cell = ws.cell(row=header_row + i, column=j)
            if c.kind in NUMERIC:
                cell.value = int(value or 0)
                cell.number_format = "#,##0"
            else:
                # Assign, then force the string type: openpyxl would otherwise store "=..." as a formula.
                cell.value = str(value)
                cell.data_type = TYPE_STRING
        _tick(progress, done + i, grand)
    sums = table.totals()
    last = header_row + total + 1
    ws.cell(row=last, column=1, value=TOTAL_LABEL.get(lang, "Total")).font = bold
    for j, c in enumerate(table.columns, 1):
        if c.kind in NUMERIC:
            cell = ws.cell(row=last, column=j, value=sums[c.key])
            cell.font = bold
            cell.number_format = "#,##0"
    for j, c in enumerate(table.columns, 1):
        ws.column_dimensions[get_column_letter(j)].width = max(12, len(c.header) + 2)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for k, note in enumerate(table.notes):
        ws.cell(row=last + 2 + k, column=1, value=note)
    return done + total


def _font() -> tuple[str, str]:
    """A TrueType font with Vietnamese glyphs when the system has one (DejaVu), else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for regular, bold in (
        (
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        ),
        ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ):
        if Path(regular).exists() and Path(bold).exists():
            if "CitadelSans" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("CitadelSans", regular))
                pdfmetrics.registerFont(TTFont("CitadelSans-Bold", bold))
            return "CitadelSans", "CitadelSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _chart(table: ReportTable, font: str, width: float) -> Any:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    key = table.chart_value or ""
    col = next((c for c in table.columns if c.key == key), None)
    drawing = Drawing(width, 200)
    if col is None or not table.rows:
        return drawing
    rows = table.rows[:40]  # a readable chart; the table below holds every row
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, width - 60, 140
    chart.data = [[int(r.get(key) or 0) for r in rows]]
    chart.categoryAxis.categoryNames = [table.label(r)[:14] for r in rows]
    chart.categoryAxis.labels.angle = 45
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#2E6DA4")
    drawing.add(chart)
    drawing.add(String(40, 188, col.header, fontName=font, fontSize=9))
    return drawing


def write_pdf(
    path: Path,
    tables: ReportTable | Sequence[ReportTable],
    *,
    lang: str = "en",
    progress: Progress | None = None,
) -> Path:
    """Landscape A4: per table a title, a bar chart of ``chart_value``, then the table with totals."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import SimpleDocTemplate

    font, bold = _font()
    styles = getSampleStyleSheet()
    styles["Title"].fontName = bold
    styles["Heading2"].fontName = bold
    styles["Normal"].fontName = font
    items = _as_list(tables)
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), title=items[0].title if items else "")
    story: list[Any] = []
    grand = sum(len(t.rows) for t in items)
    done = 0
    for n, table in enumerate(items):
        done = _pdf_section(story, table, styles, font, bold, doc.width, lang, n == 0, progress, done, grand)
    doc.build(story)
    if progress is not None and grand == 0:
        progress(0, 0)
    return path


def _pdf_section(
    story: list[Any],
    table: ReportTable,
    styles: Any,
    font: str,
    bold: str,
    width: float,
    lang: str,
    first: bool,
    progress: Progress | None,
    done: int,
    grand: int,
) -> int:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    story.append(Paragraph(table.title, styles["Title" if first else "Heading2"]))
    if table.subtitle:
        story.append(Paragraph(table.subtitle, styles["Normal"]))
    story.append(Spacer(1, 6))
    if table.chart_value:
        story.append(_chart(table, font, width))
        story.append(Spacer(1, 6))
    data: list[list[str]] = [[c.header for c in table.columns]]
    for i, row in enumerate(table.rows, 1):
        data.append(
            [
                f"{int(row.get(c.key) or 0):,}" if c.kind in NUMERIC else str(row.get(c.key, ""))
                for c in table.columns
            ]
        )
        _tick(progress, done + i, grand)
    sums = table.totals()
    data.append(
        [
            TOTAL_LABEL.get(lang, "Total") if j == 0 else (f"{sums[c.key]:,}" if c.kind in NUMERIC else "")
            for j, c in enumerate(table.columns)
        ]
    )
    grid = Table(data, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTNAME", (0, 0), (-1, 0), bold),
                ("FONTNAME", (0, -1), (-1, -1), bold),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("ALIGN", (0, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    story.append(grid)
    for note in table.notes:
        story.append(Paragraph(note, styles["Normal"]))
    story.append(Spacer(1, 12))
    return done + len(table.rows)


WRITERS: dict[str, Callable[..., Path]] = {"csv": write_csv, "xlsx": write_xlsx, "pdf": write_pdf}


def export(path: Path, table: ReportTable, *, lang: str = "en", progress: Progress | None = None) -> Path:
    """Write ``table`` in the format named by ``path``'s suffix (.csv, .xlsx, .pdf)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in WRITERS:
        from shared.errors import CitadelError

        raise CitadelError("bad_export_format", fmt, fmt=fmt, allowed="csv, xlsx, pdf")
    return WRITERS[fmt](path, table, lang=lang, progress=progress)
