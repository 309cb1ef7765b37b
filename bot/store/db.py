"""Where the project's own data lives: APP_DATABASE_URL, default build/app.db (SQLite)."""

import os
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

import settings

DEFAULT_SQLITE_PATH = settings.BUILD / "app.db"


def database_url() -> str:
    return settings.get().app_database_url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


@lru_cache(maxsize=8)
def engine_for(url: str):
    if url.startswith("sqlite:///"):
        os.makedirs(os.path.dirname(url[len("sqlite:///") :]) or ".", exist_ok=True)
    return create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))


@contextmanager
def session(url: str = None):
    """A session per call that commits on success and rolls back on error."""
    with Session(engine_for(url or database_url()), future=True) as s, s.begin():
        yield s
