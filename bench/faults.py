"""Faults under load: while simulated users talk to the deployment through nginx, one part of it
fails and comes back. Measured: errors (must be 0), answers that were the polite "try again /
12333" apology, how long after the part came back the apologies stopped, and latency."""

import asyncio
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from bench.load import LoadResult, run_load


@dataclass
class FaultResult:
    name: str
    load: LoadResult
    fault_at_s: float
    restored_at_s: Optional[float]
    last_degraded_s: Optional[float] = None
    recovery_s: Optional[float] = None
    notes: List[str] = field(default_factory=list)

    def line(self) -> str:
        recovery = "n/a" if self.recovery_s is None else f"{self.recovery_s:.1f}s"
        return (
            f"{self.name:32} requests={self.load.requests:5} errors={self.load.errors:2} "
            f"apologies={self.load.degraded:4} recovered {recovery} after restore; "
            f"p50={self.load.p50_ms:.0f}ms p99={self.load.p99_ms:.0f}ms max={self.load.max_ms:.0f}ms"
        )

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "fault_at_s": self.fault_at_s,
            "restored_at_s": self.restored_at_s,
            "last_degraded_s": self.last_degraded_s,
            "recovery_s": self.recovery_s,
            "notes": self.notes,
            "load": self.load.as_dict(),
        }


async def _scenario(
    name: str,
    url: str,
    break_it: Callable,
    restore: Optional[Callable],
    users: int,
    duration: float,
    fault_at: float,
    restore_at: Optional[float],
) -> FaultResult:
    marks = {}

    async def during(elapsed):
        if "fault" not in marks and elapsed >= fault_at:
            marks["fault"] = elapsed
            await asyncio.to_thread(break_it)
        if restore and "fault" in marks and "restore" not in marks and elapsed >= restore_at:
            await asyncio.to_thread(restore)
            marks["restore"] = elapsed  # after the part is back (a Rasa restart takes a while)

    load = await run_load(url, users=users, duration=duration, think=(0.5, 1.5), label=f"fault: {name}", during=during)
    result = FaultResult(name, load, marks.get("fault"), marks.get("restore"))
    degraded = [t for t, outcome in load.timeline if outcome == "degraded"]
    if degraded:
        result.last_degraded_s = max(degraded)
        if result.restored_at_s is not None:
            result.recovery_s = round(max(0.0, result.last_degraded_s - result.restored_at_s), 1)
    elif result.restored_at_s is not None:
        result.recovery_s = 0.0
    return result


def run_all(deployment, users: int = 20, duration: float = 45) -> List[FaultResult]:
    url = deployment.public_url
    scenarios = [
        ("Rasa instance killed (SIGKILL)", lambda: deployment.rasa[0].kill(), None, 10, None),
        ("PostgreSQL killed, restarted", deployment.postgres.kill, deployment.postgres.start, 10, 20),
        ("Redis killed, restarted", lambda: deployment.redis.kill(), deployment.start_redis, 10, 20),
        (
            "all action servers stopped, restarted",
            lambda: [p.stop() for p in deployment.actions],
            lambda: [deployment.restart_action(i) for i in range(len(deployment.actions))],
            10,
            20,
        ),
    ]
    results = []
    for name, break_it, restore, fault_at, restore_at in scenarios:
        results.append(asyncio.run(_scenario(name, url, break_it, restore, users, duration, fault_at, restore_at)))
        if name.startswith("Rasa instance"):
            deployment.restart_rasa(0)  # back to N instances for the next scenario
    return results
