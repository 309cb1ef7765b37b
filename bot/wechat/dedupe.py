"""Exactly-once handling of a WeChat message across retries and server processes.

WeChat re-sends an unanswered message after 5 s, up to three times, possibly to another process.
The first request to claim the message computes the answer; the others wait for it and return
the stored passive reply, or ``success`` once the answer went out through the message API.
"""

import asyncio
import json
from dataclasses import dataclass
from typing import Optional

_PENDING = "pending"


@dataclass(frozen=True)
class Outcome:
    """What a finished message left behind: the passive reply text, if one was given."""

    passive: Optional[str]


class Deduplicator:
    def __init__(self, store, namespace: str, ttl: float = 600.0) -> None:
        self._store = store
        self._namespace = namespace
        self._ttl = ttl

    def _key(self, message_key: str) -> str:
        return f"{self._namespace}:msg:{message_key}"

    async def claim(self, message_key: str) -> bool:
        """True for the one request that must compute the answer."""
        return await self._store.add(self._key(message_key), _PENDING, self._ttl)

    async def finish(self, message_key: str, passive: Optional[str]) -> None:
        await self._store.put(self._key(message_key), json.dumps({"passive": passive}), self._ttl)

    async def wait(self, message_key: str, timeout: float) -> Optional[Outcome]:
        """Poll until the owner finishes; None if it did not finish within ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, timeout)
        while True:
            raw = await self._store.get(self._key(message_key))
            if raw is None:
                return None  # claim expired or store unavailable: nothing will arrive
            if raw != _PENDING:
                try:
                    return Outcome(passive=json.loads(raw).get("passive"))
                except (ValueError, AttributeError):
                    return Outcome(passive=None)
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            await asyncio.sleep(min(self._store.poll_interval, remaining))
