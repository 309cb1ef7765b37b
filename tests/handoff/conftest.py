"""Fixtures for the hand-off tests that talk to the real servers (tests/conftest.py starts them).

The loop crosses surfaces, so the kits of the widget, staff and channel tests are importable here.
"""

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
for kit in ("widget", "staff", "channels"):
    if str(TESTS / kit) not in sys.path:
        sys.path.append(str(TESTS / kit))


@pytest.fixture
def server_app_db(server_logs, monkeypatch) -> str:
    """Point this test process at the project database the running servers use."""
    url = f"sqlite:///{server_logs / 'app.db'}"
    monkeypatch.setenv("APP_DATABASE_URL", url)
    return url


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's) driven by Playwright."""
    from playwright.sync_api import sync_playwright
    from widget_kit import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/services.sh (Debian package 'chromium')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def loop_console(kb_url, server_logs, rasa_url):
    """The staff console on the project database the test servers write to, with two accounts."""
    import os

    from servers import Server, free_port
    from staff_kit import PASSWORD, run_cli

    from deploy.processes import staff_console

    env = {
        **os.environ,
        "KB_DATABASE_URL": kb_url,
        "APP_DATABASE_URL": f"sqlite:///{server_logs / 'app.db'}",
        "HANDOFF_HOURS": "always",
        "TRACKER_DATABASE_URL": f"sqlite:///{server_logs / 'no-tracker.db'}",
        "STAFF_LOGIN_MAX_FAILURES_PER_CLIENT": "40",
    }
    for name, shown in (("bob", "李工 Bob"), ("carol", "陈工 Carol")):
        done = run_cli("create-user", name, "--display-name", shown, env={**env, "STAFF_PASSWORD": PASSWORD})
        assert done.returncode == 0 or "exists" in done.stderr, done.stderr
    server = Server.of(staff_console(free_port(), server_logs / "staff-loop.log", env)).start(timeout=120)
    yield server.health_url.rsplit("/", 1)[0]
    server.stop()


@pytest.fixture
async def http():
    import aiohttp

    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def msg_ids():
    """Fresh MsgIds so no two tests share dedupe keys."""
    import itertools
    import time

    base = int(time.time() * 1000) * 1000
    counter = itertools.count(1)
    return lambda: str(base + next(counter))
