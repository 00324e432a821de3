"""Gate controller (Qt-free): decode -> redeem on the local database -> outbox -> relay -> callback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from scanner.gate import GateController, LogRelay, apply_remote_scan, make_relay
from scanner.peers import PeerUse
from scanner.sources import ScannedText
from shared import db
from shared.errors import CitadelError
from shared.models import AuditEvent, OutboxItem, Scan, TicketUse, utcnow
from shared.tokens import short_ticket_number, verify
from tests.scanner.ui.gate_support import REFUSALS, camera_frame, refusal_token


@pytest.fixture
def relay() -> LogRelay:
    return LogRelay()


@pytest.fixture
def gate(world, relay):
    results = []
    controller = GateController(
        world.engine,
        site="imperial-city",
        gate="Gate 1",
        device_id="gate-1",
        relay=relay,
        staff_pin="2468",
        on_result=results.append,
    )
    controller.results = results
    yield controller
    controller.close()


def test_admit_queues_the_scan_for_central_and_pulses_once(world, gate, relay) -> None:
    _, [token] = world.sell("imperial-city")
    result = gate.submit(token, source="wedge")
    assert (result.admitted, result.code, result.verdict.persons) == (True, "admitted", 1)
    assert result.messages["vi"].startswith("Mời vào") and result.messages["en"].startswith("Welcome")
    assert gate.results == [result]
    gate.relay.drain()
    assert len(relay.pulses) == 1
    with Session(world.engine) as s:
        [item] = s.exec(select(OutboxItem)).all()
        assert (item.topic, item.key, item.sent_at) == ("scan", result.verdict.nonce, None)
        assert item.payload["ticket_id"] == result.verdict.ticket_id and item.payload["admitted"] is True
        assert s.get(Scan, result.verdict.nonce) is not None
    assert gate.queued() == 1


@pytest.mark.parametrize("code", REFUSALS)
def test_every_refusal_is_signalled_without_a_pulse(world, gate, relay, code) -> None:
    token = refusal_token(world, code)
    if code == "key_revoked":
        gate.refresh_keyring()
    if code == "already_used":
        assert gate.submit(token).admitted
        gate.relay.drain()
        relay.pulses.clear()
    result = gate.submit(token)
    assert (result.admitted, result.code) == (False, code)
    assert result.messages["vi"] and result.messages["en"] and result.messages["vi"] != result.messages["en"]
    gate.relay.drain()
    assert relay.pulses == []
    if code == "already_used":
        assert "Gate 1" in result.messages["en"] and "Already used at" in result.messages["en"]


def test_group_ticket_pulses_once_per_person(world, gate, relay) -> None:
    _, [token] = world.sell("imperial-city", adult=12, group=True)
    result = gate.submit(token)
    assert (result.admitted, result.verdict.persons) == (True, 12)
    gate.relay.drain()
    assert len(relay.pulses) == 12


def test_exit_mode_counts_and_never_blocks(world, gate, relay) -> None:
    _, [token] = world.sell("imperial-city")
    assert gate.submit(token).admitted
    gate.set_direction("out", "2468")
    out = gate.submit(token)
    assert (out.admitted, out.code, out.verdict.direction) == (True, "exit", "out")
    assert gate.submit("FORGED").code == "malformed"
    status = gate.status()
    assert (status.direction, status.day.entries, status.day.exits) == ("out", 1, 1)


def test_mode_switch_needs_the_staff_pin(world, gate) -> None:
    with pytest.raises(CitadelError) as excinfo:
        gate.set_direction("out", "0000")
    assert excinfo.value.code == "wrong_pin"
    assert "PIN" in excinfo.value.message("vi") and "PIN" in excinfo.value.message("en")
    assert gate.direction == "in"
    gate.set_direction("out", " 2468 ")
    assert gate.direction == "out"
    with Session(world.engine) as s:
        assert (
            s.exec(select(AuditEvent).where(AuditEvent.action == "gate.direction")).one().target == "Gate 1"
        )


def test_repeated_wrong_pins_lock_the_maintenance_screen(world, gate) -> None:
    codes = []
    for _ in range(6):
        with pytest.raises(CitadelError) as excinfo:
            gate.set_direction("out", "1234")
        codes.append(excinfo.value.code)
    assert codes == ["wrong_pin"] * 5 + ["pin_locked"]
    with pytest.raises(CitadelError) as excinfo:
        gate.set_direction("out", "2468")  # even the right PIN waits out the lock
    assert excinfo.value.code == "pin_locked" and "5" in excinfo.value.message("en")
    assert gate.direction == "in"
    with Session(world.engine) as s:
        assert len(s.exec(select(AuditEvent).where(AuditEvent.action == "gate.pin_failed")).all()) == 5


def test_no_pin_configured_keeps_maintenance_locked(world) -> None:
    controller = GateController(world.engine, site="imperial-city", gate="g", staff_pin=None)
    try:
        with pytest.raises(CitadelError) as excinfo:
            controller.set_direction("out", "")
        assert excinfo.value.code == "pin_not_set"
    finally:
        controller.close()


def test_camera_frames_decode_once_while_held_in_view(world, gate, relay) -> None:
    _, [token] = world.sell("imperial-city")
    frame = camera_frame(token, seed=3)
    first = gate.process_frame(frame)
    held = gate.process_frame(frame)
    assert [r.code for r in first] == ["admitted"] and held == []
    assert first[0].source == "camera"
    _, [other] = world.sell("imperial-city")
    assert [r.code for r in gate.handle_item(ScannedText(other, 0.0))] == ["admitted"]


def test_a_one_frame_misread_never_flashes_red_but_a_held_foreign_code_is_refused(world, gate) -> None:
    _, [token] = world.sell("imperial-city")
    misread = camera_frame("CT:NOT+A+TICKET", seed=4)  # what a misread looks like to the controller
    assert gate.process_frame(misread) == []
    assert [r.code for r in gate.process_frame(camera_frame(token, seed=5))] == ["admitted"]
    gate.debouncer.reset()
    assert gate.process_frame(misread) == []
    assert [r.code for r in gate.process_frame(misread)] == ["malformed"]  # really held up: refused
    gate.debouncer.reset()
    # A picture on its own (a folder of images) has no next frame: it is judged at once.
    assert [r.code for r in gate.process_frame(misread, still=True)] == ["malformed"]
    with Session(world.engine) as s:
        assert [x.code for x in s.exec(select(Scan).order_by(Scan.scanned_at)).all()] == [
            "admitted",
            "malformed",
            "malformed",
        ]


def test_staff_can_type_the_printed_ticket_number(world, gate) -> None:
    _, [token] = world.sell("imperial-city")
    ticket_id = verify(token, world.keyring).ticket_id
    typed = short_ticket_number(ticket_id)
    result = gate.submit(f" {typed[:4]}-{typed[4:].lower()} ", source="manual")
    assert (result.code, result.verdict.ticket_id) == ("admitted", ticket_id)


def peer_use(ticket_id: int, nonce: str, gate: str, at, code: str = "admitted") -> PeerUse:
    return PeerUse(nonce, ticket_id, "imperial-city", gate, "gate-2", "in", code, 1, at, product=1)


def test_peer_scan_makes_local_redeem_refuse_with_the_peer_gate(world, gate) -> None:
    _, [token] = world.sell("imperial-city")
    ticket_id = verify(token, world.keyring).ticket_id
    at = utcnow() - timedelta(minutes=3)
    assert gate.handle_peer_use(peer_use(ticket_id, "peer-1", "Gate 2", at))
    assert gate.handle_peer_use(peer_use(ticket_id, "peer-1", "Gate 2", at))  # repeated: harmless
    result = gate.submit(token)
    assert (result.code, result.verdict.previous_gate) == ("already_used", "Gate 2")
    assert "Gate 2" in result.messages["en"]
    with Session(world.engine) as s:
        assert s.get(TicketUse, (ticket_id, "imperial-city")).entries == 1
        assert not s.exec(select(Scan).where(Scan.conflict)).all()


def test_admissions_beyond_the_allowance_flag_the_later_scan(world, gate) -> None:
    _, [token] = world.sell("imperial-city")
    local = gate.submit(token)  # admitted while cut off from everyone
    assert local.admitted
    earlier = local.verdict.scanned_at - timedelta(seconds=20)
    with db.session_scope(world.engine) as s:
        use = peer_use(local.verdict.ticket_id, "peer-early", "Gate 2", earlier)
        assert apply_remote_scan(s, use) is True
    with Session(world.engine) as s:
        flagged = s.exec(select(Scan).where(Scan.conflict)).all()
        assert [f.nonce for f in flagged] == [local.verdict.nonce]  # ours came later
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "scan.conflict")).one()
        assert event.target == local.verdict.nonce
        assert event.details["earlier"][0]["gate"] == "Gate 2"
        item = s.exec(select(OutboxItem).where(OutboxItem.key == local.verdict.nonce)).one()
        assert item.payload["conflict"] is True  # central learns of the flag with the upload
    assert gate.conflicts() == 1


class RelayContract:
    """Every relay: pulse(n) releases n passages, observable on the device side."""

    def make(self, tmp_path):
        raise NotImplementedError

    def passages(self, relay) -> int:
        raise NotImplementedError

    def test_pulse_releases_one_passage_per_person(self, tmp_path) -> None:
        relay = self.make(tmp_path)
        try:
            relay.pulse()
            relay.pulse(3)
            assert self.passages(relay) == 4
        finally:
            relay.close()


class TestLogRelay(RelayContract):
    def make(self, tmp_path):
        self.file = tmp_path / "relay.log"
        return make_relay(f"log:{self.file}")

    def passages(self, relay) -> int:
        lines = self.file.read_text().splitlines()
        assert len(lines) == len(relay.pulses)
        return len(lines)


class TestSerialRelay(RelayContract):
    def make(self, tmp_path):
        return make_relay("serial:loop://?pulse_ms=1&gap_ms=1")

    def passages(self, relay) -> int:
        data = relay.port.read(relay.port.in_waiting)
        assert data == (relay.on + relay.off) * 4
        return data.count(relay.on)


class TestSerialLineRelay(RelayContract):
    def make(self, tmp_path):
        relay = make_relay("serial:loop://?pulse_ms=1&gap_ms=1&line=dtr")
        self.changes = []
        port = relay.port
        original = type(port).dtr

        class Watched(type(port)):
            @original.setter
            def dtr(inner, value):  # records what the board would see on its DTR pin
                self.changes.append(value)
                original.fset(inner, value)

        port.__class__ = Watched
        return relay

    def passages(self, relay) -> int:
        assert self.changes == [True, False] * 4
        return self.changes.count(True)


def test_unavailable_or_unknown_relays_are_coded_errors() -> None:
    with pytest.raises(CitadelError) as excinfo:
        make_relay("gpio:17?chip=/dev/nonexistent-gpiochip")
    assert excinfo.value.code == "relay_unavailable" and excinfo.value.message("vi")
    with pytest.raises(CitadelError) as excinfo:
        make_relay("telepathy:now")
    assert excinfo.value.code == "bad_relay_uri"
    with pytest.raises(CitadelError) as excinfo:
        make_relay("serial:/dev/does-not-exist-citadel")
    assert excinfo.value.code == "relay_unavailable"
