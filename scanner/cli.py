"""Scanner layer (Qt-free): the ``citadel gate`` command group, mounted by the core CLI through the
``citadel.commands`` entry point. ``citadel gate run`` is the same code as ``citadel-gate``
(:func:`scanner.app.run`); ``citadel gate status`` prints connectivity, queue and today's counts.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from shared.errors import CitadelError

from .app import GateOptions, build_controller, run, settings_for
from .gate import status_text

app = typer.Typer(
    help="Gate scanner: run a gate (window or headless), show its status.", no_args_is_help=True
)


def _fail(exc: CitadelError, lang: str) -> None:
    typer.echo(f"error [{exc.code}]: {exc.message(lang)}", err=True)
    raise typer.Exit(2)


@app.command("run")
def run_cmd(
    headless: Annotated[
        bool, typer.Option("--headless", help="No window: one JSON line per verdict.")
    ] = False,
    source: Annotated[
        str | None, typer.Option(help="cam:0, file:PATH, folder:DIR, virtual:DIR, wedge:-")
    ] = None,
    site: Annotated[str | None, typer.Option(help="Site code.")] = None,
    gate: Annotated[str | None, typer.Option(help="Gate name.")] = None,
    exit_mode: Annotated[bool, typer.Option("--exit", help="Exit mode: count exits, never block.")] = False,
    database: Annotated[str | None, typer.Option(help="Database URL (default: local journal).")] = None,
    relay: Annotated[str, typer.Option(help="log:[FILE], serial:PORT?baud=9600, gpio:LINE")] = "log:",
    peer: Annotated[list[str] | None, typer.Option(help="Peer gate host:port (repeatable).")] = None,
    peer_listen: Annotated[str | None, typer.Option(help="host:port to hear peers on.")] = None,
    lang: Annotated[str | None, typer.Option(help="Interface language.")] = None,
    windowed: Annotated[bool, typer.Option("--windowed", help="Do not go fullscreen.")] = False,
) -> None:
    """Run the gate: the fullscreen window, or with --headless a JSON line per verdict on stdout."""
    opts = GateOptions(
        headless=headless,
        source=source,
        site=site,
        gate=gate,
        exit=exit_mode,
        database=database,
        relay=relay,
        peers=list(peer or []),
        peer_listen=peer_listen,
        language=lang,
        fullscreen=not windowed,
    )
    code = run(opts)
    if code:
        raise typer.Exit(code)


@app.command("status")
def status_cmd(
    site: Annotated[str | None, typer.Option(help="Site code.")] = None,
    database: Annotated[str | None, typer.Option(help="Database URL (default: local journal).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")] = False,
) -> None:
    """Connectivity, uploads waiting and today's entries, exits and occupancy at this gate's site."""
    opts = GateOptions(headless=True, site=site, database=database)
    settings = settings_for(opts)
    settings.peers = []  # a status query must not take the gate's peer port
    try:
        controller = build_controller(settings, opts)
    except CitadelError as exc:
        _fail(exc, settings.language)
        return
    try:
        controller.probe_central()
        status = controller.status()
    finally:
        controller.close()
        controller.engine.dispose()
    day = status.day
    if as_json:
        data = {
            "connectivity": status.connectivity,
            "queued": status.queued,
            "direction": status.direction,
            "entries": day.entries if day else 0,
            "exits": day.exits if day else 0,
            "occupancy": day.occupancy if day else 0,
            "capacity": day.capacity if day else 0,
        }
        typer.echo(json.dumps(data))
    else:
        typer.echo(status_text(status, settings.language))
        if day:
            typer.echo(f"{day.entries} / {day.exits} · {day.occupancy}/{day.capacity}")
