"""Admin app layer (Qt): the main window. A navigation list on the left and one screen at a time on the
right; only the screens the signed-in role may view are listed. Screens refresh when shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from admin.backend import AdminBackend
from admin.screens.audit import AuditScreen
from admin.screens.base import Screen, named
from admin.screens.catalogue import CatalogueScreen
from admin.screens.city import CityScreen
from admin.screens.dashboard import DashboardScreen
from admin.screens.devices import DevicesScreen
from admin.screens.map import MapScreen
from admin.screens.orders import OrdersScreen
from admin.screens.reports import ReportsScreen
from admin.screens.users import UsersScreen
from admin.worker import Runner


class MainWindow(QMainWindow):
    logged_out = Signal()

    def __init__(self, backend: AdminBackend, runner: Runner, printers: list[str] | None = None) -> None:
        super().__init__()
        self.setObjectName("main")
        self.backend = backend
        self.runner = runner
        self.setWindowTitle(self.tr("Citadel admin"))
        candidates: list[Screen] = [
            DashboardScreen(backend, runner),
            MapScreen(backend, runner),
            OrdersScreen(backend, runner, printers),
            ReportsScreen(backend, runner),
            CityScreen(backend, runner),
            CatalogueScreen(backend, runner),
            DevicesScreen(backend, runner),
            UsersScreen(backend, runner),
            AuditScreen(backend, runner),
        ]
        self.screens: dict[str, Screen] = {}
        self.nav = named(QListWidget(), "nav")
        self.nav.setFixedWidth(180)
        self.stack = QStackedWidget()
        for screen in candidates:
            if not backend.can(screen.permission):
                screen.deleteLater()
                continue
            self.screens[screen.objectName()] = screen
            self.nav.addItem(screen.windowTitle())
            self.stack.addWidget(screen)
        roles = {
            "manager": self.tr("Manager"),
            "cashier": self.tr("Cashier"),
            "gate_staff": self.tr("Gate staff"),
        }
        role = roles.get(backend.who.role, backend.who.role)
        who = QLabel(self.tr("Signed in: %1 (%2)").replace("%1", backend.who.username).replace("%2", role))
        who.setObjectName("who")
        logout = named(QPushButton(self.tr("Sign out")), "logout")
        logout.clicked.connect(self.logout)
        side = QVBoxLayout()
        side.addWidget(self.nav, 1)
        side.addWidget(who)
        side.addWidget(logout)
        body = QWidget()
        row = QHBoxLayout(body)
        row.addLayout(side)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.nav.currentRowChanged.connect(self._show)
        self.resize(1280, 800)
        if self.screens:
            self.nav.setCurrentRow(0)

    def show_screen(self, name: str) -> Screen:
        screen = self.screens[name]
        self.nav.setCurrentRow(self.stack.indexOf(screen))
        return screen

    def _show(self, index: int) -> None:
        for screen in self.screens.values():
            timer = getattr(screen, "timer", None)
            if timer is not None:
                timer.stop()
        self.stack.setCurrentIndex(index)
        current = self.stack.currentWidget()
        if isinstance(current, Screen) and self.isVisible():
            current.refresh()
            timer = getattr(current, "timer", None)
            if timer is not None:
                timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show(self.stack.currentIndex())

    def stop(self) -> None:
        for screen in self.screens.values():
            timer = getattr(screen, "timer", None)
            if timer is not None:
                timer.stop()

    def logout(self) -> None:
        self.stop()
        self.logged_out.emit()
        self.close()
