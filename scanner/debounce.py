"""Scanner layer (Qt-free): debouncing of decoded codes. Owns :class:`Debouncer`.

A camera sees a held ticket in 15-30 frames a second; the gate must judge it once. Rules:

- a code held in view counts once, however many frames read it (and however many frames in between
  failed to read it, as long as none of the misses lasts ``gap_s``);
- a *different* code counts at once: the next person never waits on the previous one's ticket;
- the *same* code counts again once it has been out of view for ``gap_s`` seconds (a visitor who walks
  away and comes back, or a re-entry after an exit scan, gets a fresh verdict);
- a *doubtful* code (the caller says which; at the gate, camera text that is not even a well-formed
  ticket) counts only once a second frame reads it too, within ``gap_s`` of the first. A one-frame misread
  of a real ticket (rare: about once in several thousand camera scans) then never flashes a red "not a
  ticket" at a visitor whose ticket reads correctly a frame later, while a foreign code that is really
  held up is still refused one frame later.

The clock is injected (``time.monotonic`` by default) so tests never sleep.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

DEFAULT_GAP_S = 1.5
"""Seconds a code must be out of view before it counts again. Longer than any run of missed decodes of a
held ticket (a few frames), short enough that a deliberate second presentation gets a verdict."""


class Debouncer:
    """Turns per-frame decode results into "this code counts now" events. Thread-safe."""

    def __init__(self, *, gap_s: float = DEFAULT_GAP_S, clock: Callable[[], float] = time.monotonic) -> None:
        if gap_s < 0:
            raise ValueError("gap_s must be >= 0")
        self.gap_s = gap_s
        self._clock = clock
        self._last_seen: dict[str, float] = {}
        self._first_sighting: dict[str, float] = {}  # doubtful codes read in one frame so far
        self._lock = threading.Lock()

    def feed(self, texts: Iterable[str], *, doubtful: Callable[[str], bool] | None = None) -> list[str]:
        """Record the codes read in one frame (or one wedge scan); return those that count now, in order.

        A code for which ``doubtful(code)`` is true, and that is not already in view, must be read in two
        frames (within ``gap_s``) before it counts."""
        now = self._clock()
        fresh: list[str] = []
        with self._lock:
            self._prune(now)
            for text in dict.fromkeys(texts):  # one frame may read the same code twice (two engines)
                last = self._last_seen.get(text)
                in_view = last is not None and now - last < self.gap_s
                if not in_view and doubtful is not None and doubtful(text):
                    first = self._first_sighting.get(text)
                    if first is None or now - first >= self.gap_s:
                        self._first_sighting[text] = now  # one frame only, so far: wait for another
                        continue
                    del self._first_sighting[text]
                if not in_view:
                    fresh.append(text)
                self._last_seen[text] = now
        return fresh

    def counts(self, text: str) -> bool:
        """Shortcut for one code: ``True`` if it counts now."""
        return bool(self.feed((text,)))

    def in_view(self) -> list[str]:
        """Codes seen within the last ``gap_s`` (still suppressed)."""
        now = self._clock()
        with self._lock:
            return [t for t, seen in self._last_seen.items() if now - seen < self.gap_s]

    def reset(self) -> None:
        """Forget everything (e.g. after a mode switch, so the next scan gets a verdict in the new mode)."""
        with self._lock:
            self._last_seen.clear()
            self._first_sighting.clear()

    def _prune(self, now: float) -> None:
        # Entries older than the gap can no longer suppress anything; dropping them bounds memory on a
        # gate that runs all day.
        if len(self._last_seen) > 64:
            self._last_seen = {t: s for t, s in self._last_seen.items() if now - s < self.gap_s}
        if len(self._first_sighting) > 64:
            self._first_sighting = {t: s for t, s in self._first_sighting.items() if now - s < self.gap_s}
