"""Staff sign-in against an attacker (issue 21): parallel guesses cannot race past the count, an
account guessed at from many addresses is slowed down, made-up names from one address never lock
out the real staff behind it, and every lock is audited. On a migrated database, no servers."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from security_kit import PASSWORD
from sqlalchemy import create_engine, text

from bot.staff import auth


@pytest.fixture
def settings(app_db, monkeypatch):
    for name, value in (
        ("STAFF_LOGIN_MAX_FAILURES", "5"),
        ("STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT", "6"),
        ("STAFF_LOGIN_MAX_FAILURES_PER_CLIENT", "20"),
        ("STAFF_LOGIN_WINDOW_MINUTES", "15"),
    ):
        monkeypatch.setenv(name, value)
    auth.create_user("alice", PASSWORD)
    return auth.Settings.from_env()


def attempt(name: str, password: str, address: str, settings) -> str:
    """'in', 'wrong' (the password was checked) or 'limited' (refused before any check)."""
    try:
        return "wrong" if auth.login(name, password, address, settings) is None else "in"
    except auth.RateLimited:
        return "limited"


class Clock:
    """The sign-in clock (the counters' times come from auth.utcnow), moved on by hand."""

    def __init__(self, monkeypatch):
        self.now = auth.utcnow()
        monkeypatch.setattr(auth, "utcnow", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def test_parallel_guesses_check_no_more_passwords_than_allowed(settings):
    with ThreadPoolExecutor(30) as pool:
        outcomes = list(pool.map(lambda i: attempt("alice", f"guess-{i}-password", "203.0.113.5", settings), range(30)))
    assert outcomes.count("wrong") == settings.max_failures, outcomes
    assert attempt("alice", PASSWORD, "203.0.113.5", settings) == "limited"  # locked for this address


def test_guesses_spread_over_many_addresses_meet_the_accounts_delay(settings):
    outcomes = [
        attempt("alice", f"guess-{a}-{i}-password", f"203.0.113.{100 + a}", settings)
        for a in range(15)
        for i in range(3)
    ]
    # the account's free failures, then one attempt per delay: not 45 checked passwords
    assert outcomes.count("wrong") <= 6 + 1, outcomes.count("wrong")  # STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT
    assert outcomes.count("limited") >= 38


def test_made_up_names_slow_an_address_down_but_never_lock_its_staff_out(settings, monkeypatch):
    address, clock = "203.0.113.60", Clock(monkeypatch)  # an office behind one proxy address
    outcomes = []
    for number in range(settings.max_failures_per_client + 1):  # within one window (21 x 31 s < 15 min)
        outcomes.append(attempt(f"nobody{number}", "wrong-password-1", address, settings))
        clock.advance(31)  # the attacker waits out each delay (at most 30 s)
    assert outcomes == ["wrong"] * len(outcomes)
    assert attempt("nobody-more", "wrong-password-1", address, settings) == "wrong"  # 31 s later
    assert attempt("nobody-again", "wrong-password-1", address, settings) == "limited"  # slowed down …
    clock.advance(31)
    assert attempt("alice", PASSWORD, address, settings) == "in"  # … but the real staff are not locked out


def test_a_lock_out_is_audited(settings, app_db):
    for number in range(settings.max_failures):
        assert attempt("alice", f"wrong-{number}-password", "203.0.113.7", settings) == "wrong"
    assert attempt("alice", PASSWORD, "203.0.113.7", settings) == "limited"
    assert attempt("alice", PASSWORD, "203.0.113.8", settings) == "in"  # her own address is not locked
    engine = create_engine(app_db)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT event, username, client FROM app_staff_audit")).all()
    engine.dispose()
    assert ("pair_locked", "alice", "203.0.113.7") in [tuple(r) for r in rows]
