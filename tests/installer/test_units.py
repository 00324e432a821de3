"""Installer: the systemd units and the locked-down kiosk session, read from installer/ (no build needed).

systemd-analyze verifies the units from the built package in test_package.py; here each unit's contract is
checked directly (user, restart policy, entry point, configuration and secrets, hardening), and the kiosk
session script is run with stand-ins for cage and setterm that record how they were called.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SYSTEMD = REPO / "installer/systemd"
SESSION = REPO / "installer/kiosk-session/citadel-kiosk-session"

Unit = dict[str, dict[str, list[str]]]


def parse_unit(path: Path) -> Unit:
    """systemd unit syntax: [Section], Key=Value with repeatable keys, '#'/';' comments, '\\' continuation."""
    unit: Unit = {}
    section: dict[str, list[str]] | None = None
    pending = ""
    for raw in path.read_text().splitlines():
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = unit.setdefault(line[1:-1], {})
            continue
        assert section is not None, f"{path.name}: key outside a section: {line}"
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not Key=Value: {line}"
        section.setdefault(key.strip(), []).append(value.strip())
    return unit


def one(unit: Unit, section: str, key: str) -> str:
    values = unit[section].get(key, [])
    assert len(values) == 1, f"{key}= expected once in [{section}], got {values}"
    return values[0]


def environment(unit: Unit) -> dict[str, str]:
    env = {}
    for value in unit["Service"].get("Environment", []):
        for item in shlex.split(value):
            name, _, val = item.partition("=")
            env[name] = val
    return env


# unit file -> (user, device whose config/secrets it reads, entry point argv[0:n])
SERVICES = {
    "citadel-kiosk.service": ("citadel-kiosk", "kiosk", ["/usr/lib/citadel/citadel-kiosk-session"]),
    "citadel-gate.service": ("citadel-gate", "gate", ["/usr/bin/citadel-gate", "--headless"]),
    "citadel-sync@.service": ("citadel-sync", "%i", ["/usr/bin/citadel", "sync", "run"]),
    "citadel-city-push.service": ("citadel-city", "city", ["/usr/bin/citadel", "city", "push"]),
}
# Services a timer starts (one run each time, no restart loop, enabled through the timer).
TIMED = {"citadel-city-push.service": "citadel-city-push.timer"}


def test_every_unit_file_is_covered() -> None:
    assert sorted(p.name for p in SYSTEMD.iterdir()) == sorted([*SERVICES, *TIMED.values()])


def test_city_push_runs_every_minute_and_catches_up_after_downtime() -> None:
    timer = parse_unit(SYSTEMD / TIMED["citadel-city-push.service"])
    assert set(timer) == {"Unit", "Timer", "Install"}
    assert one(timer, "Timer", "OnUnitActiveSec") == "1min" and one(timer, "Timer", "Persistent") == "true"
    assert one(timer, "Install", "WantedBy") == "timers.target"
    service = parse_unit(SYSTEMD / "citadel-city-push.service")
    assert one(service, "Service", "Type") == "oneshot"
    # A hung broker must not hold the next run back for ever; the outbox keeps what was not sent.
    assert int(one(service, "Service", "TimeoutStartSec")) <= 300


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_unit_contract(name: str) -> None:
    user, device, argv = SERVICES[name]
    unit = parse_unit(SYSTEMD / name)
    if name in TIMED:
        assert set(unit) == {"Unit", "Service"} and "Restart" not in unit["Service"]
    else:
        assert set(unit) == {"Unit", "Service", "Install"}
        assert one(unit, "Service", "Restart") == "on-failure"
        assert unit["Install"]["WantedBy"]
    assert one(unit, "Service", "User") == user
    assert one(unit, "Service", "Group") == user
    assert "DynamicUser" not in unit["Service"], "keys on disk need a stable user"
    assert shlex.split(one(unit, "Service", "ExecStart"))[: len(argv)] == argv
    env = environment(unit)
    assert env["CITADEL_CONFIG"] == f"/etc/citadel/{device}.toml"
    assert env["CITADEL_DATA_DIR"] == f"/var/lib/citadel/{device}"
    assert one(unit, "Service", "EnvironmentFile").lstrip("-") == f"/etc/citadel/{device}.env"
    assert one(unit, "Service", "UMask") == "0007"
    assert f"/etc/citadel/{device}.toml" in unit["Unit"]["ConditionPathExists"]
    assert "citadel" in one(unit, "Service", "SupplementaryGroups").split()


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_unit_hardening(name: str) -> None:
    service = parse_unit(SYSTEMD / name)["Service"]
    device = SERVICES[name][1]
    for key in (
        "NoNewPrivileges",
        "PrivateTmp",
        "ProtectHome",
        "ProtectKernelTunables",
        "ProtectKernelModules",
        "ProtectControlGroups",
        "RestrictSUIDSGID",
        "LockPersonality",
        "RestrictNamespaces",
    ):
        assert service[key] == ["yes"], key
    # Only the device's own data directory is writable.
    assert service["ReadWritePaths"] == [f"/var/lib/citadel/{device}"]
    if name == "citadel-kiosk.service":
        # The compositor needs the runtime dir logind creates under /run while the session opens.
        assert service["ProtectSystem"] == ["full"]
    else:
        assert service["ProtectSystem"] == ["strict"]
        assert service["CapabilityBoundingSet"] == [""]


def test_sync_worker_sees_no_devices_and_no_executable_memory() -> None:
    service = parse_unit(SYSTEMD / "citadel-sync@.service")["Service"]
    assert service["PrivateDevices"] == ["yes"]
    assert service["MemoryDenyWriteExecute"] == ["yes"]
    assert service["SystemCallFilter"] == ["@system-service"]


def test_gate_reaches_only_its_hardware() -> None:
    service = parse_unit(SYSTEMD / "citadel-gate.service")["Service"]
    assert service["DevicePolicy"] == ["closed"]
    allowed = {v.split()[0] for v in service["DeviceAllow"]}
    assert {"char-video4linux", "char-ttyUSB", "char-ttyACM", "char-gpiochip"} <= allowed
    assert {"video", "dialout"} <= set(service["SupplementaryGroups"][0].split())
    # No terminal: the default wedge source would otherwise read the console.
    assert service["StandardInput"] == ["null"]
    assert "--source" in environment(parse_unit(SYSTEMD / "citadel-gate.service"))["CITADEL_GATE_ARGS"]


def test_kiosk_unit_owns_tty1_as_a_logind_session() -> None:
    unit = parse_unit(SYSTEMD / "citadel-kiosk.service")
    service = unit["Service"]
    assert service["TTYPath"] == ["/dev/tty1"]
    assert service["PAMName"] == ["citadel-kiosk"]
    assert service["StandardInput"] == ["tty-fail"]
    assert "getty@tty1.service" in unit["Unit"]["Conflicts"]
    assert "getty@tty1.service" in " ".join(unit["Unit"]["After"])
    assert {"lp", "dialout"} <= set(service["SupplementaryGroups"][0].split())
    pam = (REPO / "installer/kiosk-session/pam.d/citadel-kiosk").read_text()
    assert "pam_systemd.so" in pam, "without a logind session cage gets no seat"


@pytest.fixture
def session_run(tmp_path: Path) -> tuple[list[str], dict[str, str], list[str]]:
    """Run the kiosk session script with recording stand-ins for cage and setterm on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "record"
    for tool in ("cage", "setterm"):
        stub = bin_dir / tool
        stub.write_text(
            f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}/{tool}.args"\nenv > "{record}/{tool}.env"\n'
        )
        stub.chmod(0o755)
    record.mkdir()
    tty = tmp_path / "tty"
    tty.write_text("")
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "CITADEL_KIOSK_TTY": str(tty), "HOME": str(tmp_path)}
    subprocess.run(["/bin/sh", str(SESSION)], env=env, check=True, timeout=60)
    cage_args = (record / "cage.args").read_text().splitlines()
    cage_env = dict(
        line.split("=", 1) for line in (record / "cage.env").read_text().splitlines() if "=" in line
    )
    setterm_args = (record / "setterm.args").read_text().splitlines()
    return cage_args, cage_env, setterm_args


def test_kiosk_session_turns_blanking_off(session_run: tuple[list[str], dict[str, str], list[str]]) -> None:
    _cage, _env, setterm = session_run
    joined = " ".join(setterm)
    assert "--blank 0" in joined
    assert "--powerdown 0" in joined
    assert "--powersave off" in joined


def test_kiosk_session_runs_only_the_kiosk_in_cage(
    session_run: tuple[list[str], dict[str, str], list[str]],
) -> None:
    cage, env, _setterm = session_run
    assert cage[cage.index("--") + 1 :] == ["/usr/bin/citadel-kiosk"]
    options = cage[: cage.index("--")]
    assert "-d" in options
    assert "-s" not in options, "VT switching would let a visitor reach a text console"
    assert env["QT_QPA_PLATFORM"] == "wayland"


def test_kiosk_session_hides_the_cursor(session_run: tuple[list[str], dict[str, str], list[str]]) -> None:
    _cage, env, _setterm = session_run
    # Only the invisible theme is searched (the package builds it: test_package checks its pixels).
    assert env["XCURSOR_PATH"] == "/usr/share/citadel/cursors"
    assert env["XCURSOR_THEME"] == "citadel-invisible"
    assert os.access(SESSION, os.X_OK)


def test_invisible_cursor_generator_writes_transparent_theme(tmp_path: Path) -> None:
    subprocess.run(
        ["python3", str(REPO / "installer/kiosk-session/make_invisible_cursor.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    data = (tmp_path / "citadel-invisible/cursors/left_ptr").read_bytes()
    assert data[:4] == b"Xcur"
    ntoc = int.from_bytes(data[12:16], "little")
    assert ntoc >= 1
    for i in range(ntoc):
        entry = data[16 + 12 * i : 28 + 12 * i]
        size = int.from_bytes(entry[4:8], "little")
        pos = int.from_bytes(entry[8:12], "little")
        width = int.from_bytes(data[pos + 16 : pos + 20], "little")
        pixels = data[pos + 36 : pos + 36 + 4 * width * width]
        assert width == size and len(pixels) == 4 * size * size
        assert set(pixels) == {0}
    assert os.readlink(tmp_path / "citadel-invisible/cursors/pointer") == "left_ptr"
    assert os.readlink(tmp_path / "default") == "citadel-invisible"


def test_udev_rules_install_and_grant_the_service_groups() -> None:
    rules = {p.name: p.read_text() for p in (REPO / "installer/udev").glob("*.rules")}
    assert "60-citadel-printers.rules" in rules and "61-citadel-gate.rules" in rules
    gate = rules["61-citadel-gate.rules"]
    assert 'SUBSYSTEM=="video4linux"' in gate and 'GROUP="video"' in gate
    assert 'SYMLINK+="citadel-relay"' in gate and 'SYMLINK+="citadel-camera"' in gate
    assert 'GROUP="citadel-gate"' in gate  # gpiochip for GPIO relays
    sysusers = (REPO / "debian/citadel.sysusers").read_text().split("\n")
    memberships = {tuple(line.split()[1:3]) for line in sysusers if line.startswith("m ")}
    assert {("citadel-kiosk", "lp"), ("citadel-gate", "video"), ("citadel-gate", "dialout")} <= memberships


# One udev match or assignment: KEY or KEY{attr}, an operator, a double-quoted value.
UDEV_PAIR = r'[A-Z_]+(\{[^}]+\})?\s*(==|!=|\+=|-=|:=|=)\s*"[^"]*"'
UDEV_RULE = re.compile(rf"^{UDEV_PAIR}(\s*,\s*{UDEV_PAIR})*$")


@pytest.mark.parametrize("rules", sorted(p.name for p in (REPO / "installer/udev").glob("*.rules")))
def test_udev_rules_parse(rules: str) -> None:
    """Each logical line (continuations joined) is a comma-separated list of KEY op "value" pairs, and
    every GOTO has its LABEL: what udev would otherwise log and skip at boot."""
    text = (REPO / "installer/udev" / rules).read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines
    for line in lines:
        assert UDEV_RULE.match(line), f"{rules}: {line}"
    gotos = set(re.findall(r'GOTO="([^"]+)"', text))
    labels = set(re.findall(r'LABEL="([^"]+)"', text))
    assert gotos <= labels
