"""The calculator tests read regional facts from the real knowledge base: knowledge/sources built
once per session into a temporary SQLite file and read through knowledge.query.

The database URL is set only for the duration of each query call, so other tests in the same
session keep their own database. CALC_TESTS_SOURCES=<dir> builds from another copy of the sources
(e.g. to try next year's figures).
"""
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"


@contextmanager
def _database(url: str):
    previous = os.environ.get("KB_DATABASE_URL")
    os.environ["KB_DATABASE_URL"] = url
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("KB_DATABASE_URL", None)
        else:
            os.environ["KB_DATABASE_URL"] = previous


class _QueryOn:
    """knowledge.query with every call pointed at one database."""

    def __init__(self, module, url: str):
        self._module, self._url = module, url

    def __getattr__(self, name):
        target = getattr(self._module, name)
        if not callable(target):
            return target

        def call(*args, **kwargs):
            with _database(self._url):
                return target(*args, **kwargs)
        return call


@pytest.fixture(scope="session")
def kb(tmp_path_factory):
    """knowledge.query over a fresh database (pass as query=kb)."""
    from knowledge import query
    from knowledge.build import build
    from knowledge.loader import ValidationError

    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}"
    try:
        build(url, Path(os.environ.get("CALC_TESTS_SOURCES") or SOURCES))
    except ValidationError as exc:
        pytest.fail("the knowledge base does not build:\n" + "\n".join(exc.problems[:20]))
    return _QueryOn(query, url)
