"""Admin app layer (Qt): the catalogue, edited in place. Sites (capacity, hours, coordinates); products
(a price per audience category, days of validity, on sale or not); a product's time slots (capacity,
never below what is sold) and new slots for a range of days. Every change is audited by the backend."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
)

from admin.backend import AdminBackend
from admin.screens.base import Screen, cell, fill_table, local, named
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
        self.sites = named(QTableWidget(), "sites")
        self.products = named(QTableWidget(), "products")
        self.products.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.slots = named(QTableWidget(), "slots")
        self.slot_rows: list[TimeSlot] = []
        self.category_rows: list[tuple[str, str]] = []
        self.save_sites = named(QPushButton(self.tr("Save sites")), "save_sites")
        self.save_products = named(QPushButton(self.tr("Save products and prices")), "save_products")
        self.save_slots = named(QPushButton(self.tr("Save slot capacities")), "save_slots")
        self.first_day = named(QDateEdit(QDate.currentDate()), "first_day")
        self.first_day.setCalendarPopup(True)
        self.days = named(QSpinBox(), "days")
        self.days.setRange(1, 366)
        self.days.setValue(7)
        self.days.setSuffix(self.tr(" day(s)"))
        self.times = named(QLineEdit(), "times")
        self.times.setPlaceholderText(self.tr("Times, e.g. 19:00 20:30"))
        self.slot_capacity = named(QSpinBox(), "slot_capacity")
        self.slot_capacity.setRange(0, 1_000_000)
        self.slot_capacity.setValue(100)
        self.slot_capacity.setPrefix(self.tr("places: "))
        self.add_slots_button = named(QPushButton(self.tr("Add slots")), "add_slots")
        edits = (self.save_sites, self.save_products, self.save_slots, self.add_slots_button)
        self.allow(*edits, self.first_day, self.days, self.times, self.slot_capacity, action="catalogue.edit")
        if not backend.can("catalogue.edit"):
            for table in (self.sites, self.products, self.slots):
                table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        sites = QGroupBox(self.tr("Sites"))
        sbox = QVBoxLayout(sites)
        sbox.addWidget(self.sites)
        sbox.addWidget(self.save_sites)
        products = QGroupBox(self.tr("Products and prices"))
        pbox = QVBoxLayout(products)
        pbox.addWidget(self.products)
        pbox.addWidget(self.save_products)
        slots = QGroupBox(self.tr("Time slots of the selected product"))
        slot_box = QVBoxLayout(slots)
        slot_box.addWidget(self.slots)
        slot_box.addWidget(self.save_slots)
        when, what = QHBoxLayout(), QHBoxLayout()
        when.addWidget(self.first_day)
        when.addWidget(self.days)
        when.addWidget(self.slot_capacity)
        what.addWidget(self.times, 1)
        what.addWidget(self.add_slots_button)
        slot_box.addLayout(when)
        slot_box.addLayout(what)
        lower = QHBoxLayout()
        lower.addWidget(products, 3)
        lower.addWidget(slots, 2)
        box = QVBoxLayout(self)
        box.addWidget(sites, 1)
        box.addLayout(lower, 1)
        box.addWidget(self.message)
        self.save_sites.clicked.connect(self.save)
        self.save_products.clicked.connect(self.save_product_changes)
        self.save_slots.clicked.connect(self.save_slot_capacities)
        self.add_slots_button.clicked.connect(self.add_slots)
        self.products.itemSelectionChanged.connect(self._product_selected)

    def refresh(self) -> None:
        backend = self.backend
        self.run(
            lambda: (backend.sites(), backend.products(), backend.categories()),
            then=self._show,
            latest="catalogue",
        )

    def _show(self, data: tuple[list[Site], list[dict[str, Any]], list[tuple[str, str]]]) -> None:
        selected = self._selected_product()
        self.site_rows, self.product_rows, self.category_rows = data
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
                *(name for _code, name in self.category_rows),
                self.tr("Valid days"),
                self.tr("On sale"),
                self.tr("Time slots"),
            ],
            [
                [
                    p["code"],
                    p["name"],
                    *(p["prices"].get(code, 0) for code, _name in self.category_rows),
                    p["validity_days"],
                    "",
                    p["slots"],
                ]
                for p in self.product_rows
            ],
        )
        on_sale = self._product_column("on_sale")
        checkable = Qt.ItemFlag.ItemIsUserCheckable if self.backend.can("catalogue.edit") else Qt.ItemFlag(0)
        for i, p in enumerate(self.product_rows):
            # Code, name and slot count are not edited here; "on sale" is a check box.
            for j in (0, 1, on_sale + 1):
                cell_ = cell(self.products, i, j)
                cell_.setFlags(cell_.flags() & ~Qt.ItemFlag.ItemIsEditable)
            box = cell(self.products, i, on_sale)
            box.setFlags(
                (box.flags() & ~Qt.ItemFlag.ItemIsEditable & ~Qt.ItemFlag.ItemIsUserCheckable) | checkable
            )
            box.setCheckState(Qt.CheckState.Checked if p["active"] else Qt.CheckState.Unchecked)
        # The product the manager was working on stays selected (with its slots) after a save.
        again = [i for i, p in enumerate(self.product_rows) if selected and p["code"] == selected["code"]]
        if again:
            self.products.selectRow(again[0])
            self.products.scrollToItem(cell(self.products, again[0], 0))
        self.loaded.emit()

    def _product_column(self, name: str) -> int:
        """Column of the products table: the prices (one per category) come after code and name."""
        prices = len(self.category_rows)
        return {"validity_days": 2 + prices, "on_sale": 3 + prices}[name]

    def _cell(self, row: int, col: int, table: QTableWidget | None = None) -> str:
        item = (table or self.sites).item(row, col)
        return item.text().strip() if item is not None else ""

    def save(self) -> None:
        changes = []
        try:
            for i, site in enumerate(self.site_rows):
                untrusted = [self._cell(i, j) for j in range(2, 7)]
                capacity = _whole_number(untrusted[0])
                if capacity is None:
                    raise ValueError(untrusted[0])
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

    def save_product_changes(self) -> None:
        """Prices, days of validity and "on sale" as edited in the products table: only what changed."""
        prices: list[tuple[str, str, int]] = []
        products: list[tuple[str, int, bool]] = []
        validity, on_sale = self._product_column("validity_days"), self._product_column("on_sale")
        for i, p in enumerate(self.product_rows):
            for j, (cat, _name) in enumerate(self.category_rows, start=2):
                untrusted = self._cell(i, j, self.products)
                amount = _whole_number(untrusted)
                if amount is None or amount < 0:
                    self.show_error(CitadelError("bad_price", untrusted, amount=untrusted))
                    return
                if amount != p["prices"].get(cat, 0):
                    prices.append((p["code"], cat, amount))
            untrusted = self._cell(i, validity, self.products)
            days = _whole_number(untrusted)
            if days is None or not 1 <= days <= 255:
                self.show_error(CitadelError("bad_validity", untrusted, days=untrusted))
                return
            active = cell(self.products, i, on_sale).checkState() == Qt.CheckState.Checked
            if (days, active) != (p["validity_days"], p["active"]):
                products.append((p["code"], days, active))
        backend = self.backend

        def apply() -> int:
            for code, cat, amount in prices:
                backend.set_price(code, cat, amount)
            for code, days, active in products:
                backend.update_product(code, validity_days=days, active=active)
            return len(prices) + len(products)

        self.run(apply, then=self._saved_products)

    def _saved_products(self, n: int) -> None:
        self.show_info(self.tr("%1 change(s) saved").replace("%1", str(n)))
        self.acted.emit("save_products")
        self.refresh()

    def _selected_product(self) -> dict[str, Any] | None:
        row = self.products.currentRow()
        return self.product_rows[row] if 0 <= row < len(self.product_rows) else None

    def _product_selected(self) -> None:
        product = self._selected_product()
        if product is not None:
            self.run(self.backend.slots, product["id"], then=self._show_slots, latest="slots")

    def _show_slots(self, slots: list[TimeSlot]) -> None:
        self.slot_rows = slots
        fill_table(
            self.slots,
            [self.tr("Starts"), self.tr("Minutes"), self.tr("Capacity"), self.tr("Taken")],
            [
                [local(s.starts_at, self.backend.tz, "%Y-%m-%d %H:%M"), s.minutes, s.capacity, s.taken]
                for s in slots
            ],
        )
        for i in range(len(slots)):
            for j in (0, 1, 3):  # only the capacity is edited
                cell_ = cell(self.slots, i, j)
                cell_.setFlags(cell_.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def save_slot_capacities(self) -> None:
        changes: list[tuple[int, int]] = []
        for i, slot in enumerate(self.slot_rows):
            untrusted = self._cell(i, 2, self.slots)
            capacity = _whole_number(untrusted)
            if capacity is None or capacity < 0:
                self.show_error(CitadelError("bad_slots", untrusted, value=untrusted))
                return
            if capacity != slot.capacity:
                changes.append((slot.id or 0, capacity))
        backend = self.backend

        def apply() -> int:
            for slot_id, capacity in changes:
                backend.set_slot_capacity(slot_id, capacity)
            return len(changes)

        self.run(apply, then=self._saved_slots)

    def add_slots(self) -> None:
        product = self._selected_product()
        if product is None:
            self.show_info(self.tr("Select a product first"))
            return
        self.run(
            self.backend.add_slots,
            product["code"],
            self.first_day.date().toPython(),
            self.days.value(),
            self.times.text(),
            self.slot_capacity.value(),
            then=self._added_slots,
        )

    def _saved_slots(self, n: int) -> None:
        self.show_info(self.tr("%1 time slot(s) saved").replace("%1", str(n)))
        self.acted.emit("slots")
        self.refresh()

    def _added_slots(self, n: int) -> None:
        self.show_info(self.tr("%1 time slot(s) added; existing ones kept").replace("%1", str(n)))
        self.acted.emit("slots")
        self.refresh()


def _whole_number(untrusted: str) -> int | None:
    """A whole number as typed or shown (``210,000``, ``210.000``, `` 3000 ``); None if it is not one."""
    digits = untrusted.strip().replace(",", "").replace(".", "")
    if digits.startswith("-") and digits[1:].isdigit():
        return -int(digits[1:])
    return int(digits) if digits.isdigit() else None
