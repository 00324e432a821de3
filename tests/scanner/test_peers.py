"""LAN peers: authenticated UDP between gates on 127.0.0.1, in-process and as separate gate processes."""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlmodel import Session

from scanner.gate import GateController, LogRelay
from scanner.peers import PeerLink, PeerUse, open_sealed, parse_peer, seal
from shared.errors import CitadelError
from shared.models import Scan, TicketUse, utcnow
from shared.tokens import verify
from tests.scanner.ui.gate_support import free_udp_port, gate_database

SECRET = b"site-secret-for-tests"
REPO = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout: float = 10.0) -> bool:
    """Poll until ``predicate()`` holds; the timeout only stops a broken test from hanging."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return bool(predicate())


def use(ticket_id: int = 7, nonce: str = "n-1") -> PeerUse:
    return PeerUse(nonce, ticket_id, "imperial-city", "Gate A", "gate-a", "in", "admitted", 1, utcnow(), 1)


@pytest.fixture
def pair():
    """Two bare links that know each other; B records what it accepts."""
    got: list[PeerUse] = []
    port_a, port_b = free_udp_port(), free_udp_port()
    a = PeerLink(("127.0.0.1", port_a), [f"127.0.0.1:{port_b}"], SECRET, "Gate A", lambda u: True)
    b = PeerLink(
        ("127.0.0.1", port_b), [f"127.0.0.1:{port_a}"], SECRET, "Gate B", lambda u: got.append(u) or True
    )
    with a, b:
        yield a, b, got


def test_announce_reaches_the_peer_and_is_acknowledged(pair) -> None:
    a, b, got = pair
    a.announce(use())
    assert wait_for(lambda: len(got) == 1 and a.pending() == 0)
    assert got[0].ticket_id == 7 and got[0].gate == "Gate A"
    assert wait_for(lambda: len(a.peers_up()) == 1 and len(b.peers_up()) == 1)


def test_forged_stale_and_replayed_datagrams_are_ignored(pair) -> None:
    _a, b, got = pair
    stranger = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    target = b.address
    body = {"v": 1, "kind": "use", "from": "evil", "ts": time.time(), "id": "m1", "use": use().to_wire()}
    stranger.sendto(seal(b"guessed-secret", body), target)  # wrong key
    stranger.sendto(b"\x00" * 40, target)  # garbage
    stale = dict(body, id="m2", ts=time.time() - 3600)
    stranger.sendto(seal(SECRET, stale), target)  # a captured datagram from an hour ago
    assert wait_for(lambda: b.stats.rejected_mac == 2 and b.stats.rejected_stale == 1)
    fresh = seal(SECRET, dict(body, id="m3", use=use(nonce="n-3").to_wire()))
    stranger.sendto(fresh, target)
    stranger.sendto(fresh, target)  # the same datagram replayed at once
    assert wait_for(lambda: b.stats.rejected_replay == 1 and len(got) == 1)
    assert [u.nonce for u in got] == ["n-3"]  # only the authentic one
    stranger.close()


def test_wire_format_and_addresses() -> None:
    sealed = seal(SECRET, {"a": 1})
    assert open_sealed(SECRET, sealed) == {"a": 1}
    assert open_sealed(SECRET, sealed[:-1] + b"2") is None
    original = use()
    assert PeerUse.from_wire(json.loads(json.dumps(original.to_wire()))) == original
    with pytest.raises(CitadelError) as excinfo:
        PeerUse.from_wire({"nonce": "x"})
    assert excinfo.value.code == "peer_message"
    assert parse_peer("10.0.0.5:47800") == ("10.0.0.5", 47800)
    for bad in ("10.0.0.5", "host:0", "host:http", ":80"):
        with pytest.raises(CitadelError) as excinfo:
            parse_peer(bad)
        assert excinfo.value.code == "bad_peer_address" and bad in excinfo.value.message("en")
    with pytest.raises(CitadelError) as excinfo:
        PeerLink(("127.0.0.1", 0), ["127.0.0.1:9"], b"", "g", lambda u: True)
    assert excinfo.value.code == "peer_secret_missing"


def test_a_forged_use_does_not_mark_a_ticket_used(world, tmp_path) -> None:
    url = gate_database(world, tmp_path, "gate-b")
    from shared import db

    engine = db.make_engine(url)
    gate_b = GateController(engine, site="imperial-city", gate="Gate B", relay=LogRelay())
    link = PeerLink(("127.0.0.1", 0), ["127.0.0.1:9"], SECRET, "Gate B", gate_b.handle_peer_use)
    gate_b.attach_peers(link)
    link.start()
    try:
        _, [token] = world.sell("imperial-city")
        ticket_id = verify(token, world.keyring).ticket_id
        # The sale happened after the gate's cache was filled: refresh it as the sync worker would.
        url = gate_database(world, tmp_path, "gate-b")
        forged = {"v": 1, "kind": "use", "from": "evil", "ts": time.time(), "id": "f1",
                  "use": use(ticket_id, "forged").to_wire()}  # fmt: skip
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as stranger:
            stranger.sendto(seal(b"not-the-site-secret", forged), link.address)
        assert wait_for(lambda: link.stats.rejected_mac == 1)
        with Session(engine) as s:
            assert s.get(TicketUse, (ticket_id, "imperial-city")) is None
            assert s.get(Scan, "forged") is None
        assert gate_b.submit(token).code == "admitted"
    finally:
        gate_b.close()
        engine.dispose()


# -- several gate processes -----------------------------------------------------------------------------
class GateProcess:
    """``citadel-gate --headless`` in its own process, fed codes on stdin like a wedge scanner."""

    def __init__(self, name: str, url: str, port: int, peers: list[int], tmp_path: Path) -> None:
        env = dict(
            os.environ,
            CITADEL_DATABASE_URL=url,
            CITADEL_PEER_SECRET=SECRET.decode(),
            CITADEL_DEVICE_ID=name.lower().replace(" ", "-"),
            CITADEL_DATA_DIR=str(tmp_path / name),
        )
        env.pop("CITADEL_CONFIG", None)
        args = [sys.executable, "-m", "scanner.app", "--headless", "--source", "wedge:-",
                "--site", "imperial-city", "--gate", name, "--peer-listen", f"127.0.0.1:{port}"]  # fmt: skip
        for p in peers:
            args += ["--peer", f"127.0.0.1:{p}"]
        self.proc = subprocess.Popen(
            args, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, bufsize=1,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def scan(self, text: str, timeout: float = 30.0) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        try:
            return json.loads(self.lines.get(timeout=timeout))
        except queue.Empty:
            self.proc.kill()
            raise AssertionError(f"no verdict; stderr: {self.proc.stderr.read()}") from None

    def stop(self) -> str:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.stderr.read() if self.proc.stderr else ""


@pytest.mark.slow
def test_three_gate_processes_refuse_a_ticket_used_at_one_within_a_second(world, tmp_path) -> None:
    _, tokens = world.sell("imperial-city", adult=3)
    names = ["Gate A", "Gate B", "Gate C"]
    ports = [free_udp_port() for _ in names]
    gates = [
        GateProcess(
            name, gate_database(world, tmp_path, f"g{i}"), ports[i], ports[:i] + ports[i + 1 :], tmp_path
        )
        for i, name in enumerate(names)
    ]
    try:
        for g in gates:  # each process is up and listening once it answers
            assert g.scan("PING")["code"] == "malformed"
        for i, token in enumerate(tokens):
            first = gates[i].scan(token)
            assert (first["admitted"], first["code"], first["gate"]) == (True, "admitted", names[i])
            time.sleep(1.0)  # the requirement: a second later, with no central, every other gate knows
            for j, other in enumerate(gates):
                if j == i:
                    continue
                again = other.scan(token)
                assert (again["admitted"], again["code"]) == (False, "already_used")
                assert again["previous_gate"] == names[i]
                assert names[i] in again["message"]["en"] and names[i] in again["message"]["vi"]
    finally:
        errors = [g.stop() for g in gates]
    assert all(g.proc.returncode == 0 for g in gates), errors


def linked_gate(url: str, name: str, port: int, peer_port: int) -> GateController:
    from shared import db

    gate = GateController(
        db.make_engine(url), site="imperial-city", gate=name, device_id=name, relay=LogRelay()
    )
    link = PeerLink(("127.0.0.1", port), [f"127.0.0.1:{peer_port}"], SECRET, name, gate.handle_peer_use)
    gate.attach_peers(link)
    link.start()
    return gate


def test_a_restarted_gate_tells_peers_what_they_missed(world, tmp_path) -> None:
    _, [token] = world.sell("imperial-city")
    url_a, url_b = gate_database(world, tmp_path, "a"), gate_database(world, tmp_path, "b")
    port_a, port_b = free_udp_port(), free_udp_port()
    a = linked_gate(url_a, "Gate A", port_a, port_b)
    assert a.submit(token).admitted  # gate B is switched off
    a.close()  # and gate A restarts before B is back: its memory of unacknowledged scans is gone
    a.engine.dispose()
    b = linked_gate(url_b, "Gate B", port_b, port_a)
    a = linked_gate(url_a, "Gate A", port_a, port_b)
    try:
        ticket_id = verify(token, world.keyring).ticket_id

        def b_knows() -> bool:
            with Session(b.engine) as s:
                return s.get(TicketUse, (ticket_id, "imperial-city")) is not None

        assert wait_for(b_knows)
        refused = b.submit(token)
        assert (refused.code, refused.verdict.previous_gate) == ("already_used", "Gate A")
    finally:
        for g in (a, b):
            g.close()
            g.engine.dispose()
