"""Admin app layer (Qt): the entry point ``citadel-admin``. The one place that picks implementations
from configuration: database, payment providers (for refunds), printers (for reprints), the city sink.

Run: ``citadel-admin [--lang vi|en]`` (settings from ``CITADEL_CONFIG`` and ``CITADEL_*``).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import SQLAlchemyError

from admin.backend import AdminBackend, Auth
from admin.main_window import MainWindow
from admin.screens.login import LoginScreen
from admin.worker import Runner
from shared import db
from shared.config import Settings, load_settings
from shared.errors import CitadelError, startup_error
from shared.users import Principal

log = logging.getLogger(__name__)

I18N = Path(__file__).with_name("i18n")


def install_translator(app: QApplication, lang: str) -> QTranslator | None:
    translator = QTranslator(app)
    if translator.load(str(I18N / f"admin_{lang}.qm")):
        app.installTranslator(translator)
        return translator
    return None


class ProviderCache:
    """Payment providers by name, made once (a provider may keep in-process state, e.g. the demo)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._made: dict[str, Any] = {}

    def __call__(self, name: str) -> Any:
        if name not in self._made:
            from shared.payments import load_provider

            self._made[name] = load_provider(
                name,
                self.settings.payment.get(name, {}),
                demo_mode=self.settings.demo_mode,
                counter_mode=True,
            )
        return self._made[name]


def open_printer_uri(uri: str) -> Any:
    from printer import open_printer

    return open_printer(uri)


class AdminController(QObject):
    """Login -> main window -> (sign out) -> login."""

    def __init__(self, settings: Settings, lang: str) -> None:
        super().__init__()
        self.settings = settings
        self.lang = lang
        url = settings.resolved_database_url
        if url.startswith("sqlite"):
            db.upgrade(url)  # the all-in-one machine owns its file; on PostgreSQL the lead's migration runs
        self.engine = db.make_engine(url)
        self.runner = Runner(self)
        self.auth = Auth(self.engine)
        self.providers = ProviderCache(settings)
        self.login: LoginScreen | None = None
        self.window: MainWindow | None = None

    def start(self) -> None:
        self.login = LoginScreen(self.auth, self.runner, self.lang, first_run=self.auth.needs_first_manager())
        self.login.logged_in.connect(self._signed_in)
        self.login.resize(420, 320)
        self.login.show()

    def _signed_in(self, who: Principal) -> None:
        backend = AdminBackend(
            self.engine,
            who,
            lang=self.lang,
            tz=self.settings.timezone,
            currency=self.settings.currency,
            city_config=dict(self.settings.city),
            providers=self.providers,
            printers=open_printer_uri,
        )
        printers = [self.settings.printer_uri] if self.settings.printer_uri else []
        self.window = MainWindow(backend, self.runner, printers)
        self.window.logged_out.connect(self.start)
        if self.login is not None:
            self.login.close()
        self.window.show()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="citadel-admin", description="Citadel admin desktop app")
    parser.add_argument("--lang", choices=["vi", "en"], default=None)
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    settings = load_settings()
    lang = args.lang or (settings.language if settings.language in ("vi", "en") else "en")
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    assert isinstance(app, QApplication)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English))
    install_translator(app, lang)
    controller = open_controller(settings, lang)
    if isinstance(controller, CitadelError):
        QMessageBox.critical(None, "Citadel", f"[{controller.code}] {controller.message(lang)}")
        return 2
    return int(app.exec())


def open_controller(settings: Settings, lang: str) -> AdminController | CitadelError:
    """The started controller, or the coded error to show when the database cannot be opened (no
    traceback on the screen; the details go to the log)."""
    try:
        controller = AdminController(settings, lang)
        controller.start()
    except (CitadelError, SQLAlchemyError, OSError) as exc:
        log.debug("citadel-admin start-up failed", exc_info=True)  # the traceback only in a debug log
        err = startup_error(exc)
        log.warning("citadel-admin cannot start: [%s] %s", err.code, err.message("en"))
        return err
    return controller


if __name__ == "__main__":
    raise SystemExit(main())
