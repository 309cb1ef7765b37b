"""Session fixtures shared by the whole suite.

- kb_url / use_kb: the real knowledge/sources built into a temporary SQLite database;
- fixture_kb: the small fixture knowledge base in tests/fixtures/kb (sources: a private copy to break);
- trained_model: the real model, trained here when data, config or domain changed;
- action_url / rasa_url: the real action server and Rasa server on loopback ports.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Tests that train a model, start servers or drive a browser form the slow tier; `make test-fast`
# runs the rest (`-m "not slow"`).
SLOW_FIXTURES = {
    "trained_model",
    "action_url",
    "rasa_url",
    "rasa_server_process",
    "deployment",
    "stack",
    "staff_server",
    "staff_url",
    "browser",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def kb_url(tmp_path_factory) -> str:
    from knowledge.build import build

    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}"
    build(url)
    return url


@pytest.fixture
def use_kb(kb_url, monkeypatch):
    """Point knowledge.query at the test database for one test."""
    from knowledge import query

    monkeypatch.setenv("KB_DATABASE_URL", kb_url)
    yield kb_url
    query.clear_caches()


FIXTURE_KB = ROOT / "tests" / "fixtures" / "kb"


@pytest.fixture(scope="session")
def fixture_kb_url(tmp_path_factory) -> str:
    """The small fixture knowledge base (tests/fixtures/kb), built once: rules and wording tests
    use it, so next year's live figures change only the tests under tests/live."""
    from knowledge.build import build

    url = f"sqlite:///{tmp_path_factory.mktemp('fixture-kb') / 'knowledge.db'}"
    build(url, FIXTURE_KB)
    return url


@pytest.fixture
def sources(tmp_path) -> Path:
    """A private copy of the fixture knowledge base's sources that a test may break."""
    root = tmp_path / "sources"
    shutil.copytree(FIXTURE_KB, root)
    return root


@pytest.fixture
def fixture_kb(fixture_kb_url, monkeypatch):
    """Point knowledge.query at the fixture knowledge base for one test."""
    from knowledge import query

    monkeypatch.setenv("KB_DATABASE_URL", fixture_kb_url)
    query.clear_caches()
    yield fixture_kb_url
    query.clear_caches()


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> str:
    """A freshly migrated project database for one test."""
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("APP_DATABASE_URL", url)
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def trained_model() -> str:
    """Build the knowledge base and spaCy pipeline, then train unless the model is current."""
    from bot.nlp.build_pipeline import build_pipeline
    from knowledge.build import build
    from offline.train import train

    build()
    build_pipeline()
    return str(train())


@pytest.fixture(scope="session")
def server_logs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server-logs")


@pytest.fixture(scope="session")
def action_url(trained_model, server_logs):
    from servers import action_server

    from bot.store.migrate import upgrade

    app_url = f"sqlite:///{server_logs / 'app.db'}"
    upgrade(app_url)
    server = action_server(server_logs, env={"APP_DATABASE_URL": app_url}).start()
    yield server.health_url.rsplit("/", 1)[0]
    server.stop()


@pytest.fixture(scope="session")
def rasa_server_process(trained_model, action_url, server_logs):
    from servers import rasa_server

    server = rasa_server(trained_model, action_url, server_logs).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def rasa_url(rasa_server_process) -> str:
    return rasa_server_process.health_url.rsplit("/", 1)[0]
