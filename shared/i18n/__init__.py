"""Core-layer translations: a small gettext-style catalogue for messages produced outside Qt.

Each package ships its messages as a TOML file ``{msgid: {lang: text}}`` and registers it with
:func:`register_catalog`. ``tr(msgid, lang, **params)`` formats the text in the asked language, falling
back to English and then to the msgid itself, so a missing translation is visible but never a crash.
Qt screens use Qt Linguist for their own strings; this catalogue holds what the core says (error
messages, verdict reasons, ticket texts) so that every front end shows the same words.
"""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path
from typing import Any

LANGUAGES: tuple[str, ...] = ("vi", "en", "ko", "zh", "ja", "fr")
"""Languages Citadel ships. vi and en are complete everywhere; the others for tourist-facing text."""

NATIVE_NAMES: dict[str, str] = {
    "vi": "Tiếng Việt",
    "en": "English",
    "ko": "한국어",
    "zh": "中文",
    "ja": "日本語",
    "fr": "Français",
}

_lock = threading.Lock()
_messages: dict[str, dict[str, str]] = {}


def register_catalog(path: Path) -> None:
    """Merge a TOML catalogue file into the process-wide message table (idempotent)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    with _lock:
        for msgid, texts in data.items():
            if not isinstance(texts, dict):
                raise ValueError(f"catalogue {path}: entry {msgid!r} is not a table of languages")
            _messages.setdefault(msgid, {}).update({str(k): str(v) for k, v in texts.items()})


def has(msgid: str, lang: str) -> bool:
    return lang in _messages.get(msgid, {})


def tr(msgid: str, lang: str = "en", /, **params: Any) -> str:
    """Translate ``msgid`` into ``lang`` and format it with ``params`` (str.format syntax)."""
    texts = _messages.get(msgid, {})
    text = texts.get(lang) or texts.get("en") or msgid
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def missing(langs: tuple[str, ...] = ("vi", "en")) -> dict[str, list[str]]:
    """msgids lacking a translation in any of ``langs`` (used by the completeness tests)."""
    out: dict[str, list[str]] = {}
    for msgid, texts in _messages.items():
        gaps = [lang for lang in langs if not texts.get(lang)]
        if gaps:
            out[msgid] = gaps
    return out


def all_msgids() -> list[str]:
    return sorted(_messages)


register_catalog(Path(__file__).with_name("core.toml"))
