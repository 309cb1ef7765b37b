"""Fixtures for the staff console: a migrated project DB with an account, a tracker store with
real Rasa events, and the console itself started on a loopback port as `python -m bot.staff serve`."""

import os
import time
from pathlib import Path

import pytest
from staff_kit import PASSWORD, Console, run_cli  # noqa: F401  (used by fixtures below)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


@pytest.fixture(scope="session")
def staff_env(tmp_path_factory, kb_url) -> dict:
    """Environment of a console: knowledge base, project DB (with alice), tracker store with data."""
    from staff_tracker_data import write

    from bot.store.migrate import upgrade

    folder = tmp_path_factory.mktemp("staff")
    app_url = f"sqlite:///{folder / 'app.db'}"
    upgrade(app_url)
    write(folder / "tracker.db")
    env = {
        **os.environ,
        "KB_DATABASE_URL": kb_url,
        "APP_DATABASE_URL": app_url,
        "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "STAFF_LOGIN_MAX_FAILURES": "3",
        "STAFF_LOGIN_MAX_FAILURES_PER_CLIENT": "40",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "PYTHONWARNINGS": "ignore",
    }
    done = run_cli("create-user", "alice", "--display-name", "王小丽 Alice", env={**env, "STAFF_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    now = time.time()
    _seed_feedback_and_handoffs(app_url, now)
    return {"env": env, "folder": folder, "app_url": app_url}


def _seed_feedback_and_handoffs(app_url: str, now: float) -> None:
    import datetime as dt

    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from staff_tracker_data import PHONE

    from bot.privacy import mask_text
    from bot.store.models import Feedback, HandoffRequest

    at = lambda minutes: dt.datetime.utcfromtimestamp(now - minutes * 60)  # noqa: E731
    engine = create_engine(app_url, future=True)
    with Session(engine) as s, s.begin():
        s.add(
            Feedback(
                conversation_id="conv-feedback",
                channel="rest",
                topic="ask_cost",
                helpful=False,
                comment=mask_text(f"数字不对，回电{PHONE}"),
                created_at=at(14),
            )
        )
        s.add(
            Feedback(conversation_id="conv-answered", channel="rest", topic="ask_cost", helpful=True, created_at=at(48))
        )
        s.add(
            HandoffRequest(
                conversation_id="conv-human",
                channel="rest",
                topic=None,
                note=mask_text(f"我要找人工客服，电话{PHONE}"),
                created_at=at(20),
            )
        )
    engine.dispose()


@pytest.fixture(scope="session")
def staff_server(staff_env, server_logs):
    from servers import Server, free_port

    from deploy.processes import staff_console

    proc = staff_console(free_port(), server_logs / "staff.log", staff_env["env"])
    server = Server.of(proc).start(timeout=120)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def staff_url(staff_server) -> str:
    return staff_server.health_url.rsplit("/", 1)[0]


@pytest.fixture
def console(staff_url) -> Console:
    return Console(staff_url)


@pytest.fixture
def signed_in(staff_url) -> Console:
    client = Console(staff_url)
    assert client.login().status_code == 303
    return client


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's) driven by Playwright."""
    import shutil

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.fail("Chromium not found: run scripts/services.sh (Debian package 'chromium')")
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()
