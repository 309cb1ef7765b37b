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
