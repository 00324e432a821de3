"""Test fixtures shared by the whole suite.

Databases: every core test that takes ``engine`` runs on SQLite, and on PostgreSQL too when
``CITADEL_TEST_POSTGRES_URL`` is set (``make test`` sets it when a server answers on 127.0.0.1:5432).
With ``CITADEL_REQUIRE_POSTGRES=1`` (CI), a missing PostgreSQL fails the run instead of skipping.
Each PostgreSQL run gets its own freshly migrated database; tables are emptied between tests.
SQLite tests copy a once-migrated template file, so every test starts from the real alembic schema.
"""

from __future__ import annotations

import gc
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from shared import db, keys, sales
from shared.catalogue import demo_catalogue_path, load_catalogue
from shared.redemption import SiteInfo, load_sites
from shared.tokens import KeyRing

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ARTIFACTS = Path(__file__).parent / "artifacts"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def postgres_url() -> str | None:
    return os.environ.get("CITADEL_TEST_POSTGRES_URL") or None


def require_postgres() -> bool:
    return os.environ.get("CITADEL_REQUIRE_POSTGRES") == "1"


@pytest.fixture(autouse=True)
def _qt_garbage_collected_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a Qt test (its widgets closed by qtbot, whose teardown runs before this one's), collect the
    garbage here, on the main thread. Otherwise the next allocation-heavy worker thread (a redemption
    loading rows) may run the collector and destroy a closed window's QObjects off the GUI thread, which
    PySide6 answers with a segmentation fault (seen once in the gate window tests)."""
    yield
    if "qtbot" in request.fixturenames:
        gc.collect()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    base = postgres_url()
    if base is None:
        if require_postgres():
            pytest.fail("CITADEL_REQUIRE_POSTGRES=1 but CITADEL_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL not configured (set CITADEL_TEST_POSTGRES_URL)")
    name = f"citadel_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db.normalise_url(base), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - only when the server is missing
        if require_postgres():
            pytest.fail(f"PostgreSQL required but unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = make_url(db.normalise_url(base)).set(database=name).render_as_string(hide_password=False)
    db.upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(engine: Engine) -> None:
    from sqlalchemy import inspect

    names = ", ".join(f'"{t}"' for t in inspect(engine).get_table_names() if t != "alembic_version")
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _backends() -> list[str]:
    return ["sqlite", "postgres"] if (postgres_url() or require_postgres()) else ["sqlite"]


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "citadel.sqlite3"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = db.make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=_backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    url = str(request.getfixturevalue("postgres_database"))
    eng = db.make_engine(url)
    _truncate_all(eng)
    eng.dispose()
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = db.make_engine(db_url)
    yield engine
    engine.dispose()


@dataclass
class World:
    """A database with the Hue demo catalogue and one approved kiosk key."""

    engine: Engine
    signer: sales.Signer
    keyring: KeyRing
    sites: dict[str, SiteInfo]
    key_dir: Path

    def sell(
        self,
        product: str,
        *,
        adult: int = 1,
        child: int = 0,
        free: int = 0,
        slot_id: int | None = None,
        country: str | None = None,
        group: bool = False,
        language: str = "en",
    ) -> tuple[str, list[str]]:
        """A whole sale down to issued tickets: (order id, tokens)."""
        lines = [
            sales.CartLine(product, c, n, slot_id)
            for c, n in (("adult", adult), ("child", child), ("free", free))
            if n
        ]
        with db.session_scope(self.engine) as s:
            order = sales.create_order(
                s,
                lines,
                device_id="kiosk-1",
                site_code="imperial-city",
                language=language,
                country=country,
                group_ticket=group,
            )
            sales.reserve(s, order.id)
            sales.start_payment(s, order.id, "demo")
            sales.mark_paid(s, order.id, "demo-ref")
            tickets = sales.issue_tickets(s, order.id, self.signer)
            return order.id, [t.token for t in tickets]


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    store = keys.FileKeyStore(tmp_path / "keys")
    with db.session_scope(engine) as s:
        load_catalogue(s, demo_catalogue_path())
        row = keys.create_key(s, store, "kiosk-1", approve=True)
        key_id = row.key_id
    with db.session_scope(engine) as s:
        ring = keys.load_keyring(s)
        sites = load_sites(s)
    return World(engine, sales.Signer(key_id, store.load(key_id)), ring, sites, tmp_path / "keys")
