"""The pieces of the defences on their own (no servers): who the client is behind proxies, the
sliding-window limiter, the production secret check, bounded article numbers."""

from types import SimpleNamespace

import pytest

from bot.server import limits, production


def fake(peer: str, forwarded: str = ""):
    return SimpleNamespace(ip=peer, headers={"x-forwarded-for": forwarded} if forwarded else {})


@pytest.mark.parametrize(
    "trusted, peer, forwarded, expected",
    [
        ("", "198.51.100.7", "203.0.113.1", "198.51.100.7"),  # nobody trusted: the peer
        ("127.0.0.1", "198.51.100.7", "203.0.113.1", "198.51.100.7"),  # peer not a proxy: header ignored
        ("127.0.0.1", "127.0.0.1", "203.0.113.1", "203.0.113.1"),  # behind our nginx
        ("127.0.0.1", "127.0.0.1", "6.6.6.6, 203.0.113.1", "203.0.113.1"),  # a spoofed first entry is not believed
        ("127.0.0.1,10.0.0.0/8", "127.0.0.1", "203.0.113.1, 10.1.2.3", "203.0.113.1"),  # two proxies
        ("127.0.0.1", "127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_address_believes_trusted_proxies_only(monkeypatch, trusted, peer, forwarded, expected):
    monkeypatch.setenv("TRUSTED_PROXIES", trusted)
    assert limits.client_address(fake(peer, forwarded)) == expected


def test_rate_limiter_slides_and_stays_bounded():
    limiter = limits.RateLimiter(limit=3, window=60, max_keys=100)
    assert [limiter.retry_after("a", now=t) for t in (0, 1, 2, 3)] == [0, 0, 0, 58]
    assert limiter.retry_after("a", now=60.5) == 0  # the first one left the window
    for key in range(500):
        limiter.retry_after(str(key), now=70)
    assert len(limiter._events) <= 101


def test_production_check_names_what_is_missing():
    env = {
        "PRIVACY_HASH_KEY": "k" * 32,
        "RASA_API_TOKEN": "CHANGE_ME",
        "ACTION_SERVER_TOKEN": "",
        "CALLBACK_KEY": "c" * 32,
    }
    assert production.problems("rasa", env) == [
        "RASA_API_TOKEN is missing or a placeholder",
        "ACTION_SERVER_TOKEN is missing or a placeholder",
    ]
    assert production.problems("staff", env) == []


def test_article_numbers_are_bounded():
    from knowledge.numerals import find_article_numbers

    assert find_article_numbers("社会保险法第99999999999999999999999条") == []
    assert find_article_numbers("第一百万条") == []
    assert find_article_numbers("第58条和第五十九条") == [58, 59]
