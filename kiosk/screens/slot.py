"""Qt kiosk layer: the time-slot picker with the live remaining capacity."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk import fmt
from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, clear_layout, fit_height, label, touch_scroll
from kiosk.tr import t


class SlotScreen(Screen):
    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.prompt = label("", "subtitle")
        self.body.addWidget(self.prompt)
        inner = QWidget()
        self.items = QVBoxLayout(inner)
        self.body.addWidget(touch_scroll(inner), 1)
        self._key: object = None

    def show_view(self, view: View) -> None:
        self.title.setText(t("Choose a time"))
        if view.catalogue is not None and view.product:
            self.prompt.setText(view.catalogue.product(view.product).name(view.language))
        key = (view.language, view.slots, view.large_text)
        if key == self._key:
            return
        self._key = key
        clear_layout(self.items)
        if not view.slots:
            self.items.addWidget(label(t("No time slots are open for sale right now."), "notice"))
        for slot in view.slots:
            start = fmt.local_time(slot.starts_at)
            end = fmt.local_time(slot.starts_at + timedelta(minutes=slot.minutes))
            day = fmt.local_day(slot.starts_at)
            if slot.remaining > 0:
                state = t("%n places left").replace("%n", str(slot.remaining))
            else:
                state = "✕ " + t("Sold out")
            b = button(f"{day}   {start} – {end}   ·   {state}", f"slot_{slot.id}", choice=True)
            b.setEnabled(slot.remaining > 0)
            b.clicked.connect(lambda _=False, sid=slot.id: self.bridge.flow.choose_slot(sid))
            self.items.addWidget(fit_height(b, view.large_text))
        self.items.addStretch(1)
