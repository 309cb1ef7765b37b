"""The same search on PostgreSQL full text (to_tsvector('simple', …) over the pre-segmented text).

Runs a private PostgreSQL cluster (Debian's postgresql package, as scripts/services.sh installs)
on a loopback port; skipped where PostgreSQL is not installed.
"""

import secrets
import shutil
import tempfile
from pathlib import Path

import pytest
from test_staff_search import STAFF_QUERIES, _shown

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pg_kb_url():
    postgres = pytest.importorskip("deploy.postgres")
    try:
        postgres.pg_binary("initdb")
    except Exception:
        pytest.skip("PostgreSQL is not installed")
    pytest.importorskip("psycopg2")
    base = Path(tempfile.mkdtemp(prefix="staff-pg-"))
    from deploy.processes import free_port

    cluster = postgres.Postgres(base / "data", free_port(), secrets.token_hex(12))
    try:
        cluster.init()
        cluster.start()
        cluster.create_databases(["knowledge"])
        url = cluster.url("knowledge")
        from knowledge.build import build

        build(url)
        yield url
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def test_postgres_full_text_finds_the_same_entries(pg_kb_url, monkeypatch):
    from knowledge import query, search

    monkeypatch.setenv("KB_DATABASE_URL", pg_kb_url)  # the cards (and their figures) from PostgreSQL too
    query.clear_caches()
    misses = []
    for text, expected in STAFF_QUERIES:
        shown = _shown(search.search(text, limit=10, url=pg_kb_url))
        if expected not in shown:
            misses.append((text, expected, shown[:3]))
    query.clear_caches()
    assert not misses, misses


def test_postgres_filters_and_odd_input(pg_kb_url):
    from knowledge import search

    facts = [r for r in search.search("缴费基数", region="深圳", url=pg_kb_url, limit=50) if r.kind == "fact"]
    assert facts and {r.region_id for r in facts} <= {"shenzhen", "guangdong", "national"}
    for text in ("' OR 1=1 --", "a & b | !c", "(", "\\", "🙂", ":*"):
        assert isinstance(search.search(text, url=pg_kb_url), list)
