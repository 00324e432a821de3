"""Core layer (Qt-free): the ``citadel city`` commands, mounted through the ``citadel.commands`` entry
point. ``push`` collects new observations into the outbox and sends the backlog (run it from a systemd
timer every minute or so); ``status`` prints last push, backlog and last error; ``monthly`` writes the
Circular 18/2021/TT-BVHTTDL report as XLSX and PDF.
"""

from __future__ import annotations

from pathlib import Path

import typer

from shared import db
from shared.city import feed
from shared.city.monthly import monthly_report, write_monthly
from shared.config import load_settings
from shared.errors import CitadelError

app = typer.Typer(help="City reporting: NGSI-LD feed and the monthly tourism report.", no_args_is_help=True)


@app.command()
def push() -> None:
    """Collect new observations and send the backlog to the configured broker."""
    settings = load_settings()
    engine = db.make_engine(settings.resolved_database_url)
    try:
        sink = feed.sink_from_config(settings.city)
    except CitadelError as exc:
        typer.echo(exc.message(settings.language), err=True)
        raise typer.Exit(2) from None
    with db.session_scope(engine) as s:
        added = feed.collect(s)
    result = feed.push(engine, sink)
    typer.echo(f"collected {added}, sent {result.sent}, backlog {result.backlog}")
    if result.error:
        typer.echo(f"error: {result.error}", err=True)
        raise typer.Exit(1)


@app.command()
def status() -> None:
    """Last push, backlog and last error of the city feed."""
    settings = load_settings()
    engine = db.make_engine(settings.resolved_database_url)
    with db.session_scope(engine) as s:
        st = feed.status(s)
    typer.echo(f"last push: {st.last_push or 'never'}")
    typer.echo(f"backlog: {st.backlog}")
    typer.echo(f"last error: {st.last_error or '-'}")


@app.command()
def monthly(year: int, month: int, out: Path = typer.Option(Path("."), help="Folder for the files")) -> None:
    """Write the monthly tourism report (XLSX and PDF) for YEAR MONTH."""
    settings = load_settings()
    if not 1 <= month <= 12:
        raise typer.BadParameter("month must be 1-12")
    engine = db.make_engine(settings.resolved_database_url)
    lang = settings.language if settings.language in ("vi", "en") else "en"
    with db.session_scope(engine) as s:
        report = monthly_report(s, year, month, tz=settings.timezone, lang=lang, currency=settings.currency)
    xlsx, pdf = write_monthly(out, report, lang=lang)
    typer.echo(f"{xlsx}\n{pdf}\ndue by {report.due.isoformat()}")
