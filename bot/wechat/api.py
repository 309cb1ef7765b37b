"""Async client for the platform's "send a message later" API, with a shared token cache.

Used when an answer misses WeChat's 5-second passive-reply window or does not fit in one
message. The access token is cached in the shared store (so several processes do not keep
invalidating each other's tokens), refreshed once on an invalid-token error, and never retried
on quota / reply-window errors. Subclasses supply the endpoint paths and JSON shapes.
"""

import asyncio
import json
import logging
from typing import Any, Dict, Optional

import aiohttp

logger = logging.getLogger(__name__)

# access_token invalid / expired / not the latest
TOKEN_INVALID_CODES = frozenset({40001, 40014, 42001})
NO_RETRY_CODES = {
    45015: "reply time limit exceeded (user silent for 48 h)",
    45047: "out of reply quota for this user",
}
TOKEN_MARGIN_SECONDS = 300


class PlatformApi:
    token_path = ""
    send_path = ""

    def __init__(self, base_url: str, store, cache_key: str, timeout: float = 5.0) -> None:
        self._base_url = base_url.rstrip("/")
        self._store = store
        self._cache_key = cache_key
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: Optional[aiohttp.ClientSession] = None
        self._token_lock: Optional[asyncio.Lock] = None

    # -- subclass hooks -------------------------------------------------------------------
    def is_configured(self) -> bool:
        raise NotImplementedError

    def token_params(self) -> Dict[str, str]:
        raise NotImplementedError

    def message_body(self, user: str, text: str) -> Dict[str, Any]:
        raise NotImplementedError

    def delivery_problem(self, data: Dict[str, Any]) -> Optional[str]:
        """Extra failure hidden in a successful (errcode 0) answer, if any."""
        return None

    # -- plumbing -------------------------------------------------------------------------
    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def _fetch_token(self) -> Optional[str]:
        try:
            async with self._http().get(self._base_url + self.token_path, params=self.token_params()) as response:
                data = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            logger.error("%s: token request failed: %s", self.token_path, exc)
            return None
        token = data.get("access_token") if isinstance(data, dict) else None
        if not token:
            logger.error(
                "%s: no access_token (errcode=%s errmsg=%s)",
                self.token_path,
                data.get("errcode") if isinstance(data, dict) else "?",
                data.get("errmsg") if isinstance(data, dict) else "?",
            )
            return None
        try:
            expires_in = float(data.get("expires_in") or 7200)
        except (TypeError, ValueError):
            expires_in = 7200.0
        ttl = expires_in - TOKEN_MARGIN_SECONDS if expires_in > 2 * TOKEN_MARGIN_SECONDS else expires_in / 2
        await self._store.put(self._cache_key, token, max(1.0, ttl))
        return token

    async def access_token(self, stale: Optional[str] = None) -> Optional[str]:
        """The cached token, fetched when absent or equal to ``stale`` (just refused)."""
        if self._token_lock is None:
            self._token_lock = asyncio.Lock()
        async with self._token_lock:
            cached = await self._store.get(self._cache_key)
            if cached and cached != stale:
                return cached
            return await self._fetch_token()

    async def send_text(self, user: str, text: str) -> bool:
        """Send one text message; True when the platform accepted it."""
        if not self.is_configured():
            logger.warning("%s: API credentials not configured; message not delivered", self.send_path)
            return False
        body = json.dumps(self.message_body(user, text), ensure_ascii=False).encode("utf-8")
        token = await self.access_token()
        for attempt in (1, 2):
            if token is None:
                return False
            try:
                async with self._http().post(
                    self._base_url + self.send_path,
                    params={"access_token": token},
                    data=body,
                    headers={"Content-Type": "application/json; charset=utf-8"},
                ) as response:
                    data = await response.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                logger.error("%s: request failed: %s", self.send_path, exc)
                return False
            if not isinstance(data, dict):
                logger.error("%s: unexpected answer %r", self.send_path, data)
                return False
            code = data.get("errcode", 0)
            if code == 0:
                problem = self.delivery_problem(data)
                if problem:
                    logger.warning("%s: %s", self.send_path, problem)
                    return False
                return True
            if code in TOKEN_INVALID_CODES and attempt == 1:
                logger.info("%s: access token refused (errcode %s); refreshing", self.send_path, code)
                token = await self.access_token(stale=token)
                continue
            if code in NO_RETRY_CODES:
                logger.warning("%s: errcode %s, %s; not retrying", self.send_path, code, NO_RETRY_CODES[code])
            else:
                logger.error("%s: errcode %s errmsg %s", self.send_path, code, data.get("errmsg"))
            return False
        return False
