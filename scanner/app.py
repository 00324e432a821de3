"""Scanner layer: the gate's entry point ``citadel-gate`` (also ``citadel gate run``). The one place where
the gate's parts are chosen from configuration: database, frame source, relay, peers, central probe.

``citadel-gate --headless --source SRC --site CODE [--exit]`` prints one JSON line per verdict (for tests
and for staff terminals without a screen). Without ``--headless`` it opens the PySide6 window; only then
is Qt imported (``scanner.ui``), so this module stays Qt-free.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy.exc import SQLAlchemyError

from shared import db
from shared.config import Settings, load_settings
from shared.errors import CitadelError, startup_error
from shared.redemption import Policy

from .gate import GateController, GateResult, make_relay, tcp_probe
from .peers import DEFAULT_PORT, PeerLink, parse_peer
from .sound import make_sound

log = logging.getLogger(__name__)

KEYRING_REFRESH_S = 60.0
CENTRAL_PROBE_S = 5.0


@dataclass
class GateOptions:
    """Everything ``citadel-gate`` and ``citadel gate run`` accept; ``None`` means "from Settings"."""

    headless: bool = False
    source: str | None = None
    site: str | None = None
    gate: str | None = None
    exit: bool = False
    database: str | None = None
    relay: str = "log:"
    sound: str | None = None  # None: the ``sound`` setting
    peers: list[str] = field(default_factory=list)
    peer_listen: str | None = None
    language: str | None = None
    fullscreen: bool = True


def settings_for(opts: GateOptions) -> Settings:
    overrides: dict[str, Any] = {"device_kind": "gate"}
    if opts.site:
        overrides["site"] = opts.site
    if opts.gate:
        overrides["gate"] = opts.gate
    if opts.exit:
        overrides["direction"] = "out"
    if opts.database:
        overrides["database_url"] = opts.database
    if opts.language:
        overrides["language"] = opts.language
    settings = load_settings(**overrides)
    if opts.peers:
        settings.peers = [*settings.peers, *opts.peers]
    return settings


def build_controller(
    settings: Settings,
    opts: GateOptions,
    *,
    on_result: Callable[[GateResult], None] | None = None,
    on_status: Callable[[], None] | None = None,
) -> GateController:
    """A controller wired to the configured relay, peers and central probe (peers started)."""
    engine = db.make_engine(settings.resolved_database_url)
    pin = settings.staff_pin.get_secret_value() if settings.staff_pin else None
    controller = GateController(
        engine,
        site=settings.site,
        gate=settings.gate,
        direction=settings.direction,
        device_id=settings.device_id,
        timezone=settings.timezone,
        relay=make_relay(opts.relay),
        sound=make_sound(opts.sound or settings.sound, settings.data_dir / "sounds"),
        staff_pin=pin,
        on_result=on_result,
        on_status=on_status,
        central_probe=tcp_probe(settings.central_url) if settings.central_url else None,
        policy=Policy.from_minutes(settings.slot_tolerance_before_min, settings.slot_tolerance_after_min),
    )
    if settings.peers:
        secret = settings.peer_secret.get_secret_value().encode() if settings.peer_secret else b""
        listen_text = opts.peer_listen or os.environ.get("CITADEL_PEER_LISTEN") or f"0.0.0.0:{DEFAULT_PORT}"
        link = PeerLink(
            parse_peer(listen_text, listen=True),
            settings.peers,
            secret,
            settings.gate,
            controller.handle_peer_use,
        )
        controller.attach_peers(link)
        link.start()
    return controller


def start_housekeeping(controller: GateController, stop: threading.Event) -> threading.Thread:
    """Background thread: probe central, and reload the key cache the sync worker keeps current."""

    def loop() -> None:
        next_keys = 0.0
        elapsed = 0.0
        while True:
            controller.probe_central()
            if elapsed >= next_keys:
                next_keys = elapsed + KEYRING_REFRESH_S
                try:
                    controller.refresh_keyring()
                except Exception:  # a locked database for a moment must not stop the gate
                    log.exception("keyring refresh failed")
            if stop.wait(CENTRAL_PROBE_S):
                return
            elapsed += CENTRAL_PROBE_S

    thread = threading.Thread(target=loop, name="gate-housekeeping", daemon=True)
    thread.start()
    return thread


def _print_error(exc: CitadelError, lang: str, err: IO[str]) -> None:
    line = {"error": exc.code, "message": {"vi": exc.message("vi"), "en": exc.message("en")}}
    print(json.dumps(line, ensure_ascii=False), file=err, flush=True)


def run_headless(opts: GateOptions, *, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    """Read the source until it ends; print one JSON line per verdict. Exit code 2 on a setup error."""
    from .sources import open_source

    out = out or sys.stdout
    err = err or sys.stderr
    settings = settings_for(opts)
    stop = threading.Event()
    write_lock = threading.Lock()

    def emit(result: GateResult) -> None:
        with write_lock:
            print(json.dumps(result.as_dict(), ensure_ascii=False), file=out, flush=True)

    try:
        controller = build_controller(settings, opts, on_result=emit)
    except CitadelError as exc:
        _print_error(exc, settings.language, err)
        return 2
    start_housekeeping(controller, stop)
    try:
        source = open_source(opts.source or "wedge:-")
        with source:
            for item in source:
                try:
                    controller.handle_item(item)
                except CitadelError as exc:
                    _print_error(exc, settings.language, err)
    except CitadelError as exc:
        _print_error(exc, settings.language, err)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        controller.close()
        controller.engine.dispose()
    return 0


def run(opts: GateOptions) -> int:
    if opts.headless:
        return run_headless(opts)
    from .ui.run import run_window  # Qt only from here on

    return run_window(opts)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="citadel-gate", description="Citadel gate scanner")
    p.add_argument("--headless", action="store_true", help="no window: print one JSON line per verdict")
    p.add_argument("--source", help="cam:0, file:PATH, folder:DIR, virtual:DIR, wedge:- (default: wedge:-)")
    p.add_argument("--site", help="site code (default from configuration)")
    p.add_argument("--gate", help="gate name shown on refusals elsewhere (default from configuration)")
    p.add_argument("--exit", action="store_true", help="exit mode: count exits, never block")
    p.add_argument("--database", help="database URL (default: the device's local SQLite journal)")
    p.add_argument("--relay", default="log:", help="log:[FILE], serial:PORT?baud=9600, gpio:LINE")
    p.add_argument("--sound", help="verdict sounds: auto, off, aplay, command:PROGRAM, log:[FILE]")
    p.add_argument("--peer", action="append", default=[], help="peer gate host:port (repeatable)")
    p.add_argument("--peer-listen", help=f"host:port to hear peers on (default 0.0.0.0:{DEFAULT_PORT})")
    p.add_argument("--lang", help="interface language (vi, en, ...)")
    p.add_argument("--windowed", action="store_true", help="do not go fullscreen")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    opts = GateOptions(
        headless=args.headless,
        source=args.source,
        site=args.site,
        gate=args.gate,
        exit=args.exit,
        database=args.database,
        relay=args.relay,
        sound=args.sound,
        peers=list(args.peer),
        peer_listen=args.peer_listen,
        language=args.lang,
        fullscreen=not args.windowed,
    )
    try:
        return run(opts)
    except (CitadelError, SQLAlchemyError, OSError) as exc:  # no traceback for staff; details to the log
        log.debug("citadel-gate stopped", exc_info=True)  # the traceback only in a debug log
        err = startup_error(exc)
        if opts.headless:  # the same JSON line as the other setup errors
            _print_error(err, opts.language or "en", sys.stderr)
        else:
            print(f"citadel-gate: error [{err.code}]: {err.message(opts.language or 'vi')}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    logging.basicConfig(level=os.environ.get("CITADEL_LOG", "WARNING"))
    raise SystemExit(main())

__all__ = ["GateOptions", "build_controller", "main", "run", "run_headless", "settings_for"]
