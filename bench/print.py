"""Benchmark: ticket rendering size and time against the naive approach, measured in the same process.

Budget (issue 3): an 80 mm Vietnamese + English ticket is at most 16 KB of ESC/POS and renders in at most
50 ms. The baseline is the whole ticket drawn as one image plus python-escpos's image QR.

Run: .venv/bin/python bench/print.py [--runs 30]
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from printer import TicketView, open_printer, render_ticket
from printer.layout import WIDTH_58MM, WIDTH_80MM, render_ticket_naive
from shared import tokens

BUDGET_BYTES = 16 * 1024
BUDGET_MS = 50.0
PROFILE = "TM-T20II"


def _view(lang: str, title_local: str, category: str) -> TicketView:
    claims = tokens.TicketClaims(
        key_id=1,
        ticket_id=secrets.randbits(64),
        product=3,
        category=1,
        issued_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        valid_from=date(2026, 11, 24),
        valid_days=2,
        sites_mask=0b111,
        slot_start_minute=540,
        slot_minutes=60,
    )
    return TicketView(
        title_vi="Quần thể Di tích Cố đô Huế - Vé liên tuyến 3 điểm",
        title_local=title_local,
        language=lang,
        category=category,
        price="200,000 VND",
        valid_from="24/11/2026",
        valid_to="25/11/2026",
        order_code="HUE-7K3F9Q",
        ticket_no=tokens.short_ticket_number(claims.ticket_id),
        token=tokens.encode(claims, tokens.new_private_key()),
        sites=["Đại Nội (Hoàng Thành Huế)", "Lăng Tự Đức", "Lăng Minh Mạng"],
        slot="09:00-10:00",
    )


def _time_ms(fn: Callable[[], bytes], runs: int) -> tuple[float, float, int]:
    """(first call ms, median ms of the next ``runs`` calls, output size)."""
    t0 = time.perf_counter()
    size = len(fn())
    first = (time.perf_counter() - t0) * 1000
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return first, statistics.median(samples), size


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    vi_en = _view("en", "Complex of Hue Monuments - 3-site combo ticket", "Adult")
    print(f"# Printing benchmark (profile {PROFILE}, {args.runs} runs, median after one warm-up call)")
    print(f"{'case':<34} {'bytes':>8} {'first ms':>9} {'median ms':>10}")
    rows = {}
    for name, fn in {
        "80mm vi+en (ours)": lambda: render_ticket(vi_en, PROFILE, WIDTH_80MM),
        "80mm vi+en (naive image)": lambda: render_ticket_naive(vi_en, PROFILE, WIDTH_80MM),
        "58mm vi+en (ours)": lambda: render_ticket(vi_en, PROFILE, WIDTH_58MM),
        "58mm vi+en (naive image)": lambda: render_ticket_naive(vi_en, PROFILE, WIDTH_58MM),
    }.items():
        rows[name] = _time_ms(fn, args.runs)
        first, median, size = rows[name]
        print(f"{name:<34} {size:>8} {first:>9.1f} {median:>10.2f}")

    others = {
        "vi": ("Quần thể Di tích Cố đô Huế", "Người lớn"),
        "ko": ("후에 기념물 단지", "성인"),
        "zh": ("顺化皇城古迹群", "成人"),
        "ja": ("フエの建造物群", "大人"),
        "fr": ("Ensemble de monuments de Huế", "Adulte"),
    }
    for lang, (title, category) in others.items():
        view = _view(lang, title, category)
        name = f"80mm vi+{lang} (ours)"
        rows[name] = _time_ms(lambda view=view: render_ticket(view, PROFILE, WIDTH_80MM), args.runs)  # type: ignore[misc]
        first, median, size = rows[name]
        print(f"{name:<34} {size:>8} {first:>9.1f} {median:>10.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        printer = open_printer(f"virtual://{tmp}")
        data = render_ticket(vi_en, PROFILE, WIDTH_80MM)
        t0 = time.perf_counter()
        ok = all(printer.print_job(data).ok for _ in range(5))
        virtual_ms = (time.perf_counter() - t0) * 1000 / 5
    print(f"{'virtual printer: job + status + PNG':<34} {'':>8} {'':>9} {virtual_ms:>10.2f}  ok={ok}")

    ours, naive = rows["80mm vi+en (ours)"], rows["80mm vi+en (naive image)"]
    ours58, naive58 = rows["58mm vi+en (ours)"], rows["58mm vi+en (naive image)"]
    print()
    print(f"ratio naive/ours, 80 mm: bytes {naive[2] / ours[2]:.2f}x, render time {naive[1] / ours[1]:.2f}x")
    print(
        f"ratio naive/ours, 58 mm: bytes {naive58[2] / ours58[2]:.2f}x, "
        f"render time {naive58[1] / ours58[1]:.2f}x"
    )
    within = ours[2] <= BUDGET_BYTES and ours[1] <= BUDGET_MS
    print(
        f"budget 80 mm vi+en: {ours[2]} B <= {BUDGET_BYTES} B and {ours[1]:.2f} ms <= {BUDGET_MS:.0f} ms: "
        f"{'PASS' if within else 'FAIL'}"
    )
    return 0 if within else 1


if __name__ == "__main__":
    raise SystemExit(main())
