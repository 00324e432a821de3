"""Qt kiosk layer: the thin QObject wrapper around the Qt-free :class:`kiosk.flow.KioskFlow`.

It re-emits the flow's ``on_change`` callback as the ``changed`` signal (queued to the GUI thread when
the flow changes on a worker), ticks the idle rule from a QTimer, and runs blocking work (starting and
waiting for a payment, printing, maintenance jobs) on the global QThreadPool, never on the GUI thread.
Widgets never touch the database, the provider or the printer themselves: they call the bridge.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from kiosk.flow import KioskFlow, Step, View
from shared.errors import CitadelError

log = logging.getLogger(__name__)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Callable[[Any], None], fail: Callable[[Exception], None]):
        super().__init__()
        self.fn, self.done, self.fail = fn, done, fail

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the GUI as a signal, never a traceback on screen
            log.exception("kiosk worker failed")
            self.fail(exc)
            return
        self.done(result)


class FlowBridge(QObject):
    changed = Signal(object)  # View
    failed = Signal(str, str)  # code, translated message
    job_done = Signal(str, object)  # job name, result

    def __init__(
        self,
        flow: KioskFlow,
        *,
        tick_ms: int = 250,
        poll_interval_s: float = 0.25,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.flow = flow
        self.poll_interval_s = poll_interval_s
        self.pool = QThreadPool.globalInstance()
        self._wake = threading.Event()
        self._busy = threading.Lock()
        self._ticking = threading.Event()
        flow.on_change = self.changed.emit
        self.changed.connect(self._on_change)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)

    @property
    def view(self) -> View:
        return self.flow.view

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.wake()

    def wake(self) -> None:
        """Poll the payment now (the demo reader's buttons were pressed, a webhook arrived)."""
        self._wake.set()

    def sleep_until_woken(self, seconds: float) -> None:
        """A poll loop's sleep that :meth:`wake` cuts short (worker threads only)."""
        self._wake.wait(seconds)
        self._wake.clear()

    def run(self, name: str, fn: Callable[[], Any]) -> None:
        def fail(exc: Exception) -> None:
            if isinstance(exc, CitadelError):
                self.failed.emit(exc.code, exc.message(self.flow.view.language))
            else:
                self.failed.emit("error", str(exc))

        self.pool.start(_Task(fn, lambda result: self.job_done.emit(name, result), fail))

    def _payment_pending(self) -> bool:
        return self.flow.payment_handle is not None

    def _off_gui(self, name: str, fn: Callable[[], Any]) -> None:
        """Run ``fn`` on a worker when it may call a payment provider over the network, else here."""
        if self._payment_pending():
            self.run(name, fn)
            self.wake()
        else:
            fn()

    # -- the long steps -----------------------------------------------------------------------------
    def tick(self) -> None:
        """The idle rule. With a payment pending, a timeout cancels it at the provider: on a worker."""
        if not self._payment_pending():
            self.flow.tick()
            return
        if self._ticking.is_set():
            return

        def work() -> None:
            try:
                self.flow.tick()
            finally:
                self._ticking.clear()

        self._ticking.set()
        self.run("tick", work)

    def pay(self, method: str) -> None:
        def work() -> object:
            with self._busy:  # one payment at a time
                self.flow.pay(method)
                self.flow.await_payment(self.poll_interval_s, self.sleep_until_woken)
            return None

        self.run("pay", work)

    def _on_change(self, view: View) -> None:
        # Printing starts wherever the payment succeeded (the pay worker, a late success found by a
        # timeout): print jobs queued by later progress updates find the step moved on, or the lock held.
        if view.step == Step.PRINTING:
            self.run("print", self.flow.print_tickets)  # the flow lets only one of these print

    def cancel(self) -> None:
        self._off_gui("cancel", self.flow.cancel)

    def back(self) -> None:
        self._off_gui("back", self.flow.back)
