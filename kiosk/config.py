"""Qt-free kiosk layer: the kiosk's configuration, on top of :class:`shared.config.Settings`.

The device TOML (named by ``CITADEL_CONFIG``) holds the shared keys (``printer_uri``,
``payment_providers``, ``site``, ``language``, ``device_id``, ``demo_mode``...) and an optional
``[kiosk]`` table for what only the kiosk needs::

    [kiosk]
    mode = "self"            # or "counter"
    staff_location = "Ticket office, Ngọ Môn gate"
    idle_seconds = 60
    countdown_seconds = 20
    quick_keys = ["combo-3", "combo-4", "imperial-city"]
    fullscreen = true

The staff PIN is a secret: ``CITADEL_STAFF_PIN`` (never in the TOML).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from shared.config import Settings, load_settings
from shared.errors import CitadelError


class KioskOptions(BaseModel):
    mode: str = Field(default="self", pattern="^(self|counter)$")
    staff_location: str = ""
    idle_seconds: float = Field(default=60.0, ge=10)
    countdown_seconds: float = Field(default=20.0, ge=20)
    done_seconds: float = Field(default=15.0, ge=3)
    poll_interval_s: float = Field(default=0.25, gt=0)
    quick_keys: list[str] = Field(
        default_factory=lambda: ["combo-3", "combo-4", "combo-all", "imperial-city"]
    )
    fullscreen: bool = True


def load_kiosk_options(path: Path | None = None) -> KioskOptions:
    source = path or (Path(os.environ["CITADEL_CONFIG"]) if os.environ.get("CITADEL_CONFIG") else None)
    data: dict[str, Any] = {}
    if source is not None and source.exists():
        with source.open("rb") as fh:
            data = tomllib.load(fh).get("kiosk", {})
    try:
        return KioskOptions(**data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(x) for x in first["loc"])
        raise CitadelError("kiosk_config", f"[kiosk] {field}: {first['msg']}", field=field) from None


def load(**overrides: Any) -> tuple[Settings, KioskOptions]:
    return load_settings(**overrides), load_kiosk_options()
