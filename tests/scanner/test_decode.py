"""Decoder correctness on frames built like the bench's (really issued tickets, fixed seed), robustness on
garbage input, inverted codes, the last-hit region and use from several threads. No timing is asserted."""

from __future__ import annotations

import importlib.util
import sys
import threading
import warnings
from pathlib import Path
from types import ModuleType

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from scanner.decode import Decoded, Decoder, to_gray

BENCH = Path(__file__).resolve().parents[2] / "bench" / "decode.py"


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("citadel_bench_decode", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _load_bench()


@pytest.fixture(scope="module")
def texts(bench: ModuleType) -> list[str]:
    return bench.issue_tokens(np.random.default_rng(7), 12)


def test_bench_tokens_are_real_ticket_texts(texts: list[str]) -> None:
    from shared import tokens

    for text in texts:
        assert text.startswith("CT:") and len(text) == 152
        claims, _body, _sig = tokens.decode(text)
        assert claims.ticket_id > 0


@pytest.mark.parametrize(
    "category",
    [
        "clean",
        "blur",
        "rotation_perspective",
        "low_light_noise",
        "jpeg",
        "small_modules",
        "glare",
        "phone_screen",
    ],
)
def test_each_category_reads_the_right_text_and_at_least_what_plain_engines_read(
    bench: ModuleType, texts: list[str], category: str
) -> None:
    rng = np.random.default_rng(len(category) * 7919)
    decoder = Decoder()
    ours_hits = 0
    for text in texts[:5]:
        frame = bench.make_frame(category, text, rng)
        assert frame.shape == (720, 1280, 3)
        decoder.forget()
        found = decoder.decode(frame)
        # Never a misread: everything returned is the ticket in the frame.
        assert all(d.text == text for d in found)
        plain = set(bench.run_zxing(frame)) | set(bench.run_pyzbar(frame))
        if text in plain:
            assert found, f"{category}: a plain engine read this frame but our decoder did not"
        ours_hits += bool(found)
    assert ours_hits >= 1, f"{category}: no sample read"


def test_clean_frame_gives_engine_and_a_quad_on_the_code(bench: ModuleType, texts: list[str]) -> None:
    from scanner.scene import Pose, background, place

    rng = np.random.default_rng(3)
    card, _modules = bench.ticket_card(texts[0], rng)
    frame, corners = place(card, background(rng), Pose(0.6, 5.0, 0.0, (640.0, 360.0)), rng)
    found = Decoder().decode(frame)
    assert [d.text for d in found] == [texts[0]]
    hit = found[0]
    assert isinstance(hit, Decoded) and hit.engine.startswith("zxing")
    # The code's corners lie inside the placed ticket.
    poly = corners.reshape(-1, 1, 2).astype(np.float32)
    for point in hit.quad:
        assert cv2.pointPolygonTest(poly, (float(point[0]), float(point[1])), False) >= 0


def test_a_tilted_ticket_is_read_from_its_rectified_square(bench: ModuleType, texts: list[str]) -> None:
    """Plain zxing-cpp locates this tilted ticket's symbol but cannot read it; warping the located
    symbol to a frontal square can. The reported corners map back onto the ticket in the frame."""
    from scanner.scene import Pose, background, place

    rng = np.random.default_rng(4)
    card, _modules = bench.ticket_card(texts[1], rng)
    frame, corners = place(card, background(rng), Pose(0.5, 20.0, 0.3, (640.0, 360.0)), rng)
    assert texts[1] not in bench.run_zxing(frame) + bench.run_pyzbar(frame)
    found = Decoder().decode(frame)
    assert [(d.text, d.engine) for d in found] == [(texts[1], "zxing:rectified")]
    poly = corners.reshape(-1, 1, 2).astype(np.float32)
    for point in found[0].quad:
        assert cv2.pointPolygonTest(poly, (float(point[0]), float(point[1])), True) >= -3


def test_inverted_codes_decode(bench: ModuleType, texts: list[str]) -> None:
    matrix = bench.qr_matrix(texts[1])
    big = cv2.resize(matrix, None, fx=5, fy=5, interpolation=cv2.INTER_NEAREST)
    frame = np.full((720, 1280), 255, np.uint8)
    frame[100 : 100 + big.shape[0], 300 : 300 + big.shape[1]] = big
    inverted = 255 - frame
    assert [d.text for d in Decoder().decode(inverted)] == [texts[1]]
    # And phone frames from the bench's phone-screen look (dark mode in about half of them).
    hits = [Decoder().decode(bench.phone_frame(texts[2], np.random.default_rng(seed))) for seed in range(4)]
    assert all(h and h[0].text == texts[2] for h in hits)


def test_second_frame_uses_the_region_of_the_last_hit(bench: ModuleType, texts: list[str]) -> None:
    from scanner.scene import Pose, background, place

    rng = np.random.default_rng(5)
    card, _ = bench.ticket_card(texts[3], rng)
    bg = background(rng)
    decoder = Decoder()
    first, _ = place(card, bg, Pose(0.55, 3.0, 0.0, (400.0, 360.0)), rng)
    moved, _ = place(card, bg, Pose(0.55, 4.0, 0.0, (415.0, 352.0)), rng)
    assert [d.engine for d in decoder.decode(first)] == ["zxing"]
    second = decoder.decode(moved)
    assert [(d.text, d.engine) for d in second] == [(texts[3], "zxing:roi")]
    # The ROI quad is mapped back to frame coordinates: near the first one, not near the crop origin.
    assert abs(second[0].quad[0][0] - decoder.decode(first)[0].quad[0][0]) < 60
    # The ticket leaves: the full-frame path takes over again and finds nothing.
    assert decoder.decode(bg) == []
    # A different ticket elsewhere is still found (the ROI miss falls through to the full frame).
    card2, _ = bench.ticket_card(texts[4], rng)
    elsewhere, _ = place(card2, bg, Pose(0.55, 0.0, 0.0, (950.0, 360.0)), rng)
    assert [d.text for d in decoder.decode(elsewhere)] == [texts[4]]


def test_two_codes_in_one_frame_are_both_returned(bench: ModuleType, texts: list[str]) -> None:
    from scanner.scene import Pose, background, place

    rng = np.random.default_rng(9)
    bg = background(rng)
    card_a, _ = bench.ticket_card(texts[5], rng)
    card_b, _ = bench.ticket_card(texts[6], rng)
    frame, _ = place(card_a, bg, Pose(0.5, 0.0, 0.0, (330.0, 360.0)), rng)
    frame, _ = place(card_b, frame, Pose(0.5, 0.0, 0.0, (950.0, 360.0)), rng)
    assert sorted(d.text for d in Decoder().decode(frame)) == sorted(texts[5:7])


def test_decoder_is_usable_from_worker_threads(bench: ModuleType, texts: list[str]) -> None:
    rng = np.random.default_rng(13)
    frames = [(t, bench.make_frame("clean", t, rng)) for t in texts[:6]]
    shared = Decoder()
    errors: list[str] = []

    def work(decoder: Decoder) -> None:
        for _ in range(3):
            for text, frame in frames:
                got = [d.text for d in decoder.decode(frame)]
                if got != [text]:
                    errors.append(f"{got!r} != {text!r}")

    threads = [threading.Thread(target=work, args=(shared if i % 2 else Decoder(),)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []


@pytest.mark.parametrize(
    "frame",
    [
        np.zeros((0, 0), np.uint8),
        np.zeros((0, 5, 3), np.uint8),
        np.zeros((1, 1), np.uint8),
        np.zeros((720, 1280), np.uint8),
        np.full((720, 1280, 3), 255, np.uint8),
        np.zeros((1, 5000), np.uint8),
        np.zeros((20, 20, 3), np.uint8),
        np.zeros((30, 30, 5), np.uint8),
        np.zeros((2, 30, 30, 3), np.uint8),
        np.zeros((40, 40, 2), np.uint8),
        np.full((64, 64), np.nan, np.float32),
        np.ones((64, 64), np.bool_),
        np.arange(64 * 64, dtype=np.uint16).reshape(64, 64),
        np.zeros((64, 64), np.complex64),
        np.tile(np.array([-70000, 300, 5], np.int32), (64, 22))[:, :64],
        np.full((64, 64), np.inf, np.float64),
        np.random.default_rng(0).integers(0, 256, (720, 1280, 3), dtype=np.uint8),
        np.random.default_rng(1).integers(0, 256, (1280, 720, 4), dtype=np.uint8)[::2, ::3],
    ],
    ids=lambda a: f"{a.dtype}{a.shape}",
)
def test_garbage_and_odd_frames_never_crash(frame: np.ndarray) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from casts either
        assert Decoder(budget_ms=5).decode(frame) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hnp.arrays(
        dtype=st.sampled_from([np.uint8, np.float32, np.int32]),
        shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=48),
    )
)
def test_random_arrays_never_crash(frame: np.ndarray) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = Decoder(budget_ms=2).decode(frame)
    assert isinstance(result, list)
    assert all(isinstance(d, Decoded) for d in result)


def test_non_arrays_are_refused_quietly() -> None:
    assert to_gray("not a frame") is None  # type: ignore[arg-type]
    assert Decoder().decode(None) == []  # type: ignore[arg-type]


def test_without_pyzbar_still_reads_clean_frames(bench: ModuleType, texts: list[str]) -> None:
    rng = np.random.default_rng(17)
    frame = bench.make_frame("clean", texts[7], rng)
    assert [d.text for d in Decoder(use_pyzbar=False).decode(frame)] == [texts[7]]
