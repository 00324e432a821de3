"""Qt kiosk layer: the attract loop: sites, prices and "touch to start" in every language."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout

from kiosk import fmt
from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, clear_layout, label
from kiosk.tr import t

# Each in its own language, so every visitor finds theirs without reading the others.
TOUCH_TO_START = (
    "Chạm để bắt đầu",
    "Touch to start",
    "화면을 눌러 시작하세요",
    "触摸屏幕开始",
    "タッチして開始",
    "Touchez pour commencer",
)
SHOWN_LANGUAGES = ("vi", "en", "ko", "zh", "ja", "fr")


class AttractScreen(Screen):
    show_back = False
    show_cancel = False

    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.headline = label("", "big", center=True)
        self.body.addWidget(self.headline)
        self.products = label("", "subtitle", center=True)
        self.body.addWidget(self.products)
        self.languages_line = label("", "muted", center=True)
        self.body.addWidget(self.languages_line)
        self.list_box = QVBoxLayout()
        self.body.addLayout(self.list_box)
        self.body.addStretch(1)
        self.start = button(TOUCH_TO_START[0], "start", primary=True)
        self.start.setMinimumHeight(140)
        self.start.clicked.connect(bridge.flow.begin)
        self.body.addWidget(self.start)
        self._rotation = 0
        self._timer = QTimer(self)
        self._timer.setInterval(2500)
        self._timer.timeout.connect(self._rotate)
        self._timer.start()
        self._key: object = None

    def _rotate(self) -> None:
        # The loop: the start button cycles through the six languages.
        self._rotation = (self._rotation + 1) % len(TOUCH_TO_START)
        self.start.setText(TOUCH_TO_START[self._rotation])

    def show_view(self, view: View) -> None:
        self.title.setText(t("Hue Monuments · Tickets"))
        self.headline.setText("Quần thể Di tích Cố đô Huế\nComplex of Huế Monuments")
        self.products.setText(t("Tickets for the Imperial City and the royal tombs"))
        self.languages_line.setText(" · ".join(TOUCH_TO_START))
        key = (view.language, view.catalogue)
        if key == self._key or view.catalogue is None:
            return
        self._key = key
        clear_layout(self.list_box)
        for product in [p for p in view.catalogue.products if p.kind == "combo"][:3]:
            price = fmt.money(product.prices.get("adult", 0), product.currency, view.language)
            self.list_box.addWidget(label(f"• {product.name(view.language)}  —  {price}", center=True))
