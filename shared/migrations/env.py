"""Alembic environment for Citadel (core layer). Every table module is imported so autogenerate sees it."""

from alembic import context
from sqlalchemy import pool
from sqlmodel import SQLModel

import shared.models

try:  # tables owned by sub-packages of the core
    import shared.payments.records  # noqa: F401
except ImportError:  # pragma: no cover - during early development only
    pass

from shared.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
