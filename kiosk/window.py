"""Qt kiosk layer: the kiosk window: one stacked page per flow step, the idle overlay, the hidden
maintenance gesture (five taps in the top-left corner within four seconds) and the PIN pad.
It swaps the Qt translator and the QSS theme when the view's language or accessibility toggles change."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.bridge import FlowBridge
from kiosk.flow import Step, View
from kiosk.screens.attract import AttractScreen
from kiosk.screens.base import Screen
from kiosk.screens.country import CountryScreen
from kiosk.screens.done import DoneScreen
from kiosk.screens.idle_overlay import IdleOverlay
from kiosk.screens.language import LanguageScreen
from kiosk.screens.maintenance import MaintenanceScreen
from kiosk.screens.out_of_service import OutOfServiceScreen
from kiosk.screens.payment import PaymentScreen
from kiosk.screens.pin_pad import PinPad
from kiosk.screens.printing import PrintingScreen
from kiosk.screens.product import ProductScreen
from kiosk.screens.quantities import QuantitiesScreen
from kiosk.screens.review import ReviewScreen
from kiosk.screens.slot import SlotScreen
from kiosk.theme import stylesheet
from kiosk.tr import install_language

CORNER_PX = 120
GESTURE_TAPS = 5
GESTURE_WINDOW_S = 4.0


class KioskWindow(QWidget):
    def __init__(self, bridge: FlowBridge, *, on_exit: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Citadel")
        self.bridge = bridge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        classes: dict[Step, type[Screen]] = {
            Step.ATTRACT: AttractScreen,
            Step.LANGUAGE: LanguageScreen,
            Step.PRODUCT: ProductScreen,
            Step.SLOT: SlotScreen,
            Step.QUANTITIES: QuantitiesScreen,
            Step.COUNTRY: CountryScreen,
            Step.REVIEW: ReviewScreen,
            Step.PAYMENT: PaymentScreen,
            Step.PRINTING: PrintingScreen,
            Step.DONE: DoneScreen,
            Step.OUT_OF_SERVICE: OutOfServiceScreen,
        }
        self.screens: dict[Step, Screen] = {step: cls(bridge) for step, cls in classes.items()}
        self.screens[Step.MAINTENANCE] = MaintenanceScreen(bridge, on_exit=on_exit or self._exit)
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        self.pin_pad = PinPad(bridge, on_close=self._close_pin)
        self.stack.addWidget(self.pin_pad)
        self.overlay = IdleOverlay(bridge, self)
        self._taps: list[float] = []
        self._last_press: tuple[int, int, int] | None = None
        self._language: str | None = None
        self._theme: tuple[bool, bool] | None = None
        self._pin_open = False
        bridge.changed.connect(self.refresh)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.refresh(bridge.view)

    @property
    def current(self) -> QWidget:
        return self.stack.currentWidget()

    def refresh(self, view: View | None = None) -> None:
        view = view or self.bridge.view
        if view.language != self._language:
            self._language = view.language
            install_language(view.language)
        theme = (view.high_contrast, view.large_text)
        if theme != self._theme:
            self._theme = theme
            self.setStyleSheet(stylesheet(high_contrast=view.high_contrast, large_text=view.large_text))
            # Sizes cached from the old font would clip text: make every layout ask again.
            for widget in self.findChildren(QWidget):
                widget.updateGeometry()
        if self._pin_open and view.step != Step.MAINTENANCE:
            self.pin_pad.retranslate()
            self.stack.setCurrentWidget(self.pin_pad)
        else:
            self._pin_open = False
            screen = self.screens[view.step]
            screen.refresh(view)
            self.stack.setCurrentWidget(screen)
        self.overlay.refresh(view)

    def _exit(self) -> None:
        self.close()

    def open_pin_pad(self) -> None:
        self._pin_open = True
        self.pin_pad.reset()
        self.refresh()

    def _close_pin(self) -> None:
        self._pin_open = False
        self.refresh()

    def resizeEvent(self, event: object) -> None:
        self.overlay.setGeometry(self.rect())
        super().resizeEvent(event)  # type: ignore[arg-type]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin) and isinstance(
            watched, QWidget
        ):
            if watched.window() is self:
                self.bridge.flow.touch()
                pos = getattr(event, "globalPosition", None)
                if pos is not None:
                    point = pos().toPoint()
                    # An unaccepted press reaches the parents too: count one tap once.
                    key = (point.x(), point.y(), int(event.timestamp()))  # type: ignore[attr-defined]
                    if key != self._last_press:
                        self._last_press = key
                        self._corner_tap(self.mapFromGlobal(point))
        return False

    def _corner_tap(self, local: QPoint) -> None:
        if local.x() > CORNER_PX or local.y() > CORNER_PX or local.x() < 0 or local.y() < 0:
            self._taps.clear()
            return
        now = time.monotonic()
        self._taps = [x for x in self._taps if now - x < GESTURE_WINDOW_S] + [now]
        if len(self._taps) >= GESTURE_TAPS:
            self._taps.clear()
            self.open_pin_pad()
