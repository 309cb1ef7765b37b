"""Bad input at volume: send the requests of bench/bad_requests.py to a server and count the answers.

Pass criteria, checked by the callers (tests/deploy, bench): no 5xx at all, every server still
alive, and none of PERSONAL_DATA stored unmasked (tracker store, project tables, logs).

    await send_all(base_url, corpus(api_token), concurrency=8) -> BadInputResult
"""

import asyncio
import time
from dataclasses import asdict, dataclass, field
from typing import List

import aiohttp

from bench.bad_requests import Request

# Personal data planted in the corpus; none of it may be found stored in clear afterwards.


@dataclass
class BadInputResult:
    sent: int = 0
    by_status: dict = field(default_factory=dict)
    by_endpoint: dict = field(default_factory=dict)
    server_errors: List[str] = field(default_factory=list)
    # 501 is what HTTP prescribes for a transfer coding the server does not implement (RFC 9112
    # §6.1, nginx's answer to "Transfer-Encoding: chunked, identity"): listed, not a failure.
    not_implemented: List[str] = field(default_factory=list)
    transport_errors: List[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        statuses = ", ".join(f"{k}:{v}" for k, v in sorted(self.by_status.items()))
        return (
            f"bad input: {self.sent} requests to {len(self.by_endpoint)} endpoints in {self.seconds:.0f}s; "
            f"5xx={len(self.server_errors)} transport errors={len(self.transport_errors)}; statuses {statuses}"
        )


async def _send(session, base_url, request: Request, result: BadInputResult, semaphore, timeout: float):
    async with semaphore:
        url = base_url + request.path
        try:
            async with session.request(
                request.method,
                url,
                data=request.body,
                headers=request.headers,
                timeout=aiohttp.ClientTimeout(total=timeout),
                skip_auto_headers=("Content-Type",) if "Content-Type" in request.headers else (),
            ) as resp:
                await resp.read()
                status = resp.status
        except (aiohttp.ClientResponseError, aiohttp.ClientPayloadError) as error:
            status = getattr(error, "status", None) or 0
            if not status:
                result.transport_errors.append(f"{request.method} {request.path[:120]} [{request.category}]: {error}")
                return
        except Exception as error:
            result.transport_errors.append(
                f"{request.method} {request.path[:120]} [{request.category}]: {type(error).__name__}: {error}"
            )
            return
        result.sent += 1
        result.by_status[str(status)] = result.by_status.get(str(status), 0) + 1
        endpoint = result.by_endpoint.setdefault(request.endpoint, {})
        endpoint[str(status)] = endpoint.get(str(status), 0) + 1
        if status == 501:
            result.not_implemented.append(f"{request.method} {request.path[:120]} [{request.category}]")
        elif status >= 500:
            result.server_errors.append(
                f"{status} {request.method} {request.path[:120]} [{request.category}] "
                f"body={(request.body or b'')[:80]!r}"
            )


async def send_all(
    base_url: str, requests: List[Request], concurrency: int = 8, timeout: float = 120
) -> BadInputResult:
    if not base_url.startswith(("http://127.0.0.1", "http://localhost")):
        raise ValueError("bad-input traffic stays on loopback")
    result = BadInputResult()
    started = time.monotonic()
    semaphore = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=True)
    async with aiohttp.ClientSession(connector=connector, skip_auto_headers=("User-Agent",)) as session:
        await asyncio.gather(*(_send(session, base_url.rstrip("/"), r, result, semaphore, timeout) for r in requests))
    result.seconds = time.monotonic() - started
    result.sent += len(result.transport_errors)
    return result
