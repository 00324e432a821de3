"""Qt kiosk layer: the review of the order before payment (the places are already held)."""

from __future__ import annotations

from datetime import timedelta

from kiosk import countries, fmt
from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, label
from kiosk.tr import t


class ReviewScreen(Screen):
    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.product = label("", "subtitle")
        self.sites = label("")
        self.lines = label("")
        self.extra = label("", "muted")
        self.total = label("", "big")
        for w in (self.product, self.sites, self.lines, self.extra):
            self.body.addWidget(w)
        self.body.addStretch(1)
        self.body.addWidget(self.total)
        self.pay = button("", "pay", primary=True)
        self.pay.clicked.connect(bridge.flow.confirm)
        self.body.addWidget(self.pay)

    def show_view(self, view: View) -> None:
        self.title.setText(t("Check your order"))
        self.pay.setText(t("Go to payment") + " →")
        if view.catalogue is None or view.product is None:
            return
        lang = view.language
        p = view.catalogue.product(view.product)
        self.product.setText(p.name(lang))
        self.sites.setText(t("Includes:") + " " + ", ".join(p.site_names(lang)))
        rows = []
        for cat in view.catalogue.categories:
            n = view.quantities.get(cat.code, 0)
            if n:
                amount = fmt.money(n * p.prices.get(cat.code, 0), p.currency, lang)
                rows.append(f"{n} × {cat.name(lang)}  —  {amount}")
        slot = next((s for s in view.slots if s.id == view.slot_id), None)
        if slot is not None:
            end = slot.starts_at + timedelta(minutes=slot.minutes)
            rows.append(t("Time") + f": {fmt.local_time(slot.starts_at)} – {fmt.local_time(end)}")
        self.lines.setText("\n".join(rows))
        extra = [t("Valid for %n day(s)").replace("%n", str(p.validity_days))]
        if view.country:
            extra.append(t("Country of residence") + ": " + countries.name(view.country, lang))
        if view.order is not None:
            extra.append(t("Order code") + ": " + view.order.code)
        self.extra.setText(" · ".join(extra))
        self.total.setText(t("Total") + ": " + fmt.money(view.total, view.currency, lang))
