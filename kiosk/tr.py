"""Qt kiosk layer: translation helpers over Qt Linguist.

Screen texts are written in English inside ``t("...")`` (visitor-facing, context ``kiosk``) or
``ts("...")`` (staff-facing, context ``staff``). The translations live in ``kiosk/i18n/kiosk_<lang>.ts``
(Qt Linguist sources) and are compiled to ``.qm`` with ``pyside6-lrelease`` (the bootstrap does this; the
repository also ships the compiled files). :func:`install_language` swaps the active translator.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

I18N_DIR = Path(__file__).with_name("i18n")
_active: dict[str, QTranslator] = {}


def t(text: str) -> str:
    """A visitor-facing text (complete in vi, en, ko, zh, ja and fr)."""
    return QCoreApplication.translate("kiosk", text)


def ts(text: str) -> str:
    """A staff-facing text (complete in vi and en)."""
    return QCoreApplication.translate("staff", text)


def qm_path(lang: str) -> Path:
    return I18N_DIR / f"kiosk_{lang}.qm"


def compile_catalogues(out_dir: Path = I18N_DIR) -> list[Path]:
    """Compile every ``.ts`` to ``.qm`` with pyside6-lrelease (used by the bootstrap and the tests)."""
    tool = shutil.which("pyside6-lrelease") or str(
        Path(__import__("sys").executable).with_name("pyside6-lrelease")
    )
    out = []
    for source in sorted(I18N_DIR.glob("kiosk_*.ts")):
        target = out_dir / source.with_suffix(".qm").name
        subprocess.run([tool, str(source), "-qm", str(target)], check=True, capture_output=True)
        out.append(target)
    return out


def install_language(lang: str) -> bool:
    """Make ``lang`` the language of every ``t()``/``ts()`` call from now on."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in _active.values():
        app.removeTranslator(old)
    _active.clear()
    translator = QTranslator(app)
    path = qm_path(lang)
    if not path.exists() or not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _active[lang] = translator
    return True
