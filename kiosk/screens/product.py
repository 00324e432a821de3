"""Qt kiosk layer: the ticket choice: single sites and combos with what each includes, validity, price."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk import fmt
from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, clear_layout, fit_height, label, touch_scroll
from kiosk.tr import t


class ProductScreen(Screen):
    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.prompt = label("", "subtitle")
        self.body.addWidget(self.prompt)
        inner = QWidget()
        self.items = QVBoxLayout(inner)
        self.items.setSpacing(14)
        self.body.addWidget(touch_scroll(inner), 1)
        self._key: object = None

    def show_view(self, view: View) -> None:
        self.title.setText(t("Choose your ticket"))
        self.prompt.setText(t("Combo tickets save money and are valid for several days."))
        key = (view.language, view.catalogue, view.large_text, view.timed_open)
        if key == self._key or view.catalogue is None:
            return
        self._key = key
        clear_layout(self.items)
        lang = view.language
        for p in view.catalogue.products:
            price = fmt.money(p.prices.get("adult", 0), p.currency, lang)
            child = p.prices.get("child")
            lines = [p.name(lang)]
            if p.kind == "combo" or len(p.sites) > 1:
                names = p.site_names(lang)
                # A long list would not fit a line: name the first sites and count the rest.
                shown = ", ".join(names[:4]) + (f" +{len(names) - 4}" if len(names) > 4 else "")
                lines.append(t("Includes:") + " " + shown)
            days = t("Valid for %n day(s)").replace("%n", str(p.validity_days))
            cats = {c.code: c.name(lang) for c in view.catalogue.categories}
            line = f"{days} · {cats.get('adult', 'adult')}: {price}"
            if child:
                line += f" · {cats.get('child', 'child')}: {fmt.money(child, p.currency, lang)}"
            lines.append(line)
            if p.needs_slot:
                lines.append(t("Timed entry: choose a time slot"))
            b = button("\n".join(lines), f"product_{p.code}", choice=True)
            # While timed tickets cannot be sold the notice above says why; the button is greyed out.
            b.setEnabled(view.timed_open or not p.needs_slot)
            b.clicked.connect(lambda _=False, code=p.code: self.bridge.flow.choose_product(code))
            self.items.addWidget(fit_height(b, view.large_text))
        self.items.addStretch(1)
