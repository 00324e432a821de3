"""Fixtures for the payment tests: a Stripe emulator on 127.0.0.1, a temp SQLite database for the VietQR
tables, and a clock the test moves by hand (so timeouts never depend on real time)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url, text
from sqlmodel import SQLModel, create_engine

import shared.payments.records  # noqa: F401  (registers the payment_ tables)
from shared.db import normalise_url
from shared.payments import PaymentRequest
from tests.payments.stripe_emulator import StripeEmulator


class ManualClock:
    """A clock for deadlines: it only moves when a test calls ``advance``."""

    def __init__(self) -> None:
        # Starts at the real time because the emulator stamps objects with it; then it only moves by hand.
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def emulator() -> Iterator[StripeEmulator]:
    emu = StripeEmulator()
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def stripe_config(emulator: StripeEmulator) -> dict[str, object]:
    return {
        "api_key": emulator.api_key,
        "api_base": emulator.base_url,
        "mode": "terminal",
        "reader_id": emulator.reader_id,
        "timeout_s": 120,
        "max_network_retries": 2,
    }


def _backends() -> list[str]:
    wanted = os.environ.get("CITADEL_TEST_POSTGRES_URL") or os.environ.get("CITADEL_REQUIRE_POSTGRES") == "1"
    return ["sqlite", "postgres"] if wanted else ["sqlite"]


def _create_tables(eng: Engine) -> None:
    # The lead's alembic migrations will carry these tables; until then the tests create just these two.
    tables = [SQLModel.metadata.tables[t] for t in ("payment_vietqr_request", "payment_bank_transfer")]
    SQLModel.metadata.create_all(eng, tables=tables)


@pytest.fixture(params=_backends())
def pay_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The VietQR tables on SQLite, and on PostgreSQL too when ``CITADEL_TEST_POSTGRES_URL`` is set."""
    if request.param == "sqlite":
        eng = create_engine(f"sqlite:///{tmp_path / 'payments.db'}")
        _create_tables(eng)
        yield eng
        eng.dispose()
        return
    base = os.environ.get("CITADEL_TEST_POSTGRES_URL", "")
    if not base:
        pytest.fail("CITADEL_REQUIRE_POSTGRES=1 but CITADEL_TEST_POSTGRES_URL is not set")
    base = normalise_url(base)
    name = f"citadel_pay_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng = create_engine(make_url(base).set(database=name).render_as_string(hide_password=False))
    try:
        _create_tables(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_request(
    amount: int = 200000, currency: str = "VND", code: str = "HUE-7K3M9Q", language: str = "en"
) -> PaymentRequest:
    return PaymentRequest(
        order_id=str(uuid.uuid4()),
        order_code=code,
        amount=amount,
        currency=currency,
        description=f"Hue Monuments tickets {code}",
        language=language,
    )
