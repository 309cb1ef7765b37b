"""A short, bounded load through nginx (`make bench` runs the full one): zero errors."""

import asyncio

import pytest

from bench.load import answered, run_load


def test_a_relayed_message_counts_as_answered():
    relayed = {"recipient_id": "x", "custom": {"kind": "handoff", "extra": {"relayed": True}}}
    assert answered([{"recipient_id": "x", "text": "您好"}]) and answered([relayed])
    assert not answered([{"recipient_id": "x", "custom": {"kind": "handoff", "extra": {}}}]) and not answered([])


@pytest.mark.slow
def test_short_load_has_no_errors(deployment):
    result = asyncio.run(
        run_load(
            deployment.public_url,
            users=10,
            duration=20,
            think=(0.3, 1.0),
            label="tests/deploy: 2 instances, 10 users, 20 s",
        )
    )
    print(result.line())
    assert result.requests >= 40
    assert result.errors == 0, result.error_samples
    assert result.degraded == 0
    assert result.p95_ms < 15_000
