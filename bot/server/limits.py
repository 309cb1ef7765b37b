"""Limits shared by every HTTP server of the project (Rasa, the action server, the staff console).

- `harden(app, max_body)`: a body-size limit, timeouts and the total request deadline of
  bot.runtime.deadline for a Sanic app.
- `client_address(request)`: the caller's address; X-Forwarded-For is believed only when the
  direct peer is one of TRUSTED_PROXIES (comma-separated addresses, e.g. the nginx host), and
  then the right-most address that is not itself a trusted proxy is the client.
- `RateLimiter`: a sliding window per key (per sender, per client address), in this process.
  Behind a load balancer each instance counts on its own; nginx's `limit_req` in front
  (deploy/nginx.conf.template) bounds the total per address.
- `too_many(language)`: the polite 429 answer in Chinese and English.
"""

import ipaddress
import os
import time
from collections import OrderedDict, deque
from typing import Deque, Dict, Optional

from sanic import response

from bot.runtime import deadline

MB = 1024 * 1024


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
    networks = _networks(os.environ.get("TRUSTED_PROXIES", ""))
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


def _env_limit(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


class EndpointLimits:
    """The limits of one endpoint: per sender and per client address, per minute."""

    def __init__(self, name: str, per_sender: int, per_client: int, window: float = 60.0):
        upper = name.upper()
        self.by_sender = RateLimiter(_env_limit(f"LIMIT_{upper}_PER_SENDER", per_sender), window)
        self.by_client = RateLimiter(_env_limit(f"LIMIT_{upper}_PER_CLIENT", per_client), window)

    def check(self, request, sender: Optional[str]) -> int:
        """0 when allowed (and counted), else seconds to wait."""
        wait = self.by_client.retry_after(client_address(request))
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
