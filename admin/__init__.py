"""Citadel admin app (PySide6)."""
