"""Scanner layer (Qt-free): the gate controller and the turnstile/relay adapters.

Owns :class:`GateController` (decode -> redeem -> signal), :class:`GateResult`, :class:`GateStatus`,
the relay port (:class:`Relay` with :class:`LogRelay`, :class:`SerialRelay`, :class:`GpioRelay` and
:func:`make_relay`) and :func:`apply_remote_scan`, which records a scan made elsewhere (a LAN peer now,
central later) into the local journal and flags conflicts.

Flow of one scan: a frame is decoded (:class:`scanner.decode.Decoder`), a code held in view counts
once, the code is redeemed against the gate's OWN database (``shared.redemption.redeem``; keys and
revocations are cached there by the sync worker), the scan is queued for central in the ``outbox``
table in the same transaction, and only after the commit is the turnstile pulsed, peers told and the
``on_result`` callback called. Nothing here knows about Qt: the window wraps these callbacks.
"""

from __future__ import annotations

import hmac
import logging
import queue
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from shared import audit, db, keys, sales
from shared.errors import CitadelError
from shared.i18n import register_catalog, tr
from shared.models import Direction, Product, Scan, Site, Ticket, TicketUse, new_uuid7, utcnow
from shared.redemption import Policy, SiteInfo, Verdict, load_sites, redeem
from shared.stats import SiteDay, site_day
from shared.sync.outbox import backlog, enqueue, row_payload
from shared.tokens import PREFIX, KeyRing
from shared.tokens import decode as decode_token

from .debounce import Debouncer
from .peers import PeerLink, PeerUse
from .sound import NoSound, Sound, cue_for
from .sources import Frame, ScannedText

register_catalog(Path(__file__).with_name("gate_messages.toml"))
log = logging.getLogger(__name__)

SCAN_TOPIC = "scan"
PIN_ATTEMPTS = 5
PIN_LOCK_SECONDS = 300.0


# -- turnstile / relay ---------------------------------------------------------------------------------
class Relay(Protocol):
    """A turnstile or door relay. ``pulse(count)`` releases ``count`` passages (one per person)."""

    name: str

    def pulse(self, count: int = 1) -> None: ...

    def close(self) -> None: ...


class LogRelay:
    """STAND-IN relay: records each pulse in memory and in the log (and optionally a text file, one line
    per pulse), so a gate without a turnstile, a demo or a test can see exactly what would have opened."""

    name = "log"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.pulses: list[datetime] = []
        self._lock = threading.Lock()

    def pulse(self, count: int = 1) -> None:
        with self._lock:
            for _ in range(count):
                at = utcnow()
                self.pulses.append(at)
                log.info("relay pulse at %s", at.isoformat())
                if self.path is not None:
                    with self.path.open("a", encoding="utf-8") as fh:
                        fh.write(f"pulse {at.isoformat()}\n")

    def close(self) -> None:
        pass


class SerialRelay:
    """A USB/serial relay board through pyserial (any pyserial URL: ``/dev/ttyUSB0``, ``loop://``,
    ``rfc2217://``). Default commands are the common LCUS-1 board's (``A0 01 01 A2`` on, ``A0 01 00 A1``
    off); ``line="dtr"``/``"rts"`` toggles a modem line instead, for boards wired to it."""

    name = "serial"

    def __init__(
        self,
        url: str,
        *,
        baudrate: int = 9600,
        pulse_ms: int = 250,
        gap_ms: int = 400,
        on: bytes = bytes.fromhex("A00101A2"),
        off: bytes = bytes.fromhex("A00100A1"),
        line: str = "",
    ) -> None:
        import serial

        try:
            self.port = serial.serial_for_url(url, baudrate=baudrate, timeout=1)
        except (serial.SerialException, ValueError) as exc:
            raise CitadelError("relay_unavailable", f"serial relay {url}: {exc}", relay=url) from exc
        self.pulse_ms, self.gap_ms, self.on, self.off, self.line = pulse_ms, gap_ms, on, off, line

    def _set(self, active: bool) -> None:
        if self.line == "dtr":
            self.port.dtr = active
        elif self.line == "rts":
            self.port.rts = active
        else:
            self.port.write(self.on if active else self.off)
            self.port.flush()

    def pulse(self, count: int = 1) -> None:
        for i in range(count):
            if i:
                time.sleep(self.gap_ms / 1000)
            self._set(True)
            time.sleep(self.pulse_ms / 1000)
            self._set(False)

    def close(self) -> None:
        self.port.close()


class GpioRelay:
    """A relay on a GPIO line (Raspberry Pi and similar) through libgpiod's Python binding (v2 API)."""

    name = "gpio"

    def __init__(
        self, line: int, *, chip: str = "/dev/gpiochip0", pulse_ms: int = 250, gap_ms: int = 400
    ) -> None:
        try:
            import gpiod
            from gpiod.line import Direction as GpioDirection
            from gpiod.line import Value
        except ImportError as exc:
            raise CitadelError(
                "relay_unavailable", "GPIO relay needs the gpiod package (libgpiod v2)", relay=f"gpio:{line}"
            ) from exc
        try:
            self._request = gpiod.request_lines(
                chip,
                consumer="citadel-gate",
                config={
                    line: gpiod.LineSettings(direction=GpioDirection.OUTPUT, output_value=Value.INACTIVE)
                },
            )
        except OSError as exc:
            raise CitadelError(
                "relay_unavailable", f"GPIO {chip} line {line}: {exc}", relay=f"gpio:{line}"
            ) from exc
        self._line, self._value, self.pulse_ms, self.gap_ms = line, Value, pulse_ms, gap_ms

    def pulse(self, count: int = 1) -> None:
        for i in range(count):
            if i:
                time.sleep(self.gap_ms / 1000)
            self._request.set_value(self._line, self._value.ACTIVE)
            time.sleep(self.pulse_ms / 1000)
            self._request.set_value(self._line, self._value.INACTIVE)

    def close(self) -> None:
        self._request.release()


def make_relay(uri: str) -> Relay:
    """``log:`` / ``log:/path/file``, ``serial:/dev/ttyUSB0?baud=9600&pulse_ms=250&line=dtr``,
    ``gpio:17?chip=/dev/gpiochip0``. Bad URIs get CitadelError("bad_relay_uri")."""
    scheme, _, rest = uri.partition(":")
    parts = urlsplit(rest)
    opts = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    try:
        if scheme in ("", "log"):
            return LogRelay(Path(parts.path) if parts.path else None)
        if scheme == "serial":
            target = rest.split("?", 1)[0]
            return SerialRelay(
                target,
                baudrate=int(opts.get("baud", 9600)),
                pulse_ms=int(opts.get("pulse_ms", 250)),
                gap_ms=int(opts.get("gap_ms", 400)),
                line=opts.get("line", ""),
            )
        if scheme == "gpio":
            return GpioRelay(
                int(parts.path),
                chip=opts.get("chip", "/dev/gpiochip0"),
                pulse_ms=int(opts.get("pulse_ms", 250)),
            )
    except ValueError as exc:
        raise CitadelError("bad_relay_uri", f"relay {uri!r}: {exc}", relay=uri) from exc
    raise CitadelError("bad_relay_uri", f"unknown relay {uri!r}", relay=uri)


class RelayWorker:
    """Runs pulses on their own thread so a 25-person group does not hold up the next verdict."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="relay", daemon=True)
        self._thread.start()

    def pulse(self, count: int) -> None:
        self._queue.put(count)

    def _run(self) -> None:
        while (count := self._queue.get()) is not None:
            try:
                self.relay.pulse(count)
            except Exception:  # the turnstile failing must not stop the gate; staff can open by hand
                log.exception("relay %s failed", self.relay.name)
            finally:
                self._queue.task_done()
        self._queue.task_done()

    def drain(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.005)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)
        self.relay.close()


# -- recording scans made elsewhere ---------------------------------------------------------------------
def scan_payload(scan: Scan) -> dict[str, Any]:
    """The outbox payload for one scan: every column, JSON-safe (the sync worker's own encoding)."""
    return row_payload(scan)


def _flag_conflict(session: Session, scan: Scan, others: list[Scan], actor: str) -> None:
    scan.conflict = True
    session.add(scan)
    audit.record(
        session,
        actor,
        "scan.conflict",
        scan.nonce,
        ticket=scan.ticket_id,
        site=scan.site_code,
        gate=scan.gate,
        scanned_at=scan.scanned_at.isoformat(),
        earlier=[{"nonce": o.nonce, "gate": o.gate, "scanned_at": o.scanned_at.isoformat()} for o in others],
    )
    # Central must learn of the flag too: replace the waiting upload of this scan, or queue it again (same
    # key) when it already went; central ORs the flag into the row it has.
    enqueue(session, SCAN_TOPIC, scan.nonce, scan_payload(scan), coalesce=True)


def _entries_allowed(session: Session, use: PeerUse) -> int | None:
    """Entries per site the ticket's product allows, from the product number the peer sent or, failing
    that, from the ticket row if this gate's cache has it."""
    number = use.product
    if number is None:
        ticket = session.get(Ticket, use.ticket_id)
        product = session.get(Product, ticket.product_id) if ticket is not None else None
    else:
        product = session.exec(select(Product).where(Product.number == number)).first()
    return product.entries_per_site if product is not None else None


def apply_remote_scan(session: Session, use: PeerUse, *, actor: str = "gate") -> bool:
    """Record a scan another gate made into this gate's journal (``scan`` + ``ticket_use``), so the next
    local redeem of that ticket refuses with the other gate's name and time. Idempotent on the nonce.

    If that brings the ticket's admissions at the site above what its product allows (both gates
    admitted while they could not reach each other or central), the later admission is flagged
    ``Scan.conflict`` and an audit event ``scan.conflict`` is written. Returns True when it flagged one.
    The caller commits.
    """
    if session.get(Scan, use.nonce) is not None:
        return False
    admitted = use.code in ("admitted", "reentry", "exit")
    remote = Scan(
        nonce=use.nonce,
        ticket_id=use.ticket_id,
        site_code=use.site_code,
        gate=use.gate,
        device_id=use.device_id,
        direction=use.direction,
        admitted=admitted,
        code=use.code,
        persons=use.persons if admitted else 0,
        scanned_at=use.scanned_at,
        received_at=utcnow(),
        offline=True,
    )
    session.add(remote)
    if not admitted:
        session.flush()
        return False
    use_row = session.get(TicketUse, (use.ticket_id, use.site_code))
    if use_row is None:
        use_row = TicketUse(ticket_id=use.ticket_id, site_code=use.site_code, entries=0, inside=False)
    newer = use_row.last_at is None or use.scanned_at >= use_row.last_at
    if use.direction == Direction.EXIT:
        if newer:
            use_row.inside = False
        session.add(use_row)
        session.flush()
        return False
    if use.code == "admitted":
        use_row.entries += 1
    if newer:
        use_row.inside = True
        use_row.last_at = use.scanned_at
        use_row.last_gate = use.gate
    session.add(use_row)
    session.flush()
    if use.code != "admitted":
        return False
    allowed = _entries_allowed(session, use)
    if allowed is None or use_row.entries <= allowed:
        return False  # within the allowance, or the product is unknown here (central will judge)
    firsts = session.exec(
        select(Scan)
        .where(
            Scan.ticket_id == use.ticket_id,
            Scan.site_code == use.site_code,
            Scan.direction == Direction.ENTRY.value,
            Scan.code == "admitted",
            col(Scan.admitted),
        )
        .order_by(col(Scan.scanned_at), col(Scan.nonce))
    ).all()
    flagged = False
    for later in firsts[allowed:]:
        if not later.conflict:
            _flag_conflict(session, later, list(firsts[:allowed]), actor)
            flagged = True
    return flagged


# -- the controller -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GateResult:
    """One verdict as shown and printed: the core's Verdict plus its reason in vi and en."""

    verdict: Verdict
    source: str
    messages: dict[str, str]

    @property
    def admitted(self) -> bool:
        return self.verdict.admitted

    @property
    def code(self) -> str:
        return self.verdict.code

    def as_dict(self) -> dict[str, Any]:
        return self.verdict.as_dict() | {"source": self.source, "message": self.messages}


@dataclass(frozen=True)
class GateStatus:
    """What the window's status strip shows. ``connectivity`` is ``central`` (central reachable),
    ``peers`` (central not, some LAN peers yes), ``offline`` (neither) or ``local`` (an all-in-one gate
    with no central and no peers configured)."""

    connectivity: str
    central: bool
    peers_up: int
    peers_total: int
    queued: int
    direction: str
    day: SiteDay | None = None


def _not_a_ticket(untrusted_text: str) -> bool:
    """True when the text is not a well-formed ticket at all (a misread, or some other QR code)."""
    try:
        decode_token(untrusted_text)
    except CitadelError:
        return True
    return False


class GateController:
    """Decode -> redeem (locally) -> queue for central -> pulse -> tell peers -> ``on_result``.

    Thread-safe: frames and typed codes may arrive from different threads; redemptions are serialised
    by a lock (one gate admits one person at a time, and SQLite has one writer anyway).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        site: str,
        gate: str,
        direction: str = "in",
        device_id: str = "gate",
        timezone: str = "Asia/Ho_Chi_Minh",
        relay: Relay | None = None,
        sound: Sound | None = None,
        decoder: Any = None,
        staff_pin: str | None = None,
        policy: Policy | None = None,
        on_result: Callable[[GateResult], None] | None = None,
        on_status: Callable[[], None] | None = None,
        central_probe: Callable[[], bool] | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.gate = gate
        self.device_id = device_id
        self.timezone = timezone
        self._direction = Direction(direction)
        self.relay = RelayWorker(relay or LogRelay())
        self.sound: Sound = sound or NoSound()
        self.decoder = decoder
        self._staff_pin = staff_pin
        self.policy = policy or Policy()
        self.on_result = on_result
        self.on_status = on_status
        self.central_probe = central_probe
        self.clock = clock
        self.peers: PeerLink | None = None
        self.central_up = False
        self._lock = threading.RLock()
        self.debouncer = Debouncer()
        self._pin_failures = 0
        self._pin_locked_until = 0.0
        with db.session_scope(engine) as s:
            sites = load_sites(s)
            if site not in sites:
                raise CitadelError("unknown_site", f"site {site!r} is not in the local database", site=site)
            self.site: SiteInfo = sites[site]
            self.keyring: KeyRing = keys.load_keyring(s)

    # -- configuration --------------------------------------------------------------------------------
    @property
    def direction(self) -> str:
        return self._direction.value

    def check_pin(self, untrusted_pin: str) -> bool:
        if not self._staff_pin:
            return False
        return hmac.compare_digest(untrusted_pin.strip().encode(), self._staff_pin.encode())

    def set_direction(self, direction: str, untrusted_pin: str) -> None:
        """Switch entry/exit mode; needs the staff PIN. Raises CitadelError ``wrong_pin``, ``pin_locked``
        (after PIN_ATTEMPTS wrong PINs in a row, for PIN_LOCK_SECONDS) or ``pin_not_set``."""
        if not self._staff_pin:
            # No PIN configured: maintenance stays locked rather than open to anyone.
            raise CitadelError("pin_not_set", "no staff PIN configured")
        now = time.monotonic()
        if now < self._pin_locked_until:
            minutes = max(1, round((self._pin_locked_until - now) / 60))
            raise CitadelError("pin_locked", "too many wrong PINs", minutes=minutes)
        if not self.check_pin(untrusted_pin):
            self._pin_failures += 1
            with db.session_scope(self.engine) as s:
                audit.record(s, "staff", "gate.pin_failed", self.gate, device_id=self.device_id)
            if self._pin_failures >= PIN_ATTEMPTS:
                # A 4-digit PIN falls to guessing in minutes without this.
                self._pin_failures = 0
                self._pin_locked_until = now + PIN_LOCK_SECONDS
            raise CitadelError("wrong_pin", "wrong staff PIN")
        self._pin_failures = 0
        with self._lock:
            self._direction = Direction(direction)
            self.debouncer.reset()  # the ticket still in view gets a verdict in the new mode
            with db.session_scope(self.engine) as s:
                audit.record(
                    s, "staff", "gate.direction", self.gate, device_id=self.device_id, direction=direction
                )
        self._status_changed()

    def refresh_keyring(self) -> None:
        """Reload keys (the sync worker keeps the local ``signing_key`` table current)."""
        with db.session_scope(self.engine) as s:
            ring = keys.load_keyring(s)
        self.keyring = ring

    def attach_peers(self, link: PeerLink, *, reannounce_hours: float = 18.0) -> None:
        """Share scans with ``link``'s peers. Also re-announces this gate's own admissions of the last
        ``reannounce_hours`` (a restart forgets which peers had acknowledged them; receivers ignore
        repeats by nonce), so peers that missed them while this gate was down still learn of them."""
        self.peers = link
        link.on_use = self.handle_peer_use
        link.on_change = self._status_changed
        since = self.clock() - timedelta(hours=reannounce_hours)
        for use in self.own_admissions(since):
            link.announce(use, flush=False)

    def own_admissions(self, since: datetime) -> list[PeerUse]:
        """This gate's admitted scans (entries and exits) since ``since``, as peer announcements."""
        with Session(db.reader(self.engine)) as s:
            rows = s.exec(
                select(Scan, Product.number)
                .join(Ticket, col(Ticket.id) == col(Scan.ticket_id), isouter=True)
                .join(Product, col(Product.id) == col(Ticket.product_id), isouter=True)
                .where(
                    Scan.device_id == self.device_id,
                    Scan.site_code == self.site.code,
                    col(Scan.admitted),
                    col(Scan.ticket_id).is_not(None),
                    col(Scan.scanned_at) >= since,
                )
                .order_by(col(Scan.scanned_at))
            ).all()
        return [
            PeerUse(
                nonce=scan.nonce,
                ticket_id=int(scan.ticket_id or 0),
                site_code=scan.site_code,
                gate=scan.gate,
                device_id=self.device_id,
                direction=scan.direction,
                code=scan.code,
                persons=scan.persons,
                scanned_at=scan.scanned_at,
                product=number,
            )
            for scan, number in rows
        ]

    # -- scanning -------------------------------------------------------------------------------------
    def process_frame(self, frame: Any, *, still: bool = False) -> list[GateResult]:
        """Decode one camera frame and redeem each code that counts now. Call from a worker thread.

        From a live camera, text that is not even a well-formed ticket must be read in two frames before
        it is refused (see :mod:`scanner.debounce`): a misread never flashes red at a visitor. A ``still``
        (one picture from a folder) has no next frame, so it is judged at once."""
        if self.decoder is None:
            from .decode import Decoder

            self.decoder = Decoder()
        texts = [hit.text for hit in self.decoder.decode(frame)]
        fresh = self.debouncer.feed(texts, doubtful=None if still else _not_a_ticket)
        return [self.submit(text, source="camera") for text in fresh]

    def handle_item(self, item: Frame | ScannedText) -> list[GateResult]:
        """One item from a :mod:`scanner.sources` source: a frame to decode, or a wedge scanner's text."""
        if isinstance(item, ScannedText):
            if not self.debouncer.counts(item.text):
                return []
            return [self.submit(item.text, source="wedge")]
        return self.process_frame(item.image, still=item.still)

    def resolve_typed(self, untrusted_text: str) -> str:
        """What staff typed: a whole code (as a wedge scanner types it) or the printed ticket number."""
        text = untrusted_text.strip()
        if text.upper().startswith(PREFIX):
            return text
        with Session(db.reader(self.engine)) as s:
            found = sales.tickets_by_number(s, text)
        return found[0].token if len(found) == 1 else text

    def submit(self, untrusted_text: str, *, source: str = "manual") -> GateResult:
        """Redeem one code and signal the result (relay, peers, callback). Returns the result."""
        if source == "manual":
            untrusted_text = self.resolve_typed(untrusted_text)
        nonce = new_uuid7()
        # "offline" means central is configured but unreachable; an all-in-one gate has no central.
        offline = self.central_probe is not None and not self.central_up
        with self._lock:
            with db.session_scope(self.engine) as s:
                verdict = redeem(
                    s,
                    self.keyring,
                    untrusted_text,
                    self.site,
                    self.gate,
                    self._direction,
                    self.clock(),
                    nonce,
                    device_id=self.device_id,
                    offline=offline,
                    policy=self.policy,
                )
                scan = s.get(Scan, nonce)
                if scan is not None:  # the same transaction as the scan: uploaded exactly once, later
                    enqueue(s, SCAN_TOPIC, nonce, scan_payload(scan))
        result = GateResult(
            verdict,
            source,
            {"vi": verdict.message("vi", self.timezone), "en": verdict.message("en", self.timezone)},
        )
        self.sound.play(cue_for(verdict.admitted, verdict.code, verdict.persons))
        if verdict.admitted:
            # One passage per person, on entry and on exit (an exit turnstile must open too).
            self.relay.pulse(max(1, verdict.persons))
        if self.peers is not None and verdict.ticket_id is not None and verdict.admitted:
            self.peers.announce(
                PeerUse(
                    nonce=nonce,
                    ticket_id=verdict.ticket_id,
                    site_code=self.site.code,
                    gate=self.gate,
                    device_id=self.device_id,
                    direction=verdict.direction,
                    code=verdict.code,
                    persons=verdict.persons,
                    scanned_at=verdict.scanned_at,
                    product=verdict.product,
                )
            )
        if self.on_result is not None:
            self.on_result(result)
        return result

    def handle_peer_use(self, use: PeerUse) -> bool:
        """PeerLink's ``on_use``: store a peer's scan. Returns True when stored (then it is acknowledged)."""
        with self._lock:
            with db.session_scope(self.engine) as s:
                apply_remote_scan(s, use, actor=f"gate:{self.gate}")
        self._status_changed()
        return True

    # -- status ---------------------------------------------------------------------------------------
    def queued(self) -> int:
        """Uploads waiting for central on this device (all topics the sync worker forwards)."""
        with Session(db.reader(self.engine)) as s:
            return sum(backlog(s).values())

    def probe_central(self) -> bool:
        up = bool(self.central_probe()) if self.central_probe is not None else False
        if up != self.central_up:
            self.central_up = up
            self._status_changed()
        return up

    def status(self) -> GateStatus:
        up = len(self.peers.peers_up()) if self.peers else 0
        total = len(self.peers.peers) if self.peers else 0
        if self.central_up:
            connectivity = "central"
        elif up:
            connectivity = "peers"
        elif self.central_probe is None and not total:
            connectivity = "local"  # all-in-one: this database is the only one there is
        else:
            connectivity = "offline"
        with Session(db.reader(self.engine)) as s:
            site = s.exec(select(Site).where(Site.code == self.site.code)).one()
            day = site_day(s, site, self.clock())
        return GateStatus(connectivity, self.central_up, up, total, self.queued(), self.direction, day)

    def _status_changed(self) -> None:
        if self.on_status is not None:
            self.on_status()

    def conflicts(self) -> int:
        with Session(db.reader(self.engine)) as s:
            return int(s.exec(select(func.count()).select_from(Scan).where(col(Scan.conflict))).one())

    def close(self) -> None:
        self.relay.close()
        self.sound.close()
        if self.peers is not None:
            self.peers.stop()


def tcp_probe(url: str, timeout: float = 1.0) -> Callable[[], bool]:
    """A central probe: can this gate open a TCP connection to ``url``'s host and port right now?"""
    parts = urlsplit(url)
    default = {"postgresql": 5432, "postgres": 5432, "https": 443, "http": 80}.get(
        parts.scheme.split("+")[0], 80
    )
    host, port = parts.hostname or "", parts.port or default

    def probe() -> bool:
        if not host:
            return False
        try:
            with socket.create_connection((host, port), timeout=timeout):
                return True
        except OSError:
            return False

    return probe


def status_text(status: GateStatus, lang: str) -> str:
    """One line for terminals: connectivity and queue, translated."""
    return (
        tr(f"gate.connectivity.{status.connectivity}", lang, up=status.peers_up, total=status.peers_total)
        + " · "
        + tr("gate.queued", lang, count=status.queued)
    )


__all__ = [
    "GateController",
    "GateResult",
    "GateStatus",
    "GpioRelay",
    "LogRelay",
    "Relay",
    "RelayWorker",
    "SerialRelay",
    "apply_remote_scan",
    "make_relay",
    "scan_payload",
    "status_text",
    "tcp_probe",
]
