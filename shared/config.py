"""Core layer: device configuration. One TOML file per device plus ``CITADEL_*`` environment variables
(environment wins). Secrets never live in the TOML: they come from the environment, the OS keyring or a
0600 file (see :mod:`shared.keys`).

No global instance: each app's entry point calls :func:`load_settings` once and passes the result down,
so tests build their own settings without resetting anything.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "citadel"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Settings(BaseSettings):
    """Everything a device needs to start. Field names map to TOML keys and ``CITADEL_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="CITADEL_", extra="ignore", env_nested_delimiter="__")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str = ""
    demo_mode: bool = False
    device_id: str = "local"
    device_kind: str = "kiosk"
    site: str = "imperial-city"
    gate: str = "gate-1"
    direction: str = "in"
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    currency: str = "VND"
    printer_uri: str = ""
    payment_providers: list[str] = Field(default_factory=lambda: ["demo"])
    payment: dict[str, Any] = Field(default_factory=dict)
    reservation_minutes: int = 10
    slot_tolerance_before_min: int = 15
    slot_tolerance_after_min: int = 30
    central_url: str = ""
    peers: list[str] = Field(default_factory=list)
    sound: str = "auto"  # the gate's verdict sounds: auto, off, aplay, command:PROGRAM, log:[FILE]
    peer_secret: SecretStr | None = None
    staff_pin: SecretStr | None = None
    city: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get("CITADEL_CONFIG")
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(config_file)))
        return tuple(sources)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'citadel.sqlite3'}"


def load_settings(**overrides: Any) -> Settings:
    """Read the TOML named by ``CITADEL_CONFIG`` (if any) and the environment, plus ``overrides``."""
    return Settings(**overrides)
