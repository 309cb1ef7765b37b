"""Where the knowledge base lives and how to open it.

One setting, KB_DATABASE_URL (settings.Settings), selects the database (any SQLAlchemy URL; PostgreSQL in
production). The default is a SQLite file under build/. Engines are cached per URL; sessions are
opened per call by the query functions, never shared.
"""

from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

import settings

DEFAULT_SQLITE_PATH = settings.BUILD / "knowledge.db"


def database_url() -> str:
    return settings.get().kb_database_url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


@lru_cache(maxsize=8)
def engine_for(url: str):
    engine = create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_read_pragmas)
    return engine


def _sqlite_read_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def session(url: str = None):
    with Session(engine_for(url or database_url()), future=True) as s:
        yield s
