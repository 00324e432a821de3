"""Qt kiosk layer: the optional, one-tap country of residence (tourism statistics), with Skip."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from kiosk import countries
from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, label
from kiosk.tr import t


class CountryScreen(Screen):
    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.prompt = label("", "subtitle")
        self.body.addWidget(self.prompt)
        self.why = label("", "muted")
        self.body.addWidget(self.why)
        self.grid = QGridLayout()
        self.grid.setSpacing(14)
        self.buttons = {}
        for i, code in enumerate(countries.CHOICES):
            b = button(code, f"country_{code}")
            b.clicked.connect(lambda _=False, c=code: bridge.flow.choose_country(c))
            self.grid.addWidget(b, i // 3, i % 3)
            self.buttons[code] = b
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.skip = button("", "skip", primary=True)
        self.skip.clicked.connect(lambda: bridge.flow.choose_country(None))
        self.body.addWidget(self.skip)

    def show_view(self, view: View) -> None:
        self.title.setText(t("Where do you live?"))
        self.prompt.setText(t("Tap your country of residence, or skip."))
        self.why.setText(t("Optional. It only counts visitors for the tourism statistics."))
        for code, b in self.buttons.items():
            b.setText(countries.name(code, view.language))
        self.skip.setText(t("Skip") + " →")
