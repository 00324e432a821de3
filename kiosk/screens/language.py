"""Qt kiosk layer: the language choice, each language shown by its native name."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, label
from kiosk.tr import t
from shared.i18n import LANGUAGES, NATIVE_NAMES


class LanguageScreen(Screen):
    show_back = False

    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.prompt = label("", "subtitle", center=True)
        self.body.addWidget(self.prompt)
        grid = QGridLayout()
        grid.setSpacing(20)
        for i, lang in enumerate(LANGUAGES):
            b = button(NATIVE_NAMES[lang], f"lang_{lang}")
            b.setMinimumHeight(120)
            b.clicked.connect(lambda _=False, code=lang: bridge.flow.choose_language(code))
            grid.addWidget(b, i // 2, i % 2)
        self.body.addLayout(grid)
        self.body.addStretch(1)

    def show_view(self, view: View) -> None:
        self.title.setText(t("Language"))
        self.prompt.setText(
            "Chọn ngôn ngữ · Choose your language · 언어 선택 · 选择语言 · 言語を選択 · Choisissez la langue"
        )
