"""Scanner UI layer: ``run_window``, what ``citadel-gate`` runs without ``--headless``: builds the
controller from configuration (``scanner.app``), wraps it in the bridge, opens the source on a worker
thread and shows the window fullscreen. ``open_window`` does all that except running the event loop."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from scanner.app import GateOptions, build_controller, settings_for, start_housekeeping
from scanner.gate import GateController
from shared.errors import CitadelError

from .bridge import GateBridge
from .gate_window import GateWindow
from .translations import install_translator, remove_translator


@dataclass
class GateSession:
    """A shown gate window and what it needs torn down when it closes."""

    window: GateWindow
    controller: GateController
    stop: threading.Event
    translator: QTranslator | None = None

    def close(self) -> None:
        self.window.close()  # stops the frame worker and drains the pool before the controller goes
        self.stop.set()
        self.controller.close()
        self.controller.engine.dispose()
        remove_translator(self.translator)


def open_window(opts: GateOptions) -> GateSession:
    """Build and show the gate window (raises CitadelError when the gate cannot start)."""
    settings = settings_for(opts)
    translator = install_translator(settings.language)
    try:
        controller = build_controller(settings, opts)
    except CitadelError:
        remove_translator(translator)
        raise
    stop = threading.Event()
    start_housekeeping(controller, stop)
    bridge = GateBridge(controller, settings.language)
    window = GateWindow(bridge, settings.site, settings.gate)
    if opts.source:
        from scanner.sources import open_source

        try:
            worker = bridge.start_source(open_source(opts.source))
            window.attach_preview(worker)
        except CitadelError as exc:
            window.show_failure(exc.code, exc.message(settings.language))
    if opts.fullscreen:
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()
    return GateSession(window, controller, stop, translator)


def run_window(opts: GateOptions) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    try:
        session = open_window(opts)
    except CitadelError as exc:
        QMessageBox.critical(None, "Citadel", f"{exc.message('vi')}\n{exc.message('en')}")
        return 2
    code = int(app.exec())
    session.close()
    return code
