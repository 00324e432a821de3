"""Frame sources: one contract run against every implementation, then each source's own behaviour —
camera reconnect with backoff over a real ``cv2.VideoCapture`` reading a video we write, video files,
image folders, the virtual stand-in camera fed by the real virtual printer, and keyboard-wedge scanners
(text lines and Linux input events)."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from scanner.decode import Decoder
from scanner.sources import (
    Backoff,
    CameraSource,
    EvdevWedgeSource,
    FolderSource,
    Frame,
    FrameSource,
    ScannedText,
    VideoFileSource,
    VirtualCameraSource,
    WedgeSource,
    encode_key_events,
    open_source,
)
from shared import tokens
from shared.errors import CitadelError

N_VIDEO_FRAMES = 12


def issue_token(seed: int = 1) -> str:
    rng = np.random.default_rng(seed)
    claims = tokens.TicketClaims(
        key_id=3,
        ticket_id=int(rng.integers(1, 2**62)),
        product=1,
        category=0,
        issued_at=datetime(2026, 5, 1, 8, 0, tzinfo=UTC),
        valid_from=date(2026, 5, 1),
        valid_days=1,
        sites_mask=1,
    )
    return tokens.encode(claims, Ed25519PrivateKey.from_private_bytes(rng.bytes(32)))


def qr_png(text: str, path: Path) -> None:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=6, border=4)
    qr.add_data(text)
    qr.make_image().save(path)


def write_video(path: Path, frames: int = N_VIDEO_FRAMES) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (320, 240))
    assert writer.isOpened()
    for i in range(frames):
        img = np.full((240, 320, 3), 20 * (i % 10), np.uint8)
        cv2.putText(img, str(i), (100, 150), cv2.FONT_HERSHEY_SIMPLEX, 3, (255, 255, 255), 5)
        writer.write(img)
    writer.release()


@pytest.fixture
def video(tmp_path: Path) -> Path:
    path = tmp_path / "gate.avi"
    write_video(path)
    return path


# -- the contract every source honours ---------------------------------------------------------------------
def _folder(tmp_path: Path) -> FrameSource:
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"img{i}.png"), np.full((50, 60, 3), 40 * i, np.uint8))
    return FolderSource(tmp_path)


def _virtual(tmp_path: Path) -> FrameSource:
    qr_png(issue_token(), tmp_path / "ticket-0001.png")
    return VirtualCameraSource(
        tmp_path, include_existing=True, stop_when_idle=True, fps=None, hold_frames=3, idle_frames=1, seed=1
    )


def _wedge_file(tmp_path: Path) -> FrameSource:
    path = tmp_path / "tty"
    path.write_text("CT:ONE\nCT:TWO\n")
    return WedgeSource(path=path)


def _evdev(tmp_path: Path) -> FrameSource:
    path = tmp_path / "event0"
    path.write_bytes(encode_key_events("CT:ONE") + encode_key_events("CT:TWO"))
    return EvdevWedgeSource(path, grab=False)


def _camera(tmp_path: Path) -> FrameSource:
    path = tmp_path / "cam.avi"
    write_video(path)
    return CameraSource(0, capture_factory=lambda _dev: cv2.VideoCapture(str(path)), sleep=lambda _s: None)


def _video(tmp_path: Path) -> FrameSource:
    path = tmp_path / "v.avi"
    write_video(path)
    return VideoFileSource(path)


SOURCES: dict[str, Callable[[Path], FrameSource]] = {
    "camera": _camera,
    "video": _video,
    "folder": _folder,
    "virtual": _virtual,
    "wedge": _wedge_file,
    "evdev": _evdev,
}


@pytest.mark.parametrize("make", SOURCES.values(), ids=SOURCES.keys())
class TestSourceContract:
    def test_yields_the_declared_item_type(self, make: Callable[[Path], FrameSource], tmp_path: Path) -> None:
        source = make(tmp_path)
        with source:
            items = [item for _, item in zip(range(5), source, strict=False)]
        assert items
        expected = ScannedText if source.yields_text else Frame
        assert all(isinstance(item, expected) for item in items)
        for item in items:
            if isinstance(item, Frame):
                assert item.image.dtype == np.uint8 and item.image.ndim in (2, 3) and item.image.size
            else:
                assert item.text.startswith("CT:")

    def test_close_ends_iteration_and_is_idempotent(
        self, make: Callable[[Path], FrameSource], tmp_path: Path
    ) -> None:
        source = make(tmp_path)
        it = iter(source)
        next(it)
        source.close()
        assert list(it) == []
        source.close()
        assert source.closed


# -- camera ------------------------------------------------------------------------------------------------
class FlakyCamera:
    """A capture factory: a real ``cv2.VideoCapture`` over a video file, where the end of the file is the
    camera being unplugged, and the next ``missing`` opens fail (the device is not back yet)."""

    def __init__(self, video: Path, missing: int) -> None:
        self.video = video
        self.missing = missing
        self.opens = 0
        self.failed_opens = 0

    def __call__(self, device: int | str) -> cv2.VideoCapture:
        self.opens += 1
        if self.opens > 1 and self.failed_opens < self.missing:
            self.failed_opens += 1
            return cv2.VideoCapture(str(self.video.with_name("unplugged.avi")))
        return cv2.VideoCapture(str(self.video))


def test_camera_reconnects_with_backoff_when_unplugged_and_back(video: Path) -> None:
    factory = FlakyCamera(video, missing=3)
    delays: list[float] = []
    statuses: list[str] = []
    cam = CameraSource(
        0,
        width=640,
        height=480,
        fps=15,
        capture_factory=factory,
        sleep=delays.append,
        on_status=statuses.append,
        failures_before_reconnect=2,
        backoff=Backoff(initial=0.1, factor=2.0, maximum=0.3),
    )
    with cam:
        frames = [item for _, item in zip(range(2 * N_VIDEO_FRAMES), cam, strict=False)]
    assert len(frames) == 2 * N_VIDEO_FRAMES
    assert [f.index for f in frames] == list(range(2 * N_VIDEO_FRAMES))
    assert delays == [0.1, 0.2, 0.3]  # capped at the maximum
    assert statuses[:4] == ["connected", "lost", "reconnecting", "connected"]
    assert statuses[-1] == "closed"
    assert cam.reconnects == 1
    assert factory.failed_opens == 3


def test_backoff_resets_after_a_good_frame(video: Path) -> None:
    factory = FlakyCamera(video, missing=1)
    delays: list[float] = []
    cam = CameraSource(
        0,
        capture_factory=factory,
        sleep=delays.append,
        failures_before_reconnect=1,
        backoff=Backoff(initial=0.5, factor=3.0, maximum=10.0),
    )
    with cam:
        frames = [item for _, item in zip(range(3 * N_VIDEO_FRAMES), cam, strict=False)]
    assert len(frames) == 3 * N_VIDEO_FRAMES
    # First loss: one failed open (0.5 s). Second loss: the device is back at once, no wait at all.
    assert delays == [0.5]


def test_camera_that_never_comes_back_gives_a_coded_error(video: Path) -> None:
    cam = CameraSource(
        7,
        capture_factory=lambda _d: cv2.VideoCapture(str(video.with_name("nope.avi"))),
        sleep=lambda _s: None,
        max_reconnects=3,
    )
    with pytest.raises(CitadelError) as excinfo, cam:
        list(cam)
    assert excinfo.value.code == "source_unavailable"
    assert "cam:7" in excinfo.value.message("en")
    assert excinfo.value.message("vi") != excinfo.value.message("en")


def test_camera_driver_exception_counts_as_absent(video: Path) -> None:
    calls = {"n": 0}

    def factory(device: int | str) -> cv2.VideoCapture:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("driver hiccup")
        return cv2.VideoCapture(str(video))

    cam = CameraSource(0, capture_factory=factory, sleep=lambda _s: None)
    with cam:
        first = next(iter(cam))
    assert isinstance(first, Frame) and calls["n"] == 2


class RaisingCapture:
    """A driver that raises on read once unplugged (some V4L2 drivers do), wrapping a real capture."""

    def __init__(self, video: Path, good_frames: int) -> None:
        self.inner = cv2.VideoCapture(str(video))
        self.left = good_frames

    def isOpened(self) -> bool:  # OpenCV's name
        return bool(self.inner.isOpened())

    def read(self) -> tuple[bool, np.ndarray | None]:
        if self.left <= 0:
            raise cv2.error("VIDIOC_DQBUF: No such device")
        self.left -= 1
        ok, image = self.inner.read()
        return ok, image

    def set(self, prop_id: int, value: float) -> bool:
        return bool(self.inner.set(prop_id, value))

    def release(self) -> None:
        self.inner.release()


def test_camera_read_that_raises_counts_as_unplugged(video: Path) -> None:
    statuses: list[str] = []
    cam = CameraSource(
        0,
        capture_factory=lambda _d: RaisingCapture(video, good_frames=3),
        sleep=lambda _s: None,
        on_status=statuses.append,
    )
    with cam:
        frames = [f for _, f in zip(range(7), cam, strict=False)]
    assert len(frames) == 7
    assert statuses[:3] == ["connected", "lost", "connected"]


def test_folder_that_disappears_is_a_coded_error(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    cv2.imwrite(str(folder / "a.png"), np.zeros((30, 30, 3), np.uint8))
    source = FolderSource(folder, loop=True)
    with source:
        it = iter(source)
        next(it)
        (folder / "a.png").unlink()
        folder.rmdir()
        with pytest.raises(CitadelError) as excinfo:
            next(it)
    assert excinfo.value.code == "source_unavailable"


def test_close_from_another_thread_stops_a_camera_waiting_to_reconnect(video: Path) -> None:
    cam = CameraSource(
        0,
        capture_factory=lambda _d: cv2.VideoCapture(str(video.with_name("gone.avi"))),
        backoff=Backoff(initial=0.05, maximum=0.05),
    )
    got: list[object] = []
    worker = threading.Thread(target=lambda: got.extend(cam))
    worker.start()
    threading.Timer(0.2, cam.close).start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert got == [] and cam.status == "closed"


# -- files and folders -------------------------------------------------------------------------------------
def test_video_file_yields_every_frame_then_ends(video: Path) -> None:
    with VideoFileSource(video) as source:
        frames = list(source)
    assert len(frames) == N_VIDEO_FRAMES
    assert all(isinstance(f, Frame) and f.image.shape == (240, 320, 3) for f in frames)


def test_video_file_loops_when_asked(video: Path) -> None:
    with VideoFileSource(video, loop=True) as source:
        frames = [f for _, f in zip(range(N_VIDEO_FRAMES * 2 + 3), source, strict=False)]
    assert len(frames) == N_VIDEO_FRAMES * 2 + 3


def test_missing_or_broken_video_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(CitadelError) as excinfo:
        VideoFileSource(tmp_path / "none.avi").open()
    assert excinfo.value.code == "source_unavailable"
    junk = tmp_path / "junk.avi"
    junk.write_bytes(b"not a video at all" * 10)
    with pytest.raises(CitadelError) as excinfo:
        VideoFileSource(junk).open()
    assert excinfo.value.code == "source_unavailable"


def test_folder_yields_images_in_name_order_and_skips_junk(tmp_path: Path) -> None:
    text = issue_token(4)
    qr_png(text, tmp_path / "b.png")
    cv2.imwrite(str(tmp_path / "a.jpg"), np.zeros((40, 40, 3), np.uint8))
    (tmp_path / "c.png").write_bytes(b"\x89PNG broken")
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "Vé-huế.png").write_bytes((tmp_path / "b.png").read_bytes())  # non-ASCII file name
    with FolderSource(tmp_path) as source:
        frames = list(source)
        skipped = [p.name for p in source.skipped]
    assert [f.origin for f in frames if isinstance(f, Frame)] == ["Vé-huế.png", "a.jpg", "b.png"]
    assert skipped == ["c.png"]
    decoder = Decoder()
    assert [d.text for d in decoder.decode(frames[2].image)] == [text]  # type: ignore[union-attr]


# -- the virtual camera, fed by the real virtual printer ---------------------------------------------------
def _print_ticket(out_dir: Path, token: str) -> None:
    from printer.layout import TicketView, render_ticket
    from printer.virtual import VirtualPrinter

    view = TicketView(
        title_vi="Đại Nội Huế",
        title_local="Imperial City",
        language="en",
        category="Adult",
        price="200.000 VND",
        valid_from="2026-05-01",
        valid_to="2026-05-01",
        order_code="ORD-1",
        ticket_no=tokens.short_ticket_number(1234),
        token=token,
        sites=("Imperial City",),
    )
    VirtualPrinter(out_dir).receive(render_ticket(view))


def test_virtual_camera_shows_each_new_printed_ticket_as_a_1280x720_camera(tmp_path: Path) -> None:
    old, new = issue_token(5), issue_token(6)
    _print_ticket(tmp_path, old)  # printed before the camera started: not shown
    cam = VirtualCameraSource(tmp_path, fps=None, hold_frames=6, idle_frames=3, stop_when_idle=True, seed=2)
    with cam:
        _print_ticket(tmp_path, new)
        frames = [f for f in cam if isinstance(f, Frame)]
    assert len(frames) == 9
    assert all(f.image.shape == (720, 1280, 3) for f in frames)
    decoder = Decoder()
    held = [f for f in frames if f.origin != "virtual:idle"]
    read = [[d.text for d in decoder.decode(f.image)] for f in held]
    assert all(texts in ([], [new]) for texts in read)
    assert sum(texts == [new] for texts in read) >= len(held) // 2
    # The ticket is warped, not pasted: consecutive held frames differ (hand jitter + noise).
    assert not np.array_equal(held[0].image, held[1].image)
    idle = [f for f in frames if f.origin == "virtual:idle"]
    assert idle and all(decoder.decode(f.image) == [] for f in idle)
    assert cam.shown == ["ticket-0002.png"]
    # Keep one frame for a person to look at.
    artifacts = Path(__file__).resolve().parents[1] / "artifacts" / "scanner"
    artifacts.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(artifacts / "virtual-camera-frame.png"), held[0].image)


def test_virtual_camera_waits_for_a_half_written_png(tmp_path: Path) -> None:
    cam = VirtualCameraSource(tmp_path, fps=None, stop_when_idle=True, hold_frames=2, idle_frames=0, seed=3)
    with cam:
        (tmp_path / "ticket-0001.png").write_bytes(b"\x89PNG\r\n\x1a\n partial")
        assert list(cam) == []
        qr_png(issue_token(8), tmp_path / "ticket-0001.png")  # the printer finishes writing
        frames = list(cam)
    assert len(frames) == 2 and cam.shown == ["ticket-0001.png"]


def test_virtual_camera_idles_with_empty_frames_until_closed(tmp_path: Path) -> None:
    cam = VirtualCameraSource(tmp_path, fps=200.0, seed=4)
    with cam:
        it: Iterator[object] = iter(cam)
        first = [next(it) for _ in range(3)]
        qr_png(issue_token(9), tmp_path / "ticket-0001.png")
        later = [next(it) for _ in range(20)]
    assert all(isinstance(f, Frame) and f.origin == "virtual:idle" for f in first)
    assert any(isinstance(f, Frame) and f.origin == "virtual:ticket-0001.png" for f in later)


# -- keyboard-wedge scanners -------------------------------------------------------------------------------
def test_wedge_reads_lines_from_a_stream_and_drops_junk() -> None:
    stream = io.StringIO("CT:ABC\n\n  CT:DEF \r\n" + "X" * 700 + "\nCT:GHI\n")
    source = WedgeSource(stream, max_length=512)
    with source:
        texts = [item.text for item in source if isinstance(item, ScannedText)]
    assert texts == ["CT:ABC", "CT:DEF", "CT:GHI"]
    assert source.dropped == 1
    assert WedgeSource.yields_text


def test_wedge_reads_a_tty_path(tmp_path: Path) -> None:
    tty = tmp_path / "ttyACM0"
    token = issue_token(10)
    tty.write_text(f"{token}\r\n{token}\r\n")
    source = open_source(f"wedge:{tty}")
    with source:
        items = list(source)
    assert [i.text for i in items if isinstance(i, ScannedText)] == [token, token]
    assert all(isinstance(i, ScannedText) and i.origin == str(tty) for i in items)


def test_evdev_wedge_decodes_key_events_with_shift_and_caps_lock(tmp_path: Path) -> None:
    token = issue_token(11)
    device = tmp_path / "event3"
    import struct

    ev = struct.Struct("@llHHi")
    caps = ev.pack(0, 0, 1, 58, 1) + ev.pack(0, 0, 1, 58, 0)
    lowercase_typed_with_caps = caps + encode_key_events("ct:abc") + caps
    device.write_bytes(encode_key_events(token) + lowercase_typed_with_caps + encode_key_events("x y-1"))
    source = open_source(f"wedge:evdev:{device}", grab=True)
    assert isinstance(source, EvdevWedgeSource)
    with source:
        texts = [i.text for i in source if isinstance(i, ScannedText)]
    assert texts == [token, "CT:ABC", "x y-1"]


def test_wedge_device_drops_over_long_lines(tmp_path: Path) -> None:
    tty = tmp_path / "ttyUSB0"
    tty.write_bytes(b"CT:A\r\n" + b"Z" * 9000 + b"\nCT:B\nCT:C")
    source = WedgeSource(path=tty, max_length=200)
    with source:
        texts = [i.text for i in source if isinstance(i, ScannedText)]
    assert texts == ["CT:A", "CT:B", "CT:C"]
    assert source.dropped == 1


def test_close_from_another_thread_stops_a_blocked_wedge_device(tmp_path: Path) -> None:
    fifo = tmp_path / "scanner"
    os.mkfifo(fifo)
    writer_ready = threading.Event()
    release_writer = threading.Event()

    def writer() -> None:
        with fifo.open("w") as fh:  # blocks until the source opens its end, like a plugged-in device
            fh.write("CT:FIRST\n")
            fh.flush()
            writer_ready.set()
            release_writer.wait(30)

    threading.Thread(target=writer, daemon=True).start()
    source = WedgeSource(path=fifo)
    got: list[str] = []

    def consume() -> None:
        for item in source:
            assert isinstance(item, ScannedText)
            got.append(item.text)

    consumer = threading.Thread(target=consume)
    consumer.start()
    assert writer_ready.wait(30)
    for _ in range(3000):  # generous bound only to avoid a hang; no timing is asserted
        if got:
            break
        threading.Event().wait(0.01)
    source.close()  # the consumer is blocked waiting for the next scan
    consumer.join(timeout=30)
    release_writer.set()
    assert not consumer.is_alive()
    assert got == ["CT:FIRST"]


def test_key_events_refuse_characters_a_us_keyboard_cannot_type() -> None:
    with pytest.raises(ValueError):
        encode_key_events("Huế")


# -- specs -------------------------------------------------------------------------------------------------
def test_open_source_maps_each_spec(tmp_path: Path, video: Path) -> None:
    cam = open_source("cam:2?width=640&height=480&fps=10")
    assert isinstance(cam, CameraSource) and (cam.device, cam.width, cam.height, cam.fps) == (
        2,
        640,
        480,
        10.0,
    )
    dev = open_source("cam:/dev/video4")
    assert isinstance(dev, CameraSource) and dev.device == "/dev/video4"
    assert isinstance(open_source("cam:"), CameraSource)
    assert isinstance(open_source(f"file:{video}"), VideoFileSource)
    assert isinstance(open_source(str(video)), VideoFileSource)
    assert isinstance(open_source(f"folder:{tmp_path}"), FolderSource)
    assert isinstance(open_source(f"virtual:{tmp_path}", fps=None), VirtualCameraSource)
    assert isinstance(open_source("wedge:"), WedgeSource)
    assert isinstance(open_source("wedge:-"), WedgeSource)


@pytest.mark.parametrize("spec", ["", "bogus:1", "folder:", "cam:0?width=wide", "/no/such/file.avi"])
def test_bad_specs_are_coded_errors_with_translated_messages(spec: str) -> None:
    with pytest.raises(CitadelError) as excinfo:
        open_source(spec)
    assert excinfo.value.code == "bad_source"
    assert excinfo.value.message("vi").startswith("Nguồn")


def test_missing_folder_fails_on_open_with_a_coded_error(tmp_path: Path) -> None:
    source = open_source(f"folder:{tmp_path / 'missing'}")
    with pytest.raises(CitadelError) as excinfo:
        source.open()
    assert excinfo.value.code == "source_unavailable"
