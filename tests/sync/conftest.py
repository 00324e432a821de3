"""Fixtures of the site-network tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from shared.sync import create_roles
from tests.sync.support import reset_central


@pytest.fixture
def central(postgres_database: str) -> Iterator[Engine]:
    """The run's PostgreSQL database, emptied, with the Hue catalogue and the device roles."""
    engine = reset_central(postgres_database)
    create_roles(engine)
    yield engine
    engine.dispose()
