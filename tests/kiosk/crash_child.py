"""Child process for the kill -9 tests: runs a real kiosk sale against a database URL and parks itself
(sleeps) right after the named sale event is committed, so the parent can SIGKILL it at that line."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.flow import KioskFlow
from kiosk.sale import SaleService
from printer import open_printer
from shared import db, keys, sales
from shared.payments import load_provider


def main() -> None:
    db_url, key_dir, key_id, out_dir, stop_at, marker = sys.argv[1:7]
    engine = db.make_engine(db_url)
    signer = sales.Signer(int(key_id), keys.FileKeyStore(Path(key_dir)).load(int(key_id)))
    seen: dict[str, int] = {}

    def on_event(event: str, order_id: str) -> None:
        seen[event] = seen.get(event, 0) + 1
        if event == stop_at:
            Path(marker).write_text(order_id)
            while True:  # parked: the parent kills us here
                time.sleep(1)

    service = SaleService(engine, signer, device_id="kiosk-1", site_code="imperial-city", on_event=on_event)
    demo = load_provider("demo", {}, demo_mode=True, counter_mode=False)
    flow = KioskFlow(service, {"demo": demo}, open_printer(f"virtual://{out_dir}"))
    flow.start()
    flow.begin()
    flow.choose_language("en")
    flow.choose_product("combo-3")
    flow.set_quantity("adult", 2)
    flow.set_quantity("child", 1)
    flow.quantities_done()
    flow.choose_country("FR")
    flow.confirm()
    handle = flow.pay("demo")
    demo.approve(handle)
    flow.poll_payment()
    flow.print_tickets()
    Path(marker).write_text("finished")


if __name__ == "__main__":
    main()
