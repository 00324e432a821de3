"""Core layer (Qt-free): the site-network commands, as Typer apps the ``citadel`` CLI mounts.

- ``citadel db roles`` / ``citadel db login``: least-privilege PostgreSQL roles at central;
- ``citadel device enrol|approve|revoke|list|state``: enrolment and approval;
- ``citadel sync run [--once]`` / ``citadel sync status``: the store-and-forward worker.

``app`` bundles all three groups (``db``, ``device``, ``sync``) for standalone use and tests; the core CLI
adds ``db_roles``/``db_login`` to its own ``db`` group and mounts ``device_app`` and ``sync_app``.
Central is ``--central`` or ``CITADEL_CENTRAL_URL``; its password comes from PGPASSWORD or ~/.pgpass.
Errors are :class:`~shared.errors.CitadelError` (the core CLI prints them as one translated line).
"""

from __future__ import annotations

import json
import os
import signal
import threading
from typing import Annotated, Any

import typer
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from shared import db, keys
from shared.config import Settings, load_settings
from shared.errors import CitadelError
from shared.sync.devices import (
    DEVICE_KINDS,
    approve_device,
    device_state,
    enrol_device,
    list_devices,
    revoke_device,
)
from shared.sync.outbox import SyncWorker, pull_once, sync_status
from shared.sync.roles import ROLE_NAMES, create_login, create_roles

app = typer.Typer(help="Site network: roles, devices and sync.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Central database roles.", no_args_is_help=True)
device_app = typer.Typer(help="Enrol, approve and revoke devices.", no_args_is_help=True)
sync_app = typer.Typer(help="Store-and-forward sync with central.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(device_app, name="device")
app.add_typer(sync_app, name="sync")

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
CentralOpt = Annotated[
    str | None, typer.Option("--central", help="Central PostgreSQL URL (default: CITADEL_CENTRAL_URL)")
]


def _emit(as_json: bool, data: Any, text: str) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str) if as_json else text)


def _actor() -> str:
    return os.environ.get("USER") or "cli"


def _central(settings: Settings, central: str | None, *, required: bool = True) -> Engine | None:
    url = central or settings.central_url
    if not url:
        if required:
            raise CitadelError("no_central", "no central database configured")
        return None
    return db.make_engine(url, connect_args={"connect_timeout": 10})


def _registry(settings: Settings, central: str | None) -> Engine:
    """Where devices are registered: central in a site network, else this machine's own database."""
    engine = _central(settings, central, required=False)
    return engine if engine is not None else db.make_engine(settings.resolved_database_url)


def _unreachable(exc: OperationalError) -> CitadelError:
    problem = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return CitadelError("central_unreachable", problem, problem=problem)


# -- db ---------------------------------------------------------------------------------------------------
@db_app.command("roles")
def db_roles(
    database: Annotated[
        str | None,
        typer.Option(help="Central database URL (default: CITADEL_CENTRAL_URL, then CITADEL_DATABASE_URL)"),
    ] = None,
    prefix: Annotated[str, typer.Option(help="Prefix for the role names")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Create or refresh the roles kiosk, gate, counter, admin and reporting with least-privilege grants."""
    settings = load_settings()
    url = database or settings.central_url or settings.resolved_database_url
    engine = db.make_engine(url)
    try:
        made = create_roles(engine, prefix=prefix)
    except OperationalError as exc:
        raise _unreachable(exc) from exc
    finally:
        engine.dispose()
    text = "\n".join(f"{role}:\n" + "\n".join(f"  {line}" for line in lines) for role, lines in made.items())
    _emit(as_json, made, text)


@db_app.command("login")
def db_login(
    name: Annotated[str, typer.Argument(help="Login role for one device, e.g. gate_hue_3")],
    role: Annotated[str, typer.Option(help="Group role: " + ", ".join(ROLE_NAMES))],
    database: Annotated[str | None, typer.Option(help="Central database URL")] = None,
    password_env: Annotated[
        str, typer.Option(help="Environment variable holding the password (never on the command line)")
    ] = "CITADEL_LOGIN_PASSWORD",  # noqa: S107 - the variable's name, not a password
    as_json: JsonOpt = False,
) -> None:
    """Create (or reset) a device's own login role as a member of a group role."""
    if role not in ROLE_NAMES:
        raise CitadelError("bad_device_kind", role, kind=role, kinds=", ".join(ROLE_NAMES))
    password = os.environ.get(password_env)
    if not password:
        raise CitadelError("missing_password", password_env, variable=password_env)
    settings = load_settings()
    engine = db.make_engine(database or settings.central_url or settings.resolved_database_url)
    try:
        create_login(engine, name, role, password)
    finally:
        engine.dispose()
    _emit(as_json, {"login": name, "role": role}, f"login role {name} is a member of {role}")


# -- device -------------------------------------------------------------------------------------------
@device_app.command("enrol")
def device_enrol(
    kind: Annotated[str, typer.Option(help="kiosk, gate, counter or admin")],
    site: Annotated[str, typer.Option(help="Site code this device serves")],
    central: CentralOpt = None,
    device_id: Annotated[
        str | None, typer.Option("--id", help="Device id (default: CITADEL_DEVICE_ID)")
    ] = None,
    name: Annotated[str, typer.Option(help="A name people recognise")] = "",
    use_keyring: Annotated[
        bool, typer.Option("--keyring/--key-file", help="Private key in the OS keyring or a 0600 file")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Register this device (pending approval) and make its signing key if it sells."""
    if kind not in DEVICE_KINDS:
        raise CitadelError("bad_device_kind", kind, kind=kind, kinds=", ".join(DEVICE_KINDS))
    settings = load_settings()
    ident = device_id or settings.device_id
    store: keys.PrivateKeyStore = (
        keys.KeyringKeyStore() if use_keyring else keys.FileKeyStore(settings.data_dir / "keys")
    )
    registry = _registry(settings, central)
    try:
        with db.session_scope(registry) as session:
            result = enrol_device(
                session, store, device_id=ident, kind=kind, site_code=site, name=name, actor=_actor()
            )
        remote = registry.dialect.name == "postgresql" and (central or settings.central_url)
        if remote:
            local_url = settings.resolved_database_url
            db.upgrade(local_url)
            local = db.make_engine(local_url)
            try:
                pull_once(local, registry)
            finally:
                local.dispose()
    except OperationalError as exc:
        raise _unreachable(exc) from exc
    finally:
        registry.dispose()
    data = {
        "device": result.device_id,
        "kind": result.kind,
        "site": result.site_code,
        "key_id": result.key_id,
        "status": result.status,
        "key_store": "keyring" if use_keyring else str(settings.data_dir / "keys"),
    }
    key = f", key {result.key_id}" if result.key_id is not None else ""
    _emit(as_json, data, f"device {ident} ({kind}, {site}) enrolled{key}: waiting for a manager's approval")


@device_app.command("approve")
def device_approve(device: str, central: CentralOpt = None, as_json: JsonOpt = False) -> None:
    """Approve a device and its keys (a kiosk may then sell, a gate scan)."""
    settings = load_settings()
    registry = _registry(settings, central)
    try:
        with db.session_scope(registry) as session:
            row = approve_device(session, device, actor=_actor())
            data = {"device": row.id, "status": row.status}
    finally:
        registry.dispose()
    _emit(as_json, data, f"device {device} approved")


@device_app.command("revoke")
def device_revoke(
    device: str,
    reason: Annotated[str, typer.Option(help="Why (kept in the audit trail)")] = "",
    central: CentralOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Revoke a device and its keys: tickets it signs from now on are refused at every gate."""
    settings = load_settings()
    registry = _registry(settings, central)
    try:
        with db.session_scope(registry) as session:
            row = revoke_device(session, device, actor=_actor(), reason=reason)
            data = {"device": row.id, "status": row.status}
    finally:
        registry.dispose()
    _emit(as_json, data, f"device {device} revoked")


@device_app.command("list")
def device_list(central: CentralOpt = None, as_json: JsonOpt = False) -> None:
    """Devices with their kind, site, approval and last contact."""
    settings = load_settings()
    registry = _registry(settings, central)
    try:
        with db.session_scope(registry) as session:
            rows: list[dict[str, Any]] = [
                {
                    "device": d.id,
                    "kind": d.kind,
                    "site": d.site_code,
                    "status": d.status,
                    "last_seen": d.last_seen,
                    "printer": d.printer_state,
                    "queue": d.queue_length,
                }
                for d in list_devices(session)
            ]
    finally:
        registry.dispose()
    text = "\n".join(
        f"{r['device']:<20} {r['kind']:<8} {r['site'] or '-':<20} {r['status']:<9} "
        f"{r['last_seen'].isoformat(timespec='seconds') if r['last_seen'] else 'never'}"
        for r in rows
    )
    _emit(as_json, rows, text or "no devices")


@device_app.command("state")
def device_state_cmd(
    device: Annotated[str | None, typer.Argument(help="Device id (default: this device)")] = None,
    lang: Annotated[str, typer.Option(help="Language of the message")] = "en",
    as_json: JsonOpt = False,
) -> None:
    """Whether this device may sell or scan now, from its own journal (as last pulled)."""
    settings = load_settings()
    engine = db.make_engine(settings.resolved_database_url)
    try:
        with db.session_scope(engine) as session:
            state = device_state(session, device or settings.device_id)
    finally:
        engine.dispose()
    _emit(as_json, state.as_dict() | {"message": state.message(lang)}, state.message(lang))


# -- sync -----------------------------------------------------------------------------------------------
@sync_app.command("run")
def sync_run(
    once: Annotated[bool, typer.Option("--once", help="One pull and one batch, then exit")] = False,
    central: CentralOpt = None,
    batch_size: Annotated[int, typer.Option(min=1, max=10_000)] = 500,
    as_json: JsonOpt = False,
) -> None:
    """Forward this device's journal to central and pull the catalogue, keys and revocations."""
    settings = load_settings()
    url = central or settings.central_url
    if not url:
        raise CitadelError("no_central", "no central database configured")
    local = db.make_engine(settings.resolved_database_url)
    worker = SyncWorker(local, url, batch_size=batch_size, device_id=settings.device_id)
    try:
        if once:
            try:
                pulled = worker.pull_once()
            except OperationalError as exc:
                raise _unreachable(exc) from exc
            result = worker.run_once()
            data = {
                "sent": result.sent,
                "failed": result.failed,
                "backlog": result.backlog,
                "error": result.error,
                "pulled": pulled,
            }
            _emit(
                as_json,
                data,
                f"sent {result.sent}, failed {result.failed}, backlog {result.backlog}"
                + (f" (error: {result.error})" if result.error else ""),
            )
            if result.error:
                raise typer.Exit(2)
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        typer.echo(f"syncing with {worker.central.url.render_as_string(hide_password=True)}; Ctrl+C stops")
        worker.run_forever(stop)
    finally:
        worker.close()
        local.dispose()


@sync_app.command("status")
def sync_status_cmd(as_json: JsonOpt = False) -> None:
    """This device's backlog (per topic) and its last sync, pull and error."""
    settings = load_settings()
    engine = db.make_engine(settings.resolved_database_url)
    try:
        with db.session_scope(engine) as session:
            st = sync_status(session)
    finally:
        engine.dispose()
    data = st.as_dict()
    lines = [
        f"backlog: {st.total_backlog}"
        + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(st.backlog.items())) + ")" if st.backlog else ""),
        f"last sync: {data['last_sync'] or 'never'}",
        f"last pull: {data['last_pull'] or 'never'}",
    ]
    if st.last_error:
        lines.append(f"last error: {st.last_error} at {data['last_error_at']}")
    _emit(as_json, data, "\n".join(lines))
