"""Limits shared by every HTTP server of the project (Rasa, the action server, the staff console).

- `harden(app, max_body)`: a body-size limit, timeouts and the total request deadline of
  bot.runtime.deadline for a Sanic app.
- `client_address(request)`: the caller's address; X-Forwarded-For is believed only when the
  direct peer is one of TRUSTED_PROXIES (comma-separated addresses, e.g. the nginx host), and
  then the right-most address that is not itself a trusted proxy is the client.
- `RateLimiter`: a sliding window per key (per sender, per client address), in this process: the
  default, e.g. for `make run`. `RedisRateLimiter`: the same window in Redis (one Lua script, so
  checking and counting are one atomic step), used when LIMITS_REDIS_URL or REDIS_URL is set, as
  in the deployment (deploy/local.py): N instances then allow the rate once, not N times. Keys are
  stored as keyed hashes (a sender may be a phone number). If Redis cannot be reached the
  instance falls back to its own window for a few seconds (limits keep working, per instance).
- `EndpointLimits`: an endpoint's two limiters (per sender, per client address), set by
  LIMIT_<NAME>_PER_SENDER / _PER_CLIENT. `CALLER`: the client address of the request being
  handled, for checks deeper down (the hand-off gate limits requests for a person per address).
- `too_many(language)`: the polite 429 answer in Chinese and English.
"""

import contextvars
import hashlib
import ipaddress
import logging
import secrets
import time
from collections import OrderedDict, deque
from typing import Deque, Dict, Optional

from sanic import response

import settings
from bot.runtime import deadline

MB = 1024 * 1024
logger = logging.getLogger(__name__)
CALLER: "contextvars.ContextVar[Optional[str]]" = contextvars.ContextVar("shebao_caller", default=None)


def harden(app, max_body: int = MB, request_timeout: float = None) -> None:
    """Body limit, timeouts and the request deadline for a Sanic app (call before it serves)."""
    app.config.REQUEST_MAX_SIZE = max_body
    app.config.REQUEST_TIMEOUT = request_timeout or deadline.REQUEST_TIMEOUT
    app.config.RESPONSE_TIMEOUT = deadline.RESPONSE_TIMEOUT
    app.config.KEEP_ALIVE_TIMEOUT = deadline.KEEP_ALIVE_TIMEOUT
    deadline.install()


def _networks(value: str):
    networks = []
    for item in (value or "").split(","):
        item = item.strip()
        if item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                continue
    return networks


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The client's address, through trusted proxies only (TRUSTED_PROXIES)."""
    peer = request.ip or "unknown"
    networks = _networks(settings.get().trusted_proxies)
    if not networks or not _trusted(peer, networks):
        return peer
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if not _trusted(address, networks):
            return address[:64]
    return peer


# --- rate limits -----------------------------------------------------------------------------
class RateLimiter:
    """At most `limit` events per key within `window` seconds (sliding window, bounded memory)."""

    def __init__(self, limit: int, window: float, max_keys: int = 50_000):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._events: "OrderedDict[str, Deque[float]]" = OrderedDict()

    def retry_after(self, key: str, now: Optional[float] = None) -> int:
        """0 and counts the event when allowed; else the seconds until the next one is."""
        now = time.monotonic() if now is None else now
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque()
            if len(self._events) > self.max_keys:
                self._events.popitem(last=False)
        else:
            self._events.move_to_end(key)
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.limit:
            return max(1, int(self.window - (now - events[0])) + 1)
        events.append(now)
        return 0


class RedisRateLimiter:
    """RateLimiter's window in Redis, shared by every process that uses the same URL and name."""

    # KEYS[1] the key; ARGV: limit, window (ms), a unique member. Redis's own clock, so instances
    # whose clocks differ still agree. Returns 0 (counted) or the seconds to wait.
    SCRIPT = """
local key, limit, window, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= limit then
  local oldest = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2])
  return math.max(1, math.floor((window - (now - oldest)) / 1000) + 1)
end
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, window)
return 0
"""
    RETRY_SECONDS = 5.0  # after a Redis failure, count in this process for this long

    def __init__(self, url: str, name: str, limit: int, window: float):
        import redis

        self.name, self.limit, self.window = name, limit, window
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.script = self.client.register_script(self.SCRIPT)
        self.fallback = RateLimiter(limit, window)
        self._down_until = 0.0

    def _key(self, key: str) -> str:
        from bot.privacy.tags import hash_key

        digest = hashlib.blake2b(key.encode("utf-8", "replace"), key=hash_key()[:64], digest_size=16).hexdigest()
        return f"shebao:limit:{self.name}:{digest}"

    def retry_after(self, key: str, now: Optional[float] = None) -> int:
        if time.monotonic() >= self._down_until:
            try:
                member = f"{time.time_ns()}:{secrets.token_hex(4)}"
                return int(self.script(keys=[self._key(key)], args=[self.limit, int(self.window * 1000), member]))
            except Exception as error:  # redis.RedisError, a timeout: limits must not fail requests
                self._down_until = time.monotonic() + self.RETRY_SECONDS
                logger.warning("rate limits: Redis unavailable (%s); counting in this process", type(error).__name__)
        return self.fallback.retry_after(key, now)


def redis_url() -> str:
    return settings.get().limits_redis_url or settings.get().redis_url or ""


def make_limiter(name: str, limit: int, window: float):
    """Redis-backed when a Redis URL is configured (shared by the instances), else in-process."""
    url = redis_url()
    return RedisRateLimiter(url, name, limit, window) if url else RateLimiter(limit, window)


class EndpointLimits:
    """The limits of one endpoint: per sender and per client address, per minute."""

    def __init__(self, name: str, per_sender: int, per_client: int, window: float = 60.0):
        upper = name.upper()
        self.by_sender = make_limiter(f"{name}:sender", settings.get().limit(f"{upper}_PER_SENDER", per_sender), window)
        self.by_client = make_limiter(f"{name}:client", settings.get().limit(f"{upper}_PER_CLIENT", per_client), window)

    def check(self, request, sender: Optional[str]) -> int:
        """0 when allowed (and counted), else seconds to wait."""
        return self.check_caller(client_address(request), sender)

    def check_caller(self, client: Optional[str], sender: Optional[str]) -> int:
        """As `check`, for a client address known already (None: not counted per address)."""
        wait = self.by_client.retry_after(client) if client else 0
        if wait:
            return wait
        return self.by_sender.retry_after(sender) if sender else 0


def too_many(retry_after: int, language: str = None, headers: Dict[str, str] = None):
    from presentation.wording import msg

    body = {
        "error": "too many requests",
        "retry_after": retry_after,
        "message": {"zh": msg("rate_limited", "zh"), "en": msg("rate_limited", "en")},
    }
    if language in ("zh", "en"):
        body["text"] = msg("rate_limited", language)
    return response.json(body, status=429, headers={**(headers or {}), "Retry-After": str(retry_after)})
