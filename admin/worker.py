"""Admin app layer (Qt): run core calls off the GUI thread and bring results back as signals.

A :class:`Task` runs one plain function on the global ``QThreadPool``. The function never touches a
widget; its result (or its exception) and its ``progress(done, total)`` callbacks come back through Qt
signals, which Qt delivers on the GUI thread (queued connection across threads).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.with_progress = with_progress
        self.signals = TaskSignals()
        self.setAutoDelete(False)  # the Runner keeps it until its signals are delivered

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.fn(*self.args, progress=self.signals.progress.emit)
            else:
                result = self.fn(*self.args)
        except Exception as exc:  # every failure goes back to the screen to be shown
            self.signals.failed.emit(exc)
            return
        self.signals.done.emit(result)


class Runner(QObject):
    """Starts tasks and keeps them alive until they report back."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[Task] = set()
        self.pool = QThreadPool.globalInstance()

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Task:
        task = Task(fn, *args, with_progress=on_progress is not None)
        self._tasks.add(task)

        def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def handler(value: Any) -> None:
                self._tasks.discard(task)
                callback(value)

            return handler

        task.signals.done.connect(finish(on_done))
        task.signals.failed.connect(finish(on_error))
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        self.pool.start(task)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._tasks)
