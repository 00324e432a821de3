"""Citadel kiosk app (PySide6)."""
