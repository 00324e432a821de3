"""Citadel kiosk app: the touchscreen sales app (self-service and counter mode).

Layers inside this package:

* Qt-free (importable without PySide6): :mod:`kiosk.sale` (sale service over the core),
  :mod:`kiosk.flow` (the self-service screen state machine), :mod:`kiosk.counter` (counter mode),
  :mod:`kiosk.config`, :mod:`kiosk.fmt`, :mod:`kiosk.countries`.
* Qt (PySide6 Widgets): :mod:`kiosk.bridge`, :mod:`kiosk.window`, :mod:`kiosk.screens`, :mod:`kiosk.app`.
"""

from __future__ import annotations

from pathlib import Path

from shared.i18n import register_catalog

register_catalog(Path(__file__).with_name("messages.toml"))
