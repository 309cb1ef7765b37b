"""Bring the project's own database to the newest schema: python -m bot.store.migrate.

Runs the Alembic migrations in bot/store/migrations against APP_DATABASE_URL; safe to run on
every start (a database already at head is left alone).
"""

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.store.db import database_url, engine_for

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str = None, revision: str = "head") -> None:
    url = url or database_url()
    engine_for(url)  # creates the folder of a SQLite file
    command.upgrade(alembic_config(url), revision)


def main() -> int:
    upgrade()
    print(f"project database is at the newest schema ({database_url().split('@')[-1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
