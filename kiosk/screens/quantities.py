"""Qt kiosk layer: quantities per category (adult, child 7-12, under 7 free) with large +/- buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QSizePolicy

from kiosk import fmt
from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, clear_layout, label
from kiosk.tr import t


class QuantitiesScreen(Screen):
    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__(bridge)
        self.product = label("", "subtitle")
        self.body.addWidget(self.product)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(18)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.total = label("", "big")
        self.body.addWidget(self.total)
        self.next = button("", "next", primary=True)
        self.next.clicked.connect(bridge.flow.quantities_done)
        self.body.addWidget(self.next)
        self._rows: dict[str, tuple[object, object, object]] = {}
        self._key: object = None

    def _build(self, view: View) -> None:
        clear_layout(self.grid)
        self._rows.clear()
        assert view.catalogue is not None and view.product is not None
        product = view.catalogue.product(view.product)
        for row, cat in enumerate(view.catalogue.categories):
            if cat.code not in product.prices:
                continue
            price = fmt.money(product.prices[cat.code], product.currency, view.language)
            name = label(f"{cat.name(view.language)}\n{price}")
            minus = button("−", f"minus_{cat.code}")
            plus = button("+", f"plus_{cat.code}")
            count = label("0", "big", center=True)
            count.setObjectName(f"count_{cat.code}")
            count.setProperty("count", True)
            for b in (minus, plus):
                b.setMinimumSize(96, 96)
                b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
                b.setStyleSheet("font-size: 40px; font-weight: bold;")
            minus.clicked.connect(lambda _=False, c=cat.code: self.bridge.flow.increment(c, -1))
            plus.clicked.connect(lambda _=False, c=cat.code: self.bridge.flow.increment(c, 1))
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(minus, row, 1)
            self.grid.addWidget(count, row, 2)
            self.grid.addWidget(plus, row, 3)
            self._rows[cat.code] = (count, minus, plus)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnMinimumWidth(2, 110)

    def show_view(self, view: View) -> None:
        self.title.setText(t("How many tickets?"))
        self.next.setText(t("Continue") + " →")
        if view.catalogue is None or view.product is None:
            return
        key = (view.language, view.product)
        if key != self._key:
            self._key = key
            self._build(view)
        self.product.setText(view.catalogue.product(view.product).name(view.language))
        for code, (count, minus, _plus) in self._rows.items():
            n = view.quantities.get(code, 0)
            count.setText(str(n))  # type: ignore[attr-defined]
            minus.setEnabled(n > 0)  # type: ignore[attr-defined]
        self.total.setText(t("Total") + ": " + fmt.money(view.total, view.currency, view.language))
