"""The gate's verdict sounds: the synthesised cues are real WAV files that ALSA's own ``aplay`` plays
(to its null device here: the test machine has no sound card), each verdict asks for the right cue, and a
player that cannot run never stops the gate."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from scanner.gate import GateController
from scanner.sound import CUES, RATE, CommandSound, LogSound, NoSound, make_sound, write_cues
from shared.errors import CitadelError


def notes_heard(path: Path) -> list[float]:
    """The dominant frequency (Hz) of each sounding stretch of a cue, in order."""
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    loud = np.abs(samples) > 200
    stretches: list[tuple[int, int]] = []
    start = None
    quiet = 0
    for i, on in enumerate(loud):
        if on:
            start = i if start is None else start
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet > RATE // 100:  # 10 ms of silence ends a note
                stretches.append((start, i - quiet))
                start, quiet = None, 0
    if start is not None:
        stretches.append((start, len(samples)))
    heard = []
    for a, b in stretches:
        spectrum = np.abs(np.fft.rfft(samples[a:b]))
        heard.append(float(np.fft.rfftfreq(b - a, 1 / RATE)[int(np.argmax(spectrum))]))
    return heard


def test_each_cue_sounds_as_designed(tmp_path: Path) -> None:
    files = write_cues(tmp_path)
    heard = {name: notes_heard(path) for name, path in files.items()}
    for name, notes in CUES.items():
        expected = [hz for hz, _ in notes if hz]
        assert heard[name] == pytest.approx(expected, abs=15), name
        with wave.open(str(files[name])) as w:
            assert w.getnframes() / RATE == pytest.approx(sum(ms for _, ms in notes) / 1000, abs=0.002)
    assert heard["admit_group"][0] < heard["admit_group"][1]  # rising: more people to let through
    assert max(heard["refuse"]) < min(heard["admit"] + heard["exit"])  # refusals are the low ones
    before = {p: p.stat().st_mtime_ns for p in files.values()}
    assert write_cues(tmp_path) == files and {p: p.stat().st_mtime_ns for p in files.values()} == before


def test_alsa_plays_every_cue(tmp_path: Path) -> None:
    assert shutil.which("aplay"), "alsa-utils is installed by installer/bootstrap.sh"
    player = make_sound("command:aplay -q -D null", tmp_path / "sounds")
    assert isinstance(player, CommandSound)
    for cue in CUES:
        player.play(cue)
        assert player.wait() == 0, cue  # aplay read the whole WAV and played it
    player.close()


def test_each_verdict_asks_for_its_cue(world) -> None:
    sound = LogSound()
    gate = GateController(
        world.engine, site="imperial-city", gate="Gate 1", device_id="gate-1", staff_pin="2468", sound=sound
    )
    try:
        _, [single] = world.sell("imperial-city")
        _, [group] = world.sell("imperial-city", adult=5, group=True)
        assert gate.submit(single, source="wedge").code == "admitted"
        assert gate.submit(group, source="wedge").code == "admitted"
        assert gate.submit(single, source="wedge").code == "already_used"
        assert gate.submit("HELLO WORLD", source="wedge").code == "malformed"
        gate.set_direction("out", "2468")
        assert gate.submit(single, source="wedge").code == "exit"
    finally:
        gate.close()
    assert sound.played == ["admit", "admit_group", "refuse", "refuse", "exit"]


def test_a_player_that_cannot_run_leaves_the_gate_silent_not_stopped(world, tmp_path: Path) -> None:
    player = make_sound("command:/nonexistent/player", tmp_path / "sounds")
    gate = GateController(world.engine, site="imperial-city", gate="Gate 1", device_id="gate-1", sound=player)
    try:
        _, [token] = world.sell("imperial-city")
        assert gate.submit(token, source="wedge").admitted
        _, [other] = world.sell("imperial-city")
        assert gate.submit(other, source="wedge").admitted
    finally:
        gate.close()


def test_sound_settings(tmp_path: Path) -> None:
    assert isinstance(make_sound("off", tmp_path), NoSound)
    log_file = tmp_path / "cues.txt"
    logged = make_sound(f"log:{log_file}", tmp_path)
    logged.play("refuse")
    assert log_file.read_text(encoding="utf-8") == "refuse\n"
    assert isinstance(make_sound("auto", tmp_path), CommandSound)  # aplay is installed here
    with pytest.raises(CitadelError) as bad:
        make_sound("trumpet", tmp_path)
    assert bad.value.code == "bad_sound" and "trumpet" in bad.value.message("vi")
