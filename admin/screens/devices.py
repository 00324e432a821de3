"""Admin app layer (Qt): devices and their signing keys. Register a gate or an admin workstation ahead of
its first start; approve a device (a kiosk's keys with it); revoke a lost device (all its keys: gates then
refuse tickets it signs after the revocation time) or one leaked key."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
)

from admin.backend import AdminBackend, DeviceRow
from admin.screens.base import Screen, fill_table, local, named
from admin.worker import Runner
from shared.models import SigningKey, Site

ENROL_HERE = ("gate", "admin")  # kiosks and counters make their own key on the device


class DevicesScreen(Screen):
    permission = "devices.view"

    def __init__(self, backend: AdminBackend, runner: Runner) -> None:
        super().__init__(backend, runner)
        self.setObjectName("devices")
        self.setWindowTitle(self.tr("Devices"))
        self.keys: list[tuple[DeviceRow, SigningKey | None]] = []
        self.table = named(QTableWidget(), "table")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.approve_button = named(QPushButton(self.tr("Approve device")), "approve")
        self.revoke_device_button = named(QPushButton(self.tr("Revoke device")), "revoke_device")
        self.revoke_button = named(QPushButton(self.tr("Revoke key")), "revoke")
        self.rename_to = named(QLineEdit(), "rename_to")
        self.rename_to.setPlaceholderText(self.tr("Name for the selected device, e.g. Ticket office B, left"))
        self.rename_button = named(QPushButton(self.tr("Rename")), "rename")
        self.new_id = named(QLineEdit(), "new_id")
        self.new_id.setPlaceholderText(self.tr("New device id, e.g. gate-3"))
        self.new_kind = named(QComboBox(), "new_kind")
        for kind in ENROL_HERE:
            self.new_kind.addItem(kind, kind)
        self.new_site = named(QComboBox(), "new_site")
        self.enrol_button = named(QPushButton(self.tr("Enrol")), "enrol")
        hint = QLabel(self.tr("Kiosks and counters enrol themselves: run citadel device enrol on them."))
        hint.setWordWrap(True)
        self.allow(self.approve_button, action="device.approve")
        self.allow(self.revoke_device_button, action="device.revoke")
        self.allow(self.revoke_button, action="key.revoke")
        self.allow(self.rename_to, self.rename_button, action="device.approve")
        self.allow(self.new_id, self.new_kind, self.new_site, self.enrol_button, action="device.enrol")
        row = QHBoxLayout()
        row.addWidget(self.rename_to, 2)
        row.addWidget(self.rename_button)
        row.addStretch(1)
        row.addWidget(self.approve_button)
        row.addWidget(self.revoke_device_button)
        row.addWidget(self.revoke_button)
        enrol = QHBoxLayout()
        enrol.addWidget(self.new_id, 2)
        enrol.addWidget(self.new_kind)
        enrol.addWidget(self.new_site, 1)
        enrol.addWidget(self.enrol_button)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        box.addLayout(enrol)
        box.addWidget(hint)
        box.addWidget(self.message)
        self.approve_button.clicked.connect(self.approve)
        self.revoke_device_button.clicked.connect(self.revoke_device)
        self.revoke_button.clicked.connect(self.revoke)
        self.enrol_button.clicked.connect(self.enrol)
        self.rename_button.clicked.connect(self.rename)
        self.rename_to.returnPressed.connect(self.rename)
        self.table.itemSelectionChanged.connect(self._selection_changed)

    def refresh(self) -> None:
        backend = self.backend
        self.run(lambda: (backend.devices(), backend.sites()), then=self._show, latest="devices")

    def _show(self, loaded: tuple[list[tuple[DeviceRow, list[SigningKey]]], list[Site]]) -> None:
        data, sites = loaded
        if self.new_site.count() != len(sites):
            self.new_site.clear()
            for site in sites:
                self.new_site.addItem(site.name(self.backend.lang), site.code)
        self.keys = []
        for device, ks in data:
            shown: list[SigningKey | None] = list(ks) or [None]
            for k in shown:
                self.keys.append((device, k))

        def state(k: SigningKey | None) -> str:
            if k is None:
                return self.tr("no key")
            if k.revoked_at:
                return self.tr("revoked")
            return self.tr("approved") if k.approved_at else self.tr("waiting for approval")

        fill_table(
            self.table,
            [
                self.tr("Device"),
                self.tr("Name"),
                self.tr("Kind"),
                self.tr("Site"),
                self.tr("Device state"),
                self.tr("Last seen"),
                self.tr("Printer"),
                self.tr("Offline queue"),
                self.tr("Key"),
                self.tr("Key state"),
            ],
            [
                [
                    d.id,
                    d.name,
                    d.kind,
                    d.site,
                    self._status(d.status),
                    local(d.last_seen, self.backend.tz, "%Y-%m-%d %H:%M") if d.last_seen else "-",
                    d.printer_state or "-",
                    d.queue_length,
                    k.key_id if k else "-",
                    state(k),
                ]
                for d, k in self.keys
            ],
        )
        self.loaded.emit()

    def _status(self, status: str) -> str:
        return {
            "pending": self.tr("waiting for approval"),
            "approved": self.tr("approved"),
            "revoked": self.tr("revoked"),
            "unenrolled": self.tr("not enrolled"),
        }.get(status, status)

    def _selected_row(self) -> tuple[DeviceRow, SigningKey | None] | None:
        row = self.table.currentRow()
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def _selected(self) -> SigningKey | None:
        selected = self._selected_row()
        return selected[1] if selected is not None else None

    def approve(self) -> None:
        selected = self._selected_row()
        if selected is None:
            self.show_info(self.tr("Select a device first"))
            return
        self.run(self.backend.approve_device, selected[0].id, then=lambda _: self._done("approve"))

    def revoke_device(self) -> None:
        selected = self._selected_row()
        if selected is None:
            self.show_info(self.tr("Select a device first"))
            return
        device = selected[0].id
        question = self.tr("Revoke device %1 and all its keys? Tickets it signs from now on will be refused.")
        if not self.confirm(question.replace("%1", device)):
            return
        self.run(self.backend.revoke_device, device, then=lambda _: self._done("revoke_device"))

    def _selection_changed(self) -> None:
        selected = self._selected_row()
        self.rename_to.setText(selected[0].name if selected is not None else "")

    def rename(self) -> None:
        selected = self._selected_row()
        if selected is None:
            self.show_info(self.tr("Select a device first"))
            return
        self.run(
            self.backend.rename_device,
            selected[0].id,
            self.rename_to.text(),
            then=lambda _: self._done("rename"),
        )

    def enrol(self) -> None:
        self.run(
            self.backend.enrol_device,
            self.new_id.text(),
            self.new_kind.currentData(),
            self.new_site.currentData(),
            then=lambda _: self._enrolled(),
        )

    def _enrolled(self) -> None:
        self.new_id.clear()
        self._done("enrol")

    def revoke(self) -> None:
        key = self._selected()
        if key is None:
            self.show_info(self.tr("Select a key first"))
            return
        if not self.confirm(
            self.tr("Revoke key %1? Tickets it signs from now on will be refused.").replace(
                "%1", str(key.key_id)
            )
        ):
            return
        self.run(self.backend.revoke_key, key.key_id, then=lambda _: self._done("revoke"))

    def _done(self, name: str) -> None:
        self.show_info(self.tr("Done"))
        self.acted.emit(name)
        self.refresh()
