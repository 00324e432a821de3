"""Helpers for the site-network tests: a fresh central PostgreSQL with the Hue catalogue, device journals
(SQLite) that pulled from it, local sales and scans queued the way the apps queue them, and a TCP proxy
that can be cut and healed to make a real network partition."""

from __future__ import annotations

import random
import socket
import threading
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from shared import db, keys, sales
from shared.catalogue import demo_catalogue_path, load_catalogue
from shared.models import Scan, new_uuid7, utcnow
from shared.sync import enqueue, enqueue_order, pull_once, row_payload


def reset_central(url: str) -> Engine:
    """Empty every table of the run's PostgreSQL database and load the Hue demo catalogue."""
    engine = db.make_engine(url)
    names = ", ".join(f'"{t}"' for t in inspect(engine).get_table_names() if t != "alembic_version")
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    with db.session_scope(engine) as s:
        load_catalogue(s, demo_catalogue_path())
    return engine


def make_kiosk(central: Engine, local: Engine, key_dir: Path, device_id: str = "kiosk-1") -> sales.Signer:
    """Enrol and approve a kiosk at central, pull into its journal; returns its signer."""
    from shared.sync import approve_device, enrol_device

    store = keys.FileKeyStore(key_dir)
    with db.session_scope(central) as s:
        res = enrol_device(s, store, device_id=device_id, kind="kiosk", site_code="imperial-city")
    with db.session_scope(central) as s:
        approve_device(s, device_id, actor="test-manager")
    pull_once(local, central)
    assert res.key_id is not None
    return sales.Signer(res.key_id, store.load(res.key_id))


def sell_local(local: Engine, signer: sales.Signer, device_id: str = "kiosk-1", adult: int = 2) -> str:
    """One sale on the device's journal, each step queued with its order snapshot (as the kiosk does)."""
    with db.session_scope(local) as s:
        order = sales.create_order(
            s, [sales.CartLine("combo-3", "adult", adult)], device_id=device_id, site_code="imperial-city"
        )
        sales.reserve(s, order.id)
        sales.start_payment(s, order.id, "demo")
        enqueue_order(s, order.id)
    with db.session_scope(local) as s:
        sales.mark_paid(s, order.id, "demo-ref")
        sales.issue_tickets(s, order.id, signer)
        enqueue_order(s, order.id)
    return order.id


def queue_scans(
    local: Engine,
    n: int,
    *,
    device_id: str = "gate-1",
    site: str = "imperial-city",
    clock: datetime | None = None,
    chunk: int = 1000,
) -> list[str]:
    """``n`` scan records written to the gate's journal, each queued in the same transaction."""
    nonces: list[str] = []
    at = clock or utcnow()
    rng = random.Random(n)
    for start in range(0, n, chunk):
        with db.session_scope(local) as s:
            for i in range(start, min(n, start + chunk)):
                nonce = new_uuid7()
                scan = Scan(
                    nonce=nonce,
                    ticket_id=rng.getrandbits(62),
                    site_code=site,
                    gate="Gate 1",
                    device_id=device_id,
                    direction="in",
                    admitted=True,
                    code="admitted",
                    persons=1,
                    scanned_at=at + timedelta(milliseconds=i),
                    received_at=at + timedelta(milliseconds=i),
                )
                s.add(scan)
                enqueue(s, "scan", nonce, row_payload(scan))
                nonces.append(nonce)
    return nonces


def central_nonces(central: Engine) -> list[str]:
    with Session(central) as s:
        return list(s.exec(select(Scan.nonce)).all())


class TcpProxy:
    """A real TCP forwarder on 127.0.0.1 in front of PostgreSQL. ``cut()`` closes the listening socket and
    every open connection (a partition); ``heal()`` listens again on the same port."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._server: socket.socket | None = None
        self.heal()

    def heal(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def cut(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            try:
                server.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked in the other thread
            except OSError:
                pass
            server.close()
        with self._lock:
            conns, self._conns = self._conns, []
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()

    close = cut

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def via_proxy(url: str, proxy: TcpProxy) -> str:
    from sqlalchemy.engine import make_url

    return (
        make_url(db.normalise_url(url))
        .set(host="127.0.0.1", port=proxy.port)
        .render_as_string(hide_password=False)
    )
