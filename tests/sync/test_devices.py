"""Enrolment, approval and revocation, on the real central PostgreSQL through the CLI, and what a device
may do meanwhile: a pending kiosk cannot sell, a pending gate shows "not approved", a revoked device's
key is revoked everywhere after the pull."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from shared import db, keys
from shared.errors import CitadelError
from shared.models import AuditEvent, Device, SigningKey
from shared.sync import approve_device, device_state, enrol_device, revoke_device
from shared.sync.cli import app
from tests.sync.support import queue_scans


@pytest.fixture
def device_env(tmp_path: Path, postgres_database: str, sqlite_url: str) -> dict[str, str]:
    return {
        "CITADEL_DATA_DIR": str(tmp_path / "data"),
        "CITADEL_DATABASE_URL": sqlite_url,
        "CITADEL_CENTRAL_URL": postgres_database,
        "CITADEL_DEVICE_ID": "kiosk-7",
        "CITADEL_CONFIG": "",
    }


def run(env: dict[str, str], *args: str) -> dict:
    result = CliRunner().invoke(app, [*args, "--json"], env=env)
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.output)


def test_enrol_approve_revoke_through_the_cli(
    central: Engine, device_env: dict[str, str], sqlite_url: str
) -> None:
    enrolled = run(device_env, "device", "enrol", "--kind", "kiosk", "--site", "imperial-city")
    assert enrolled["status"] == "pending" and enrolled["key_id"] is not None
    key_file = Path(device_env["CITADEL_DATA_DIR"]) / "keys" / f"signing-key-{enrolled['key_id']}.ed25519"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    local = db.make_engine(sqlite_url)
    with Session(local) as s:  # the enrol pulled central's view into the journal
        state = device_state(s, "kiosk-7")
        assert (state.status, state.can_sell) == ("pending", False)
        assert "Not approved" in state.message("en") and "Chưa được duyệt" in state.message("vi")
        with pytest.raises(CitadelError) as refused:
            keys.signing_key_for_device(s, "kiosk-7")
        assert refused.value.code == "device_not_approved"
    assert run(device_env, "device", "state")["can_sell"] is False

    assert run(device_env, "device", "approve", "kiosk-7")["status"] == "approved"
    listed = run(device_env, "device", "list")
    assert [(d["device"], d["status"]) for d in listed] == [("kiosk-7", "approved")]

    pulled = run(device_env, "sync", "run", "--once")
    assert pulled["error"] is None and pulled["pulled"]["signing_key"] == 1
    with Session(local) as s:
        assert device_state(s, "kiosk-7").can_sell
        assert keys.signing_key_for_device(s, "kiosk-7").key_id == enrolled["key_id"]

    assert run(device_env, "device", "revoke", "kiosk-7", "--reason", "stolen")["status"] == "revoked"
    run(device_env, "sync", "run", "--once")
    with Session(local) as s:
        state = device_state(s, "kiosk-7")
        assert (state.status, state.can_sell, state.can_scan) == ("revoked", False, False)
        key = s.get(SigningKey, enrolled["key_id"])
        assert key is not None and key.revoked_at is not None
        assert keys.load_keyring(s).get(enrolled["key_id"]) is not None  # older tickets stay verifiable
    with Session(central) as s:
        actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.target == "kiosk-7"))]
        assert {"device.enrol", "device.approve", "device.revoke"} <= set(actions)
    local.dispose()


def test_a_pending_gate_shows_not_approved_and_gets_no_signing_key(central: Engine, tmp_path: Path) -> None:
    with db.session_scope(central) as s:
        res = enrol_device(s, None, device_id="gate-9", kind="gate", site_code="thai-hoa-palace")
    assert res.key_id is None  # a gate never signs tickets, so it has no key every gate would trust
    with Session(central) as s:
        state = device_state(s, "gate-9")
        assert (state.can_scan, state.status) == (False, "pending")
        assert state.message("vi").startswith("Chưa được duyệt")
        assert device_state(s, "nobody").status == "unknown"
    with db.session_scope(central) as s:
        approve_device(s, "gate-9", actor="manager")
    with Session(central) as s:
        assert device_state(s, "gate-9").can_scan


def test_enrolment_refuses_bad_kinds_and_re_enrolling_an_approved_or_revoked_device(
    central: Engine, tmp_path: Path
) -> None:
    store = keys.FileKeyStore(tmp_path / "keys")
    with db.session_scope(central) as s:
        with pytest.raises(CitadelError) as bad:
            enrol_device(s, store, device_id="x", kind="toaster", site_code=None)
    assert bad.value.code == "bad_device_kind" and "toaster" in bad.value.message("en")
    with db.session_scope(central) as s:
        enrol_device(s, store, device_id="k1", kind="kiosk", site_code="imperial-city")
    with db.session_scope(central) as s:
        revoke_device(s, "k1", actor="manager")
    for action in (
        lambda s: enrol_device(s, store, device_id="k1", kind="kiosk", site_code="imperial-city"),
        lambda s: approve_device(s, "k1", actor="manager"),
    ):
        with pytest.raises(CitadelError), db.session_scope(central) as s:
            action(s)
    with Session(central) as s:
        dev = s.get(Device, "k1")
        assert dev is not None and dev.status == "revoked"


def test_sync_status_shows_backlog_and_last_sync(
    central: Engine, device_env: dict[str, str], sqlite_url: str
) -> None:
    local = db.make_engine(sqlite_url)
    queue_scans(local, 12)
    before = run(device_env, "sync", "status")
    assert before["backlog"] == {"scan": 12} and before["last_sync"] is None
    run(device_env, "sync", "run", "--once")
    after = run(device_env, "sync", "status")
    assert after["total_backlog"] == 0 and after["last_sync"] is not None and after["last_error"] is None
    text = CliRunner().invoke(app, ["sync", "status"], env=device_env).output
    assert "backlog: 0" in text and "last sync: 20" in text
    local.dispose()


def test_cli_without_central_and_against_an_unreachable_one(device_env: dict[str, str]) -> None:
    no_central = device_env | {"CITADEL_CENTRAL_URL": ""}
    result = CliRunner().invoke(app, ["sync", "run", "--once"], env=no_central)
    assert isinstance(result.exception, CitadelError) and result.exception.code == "no_central"
    down = device_env | {"CITADEL_CENTRAL_URL": "postgresql://postgres@127.0.0.1:1/none"}
    result = CliRunner().invoke(app, ["sync", "run", "--once"], env=down)
    assert isinstance(result.exception, CitadelError) and result.exception.code == "central_unreachable"
    assert "central" in result.exception.message("en")
