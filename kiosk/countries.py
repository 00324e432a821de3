"""Qt-free kiosk layer: the one-tap country-of-residence choices and their names in the kiosk languages.

The list holds the largest source markets of the Hue Monuments (plus Vietnam itself). Anyone else taps
"Other country" (recorded as ``ZZ``, ISO 3166 user-assigned "unknown") or skips the question.
"""

from __future__ import annotations

OTHER = "ZZ"

NAMES: dict[str, dict[str, str]] = {
    "VN": {
        "vi": "Việt Nam",
        "en": "Vietnam",
        "ko": "베트남",
        "zh": "越南",
        "ja": "ベトナム",
        "fr": "Viêt Nam",
    },
    "KR": {
        "vi": "Hàn Quốc",
        "en": "South Korea",
        "ko": "대한민국",
        "zh": "韩国",
        "ja": "韓国",
        "fr": "Corée du Sud",
    },
    "CN": {"vi": "Trung Quốc", "en": "China", "ko": "중국", "zh": "中国", "ja": "中国", "fr": "Chine"},
    "TW": {"vi": "Đài Loan", "en": "Taiwan", "ko": "대만", "zh": "台湾", "ja": "台湾", "fr": "Taïwan"},
    "JP": {"vi": "Nhật Bản", "en": "Japan", "ko": "일본", "zh": "日本", "ja": "日本", "fr": "Japon"},
    "US": {
        "vi": "Hoa Kỳ",
        "en": "United States",
        "ko": "미국",
        "zh": "美国",
        "ja": "アメリカ",
        "fr": "États-Unis",
    },
    "FR": {"vi": "Pháp", "en": "France", "ko": "프랑스", "zh": "法国", "ja": "フランス", "fr": "France"},
    "DE": {"vi": "Đức", "en": "Germany", "ko": "독일", "zh": "德国", "ja": "ドイツ", "fr": "Allemagne"},
    "GB": {
        "vi": "Anh",
        "en": "United Kingdom",
        "ko": "영국",
        "zh": "英国",
        "ja": "イギリス",
        "fr": "Royaume-Uni",
    },
    "AU": {
        "vi": "Úc",
        "en": "Australia",
        "ko": "호주",
        "zh": "澳大利亚",
        "ja": "オーストラリア",
        "fr": "Australie",
    },
    "TH": {"vi": "Thái Lan", "en": "Thailand", "ko": "태국", "zh": "泰国", "ja": "タイ", "fr": "Thaïlande"},
    OTHER: {
        "vi": "Nước khác",
        "en": "Other country",
        "ko": "기타 국가",
        "zh": "其他国家",
        "ja": "その他の国",
        "fr": "Autre pays",
    },
}

CHOICES: tuple[str, ...] = tuple(NAMES)


def name(code: str, lang: str) -> str:
    texts = NAMES.get(code, {})
    return texts.get(lang) or texts.get("en") or code
