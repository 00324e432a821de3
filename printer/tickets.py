"""Printer layer: turning issued tickets (database rows) into printable :class:`TicketView` pages.

Kiosk sales, counter sales and admin reprints all print through here, so a ticket looks the same
whoever prints it. Reads only; marking printed / print_failed stays with the caller (``shared.sales``).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from printer.layout import TicketView
from shared import sales
from shared.models import (
    Category,
    OrderLine,
    Price,
    Product,
    Ticket,
    TicketStatus,
    TimeSlot,
)
from shared.money import format_money
from shared.tokens import short_ticket_number


def ticket_view(session: Session, ticket: Ticket, lang: str, order_code: str, currency: str) -> TicketView:
    product = session.get(Product, ticket.product_id)
    category = session.get(Category, ticket.category_id)
    assert product is not None and category is not None
    sites = sales.product_sites(session, product.id)
    tz = ZoneInfo(sites[0].timezone if sites else "Asia/Ho_Chi_Minh")
    line = session.get(OrderLine, ticket.order_line_id)
    unit = line.unit_price if line is not None else 0
    if line is None:
        price = session.exec(
            select(Price).where(Price.product_id == product.id, Price.category_id == category.id)
        ).first()
        unit = price.amount if price else 0
    slot_text = None
    if line is not None and line.slot_id is not None:
        slot = session.get(TimeSlot, line.slot_id)
        if slot is not None:
            start = slot.starts_at.astimezone(tz)
            end = (slot.starts_at + timedelta(minutes=slot.minutes)).astimezone(tz)
            slot_text = f"{start:%H:%M}-{end:%H:%M}"
    valid_to = ticket.valid_from + timedelta(days=max(1, ticket.valid_days) - 1)
    return TicketView(
        title_vi=product.name("vi"),
        title_local=product.name(lang),
        language=lang,
        category=category.name(lang),
        price=format_money(unit * ticket.persons, currency, lang),
        valid_from=ticket.valid_from.strftime("%d/%m/%Y"),
        valid_to=valid_to.strftime("%d/%m/%Y"),
        order_code=order_code,
        ticket_no=short_ticket_number(ticket.id),
        token=ticket.token,
        sites=[s.name(lang) for s in sites],
        slot=slot_text,
        persons=ticket.persons,
    )


def order_views(
    session: Session, order_id: str, lang: str | None = None, *, include_revoked: bool = False
) -> list[tuple[int, TicketView]]:
    """(ticket id, page) for every ticket of the order, in the buyer's language unless ``lang`` is given."""
    order = sales.get_order(session, order_id)
    out = []
    for ticket in sales.order_tickets(session, order_id):
        if ticket.status == TicketStatus.REVOKED and not include_revoked:
            continue
        out.append(
            (ticket.id, ticket_view(session, ticket, lang or order.language, order.code, order.currency))
        )
    return out
