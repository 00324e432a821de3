"""Scanner UI layer: loading the gate window's Qt Linguist catalogue (``i18n/gate_<lang>.qm``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

I18N = Path(__file__).with_name("i18n")


def install_translator(lang: str) -> QTranslator | None:
    """Install the gate catalogue for ``lang`` on the running application; None when there is none
    (English source strings then show)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    translator = QTranslator(app)
    if not translator.load(str(I18N / f"gate_{lang}.qm")):
        return None
    app.installTranslator(translator)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    app = QCoreApplication.instance()
    if app is not None and translator is not None:
        app.removeTranslator(translator)
