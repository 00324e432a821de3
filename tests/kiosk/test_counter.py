"""Counter mode: a cashier sells with cash and change, prints, reprints and voids (audited)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from kiosk.counter import CounterSession
from kiosk.sale import SaleService
from printer import open_printer
from shared import db, sales, users
from shared.errors import CitadelError
from shared.models import AuditEvent, Revocation
from shared.payments import load_provider
from tests.kiosk.support import read_qr


@pytest.fixture
def counter(world, tmp_path):
    with db.session_scope(world.engine) as s:
        users.create_user(s, "test", "lan", "correct horse 1", "cashier")
    providers = {
        "cash": load_provider("cash", {}, demo_mode=True, counter_mode=True),
        "demo": load_provider("demo", {}, demo_mode=True, counter_mode=True),
    }
    service = SaleService(world.engine, world.signer, device_id="kiosk-1", site_code="imperial-city")
    printer = open_printer(f"virtual://{tmp_path / 'counter'}")
    return CounterSession(service, providers, printer), tmp_path / "counter"


def test_counter_cash_sale_with_change(world, counter):
    c, out = counter
    with pytest.raises(CitadelError) as exc:
        c.login("lan", "wrong password")
    assert exc.value.code == "bad_login"
    c.login("lan", "correct horse 1")
    assert "combo-3" in c.quick_keys
    c.add("combo-3", "adult", 2)
    c.add("combo-3", "child", 1)
    c.add("combo-3", "adult")
    assert c.ticket_count == 4 and c.total == 3 * 420000 + 80000
    c.checkout("cash")
    with pytest.raises(CitadelError) as exc:
        c.tender_cash(1_000_000)
    assert exc.value.code == "payment_cash_insufficient"
    assert c.tender_cash(1_500_000) == 1_500_000 - 1_340_000
    outcome = c.print_order()
    assert outcome.ok and outcome.printed == 4
    assert len([read_qr(p) for p in out.glob("ticket-*.png")]) == 4
    c.reprint_last()
    code = c.void_last("customer changed mind")
    with db.session_scope(world.engine) as s:
        actions = [(e.actor, e.action) for e in s.exec(select(AuditEvent)).all()]
        assert ("lan", "order.reprint") in actions and ("lan", "order.voided") in actions
        order = sales.find_order(s, code)
        assert order.state == "voided"
        assert len(s.exec(select(Revocation)).all()) == 4


def test_counter_group_ticket(world, counter):
    c, _out = counter
    c.login("lan", "correct horse 1")
    c.add("combo-3", "adult", 12)
    c.group_ticket = True
    handle = c.checkout("demo")
    c.providers["demo"].approve(handle)
    c.poll()
    assert c.print_order().printed == 1
    with db.session_scope(world.engine) as s:
        tickets = sales.order_tickets(s, c.last_order_id)
        assert [t.persons for t in tickets] == [12]
