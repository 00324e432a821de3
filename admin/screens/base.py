"""Admin app layer (Qt): what every screen shares: the backend, the worker, an inline message line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QTableWidget, QTableWidgetItem, QWidget

from admin.backend import AdminBackend
from admin.worker import Runner
from shared.errors import CitadelError


class Screen(QWidget):
    """Base of the admin screens. ``loaded`` fires after data is on screen; ``failed`` after an error."""

    loaded = Signal()
    failed = Signal(str)
    acted = Signal(str)  # a privileged action finished (its name)
    permission = "dashboard.view"

    def __init__(self, backend: AdminBackend, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.runner = runner
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self._newest: dict[str, int] = {}  # per kind of request, the number of the latest one sent

    def title(self) -> str:
        return self.windowTitle()

    def refresh(self) -> None:
        """Load the screen's data (off the GUI thread)."""

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        then: Callable[[Any], None],
        progress: Callable[[int, int], None] | None = None,
        latest: str | None = None,
    ) -> None:
        """Run ``fn(*args)`` off the GUI thread and hand its result to ``then`` on it. With ``latest``
        (a kind of request, e.g. ``"detail"``), only the newest request of that kind is answered: workers
        may finish out of order, and an older answer arriving last must not replace a newer one (the
        manager who opened order A, then B, sees B)."""
        number = self._newest.get(latest, 0) + 1 if latest is not None else 0
        if latest is not None:
            self._newest[latest] = number

        # The screen may be gone (window closed) before the worker answers: drop the answer then.
        def alive(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def call(value: Any) -> None:
                if not shiboken6.isValid(self):
                    return
                if latest is not None and self._newest.get(latest) != number:
                    return  # superseded by a newer request of the same kind
                callback(value)

            return call

        self.runner.start(
            fn,
            *args,
            on_done=alive(then),
            on_error=alive(self.show_error),
            on_progress=self._guarded(progress) if progress else None,
        )

    def _guarded(self, progress: Callable[[int, int], None]) -> Callable[[int, int], None]:
        """``progress`` called only while this screen still exists (a worker may outlive it)."""

        def relay(done: int, total: int) -> None:
            if shiboken6.isValid(self):
                progress(done, total)

        return relay

    def show_error(self, exc: Exception) -> None:
        if isinstance(exc, CitadelError):
            text = exc.message(self.backend.lang)
        else:
            text = self.tr("Unexpected error: %1").replace("%1", type(exc).__name__)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
        self.failed.emit(exc.code if isinstance(exc, CitadelError) else type(exc).__name__)

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(text)

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Please confirm"), text)
        return answer == QMessageBox.StandardButton.Yes

    def allow(self, *widgets: QWidget, action: str) -> None:
        """Disable controls the role may not use (the backend refuses them anyway, with an audit)."""
        ok = self.backend.can(action)
        for w in widgets:
            w.setEnabled(ok)
            if not ok:
                w.setToolTip(self.tr("Your role may not do this"))


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """``widget`` with its object name set (tests and style sheets find widgets by name). Qt accepts
    ``objectName=`` as a constructor keyword, but its type stubs do not, so strict mypy could not check
    the screens."""
    widget.setObjectName(name)
    return widget


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a cell that :func:`fill_table` filled (it fills every cell)."""
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item


def py_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def fill_table(table: QTableWidget, headers: list[str], rows: list[list[Any]]) -> None:
    table.setSortingEnabled(False)
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            item = QTableWidgetItem()
            if isinstance(value, int) and not isinstance(value, bool):
                item.setText(f"{value:,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            else:
                item.setText("" if value is None else str(value))
            table.setItem(i, j, item)
    table.resizeColumnsToContents()


def local(at: datetime | None, tz: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC time as the sites' local time (the staff's clock), not the machine's zone."""
    return at.astimezone(ZoneInfo(tz)).strftime(fmt) if at is not None else ""


def money(amount: int, currency: str) -> str:
    return f"{amount:,} {currency}"


def count_axis(top: int) -> Any:
    """A value axis for head counts: whole-number ticks only."""
    from PySide6.QtCharts import QValueAxis

    axis = QValueAxis()
    axis.setLabelFormat("%d")
    top = max(1, top)
    if top <= 10:
        axis.setRange(0, top)
        axis.setTickCount(top + 1)
    else:
        axis.setRange(0, top)
        axis.applyNiceNumbers()
    return axis
