"""Sale state machine, slot capacity under concurrency, refunds that revoke."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import select

from shared import db, sales
from shared.errors import CitadelError
from shared.models import Order, OrderState, Product, Revocation, Ticket, TicketStatus, TimeSlot, utcnow


def test_full_sale_to_printed(world) -> None:
    order_id, tokens = world.sell("combo-3", adult=2, child=1, country="kr")
    assert len(tokens) == 3
    with db.session_scope(world.engine) as s:
        order = s.get(Order, order_id)
        assert order.state == OrderState.ISSUED
        assert order.total == 2 * 420_000 + 80_000
        assert order.country == "KR"
        sales.mark_printed(s, order_id)
    with db.session_scope(world.engine) as s:
        assert s.get(Order, order_id).state == OrderState.PRINTED
        assert {t.status for t in sales.order_tickets(s, order_id)} == {TicketStatus.PRINTED}


def test_group_ticket_carries_persons(world) -> None:
    order_id, tokens = world.sell("imperial-city", adult=12, group=True)
    assert len(tokens) == 1
    with db.session_scope(world.engine) as s:
        assert [t.persons for t in sales.order_tickets(s, order_id)] == [12]


def test_illegal_transitions_raise_coded_errors(world) -> None:
    with db.session_scope(world.engine) as s:
        order = sales.create_order(s, [sales.CartLine("tu-duc", "adult", 1)])
        with pytest.raises(CitadelError) as info:
            sales.mark_paid(s, order.id)
        assert info.value.code == "invalid_transition"
        with pytest.raises(CitadelError) as info:
            sales.issue_tickets(s, order.id, world.signer)
        assert info.value.code == "invalid_transition"


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (sales.CartLine("nope", "adult", 1), "unknown_product"),
        (sales.CartLine("tu-duc", "senior", 1), "unknown_category"),
        (sales.CartLine("tu-duc", "adult", 0), "bad_quantity"),
        (sales.CartLine("imperial-city-night", "adult", 1), "slot_required"),
        (sales.CartLine("tu-duc", "adult", 1, slot_id=1), "slot_not_allowed"),
        (sales.CartLine("tu-duc", "adult", 500), "too_many_tickets"),
    ],
)
def test_bad_carts_are_refused_with_codes(world, line, code) -> None:
    with db.session_scope(world.engine) as s, pytest.raises(CitadelError) as info:
        sales.create_order(s, [line])
    assert info.value.code == code
    assert info.value.message("vi") != info.value.message("en")


def test_bad_country_refused(world) -> None:
    with db.session_scope(world.engine) as s, pytest.raises(CitadelError) as info:
        sales.create_order(s, [sales.CartLine("tu-duc", "adult", 1)], country="Korea")
    assert info.value.code == "bad_country"


def _night_slot(engine) -> int:
    with db.session_scope(engine) as s:
        product = s.exec(select(Product).where(Product.code == "imperial-city-night")).one()
        slot = s.exec(
            select(TimeSlot).where(TimeSlot.product_id == product.id).order_by(TimeSlot.starts_at)
        ).first()
        return slot.id


def test_reservation_release_and_expiry_give_capacity_back(world) -> None:
    slot_id = _night_slot(world.engine)
    with db.session_scope(world.engine) as s:
        order = sales.create_order(s, [sales.CartLine("imperial-city-night", "adult", 3, slot_id)])
        sales.reserve(s, order.id, minutes=10)
        assert sales.slot_remaining(s, slot_id) == 297
        other = sales.create_order(s, [sales.CartLine("imperial-city-night", "adult", 2, slot_id)])
        sales.reserve(s, other.id, minutes=10)
        sales.release(s, order.id)
        assert sales.slot_remaining(s, slot_id) == 298
        released = sales.release_expired(s, now=utcnow() + timedelta(minutes=11))
        assert released == [other.id]
        assert sales.slot_remaining(s, slot_id) == 300
        assert s.get(Order, other.id).state == OrderState.RELEASED


def test_cancelled_payment_releases_capacity(world) -> None:
    slot_id = _night_slot(world.engine)
    with db.session_scope(world.engine) as s:
        order = sales.create_order(s, [sales.CartLine("imperial-city-night", "adult", 4, slot_id)])
        sales.reserve(s, order.id)
        sales.start_payment(s, order.id, "demo")
        sales.mark_payment_failed(s, order.id)  # declined: retry allowed
        sales.start_payment(s, order.id, "demo")
        sales.mark_payment_failed(s, order.id, cancelled=True)
        assert s.get(Order, order.id).state == OrderState.CANCELLED
        assert sales.slot_remaining(s, slot_id) == 300


def test_sold_out_slot_is_refused(world) -> None:
    slot_id = _night_slot(world.engine)
    with db.session_scope(world.engine) as s:
        for n in (150, 149):
            big = sales.create_order(s, [sales.CartLine("imperial-city-night", "adult", n, slot_id)])
            sales.reserve(s, big.id)
        late = sales.create_order(s, [sales.CartLine("imperial-city-night", "adult", 2, slot_id)])
        with pytest.raises(CitadelError) as info:
            sales.reserve(s, late.id)
        assert info.value.code == "slot_full"
        assert info.value.params == {"left": 1, "asked": 2}


def test_sixteen_workers_buying_the_last_hundred_places_sell_exactly_100(world) -> None:
    slot_id = _night_slot(world.engine)
    with db.session_scope(world.engine) as s:
        slot = s.get(TimeSlot, slot_id)
        slot.taken = slot.capacity - 100
        s.add(slot)
    engine = db.make_engine(str(world.engine.url.render_as_string(hide_password=False)))

    def worker(_: int) -> tuple[int, int]:
        sold = refused = 0
        while True:
            try:
                with db.session_scope(engine) as s:
                    order = sales.create_order(
                        s, [sales.CartLine("imperial-city-night", "adult", 1, slot_id)]
                    )
                    sales.reserve(s, order.id)
                    sales.start_payment(s, order.id, "demo")
                    sales.mark_paid(s, order.id, "x")
                sold += 1
            except CitadelError as exc:
                assert exc.code == "slot_full"
                refused += 1
                if refused >= 3:
                    return sold, refused

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(worker, range(16)))
    engine.dispose()
    assert sum(r[0] for r in results) == 100
    with db.session_scope(world.engine) as s:
        assert sales.slot_remaining(s, slot_id) == 0
        paid = s.exec(select(Order).where(Order.state == OrderState.PAID)).all()
        assert len(paid) == 100


def test_refund_revokes_every_ticket_and_is_audited(world) -> None:
    order_id, _ = world.sell("combo-4", adult=2)
    with db.session_scope(world.engine) as s:
        sales.refund(s, order_id, actor="manager1", reason="customer request")
    with db.session_scope(world.engine) as s:
        tickets = s.exec(select(Ticket).where(Ticket.order_id == order_id)).all()
        assert {t.status for t in tickets} == {TicketStatus.REVOKED}
        assert len(s.exec(select(Revocation)).all()) == 2
        from shared.models import AuditEvent

        actions = sorted(e.action for e in s.exec(select(AuditEvent)).all())
        assert actions == ["order.refunded", "ticket.revoke", "ticket.revoke"]


def test_print_failed_then_reprinted(world) -> None:
    order_id, _ = world.sell("tu-duc", adult=2)
    with db.session_scope(world.engine) as s:
        sales.mark_print_failed(s, order_id)
        assert s.get(Order, order_id).state == OrderState.PRINT_FAILED
        sales.mark_printed(s, order_id)
        assert s.get(Order, order_id).state == OrderState.REPRINTED
        assert [t.printed_count for t in sales.order_tickets(s, order_id)] == [1, 1]


def test_a_printed_ticket_number_finds_its_ticket_through_the_index(world) -> None:
    """Staff type the short number of a damaged ticket: the lookup is an index search on both databases
    (at 15 M tickets a scan of the table would take seconds; see docs/benchmarks.md)."""
    from sqlalchemy import text

    from shared.models import SHORT_NUMBER_SQL
    from shared.tokens import SHORT_NUMBER_MASK, short_ticket_number

    assert SHORT_NUMBER_SQL == f"(id & {SHORT_NUMBER_MASK})"
    world.sell("imperial-city", adult=3)
    with db.session_scope(world.engine) as s:
        tickets = s.exec(select(Ticket)).all()
        assert len(tickets) == 3
        for ticket in tickets:
            typed = short_ticket_number(ticket.id).lower()
            assert [t.id for t in sales.tickets_by_number(s, typed)] == [ticket.id]
        assert sales.tickets_by_number(s, "not-a-number") == []
    number = tickets[0].id & SHORT_NUMBER_MASK
    query = f"SELECT id FROM ticket WHERE {SHORT_NUMBER_SQL} = {number}"
    with world.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.execute(text(f"EXPLAIN QUERY PLAN {query}")))
        else:
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table would be scanned anyway
            plan = " ".join(r[0] for r in conn.execute(text(f"EXPLAIN {query}")))
    assert "ix_ticket_short_number" in plan, plan
