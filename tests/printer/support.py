"""Helpers for the printer tests: real signed tokens and ticket views in six languages."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from pathlib import Path

from printer import TicketView
from shared import tokens

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "printer"

# Real titles of the Hue reference deployment in each buyer language (title_vi is always printed too).
TITLES = {
    "vi": "Quần thể Di tích Cố đô Huế",
    "en": "Complex of Hue Monuments",
    "ko": "후에 기념물 단지",
    "zh": "顺化皇城古迹群",
    "ja": "フエの建造物群",
    "fr": "Ensemble de monuments de Huế",
}
CATEGORY = {"vi": "Người lớn", "en": "Adult", "ko": "성인", "zh": "成人", "ja": "大人", "fr": "Adulte"}
SITES = ["Đại Nội (Hoàng Thành)", "Lăng Tự Đức", "Lăng Minh Mạng"]


def make_token(persons: int = 1) -> str:
    claims = tokens.TicketClaims(
        key_id=7,
        ticket_id=secrets.randbits(64),
        product=3,
        category=1,
        issued_at=datetime(2026, 11, 24, 9, 30, tzinfo=UTC),
        valid_from=date(2026, 11, 24),
        valid_days=2,
        sites_mask=0b111,
        persons=persons,
        slot_start_minute=9 * 60,
        slot_minutes=60,
    )
    return tokens.encode(claims, tokens.new_private_key())


def make_view(lang: str, persons: int = 1, token: str | None = None) -> TicketView:
    return TicketView(
        title_vi=TITLES["vi"] + " - Vé 3 điểm",
        title_local=TITLES[lang],
        language=lang,
        category=CATEGORY[lang],
        price="200.000 ₫" if lang == "vi" else "200,000 VND",
        valid_from="24/11/2026",
        valid_to="25/11/2026",
        order_code="HUE-7K3F9Q",
        ticket_no="AB3D9XQ2",
        token=token or make_token(persons),
        sites=SITES,
        slot="09:00-10:00",
        persons=persons,
    )
