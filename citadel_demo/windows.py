"""``citadel demo`` on a machine with a display: the kiosk, a gate and admin side by side on one SQLite
file. The gate's virtual camera watches the folder the virtual printer writes to, so the tickets the
kiosk prints are held up to the gate, and the admin dashboard counts them."""

from __future__ import annotations

import shutil
from pathlib import Path

DEMO_MANAGER = ("demo", "citadel-demo")  # printed on start; demo data only


def run_windows(out: Path, *, quit_after_s: float | None = None, screenshots: Path | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from admin.app import AdminController
    from kiosk.app import build, make_window
    from kiosk.config import KioskOptions
    from scanner.app import GateOptions
    from scanner.ui.run import open_window
    from shared import db, users
    from shared.config import Settings

    if out.exists():
        shutil.rmtree(out)
    printed = out / "printer"
    printed.mkdir(parents=True)
    settings = Settings(
        data_dir=out / "data",
        demo_mode=True,
        device_id="kiosk-1",
        site="imperial-city",
        printer_uri=f"virtual://{printed}",
        payment_providers=["demo"],
        language="vi",
        staff_pin="2468",
    )
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    kiosk = build(settings, KioskOptions(fullscreen=False))
    _bridge, kiosk_window = make_window(kiosk)
    kiosk.flow.start()
    with db.session_scope(kiosk.service.engine) as s:
        if users.needs_first_manager(s):
            users.create_first_manager(s, *DEMO_MANAGER)
    gate = open_window(
        GateOptions(
            source=f"virtual:{printed}",
            site="imperial-city",
            gate="gate-1",
            database=settings.resolved_database_url,
            fullscreen=False,
            language="vi",
        )
    )
    from admin.app import install_translator

    install_translator(app, "vi")
    admin = AdminController(settings, "vi")
    admin.start()
    screen = app.primaryScreen().availableGeometry()
    # Side by side, left to right: kiosk (portrait), gate, admin; each at least its minimum width.
    x = screen.x()
    for window, share in ((kiosk_window, 0.3), (gate.window, 0.36)):
        width = max(int(screen.width() * share), window.minimumSizeHint().width())
        window.setGeometry(x, screen.y(), width, screen.height())
        window.show()
        x += width
    if admin.login is not None:
        admin.login.move(x, screen.y())
    print(
        f"Citadel demo: data in {out}. Admin login: {DEMO_MANAGER[0]} / {DEMO_MANAGER[1]}. "
        "Maintenance PIN 2468."
    )
    if quit_after_s is not None:

        def finish() -> None:
            if screenshots is not None:
                screenshots.mkdir(parents=True, exist_ok=True)
                kiosk_window.grab().save(str(screenshots / "demo-kiosk.png"))
                gate.window.grab().save(str(screenshots / "demo-gate.png"))
                app.primaryScreen().grabWindow(0).save(str(screenshots / "demo-screen.png"))
            app.quit()

        QTimer.singleShot(int(quit_after_s * 1000), finish)
    code = int(app.exec())
    gate.close()
    return code
