"""kill -9 during payment and during printing, then a restart: no lost paid order, no duplicate tickets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from shared import db, sales
from shared.models import Order, Ticket
from tests.kiosk.support import make_kiosk, read_qr

ROOT = Path(__file__).resolve().parents[2]


def _run_and_kill(world, sqlite_url: str, tmp_path: Path, stop_at: str) -> str:
    marker = tmp_path / "marker"
    out = tmp_path / "printed-kiosk-1"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("crash_child.py")),
            sqlite_url,
            str(world.key_dir),
            str(world.signer.key_id),
            str(out),
            stop_at,
            str(marker),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60  # generous: only to avoid a hang, never asserted
    while not marker.exists():
        if child.poll() is not None:
            raise AssertionError(child.stderr.read().decode())
        if time.monotonic() > deadline:
            child.kill()
            raise AssertionError("child never reached " + stop_at)
        time.sleep(0.05)
    order_id = marker.read_text()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return order_id


@pytest.mark.slow
@pytest.mark.parametrize("stop_at", ["paying", "issued", "ticket_printed"])
def test_kill_9_then_restart(world, tmp_path, stop_at):
    # Both processes open the same database (the SQLite file, or the PostgreSQL test database).
    url = world.engine.url.render_as_string(hide_password=False)
    order_id = _run_and_kill(world, url, tmp_path, stop_at)
    with db.session_scope(world.engine) as s:
        before = str(sales.get_order(s, order_id).state)
    assert before == {"paying": "paying", "issued": "issued", "ticket_printed": "issued"}[stop_at]
    # Restart: the same device id, the same printer folder.
    k = make_kiosk(world, tmp_path)
    with db.session_scope(world.engine) as s:
        order = sales.get_order(s, order_id)
        tickets = sales.order_tickets(s, order_id)
        if stop_at == "paying":
            # The demo reader's payment died with the process: nothing was taken, nothing is held.
            assert order.state == "cancelled"
            assert tickets == []
            return
        assert order.state == "printed"
        assert len(tickets) == 3  # 2 adults + 1 child, signed once: no duplicate valid tickets
        assert all(t.status == "printed" for t in tickets)
        tokens = {t.token for t in tickets}
        assert len(s.exec(select(Ticket)).all()) == 3
        assert len(s.exec(select(Order)).all()) == 1
    printed = [read_qr(p)[0] for p in sorted(k.out_dir.glob("ticket-*.png"))]
    assert set(printed) == tokens
    assert len(printed) == 3  # the ticket printed before the crash is not printed again
