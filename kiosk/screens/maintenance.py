"""Qt kiosk layer: the maintenance screen (staff, behind the hidden gesture and PIN): printer status,
test print, reprint the last order, paper replaced, device and sync status, exit. Printer work runs on
a worker through the bridge."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout

from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.screens.base import Screen, button, label
from kiosk.tr import ts


class MaintenanceScreen(Screen):
    show_back = False
    show_cancel = False

    def __init__(self, bridge: FlowBridge, on_exit: Callable[[], None] | None = None) -> None:
        super().__init__(bridge)
        self.on_exit = on_exit
        self.status = label("", "notice")
        self.status.setObjectName("maintenance_status")
        self.body.addWidget(self.status)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.buttons = {}
        for i, name in enumerate(
            (
                "printer_status",
                "test_print",
                "reprint_last",
                "paper_replaced",
                "device_status",
                "close",
                "exit",
            )
        ):
            b = button("", f"m_{name}", primary=name in ("reprint_last", "paper_replaced"))
            grid.addWidget(b, i // 2, i % 2)
            self.buttons[name] = b
        self.body.addLayout(grid)
        self.body.addStretch(1)
        f = bridge.flow
        self.buttons["printer_status"].clicked.connect(lambda: bridge.run("printer_status", f.printer_status))
        self.buttons["test_print"].clicked.connect(lambda: bridge.run("test_print", f.test_print))
        self.buttons["reprint_last"].clicked.connect(lambda: bridge.run("reprint_last", f.reprint_last))
        self.buttons["paper_replaced"].clicked.connect(lambda: bridge.run("paper_replaced", f.paper_replaced))
        self.buttons["device_status"].clicked.connect(lambda: bridge.run("device_status", f.device_status))
        self.buttons["close"].clicked.connect(f.close_maintenance)
        self.buttons["exit"].clicked.connect(self._exit)
        bridge.job_done.connect(self._job_done)
        bridge.failed.connect(lambda code, text: self.status.setText(f"✕ {code}: {text}"))

    def _exit(self) -> None:
        if self.on_exit is not None:
            self.on_exit()

    def _job_done(self, name: str, result: object) -> None:
        if name == "printer_status":
            problem = getattr(result, "problem", None) if result is not None else "—"
            text = ts("Printer") + ": " + (("✕ " + str(problem)) if problem else "✓ " + ts("ready"))
        elif name == "test_print":
            text = (
                ("✓ " if result else "✕ ")
                + ts("Test page")
                + ": "
                + (ts("printed") if result else ts("failed"))
            )
        elif name == "reprint_last":
            if result is None:
                text = ts("No order to reprint.")
            else:
                ok = getattr(result, "ok", False)
                text = (
                    ("✓ " if ok else "✕ ")
                    + ts("Reprint")
                    + f" {getattr(result, 'order_code', '')}: "
                    + (ts("printed") if ok else ts("failed") + f" ({getattr(result, 'code', '')})")
                )
        elif name == "paper_replaced":
            text = (
                ("✓ " + ts("Back in service."))
                if result
                else ("✕ " + ts("The printer still reports a fault."))
            )
        elif name == "device_status" and isinstance(result, dict):
            names = {
                "device": ts("Device"),
                "site": ts("Site"),
                "database": ts("Database"),
                "printer": ts("Printer"),
                "unprinted": ts("Orders waiting to print"),
                "uploads": ts("Uploads waiting for central"),
                "last_sync": ts("Last sync"),
                "sync_error": ts("Last sync error"),
                "providers": ts("Payment providers"),
            }
            text = "\n".join(f"{names.get(k, k)}: {v}" for k, v in result.items())
        else:
            return
        self.status.setText(text)

    def show_view(self, view: View) -> None:
        self.title.setText(ts("Maintenance"))
        names = {
            "printer_status": ts("Printer status"),
            "test_print": ts("Test print"),
            "reprint_last": ts("Reprint last order"),
            "paper_replaced": ts("Paper replaced"),
            "device_status": ts("Device and sync status"),
            "close": ts("Close"),
            "exit": ts("Exit kiosk"),
        }
        for key, b in self.buttons.items():
            b.setText(names[key])
        if not self.status.text():
            state = (
                ts("Out of service") + f": {view.out_of_service}" if view.out_of_service else ts("Selling")
            )
            self.status.setText(state)
