"""Scanner layer (Qt-free): LAN peer sharing between the gates of one site. Owns :class:`PeerLink`,
:class:`PeerUse`, the wire format (:func:`seal` / :func:`open_sealed`) and :func:`parse_peer`.

Gates configured with each other's ``host:port`` tell each other about every scan they record, over UDP,
with no broker and no central: a ticket admitted at gate A is known at gate B a few milliseconds later
while the uplink is down.

Why UDP with acknowledgements: a datagram on a LAN arrives in well under a second, and a gate must not
stall when a peer is switched off. Each announcement is re-sent until that peer acknowledges it, so a
gate that was cut off (cable pulled, peer rebooting) catches up when it comes back; that catch-up is
what lets the controller find and flag conflicts made while everyone was isolated.

Security: every datagram is ``HMAC-SHA256(peer_secret, body) || body``. The body carries the send time
and a random message id. A receiver drops a datagram whose MAC is wrong (a stranger on the LAN cannot
mark tickets used), whose time is more than :data:`MAX_SKEW` away from its own clock, or whose message
id it has already seen within that window (a captured datagram cannot be replayed). Scan nonces make
applying the same scan twice harmless anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from shared.errors import CitadelError

log = logging.getLogger(__name__)

PROTOCOL = 1
MAC_SIZE = 32
MAX_DATAGRAM = 8192
MAX_SKEW = 30.0
"""Seconds a datagram's send time may differ from the receiver's clock (gates keep NTP time)."""
RETRY_INTERVAL = 0.25
MAX_RETRY_INTERVAL = 5.0
"""Retries back off from RETRY_INTERVAL to this, so a peer that is off all day costs little traffic."""
MAX_SENDS_PER_TICK = 256
HEARTBEAT_INTERVAL = 1.0
PEER_TIMEOUT = 3.5
"""A peer not heard from for this long counts as down (for the connectivity display)."""
MAX_PENDING_AGE = 36 * 3600.0
"""Announcements older than this are given up on (a peer gone for longer syncs through central)."""
DEFAULT_PORT = 47800


@dataclass(frozen=True, slots=True)
class PeerUse:
    """One scan recorded at a gate, as shared with its peers (no personal data: ids, times, gates)."""

    nonce: str
    ticket_id: int
    site_code: str
    gate: str
    device_id: str
    direction: str
    code: str
    persons: int
    scanned_at: datetime
    product: int | None = None

    def to_wire(self) -> dict[str, Any]:
        data = asdict(self)
        data["scanned_at"] = self.scanned_at.isoformat()
        return data

    @classmethod
    def from_wire(cls, untrusted: dict[str, Any]) -> PeerUse:
        """Parse a (MAC-checked) peer's dict; raises CitadelError("peer_message") when malformed."""
        try:
            scanned_at = datetime.fromisoformat(str(untrusted["scanned_at"]))
            if scanned_at.tzinfo is None:
                raise ValueError("naive time")
            product = untrusted.get("product")
            return cls(
                nonce=str(untrusted["nonce"])[:64],
                ticket_id=int(untrusted["ticket_id"]),
                site_code=str(untrusted["site_code"])[:64],
                gate=str(untrusted["gate"])[:64],
                device_id=str(untrusted["device_id"])[:64],
                direction="out" if untrusted["direction"] == "out" else "in",
                code=str(untrusted["code"])[:32],
                persons=int(untrusted["persons"]),
                scanned_at=scanned_at,
                product=None if product is None else int(product),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CitadelError("peer_message", f"malformed peer scan: {exc}") from exc


def parse_peer(untrusted_address: str, *, listen: bool = False) -> tuple[str, int]:
    """``host:port`` (or ``[v6]:port``) -> (host, port); CitadelError("bad_peer_address") otherwise.
    ``listen=True`` also accepts port 0 (any free port), for the address a gate listens on."""
    text = untrusted_address.strip()
    host, sep, port_text = text.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port_text.isdigit() or not (0 if listen else 1) <= int(port_text) < 65536:
        raise CitadelError("bad_peer_address", f"peer address {text!r} is not host:port", address=text)
    return host, int(port_text)


def seal(secret: bytes, body: dict[str, Any]) -> bytes:
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
    return hmac.new(secret, raw, hashlib.sha256).digest() + raw


def open_sealed(secret: bytes, untrusted_datagram: bytes) -> dict[str, Any] | None:
    """The body of an authentic datagram, or None (wrong MAC, truncated, not JSON)."""
    if len(untrusted_datagram) <= MAC_SIZE:
        return None
    mac, raw = untrusted_datagram[:MAC_SIZE], untrusted_datagram[MAC_SIZE:]
    if not hmac.compare_digest(mac, hmac.new(secret, raw, hashlib.sha256).digest()):
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


@dataclass
class PeerState:
    address: tuple[str, int]
    last_heard: float | None = None
    name: str = ""


@dataclass
class PeerStats:
    """Counters a person (or a test) can read: what was accepted and what was dropped, and why."""

    received: int = 0
    applied: int = 0
    rejected_mac: int = 0
    rejected_stale: int = 0
    rejected_replay: int = 0
    rejected_malformed: int = 0
    sent: int = 0


@dataclass
class _Pending:
    use: PeerUse
    created: float
    waiting: set[tuple[str, int]] = field(default_factory=set)
    next_send: float = 0.0
    attempts: int = 0


class PeerLink:
    """One UDP socket shared with a fixed list of peers.

    ``on_use(use) -> bool`` is called on the link's own thread for each authentic scan a peer reports;
    it returns True once the scan is stored, and only then is it acknowledged (so a failed write is
    retried by the sender). ``on_change()`` is called when a peer comes up or goes down.
    """

    def __init__(
        self,
        listen: tuple[str, int],
        peers: list[str],
        secret: bytes,
        name: str,
        on_use: Callable[[PeerUse], bool],
        *,
        on_change: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not secret:
            raise CitadelError("peer_secret_missing", "peers are configured but peer_secret is empty")
        self.secret = secret
        self.name = name
        self.on_use = on_use
        self.on_change = on_change
        self.clock = clock
        self.peers = {addr: PeerState(addr) for addr in (parse_peer(p) for p in peers)}
        self.stats = PeerStats()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            self._sock.bind(listen)
        except OSError as exc:
            self._sock.close()
            where = f"{listen[0]}:{listen[1]}"
            raise CitadelError(
                "peer_listen_failed", f"cannot listen on {where}: {exc}", address=where
            ) from exc
        self._sock.settimeout(0.05)
        self._lock = threading.Lock()
        self._pending: dict[str, _Pending] = {}
        self._seen: dict[str, float] = {}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._resolved: dict[tuple[str, int], tuple[str, int] | None] = {}
        self._up_before: frozenset[tuple[str, int]] = frozenset()

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._sock.getsockname()[:2]
        return str(host), int(port)

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self) -> PeerLink:
        for target in (self._receive_loop, self._send_loop):
            thread = threading.Thread(target=target, name=f"peers-{target.__name__}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads.clear()
        self._sock.close()

    def __enter__(self) -> PeerLink:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- what the controller calls ------------------------------------------------------------------
    def announce(self, use: PeerUse, *, flush: bool = True) -> None:
        """Tell every peer about ``use`` now (or at the next tick when ``flush`` is False), and keep
        telling each one until it acknowledges."""
        with self._lock:
            self._pending[use.nonce] = _Pending(use, self.clock(), set(self.peers), 0.0)
        if flush:
            self._flush()

    def peers_up(self) -> list[tuple[str, int]]:
        now = time.monotonic()
        return [
            a for a, p in self.peers.items() if p.last_heard is not None and now - p.last_heard < PEER_TIMEOUT
        ]

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    # -- wire ---------------------------------------------------------------------------------------
    def _body(self, kind: str, **data: Any) -> dict[str, Any]:
        return {"v": PROTOCOL, "kind": kind, "from": self.name, "ts": self.clock(),
                "id": secrets.token_hex(12), **data}  # fmt: skip

    def _send(self, addr: tuple[str, int], body: dict[str, Any]) -> None:
        try:
            self._sock.sendto(seal(self.secret, body), addr)
            self.stats.sent += 1
        except OSError as exc:  # unreachable host, no route: the retry loop tries again
            log.debug("peer %s unreachable: %s", addr, exc)

    def _flush(self) -> None:
        now = self.clock()
        due: list[tuple[tuple[str, int], PeerUse]] = []
        with self._lock:
            for nonce, item in list(self._pending.items()):
                if not item.waiting or now - item.created > MAX_PENDING_AGE:
                    del self._pending[nonce]
                    continue
                if item.next_send > now or len(due) >= MAX_SENDS_PER_TICK:
                    continue
                item.next_send = now + min(RETRY_INTERVAL * 2**item.attempts, MAX_RETRY_INTERVAL)
                item.attempts += 1
                due.extend((addr, item.use) for addr in item.waiting)
        for addr, use in due:
            self._send(addr, self._body("use", use=use.to_wire()))

    def _resend_to(self, peer: tuple[str, int]) -> None:
        """A peer came (back) up: send it what it has not acknowledged now, not at the next backoff."""
        with self._lock:
            for item in self._pending.values():
                if peer in item.waiting:
                    item.next_send = 0.0
                    item.attempts = 0

    def _send_loop(self) -> None:
        next_beat = 0.0
        while not self._stop.wait(RETRY_INTERVAL / 2):
            self._flush()
            now = time.monotonic()
            if now >= next_beat:
                next_beat = now + HEARTBEAT_INTERVAL
                for addr in self.peers:
                    self._send(addr, self._body("hello"))
                self._check_liveness()

    def _check_liveness(self) -> None:
        up = frozenset(self.peers_up())
        before, self._up_before = self._up_before, up
        if before != up and self.on_change:
            self.on_change()

    def _receive_loop(self) -> None:
        while not self._stop.is_set():
            try:
                untrusted_datagram, sender = self._sock.recvfrom(MAX_DATAGRAM)
            except TimeoutError:
                continue
            except OSError:
                if self._stop.is_set():
                    return
                continue
            self._handle(untrusted_datagram, (str(sender[0]), int(sender[1])))

    def _accept(self, body: dict[str, Any] | None) -> bool:
        """Authentic, fresh and not seen before (MAC already checked by open_sealed)."""
        if body is None:
            self.stats.rejected_mac += 1
            return False
        now = self.clock()
        try:
            sent = float(body["ts"])
            msg_id = str(body["id"])
        except (KeyError, TypeError, ValueError):
            self.stats.rejected_malformed += 1
            return False
        if abs(now - sent) > MAX_SKEW:
            self.stats.rejected_stale += 1
            return False
        with self._lock:
            if msg_id in self._seen:
                self.stats.rejected_replay += 1
                return False
            self._seen[msg_id] = now
            if len(self._seen) > 4096:
                self._seen = {k: t for k, t in self._seen.items() if now - t <= 2 * MAX_SKEW}
        return True

    def _peer_for(self, sender: tuple[str, int]) -> tuple[str, int] | None:
        if sender in self.peers:
            return sender
        # A peer configured by host name: resolve the configured names once per new sender address.
        if sender not in self._resolved:
            self._resolved[sender] = None  # remembered either way: no name lookup per datagram
            for addr in self.peers:
                try:
                    infos = socket.getaddrinfo(addr[0], addr[1], socket.AF_INET, socket.SOCK_DGRAM)
                except OSError:
                    continue
                if any(info[4][:2] == sender for info in infos):
                    self._resolved[sender] = addr
                    break
        return self._resolved.get(sender)

    def _mark_heard(self, peer: tuple[str, int], name: str) -> None:
        state = self.peers[peer]
        was_up = peer in self.peers_up()
        state.last_heard = time.monotonic()
        state.name = name[:64]
        if not was_up:
            self._resend_to(peer)
            if self.on_change:
                self.on_change()

    def _handle(self, untrusted_datagram: bytes, sender: tuple[str, int]) -> None:
        body = open_sealed(self.secret, untrusted_datagram)
        if not self._accept(body):
            return
        assert body is not None
        self.stats.received += 1
        kind = body.get("kind")
        peer = self._peer_for(sender)
        if peer is not None and kind in ("pong", "ack"):
            # Only an answer to something we sent to that address proves the path both ways works.
            self._mark_heard(peer, str(body.get("from", "")))
        if kind == "hello":
            self._send(sender, self._body("pong"))
            return
        if kind == "ack":
            nonce = str(body.get("nonce", ""))
            with self._lock:
                item = self._pending.get(nonce)
                if item is not None:
                    item.waiting.discard(peer if peer is not None else sender)
        elif kind == "use":
            try:
                use = PeerUse.from_wire(body.get("use") or {})
            except CitadelError:
                self.stats.rejected_malformed += 1
                return
            try:
                stored = self.on_use(use)
            except Exception:  # a failed write must not kill the link; the sender retries
                log.exception("could not store peer scan %s", use.nonce)
                stored = False
            if stored:
                self.stats.applied += 1
                self._send(sender, self._body("ack", nonce=use.nonce))
