"""Admin app layer (Qt): users. Add a user with a role, change a role, disable or enable, reset a
password (which also lifts a lockout). Managers only; every change is audited by the core."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
)

from admin.backend import AdminBackend
from admin.screens.base import Screen, fill_table, local, named
from admin.worker import Runner
from shared.models import Role, User, utcnow


class UsersScreen(Screen):
    permission = "users.view"

    def __init__(self, backend: AdminBackend, runner: Runner) -> None:
        super().__init__(backend, runner)
        self.setObjectName("users")
        self.setWindowTitle(self.tr("Users"))
        self.rows: list[User] = []
        self.table = named(QTableWidget(), "table")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.role_names = {
            Role.MANAGER.value: self.tr("Manager"),
            Role.CASHIER.value: self.tr("Cashier"),
            Role.GATE_STAFF.value: self.tr("Gate staff"),
        }
        self.new_name = named(QLineEdit(), "new_name")
        self.new_name.setPlaceholderText(self.tr("User name"))
        self.new_password = named(QLineEdit(), "new_password")
        self.new_password.setPlaceholderText(self.tr("Password (8 characters or more)"))
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = named(QComboBox(), "role")
        for value, label in self.role_names.items():
            self.role.addItem(label, value)
        self.add_button = named(QPushButton(self.tr("Add user")), "add")
        self.set_role_button = named(QPushButton(self.tr("Give selected user this role")), "set_role")
        self.toggle_button = named(QPushButton(self.tr("Disable / enable")), "toggle")
        self.reset_button = named(QPushButton(self.tr("Set this password")), "reset")
        self.allow(
            self.add_button, self.set_role_button, self.toggle_button, self.reset_button, action="user.change"
        )
        form = QGroupBox(self.tr("Change"))
        row = QHBoxLayout(form)
        for w in (
            self.new_name,
            self.new_password,
            self.role,
            self.add_button,
            self.set_role_button,
            self.toggle_button,
            self.reset_button,
        ):
            row.addWidget(w)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addWidget(form)
        box.addWidget(self.message)
        self.add_button.clicked.connect(self.add)
        self.set_role_button.clicked.connect(self.set_role)
        self.toggle_button.clicked.connect(self.toggle)
        self.reset_button.clicked.connect(self.reset)

    def refresh(self) -> None:
        self.run(self.backend.users, then=self._show, latest="users")

    def _show(self, rows: list[User]) -> None:
        self.rows = rows
        now = utcnow()
        fill_table(
            self.table,
            [
                self.tr("User name"),
                self.tr("Role"),
                self.tr("Active"),
                self.tr("Failed attempts"),
                self.tr("Locked until"),
            ],
            [
                [
                    u.username,
                    self.role_names.get(u.role, u.role),
                    self.tr("yes") if u.active else self.tr("no"),
                    u.failed_attempts,
                    local(u.locked_until, self.backend.tz, "%H:%M")
                    if u.locked_until and u.locked_until > now
                    else "",
                ]
                for u in rows
            ],
        )
        self.loaded.emit()

    def _selected(self) -> User | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _done(self, name: str) -> None:
        self.new_password.clear()
        self.show_info(self.tr("Saved"))
        self.acted.emit(name)
        self.refresh()

    def add(self) -> None:
        self.run(
            self.backend.add_user,
            self.new_name.text(),
            self.new_password.text(),
            self.role.currentData(),
            then=lambda _: self._done("add"),
        )

    def set_role(self) -> None:
        user = self._selected()
        if user is None:
            self.show_info(self.tr("Select a user first"))
            return
        self.run(
            self.backend.set_role, user.username, self.role.currentData(), then=lambda _: self._done("role")
        )

    def toggle(self) -> None:
        user = self._selected()
        if user is None:
            self.show_info(self.tr("Select a user first"))
            return
        self.run(self.backend.set_active, user.username, not user.active, then=lambda _: self._done("toggle"))

    def reset(self) -> None:
        user = self._selected()
        if user is None:
            self.show_info(self.tr("Select a user first"))
            return
        self.run(
            self.backend.reset_password,
            user.username,
            self.new_password.text(),
            then=lambda _: self._done("password"),
        )
