"""Tiny TTL key-value stores backing dedupe, numbered options and the access-token cache.

Redis when a URL is configured, so several server processes share one view; an in-process dict
otherwise. The Redis store fails *open*: if Redis is unreachable a message may be answered twice,
but it is never dropped.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Optional, Tuple

logger = logging.getLogger(__name__)


class MemoryStore:
    """Per-process store with expiry and a hard size cap (oldest entries evicted first)."""

    poll_interval = 0.02

    def __init__(self, max_entries: int = 100_000) -> None:
        self._data: "OrderedDict[str, Tuple[float, str]]" = OrderedDict()
        self._max_entries = max_entries

    def _live(self, key: str) -> Optional[str]:
        item = self._data.get(key)
        if item is None:
            return None
        if item[0] <= time.monotonic():
            del self._data[key]
            return None
        return item[1]

    def _write(self, key: str, value: str, ttl: float) -> None:
        self._data[key] = (time.monotonic() + ttl, value)
        self._data.move_to_end(key)
        if len(self._data) > self._max_entries:
            now = time.monotonic()
            for stale in [k for k, (exp, _) in self._data.items() if exp <= now]:
                del self._data[stale]
            while len(self._data) > self._max_entries:
                self._data.popitem(last=False)

    async def add(self, key: str, value: str, ttl: float) -> bool:
        """Set only if absent; True when this call created the key."""
        if self._live(key) is not None:
            return False
        self._write(key, value, ttl)
        return True

    async def get(self, key: str) -> Optional[str]:
        return self._live(key)

    async def put(self, key: str, value: str, ttl: float) -> None:
        self._write(key, value, ttl)

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)

    async def close(self) -> None:
        return None


class RedisStore:
    """Shared store on Redis (``SET NX PX``); the client is created lazily on the running loop."""

    poll_interval = 0.1

    def __init__(self, url: str) -> None:
        self._url = url
        self._client = None

    def _redis(self):
        if self._client is None:
            import redis.asyncio as redis_asyncio

            self._client = redis_asyncio.from_url(
                self._url,
                decode_responses=True,
                socket_timeout=2.0,
                socket_connect_timeout=2.0,
            )
        return self._client

    @staticmethod
    def _errors() -> tuple:
        import redis.exceptions

        return (redis.exceptions.RedisError, OSError, asyncio.TimeoutError)

    async def add(self, key: str, value: str, ttl: float) -> bool:
        try:
            return bool(await self._redis().set(key, value, nx=True, px=max(1, int(ttl * 1000))))
        except self._errors() as exc:
            logger.error("Redis unavailable (%s); handling message without dedupe", exc)
            return True

    async def get(self, key: str) -> Optional[str]:
        try:
            return await self._redis().get(key)
        except self._errors() as exc:
            logger.error("Redis GET failed: %s", exc)
            return None

    async def put(self, key: str, value: str, ttl: float) -> None:
        try:
            await self._redis().set(key, value, px=max(1, int(ttl * 1000)))
        except self._errors() as exc:
            logger.error("Redis SET failed: %s", exc)

    async def delete(self, key: str) -> None:
        try:
            await self._redis().delete(key)
        except self._errors() as exc:
            logger.error("Redis DEL failed: %s", exc)

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.close()
                await client.connection_pool.disconnect()
            except self._errors():
                pass


def make_store(redis_url: Optional[str]):
    """Redis-backed store when a URL is given, in-memory otherwise."""
    return RedisStore(redis_url) if redis_url else MemoryStore()
