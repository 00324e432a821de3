"""Every coded error the product raises has a message in Vietnamese and English, so staff and visitors
never see a bare message id such as ``error.bad_price``."""

from __future__ import annotations

import re
from pathlib import Path

import kiosk  # noqa: F401 - each package registers its message catalogue on import
import printer  # noqa: F401
import scanner.gate
import scanner.sources  # noqa: F401
import shared.payments
import shared.sync.devices
import shared.users  # noqa: F401
from shared.i18n import tr

REPO = Path(__file__).resolve().parents[1]
RAISED = re.compile(r'CitadelError\(\s*"([a-z0-9_]+)"')


def raised_codes() -> dict[str, str]:
    found: dict[str, str] = {}
    for package in ("admin", "kiosk", "printer", "scanner", "shared", "citadel_demo"):
        for path in sorted((REPO / package).rglob("*.py")):
            for code in RAISED.findall(path.read_text(encoding="utf-8")):
                found.setdefault(code, str(path.relative_to(REPO)))
    return found


def test_every_raised_error_code_is_translated() -> None:
    codes = raised_codes()
    assert len(codes) > 50  # the scan found the product's errors, not nothing
    untranslated = {
        code: where
        for code, where in codes.items()
        for lang in ("vi", "en")
        if tr(f"error.{code}", lang) == f"error.{code}"
    }
    assert not untranslated, untranslated
