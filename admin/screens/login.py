"""Admin app layer (Qt): the login screen, which on the first run asks for the first manager instead."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from admin.backend import Auth
from admin.screens.base import named
from admin.worker import Runner
from shared.errors import CitadelError
from shared.users import Principal


class LoginScreen(QWidget):
    logged_in = Signal(object)  # Principal
    failed = Signal(str)

    def __init__(self, auth: Auth, runner: Runner, lang: str = "vi", first_run: bool = False) -> None:
        super().__init__()
        self.auth, self.runner, self.lang, self.first_run = auth, runner, lang, first_run
        self.setObjectName("login")
        self.setWindowTitle(self.tr("Citadel admin: sign in"))
        self.heading = QLabel(
            self.tr("First run: create the first manager") if first_run else self.tr("Sign in")
        )
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.username = named(QLineEdit(), "username")
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_password = named(QLineEdit(), "confirm")
        self.confirm_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton(self.tr("Create manager") if first_run else self.tr("Sign in"))
        self.button.setObjectName("submit")
        self.button.setDefault(True)
        self.error = named(QLabel(), "error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        if first_run:
            form.addRow(self.tr("Repeat password"), self.confirm_password)
        else:
            self.confirm_password.hide()
        box = QVBoxLayout(self)
        box.addStretch()
        box.addWidget(self.heading, alignment=Qt.AlignmentFlag.AlignHCenter)
        box.addLayout(form)
        box.addWidget(self.button)
        box.addWidget(self.error)
        box.addStretch()
        self.button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)

    def submit(self) -> None:
        name, password = self.username.text(), self.password.text()
        if self.first_run and password != self.confirm_password.text():
            self.error.setText(self.tr("The passwords do not match"))
            self.failed.emit("mismatch")
            return
        self.button.setEnabled(False)
        self.error.setText("")
        fn = self.auth.create_first_manager if self.first_run else self.auth.login
        self.runner.start(fn, name, password, on_done=self._done, on_error=self._error)

    def _done(self, who: Principal) -> None:
        self.button.setEnabled(True)
        self.password.clear()
        self.confirm_password.clear()
        self.logged_in.emit(who)

    def _error(self, exc: Exception) -> None:
        self.button.setEnabled(True)
        self.password.clear()
        text = exc.message(self.lang) if isinstance(exc, CitadelError) else type(exc).__name__
        self.error.setText(text)
        self.failed.emit(exc.code if isinstance(exc, CitadelError) else "error")
