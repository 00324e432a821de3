"""Citadel's Qt-free core: domain model, services, ticket codec, storage, configuration and CLI.

Layer: core. Imports the standard library and third-party packages only, never Qt and never another
Citadel package (enforced by import-linter in ``make lint``).
"""

__version__ = "0.1.0"
