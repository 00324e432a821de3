"""Scanner layer (Qt-free): where the gate's input comes from. Owns :class:`FrameSource`, its
implementations and :func:`open_source`.

A source is an iterator of *items*: a :class:`Frame` (a picture still to decode) or a
:class:`ScannedText` (a code some device already decoded, e.g. a keyboard-wedge barcode scanner). The gate
controller checks ``isinstance`` and sends frames to the decoder and texts straight on, so cameras and
wedge scanners plug into the same loop.

Implementations:

==================  ==========================================================================================
spec                source
==================  ==========================================================================================
``cam:0``           :class:`CameraSource`: OpenCV camera (index or device path); resolution and rate from
                    ``?width=1280&height=720&fps=30``; reconnects with backoff when unplugged and back.
``file:PATH``       :class:`VideoFileSource`: a video file (a bare existing path works too).
``folder:DIR``      :class:`FolderSource`: the images in a folder, in name order.
``virtual:DIR``     :class:`VirtualCameraSource`: STAND-IN camera showing the virtual printer's new tickets.
``wedge:``          :class:`WedgeSource`: lines typed by a keyboard-wedge scanner on stdin (``wedge:-``), on a
                    tty/serial path (``wedge:/dev/ttyACM0``), or read from an input device
                    (``wedge:evdev:/dev/input/event3``, see :class:`EvdevWedgeSource`).
==================  ==========================================================================================

``close()`` may be called from another thread; it ends a running iteration at its next step.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import select
import struct
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, ClassVar, Protocol, cast
from urllib.parse import parse_qs, urlsplit

import cv2
import numpy as np
import zxingcpp

from scanner.scene import FRAME_SIZE, Image, Pose, background, place, random_pose, sensor_noise
from shared.errors import CitadelError
from shared.i18n import register_catalog

register_catalog(Path(__file__).with_name("sources_messages.toml"))
log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".pgm", ".ppm"})


# -- items ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Frame:
    """A picture to decode: BGR (h, w, 3) or gray (h, w) uint8. ``origin`` names where it came from;
    ``still`` marks a picture on its own (a file from a folder), not one frame of a live view."""

    image: Image
    index: int
    timestamp: float
    origin: str = ""
    still: bool = False


@dataclass(frozen=True, slots=True)
class ScannedText:
    """A code decoded by the device itself. ``text`` is untrusted input: parse it before believing it."""

    text: str
    timestamp: float
    origin: str = ""


SourceItem = Frame | ScannedText


class FrameSource(ABC):
    """One input of the gate. Use as a context manager, iterate for items, ``close()`` from anywhere.

    ``yields_text`` tells a consumer which item type to expect (a wedge scanner never yields frames).
    """

    yields_text: ClassVar[bool] = False

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._opened = False
        self._iterating = False
        self._state_lock = threading.Lock()

    @property
    def closed(self) -> bool:
        return self._stop.is_set()

    def open(self) -> None:
        """Acquire the device or file. Raises ``CitadelError('source_unavailable')`` if it cannot."""
        with self._state_lock:
            if self._opened:
                return
            self._stop.clear()
            self._open()
            self._opened = True

    def close(self) -> None:
        """Release everything; ends a running iteration. Idempotent; safe from another thread.

        If another thread is iterating, that thread releases the device when it sees the stop (at its next
        read, at most ~0.2 s later for devices that can block), so a read never races a release.
        """
        self._stop.set()
        with self._state_lock:
            if self._iterating:
                return
            self._release_now()

    def _release_now(self) -> None:
        if self._opened:
            self._opened = False
            self._close()

    def __iter__(self) -> Iterator[SourceItem]:
        self.open()
        with self._state_lock:
            self._iterating = True
        try:
            for item in self._items():
                if self._stop.is_set():
                    return
                yield item
        finally:
            with self._state_lock:
                self._iterating = False
                if self._stop.is_set():
                    self._release_now()

    def __enter__(self) -> FrameSource:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait(self, seconds: float) -> bool:
        """Sleep that ``close()`` interrupts. Returns True if the source was closed meanwhile."""
        return self._stop.wait(seconds) if seconds > 0 else self._stop.is_set()

    def _open(self) -> None:  # noqa: B027 - optional hook
        pass

    def _close(self) -> None:  # noqa: B027 - optional hook
        pass

    @abstractmethod
    def _items(self) -> Iterator[SourceItem]: ...


# -- camera --------------------------------------------------------------------------------------------------
class Capture(Protocol):
    """The part of ``cv2.VideoCapture`` the camera source uses (so tests can hand in their own)."""

    def isOpened(self) -> bool: ...
    def read(self) -> tuple[bool, Image | None]: ...
    def set(self, prop_id: int, value: float) -> bool: ...
    def release(self) -> None: ...


CaptureFactory = Callable[[int | str], Capture]


def _open_capture(device: int | str) -> Capture:
    # cv2.VideoCapture satisfies Capture at run time; its stubs type read() more loosely than we do.
    return cast(Capture, cv2.VideoCapture(device))


@dataclass
class Backoff:
    """Reconnect delays: ``initial`` seconds, times ``factor`` after each failure, at most ``maximum``."""

    initial: float = 0.25
    factor: float = 2.0
    maximum: float = 5.0
    _next: float = field(default=-1.0, init=False, repr=False)

    def next_delay(self) -> float:
        delay = self.initial if self._next < 0 else self._next
        self._next = min(delay * self.factor, self.maximum)
        return delay

    def reset(self) -> None:
        self._next = -1.0


class CameraSource(FrameSource):
    """A camera through OpenCV, with automatic reconnect.

    When reads fail ``failures_before_reconnect`` times in a row (the camera was unplugged), the capture is
    released and reopened after ``backoff`` delays until it comes back. ``on_status`` hears
    ``"connected"``, ``"lost"`` and ``"reconnecting"`` (a plain callback: the UI wraps it in a signal).
    ``max_reconnects`` (None = forever) bounds consecutive failed reopen attempts, after which iteration
    raises ``CitadelError('source_unavailable')``. ``capture_factory`` and ``sleep`` are injectable.
    """

    def __init__(
        self,
        device: int | str = 0,
        *,
        width: int = 1280,
        height: int = 720,
        fps: float = 30.0,
        capture_factory: CaptureFactory = _open_capture,
        backoff: Backoff | None = None,
        failures_before_reconnect: int = 5,
        max_reconnects: int | None = None,
        on_status: Callable[[str], None] | None = None,
        sleep: Callable[[float], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.device = device
        self.width, self.height, self.fps = width, height, fps
        self._factory = capture_factory
        self.backoff = backoff or Backoff()
        self.failures_before_reconnect = max(1, failures_before_reconnect)
        self.max_reconnects = max_reconnects
        self._on_status = on_status
        self._sleep = sleep or self._wait
        self._clock = clock
        self._cap: Capture | None = None
        self._cap_lock = threading.Lock()
        self.reconnects = 0
        self.status = "closed"

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            log.info("camera %s: %s", self.device, status)
            if self._on_status is not None:
                self._on_status(status)

    def _try_open(self) -> Capture | None:
        try:
            cap = self._factory(self.device)
        except Exception as exc:  # a driver error on open means "not there (yet)", like isOpened() False
            log.warning("camera %s: open failed: %s", self.device, exc)
            return None
        if not cap.isOpened():
            cap.release()
            return None
        # Requests, not guarantees: a camera picks its nearest supported mode.
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, float(self.width))
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, float(self.height))
        cap.set(cv2.CAP_PROP_FPS, float(self.fps))
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1.0)  # the newest frame, not a queue of stale ones
        return cap

    def _release(self) -> None:
        with self._cap_lock:
            cap, self._cap = self._cap, None
        if cap is not None:
            cap.release()

    def _close(self) -> None:
        self._release()
        self._set_status("closed")

    def _items(self) -> Iterator[SourceItem]:
        index = 0
        failures = 0
        attempts = 0
        while not self._stop.is_set():
            if self._cap is None:
                cap = self._try_open()
                if cap is None:
                    attempts += 1
                    if self.max_reconnects is not None and attempts > self.max_reconnects:
                        self._set_status("unavailable")
                        raise CitadelError(
                            "source_unavailable",
                            f"camera {self.device} did not come back",
                            source=f"cam:{self.device}",
                        )
                    self._set_status("reconnecting")
                    self._sleep(self.backoff.next_delay())
                    continue
                with self._cap_lock:
                    self._cap = cap
                if attempts or self.status in ("lost", "reconnecting"):
                    self.reconnects += 1
                attempts = 0
                failures = 0
                self._set_status("connected")
            try:
                ok, image = self._cap.read() if self._cap is not None else (False, None)
            except cv2.error as exc:  # some drivers raise instead of returning False when unplugged
                log.warning("camera %s: read failed: %s", self.device, exc)
                ok, image = False, None
            if ok and image is not None and image.size:
                failures = 0
                self.backoff.reset()
                yield Frame(image, index, self._clock(), f"cam:{self.device}")
                index += 1
                continue
            failures += 1
            if failures >= self.failures_before_reconnect:
                self._release()
                self._set_status("lost")


# -- files ---------------------------------------------------------------------------------------------------
class VideoFileSource(FrameSource):
    """The frames of a video file, once (or forever with ``loop=True``)."""

    def __init__(
        self,
        path: str | Path,
        *,
        loop: bool = False,
        capture_factory: CaptureFactory = _open_capture,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.loop = loop
        self._factory = capture_factory
        self._clock = clock
        self._cap: Capture | None = None

    def _open(self) -> None:
        if not self.path.is_file():
            raise CitadelError("source_unavailable", f"no video file {self.path}", source=str(self.path))
        cap = self._factory(str(self.path))
        if not cap.isOpened():
            cap.release()
            raise CitadelError("source_unavailable", f"cannot read video {self.path}", source=str(self.path))
        self._cap = cap

    def _close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def _items(self) -> Iterator[SourceItem]:
        index = 0
        while self._cap is not None and not self._stop.is_set():
            ok, image = self._cap.read()
            if not ok or image is None:
                if not self.loop or index == 0:
                    return
                self._cap.release()
                self._cap = self._factory(str(self.path))
                continue
            yield Frame(image, index, self._clock(), str(self.path))
            index += 1


class FolderSource(FrameSource):
    """The images in a folder, in name order. Unreadable files are skipped with a warning."""

    def __init__(
        self, directory: str | Path, *, loop: bool = False, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.directory = Path(directory)
        self.loop = loop
        self._clock = clock
        self.skipped: list[Path] = []

    def _open(self) -> None:
        if not self.directory.is_dir():
            raise CitadelError(
                "source_unavailable", f"no folder {self.directory}", source=str(self.directory)
            )

    def _items(self) -> Iterator[SourceItem]:
        index = 0
        while not self._stop.is_set():
            try:
                files = sorted(
                    p for p in self.directory.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
                )
            except OSError as exc:  # the folder went away (unmounted USB stick)
                raise CitadelError(
                    "source_unavailable", f"folder {self.directory}: {exc}", source=str(self.directory)
                ) from exc
            yielded = False
            for path in files:
                image = read_image(path)
                if image is None:
                    log.warning("folder source: skipping unreadable %s", path)
                    self.skipped.append(path)
                    continue
                yielded = True
                yield Frame(image, index, self._clock(), path.name, still=True)
                index += 1
            if not self.loop or not yielded:
                return


def read_image(path: Path) -> Image | None:
    """``cv2.imread`` that accepts non-ASCII paths and returns None for anything that is not an image."""
    try:
        untrusted_bytes = np.fromfile(path, dtype=np.uint8)
    except OSError:
        return None
    if untrusted_bytes.size == 0:
        return None
    image = cv2.imdecode(untrusted_bytes, cv2.IMREAD_COLOR)
    return image if image is not None and image.size else None


# -- the stand-in camera -------------------------------------------------------------------------------------
class VirtualCameraSource(FrameSource):
    """STAND-IN camera: shows each new ticket the virtual printer writes as if held up to a 1280x720 camera.

    It watches ``directory`` for new ``*.png`` files. Each new ticket is cropped around its QR code (a
    person aims the code at the camera), then shown for ``hold_frames`` frames at one pose with a little
    hand jitter, scaled onto a fixed background scene, slightly rotated and perspective-warped, with mild
    sensor noise. Between tickets it shows the empty scene (``idle=True``) so the gate sees the ticket
    leave. ``fps`` paces the frames like a real camera (None: as fast as the consumer reads).
    ``stop_when_idle`` ends the iteration once every ticket has been shown (batch use and tests).
    Run it next to ``virtual://DIR`` printing to try the whole gate without hardware.
    """

    def __init__(
        self,
        directory: str | Path,
        *,
        fps: float | None = 15.0,
        hold_frames: int = 12,
        idle_frames: int = 8,
        idle: bool = True,
        include_existing: bool = False,
        stop_when_idle: bool = False,
        poll_s: float = 0.2,
        seed: int | None = None,
        size: tuple[int, int] = FRAME_SIZE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.directory = Path(directory)
        self.fps = fps
        self.hold_frames = max(1, hold_frames)
        self.idle_frames = max(0, idle_frames)
        self.idle = idle
        self.include_existing = include_existing
        self.stop_when_idle = stop_when_idle
        self.poll_s = poll_s
        self.size = size
        self._clock = clock
        self._rng = np.random.default_rng(seed)
        self._seen: set[str] = set()
        self._retries: dict[str, int] = {}
        self._scene: Image | None = None
        self.shown: list[str] = []

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._scene = background(self._rng, self.size)
        if not self.include_existing:
            self._seen.update(p.name for p in self.directory.glob("*.png"))

    def _new_tickets(self) -> list[Path]:
        found: list[tuple[int, str, Path]] = []
        for path in self.directory.glob("*.png"):
            if path.name in self._seen:
                continue
            try:
                found.append((path.stat().st_mtime_ns, path.name, path))
            except OSError:  # removed between listing and stat: nothing to show
                continue
        return [path for _, _, path in sorted(found)]

    def _pace(self) -> bool:
        return self._wait(1.0 / self.fps) if self.fps else self._stop.is_set()

    def _items(self) -> Iterator[SourceItem]:
        index = 0
        assert self._scene is not None
        while not self._stop.is_set():
            shown_any = False
            for path in self._new_tickets():
                ticket = read_image(path)
                if ticket is None:
                    # The printer may still be writing the file: retry on the next poll, then give up.
                    self._retries[path.name] = self._retries.get(path.name, 0) + 1
                    if self._retries[path.name] >= 5:
                        log.warning("virtual camera: skipping unreadable %s", path)
                        self._seen.add(path.name)
                    continue
                self._seen.add(path.name)
                self.shown.append(path.name)
                shown_any = True
                for image in self.present(ticket):
                    yield Frame(image, index, self._clock(), f"virtual:{path.name}")
                    index += 1
                    if self._pace():
                        return
                for _ in range(self.idle_frames if self.idle else 0):
                    yield Frame(self.empty_frame(), index, self._clock(), "virtual:idle")
                    index += 1
                    if self._pace():
                        return
            if shown_any:
                continue
            if self.stop_when_idle:
                return
            if self.idle:
                yield Frame(self.empty_frame(), index, self._clock(), "virtual:idle")
                index += 1
                if self._pace():
                    return
            elif self._wait(self.poll_s):
                return

    def empty_frame(self) -> Image:
        assert self._scene is not None
        return sensor_noise(self._scene, self._rng, 2.0)

    def present(self, ticket: Image) -> list[Image]:
        """The ``hold_frames`` frames of one ticket held up in front of the scene."""
        assert self._scene is not None
        view = _aim_at_code(ticket)
        base = random_pose(
            self._rng, (view.shape[1], view.shape[0]), target_px=(330.0, 460.0), size=self.size
        )
        frames = []
        for _ in range(self.hold_frames):
            jitter = Pose(
                scale=base.scale * float(self._rng.uniform(0.98, 1.02)),
                angle=base.angle + float(self._rng.normal(0, 0.7)),
                tilt=base.tilt,
                center=(
                    base.center[0] + float(self._rng.normal(0, 3)),
                    base.center[1] + float(self._rng.normal(0, 3)),
                ),
            )
            frame, _ = place(view, self._scene, _inside(jitter, view, self.size), self._rng)
            frames.append(sensor_noise(frame, self._rng, float(self._rng.uniform(1.0, 3.0))))
        return frames


def _inside(pose: Pose, view: Image, size: tuple[int, int]) -> Pose:
    """Clamp the pose centre so the whole ticket stays in frame after jitter."""
    half = 0.5 * float(np.hypot(view.shape[1], view.shape[0])) * pose.scale
    cx = min(max(pose.center[0], half), size[0] - half) if 2 * half < size[0] else size[0] / 2
    cy = min(max(pose.center[1], half), size[1] - half) if 2 * half < size[1] else size[1] / 2
    return Pose(pose.scale, pose.angle, pose.tilt, (cx, cy))


def _aim_at_code(ticket: Image) -> Image:
    """The part of a printed ticket a person holds up: a square around its QR code (the whole ticket if the
    clean print has no readable code, e.g. a receipt)."""
    try:
        codes = zxingcpp.read_barcodes(ticket, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    except (RuntimeError, ValueError, TypeError):
        codes = []
    if not codes:
        return ticket
    pos = codes[0].position
    xs = [p.x for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
    ys = [p.y for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
    side = max(max(xs) - min(xs), max(ys) - min(ys))
    margin = int(side * 0.35)  # quiet zone plus some of the printed text around it
    h, w = ticket.shape[:2]
    x0, y0 = max(min(xs) - margin, 0), max(min(ys) - margin, 0)
    x1, y1 = min(max(xs) + margin, w), min(max(ys) + margin, h)
    return np.ascontiguousarray(ticket[y0:y1, x0:x1])


# -- keyboard-wedge scanners ---------------------------------------------------------------------------------
class WedgeSource(FrameSource):
    """A keyboard-wedge (or serial CDC) barcode scanner that types each code followed by Enter.

    Reads lines from a text stream (stdin by default) or from a tty/serial device path, and yields each
    non-empty line as a :class:`ScannedText`. Lines longer than ``max_length`` are dropped: no ticket is
    that long, and a stuck key must not grow a line forever.
    """

    yields_text: ClassVar[bool] = True

    def __init__(
        self,
        stream: IO[str] | None = None,
        *,
        path: str | Path | None = None,
        max_length: int = 512,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._given = stream
        self.path = Path(path) if path is not None else None
        self.max_length = max_length
        self._clock = clock
        self._stream: IO[str] | None = None
        self._fd: int | None = None
        self.dropped = 0

    def _open(self) -> None:
        if self.path is not None:
            try:
                self._fd = os.open(self.path, os.O_RDONLY | os.O_NOCTTY)
            except OSError as exc:
                raise CitadelError(
                    "source_unavailable", f"cannot open {self.path}: {exc}", source=str(self.path)
                ) from exc
        else:
            self._stream = self._given if self._given is not None else sys.stdin

    def _close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        self._stream = None

    def _items(self) -> Iterator[SourceItem]:
        if self.path is not None:
            yield from self._device_items()
            return
        # A plain text stream (stdin, a pipe, a test's StringIO): blocking reads; close() takes effect
        # after the next line, since stdin cannot be interrupted portably.
        while self._stream is not None and not self._stop.is_set():
            try:
                untrusted_line = self._stream.readline(self.max_length + 2)
            except (OSError, ValueError):  # closed underneath us or device gone
                return
            if not untrusted_line:
                return
            if not untrusted_line.endswith(("\n", "\r")) and len(untrusted_line) > self.max_length:
                self.dropped += 1
                while untrusted_line and not untrusted_line.endswith(("\n", "\r")):
                    untrusted_line = self._stream.readline(self.max_length + 2)
                continue
            text = untrusted_line.strip("\r\n\t ")
            if text:
                yield ScannedText(text, self._clock(), "stdin")

    def _device_items(self) -> Iterator[SourceItem]:
        origin = str(self.path)
        pending = b""
        skipping = False
        while self._fd is not None and not self._stop.is_set():
            if not _readable(self._fd, 0.2):
                continue
            try:
                chunk = os.read(self._fd, 4096)
            except OSError:
                return
            if not chunk:
                break
            pending += chunk
            *lines, pending = re.split(rb"[\r\n]", pending)
            for raw in lines:
                if skipping:
                    skipping = False
                    continue
                text = raw.decode("utf-8", "replace").strip()
                if len(text) > self.max_length:
                    self.dropped += 1
                elif text:
                    yield ScannedText(text, self._clock(), origin)
            if len(pending) > self.max_length:
                # A stuck key or a line noise burst: drop it instead of growing forever.
                self.dropped += 0 if skipping else 1
                skipping, pending = True, b""
        text = pending.decode("utf-8", "replace").strip()
        if text and not skipping and len(text) <= self.max_length:
            yield ScannedText(text, self._clock(), origin)


def _readable(fd: int, timeout: float) -> bool:
    """True when ``fd`` has data (or EOF) within ``timeout``; lets blocking devices notice ``close()``."""
    try:
        ready, _, _ = select.select([fd], [], [], timeout)
    except (OSError, ValueError):
        return True  # let the read report the problem
    return bool(ready)


# Linux input event codes (linux/input-event-codes.h) for a US layout, which is what wedge scanners emit
# by default. (unshifted, shifted)
_KEYS: dict[int, tuple[str, str]] = {
    2: ("1", "!"),
    3: ("2", "@"),
    4: ("3", "#"),
    5: ("4", "$"),
    6: ("5", "%"),
    7: ("6", "^"),
    8: ("7", "&"),
    9: ("8", "*"),
    10: ("9", "("),
    11: ("0", ")"),
    12: ("-", "_"),
    13: ("=", "+"),
    26: ("[", "{"),
    27: ("]", "}"),
    39: (";", ":"),
    40: ("'", '"'),
    41: ("`", "~"),
    43: ("\\", "|"),
    51: (",", "<"),
    52: (".", ">"),
    53: ("/", "?"),
    57: (" ", " "),
    55: ("*", "*"),
    74: ("-", "-"),
    78: ("+", "+"),
    98: ("/", "/"),
    83: (".", "."),
    71: ("7", "7"),
    72: ("8", "8"),
    73: ("9", "9"),
    75: ("4", "4"),
    76: ("5", "5"),
    77: ("6", "6"),
    79: ("1", "1"),
    80: ("2", "2"),
    81: ("3", "3"),
    82: ("0", "0"),
}
for _code, _letters in ((16, "qwertyuiop"), (30, "asdfghjkl"), (44, "zxcvbnm")):
    for _i, _ch in enumerate(_letters):
        _KEYS[_code + _i] = (_ch, _ch.upper())
_SHIFT = {42, 54}
_CAPSLOCK = 58
_ENTER = {28, 96}
_EV_KEY = 1
_INPUT_EVENT = struct.Struct("@llHHi")  # struct input_event on 64-bit Linux: timeval, type, code, value
_EVIOCGRAB = 0x40044590


class EvdevWedgeSource(FrameSource):
    """A keyboard-wedge scanner read from its Linux input device (``/dev/input/eventN``).

    Decodes key events with a US layout (Shift and Caps Lock honoured), ends a code at Enter, and by
    default grabs the device so the scanner's keystrokes do not also land in whatever window has focus.
    Needs read access to the device (the installer's udev rule gives it to the gate user).
    """

    yields_text: ClassVar[bool] = True

    def __init__(
        self,
        path: str | Path,
        *,
        grab: bool = True,
        max_length: int = 512,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.grab = grab
        self.max_length = max_length
        self._clock = clock
        self._fd: int | None = None
        self.dropped = 0

    def _open(self) -> None:
        try:
            self._fd = os.open(self.path, os.O_RDONLY)
        except OSError as exc:
            raise CitadelError(
                "source_unavailable", f"cannot open {self.path}: {exc}", source=str(self.path)
            ) from exc
        if self.grab and self.path.is_char_device():
            import fcntl

            with contextlib.suppress(OSError):
                fcntl.ioctl(self._fd, _EVIOCGRAB, 1)

    def _close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def _items(self) -> Iterator[SourceItem]:
        shift = False
        caps = False
        chars: list[str] = []
        size = _INPUT_EVENT.size
        pending = b""
        while self._fd is not None and not self._stop.is_set():
            if not _readable(self._fd, 0.2):
                continue
            try:
                chunk = os.read(self._fd, size * 64)
            except OSError:
                return
            if not chunk:
                return
            pending += chunk
            whole = len(pending) - len(pending) % size
            for _sec, _usec, ev_type, code, value in _INPUT_EVENT.iter_unpack(pending[:whole]):
                if ev_type != _EV_KEY:
                    continue
                if code in _SHIFT:
                    shift = value != 0
                    continue
                if value == 0:  # key release
                    continue
                if code == _CAPSLOCK and value == 1:
                    caps = not caps
                elif code in _ENTER:
                    text = "".join(chars).strip()
                    chars = []
                    if text:
                        yield ScannedText(text, self._clock(), str(self.path))
                elif code in _KEYS:
                    low, high = _KEYS[code]
                    upper = shift != (caps and low.isalpha())
                    if len(chars) < self.max_length:
                        chars.append(high if upper else low)
                    else:
                        self.dropped += 1
            pending = pending[whole:]


def encode_key_events(text: str, *, enter: bool = True) -> bytes:
    """The input events a US-layout wedge scanner sends for ``text`` (+ Enter). For tests and demos:
    writing these to a file gives :class:`EvdevWedgeSource` something real to read."""
    reverse: dict[str, tuple[int, bool]] = {}
    for code, (low, high) in sorted(_KEYS.items(), reverse=True):  # prefer main keys over the keypad
        reverse[low] = (code, False)
        reverse.setdefault(high, (code, True))
        if high != low:
            reverse[high] = (code, True)
    out = bytearray()

    def key(code: int, value: int) -> None:
        out.extend(_INPUT_EVENT.pack(0, 0, _EV_KEY, code, value))
        out.extend(_INPUT_EVENT.pack(0, 0, 0, 0, 0))  # EV_SYN report

    for ch in text:
        if ch not in reverse:
            raise ValueError(f"no US-layout key for {ch!r}")
        code, shifted = reverse[ch]
        if shifted:
            key(42, 1)
        key(code, 1)
        key(code, 0)
        if shifted:
            key(42, 0)
    if enter:
        key(28, 1)
        key(28, 0)
    return bytes(out)


# -- the one place a spec becomes a source -------------------------------------------------------------------
def open_source(spec: str, **options: object) -> FrameSource:
    """Build the source a spec string names (see the module docstring). ``options`` go to the
    constructor (e.g. ``capture_factory``, ``on_status``, ``fps``). The source is not opened yet."""
    untrusted_spec = spec.strip()
    scheme, _, rest = untrusted_spec.partition(":")
    scheme = scheme.lower()
    if scheme == "cam":
        parts = urlsplit("cam:" + rest)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        target = parts.path or "0"
        device: int | str = int(target) if target.isdigit() else target
        kwargs: dict[str, object] = {}
        try:
            for name, cast in (("width", int), ("height", int), ("fps", float)):
                if name in query:
                    kwargs[name] = cast(query[name])
        except ValueError as exc:
            raise CitadelError("bad_source", f"bad camera option in {spec!r}", source=spec) from exc
        return CameraSource(device, **{**kwargs, **options})  # type: ignore[arg-type]
    if scheme == "file" and rest:
        return VideoFileSource(rest, **options)  # type: ignore[arg-type]
    if scheme == "folder" and rest:
        return FolderSource(rest, **options)  # type: ignore[arg-type]
    if scheme == "virtual" and rest:
        return VirtualCameraSource(rest, **options)  # type: ignore[arg-type]
    if scheme == "wedge":
        if rest in ("", "-", "stdin"):
            return WedgeSource(**options)  # type: ignore[arg-type]
        if rest.startswith("evdev:"):
            return EvdevWedgeSource(rest[len("evdev:") :], **options)  # type: ignore[arg-type]
        return WedgeSource(path=rest, **options)  # type: ignore[arg-type]
    if Path(untrusted_spec).is_file():
        return VideoFileSource(untrusted_spec, **options)  # type: ignore[arg-type]
    raise CitadelError("bad_source", f"unknown frame source {spec!r}", source=spec)
