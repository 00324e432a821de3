"""Scanner layer (Qt-free): QR decoding for the gate. Owns :class:`Decoder` and :class:`Decoded`.

The order of work comes from the decode bench (``bench/decode.py``, figures in ``docs/benchmarks.md``):

1. Grayscale once (zxing-cpp is faster on one channel than on BGR, and every later step needs it).
2. If the previous frame had a hit, read a padded region around it first: a held ticket barely moves.
3. zxing-cpp on the whole frame, with inversion on (dark-mode phone screens) and ``return_errors`` so a
   symbol that was *found* but failed its checksum still tells us where it is.
4. For such a located-but-unread symbol, first a perspective warp of it to a frontal square (tilted
   tickets), then cheap work on a small crop only: 2x upscale with unsharp masking
   (blur, perspective), CLAHE contrast normalisation (glare, low light), strong unsharp masking at native
   size (heavy blur), and pyzbar as the second opinion on the crop. Crops are ~300x300, so each try
   costs about a millisecond.
5. Nothing located at all: a few whole-frame tries ordered by cost (half-scale, global-histogram
   binariser, unsharp, 1.5x upscale, pyzbar with CLAHE), each started only if its estimated cost still
   fits the time budget, so an empty view at the gate costs at most about ``budget_ms``.

Steps the bench measured as adding nothing (a plain min-max stretch, Gaussian pre-blur, pyzbar on an
inverted frame when zxing already tries inversion) are deliberately absent.

Thread use: a :class:`Decoder` keeps only its own last-hit region (under a lock); there is no module-level
mutable state, so one decoder per worker thread, or one shared one, both work (with a shared one, a
region from another thread's frame at worst costs one small extra read before the whole-frame pass).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp
from pyzbar import pyzbar

# uint8 by convention (BGR, BGRA or gray); typed loosely because OpenCV's stubs type results that way.
Image = npt.NDArray[Any]
Point = tuple[int, int]
Quad = tuple[Point, Point, Point, Point]

_QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
_MIN_SIDE = 21  # a QR version 1 is 21 modules; anything smaller cannot hold one


@dataclass(frozen=True, slots=True)
class Decoded:
    """One QR read from a frame: its text, the engine and step that read it (e.g. ``zxing``,
    ``zxing:roi``, ``pyzbar:crop-clahe``), and its four corners in frame pixels (top-left, top-right,
    bottom-right, bottom-left of the symbol as the engine saw it)."""

    text: str
    engine: str
    quad: Quad


@dataclass(frozen=True, slots=True)
class _Box:
    """An axis-aligned crop of the gray frame: origin and the scale applied after cropping."""

    x: int
    y: int
    scale: float = 1.0

    def to_frame(self, points: Sequence[tuple[float, float]]) -> Quad:
        mapped = [(round(self.x + px / self.scale), round(self.y + py / self.scale)) for px, py in points]
        return (mapped[0], mapped[1], mapped[2], mapped[3])


def to_gray(frame: Image) -> Image | None:
    """A contiguous 8-bit single-channel view of ``frame``, or ``None`` when it cannot be a picture."""
    if not isinstance(frame, np.ndarray) or frame.size == 0:
        return None
    img = frame
    if img.dtype != np.uint8:
        if img.dtype == np.bool_:
            img = img.astype(np.uint8) * 255
        elif np.issubdtype(img.dtype, np.floating):
            finite = np.nan_to_num(img.astype(np.float32), nan=0.0, posinf=1.0, neginf=0.0)
            scale = 255.0 if finite.max(initial=0.0) <= 1.0 else 1.0
            img = np.clip(finite * scale, 0, 255).astype(np.uint8)
        elif np.issubdtype(img.dtype, np.integer):
            # 16-bit sensors and the like: keep the top byte's worth of range.
            top = max(int(img.max(initial=0)), 1)
            scaled = img.astype(np.float64) * (255.0 / top) if top > 255 else img
            img = np.clip(scaled, 0, 255).astype(np.uint8)  # clip first: negatives must not wrap around
        else:
            return None
    if img.ndim == 3:
        channels = img.shape[2]
        if channels == 1:
            img = img[:, :, 0]
        elif channels == 3:
            img = cv2.cvtColor(np.ascontiguousarray(img), cv2.COLOR_BGR2GRAY)
        elif channels == 4:
            img = cv2.cvtColor(np.ascontiguousarray(img), cv2.COLOR_BGRA2GRAY)
        else:
            return None
    elif img.ndim != 2:
        return None
    if img.shape[0] < _MIN_SIDE or img.shape[1] < _MIN_SIDE:
        return None
    return np.ascontiguousarray(img)


def _unsharp(gray: Image, sigma: float = 2.0, amount: float = 1.0) -> Image:
    return cv2.addWeighted(gray, 1.0 + amount, cv2.GaussianBlur(gray, (0, 0), sigma), -amount, 0)


def _clahe(gray: Image) -> Image:
    # A CLAHE object per call: OpenCV's algorithm objects are not documented as thread-safe, and making
    # one costs microseconds.
    return cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray)


def _zxing(img: Image, box: _Box, engine: str, errors: list[Quad] | None = None) -> list[Decoded]:
    out: list[Decoded] = []
    try:
        found = zxingcpp.read_barcodes(img, formats=_QR, try_rotate=False, return_errors=errors is not None)
    except (RuntimeError, ValueError, TypeError):  # odd buffers: treat as "nothing read", never crash
        return out
    for code in found:
        pos = code.position
        corners = [(p.x, p.y) for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
        quad = box.to_frame(corners)
        if code.valid and code.text:
            out.append(Decoded(code.text, engine, quad))
        elif errors is not None:
            errors.append(quad)
    return out


def _pyzbar(img: Image, box: _Box, engine: str) -> list[Decoded]:
    try:
        found = pyzbar.decode(img, symbols=[pyzbar.ZBarSymbol.QRCODE])
    except (RuntimeError, ValueError, TypeError, pyzbar.PyZbarError):
        return []
    out = []
    for code in found:
        text = code.data.decode("utf-8", "replace")
        if not text:
            continue
        pts: npt.NDArray[Any] = np.array([(p.x, p.y) for p in code.polygon], dtype=np.float32)
        if len(pts) != 4:  # zbar reports the outline it traced; reduce it to the enclosing box
            pts = cv2.boxPoints(cv2.minAreaRect(pts)) if len(pts) >= 3 else np.repeat(pts[:1], 4, axis=0)
        out.append(Decoded(text, engine, box.to_frame([(float(x), float(y)) for x, y in pts])))
    return out


def _bbox(quad: Quad, pad: float, width: int, height: int) -> tuple[int, int, int, int] | None:
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    if w < 8 or h < 8:
        return None
    margin = pad * max(w, h)
    x0, y0 = max(int(min(xs) - margin), 0), max(int(min(ys) - margin), 0)
    x1, y1 = min(int(max(xs) + margin), width), min(int(max(ys) + margin), height)
    if x1 - x0 < _MIN_SIDE or y1 - y0 < _MIN_SIDE:
        return None
    return x0, y0, x1, y1


def _area(quad: Quad) -> float:
    return float(abs(cv2.contourArea(np.array(quad, dtype=np.float32))))


class Decoder:
    """Reads QR codes from camera frames. ``decode(frame)`` returns every code read, fast path first.

    ``budget_ms`` bounds the fallback work on frames where the fast path read nothing (a fallback starts
    only if its estimated cost fits); ``use_pyzbar=False`` drops the second engine; ``roi_frames`` is how
    many frames a last-hit region stays worth trying first. ``clock`` returns seconds (injectable).
    """

    # Estimated cost of whole-frame fallbacks in ms per megapixel on one core (from bench/decode.py).
    _FULL_FRAME_COST: ClassVar[dict[str, float]] = {
        "half": 0.6,
        "histogram": 1.0,
        "unsharp": 3.5,
        "upscale": 5.0,
        "pyzbar-clahe": 33.0,
    }

    def __init__(
        self,
        *,
        budget_ms: float = 25.0,
        use_pyzbar: bool = True,
        roi_frames: int = 5,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.budget_ms = budget_ms
        self.use_pyzbar = use_pyzbar
        self.roi_frames = roi_frames
        self._clock = clock
        self._lock = threading.Lock()
        self._roi: Quad | None = None
        self._roi_age = 0

    def forget(self) -> None:
        """Drop the last-hit region (e.g. when the source changes)."""
        with self._lock:
            self._roi = None
            self._roi_age = 0

    def decode(self, frame: Image) -> list[Decoded]:
        """All QR codes read in ``frame`` (BGR, BGRA or gray). Never raises for a bad frame: returns []."""
        start = self._clock()
        gray = to_gray(frame)
        if gray is None:
            return []
        found = self._decode_gray(gray, start)
        with self._lock:
            if found:
                self._roi, self._roi_age = found[0].quad, 0
            else:
                self._roi_age += 1
                if self._roi_age > self.roi_frames:
                    self._roi = None
        return found

    # -- steps -------------------------------------------------------------------------------------------
    def _elapsed_ms(self, start: float) -> float:
        return (self._clock() - start) * 1000.0

    def _decode_gray(self, gray: Image, start: float) -> list[Decoded]:
        height, width = gray.shape
        with self._lock:
            roi = self._roi
        if roi is not None:
            rect = _bbox(roi, 0.5, width, height)
            if rect is not None and (rect[2] - rect[0]) * (rect[3] - rect[1]) < 0.6 * width * height:
                x0, y0, x1, y1 = rect
                hits = _zxing(np.ascontiguousarray(gray[y0:y1, x0:x1]), _Box(x0, y0), "zxing:roi")
                if hits:
                    return hits

        candidates: list[Quad] = []
        hits = _zxing(gray, _Box(0, 0), "zxing", candidates)
        if hits:
            return hits

        # Located but unreadable: work on crops around the biggest few candidates.
        candidates.sort(key=_area, reverse=True)
        tried: list[tuple[int, int, int, int]] = []
        for quad in candidates[:3]:
            rect = _bbox(quad, 0.15, width, height)
            if rect is None or any(_contains(t, rect) for t in tried):
                continue
            tried.append(rect)
            hits = self._rectified(gray, quad, start) or self._crop_fallbacks(gray, rect, start)
            if hits:
                return hits
            if self._elapsed_ms(start) > self.budget_ms:
                return []

        return self._full_frame_fallbacks(gray, start)

    def _rectified(self, gray: Image, quad: Quad, start: float) -> list[Decoded]:
        """Warp a located symbol (with its quiet zone) to a frontal square and read that: a tilted ticket
        has modules shrinking towards its far edge, which the upright square evens out. Plain at 320 px,
        then with strong unsharp masking at 400 px for blur on top of the tilt (~1 ms each)."""
        src = np.array(quad, dtype=np.float32)
        centre = src.mean(axis=0)
        src = centre + (src - centre) * 1.12  # the symbol's corners plus most of its 4-module quiet zone
        for side, sharpen in ((320, False), (400, True)):
            if self._elapsed_ms(start) + 2.0 > self.budget_ms:
                return []
            dst = np.array([[0, 0], [side, 0], [side, side], [0, side]], dtype=np.float32)
            warp = cv2.getPerspectiveTransform(src, dst)
            flat = cv2.warpPerspective(
                gray, warp, (side, side), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
            )
            if sharpen:
                flat = _unsharp(flat, 3.0, 2.0)
            found = _zxing(np.ascontiguousarray(flat), _Box(0, 0), "zxing:rectified")
            if found:
                back = np.linalg.inv(warp)
                out = []
                for hit in found:
                    pts = cv2.perspectiveTransform(np.array([hit.quad], dtype=np.float32), back)[0]
                    c = [(round(float(x)), round(float(y))) for x, y in pts]
                    out.append(Decoded(hit.text, hit.engine, (c[0], c[1], c[2], c[3])))
                return out
        return []

    def _crop_fallbacks(self, gray: Image, rect: tuple[int, int, int, int], start: float) -> list[Decoded]:
        x0, y0, x1, y1 = rect
        crop = np.ascontiguousarray(gray[y0:y1, x0:x1])
        # Upscale small crops so modules get >= ~4 px; cap the size so the step stays cheap.
        scale = float(min(2.0, 900.0 / max(crop.shape)))
        scale = max(scale, 1.0)
        up = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC) if scale > 1 else crop
        up_mp, crop_mp = up.size / 1e6, crop.size / 1e6
        # (estimated ms, step): costs from the bench, ~4 ms/MP for a zxing try with its preprocessing and
        # ~25 ms/MP for pyzbar, so a step that cannot fit the remaining budget is not started.
        steps: list[tuple[float, Callable[[], list[Decoded]]]] = [
            (4 * up_mp, lambda: _zxing(_unsharp(up), _Box(x0, y0, scale), "zxing:crop-unsharp")),
            (4 * up_mp, lambda: _zxing(_clahe(up), _Box(x0, y0, scale), "zxing:crop-clahe")),
            # Strong unsharp masking at native size: the bench's heavier defocus and motion blur.
            (4 * crop_mp, lambda: _zxing(_unsharp(crop, 3.0, 2.0), _Box(x0, y0), "zxing:crop-deblur")),
        ]
        if self.use_pyzbar:
            steps += [
                (25 * crop_mp, lambda: _pyzbar(crop, _Box(x0, y0), "pyzbar:crop")),
                (27 * crop_mp, lambda: _pyzbar(_clahe(crop), _Box(x0, y0), "pyzbar:crop-clahe")),
                (27 * crop_mp, lambda: _pyzbar(_unsharp(crop), _Box(x0, y0), "pyzbar:crop-unsharp")),
            ]
        for cost, step in steps:
            if self._elapsed_ms(start) + cost > self.budget_ms:
                continue
            hits = step()
            if hits:
                return hits
        return []

    def _full_frame_fallbacks(self, gray: Image, start: float) -> list[Decoded]:
        megapixels = gray.size / 1e6
        origin = _Box(0, 0)
        steps: list[tuple[str, Callable[[], list[Decoded]]]] = [
            (
                "half",
                lambda: _zxing(
                    cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA),
                    _Box(0, 0, 0.5),
                    "zxing:half",
                ),
            ),
            ("histogram", lambda: _zxing_histogram(gray, origin)),
            ("unsharp", lambda: _zxing(_unsharp(gray), origin, "zxing:unsharp")),
            (
                "upscale",
                lambda: _zxing(
                    cv2.resize(gray, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC),
                    _Box(0, 0, 1.5),
                    "zxing:upscale",
                ),
            ),
        ]
        if self.use_pyzbar:
            steps.append(("pyzbar-clahe", lambda: _pyzbar(_clahe(gray), origin, "pyzbar:clahe")))
        for name, step in steps:
            cost = self._FULL_FRAME_COST[name] * megapixels
            if self._elapsed_ms(start) + cost > self.budget_ms:
                continue
            hits = step()
            if hits:
                return hits
        return []


def _zxing_histogram(gray: Image, box: _Box) -> list[Decoded]:
    # The global-histogram binariser reads some tiny, evenly lit codes the local one misses.
    try:
        found = zxingcpp.read_barcodes(
            gray, formats=_QR, try_rotate=False, binarizer=zxingcpp.Binarizer.GlobalHistogram
        )
    except (RuntimeError, ValueError, TypeError):
        return []
    out = []
    for code in found:
        if code.valid and code.text:
            pos = code.position
            corners = [(p.x, p.y) for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
            out.append(Decoded(code.text, "zxing:histogram", box.to_frame(corners)))
    return out


def _contains(outer: tuple[int, int, int, int], inner: tuple[int, int, int, int]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and outer[3] >= inner[3]
