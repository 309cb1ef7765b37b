"""Alembic environment: online migrations against the URL set by bot.store.migrate."""

from alembic import context
from sqlalchemy import create_engine

import bot.store.staff  # noqa: F401  (registers the staff tables on Base for autogenerate)
from bot.store.models import Base

config = context.config


def run() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"), future=True)
    with engine.connect() as connection:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=connection.dialect.name == "sqlite"
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
