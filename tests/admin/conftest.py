"""Fixtures for the admin app tests: the test world with visits, users of each role, a backend per role,
no blocking dialogs, and a thread pool drained after each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from admin.backend import AdminBackend
from admin.worker import Runner
from shared import db, users
from tests.city.support import T0, make_visits, standard_visits

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "admin"
NOW = T0 + timedelta(minutes=90)  # 11:30 in Hue on the day of the standard visits


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def yes(parent: object, title: str, text: str, *args: object, **kw: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    return asked


@pytest.fixture(autouse=True)
def drain_pool(qapp) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(30000)
    qapp.processEvents()


@pytest.fixture
def busy_world(world):
    make_visits(world, standard_visits())
    with db.session_scope(world.engine) as s:
        users.create_first_manager(s, "anna", "manager-pass")
        users.create_user(s, "anna", "binh", "cashier-pass", "cashier")
        users.create_user(s, "anna", "chi", "gatestaff-pass", "gate_staff")
    return world


@pytest.fixture
def runner(qapp) -> Runner:
    return Runner()


@pytest.fixture
def backend_for(busy_world) -> Callable[..., AdminBackend]:
    def make(role: str = "manager", **kw: object) -> AdminBackend:
        name = {"manager": "anna", "cashier": "binh", "gate_staff": "chi"}[role]
        kw.setdefault("clock", lambda: NOW)
        return AdminBackend(busy_world.engine, users.Principal(name, role), lang="en", **kw)  # type: ignore[arg-type]

    return make


def snap(widget: QWidget, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    for _ in range(3):  # let QtCharts finish its deferred layout before the picture is taken
        QApplication.processEvents()
    assert widget.grab().save(str(path))
    return path
