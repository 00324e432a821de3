"""Admin app layer (Qt): the catalogue. Sites (capacity, hours, coordinates, editable), products with
their prices (editable), and a product's time slots with their capacities."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
)

from admin.backend import AdminBackend
from admin.screens.base import Screen, fill_table, local
from admin.worker import Runner
from shared.errors import CitadelError
from shared.models import Site, TimeSlot

SITE_COLUMNS = ("capacity", "opens", "closes", "latitude", "longitude")


class CatalogueScreen(Screen):
    permission = "catalogue.view"

    def __init__(self, backend: AdminBackend, runner: Runner) -> None:
        super().__init__(backend, runner)
        self.setObjectName("catalogue")
        self.setWindowTitle(self.tr("Catalogue"))
        self.site_rows: list[Site] = []
        self.product_rows: list[dict[str, Any]] = []
        self.sites = QTableWidget(objectName="sites")
        self.products = QTableWidget(objectName="products")
        self.products.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.slots = QTableWidget(objectName="slots")
        self.slots.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.save_sites = QPushButton(self.tr("Save sites"), objectName="save_sites")
        self.price = QSpinBox(objectName="price")
        self.price.setRange(0, 100_000_000)
        self.price.setSingleStep(1000)
        self.save_price = QPushButton(self.tr("Set adult price of selected product"), objectName="save_price")
        self.allow(self.save_sites, self.save_price, self.price, action="catalogue.edit")
        if not backend.can("catalogue.edit"):
            self.sites.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.products.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        sites = QGroupBox(self.tr("Sites"))
        sbox = QVBoxLayout(sites)
        sbox.addWidget(self.sites)
        sbox.addWidget(self.save_sites)
        products = QGroupBox(self.tr("Products and prices"))
        pbox = QVBoxLayout(products)
        pbox.addWidget(self.products)
        prow = QHBoxLayout()
        prow.addWidget(self.price)
        prow.addWidget(self.save_price)
        pbox.addLayout(prow)
        slots = QGroupBox(self.tr("Time slots of the selected product"))
        QVBoxLayout(slots).addWidget(self.slots)
        lower = QHBoxLayout()
        lower.addWidget(products, 3)
        lower.addWidget(slots, 2)
        box = QVBoxLayout(self)
        box.addWidget(sites, 1)
        box.addLayout(lower, 1)
        box.addWidget(self.message)
        self.save_sites.clicked.connect(self.save)
        self.save_price.clicked.connect(self.set_price)
        self.products.itemSelectionChanged.connect(self._product_selected)

    def refresh(self) -> None:
        self.run(lambda: (self.backend.sites(), self.backend.products()), then=self._show, latest="catalogue")

    def _show(self, data: tuple[list[Site], list[dict[str, Any]]]) -> None:
        self.site_rows, self.product_rows = data
        fill_table(
            self.sites,
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Capacity"),
                self.tr("Opens"),
                self.tr("Closes"),
                self.tr("Latitude"),
                self.tr("Longitude"),
            ],
            [
                [s.code, s.name(self.backend.lang), s.capacity, s.opens, s.closes, s.latitude, s.longitude]
                for s in self.site_rows
            ],
        )
        fill_table(
            self.products,
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Adult"),
                self.tr("Child"),
                self.tr("Free"),
                self.tr("Valid days"),
                self.tr("Time slots"),
            ],
            [
                [
                    p["code"],
                    p["name"],
                    p["prices"].get("adult", 0),
                    p["prices"].get("child", 0),
                    p["prices"].get("free", 0),
                    p["validity_days"],
                    p["slots"],
                ]
                for p in self.product_rows
            ],
        )
        self.loaded.emit()

    def _cell(self, row: int, col: int) -> str:
        item = self.sites.item(row, col)
        return item.text().strip() if item is not None else ""

    def save(self) -> None:
        changes = []
        try:
            for i, site in enumerate(self.site_rows):
                untrusted = [self._cell(i, j) for j in range(2, 7)]
                capacity = int(untrusted[0].replace(",", "").replace(".", ""))
                opens, closes = untrusted[1], untrusted[2]
                for hhmm in (opens, closes):
                    h, m = (int(x) for x in hhmm.split(":"))
                    if not (0 <= h < 24 and 0 <= m < 60):
                        raise ValueError(hhmm)
                lat = float(untrusted[3]) if untrusted[3] else None
                lon = float(untrusted[4]) if untrusted[4] else None
                if (
                    capacity < 0
                    or (lat is not None and not -90 <= lat <= 90)
                    or (lon is not None and not -180 <= lon <= 180)
                ):
                    raise ValueError(site.code)
                if (capacity, opens, closes, lat, lon) != (
                    site.capacity,
                    site.opens,
                    site.closes,
                    site.latitude,
                    site.longitude,
                ):
                    changes.append((site.code, capacity, opens, closes, lat, lon))
        except ValueError as exc:
            self.show_error(CitadelError("bad_site_value", str(exc), value=str(exc)))
            return

        def apply() -> int:
            for code, capacity, opens, closes, lat, lon in changes:
                self.backend.update_site(
                    code, capacity=capacity, opens=opens, closes=closes, latitude=lat, longitude=lon
                )
            return len(changes)

        self.run(apply, then=self._saved)

    def _saved(self, n: int) -> None:
        self.show_info(self.tr("%1 site(s) saved").replace("%1", str(n)))
        self.acted.emit("save_sites")
        self.refresh()

    def _product_selected(self) -> None:
        row = self.products.currentRow()
        if 0 <= row < len(self.product_rows):
            self.price.setValue(int(self.product_rows[row]["prices"].get("adult", 0)))
            self.run(self.backend.slots, self.product_rows[row]["id"], then=self._show_slots, latest="slots")

    def _show_slots(self, slots: list[TimeSlot]) -> None:
        fill_table(
            self.slots,
            [self.tr("Starts"), self.tr("Minutes"), self.tr("Capacity"), self.tr("Taken")],
            [
                [local(s.starts_at, self.backend.tz, "%Y-%m-%d %H:%M"), s.minutes, s.capacity, s.taken]
                for s in slots
            ],
        )

    def set_price(self) -> None:
        row = self.products.currentRow()
        if not 0 <= row < len(self.product_rows):
            self.show_info(self.tr("Select a product first"))
            return
        code = self.product_rows[row]["code"]
        self.run(self.backend.set_price, code, "adult", self.price.value(), then=self._saved_price)

    def _saved_price(self, _: object) -> None:
        self.show_info(self.tr("Price saved"))
        self.acted.emit("price")
        self.refresh()
