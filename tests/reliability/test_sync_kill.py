"""Reliability: the sync worker SIGKILLed at random points while 10,000 scans go from a gate's SQLite
journal to the real central PostgreSQL, then restarted: central has every record exactly once and the
journal has nothing left to send.

The worker runs as a separate process (``python -m shared.sync``), as on a device, so a kill can land
anywhere: mid central transaction, between the central commit and the local "sent" mark, mid local write.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from shared import db
from shared.models import OutboxItem, Scan
from tests.sync.support import central_nonces, queue_scans, reset_central

ROOT = Path(__file__).resolve().parents[2]
RECORDS = 10_000


@pytest.fixture
def central(postgres_database: str) -> Iterator[Engine]:
    engine = reset_central(postgres_database)
    yield engine
    engine.dispose()


def central_count(central: Engine) -> int:
    with Session(central) as s:
        return int(s.exec(select(func.count()).select_from(Scan)).one())


def start_worker(local_url: str, central_url: str, batch: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shared.sync",
            "--local",
            local_url,
            "--central",
            central_url,
            "--batch-size",
            str(batch),
            "--drain",
            "--no-capture",
        ],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_sigkill_at_random_points_loses_and_duplicates_nothing(
    central: Engine, sqlite_url: str, postgres_database: str
) -> None:
    local = db.make_engine(sqlite_url)
    nonces = queue_scans(local, RECORDS)
    rng = random.Random()
    kills_mid_transfer = 0
    for _round in range(6):
        before = central_count(central)
        if before == RECORDS:
            break
        proc = start_worker(sqlite_url, postgres_database, batch=rng.choice([25, 50, 100]))
        # Wait for progress (or the end), then kill after a random extra delay.
        deadline = time.monotonic() + 120  # generous: only to avoid a hang
        while proc.poll() is None and central_count(central) == before and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.25))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            at_kill = central_count(central)
            if 0 < at_kill < RECORDS:
                kills_mid_transfer += 1
        else:
            proc.wait()
    # Restart for good and let it finish.
    final = start_worker(sqlite_url, postgres_database, batch=500)
    _out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()[-2000:]

    got = central_nonces(central)
    assert len(got) == RECORDS == len(set(got))
    assert set(got) == set(nonces)
    with Session(local) as s:
        unsent = s.exec(
            select(func.count()).select_from(OutboxItem).where(col(OutboxItem.sent_at).is_(None))
        ).one()
    assert unsent == 0
    # The kills really interrupted transfers (not only before start or after the end).
    assert kills_mid_transfer >= 1
    local.dispose()
