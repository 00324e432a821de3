"""Admin app layer (Qt): devices and their signing keys. Approve a new kiosk's key, revoke a lost one
(gates then refuse tickets it signed after the revocation time)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableWidget, QVBoxLayout

from admin.backend import AdminBackend, DeviceRow
from admin.screens.base import Screen, fill_table, local
from admin.worker import Runner
from shared.models import SigningKey


class DevicesScreen(Screen):
    permission = "devices.view"

    def __init__(self, backend: AdminBackend, runner: Runner) -> None:
        super().__init__(backend, runner)
        self.setObjectName("devices")
        self.setWindowTitle(self.tr("Devices"))
        self.keys: list[tuple[DeviceRow, SigningKey | None]] = []
        self.table = QTableWidget(objectName="table")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.approve_button = QPushButton(self.tr("Approve key"), objectName="approve")
        self.revoke_button = QPushButton(self.tr("Revoke key"), objectName="revoke")
        self.allow(self.approve_button, action="key.approve")
        self.allow(self.revoke_button, action="key.revoke")
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.approve_button)
        row.addWidget(self.revoke_button)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        box.addWidget(self.message)
        self.approve_button.clicked.connect(self.approve)
        self.revoke_button.clicked.connect(self.revoke)

    def refresh(self) -> None:
        self.run(self.backend.devices, then=self._show, latest="devices")

    def _show(self, data: list[tuple[DeviceRow, list[SigningKey]]]) -> None:
        self.keys = []
        for device, ks in data:
            for k in ks or [None]:
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
                self.tr("Kind"),
                self.tr("Site"),
                self.tr("Last seen"),
                self.tr("Printer"),
                self.tr("Offline queue"),
                self.tr("Key"),
                self.tr("Key state"),
            ],
            [
                [
                    d.id,
                    d.kind,
                    d.site,
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

    def _selected(self) -> SigningKey | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.keys):
            return self.keys[row][1]
        return None

    def approve(self) -> None:
        key = self._selected()
        if key is None:
            self.show_info(self.tr("Select a key first"))
            return
        self.run(self.backend.approve_key, key.key_id, then=lambda _: self._done("approve"))

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
