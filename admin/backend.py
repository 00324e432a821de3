"""Admin app layer (no Qt): what the admin screens ask of the core, as plain calls on plain data.

Screens never touch the database, the printer or a payment provider: they call this class from a worker
thread (:mod:`admin.worker`) and show what it returns. Every privileged call checks the role with
:func:`shared.users.authorize` (a refusal is audited and raises ``forbidden``) and writes an audit
event in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from shared import audit, catalogue, db, keys, sales, stats, users
from shared.city import feed
from shared.city.monthly import monthly_report, write_monthly
from shared.errors import CitadelError
from shared.models import (
    AuditEvent,
    Category,
    Device,
    Order,
    OrderLine,
    OrderState,
    Price,
    Product,
    Scan,
    SigningKey,
    Site,
    Ticket,
    TimeSlot,
    User,
    utcnow,
)
from shared.reports_export import Progress, ReportTable, catalogue_labels, export, stats_table
from shared.sync import devices
from shared.timeutil import day_bounds_utc, local_date

ProviderFactory = Callable[[str], Any]  # name -> shared.payments.PaymentProvider
PrinterFactory = Callable[[str], Any]  # uri -> printer.Printer


@dataclass(frozen=True, slots=True)
class DeviceRow:
    id: str
    kind: str
    site: str
    status: str
    last_seen: datetime | None
    printer_state: str
    queue_length: int
    stale: bool
    name: str = ""


@dataclass(frozen=True, slots=True)
class Dashboard:
    at: datetime
    sites: list[stats.SiteDay]
    names: dict[str, str]
    hourly: dict[int, int]  # local hour -> persons entered today (all sites)
    orders_today: int
    tickets_today: int
    revenue_today: int
    currency: str
    devices: list[DeviceRow]
    alerts: list[tuple[str, str]]  # (kind, parameter) for the screen to translate
    coords: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OrderRow:
    id: str
    code: str
    state: str
    created_at: datetime
    total: int
    currency: str
    provider: str
    country: str
    tickets: int


@dataclass(frozen=True, slots=True)
class OrderDetail:
    order: OrderRow
    payment_ref: str
    lines: list[dict[str, Any]]
    tickets: list[dict[str, Any]]


@dataclass(slots=True)
class AdminBackend:
    engine: Engine
    who: users.Principal
    lang: str = "vi"
    tz: str = "Asia/Ho_Chi_Minh"
    currency: str = "VND"
    city_config: dict[str, Any] = field(default_factory=dict)
    providers: ProviderFactory | None = None
    printers: PrinterFactory | None = None
    clock: Callable[[], datetime] = utcnow

    # --- access -----------------------------------------------------------------------------------

    def can(self, action: str) -> bool:
        return self.who.can(action)

    def _authorize(self, action: str, target: str = "") -> None:
        users.authorize(self.engine, self.who, action, target)

    # --- dashboard --------------------------------------------------------------------------------

    def dashboard(self) -> Dashboard:
        self._authorize("dashboard.view")
        now = self.clock()
        with Session(db.reader(self.engine)) as s:
            sites = s.exec(select(Site).where(col(Site.active)).order_by(col(Site.bit))).all()
            days = [stats.site_day(s, site, now) for site in sites]
            names = {site.code: site.name(self.lang) for site in sites}
            coords = {site.code: (site.latitude, site.longitude) for site in sites}
            start, _ = day_bounds_utc(local_date(now, self.tz), self.tz)
            hourly: dict[int, int] = {}
            # Per site, so each query is a range on the (site_code, scanned_at) index, not a table scan.
            for site in sites:
                for bucket in stats.flow(s, start, now + timedelta(seconds=1), site=site.code):
                    if bucket.direction == "in":
                        hour = bucket.start.astimezone(_zone(self.tz)).hour
                        hourly[hour] = hourly.get(hour, 0) + bucket.persons
            sold = [x.value for x in sales.SOLD]
            orders_today, revenue = s.exec(
                select(func.count(), func.coalesce(func.sum(Order.total), 0)).where(
                    col(Order.state).in_(sold), col(Order.paid_at) >= start, col(Order.paid_at) <= now
                )
            ).one()
            tickets = s.exec(
                select(func.count())
                .select_from(Ticket)
                .join(Order, col(Order.id) == col(Ticket.order_id))
                .where(col(Order.state).in_(sold), col(Order.paid_at) >= start, col(Order.paid_at) <= now)
            ).one()
            devices = [_device_row(d, now) for d in s.exec(select(Device).order_by(col(Device.id))).all()]
            alerts: list[tuple[str, str]] = []
            failed = s.exec(
                select(Order.code).where(
                    Order.state == OrderState.PRINT_FAILED, col(Order.created_at) >= start
                )
            ).all()
            alerts += [("print_failed", code) for code in failed]
            conflicts = s.exec(
                select(func.count())
                .select_from(Scan)
                .where(
                    col(Scan.site_code).in_([site.code for site in sites]),
                    col(Scan.scanned_at) >= start,
                    col(Scan.conflict),
                )
            ).one()
            if conflicts:
                alerts.append(("conflicts", str(conflicts)))
            alerts += [("capacity", names[d.site]) for d in days if d.warning]
            # Time slots from today on with more places sold than they have: a sale made out of reach of
            # central (shared.slots), or a capacity lowered at the database directly.
            oversold = s.exec(
                select(TimeSlot, Product)
                .join(Product, col(Product.id) == col(TimeSlot.product_id))
                .where(col(TimeSlot.starts_at) >= start, col(TimeSlot.taken) > col(TimeSlot.capacity))
                .order_by(col(TimeSlot.starts_at))
            ).all()
            alerts += [
                (
                    "oversold",
                    f"{product.name(self.lang)} "
                    f"{slot.starts_at.astimezone(_zone(self.tz)).strftime('%d/%m %H:%M')} "
                    f"({slot.taken}/{slot.capacity})",
                )
                for slot, product in oversold
            ]
            alerts += [("device", d.id) for d in devices if d.printer_state not in ("", "ok") or d.stale]
        return Dashboard(
            now,
            days,
            names,
            hourly,
            int(orders_today),
            int(tickets),
            int(revenue),
            self.currency,
            devices,
            alerts,
            coords,
        )

    # --- orders -----------------------------------------------------------------------------------

    def search_orders(self, text: str = "", day: date | None = None, limit: int = 200) -> list[OrderRow]:
        self._authorize("orders.view")
        untrusted_text = text.strip().upper()
        with Session(db.reader(self.engine)) as s:
            query = select(Order).where(col(Order.state).not_in(["cart", "reserved", "released"]))
            if untrusted_text:
                digits = untrusted_text.replace("-", "").replace(" ", "")
                conds = [col(Order.code) == untrusted_text, col(Order.code).startswith(untrusted_text)]
                if digits.isdigit() and len(digits) < 20:
                    sub = select(Ticket.order_id).where(Ticket.id == int(digits))
                    conds.append(col(Order.id).in_(sub))
                # The printed number is the low 40 bits of the ticket id (shared.tokens).
                by_number = [t.order_id for t in sales.tickets_by_number(s, digits)]
                if by_number:
                    conds.append(col(Order.id).in_(by_number))
                query = query.where(or_(*conds))
            if day is not None:
                start, end = day_bounds_utc(day, self.tz)
                query = query.where(col(Order.created_at) >= start, col(Order.created_at) < end)
            orders = s.exec(query.order_by(col(Order.created_at).desc()).limit(limit)).all()
            counts = dict(
                s.exec(
                    select(Ticket.order_id, func.count())
                    .where(col(Ticket.order_id).in_([o.id for o in orders]))
                    .group_by(Ticket.order_id)
                ).all()
            )
            return [_order_row(o, int(counts.get(o.id, 0))) for o in orders]

    def order_detail(self, order_id: str) -> OrderDetail:
        self._authorize("orders.view", order_id)
        with Session(db.reader(self.engine)) as s:
            order = sales.get_order(s, order_id)
            products = {p.id: p for p in s.exec(select(Product)).all()}
            cats = {c.id: c for c in s.exec(select(Category)).all()}
            lines = [
                {
                    "product": products[x.product_id].name(self.lang),
                    "category": cats[x.category_id].name(self.lang),
                    "quantity": x.quantity,
                    "unit_price": x.unit_price,
                }
                for x in s.exec(select(OrderLine).where(OrderLine.order_id == order_id)).all()
            ]
            tickets = [
                {
                    "id": t.id,
                    "number": _ticket_no(t.id),
                    "product": products[t.product_id].name(self.lang),
                    "category": cats[t.category_id].name(self.lang),
                    "status": t.status,
                    "persons": t.persons,
                    "printed": t.printed_count,
                    "valid_from": t.valid_from.isoformat(),
                }
                for t in sales.order_tickets(s, order_id)
            ]
            return OrderDetail(_order_row(order, len(tickets)), order.payment_ref or "", lines, tickets)

    def refund(self, order_id: str, reason: str = "") -> str:
        """Refund through the order's payment provider, then mark refunded and revoke every ticket.
        Returns the provider's refund state (``succeeded``, ``pending`` or ``manual``)."""
        self._authorize("order.refund", order_id)
        with Session(db.reader(self.engine)) as s:
            order = sales.get_order(s, order_id)
            if order.state not in {x.value for x in sales.SOLD}:
                raise CitadelError(
                    "invalid_transition", order.state, entity="order", current=order.state, target="refunded"
                )
            provider_name, reference, amount = order.provider or "", order.payment_ref or "", order.total
        state = "none"
        if amount > 0:
            if self.providers is None or not provider_name:
                raise CitadelError("refund_failed", "no payment provider", reason=provider_name or "-")
            provider = self.providers(provider_name)
            result = provider.refund(reference, amount, idempotency_key=f"refund-{order_id}")
            state = str(result.state)
            if state == "failed":
                raise CitadelError("refund_failed", str(result.error_code), reason=str(result.error_code))
        with db.session_scope(self.engine) as s:
            sales.refund(s, order_id, actor=self.who.username, reason=reason or "admin")
            audit.record(
                s,
                self.who.username,
                "order.refund.provider",
                order_id,
                provider=provider_name,
                amount=amount,
                state=state,
            )
        return state

    def void(self, order_id: str, reason: str = "") -> None:
        self._authorize("order.void", order_id)
        with db.session_scope(self.engine) as s:
            sales.void(s, order_id, actor=self.who.username, reason=reason or "admin")

    def revoke_ticket(self, ticket_id: int, reason: str = "revoked") -> None:
        self._authorize("ticket.revoke", str(ticket_id))
        with db.session_scope(self.engine) as s:
            sales.revoke_ticket(s, ticket_id, actor=self.who.username, reason=reason)

    def reprint(self, order_id: str, printer_uri: str) -> int:
        """Print every valid ticket of the order again on ``printer_uri``; returns tickets printed."""
        self._authorize("order.reprint", order_id)
        if self.printers is None:
            raise CitadelError("reprint_failed", "no printer support", reason="no printer")
        from printer import render_ticket
        from printer.tickets import order_views

        # The same page the kiosk printed (names, sites, slot, price), in the buyer's language.
        with Session(db.reader(self.engine)) as s:
            views = order_views(s, order_id)
        printed: list[int] = []
        error = None
        device = self.printers(printer_uri)
        try:
            for ticket_id, view in views:
                result = device.print_job(render_ticket(view, getattr(device, "profile", None)))
                if not result.ok:
                    error = result.code or "error"
                    break
                printed.append(ticket_id)
        finally:
            device.close()
        with db.session_scope(self.engine) as s:
            if printed:
                sales.mark_printed(s, order_id, printed)
            audit.record(
                s,
                self.who.username,
                "order.reprint",
                order_id,
                printer=printer_uri,
                tickets=len(printed),
                error=error,
            )
        if error is not None:
            raise CitadelError("reprint_failed", error, reason=error)
        return len(printed)

    # --- reports ----------------------------------------------------------------------------------

    def report(self, start: date, end: date, by: list[str]) -> ReportTable:
        self._authorize("reports.view")
        with Session(db.reader(self.engine)) as s:
            rows = stats.report(s, start, end, by, tz=self.tz)
            labels = catalogue_labels(s, self.lang)
        title = f"{start.strftime('%d/%m/%Y')} - {end.strftime('%d/%m/%Y')}"
        return stats_table(title, rows, by, lang=self.lang, currency=self.currency, labels=labels)

    def export_report(self, table: ReportTable, path: Path, progress: Progress | None = None) -> Path:
        self._authorize("reports.export", path.name)
        out = export(path, table, lang=self.lang, progress=progress)
        with db.session_scope(self.engine) as s:
            audit.record(s, self.who.username, "report.export", path.name, rows=len(table.rows))
        return out

    def export_monthly(
        self, year: int, month: int, folder: Path, progress: Progress | None = None
    ) -> tuple[Path, Path]:
        self._authorize("reports.export", f"{year}-{month:02d}")
        with Session(db.reader(self.engine)) as s:
            monthly = monthly_report(s, year, month, tz=self.tz, lang=self.lang, currency=self.currency)
        paths = write_monthly(folder, monthly, lang=self.lang, progress=progress)
        with db.session_scope(self.engine) as s:
            audit.record(s, self.who.username, "report.monthly", f"{year}-{month:02d}")
        return paths

    # --- city -------------------------------------------------------------------------------------

    def city_status(self) -> feed.CityStatus:
        self._authorize("city.view")
        with Session(db.reader(self.engine)) as s:
            return feed.status(s)

    def city_push(self, sink: feed.Sink | None = None) -> feed.PushResult:
        self._authorize("city.push")
        now = self.clock()
        sink = sink or feed.sink_from_config(self.city_config)
        with db.session_scope(self.engine) as s:
            feed.collect(s, now)
        return feed.push(self.engine, sink, now)

    # --- catalogue --------------------------------------------------------------------------------

    def sites(self) -> list[Site]:
        self._authorize("catalogue.view")
        with Session(db.reader(self.engine)) as s:
            rows = list(s.exec(select(Site).order_by(col(Site.bit))).all())
            for r in rows:
                s.expunge(r)
            return rows

    def products(self) -> list[dict[str, Any]]:
        self._authorize("catalogue.view")
        with Session(db.reader(self.engine)) as s:
            cats = {c.id: c for c in s.exec(select(Category)).all()}
            out = []
            for p in s.exec(select(Product).order_by(col(Product.number))).all():
                prices = {
                    cats[x.category_id].code: x.amount
                    for x in s.exec(select(Price).where(Price.product_id == p.id)).all()
                }
                slots = s.exec(
                    select(func.count()).select_from(TimeSlot).where(TimeSlot.product_id == p.id)
                ).one()
                out.append(
                    {
                        "id": p.id,
                        "code": p.code,
                        "name": p.name(self.lang),
                        "prices": prices,
                        "validity_days": p.validity_days,
                        "active": p.active,
                        "needs_slot": p.needs_slot,
                        "slots": int(slots),
                    }
                )
            return out

    def categories(self) -> list[tuple[str, str]]:
        """The audience categories (code, name in the manager's language), in their display order."""
        self._authorize("catalogue.view")
        with Session(db.reader(self.engine)) as s:
            rows = s.exec(select(Category).order_by(col(Category.sort), col(Category.number))).all()
            return [(c.code, c.name(self.lang)) for c in rows]

    def update_product(self, code: str, *, validity_days: int, active: bool) -> None:
        """How many days a ticket of ``code`` is valid (1-255: the token carries it in one byte), and
        whether the kiosks and counters sell it."""
        self._authorize("catalogue.edit", code)
        if not 1 <= validity_days <= 255:
            raise CitadelError("bad_validity", str(validity_days), days=validity_days)
        with db.session_scope(self.engine) as s:
            product = s.exec(select(Product).where(Product.code == code)).one()
            old = {"validity_days": product.validity_days, "active": product.active}
            product.validity_days, product.active = validity_days, active
            s.add(product)
            new = {"validity_days": validity_days, "active": active}
            audit.record(s, self.who.username, "product.change", code, old=old, new=new)

    def update_site(
        self,
        code: str,
        *,
        capacity: int,
        opens: str,
        closes: str,
        latitude: float | None,
        longitude: float | None,
    ) -> None:
        self._authorize("catalogue.edit", code)
        with db.session_scope(self.engine) as s:
            site = s.exec(select(Site).where(Site.code == code)).one()
            old = {"capacity": site.capacity, "opens": site.opens, "closes": site.closes}
            site.capacity, site.opens, site.closes = capacity, opens, closes
            site.latitude, site.longitude = latitude, longitude
            s.add(site)
            audit.record(
                s,
                self.who.username,
                "site.change",
                code,
                old=old,
                new={"capacity": capacity, "opens": opens, "closes": closes},
            )

    def set_price(self, product_code: str, category_code: str, amount: int) -> None:
        self._authorize("catalogue.edit", product_code)
        if amount < 0:
            raise CitadelError("bad_price", str(amount), amount=amount)
        with db.session_scope(self.engine) as s:
            product = s.exec(select(Product).where(Product.code == product_code)).one()
            cat = s.exec(select(Category).where(Category.code == category_code)).one()
            price = s.exec(
                select(Price).where(Price.product_id == product.id, Price.category_id == cat.id)
            ).first()
            old = price.amount if price else None
            if price is None:
                price = Price(
                    product_id=product.id or 0, category_id=cat.id or 0, amount=amount, currency=self.currency
                )
            price.amount = amount
            s.add(price)
            audit.record(
                s, self.who.username, "price.change", f"{product_code}/{category_code}", old=old, new=amount
            )

    def set_slot_capacity(self, slot_id: int, capacity: int) -> None:
        """Change a time slot's places. Never below the places already reserved or sold in it."""
        self._authorize("catalogue.edit", str(slot_id))
        with db.session_scope(self.engine) as s:
            slot = s.get(TimeSlot, slot_id)
            if slot is None:
                raise CitadelError("not_found", f"time slot {slot_id}", what="time slot", key=slot_id)
            old = slot.capacity
            # One conditional UPDATE, like a reservation's: a kiosk selling the last places meanwhile
            # cannot leave the slot with more sold than its capacity.
            changed = s.exec(
                update(TimeSlot)
                .where(col(TimeSlot.id) == slot_id, col(TimeSlot.taken) <= capacity)
                .values(capacity=capacity)
            )
            if changed.rowcount != 1:
                s.refresh(slot)
                raise CitadelError(
                    "slot_below_taken", f"{capacity} < {slot.taken}", capacity=capacity, taken=slot.taken
                )
            audit.record(s, self.who.username, "slot.change", str(slot_id), old=old, new=capacity)

    def add_slots(self, product_code: str, first_day: date, days: int, times: str, capacity: int) -> int:
        """Add ``product_code``'s time slots at ``times`` (local ``HH:MM``, separated by commas or spaces)
        on ``days`` days from ``first_day``, each with ``capacity`` places. Existing slots are kept.
        Returns how many were added."""
        self._authorize("catalogue.edit", product_code)
        try:
            wanted = sorted({catalogue.hhmm(t) for t in times.replace(",", " ").split()})
        except ValueError as exc:
            raise CitadelError("bad_time", times, value=times) from exc
        if not wanted or not 1 <= days <= 366 or capacity < 0:
            raise CitadelError("bad_slots", f"{times!r} x {days} days, {capacity}", value=times)
        with db.session_scope(self.engine) as s:
            product = s.exec(select(Product).where(Product.code == product_code)).one()
            if not product.needs_slot:
                raise CitadelError("product_without_slots", product_code, product=product_code)
            dates = [first_day + timedelta(days=i) for i in range(days)]
            made = catalogue.add_slots(s, product, dates, wanted, capacity=capacity, tz=self.tz)
            audit.record(
                s,
                self.who.username,
                "slot.add",
                product_code,
                first_day=first_day.isoformat(),
                days=days,
                times=wanted,
                capacity=capacity,
                added=made,
            )
        return made

    def slots(self, product_id: int) -> list[TimeSlot]:
        self._authorize("catalogue.view")
        with Session(db.reader(self.engine)) as s:
            rows = list(
                s.exec(
                    select(TimeSlot)
                    .where(TimeSlot.product_id == product_id)
                    .order_by(col(TimeSlot.starts_at))
                ).all()
            )
            for r in rows:
                s.expunge(r)
            return rows

    # --- devices and keys -------------------------------------------------------------------------

    def devices(self) -> list[tuple[DeviceRow, list[SigningKey]]]:
        self._authorize("devices.view")
        now = self.clock()
        with Session(db.reader(self.engine)) as s:
            out = []
            for d in s.exec(select(Device).order_by(col(Device.id))).all():
                ks = list(s.exec(select(SigningKey).where(SigningKey.device_id == d.id)).all())
                for k in ks:
                    s.expunge(k)
                out.append((_device_row(d, now), ks))
            known = {d.id for d, _ in out}
            orphans = [k for k in s.exec(select(SigningKey)).all() if k.device_id not in known]
            for k in orphans:
                s.expunge(k)
                # A key made outside enrolment (``citadel keys create`` on an all-in-one machine).
                out.append((DeviceRow(k.device_id or "?", "?", "", "unenrolled", None, "", 0, True), [k]))
            return out

    def enrol_device(self, device_id: str, kind: str, site_code: str | None, name: str = "") -> None:
        """Register a gate or an admin workstation ahead of its first start, pending approval. Kiosks and
        counters make their own signing key, so they enrol themselves (``citadel device enrol``)."""
        self._authorize("device.enrol", device_id)
        device_id = device_id.strip()
        if kind in devices.SIGNING_KINDS:
            raise CitadelError("enrol_on_device", device_id, kind=kind, device=device_id)
        with db.session_scope(self.engine) as s:
            devices.enrol_device(
                s,
                None,
                device_id=device_id,
                kind=kind,
                site_code=site_code,
                name=name,
                actor=self.who.username,
            )

    def approve_device(self, device_id: str) -> None:
        """Approve the device and its signing keys: a kiosk may sell, a gate shows it is approved."""
        self._authorize("device.approve", device_id)
        with db.session_scope(self.engine) as s:
            devices.approve_device(s, device_id, actor=self.who.username)

    def revoke_device(self, device_id: str, reason: str = "") -> None:
        """A lost or stolen device: revoke it and all its keys; tickets it signs from now on are refused."""
        self._authorize("device.revoke", device_id)
        with db.session_scope(self.engine) as s:
            devices.revoke_device(s, device_id, actor=self.who.username, reason=reason)

    def rename_device(self, device_id: str, name: str) -> None:
        """The name staff know a device by ("Ticket office B, left kiosk"); the id never changes."""
        self._authorize("device.approve", device_id)
        name = " ".join(name.split())
        if len(name) > 128:
            raise CitadelError("bad_device_name", name[:40], limit=128)
        with db.session_scope(self.engine) as s:
            device = s.get(Device, device_id)
            if device is None:
                raise CitadelError("not_found", f"device {device_id}", what="device", key=device_id)
            old, device.name = device.name, name
            s.add(device)
            audit.record(s, self.who.username, "device.rename", device_id, old=old, new=name)

    def revoke_key(self, key_id: int) -> None:
        """One key only (a key that leaked, or an old one after rotation); the device keeps its others."""
        self._authorize("key.revoke", str(key_id))
        with db.session_scope(self.engine) as s:
            keys.revoke_key(s, key_id)
            audit.record(s, self.who.username, "key.revoke", str(key_id))

    # --- users ------------------------------------------------------------------------------------

    def users(self) -> list[User]:
        self._authorize("users.view")
        with Session(db.reader(self.engine)) as s:
            rows = users.list_users(s)
            for r in rows:
                s.expunge(r)
            return rows

    def add_user(self, username: str, password: str, role: str) -> None:
        self._authorize("user.change", username)
        with db.session_scope(self.engine) as s:
            users.add_user(s, self.who, username, password, role)

    def set_role(self, username: str, role: str) -> None:
        self._authorize("user.change", username)
        with db.session_scope(self.engine) as s:
            users.set_role(s, self.who, username, role)

    def set_active(self, username: str, active: bool) -> None:
        self._authorize("user.change", username)
        with db.session_scope(self.engine) as s:
            users.set_active(s, self.who, username, active)

    def reset_password(self, username: str, password: str) -> None:
        with db.session_scope(self.engine) as s:
            users.reset_password(s, self.who, username, password)

    # --- audit ------------------------------------------------------------------------------------

    def audit_log(
        self,
        *,
        actor: str = "",
        action: str = "",
        text: str = "",
        start: date | None = None,
        end: date | None = None,
        limit: int = 500,
    ) -> list[AuditEvent]:
        self._authorize("audit.view")
        with Session(db.reader(self.engine)) as s:
            query = select(AuditEvent)
            if actor:
                query = query.where(AuditEvent.actor == actor)
            if action:
                query = query.where(col(AuditEvent.action).startswith(action))
            if text:
                query = query.where(col(AuditEvent.target).contains(text))
            if start is not None:
                query = query.where(col(AuditEvent.at) >= day_bounds_utc(start, self.tz)[0])
            if end is not None:
                query = query.where(col(AuditEvent.at) < day_bounds_utc(end, self.tz)[1])
            rows = list(
                s.exec(
                    query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
                ).all()
            )
            for r in rows:
                s.expunge(r)
            return rows


def _zone(tz: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(tz)


def _ticket_no(ticket_id: int) -> str:
    from shared.tokens import short_ticket_number

    return short_ticket_number(ticket_id)


def _order_row(o: Order, tickets: int) -> OrderRow:
    return OrderRow(
        o.id, o.code, o.state, o.created_at, o.total, o.currency, o.provider or "", o.country or "", tickets
    )


def _device_row(d: Device, now: datetime) -> DeviceRow:
    stale = d.last_seen is None or (now - d.last_seen) > timedelta(minutes=5)
    return DeviceRow(
        d.id,
        d.kind,
        d.site_code or "",
        d.status,
        d.last_seen,
        d.printer_state or "",
        d.queue_length,
        stale,
        d.name,
    )


__all__ = ["UTC", "AdminBackend", "Dashboard", "DeviceRow", "OrderDetail", "OrderRow"]


@dataclass(slots=True)
class Auth:
    """Login and the first run, before anyone is logged in."""

    engine: Engine

    def needs_first_manager(self) -> bool:
        with Session(db.reader(self.engine)) as s:
            return users.needs_first_manager(s)

    def login(self, username: str, password: str) -> users.Principal:
        return users.login(self.engine, username, password)

    def create_first_manager(self, username: str, password: str) -> users.Principal:
        with db.session_scope(self.engine) as s:
            user = users.create_first_manager(s, username, password)
            return users.Principal(user.username, user.role)
