"""The kiosk's screens read without the SQLite write lock: while its sync worker holds the lock (a pull
rewriting the catalogue, a batch being marked sent), the product and slot screens still answer at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine

from kiosk.sale import SaleService
from shared import db, keys, sales
from shared.catalogue import demo_catalogue_path, load_catalogue


def test_product_and_slot_screens_answer_while_the_sync_worker_writes(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    store = keys.FileKeyStore(tmp_path / "keys")
    with db.session_scope(sqlite_engine) as s:
        load_catalogue(s, demo_catalogue_path())
        key_id = keys.create_key(s, store, "kiosk-1", approve=True).key_id
    service = SaleService(
        sqlite_engine,
        sales.Signer(key_id, store.load(key_id)),
        device_id="kiosk-1",
        site_code="imperial-city",
    )
    # The sync worker, in its own process, in the middle of a write transaction.
    worker = sqlite3.connect(sqlite_engine.url.database, isolation_level=None, timeout=0)
    worker.execute("BEGIN IMMEDIATE")
    worker.execute("UPDATE time_slot SET taken = taken")
    try:
        catalogue = service.catalogue()
        assert "imperial-city-night" in [p.code for p in catalogue.products]
        slots = service.slots("imperial-city-night", days=15)
        assert slots and all(slot.remaining == 300 for slot in slots)
        assert service.last_order_id() is None and service.unprinted_orders() == []
    finally:
        worker.execute("COMMIT")
        worker.close()
