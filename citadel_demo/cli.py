"""``citadel demo``: the whole product on the embedded default (SQLite, virtual printer, demo payment,
virtual camera). With a display it opens the kiosk, a gate and admin side by side; without one (or with
``--headless``) it runs the scripted day and prints what it wrote."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Run the Citadel demo.", invoke_without_command=True, no_args_is_help=False)


@app.callback()
def demo(
    headless: Annotated[bool, typer.Option(help="Run the scripted day without windows")] = False,
    visitors: Annotated[int, typer.Option(min=1, max=30000, help="Visitors in the scripted day")] = 250,
    out: Annotated[Path, typer.Option(help="Where the demo writes everything")] = Path("demo-output"),
    seed: Annotated[int, typer.Option(help="Random seed of the scripted day")] = 20230501,
    quit_after: Annotated[
        float | None, typer.Option(help="Close the windows after this many seconds")
    ] = None,
    screenshots: Annotated[
        Path | None, typer.Option(help="With --quit-after: save window screenshots here")
    ] = None,
) -> None:
    """Run the demo: windows when a display is available, otherwise the scripted day."""
    if headless or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        from citadel_demo.day import DayConfig, run_day, summary_table

        result = run_day(DayConfig(out.resolve(), visitors=visitors, seed=seed))
        typer.echo(summary_table(result))
        typer.echo("")
        typer.echo(f"database: {result.database_url}")
        typer.echo(f"printed tickets: {out.resolve() / 'printer'}")
        for name, path in sorted(result.files.items()):
            typer.echo(f"{name}: {path}")
        return
    from citadel_demo.windows import run_windows

    raise typer.Exit(run_windows(out.resolve(), quit_after_s=quit_after, screenshots=screenshots))
