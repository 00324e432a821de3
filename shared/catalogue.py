"""Core layer: the catalogue file (TOML, human-editable) and its loading into the database.

Loading is an upsert by code, so the same file can be loaded again after an edit. The file is
validated with pydantic first: a malformed file is refused with a coded error naming the field, and
nothing is written.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator
from sqlmodel import Session, select

from shared.errors import CitadelError
from shared.models import Category, Price, Product, ProductSite, Site, TimeSlot, utcnow
from shared.timeutil import local_date, local_time_utc


def demo_catalogue_path() -> Path:
    return Path(str(resources.files("shared.data").joinpath("hue-catalogue.toml")))


class _Names(BaseModel):
    names: dict[str, str] = Field(default_factory=dict)


class CategorySpec(_Names):
    code: str
    number: int = Field(ge=1, le=255)
    sort: int = 0


class SiteSpec(_Names):
    code: str
    bit: int = Field(ge=0, le=63)
    capacity: int = Field(default=0, ge=0)
    opens: str = "07:00"
    closes: str = "17:30"
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    timezone: str | None = None

    @field_validator("opens", "closes")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        return hhmm(v)


def hhmm(value: str) -> str:
    """A local time of day as ``HH:MM`` (00:00 to 23:59), normalised (``9:5`` -> ``09:05``); raises
    ValueError otherwise."""
    h, _, m = value.strip().partition(":")
    if not (h.isdigit() and m.isdigit() and int(h) < 24 and int(m) < 60):
        raise ValueError("time must be HH:MM")
    return f"{int(h):02d}:{int(m):02d}"


class SlotSpec(BaseModel):
    times: list[str]
    capacity: int = Field(ge=0)
    days_ahead: int = Field(default=7, ge=0, le=366)


class ProductSpec(_Names):
    code: str
    number: int = Field(ge=1, le=0xFFFF)
    kind: str = Field(default="single", pattern="^(single|combo)$")
    sites: list[str] = Field(min_length=1)
    validity_days: int = Field(default=1, ge=1, le=255)
    entries_per_site: int = Field(default=1, ge=1, le=255)
    reentry: bool = False
    needs_slot: bool = False
    slot_minutes: int = Field(default=0, ge=0, le=255)
    prices: dict[str, int]
    slots: SlotSpec | None = None


class CatalogueSpec(BaseModel):
    currency: str = Field(default="VND", min_length=3, max_length=3)
    timezone: str = "Asia/Ho_Chi_Minh"
    categories: list[CategorySpec]
    sites: list[SiteSpec]
    products: list[ProductSpec]


def parse_catalogue(path: Path) -> CatalogueSpec:
    try:
        with path.open("rb") as fh:
            raw: dict[str, Any] = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise CitadelError("file_not_found", str(path), path=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise CitadelError("catalogue_invalid", f"{path}: {exc}", problem=str(exc)) from exc
    try:
        spec = CatalogueSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CitadelError(
            "catalogue_invalid", f"{path}: {where}: {first['msg']}", problem=f"{where}: {first['msg']}"
        ) from exc
    site_codes = {s.code for s in spec.sites}
    cat_codes = {c.code for c in spec.categories}
    for product in spec.products:
        unknown = [s for s in product.sites if s not in site_codes]
        if unknown:
            raise CitadelError(
                "catalogue_invalid",
                f"product {product.code}: unknown sites {unknown}",
                problem=f"product {product.code}: unknown sites {unknown}",
            )
        bad = [c for c in product.prices if c not in cat_codes]
        if bad:
            raise CitadelError(
                "catalogue_invalid",
                f"product {product.code}: unknown categories {bad}",
                problem=f"product {product.code}: unknown categories {bad}",
            )
    for field in ("bit", "code"):
        values = [getattr(s, field) for s in spec.sites]
        if len(values) != len(set(values)):
            raise CitadelError(
                "catalogue_invalid", f"site {field}s must be unique", problem=f"duplicate site {field}"
            )
    return spec


def load_catalogue(session: Session, path: Path, *, today: date | None = None) -> dict[str, int]:
    """Upsert the catalogue in ``path``; returns counts of what was loaded."""
    spec = parse_catalogue(path)
    cats: dict[str, Category] = {}
    for c in spec.categories:
        row = session.exec(select(Category).where(Category.code == c.code)).first() or Category(
            code=c.code, number=c.number
        )
        row.number, row.names, row.sort = c.number, c.names, c.sort
        session.add(row)
        cats[c.code] = row
    sites: dict[str, Site] = {}
    for s in spec.sites:
        site = session.exec(select(Site).where(Site.code == s.code)).first() or Site(code=s.code, bit=s.bit)
        site.bit, site.names, site.capacity = s.bit, s.names, s.capacity
        site.opens, site.closes = s.opens, s.closes
        site.latitude, site.longitude = s.latitude, s.longitude
        site.timezone = s.timezone or spec.timezone
        session.add(site)
        sites[s.code] = site
    session.flush()
    slots_made = 0
    for p in spec.products:
        product = session.exec(select(Product).where(Product.code == p.code)).first() or Product(
            code=p.code, number=p.number
        )
        names = p.names or sites[p.sites[0]].names if p.kind == "single" else p.names
        product.number, product.kind, product.names = p.number, p.kind, dict(names or {})
        product.validity_days, product.entries_per_site = p.validity_days, p.entries_per_site
        product.reentry, product.needs_slot, product.slot_minutes = p.reentry, p.needs_slot, p.slot_minutes
        session.add(product)
        session.flush()
        assert product.id is not None
        for link in session.exec(select(ProductSite).where(ProductSite.product_id == product.id)).all():
            session.delete(link)
        session.flush()
        for code in p.sites:
            site_id = sites[code].id
            assert site_id is not None
            session.add(ProductSite(product_id=product.id, site_id=site_id))
        for cat_code, amount in p.prices.items():
            cat_id = cats[cat_code].id
            price = session.exec(
                select(Price).where(Price.product_id == product.id, Price.category_id == cat_id)
            ).first()
            price = price or Price(product_id=product.id, category_id=cat_id or 0, amount=amount)
            price.amount, price.currency = amount, spec.currency
            session.add(price)
        if p.slots is not None:
            tz = sites[p.sites[0]].timezone
            start_day = today or local_date(utcnow(), tz)
            days = [start_day + timedelta(days=offset) for offset in range(p.slots.days_ahead + 1)]
            slots_made += add_slots(session, product, days, p.slots.times, capacity=p.slots.capacity, tz=tz)
    session.flush()
    return {"categories": len(cats), "sites": len(sites), "products": len(spec.products), "slots": slots_made}


def add_slots(
    session: Session, product: Product, days: Iterable[date], times: Iterable[str], *, capacity: int, tz: str
) -> int:
    """Create ``product``'s time slots at the local ``times`` (HH:MM) of each of ``days``, each of
    ``product.slot_minutes`` (60 if unset) and ``capacity`` places. A slot that already exists is left as
    it is (its sales stand). Returns how many were made."""
    made = 0
    for day in days:
        for at in times:
            starts = local_time_utc(day, hhmm(at), tz)
            existing = session.exec(
                select(TimeSlot).where(TimeSlot.product_id == product.id, TimeSlot.starts_at == starts)
            ).first()
            if existing is None:
                session.add(
                    TimeSlot(
                        product_id=product.id or 0,
                        starts_at=starts,
                        minutes=product.slot_minutes or 60,
                        capacity=capacity,
                    )
                )
                made += 1
    return made
