"""Core layer: the ``citadel`` command line (Typer).

Every command has ``--help``; ``--json`` gives machine-readable output; errors are one clear,
translated line on stderr with their code, never a traceback. Exit codes: 0 success (for ``verify``:
admitted), 1 refused (``verify``), 2 usage or system error.

Sub-commands of packages the core may not import (``citadel printer``, ``citadel gate``) are found
through the ``citadel.commands`` entry-point group, which keeps the layering intact.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from datetime import date, datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import col, select

from shared import db, keys, redemption, sales, stats
from shared.catalogue import demo_catalogue_path, load_catalogue
from shared.config import Settings, load_settings
from shared.errors import CitadelError
from shared.i18n import tr
from shared.models import Category, Price, Product, SigningKey, TimeSlot, new_uuid7, utcnow
from shared.tokens import KeyRing

app = typer.Typer(
    help="Citadel: ticketing and visitor flow for heritage sites.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
catalogue_app = typer.Typer(help="Sites, products, prices and time slots.", no_args_is_help=True)
keys_app = typer.Typer(help="Ticket signing keys.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(catalogue_app, name="catalogue")
app.add_typer(keys_app, name="keys")

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def _lang() -> str:
    """Language of CLI messages: CITADEL_LANGUAGE, else English (operators' terminals)."""
    return os.environ.get("CITADEL_LANGUAGE") or "en"


def _say_error(exc: CitadelError) -> None:
    """One line with the code and the translated message, then what to do about it where we know."""
    typer.echo(f"error [{exc.code}]: {exc.message(_lang())}", err=True)
    hint = tr(f"cli.hint.{exc.code}", _lang())
    if hint != f"cli.hint.{exc.code}":
        typer.echo(f"  {hint}", err=True)


def fail(exc: CitadelError) -> NoReturn:
    _say_error(exc)
    raise typer.Exit(2)


def context() -> tuple[Settings, Engine]:
    settings = load_settings()
    return settings, db.make_engine(settings.resolved_database_url)


def emit(as_json: bool, data: Any, text: str) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str) if as_json else text)


@db_app.command("upgrade")
def db_upgrade(as_json: JsonOpt = False) -> None:
    """Create or migrate the database named by CITADEL_DATABASE_URL (default: SQLite in the data dir)."""
    settings = load_settings()
    url = settings.resolved_database_url
    db.upgrade(url)
    shown = db.make_engine(url).url.render_as_string(hide_password=True)
    emit(as_json, {"database": shown, "status": "up to date"}, f"database {shown} is up to date")


@db_app.command("rollups")
def db_rollups(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Recompute them from scans and tickets")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the hourly report rollups against the scans and tickets (exit 1 on a difference)."""
    from shared import rollups

    _, engine = context()
    with engine.begin() as conn:
        if rebuild:
            rollups.rebuild(conn)
        problems = rollups.check(conn)
    text = "rollups match the scans and tickets" if not problems else "\n".join(problems)
    emit(as_json, {"rebuilt": rebuild, "differences": problems}, text)
    if problems:
        raise typer.Exit(1)


@catalogue_app.command("load")
def catalogue_load(
    file: Annotated[Path | None, typer.Argument(help="Catalogue TOML; default: the Hue demo")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Load (or update) a catalogue file into the database."""
    _, engine = context()
    path = file or demo_catalogue_path()
    with db.session_scope(engine) as session:
        counts = load_catalogue(session, path)
    emit(as_json, counts, f"loaded {path}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@catalogue_app.command("show")
def catalogue_show(
    lang: Annotated[str, typer.Option(help="Language for names")] = "en", as_json: JsonOpt = False
) -> None:
    """List products with their sites and prices."""
    _, engine = context()
    out: list[dict[str, Any]] = []
    with db.session_scope(engine) as session:
        cats = {c.id: c for c in session.exec(select(Category)).all()}
        for p in session.exec(select(Product).order_by(col(Product.number))).all():
            site_codes = [s.code for s in sales.product_sites(session, p.id)]
            prices = {
                cats[pr.category_id].code: pr.amount
                for pr in session.exec(select(Price).where(Price.product_id == p.id)).all()
            }
            slots = session.exec(select(TimeSlot).where(TimeSlot.product_id == p.id)).all()
            out.append(
                {
                    "code": p.code,
                    "name": p.name(lang),
                    "kind": p.kind,
                    "validity_days": p.validity_days,
                    "sites": site_codes,
                    "prices": prices,
                    "slots": len(slots),
                }
            )
    lines = [
        f"{r['code']:<22} {r['name'][:44]:<44} {r['validity_days']}d  "
        + "  ".join(f"{k}={v:,}" for k, v in r["prices"].items())
        for r in out
    ]
    emit(as_json, out, "\n".join(lines) if lines else "the catalogue is empty: run `citadel catalogue load`")


@keys_app.command("create")
def keys_create(
    device: Annotated[str | None, typer.Option(help="Device id; default: this device")] = None,
    approve: Annotated[bool, typer.Option(help="Approve at once (all-in-one set-ups)")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Make a signing key pair; the private half goes to a 0600 file in the data directory."""
    settings, engine = context()
    with db.session_scope(engine) as session:
        row = keys.create_key(
            session,
            keys.FileKeyStore(settings.data_dir / "keys"),
            device or settings.device_id,
            approve=approve,
        )
        data = {"key_id": row.key_id, "device": row.device_id, "approved": row.approved_at is not None}
    emit(
        as_json,
        data,
        f"key {data['key_id']} for device {data['device']}"
        + (" (approved)" if data["approved"] else " (waiting for approval)"),
    )


@keys_app.command("list")
def keys_list(as_json: JsonOpt = False) -> None:
    """List signing keys and their state."""
    _, engine = context()
    with db.session_scope(engine) as session:
        rows = [
            {
                "key_id": k.key_id,
                "device": k.device_id,
                "created_at": k.created_at,
                "approved_at": k.approved_at,
                "revoked_at": k.revoked_at,
            }
            for k in session.exec(select(SigningKey).order_by(col(SigningKey.key_id))).all()
        ]
    text = "\n".join(
        f"{r['key_id']:>5}  {r['device'] or '-':<20} "
        + ("revoked" if r["revoked_at"] else "approved" if r["approved_at"] else "pending")
        for r in rows
    )
    emit(as_json, rows, text or "no keys")


@keys_app.command("revoke")
def keys_revoke(key_id: int, as_json: JsonOpt = False) -> None:
    """Revoke a key: tickets it signs from now on are refused at every gate."""
    _, engine = context()
    with db.session_scope(engine) as session:
        row = keys.revoke_key(session, key_id)
        from shared import audit

        audit.record(session, os.environ.get("USER", "cli"), "key.revoke", str(key_id))
        data = {"key_id": key_id, "revoked_at": row.revoked_at}
    emit(as_json, data, f"key {key_id} revoked at {data['revoked_at']}")


def _hold_at_central(settings: Settings, engine: Engine, order_id: str, needs: dict[int, int]) -> None:
    """Site network: take the timed places at central too (shared.slots); give them back locally if not."""
    from shared.slots import CentralSlots

    holds = CentralSlots.for_device(settings)
    if holds is None:
        return
    try:
        holds.hold(order_id, needs)
    except CitadelError:
        with db.session_scope(engine) as session:
            sales.release(session, order_id)
        raise
    finally:
        holds.close()


@app.command("sell")
def sell(
    product: Annotated[str, typer.Option(help="Product code, e.g. combo-3")],
    adult: Annotated[int, typer.Option(min=0)] = 0,
    child: Annotated[int, typer.Option(min=0)] = 0,
    free: Annotated[int, typer.Option(min=0, help="Under 7, free")] = 0,
    slot: Annotated[str | None, typer.Option(help="Slot start, ISO 8601 (for timed products)")] = None,
    country: Annotated[str | None, typer.Option(help="Country of residence, ISO 3166 alpha-2")] = None,
    pay: Annotated[str, typer.Option(help="Payment provider (the CLI supports demo)")] = "demo",
    group: Annotated[
        bool, typer.Option(help="One group ticket per category instead of one per person")
    ] = False,
    lang: Annotated[str, typer.Option(help="Buyer's language")] = "en",
    qr_dir: Annotated[Path | None, typer.Option(help="Write one QR PNG per ticket here")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Sell tickets from the command line and print each ticket's token."""
    if pay != "demo":
        raise CitadelError(
            "provider_not_supported", f"the CLI sells with --pay demo only, not {pay!r}", provider=pay
        )
    settings, engine = context()
    lines = [
        sales.CartLine(product, cat, n)
        for cat, n in (("adult", adult), ("child", child), ("free", free))
        if n > 0
    ]
    with db.session_scope(engine) as session:
        slot_id = None
        if slot is not None:
            try:
                starts = datetime.fromisoformat(slot)
            except ValueError as exc:
                raise CitadelError("bad_date", slot, value=slot) from exc
            if starts.tzinfo is None:
                from zoneinfo import ZoneInfo

                starts = starts.replace(tzinfo=ZoneInfo(settings.timezone))
            p = session.exec(select(Product).where(Product.code == product)).first()
            found = session.exec(
                select(TimeSlot).where(
                    TimeSlot.product_id == (p.id if p else -1), TimeSlot.starts_at == starts
                )
            ).first()
            if found is None:
                raise CitadelError("slot_required", f"no slot of {product} starts at {slot}", product=product)
            slot_id = found.id
        lines = [sales.CartLine(x.product, x.category, x.quantity, slot_id) for x in lines]
        key_row = keys.signing_key_for_device(session, settings.device_id)
        signer = sales.Signer(
            key_row.key_id, keys.FileKeyStore(settings.data_dir / "keys").load(key_row.key_id)
        )
        order = sales.create_order(
            session,
            lines,
            device_id=settings.device_id,
            site_code=settings.site,
            language=lang,
            country=country,
            group_ticket=group,
        )
        sales.reserve(session, order.id, minutes=settings.reservation_minutes)
        needs = sales.slot_needs(session, order.id)
    if needs:
        _hold_at_central(settings, engine, order.id, needs)
    with db.session_scope(engine) as session:
        sales.start_payment(session, order.id, "demo")
    # The order is committed in `paying` before the payment step (ARCHITECTURE.md invariant).
    from shared.payments import load_provider
    from shared.payments.base import PaymentRequest

    provider = load_provider("demo", {}, demo_mode=True, counter_mode=True)
    handle = provider.start(
        PaymentRequest(
            order_id=order.id,
            order_code=order.code,
            amount=order.total,
            currency=order.currency,
            description=product,
            language=lang,
        )
    )
    handle = provider.approve(handle)  # type: ignore[attr-defined]
    with db.session_scope(engine) as session:
        sales.mark_paid(session, order.id, handle.reference)
        tickets = sales.issue_tickets(session, order.id, signer)
        data: dict[str, Any] = {
            "order": order.id,
            "code": order.code,
            "total": order.total,
            "currency": order.currency,
            "tickets": [{"id": t.id, "persons": t.persons, "token": t.token} for t in tickets],
        }
    if qr_dir is not None:
        import qrcode

        qr_dir.mkdir(parents=True, exist_ok=True)
        for t in data["tickets"]:
            qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=8, border=4)
            qr.add_data(t["token"])
            qr.make(fit=True)
            path = qr_dir / f"{order.code}-{t['id']}.png"
            qr.make_image().save(str(path))
            t["qr"] = str(path)
    text = [f"order {data['code']} ({data['order']}) total {data['total']:,} {data['currency']}"]
    text += [f"  ticket {t['id']} x{t['persons']}: {t['token']}" for t in data["tickets"]]
    emit(as_json, data, "\n".join(text))


@app.command("verify")
def verify_cmd(
    text: Annotated[str, typer.Argument(help="The text read from the QR")],
    site: Annotated[str, typer.Option(help="Site code of this gate")],
    gate: Annotated[str, typer.Option(help="Gate name")] = "cli",
    exit_: Annotated[bool, typer.Option("--exit", help="Exit gate: count the exit")] = False,
    dry_run: Annotated[bool, typer.Option(help="Check only; record nothing")] = False,
    lang: Annotated[str, typer.Option(help="Language of the reason")] = "en",
    as_json: JsonOpt = False,
) -> None:
    """Check a ticket as a gate would. Exit code 0 admitted, 1 refused, 2 error."""
    settings, engine = context()
    with db.session_scope(engine) as session:
        sites = redemption.load_sites(session)
        if site not in sites:
            raise CitadelError("not_found", f"site {site}", what="site", key=site)
        ring: KeyRing = keys.load_keyring(session)
        verdict = redemption.redeem(
            session,
            ring,
            text,
            sites[site],
            gate,
            "out" if exit_ else "in",
            utcnow(),
            new_uuid7(),
            device_id=settings.device_id,
            dry_run=dry_run,
            policy=redemption.Policy.from_minutes(
                settings.slot_tolerance_before_min, settings.slot_tolerance_after_min
            ),
        )
    data = verdict.as_dict() | {"message": verdict.message(lang)}
    emit(as_json, data, f"{'ADMIT' if verdict.admitted else 'REFUSE'} [{verdict.code}] {data['message']}")
    raise typer.Exit(0 if verdict.admitted else 1)


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CitadelError("bad_date", value, value=value) from exc


@app.command("report")
def report_cmd(
    from_: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD (local)")],
    to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD (local)")],
    by: Annotated[
        str, typer.Option(help="Comma-separated: " + ",".join(stats.VISIT_DIMENSIONS))
    ] = "site,day",
    fmt: Annotated[str, typer.Option("--format", help="csv or json")] = "csv",
) -> None:
    """Visits and sales for a date range, grouped as asked."""
    settings, engine = context()
    dims = [d.strip() for d in by.split(",") if d.strip()]
    with db.session_scope(engine) as session:
        rows = stats.report(session, _parse_day(from_), _parse_day(to), dims, tz=settings.timezone)
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt != "csv":
        raise CitadelError("bad_format", fmt, value=fmt)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[*dims, "entries", "exits", "tickets", "persons_sold", "revenue"])
    writer.writeheader()
    from shared.exports import csv_safe

    for row in rows:
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
    typer.echo(buf.getvalue().rstrip("\n"))


def _mount_site_network() -> None:
    """`citadel db roles|login`, `citadel device …` and `citadel sync …` live in shared/sync."""
    from shared.sync import cli as sync_cli

    known = {c.name for c in db_app.registered_commands}
    db_app.registered_commands.extend(c for c in sync_cli.db_app.registered_commands if c.name not in known)
    app.add_typer(sync_cli.device_app, name="device")
    app.add_typer(sync_cli.sync_app, name="sync")


def _mount_plugins() -> None:
    for ep in entry_points(group="citadel.commands"):
        try:
            sub = ep.load()
        except ImportError:
            continue  # that package is not installed on this device
        app.add_typer(sub, name=ep.name)


def main(argv: list[str] | None = None) -> int:
    _mount_site_network()
    _mount_plugins()
    try:
        rv = app(args=argv, standalone_mode=False)
    except CitadelError as exc:
        _say_error(exc)
        return 2
    except (OperationalError, ProgrammingError) as exc:
        err = CitadelError("database", str(exc.orig), problem=str(exc.orig).splitlines()[0])
        typer.echo(f"error [{err.code}]: {err.message(_lang())} (run `citadel db upgrade`?)", err=True)
        return 2
    except Exception as exc:
        # Typer vendors its own click: recognise its usage errors and exits by shape, not by class.
        if hasattr(exc, "exit_code") and not hasattr(exc, "show"):
            return int(exc.exit_code)
        if hasattr(exc, "show"):
            exc.show()
            return 2
        if type(exc).__name__ == "Abort":
            return 2
        # A bug, not bad input: keep the traceback for the developers, show one line to the person.
        import traceback

        log = load_settings().data_dir / "logs" / "citadel-cli.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {utcnow().isoformat()} citadel {' '.join(argv or sys.argv[1:])}\n")
            fh.write(traceback.format_exc())
        err = CitadelError("internal", str(exc), log=str(log))
        typer.echo(f"error [{err.code}]: {err.message(_lang())}", err=True)
        return 2
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
