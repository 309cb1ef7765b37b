"""Closed-loop load on the REST webhook: simulated users holding multi-turn conversations.

Each user picks a conversation script (Chinese or English, 2–5 turns with follow-ups and region
changes), sends one turn, waits for the reply, "thinks" for a moment, sends the next; a new
sender ID per conversation. An error is anything but HTTP 200 with at least one text message
(for our assistant also the service-unavailable apology). Traffic goes to 127.0.0.1 only and
stops at the deadline.

    python -m bench.load --url http://127.0.0.1:5080 --users 50 --duration 120
"""

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import List, Sequence

import aiohttp

SCRIPTS: List[Sequence[str]] = [
    ("我在深圳", "灵活就业养老保险每个月交多少钱", "要带什么材料", "那上海呢"),
    ("灵活就业人员可以自己交社保吗", "在哪里办理", "需要什么材料"),
    ("社保是强制交的吗，我可以不交吗", "断缴了怎么补"),
    ("我在北京，退休后能领多少养老金", "最低要交多少年", "那广州呢"),
    ("社会保险法第58条说什么", "第十条呢"),
    ("杭州灵活就业医保怎么交", "缴费基数怎么定", "可以停缴吗"),
    ("我要转人工", "谢谢"),
    ("你好", "个体户怎么参保", "成都的呢", "再见"),
    ("how much does social insurance cost in Beijing?", "what about Shanghai?"),
    ("Is it possible to pay social insurance myself as a freelancer?", "what documents do I need?", "where do I pay?"),
    ("how many years do I need to pay to get a pension", "can I transfer my social insurance to another city?"),
    ("hello", "I live in Guangzhou", "how do I pay medical insurance?", "thanks"),
    ("社保卡丢了怎么办", "怎么查缴费记录"),
    ("外地户口能在上海交社保吗", "要多少钱", "那深圳呢"),
    ("失业保险能领多久", "生育保险报销多少"),
]
UNAVAILABLE_TOPICS = {"service_unavailable", "action_unavailable"}


@dataclass
class LoadResult:
    label: str
    users: int
    duration_s: float
    requests: int = 0
    errors: int = 0
    degraded: int = 0  # answered, but with the "please retry / 12333" apology
    conversations: int = 0
    throughput_rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    mean_ms: float = 0.0
    error_samples: List[str] = field(default_factory=list)
    status_counts: dict = field(default_factory=dict)
    # (seconds since start, "ok" | "degraded" | "error") per request, for fault timelines
    timeline: List[tuple] = field(default_factory=list, repr=False)

    def line(self) -> str:
        return (
            f"{self.label:34} users={self.users:3} req={self.requests:6} err={self.errors:3} "
            f"degraded={self.degraded:3} rps={self.throughput_rps:6.1f} p50={self.p50_ms:7.0f}ms "
            f"p95={self.p95_ms:7.0f}ms p99={self.p99_ms:7.0f}ms max={self.max_ms:7.0f}ms"
        )

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("timeline")
        return data


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


class _Collector:
    def __init__(self):
        self.started = time.monotonic()
        self.timeline: List[tuple] = []
        self.latencies: List[float] = []
        self.errors = 0
        self.degraded = 0
        self.conversations = 0
        self.samples: List[str] = []
        self.status_counts = {}

    def mark(self, outcome: str) -> None:
        self.timeline.append((round(time.monotonic() - self.started, 2), outcome))

    def error(self, text: str) -> None:
        self.errors += 1
        self.mark("error")
        if len(self.samples) < 10:
            self.samples.append(text[:300])


def answered(messages: list) -> bool:
    """A reply with text, or a message relayed to the staff member who has the conversation (a live
    hand-off silences the assistant, bot/channels/handoff.py): both are what the citizen should get."""
    for m in messages:
        if isinstance(m, dict) and m.get("text"):
            return True
        custom = m.get("custom") if isinstance(m, dict) else None
        if isinstance(custom, dict) and isinstance(custom.get("extra"), dict) and custom["extra"].get("relayed"):
            return True
    return False


async def _turn(session, url, sender, text, collector, require_text, timeout):
    started = time.perf_counter()
    try:
        async with session.post(
            url, json={"sender": sender, "message": text}, timeout=aiohttp.ClientTimeout(total=timeout)
        ) as response:
            body = await response.read()
            status = response.status
    except Exception as error:  # connection refused/reset, timeout: all count as errors
        collector.latencies.append(time.perf_counter() - started)
        collector.status_counts["exception"] = collector.status_counts.get("exception", 0) + 1
        collector.error(f"{type(error).__name__}: {error}")
        return None
    collector.latencies.append(time.perf_counter() - started)
    collector.status_counts[str(status)] = collector.status_counts.get(str(status), 0) + 1
    if status != 200:
        collector.error(f"HTTP {status}: {body[:200]!r}")
        return None
    try:
        messages = json.loads(body)
    except ValueError:
        collector.error(f"not JSON: {body[:200]!r}")
        return None
    if require_text and not answered(messages):
        collector.error(f"no text in reply to {text!r}: {body[:200]!r}")
        return None
    customs = [m["custom"] for m in messages if isinstance(m, dict) and isinstance(m.get("custom"), dict)]
    if customs and customs[-1].get("topic") in UNAVAILABLE_TOPICS:
        collector.degraded += 1
        collector.mark("degraded")
    else:
        collector.mark("ok")
    return messages


async def _user(index, session, urls, deadline, collector, rng, think, require_text, timeout, ramp):
    await asyncio.sleep(rng.uniform(0, ramp))
    turn = 0
    while time.monotonic() < deadline:
        script = rng.choice(SCRIPTS)
        sender = f"load-{index}-{uuid.uuid4().hex[:10]}"
        collector.conversations += 1
        for text in script:
            if time.monotonic() >= deadline:
                return
            url = urls[turn % len(urls)]
            turn += 1
            await _turn(session, url, sender, text, collector, require_text, timeout)
            await asyncio.sleep(rng.uniform(*think))


async def run_load(
    base_urls,
    users: int = 50,
    duration: float = 120,
    think=(0.5, 1.5),
    label: str = "",
    require_text: bool = True,
    seed: int = 7,
    timeout: float = 90,
    ramp: float = 3.0,
    during=None,
) -> LoadResult:
    """Drive `users` simulated users for `duration` seconds; `during(elapsed)` is awaited once a second
    (fault injection). Several base URLs: each user alternates between them turn by turn."""
    urls = [
        u.rstrip("/") + "/webhooks/rest/webhook" for u in ([base_urls] if isinstance(base_urls, str) else base_urls)
    ]
    for url in urls:
        if not url.startswith(("http://127.0.0.1", "http://localhost")):
            raise ValueError(f"load traffic stays on loopback: {url}")
    collector = _Collector()
    rng = random.Random(seed)
    connector = aiohttp.TCPConnector(limit=users + 10, force_close=False)
    started = collector.started = time.monotonic()
    deadline = started + duration
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [
            asyncio.create_task(
                _user(
                    i,
                    session,
                    urls,
                    deadline,
                    collector,
                    random.Random(rng.random()),
                    think,
                    require_text,
                    timeout,
                    ramp,
                )
            )
            for i in range(users)
        ]
        if during is not None:

            async def inject():
                while time.monotonic() < deadline:
                    await during(time.monotonic() - started)
                    await asyncio.sleep(1)

            tasks.append(asyncio.create_task(inject()))
        await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    ms = [x * 1000 for x in collector.latencies]
    return LoadResult(
        label=label or ",".join(urls),
        users=users,
        duration_s=round(elapsed, 1),
        requests=len(ms),
        errors=collector.errors,
        degraded=collector.degraded,
        conversations=collector.conversations,
        throughput_rps=round(len(ms) / elapsed, 2) if elapsed else 0.0,
        p50_ms=round(percentile(ms, 50), 1),
        p95_ms=round(percentile(ms, 95), 1),
        p99_ms=round(percentile(ms, 99), 1),
        max_ms=round(max(ms), 1) if ms else 0.0,
        mean_ms=round(statistics.fmean(ms), 1) if ms else 0.0,
        error_samples=collector.samples,
        status_counts=collector.status_counts,
        timeline=collector.timeline,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", required=True, help="base URL (repeat to alternate)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--any-reply", action="store_true", help="do not require a text message in replies")
    args = parser.parse_args(argv)
    result = asyncio.run(run_load(args.url, args.users, args.duration, require_text=not args.any_reply))
    print(result.line())
    for sample in result.error_samples:
        print("  error:", sample)
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
