"""Headless gate: ``citadel-gate --headless`` and ``citadel gate run|status`` print one JSON line per
verdict; setup errors are one coded, translated JSON line on stderr and exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
from typer.testing import CliRunner

from scanner.cli import app as gate_cli
from tests.scanner.ui.gate_support import camera_frame, gate_database

REPO = Path(__file__).resolve().parents[2]


def gate_env(url: str, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, CITADEL_DATABASE_URL=url, CITADEL_DATA_DIR=str(tmp_path / "data"))
    for key in ("CITADEL_CONFIG", "CITADEL_PEERS", "CITADEL_CENTRAL_URL"):
        env.pop(key, None)
    return env


def headless(args: list[str], stdin: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scanner.app", "--headless", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )


def test_headless_entry_then_exit_prints_one_json_line_per_verdict(world, tmp_path) -> None:
    _, tokens = world.sell("imperial-city", adult=2)
    env = gate_env(gate_database(world, tmp_path, "gate"), tmp_path)
    args = ["--source", "wedge:-", "--site", "imperial-city", "--gate", "Gate 4"]
    # A wedge scanner repeating the code it holds counts once (debounce), then a stray code.
    entry = headless(args, f"{tokens[0]}\n{tokens[0]}\nNOT A TICKET\n", env)
    assert entry.returncode == 0, entry.stderr
    lines = [json.loads(line) for line in entry.stdout.splitlines()]
    assert [line["code"] for line in lines] == ["admitted", "malformed"]
    assert all(line["source"] == "wedge" and line["site"] == "imperial-city" for line in lines)
    again = headless(args, f"{tokens[0]}\n", env)  # presented again later
    [line] = [json.loads(line) for line in again.stdout.splitlines()]
    assert (line["code"], line["previous_gate"]) == ("already_used", "Gate 4")
    assert line["message"]["vi"].startswith("Đã sử dụng lúc") and "Gate 4" in line["message"]["en"]
    leaving = headless(["--source", "wedge:-", "--site", "imperial-city", "--exit"], f"{tokens[0]}\n", env)
    [out] = [json.loads(line) for line in leaving.stdout.splitlines()]
    assert (out["admitted"], out["code"], out["direction"]) == (True, "exit", "out")


def test_headless_reads_camera_frames_from_a_folder(world, tmp_path) -> None:
    _, tokens = world.sell("imperial-city", adult=2)
    env = gate_env(gate_database(world, tmp_path, "gate"), tmp_path)
    folder = tmp_path / "frames"
    folder.mkdir()
    for i, token in enumerate(tokens):
        for j in range(2):  # each ticket held for two frames
            cv2.imwrite(str(folder / f"{i}-{j}.png"), camera_frame(token, seed=20 + i))
    # A picture on its own is judged at once, even a code that is no ticket (a live camera would wait
    # for a second frame to read it).
    cv2.imwrite(str(folder / "9-stray.png"), camera_frame("HELLO WORLD", seed=30))
    done = headless(["--source", f"folder:{folder}", "--site", "imperial-city"], "", env)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(line["code"], line["source"]) for line in lines] == [("admitted", "camera")] * 2 + [
        ("malformed", "camera")
    ]


def test_setup_errors_are_coded_and_translated(world, tmp_path) -> None:
    env = gate_env(gate_database(world, tmp_path, "gate"), tmp_path)
    done = headless(["--source", "wedge:-", "--site", "atlantis"], "", env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    error = json.loads(done.stderr.strip().splitlines()[-1])
    assert error["error"] == "unknown_site" and "atlantis" in error["message"]["vi"]
    done = headless(["--source", "wedge:-", "--peer", "127.0.0.1:9", "--peer-listen", "127.0.0.1:0"], "", env)
    assert done.returncode == 2
    assert json.loads(done.stderr.strip().splitlines()[-1])["error"] == "peer_secret_missing"
    done = headless(["--source", "nowhere:", "--site", "imperial-city"], "", env)
    assert done.returncode == 2 and json.loads(done.stderr.strip().splitlines()[-1])["error"] == "bad_source"
    # A journal the gate cannot open (its folder is a file): coded, translated, no traceback.
    blocked = tmp_path / "journal-disk"
    blocked.write_text("not a folder", encoding="utf-8")
    env = gate_env(f"sqlite:///{blocked / 'gate.sqlite3'}", tmp_path)
    done = headless(["--source", "wedge:-", "--site", "imperial-city"], "", env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    error = json.loads(done.stderr.strip().splitlines()[-1])
    assert error["error"] == "database"
    assert error["message"]["vi"].startswith("Không kết nối được cơ sở dữ liệu")


def test_citadel_gate_run_and_status(world, tmp_path, monkeypatch) -> None:
    _, [token] = world.sell("imperial-city")
    for key, value in gate_env(gate_database(world, tmp_path, "gate"), tmp_path).items():
        if key.startswith("CITADEL_"):
            monkeypatch.setenv(key, value)
    monkeypatch.delenv("CITADEL_CONFIG", raising=False)
    runner = CliRunner()
    ran = runner.invoke(gate_cli, ["run", "--headless", "--source", "wedge:-", "--site", "imperial-city"],
                        input=f"{token}\n")  # fmt: skip
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout.splitlines()[0])["code"] == "admitted"
    status = runner.invoke(gate_cli, ["status", "--site", "imperial-city", "--json"])
    assert status.exit_code == 0, status.output
    data = json.loads(status.stdout)
    assert (data["connectivity"], data["queued"], data["direction"]) == ("local", 1, "in")
    assert data["entries"] == 1
