"""Catalogue data shipped with Citadel (the Hue demo catalogue)."""
