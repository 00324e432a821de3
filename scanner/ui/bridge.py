"""Scanner UI layer: ``GateBridge``, the thin QObject around the Qt-free :class:`scanner.gate.GateController`.

All controller work (decoding frames, redeeming typed codes, reading the status from the database) runs
on worker threads: frames on a ``QThread`` (:class:`FrameWorker`), one-off jobs on the ``QThreadPool``.
The controller reports through plain callbacks; the bridge re-emits them as signals, which Qt delivers
on the GUI thread (queued connections). Widgets never touch the controller or the database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal
from PySide6.QtGui import QImage

from scanner.gate import GateController, GateResult, GateStatus
from shared.errors import CitadelError

PREVIEW_WIDTH = 640


def to_qimage(frame: Any) -> QImage:
    """A BGR/gray numpy frame as a QImage (copied, downscaled for the preview)."""
    img = np.ascontiguousarray(frame)
    if img.shape[1] > PREVIEW_WIDTH:
        step = max(1, img.shape[1] // PREVIEW_WIDTH)
        img = np.ascontiguousarray(img[::step, ::step])
    h, w = img.shape[:2]
    if img.ndim == 2:
        return QImage(img.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QImage(img.data, w, h, 3 * w, QImage.Format.Format_BGR888).copy()


class _Job(QRunnable):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self.work = work

    def run(self) -> None:
        self.work()


class FrameWorker(QThread):
    """Pulls items from a :mod:`scanner.sources` source and hands them to the controller, off the GUI
    thread. Emits a downscaled preview now and then."""

    preview = Signal(QImage)
    failed = Signal(str, str)  # error code, message

    def __init__(self, bridge: GateBridge, source: Any, preview_every: int = 2) -> None:
        super().__init__()
        self.bridge = bridge
        self.source = source
        self.preview_every = preview_every

    def run(self) -> None:
        from scanner.sources import Frame

        try:
            for n, item in enumerate(self.source):
                self.bridge.mark_worker()
                if isinstance(item, Frame) and n % self.preview_every == 0:
                    self.preview.emit(to_qimage(item.image))
                try:
                    self.bridge.controller.handle_item(item)
                except CitadelError as exc:
                    self.failed.emit(exc.code, exc.message(self.bridge.language))
        except CitadelError as exc:
            self.failed.emit(exc.code, exc.message(self.bridge.language))

    def stop(self) -> None:
        self.source.close()
        self.wait(5000)


class GateBridge(QObject):
    """Signals: ``result(GateResult)``, ``status(GateStatus)``, ``failed(code, message)``,
    ``mode_changed(direction)``, ``pin_refused(message)``."""

    result = Signal(object)
    status = Signal(object)
    failed = Signal(str, str)
    mode_changed = Signal(str)
    pin_refused = Signal(str)

    def __init__(self, controller: GateController, language: str = "vi") -> None:
        super().__init__()
        self.controller = controller
        self.language = language
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.worker_threads: set[int] = set()
        self.frame_worker: FrameWorker | None = None
        self._status_busy = threading.Lock()
        controller.on_result = self._on_result
        controller.on_status = self.refresh_status

    # controller callbacks (any thread) -> signals
    def _on_result(self, result: GateResult) -> None:
        self.result.emit(result)
        self.refresh_status()

    def mark_worker(self) -> None:
        self.worker_threads.add(threading.get_ident())

    def _run(self, work: Callable[[], None]) -> None:
        def job() -> None:
            self.mark_worker()
            work()

        self.pool.start(_Job(job))

    # actions from the window
    def submit_text(self, untrusted_text: str) -> None:
        """A code typed by staff: redeemed on a worker thread."""

        def work() -> None:
            try:
                self.controller.submit(untrusted_text, source="manual")
            except CitadelError as exc:
                self.failed.emit(exc.code, exc.message(self.language))

        self._run(work)

    def set_direction(self, direction: str, untrusted_pin: str) -> None:
        def work() -> None:
            try:
                self.controller.set_direction(direction, untrusted_pin)
            except CitadelError as exc:
                self.pin_refused.emit(exc.message(self.language))
                return
            self.mode_changed.emit(direction)

        self._run(work)

    def refresh_status(self) -> None:
        """Probe central and read connectivity, queue and today's counts, off the GUI thread."""
        if not self._status_busy.acquire(blocking=False):
            return

        def work() -> None:
            try:
                self.controller.probe_central()
                status: GateStatus = self.controller.status()
                self.status.emit(status)
            finally:
                self._status_busy.release()

        self._run(work)

    def start_source(self, source: Any) -> FrameWorker:
        worker = FrameWorker(self, source)
        worker.failed.connect(self.failed)
        self.frame_worker = worker
        worker.start()
        return worker

    def shutdown(self) -> None:
        if self.frame_worker is not None:
            self.frame_worker.stop()
            self.frame_worker = None
        self.pool.waitForDone(10000)
