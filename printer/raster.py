"""Printer layer: Unicode text -> 1-bit raster lines -> ``GS v 0`` bytes, with system fonts. Qt-free.

Owns font discovery (known Debian paths from the bootstrap's fonts-noto-core / fonts-noto-cjk /
fonts-dejavu-core, then ``fc-match``; fonts are never downloaded) and the raster encoding. Cheap thermal
printers have no Vietnamese or CJK code page, so any line a profile cannot encode is drawn here.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from shared.errors import CitadelError

FontType = ImageFont.FreeTypeFont

# DejaVu Sans first: it covers Vietnamese completely and FreeType draws it about 7x faster than Noto Sans
# (0.45 ms vs 3.1 ms per 24 px line here), which keeps an all-Vietnamese ticket well inside the 50 ms budget.
_LATIN_PATHS = {
    False: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    ),
    True: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    ),
}
_CJK_PATHS = {
    False: ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",),
    True: (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ),
}
# Face index inside NotoSansCJK-*.ttc: the same code point has different glyph shapes per locale (Han
# unification), so a Japanese ticket must use the JP face and a Chinese one the SC face.
_CJK_INDEX = {"ja": 0, "ko": 1, "zh": 2}
_CJK_FC_NAME = {"ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR", "zh": "Noto Sans CJK SC"}


def _fc_match(pattern: str) -> str | None:
    fc = shutil.which("fc-match")
    if fc is None:
        return None
    try:
        out = subprocess.run([fc, "-f", "%{file}", pattern], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = out.stdout.strip()
    return path if path and Path(path).exists() else None


def needs_cjk_font(text: str) -> bool:
    """True if ``text`` has Han, kana or Hangul (or fullwidth forms), which Noto Sans does not cover."""
    for ch in text:
        cp = ord(ch)
        if (
            0x1100 <= cp <= 0x11FF
            or 0x2E80 <= cp <= 0x9FFF
            or 0xAC00 <= cp <= 0xD7AF
            or 0xF900 <= cp <= 0xFAFF
            or 0xFF00 <= cp <= 0xFFEF
            or 0x3000 <= cp <= 0x303F
        ):
            return True
    return False


def _cjk_lang_for(text: str, lang: str) -> str:
    if lang in _CJK_INDEX:
        return lang
    for ch in text:  # a CJK line on a non-CJK ticket (e.g. a site name): guess from the script
        cp = ord(ch)
        if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF:
            return "ko"
        if 0x3040 <= cp <= 0x30FF:
            return "ja"
    return "zh"


@functools.lru_cache(maxsize=64)
def load_font(size: int, *, bold: bool = False, cjk_lang: str | None = None) -> FontType:
    """A cached FreeType font: Noto Sans (Latin + Vietnamese) or the Noto Sans CJK face for ``cjk_lang``."""
    if cjk_lang is not None:
        for path in _CJK_PATHS[bold]:
            if Path(path).exists():
                return ImageFont.truetype(path, size, index=_CJK_INDEX[cjk_lang])
        found = _fc_match(_CJK_FC_NAME[cjk_lang] + (":bold" if bold else ""))
        if found:
            return ImageFont.truetype(found, size)
        raise CitadelError("printer_font_missing", f"no CJK font for {cjk_lang}", script=cjk_lang)
    for path in _LATIN_PATHS[bold]:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    found = _fc_match("DejaVu Sans:lang=vi" + (":bold" if bold else ""))
    if found:
        return ImageFont.truetype(found, size)
    raise CitadelError("printer_font_missing", "no Latin/Vietnamese font", script="vi")


def font_for(text: str, size: int, *, bold: bool, lang: str) -> FontType:
    cjk = _cjk_lang_for(text, lang) if needs_cjk_font(text) else None
    return load_font(size, bold=bold, cjk_lang=cjk)


def wrap_text(text: str, font: FontType, max_width: int) -> list[str]:
    """Greedy wrap by words; words (or CJK runs without spaces) wider than the line break per character."""
    text = unicodedata.normalize("NFC", text)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = word if not current else current + " " + word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        if font.getlength(word) <= max_width:
            current = word
            continue
        for ch in word:
            if font.getlength(current + ch) > max_width and current:
                lines.append(current)
                current = ""
            current += ch
    if current or not lines:
        lines.append(current)
    return lines


def render_line(text: str, font: FontType, width: int, align: str) -> Image.Image:
    """One text line as a mode-"1" image whose set bits are ink. ``align`` places it inside ``width``;
    left-aligned lines are cropped to the text so they cost fewer bytes."""
    ascent, descent = font.getmetrics()
    height = ascent + descent + 2
    text_width = min(width, int(font.getlength(text)) + 2)
    if align == "center":
        x = (width - text_width) // 2
        canvas_width = x + text_width
    elif align == "right":
        x = width - text_width
        canvas_width = width
    else:
        x = 0
        canvas_width = text_width
    canvas_width = max(8, canvas_width)
    image = Image.new("L", (canvas_width, height), 0)
    ImageDraw.Draw(image).text((x, 1), text, font=font, fill=255)
    return image.point(lambda v: 255 if v >= 110 else 0, mode="1")


def render_pair(left: str, right: str, font: FontType, width: int) -> Image.Image:
    """A two-column line: ``left`` at the left margin, ``right`` flush right (receipt amounts)."""
    ascent, descent = font.getmetrics()
    image = Image.new("L", (width, ascent + descent + 2), 0)
    draw = ImageDraw.Draw(image)
    draw.text((0, 1), left, font=font, fill=255)
    draw.text((width - int(font.getlength(right)) - 1, 1), right, font=font, fill=255)
    return image.point(lambda v: 255 if v >= 110 else 0, mode="1")


def stack(images: list[Image.Image]) -> Image.Image:
    """Stack ink images vertically into one (fewer ``GS v 0`` headers)."""
    width = max(im.width for im in images)
    height = sum(im.height for im in images)
    out = Image.new("1", (width, height), 0)
    y = 0
    for im in images:
        out.paste(im, (0, y))
        y += im.height
    return out


def gs_v0(image: Image.Image) -> bytes:
    """``GS v 0`` raster bit image, normal density. ``image`` is mode "1" with set bits = ink."""
    if image.mode != "1":
        raise ValueError("gs_v0 wants a mode-1 image whose set bits are ink")
    width_bytes = (image.width + 7) // 8
    if image.width % 8:
        padded = Image.new("1", (width_bytes * 8, image.height), 0)
        padded.paste(image, (0, 0))
        image = padded
    header = b"\x1dv0\x00" + width_bytes.to_bytes(2, "little") + image.height.to_bytes(2, "little")
    return header + image.tobytes()
