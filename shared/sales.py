"""Core layer: the sale state machine (ARCHITECTURE.md) as plain functions on a SQLModel session.

``cart -> reserved -> paying -> paid -> issued -> printed`` with the failure edges ``reserved ->
released``, ``paying -> payment_failed | cancelled``, ``issued -> print_failed -> reprinted`` and
``paid|issued|printed -> refunded | voided``. An illegal transition raises ``invalid_transition``.

The caller owns the transaction (``shared.db.session_scope``): the kiosk commits the order in
``paying`` before it calls the payment provider, and commits the signed tickets before the first byte
goes to the printer. Slot capacity is taken with one conditional UPDATE, which is atomic on SQLite
(BEGIN IMMEDIATE) and PostgreSQL (row lock, WHERE re-checked), so concurrent kiosks never oversell.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import BigInteger, literal_column, update
from sqlmodel import Session, col, select

from shared import audit
from shared.errors import CitadelError, InvalidTransition, NotFound
from shared.models import (
    SHORT_NUMBER_SQL,
    Category,
    Order,
    OrderLine,
    OrderState,
    Price,
    Product,
    ProductSite,
    Revocation,
    Site,
    Ticket,
    TicketStatus,
    TimeSlot,
    utcnow,
)
from shared.timeutil import local_date, local_midnight_utc
from shared.tokens import FLAG_REENTRY, TicketClaims, encode, short_number_bits

S = OrderState
TRANSITIONS: dict[OrderState, frozenset[OrderState]] = {
    S.CART: frozenset({S.RESERVED, S.RELEASED}),
    S.RESERVED: frozenset({S.PAYING, S.RELEASED}),
    S.PAYING: frozenset({S.PAID, S.PAYMENT_FAILED, S.CANCELLED}),
    S.PAYMENT_FAILED: frozenset({S.PAYING, S.CANCELLED, S.RELEASED}),
    S.PAID: frozenset({S.ISSUED, S.REFUNDED, S.VOIDED}),
    S.ISSUED: frozenset({S.PRINTED, S.PRINT_FAILED, S.REFUNDED, S.VOIDED}),
    S.PRINT_FAILED: frozenset({S.REPRINTED, S.PRINT_FAILED, S.REFUNDED, S.VOIDED}),
    S.PRINTED: frozenset({S.REPRINTED, S.PRINT_FAILED, S.REFUNDED, S.VOIDED}),
    S.REPRINTED: frozenset({S.REPRINTED, S.PRINT_FAILED, S.REFUNDED, S.VOIDED}),
}
HOLDS_CAPACITY = frozenset({S.RESERVED, S.PAYING, S.PAYMENT_FAILED})
TICKETED = frozenset({S.ISSUED, S.PRINTED, S.PRINT_FAILED, S.REPRINTED})
SOLD = frozenset({S.PAID, *TICKETED})
_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_COUNTRY = re.compile(r"^[A-Z]{2}$")
MAX_TICKETS_PER_ORDER = 200


@dataclass(frozen=True, slots=True)
class CartLine:
    product: str
    category: str
    quantity: int
    slot_id: int | None = None


@dataclass(frozen=True, slots=True)
class Signer:
    """The selling device's key: ``key_id`` as registered, and its private half."""

    key_id: int
    private_key: Ed25519PrivateKey


def _transition(order: Order, target: OrderState) -> None:
    current = OrderState(order.state)
    if target not in TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition("order", current.value, target.value)
    order.state = target
    order.updated_at = utcnow()


def product_sites(session: Session, product_id: int | None) -> list[Site]:
    """The sites a product admits, in token-bit order (the order they are printed and listed in)."""
    return list(
        session.exec(
            select(Site)
            .join(ProductSite, col(ProductSite.site_id) == Site.id)
            .where(ProductSite.product_id == product_id)
            .order_by(col(Site.bit))
        ).all()
    )


def get_order(session: Session, order_id: str) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound("order", order_id)
    return order


def find_order(session: Session, code: str) -> Order:
    order = session.exec(select(Order).where(Order.code == code.strip().upper())).first()
    if order is None:
        raise NotFound("order", code)
    return order


def new_order_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def order_lines(session: Session, order_id: str) -> list[OrderLine]:
    return list(session.exec(select(OrderLine).where(OrderLine.order_id == order_id)).all())


def order_tickets(session: Session, order_id: str) -> list[Ticket]:
    return list(
        session.exec(select(Ticket).where(Ticket.order_id == order_id).order_by(col(Ticket.issued_at))).all()
    )


def create_order(
    session: Session,
    lines: Sequence[CartLine],
    *,
    device_id: str | None = None,
    site_code: str | None = None,
    language: str = "vi",
    country: str | None = None,
    group_ticket: bool = False,
    now: datetime | None = None,
) -> Order:
    """Price a cart and store it as an order in ``cart``. Nothing is reserved yet."""
    if not lines:
        raise CitadelError("empty_cart", "the cart is empty")
    if country is not None:
        country = country.strip().upper()
        if not _COUNTRY.match(country):
            raise CitadelError("bad_country", f"not an ISO 3166 country code: {country!r}", country=country)
    now = now or utcnow()
    order = Order(
        code=new_order_code(),
        device_id=device_id,
        site_code=site_code,
        language=language,
        country=country,
        group_ticket=group_ticket,
        created_at=now,
        updated_at=now,
    )
    total_qty = 0
    currency: str | None = None
    built: list[OrderLine] = []
    for line in lines:
        if line.quantity < 1:
            raise CitadelError("bad_quantity", f"quantity must be at least 1, not {line.quantity}")
        total_qty += line.quantity
        product = session.exec(
            select(Product).where(Product.code == line.product, col(Product.active))
        ).first()
        if product is None:
            raise CitadelError("unknown_product", f"no such product {line.product!r}", product=line.product)
        category = session.exec(select(Category).where(Category.code == line.category)).first()
        price = None
        if category is not None:
            price = session.exec(
                select(Price).where(Price.product_id == product.id, Price.category_id == category.id)
            ).first()
        if category is None or price is None:
            raise CitadelError(
                "unknown_category",
                f"{line.product} has no price for {line.category!r}",
                product=line.product,
                category=line.category,
            )
        if product.needs_slot:
            slot = session.get(TimeSlot, line.slot_id) if line.slot_id is not None else None
            if slot is None or slot.product_id != product.id:
                raise CitadelError(
                    "slot_required", f"{product.code} needs a valid time slot", product=product.code
                )
        elif line.slot_id is not None:
            raise CitadelError("slot_not_allowed", f"{product.code} has no time slots", product=product.code)
        if currency is not None and price.currency != currency:
            raise CitadelError("mixed_currency", "all lines of an order must share one currency")
        currency = price.currency
        assert product.id is not None and category.id is not None
        built.append(
            OrderLine(
                order_id=order.id,
                product_id=product.id,
                category_id=category.id,
                quantity=line.quantity,
                unit_price=price.amount,
                slot_id=line.slot_id,
            )
        )
    if total_qty > MAX_TICKETS_PER_ORDER:
        raise CitadelError(
            "too_many_tickets",
            f"at most {MAX_TICKETS_PER_ORDER} tickets per order",
            limit=MAX_TICKETS_PER_ORDER,
        )
    order.currency = currency or "VND"
    order.total = sum(x.quantity * x.unit_price for x in built)
    session.add(order)
    session.flush()
    session.add_all(built)
    session.flush()
    return order


def _slot_needs(lines: Iterable[OrderLine]) -> dict[int, int]:
    needs: dict[int, int] = {}
    for line in lines:
        if line.slot_id is not None:
            needs[line.slot_id] = needs.get(line.slot_id, 0) + line.quantity
    return needs


def slot_needs(session: Session, order_id: str) -> dict[int, int]:
    """Places the order needs per time slot (slot id -> places); empty for untimed products."""
    return _slot_needs(order_lines(session, order_id))


def reserve(session: Session, order_id: str, *, minutes: int = 10, now: datetime | None = None) -> Order:
    """Take slot capacity for the order, atomically, and hold it for ``minutes``."""
    order = get_order(session, order_id)
    _transition(order, S.RESERVED)
    now = now or utcnow()
    for slot_id, qty in sorted(_slot_needs(order_lines(session, order_id)).items()):
        result = session.exec(
            update(TimeSlot)
            .where(col(TimeSlot.id) == slot_id, col(TimeSlot.taken) + qty <= col(TimeSlot.capacity))
            .values(taken=col(TimeSlot.taken) + qty)
        )
        if result.rowcount != 1:
            slot = session.get(TimeSlot, slot_id)
            left = max(0, slot.capacity - slot.taken) if slot else 0
            raise CitadelError(
                "slot_full", f"slot {slot_id} has {left} places left, {qty} asked", left=left, asked=qty
            )
    order.reserved_until = now + timedelta(minutes=minutes)
    session.add(order)
    return order


def _release_capacity(session: Session, order: Order) -> None:
    for slot_id, qty in _slot_needs(order_lines(session, order.id)).items():
        session.exec(
            update(TimeSlot).where(col(TimeSlot.id) == slot_id).values(taken=col(TimeSlot.taken) - qty)
        )


def release(session: Session, order_id: str, *, state: OrderState = S.RELEASED) -> Order:
    """Give back a reservation (timeout, customer cancel). Safe to call on an already-released order."""
    order = get_order(session, order_id)
    if order.state in (S.RELEASED, S.CANCELLED):
        return order
    held = OrderState(order.state) in HOLDS_CAPACITY
    _transition(order, state)
    if held:
        _release_capacity(session, order)
    session.add(order)
    return order


def release_expired(session: Session, now: datetime | None = None) -> list[str]:
    """Release every ``reserved`` order whose hold has run out. Orders in ``paying`` are left to
    payment reconciliation: money may be on its way."""
    now = now or utcnow()
    expired = session.exec(
        select(Order).where(Order.state == S.RESERVED, col(Order.reserved_until) < now)
    ).all()
    for order in expired:
        release(session, order.id)
    return [o.id for o in expired]


def start_payment(session: Session, order_id: str, provider: str) -> Order:
    order = get_order(session, order_id)
    _transition(order, S.PAYING)
    order.provider = provider
    session.add(order)
    return order


def set_payment_reference(session: Session, order_id: str, reference: str) -> Order:
    order = get_order(session, order_id)
    order.payment_ref = reference
    session.add(order)
    return order


def mark_paid(
    session: Session, order_id: str, reference: str | None = None, now: datetime | None = None
) -> Order:
    order = get_order(session, order_id)
    _transition(order, S.PAID)
    order.paid_at = now or utcnow()
    if reference:
        order.payment_ref = reference
    session.add(order)
    return order


def mark_payment_failed(session: Session, order_id: str, *, cancelled: bool = False) -> Order:
    order = get_order(session, order_id)
    if cancelled:
        return release(session, order_id, state=S.CANCELLED)
    _transition(order, S.PAYMENT_FAILED)
    session.add(order)
    return order


def _new_ticket_id(session: Session) -> int:
    while True:
        # 63 random bits: the token field is 64-bit, and this keeps ids inside PostgreSQL's BIGINT.
        candidate = secrets.randbits(63) or 1
        if session.get(Ticket, candidate) is None:
            return candidate


def issue_tickets(
    session: Session, order_id: str, signer: Signer, now: datetime | None = None
) -> list[Ticket]:
    """Sign one ticket per person (or one group ticket per line) and store them; order -> issued."""
    order = get_order(session, order_id)
    _transition(order, S.ISSUED)
    now = (now or utcnow()).replace(second=0, microsecond=0)
    tickets: list[Ticket] = []
    for line in order_lines(session, order_id):
        product = session.get(Product, line.product_id)
        category = session.get(Category, line.category_id)
        assert product is not None and category is not None
        sites = product_sites(session, product.id)
        mask = 0
        for site in sites:
            mask |= 1 << site.bit
        tz = sites[0].timezone if sites else "Asia/Ho_Chi_Minh"
        slot = session.get(TimeSlot, line.slot_id) if line.slot_id is not None else None
        if slot is not None:
            valid_from = local_date(slot.starts_at, tz)
            slot_minute: int | None = int(
                (slot.starts_at - local_midnight_utc(valid_from, tz)).total_seconds() // 60
            )
            slot_minutes = min(slot.minutes, 255)
        else:
            valid_from, slot_minute, slot_minutes = local_date(now, tz), None, 0
        groups = [line.quantity] if order.group_ticket else [1] * line.quantity
        for persons in groups:
            ticket_id = _new_ticket_id(session)
            claims = TicketClaims(
                key_id=signer.key_id,
                ticket_id=ticket_id,
                product=product.number,
                category=category.number,
                issued_at=now,
                valid_from=valid_from,
                valid_days=product.validity_days,
                sites_mask=mask,
                entries_per_site=product.entries_per_site,
                persons=persons,
                flags=FLAG_REENTRY if product.reentry else 0,
                slot_start_minute=slot_minute,
                slot_minutes=slot_minutes,
            )
            ticket = Ticket(
                id=ticket_id,
                order_id=order.id,
                order_line_id=line.id,
                product_id=line.product_id,
                category_id=line.category_id,
                persons=persons,
                valid_from=valid_from,
                valid_days=product.validity_days,
                token=encode(claims, signer.private_key),
                key_id=signer.key_id,
                issued_at=now,
            )
            session.add(ticket)
            tickets.append(ticket)
    session.add(order)
    session.flush()
    return tickets


def mark_printed(session: Session, order_id: str, ticket_ids: Iterable[int] | None = None) -> Order:
    """Record that tickets came out of the printer with a good status. With ``ticket_ids`` None, all."""
    order = get_order(session, order_id)
    wanted = set(ticket_ids) if ticket_ids is not None else None
    tickets = order_tickets(session, order_id)
    for ticket in tickets:
        if ticket.status == TicketStatus.REVOKED:
            continue
        if wanted is None or ticket.id in wanted:
            ticket.status = TicketStatus.PRINTED
            ticket.printed_count += 1
            session.add(ticket)
    if all(t.status in (TicketStatus.PRINTED, TicketStatus.REVOKED) for t in tickets):
        target = S.PRINTED if order.state == S.ISSUED else S.REPRINTED
        _transition(order, target)
    session.add(order)
    return order


def mark_print_failed(session: Session, order_id: str, ticket_ids: Iterable[int] | None = None) -> Order:
    order = get_order(session, order_id)
    wanted = set(ticket_ids) if ticket_ids is not None else None
    for ticket in order_tickets(session, order_id):
        if ticket.status != TicketStatus.REVOKED and (wanted is None or ticket.id in wanted):
            ticket.status = TicketStatus.PRINT_FAILED
            session.add(ticket)
    _transition(order, S.PRINT_FAILED)
    session.add(order)
    return order


def revoke_ticket(
    session: Session, ticket_id: int, *, actor: str, reason: str = "revoked", now: datetime | None = None
) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("ticket", ticket_id)
    ticket.status = TicketStatus.REVOKED
    session.add(ticket)
    if session.get(Revocation, ticket_id) is None:
        session.add(Revocation(ticket_id=ticket_id, revoked_at=now or utcnow(), reason=reason))
    audit.record(session, actor, "ticket.revoke", str(ticket_id), reason=reason, order=ticket.order_id)
    return ticket


def _close(session: Session, order_id: str, target: OrderState, actor: str, reason: str) -> Order:
    order = get_order(session, order_id)
    _transition(order, target)
    for ticket in order_tickets(session, order_id):
        if ticket.status != TicketStatus.REVOKED:
            revoke_ticket(session, ticket.id, actor=actor, reason=target.value)
    audit.record(
        session,
        actor,
        f"order.{target.value}",
        order.code,
        reason=reason,
        total=order.total,
        currency=order.currency,
    )
    session.add(order)
    return order


def refund(session: Session, order_id: str, *, actor: str, reason: str = "") -> Order:
    """Mark refunded (the provider refund is the caller's job) and revoke every ticket of the order, so
    gates refuse them offline too once the revocation list syncs (unlike pretix issue 2467)."""
    return _close(session, order_id, S.REFUNDED, actor, reason)


def void(session: Session, order_id: str, *, actor: str, reason: str = "") -> Order:
    """Cancel a sale with no provider refund (cash handed back at the counter, test sale)."""
    return _close(session, order_id, S.VOIDED, actor, reason)


def orders_in(session: Session, states: Iterable[OrderState], device_id: str | None = None) -> list[Order]:
    query = select(Order).where(col(Order.state).in_([s.value for s in states]))
    if device_id is not None:
        query = query.where(Order.device_id == device_id)
    return list(session.exec(query.order_by(col(Order.created_at))).all())


def tickets_by_number(session: Session, untrusted_text: str) -> list[Ticket]:
    """Tickets whose printed short number is ``untrusted_text`` (staff typing a damaged ticket's number)."""
    low = short_number_bits(untrusted_text)
    if low is None:
        return []
    # The exact text of the indexed expression (models.SHORT_NUMBER_SQL), so both databases use the index.
    number = literal_column(SHORT_NUMBER_SQL, BigInteger())
    return list(session.exec(select(Ticket).where(number == low)).all())


def slot_remaining(session: Session, slot_id: int) -> int:
    slot = session.get(TimeSlot, slot_id)
    if slot is None:
        raise NotFound("slot", slot_id)
    return max(0, slot.capacity - slot.taken)
