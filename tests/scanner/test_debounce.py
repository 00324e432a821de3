"""Debounce: a held code counts once, the next person gets a verdict at once, a code that left view for the
gap counts again. The clock is a plain list-backed fake: no sleeping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.debounce import Debouncer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_code_held_in_view_counts_once_even_with_missed_frames(clock: FakeClock) -> None:
    deb = Debouncer(gap_s=1.5, clock=clock)
    counted = []
    # 10 s of a ticket held at 20 fps, with every fourth frame failing to decode.
    for i in range(200):
        counted += deb.feed(["CT:A"] if i % 4 else [])
        clock.advance(0.05)
    assert counted == ["CT:A"]


def test_next_person_gets_a_verdict_immediately(clock: FakeClock) -> None:
    deb = Debouncer(gap_s=1.5, clock=clock)
    assert deb.feed(["CT:A"]) == ["CT:A"]
    clock.advance(0.1)
    # The first ticket is still in view, the second is held up next to it.
    assert deb.feed(["CT:A", "CT:B"]) == ["CT:B"]
    clock.advance(0.1)
    assert deb.feed(["CT:B"]) == []
    assert sorted(deb.in_view()) == ["CT:A", "CT:B"]


def test_same_code_counts_again_after_leaving_view_for_the_gap(clock: FakeClock) -> None:
    deb = Debouncer(gap_s=2.0, clock=clock)
    assert deb.counts("CT:A")
    clock.advance(1.99)
    assert not deb.counts("CT:A")  # the last sighting resets the gap
    clock.advance(1.99)
    assert not deb.counts("CT:A")
    clock.advance(2.0)
    assert deb.counts("CT:A")


def not_a_ticket(text: str) -> bool:
    return not text.startswith("CT:")


def test_a_doubtful_code_counts_only_when_a_second_frame_reads_it(clock: FakeClock) -> None:
    deb = Debouncer(gap_s=1.5, clock=clock)
    # One frame misreads the ticket; the next frames read it: only the ticket counts.
    assert deb.feed(["MISREAD"], doubtful=not_a_ticket) == []
    clock.advance(0.05)
    assert deb.feed(["CT:A"], doubtful=not_a_ticket) == ["CT:A"]
    clock.advance(2.0)  # the misread is never confirmed: a later lone sighting starts afresh
    assert deb.feed(["MISREAD"], doubtful=not_a_ticket) == []
    # A foreign code really held up counts on its second frame, then once while held.
    clock.advance(0.05)
    assert deb.feed(["MISREAD"], doubtful=not_a_ticket) == ["MISREAD"]
    clock.advance(0.05)
    assert deb.feed(["MISREAD"], doubtful=not_a_ticket) == []
    # Out of view for the gap: it needs two frames again, while a ticket counts at once.
    clock.advance(2.0)
    assert deb.feed(["MISREAD", "CT:A"], doubtful=not_a_ticket) == ["CT:A"]
    clock.advance(0.05)
    assert deb.feed(["MISREAD"], doubtful=not_a_ticket) == ["MISREAD"]
    deb.reset()
    assert deb.feed(["MISREAD"], doubtful=not_a_ticket) == []


def test_gap_is_configurable_and_zero_means_every_sighting_counts(clock: FakeClock) -> None:
    deb = Debouncer(gap_s=0.0, clock=clock)
    assert deb.feed(["X"]) == ["X"]
    assert deb.feed(["X"]) == ["X"]
    with pytest.raises(ValueError):
        Debouncer(gap_s=-1)


def test_duplicates_within_one_frame_count_once_in_order(clock: FakeClock) -> None:
    deb = Debouncer(clock=clock)
    assert deb.feed(["B", "A", "B", "A"]) == ["B", "A"]


def test_reset_gives_a_fresh_verdict(clock: FakeClock) -> None:
    deb = Debouncer(clock=clock)
    assert deb.counts("CT:A")
    assert not deb.counts("CT:A")
    deb.reset()
    assert deb.counts("CT:A")


def test_many_codes_do_not_grow_memory_without_bound(clock: FakeClock) -> None:
    deb = Debouncer(gap_s=1.0, clock=clock)
    for i in range(5000):
        deb.feed([f"CT:{i}"])
        clock.advance(0.5)
    assert len(deb.in_view()) <= 2
    assert len(deb._last_seen) <= 70


@given(st.lists(st.tuples(st.floats(0, 3), st.lists(st.sampled_from("ABC"), max_size=3)), max_size=60))
def test_a_code_never_counts_twice_while_continuously_in_view(steps: list[tuple[float, list[str]]]) -> None:
    clock = FakeClock()
    gap = 1.5
    deb = Debouncer(gap_s=gap, clock=clock)
    last_seen: dict[str, float] = {}
    for delta, texts in steps:
        clock.advance(delta)
        counted = deb.feed(texts)
        for text in set(texts):
            previous = last_seen.get(text)
            should_count = previous is None or clock.now - previous >= gap
            assert (text in counted) == should_count
            last_seen[text] = clock.now
        assert set(counted) <= set(texts)
