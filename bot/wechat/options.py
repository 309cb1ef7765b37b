"""Numbered options: WeChat has no buttons, so the user replies "1", "２" ... instead.

The payloads of the last answer's buttons are remembered per user (with a TTL, in the shared
store) and a bare number is translated back into that button's payload.
"""

import json
import re
import unicodedata
from typing import List, Optional

_CHOICE = re.compile(r"[0-9]{1,2}")


def parse_choice(text: str) -> Optional[int]:
    """``"1"``, ``"１"`` (full-width) or ``" 2 "`` -> the number; anything else -> None."""
    normalized = unicodedata.normalize("NFKC", text or "").strip()
    return int(normalized) if _CHOICE.fullmatch(normalized) else None


class OptionMemory:
    def __init__(self, store, namespace: str, ttl: float = 1800.0) -> None:
        self._store = store
        self._namespace = namespace
        self._ttl = ttl

    def _key(self, user: str) -> str:
        return f"{self._namespace}:options:{user}"

    async def remember(self, user: str, payloads: List[str]) -> None:
        """Replace the user's options; an answer without buttons forgets the old ones."""
        if payloads:
            await self._store.put(self._key(user), json.dumps(payloads, ensure_ascii=False), self._ttl)
        else:
            await self._store.delete(self._key(user))

    async def resolve(self, user: str, text: str) -> Optional[str]:
        """The payload chosen by a bare number, or None if ``text`` is not a valid choice."""
        choice = parse_choice(text)
        if choice is None:
            return None
        raw = await self._store.get(self._key(user))
        try:
            payloads = json.loads(raw) if raw else []
        except ValueError:
            return None
        if isinstance(payloads, list) and 1 <= choice <= len(payloads):
            return str(payloads[choice - 1])
        return None
