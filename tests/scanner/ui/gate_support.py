"""Helpers for the gate tests (controller, peers, window, reliability): codes that produce every verdict,
camera frames of real tickets, and per-gate local databases filled the way the sync worker fills them."""

from __future__ import annotations

import shutil
import socket
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import qrcode
from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from scanner.scene import hold_up
from shared import db, keys, sales
from shared.models import (
    AuditEvent,
    OutboxItem,
    Scan,
    TicketUse,
)
from shared.tokens import TicketClaims, encode, new_private_key

REFUSALS = (
    "malformed",
    "bad_signature",
    "unknown_key",
    "key_revoked",
    "revoked",
    "not_yet_valid",
    "expired",
    "wrong_site",
    "outside_slot",
    "already_used",
)

# Tables a gate's local journal holds of its own; everything else is the catalogue/keys cache.
GATE_OWN = {Scan.__tablename__, TicketUse.__tablename__, OutboxItem.__tablename__, AuditEvent.__tablename__}


HUE = ZoneInfo("Asia/Ho_Chi_Minh")


def local_today() -> date:
    return datetime.now(HUE).date()


def claims_token(world, **kw) -> str:
    today = local_today()
    base = dict(
        key_id=world.signer.key_id,
        ticket_id=4242,
        product=1,
        category=1,
        issued_at=datetime.now(UTC).replace(second=0, microsecond=0),
        valid_from=today,
        valid_days=1,
        sites_mask=1,
        persons=1,
    )
    base.update(kw)
    return encode(TicketClaims(**base), world.signer.private_key)


def opening_hours_clock() -> datetime:
    """10:00 today in Hue, as UTC: occupancy is only counted while the site is open (auto check-out at
    closing), so window tests that show occupancy run their gate on this clock at any hour of the day."""
    return datetime.combine(local_today(), datetime.min.time(), HUE).replace(hour=10).astimezone(UTC)


def refusal_token(world, code: str, at: datetime | None = None) -> str:
    """A code that the gate at imperial-city refuses with ``code`` now (setting up the DB if needed).
    ``key_revoked`` revokes the world's key: call it last, and reload the gate's keyring."""
    today = local_today()
    if code == "malformed":
        return "HELLO WORLD"
    if code == "bad_signature":
        claims = TicketClaims(world.signer.key_id, 77, 1, 1, datetime.now(UTC), today, 1, 1)
        return encode(claims, new_private_key())
    if code == "unknown_key":
        return claims_token(world, key_id=999)
    if code == "key_revoked":
        token = claims_token(world, ticket_id=78)
        with db.session_scope(world.engine) as s:
            keys.revoke_key(s, world.signer.key_id, at=datetime.now(UTC) - timedelta(hours=1))
        return token
    if code == "revoked":
        order_id, [token] = world.sell("imperial-city")
        with db.session_scope(world.engine) as s:
            sales.refund(s, order_id, actor="manager")
        return token
    if code == "not_yet_valid":
        return claims_token(world, ticket_id=79, valid_from=today + timedelta(days=2))
    if code == "expired":
        return claims_token(world, ticket_id=80, valid_from=today - timedelta(days=5), valid_days=2)
    if code == "wrong_site":
        return claims_token(world, ticket_id=81, sites_mask=0b10)
    if code == "outside_slot":
        now_local = (at or datetime.now(UTC)).astimezone(HUE)
        start = (now_local.hour * 60 + now_local.minute + 240) % (24 * 60)  # four hours away
        return claims_token(world, ticket_id=82, slot_start_minute=start, slot_minutes=30)
    if code == "already_used":
        _, [token] = world.sell("imperial-city")
        return token  # the caller presents it twice
    raise ValueError(code)


def qr_image(text: str, box: int = 6) -> np.ndarray:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=box, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    img = np.array(qr.make_image(fill_color="black", back_color="white").convert("L"), dtype=np.uint8)
    return img


def camera_frame(text: str, seed: int = 1) -> np.ndarray:
    """A 1280x720 BGR frame of a QR ticket held up to the gate camera (scanner.scene)."""
    return hold_up(qr_image(text), np.random.default_rng(seed))


def gate_database(world, folder: Path, name: str) -> str:
    """A gate's own SQLite journal: a fresh migrated file holding the world's catalogue, keys, tickets
    and revocations (what the sync worker caches), and none of its scans. Works for either backend."""
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / f'{name}.sqlite3'}"
    db.upgrade(url)
    target = db.make_engine(url)
    present = set(inspect(target).get_table_names()) & set(inspect(world.engine).get_table_names())
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name in present and t.name not in GATE_OWN]
    with world.engine.connect() as src, target.begin() as dst:
        for table in reversed(tables):
            dst.execute(delete(table))
        for table in tables:
            rows = [dict(r._mapping) for r in src.execute(select(table))]
            if rows:
                dst.execute(insert(table), rows)
    target.dispose()
    return url


def copy_file_db(url: str, to: Path) -> str:
    path = Path(url.removeprefix("sqlite:///"))
    shutil.copy(path, to)
    return f"sqlite:///{to}"


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class UdpCable:
    """A real UDP forwarder standing for the LAN cable between two gates, so a test can pull it.

    Datagrams sent to ``address`` go to ``target``; replies come back through the same port. While
    ``cut`` is True every datagram is dropped, both ways, as on an unplugged switch port.
    """

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.cut = False
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.front.bind(("127.0.0.1", 0))
        self.back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.back.bind(("127.0.0.1", 0))
        for sock in (self.front, self.back):
            sock.settimeout(0.05)
        self.client: tuple[str, int] | None = None
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._pump, args=(d,), daemon=True) for d in (0, 1)]
        for t in self._threads:
            t.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.front.getsockname()[1]}"

    def _pump(self, direction: int) -> None:
        sock = self.front if direction == 0 else self.back
        while not self._stop.is_set():
            try:
                data, sender = sock.recvfrom(65536)
            except (TimeoutError, OSError):
                continue
            if self.cut:
                continue
            try:
                if direction == 0:
                    self.client = sender
                    self.back.sendto(data, self.target)
                elif self.client is not None:
                    self.front.sendto(data, self.client)
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=1)
        self.front.close()
        self.back.close()


def engine_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)
