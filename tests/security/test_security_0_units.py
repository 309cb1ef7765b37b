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


def test_limits_are_shared_through_redis_by_every_instance(redis_url, monkeypatch):
    """N instances behind the load balancer allow the rate once, not N times (issue 21)."""
    import redis

    monkeypatch.setenv("REDIS_URL", redis_url)
    instances = [limits.EndpointLimits("shared_test", per_sender=3, per_client=100) for _ in range(3)]
    assert all(isinstance(i.by_sender, limits.RedisRateLimiter) for i in instances)
    allowed = [i.check_caller("203.0.113.1", "13912345678") == 0 for _ in range(3) for i in instances]
    assert allowed.count(True) == 3 and instances[0].check_caller("203.0.113.1", "someone-else") == 0
    stored = [key.decode() for key in redis.Redis.from_url(redis_url).keys("shebao:limit:*")]
    assert stored and not any("13912345678" in key or "203.0.113.1" in key for key in stored)  # keyed hashes


def test_limits_keep_working_in_process_when_redis_is_down(monkeypatch):
    from deploy.processes import free_port

    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    endpoint = limits.EndpointLimits("down_test", per_sender=2, per_client=100)
    waits = [endpoint.check_caller(None, "someone") for _ in range(3)]
    assert waits[:2] == [0, 0] and waits[2] > 0


def test_without_redis_the_limits_count_in_this_process(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("LIMITS_REDIS_URL", raising=False)
    assert isinstance(limits.make_limiter("x", 3, 60), limits.RateLimiter)
