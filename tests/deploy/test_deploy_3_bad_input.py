"""A sample of the bad-input corpus (bench.badinput; `make bench` sends all of it) against every
public endpoint through nginx: no 5xx, no crash, nothing stored unmasked."""

import asyncio

import pytest
from deploy_kit import get

from bench.bad_requests import PII_NEEDLES, corpus
from bench.badinput import send_all
from bench.checks import unmasked

pytestmark = pytest.mark.slow

SAMPLE = 400


@pytest.fixture(scope="module")
def result(deployment):
    requests = corpus(deployment.api_token, limit=SAMPLE)
    return asyncio.run(send_all(deployment.public_url, requests, concurrency=6))


def test_no_server_errors(result):
    print(result.line())
    assert result.sent >= 300 and not result.transport_errors, result.transport_errors[:5]
    assert result.server_errors == []


def test_every_server_survived(deployment, result):
    for proc in deployment.rasa + deployment.actions + [deployment.nginx, deployment.redis]:
        assert proc.alive(), f"{proc.name} died:\n{proc.tail()}"
    for url in deployment.rasa_urls:
        assert get(f"{url}/webhooks/ops/ready")[0] == 200


def test_nothing_stored_unmasked(deployment, result):
    assert unmasked(deployment, PII_NEEDLES) == []


def test_widget_records_mask_the_conversation_id(deployment, result):
    import random

    from deploy_kit import post

    from bot.channels.keys import conversation_key

    phone = f"139{random.randrange(10**8):08d}"  # this test's own number: its hand-off is new
    key = conversation_key(phone, secret=deployment.secrets["PRIVACY_HASH_KEY"])  # as its browser has it
    url = f"{deployment.public_url}/webhooks/widget"
    assert post(f"{url}/webhook", {"sender": phone, "message": "你好"})[0] == 200
    assert post(f"{url}/handoff", {"sender": phone, "key": key, "note": "请回电"})[0] == 201
    assert post(f"{url}/feedback", {"sender": phone, "key": key, "helpful": True})[0] == 201
    assert unmasked(deployment, [phone]) == []
