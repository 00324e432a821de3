"""Fixtures for the printer tests: the artifacts folder and a TCP virtual printer on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from printer.virtual import VirtualPrinterServer
from tests.printer.support import ARTIFACTS


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def tcp_printer(tmp_path: Path) -> Iterator[VirtualPrinterServer]:
    with VirtualPrinterServer(tmp_path / "tcp-pages", port=0) as server:
        yield server
