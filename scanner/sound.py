"""Scanner layer (Qt-free): the gate's optional sound. Owns the cues, their WAV files and the players.

Staff at a busy gate do not watch the screen all the time, so each verdict can also be heard:

- ``admit``: one short high tone;
- ``admit_group``: two rising tones (a group ticket: count the people through);
- ``exit``: one short soft tone;
- ``refuse``: two low tones, longer: the one that must draw attention.

The tones are synthesised here (16-bit mono WAV, with a short fade so they do not click) and written
once to the gate's data directory. Players, chosen by the ``sound`` setting (:func:`make_sound`):

- ``off``: silence;
- ``aplay``: ALSA's ``aplay`` (Debian's alsa-utils), which also reaches PulseAudio and PipeWire through
  their ALSA plugins; each cue is its own short process, and a new verdict cuts the previous cue short;
- ``command:PROGRAM ARGS``: any player that takes the WAV file as its last argument;
- ``log:[FILE]``: STAND-IN player: writes the cue it would play to the log (and the file), so a gate
  without speakers, a demo or a test can see exactly what would have sounded;
- ``auto`` (the default): ``aplay`` where it is installed, else silence.

Colour is never the only cue on the screen (glyph, title and text say the same); sound is a fourth.
"""

from __future__ import annotations

import logging
import math
import shlex
import shutil
import struct
import subprocess
import threading
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from shared.errors import CitadelError

log = logging.getLogger(__name__)

RATE = 22_050
CUE_NAMES = ("admit", "admit_group", "exit", "refuse")
# Each cue: (frequency in Hz, milliseconds) notes; frequency 0 is a pause.
CUES: dict[str, tuple[tuple[int, int], ...]] = {
    "admit": ((1320, 110),),
    "admit_group": ((990, 100), (0, 40), (1480, 140)),
    "exit": ((880, 80),),
    "refuse": ((330, 220), (0, 70), (262, 320)),
}


def cue_for(admitted: bool, code: str, persons: int) -> str:
    """The cue for a verdict."""
    if not admitted:
        return "refuse"
    if code == "exit":
        return "exit"
    return "admit_group" if persons > 1 else "admit"


def tone_wav(notes: Sequence[tuple[int, int]], *, rate: int = RATE, volume: float = 0.6) -> bytes:
    """16-bit mono PCM samples of ``notes`` (sine tones with 8 ms fades; frequency 0 is silence)."""
    frames = bytearray()
    fade = max(1, int(rate * 0.008))
    for frequency, ms in notes:
        count = int(rate * ms / 1000)
        for i in range(count):
            if frequency == 0:
                value = 0.0
            else:
                envelope = min(1.0, i / fade, (count - 1 - i) / fade)
                value = volume * envelope * math.sin(2 * math.pi * frequency * i / rate)
            frames += struct.pack("<h", int(value * 32767))
    return bytes(frames)


def write_cues(directory: Path) -> dict[str, Path]:
    """Write the cue WAV files into ``directory`` (again only if missing or different)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, notes in CUES.items():
        path = directory / f"gate-{name}.wav"
        samples = tone_wav(notes)
        if not path.exists() or path.stat().st_size != 44 + len(samples):
            tmp = path.with_suffix(".tmp")
            with wave.open(str(tmp), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(RATE)
                out.writeframes(samples)
            tmp.replace(path)
        paths[name] = path
    return paths


class Sound(Protocol):
    name: str

    def play(self, cue: str) -> None: ...

    def close(self) -> None: ...


class NoSound:
    """Silence (``sound = "off"``, or ``auto`` without a player)."""

    name = "off"

    def play(self, cue: str) -> None:
        pass

    def close(self) -> None:
        pass


class LogSound:
    """STAND-IN player: records each cue in memory and in the log (and optionally a text file, one line
    per cue)."""

    name = "log"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.played: list[str] = []
        self._lock = threading.Lock()

    def play(self, cue: str) -> None:
        with self._lock:
            self.played.append(cue)
            log.info("sound cue %s", cue)
            if self.path is not None:
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write(f"{cue}\n")

    def close(self) -> None:
        pass


class CommandSound:
    """Plays each cue's WAV file with an external program (``aplay -q FILE`` by default), from its own
    thread: :meth:`play` only hands the cue over, so starting a process never adds to a verdict's time.
    A new cue stops the one still playing, and cues asked for faster than they start collapse into the
    newest. A player that cannot run is reported once in the log and then left alone: a gate must never
    stop over its sound."""

    name = "command"

    def __init__(self, argv: Sequence[str], files: dict[str, Path]) -> None:
        self.argv = list(argv)
        self.files = files
        self._playing: subprocess.Popen[bytes] | None = None
        self._broken = False
        self._pending: str | None = None
        self._asked = 0  # cues asked for so far
        self._handled = 0  # the newest of them the thread has started (or failed to)
        self._closed = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="sound", daemon=True)
        self._thread.start()

    def play(self, cue: str) -> None:
        if cue not in self.files or self._broken:
            return
        with self._wake:
            self._pending = cue
            self._asked += 1
            self._wake.notify_all()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                cue, self._pending, number = self._pending, None, self._asked
            if cue is not None:
                self._start(cue, number)

    def _start(self, cue: str, number: int) -> None:
        if self._playing is not None and self._playing.poll() is None:
            self._playing.terminate()
        try:
            playing = subprocess.Popen(
                [*self.argv, str(self.files[cue])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError as exc:
            self._broken = True
            log.warning("sound: %s cannot play (%s); the gate goes on silently", self.argv[0], exc)
            playing = None
        with self._wake:
            self._playing = playing
            self._handled = number
            self._wake.notify_all()

    def wait(self, timeout: float = 5.0) -> int | None:
        """Wait for the cues asked for so far to start, then for the newest to end; its exit code (tests,
        and a sound check). None when nothing could be played."""
        with self._wake:
            self._wake.wait_for(lambda: self._handled == self._asked, timeout)
            playing = self._playing
        return playing.wait(timeout) if playing is not None else None

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        self._thread.join(timeout=2)
        if self._playing is not None and self._playing.poll() is None:
            self._playing.terminate()


def make_sound(spec: str, cue_dir: Path) -> Sound:
    """A player from the ``sound`` setting (see the module text). Bad values get ``bad_sound``."""
    spec = spec.strip()
    if spec in ("", "off", "none"):
        return NoSound()
    if spec == "log" or spec.startswith("log:"):
        rest = spec[4:]
        return LogSound(Path(rest) if rest else None)
    if spec == "auto":
        return make_sound("aplay", cue_dir) if shutil.which("aplay") else NoSound()
    if spec == "aplay":
        return CommandSound(["aplay", "-q"], write_cues(cue_dir))
    if spec.startswith("command:"):
        argv = shlex.split(spec[len("command:") :])
        if argv:
            return CommandSound(argv, write_cues(cue_dir))
    raise CitadelError("bad_sound", f"unknown sound setting {spec!r}", sound=spec)
