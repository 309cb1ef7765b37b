"""Where the project's own data lives: APP_DATABASE_URL, default build/app.db (SQLite).

A SQLite file of the project (its tables, the tracker store) is made private whatever the
process's umask: the file and its journals 0600, a folder created for it 0700."""

import os
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

import settings

DEFAULT_SQLITE_PATH = settings.BUILD / "app.db"


def database_url() -> str:
    return settings.get().app_database_url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def private_sqlite(url: str) -> None:
    """Create the SQLite file of `url` (and its folder) readable by this user only; tighten an
    existing one and its journals. Other URLs are left alone."""
    if not url.startswith("sqlite:///"):
        return
    path = url[len("sqlite:///") :].split("?", 1)[0]
    if not path or path == ":memory:":
        return
    os.makedirs(os.path.dirname(path) or ".", mode=0o700, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # an empty file is a new database
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.chmod(path + suffix, 0o600)


@lru_cache(maxsize=8)
def engine_for(url: str):
    private_sqlite(url)
    return create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))


@contextmanager
def session(url: str = None):
    """A session per call that commits on success and rolls back on error."""
    with Session(engine_for(url or database_url()), future=True) as s, s.begin():
        yield s
