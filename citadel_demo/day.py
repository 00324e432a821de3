"""A scripted day at the Hue Monuments, run through the real parts.

- Tourists buy through the real kiosk window (offscreen), in several languages, paying with the demo
  provider. Their tickets print on the virtual printer as PNG files.
- Gates (two entry gates and one exit gate per site) decode those PNGs, held up to a simulated camera,
  with the real decoder, and redeem them. One entry gate loses its link for part of the day: it keeps a
  local journal and forwards its queued scans through the sync worker when the link comes back.
- Admin's exports run at the end: the day's report (CSV, XLSX, PDF), the NGSI-LD payloads (to files)
  and the monthly tourism report.

Simulated clock: sales happen now; visits are spread over today's opening hours in the site's
timezone, so occupancy and the closing-time auto check-out are shown on a whole day.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from shared import db, stats
from shared.config import Settings
from shared.models import Order, OrderState, ProductSite, Site, Ticket, utcnow
from shared.timeutil import local_date, local_time_utc

LANG_COUNTRY = {
    "vi": ["VN"],
    "en": ["US", "GB", "AU"],
    "ko": ["KR"],
    "zh": ["CN", "TW"],
    "ja": ["JP"],
    "fr": ["FR", "ZZ"],
}
# Hue's markets (hue-catalogue.md): domestic first, then Korea, Europe/US, China, Japan, France.
LANG_WEIGHTS = {"vi": 0.45, "ko": 0.18, "en": 0.15, "zh": 0.09, "ja": 0.07, "fr": 0.06}
PRODUCT_WEIGHTS = {
    "imperial-city": 0.40,
    "combo-3": 0.22,
    "combo-4": 0.08,
    "combo-all": 0.06,
    "minh-mang": 0.04,
    "tu-duc": 0.04,
    "khai-dinh": 0.04,
    "antiquities-museum": 0.03,
    "thieu-tri": 0.01,
    "an-dinh": 0.01,
    "hon-chen": 0.01,
    "nam-giao": 0.02,
    "gia-long": 0.01,
    "dong-khanh": 0.01,
    "duc-duc": 0.02,
}
Progress = Callable[[str, int, int], None]


@dataclass
class DayConfig:
    out_dir: Path
    visitors: int = 250
    seed: int = 20230501
    exit_share: float = 0.6
    offline_site: str = "imperial-city"
    offline_gate: str = "gate-2"
    offline_from: str = "09:00"
    offline_until: str = "12:00"
    staff_pin: str = "2468"


@dataclass
class PlannedOrder:
    language: str
    product: str
    adult: int
    child: int
    country: str | None


@dataclass
class DayResult:
    out_dir: Path
    database_url: str
    orders: list[str] = field(default_factory=list)
    persons_sold: int = 0
    tickets_printed: int = 0
    revenue: int = 0
    entries: Counter[str] = field(default_factory=Counter)
    exits: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    offline_scans: int = 0
    unread: int = 0
    planned_entries: Counter[str] = field(default_factory=Counter)
    planned_exits: Counter[str] = field(default_factory=Counter)
    occupancy_noon: dict[str, int] = field(default_factory=dict)
    occupancy_after_close: dict[str, int] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    day: Any = None


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    keys = list(weights)
    p = np.array([weights[k] for k in keys])
    return str(rng.choice(keys, p=p / p.sum()))


def plan_orders(visitors: int, rng: np.random.Generator) -> list[PlannedOrder]:
    orders: list[PlannedOrder] = []
    persons = 0
    while persons < visitors:
        lang = _pick(rng, LANG_WEIGHTS)
        adult = int(rng.choice([1, 1, 2, 2, 2, 3, 4]))
        child = int(rng.choice([0, 0, 0, 1, 2]))
        adult = min(adult, visitors - persons)
        child = min(child, visitors - persons - adult)
        country = None if rng.random() < 0.15 else str(rng.choice(LANG_COUNTRY[lang]))
        orders.append(PlannedOrder(lang, _pick(rng, PRODUCT_WEIGHTS), adult, child, country))
        persons += adult + child
    return orders


class _Ui:
    """Drives the kiosk window as a tourist would: clicking buttons by their object names."""

    def __init__(self, window: Any, flow: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication, QPushButton

        self.window, self.flow = window, flow
        app = QApplication.instance()
        assert app is not None, "the kiosk window needs its QApplication"
        self._app, self._test, self._button, self._left = (
            app,
            QTest,
            QPushButton,
            Qt.MouseButton.LeftButton,
        )

    def pump(self, until: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not until():
            if time.monotonic() > deadline:
                raise TimeoutError(f"kiosk stuck at {self.flow.step}")
            self._app.processEvents()
            time.sleep(0.002)

    def settle(self) -> None:
        """Let queued view updates run: screens rebuild their buttons when the view changes."""
        for _ in range(4):
            self._app.processEvents()
            time.sleep(0.002)

    def click(self, name: str, then: Any = None) -> None:
        from PySide6.QtWidgets import QScrollArea

        for attempt in range(3):
            self.settle()
            self.pump(lambda: self.window.current.findChild(self._button, name) is not None)
            button = self.window.current.findChild(self._button, name)
            parent = button.parentWidget()
            while parent is not None and not isinstance(parent, QScrollArea):
                parent = parent.parentWidget()
            if parent is not None:  # scroll it into view first, as a person would
                parent.ensureWidgetVisible(button)
                self.settle()
                button = self.window.current.findChild(self._button, name)
            if attempt == 0 and parent is None:
                self._test.mouseClick(button, self._left)
            else:
                # A fast synthetic tap inside a finger-scroll area can be taken for the start of a drag;
                # press the button the way an accessibility tool would.
                button.click()
            if then is None:
                self.settle()
                return
            try:
                self.pump(lambda: self.flow.step == then, timeout=5)
                return
            except TimeoutError:
                continue  # the screen was rebuilt under the finger: tap again, as a person would
        raise TimeoutError(f"kiosk stuck at {self.flow.step} after tapping {name}")

    def buy(self, order: PlannedOrder) -> str:
        from kiosk.flow import Step

        self.click("start", Step.LANGUAGE)
        self.click(f"lang_{order.language}", Step.PRODUCT)
        self.click(f"product_{order.product}", Step.QUANTITIES)
        for category, wanted in (("adult", order.adult), ("child", order.child)):
            while self.flow.view.quantities.get(category, 0) < wanted:
                self.click(f"plus_{category}")
            while self.flow.view.quantities.get(category, 0) > wanted:
                self.click(f"minus_{category}")
        self.click("next", Step.COUNTRY)
        self.click(f"country_{order.country}" if order.country else "skip", Step.REVIEW)
        code = self.flow.view.order.code
        self.click("pay", Step.PAYMENT)
        if self.window.current.findChild(self._button, "method_demo") is not None:
            self.click("method_demo")
        # The demo reader's buttons work once the payment has started; tap again if the first tap came
        # before that (or landed on a screen that was being rebuilt).
        self.pump(lambda: self.flow.payment_handle is not None, timeout=30)
        for _ in range(5):
            self.click("demo_approve")
            try:
                self.pump(lambda: self.flow.step in (Step.PRINTING, Step.DONE), timeout=5)
                break
            except TimeoutError:
                continue
        self.pump(lambda: self.flow.step == Step.DONE, timeout=60)
        self.click("finish", Step.ATTRACT)
        return str(code)


def _bar(label: str, done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    if done not in (1, total) and filled == int(width * (done - 1) / max(total, 1)):
        return  # redraw only when the bar moves
    sys.stderr.write(f"\r{label:<28} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def run_day(cfg: DayConfig, progress: Progress | None = _bar) -> DayResult:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build, make_window
    from kiosk.config import KioskOptions

    progress = progress or (lambda *_: None)
    rng = np.random.default_rng(cfg.seed)
    out = cfg.out_dir
    if out.exists():
        shutil.rmtree(out)
    (out / "printer").mkdir(parents=True)
    settings = Settings(
        data_dir=out / "data",
        demo_mode=True,
        device_id="kiosk-1",
        device_kind="kiosk",
        site="imperial-city",
        printer_uri=f"virtual://{out / 'printer'}",
        payment_providers=["demo"],
        language="vi",
        staff_pin=cfg.staff_pin,
    )
    result = DayResult(out, settings.resolved_database_url)
    from PySide6.QtCore import qInstallMessageHandler

    # The offscreen platform warns about window size hints it cannot honour: noise for a demo's log.
    qInstallMessageHandler(
        lambda _mode, _ctx, msg: None if "propagateSizeHints" in msg else sys.stderr.write(msg + "\n")
    )
    app = QApplication.instance() or QApplication([])
    kiosk = build(settings, KioskOptions(fullscreen=False, poll_interval_s=0.02))
    _bridge, window = make_window(kiosk)
    window.resize(1080, 1920)
    window.show()
    kiosk.flow.start()
    ui = _Ui(window, kiosk.flow)
    plan = plan_orders(cfg.visitors, rng)
    for i, order in enumerate(plan, 1):
        result.orders.append(ui.buy(order))
        progress("tourists buy at the kiosk", i, len(plan))
    window.close()
    app.processEvents()
    engine = kiosk.service.engine
    _scan_day(cfg, engine, rng, result, progress)
    _exports(cfg, engine, result, progress)
    return result


def _visits(session: Any, rng: np.random.Generator, tz: str) -> list[tuple[datetime, str, int, str]]:
    """(entry time, site, ticket id, token) for every planned visit today."""
    from sqlmodel import col, select

    day = local_date(utcnow(), tz)
    sites_of: dict[int, list[str]] = defaultdict(list)
    for product_id, code in session.exec(
        select(ProductSite.product_id, Site.code).join(Site, col(Site.id) == ProductSite.site_id)
    ).all():
        sites_of[product_id].append(code)
    visits = []
    opens, closes = local_time_utc(day, "07:30", tz), local_time_utc(day, "16:00", tz)
    span = (closes - opens).total_seconds()
    tickets = session.exec(
        select(Ticket).join(Order).where(col(Order.state).in_([OrderState.PRINTED, OrderState.REPRINTED]))
    ).all()
    for t in tickets:
        sites = sorted(sites_of[t.product_id])
        if len(sites) > 4:  # all-sites pass holders see a few sites today
            sites = sorted(rng.choice(sites, size=int(rng.integers(2, 5)), replace=False).tolist())
        start = opens + timedelta(seconds=float(rng.random()) * span)
        for n, site in enumerate(sites):
            visits.append((start + timedelta(minutes=100 * n), site, t.id, t.token))
    return sorted(visits)


def _scan_day(
    cfg: DayConfig, engine: Any, rng: np.random.Generator, result: DayResult, progress: Progress
) -> None:
    from sqlmodel import select

    from scanner.decode import Decoder
    from scanner.gate import GateController
    from scanner.scene import hold_up
    from shared.sync import SyncWorker

    tz = "Asia/Ho_Chi_Minh"
    with db.session_scope(engine) as s:
        visits = _visits(s, rng, tz)
        site_codes = [x.code for x in s.exec(select(Site)).all()]
    day = local_date(utcnow(), tz)
    result.day = day
    # Which printed PNG is which ticket: decode each page once (the gate decodes them again, held up).
    decoder = Decoder()
    page_of: dict[str, np.ndarray] = {}
    for png in sorted((cfg.out_dir / "printer").glob("*.png")):
        image = cv2.imread(str(png))
        if image is None:
            continue  # the printer is still writing it
        for hit in decoder.decode(image):
            page_of[hit.text] = image
    result.tickets_printed = len(page_of)
    now_box = [utcnow()]
    clock = lambda: now_box[0]  # noqa: E731
    gates: dict[tuple[str, str], GateController] = {}
    for site in site_codes:
        for gate, direction in (("gate-1", "in"), ("gate-2", "in"), ("exit-1", "out")):
            gates[(site, gate)] = GateController(
                engine, site=site, gate=gate, direction=direction, device_id=f"{site}-{gate}", clock=clock
            )
    # The gate that loses its link works from its own journal (a copy taken before the day starts).
    journal = cfg.out_dir / "data" / "offline-gate.sqlite3"
    import sqlite3

    with sqlite3.connect(engine.url.database) as src, sqlite3.connect(journal) as dst:
        src.backup(dst)  # a consistent copy, WAL included
    local = db.make_engine(f"sqlite:///{journal}")
    offline_gate = GateController(
        local,
        site=cfg.offline_site,
        gate=cfg.offline_gate,
        direction="in",
        device_id=f"{cfg.offline_site}-{cfg.offline_gate}-journal",
        clock=clock,
    )
    off_from = local_time_utc(day, cfg.offline_from, tz)
    off_until = local_time_utc(day, cfg.offline_until, tz)
    events: list[tuple[datetime, str, str, str]] = []  # (at, site, gate, token)
    for at, site, _ticket, token in visits:
        events.append((at, site, str(rng.choice(["gate-1", "gate-2"])), token))
        if rng.random() < cfg.exit_share:
            events.append((at + timedelta(minutes=int(rng.integers(40, 95))), site, "exit-1", token))
    events.sort()
    for _at, site, gate, _token in events:
        (result.planned_exits if gate == "exit-1" else result.planned_entries)[site] += 1
    synced = False
    for i, (at, site, gate, token) in enumerate(events, 1):
        if not synced and at >= off_until:
            SyncWorker(local, engine).run_once()
            synced = True
        now_box[0] = at
        controller = gates[(site, gate)]
        if (site, gate) == (cfg.offline_site, cfg.offline_gate) and off_from <= at < off_until:
            controller = offline_gate
            result.offline_scans += 1
        # A visitor holds the ticket up for a moment: the camera sees several frames, not one.
        outcomes = []
        for _frame in range(12):
            outcomes = controller.process_frame(hold_up(page_of[token], rng))
            if outcomes:
                break
        else:
            result.unread += 1
        for r in outcomes:
            v = r.verdict
            if v.admitted and v.direction == "in":
                result.entries[site] += v.persons
            elif v.admitted:
                result.exits[site] += v.persons
            else:
                result.refused[v.code] += 1
        controller.debouncer.reset()
        progress("gates scan the tickets", i, len(events))
    if not synced:
        SyncWorker(local, engine).run_once()
    for g in [*gates.values(), offline_gate]:
        g.relay.close()
    local.dispose()


def _exports(cfg: DayConfig, engine: Any, result: DayResult, progress: Progress) -> None:
    from sqlmodel import col, select

    from shared.city import feed, monthly
    from shared.reports_export import export, stats_table

    tz = "Asia/Ho_Chi_Minh"
    day = result.day
    exports = cfg.out_dir / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    with db.session_scope(engine) as s:
        noon = local_time_utc(day, "12:00", tz)
        for site in s.exec(select(Site)).all():
            result.occupancy_noon[site.code] = stats.site_day(s, site, noon).occupancy
            closing = local_time_utc(day, site.closes, tz) + timedelta(minutes=1)
            result.occupancy_after_close[site.code] = stats.site_day(s, site, closing).occupancy
        result.rows = stats.report(s, day, day, ["site"], tz=tz)
        orders = s.exec(select(Order).where(col(Order.code).in_(result.orders))).all()
        result.revenue = sum(o.total for o in orders)
        result.persons_sold = sum(
            t.persons
            for t in s.exec(select(Ticket).where(col(Ticket.order_id).in_([o.id for o in orders]))).all()
        )
    progress("admin exports", 1, 4)
    table = stats_table(f"Citadel {day.isoformat()}", result.rows, ["site"], lang="vi")
    for ext in ("csv", "xlsx", "pdf"):
        result.files[f"report.{ext}"] = export(exports / f"report-{day.isoformat()}.{ext}", table, lang="vi")
    progress("admin exports", 2, 4)
    sink = feed.FileSink(exports / "ngsi-ld.jsonl")
    with db.session_scope(engine) as s:
        feed.collect(s, local_time_utc(day, "23:59", tz), since=local_time_utc(day, "00:00", tz))
    feed.push(engine, sink, utcnow() + timedelta(days=1))
    result.files["ngsi-ld"] = exports / "ngsi-ld.jsonl"
    progress("admin exports", 3, 4)
    with db.session_scope(engine) as s:
        report = monthly.monthly_report(s, day.year, day.month, tz=tz, lang="vi")
    for path in monthly.write_monthly(exports, report, lang="vi"):
        result.files[path.name] = path
    progress("admin exports", 4, 4)


def summary_table(result: DayResult) -> str:
    lines = [f"{'site':<20} {'entries':>8} {'exits':>7} {'occ. 12:00':>10} {'after close':>11}"]
    for site in sorted(result.occupancy_noon):
        lines.append(
            f"{site:<20} {result.entries[site]:>8} {result.exits[site]:>7} "
            f"{result.occupancy_noon[site]:>10} {result.occupancy_after_close[site]:>11}"
        )
    lines.append(f"{'total':<20} {sum(result.entries.values()):>8} {sum(result.exits.values()):>7}")
    lines.append("")
    lines.append(
        f"orders {len(result.orders)}, visitors sold {result.persons_sold}, tickets printed "
        f"{result.tickets_printed}, revenue {result.revenue:,} VND, scans while offline "
        f"{result.offline_scans}, refused {dict(result.refused) or 0}, never read {result.unread}"
    )
    return "\n".join(lines)
