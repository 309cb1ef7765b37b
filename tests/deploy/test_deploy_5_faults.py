"""Faults: action servers down, PostgreSQL and Redis killed and restarted, a Rasa instance killed
mid-conversation. Users always get an answer (200, text), the service recovers by itself."""

import json
import time

import pytest
from deploy_kit import get

pytestmark = pytest.mark.slow


def wait_until(check, timeout: float = 60, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not recovered within {timeout}s")


def answered(talk, text):
    """A normal answer (not the apology), or None."""
    reply = talk.say(text)
    return reply if reply["custom"].get("topic") not in ("service_unavailable", "action_unavailable") else None


def test_action_servers_down_gives_the_12333_answer(deployment, chat):
    talk = chat()
    talk.say("我在杭州")
    for proc in deployment.actions:
        proc.stop()
    try:
        for text in ("灵活就业养老保险每个月交多少钱", "how do I pay social insurance?"):
            reply = talk.say(text)  # Chat.say asserts HTTP 200 with a text message
            assert "12333" in reply["text"] and reply["custom"]["topic"] == "action_unavailable"
    finally:
        for index in range(len(deployment.actions)):
            deployment.restart_action(index)
    reply = wait_until(lambda: answered(talk, "灵活就业养老保险每个月交多少钱"))
    assert reply["custom"]["region"] == "杭州市"


def test_postgres_killed_and_restarted(deployment, chat):
    talk = chat()
    assert talk.say("我在广州")["custom"]["region"] == "广州市"
    deployment.postgres.kill()
    try:
        reply = talk.say("灵活就业养老保险每个月交多少钱")
        assert "12333" in reply["text"] and reply["custom"]["topic"] == "service_unavailable"
        status, body = get(f"{deployment.rasa_urls[0]}/webhooks/ops/ready")
        assert status == 503 and json.loads(body)["checks"]["tracker_store"].startswith("error")
    finally:
        deployment.postgres.start()
    reply = wait_until(lambda: answered(talk, "灵活就业养老保险每个月交多少钱"))
    assert reply["custom"]["topic"] == "ask_cost" and reply["custom"]["region"] == "广州市"
    assert all(get(f"{url}/webhooks/ops/ready")[0] == 200 for url in deployment.rasa_urls)


def test_redis_killed_and_restarted(deployment, chat):
    talk = chat()
    assert talk.say("我在成都")["custom"]["region"] == "成都市"
    deployment.redis.kill()
    try:
        reply = talk.say("要带什么材料")
        assert "12333" in reply["text"] and reply["custom"]["topic"] == "service_unavailable"
        assert get(f"{deployment.rasa_urls[1]}/webhooks/ops/ready")[0] == 503
    finally:
        deployment.start_redis()
    reply = wait_until(lambda: answered(talk, "要带什么材料"))
    assert reply["custom"]["region"] == "成都市"


def test_instance_killed_mid_conversation_loses_no_turn(deployment, chat):
    talk = chat()
    texts = ["我在深圳", "灵活就业养老保险每个月交多少钱", "要带什么材料", "那上海呢", "断缴了怎么补"]
    for text in texts[:2]:
        talk.say(text)
    deployment.rasa[0].kill()  # SIGKILL, no clean-up: nginx must route around it
    try:
        replies = [talk.say(text) for text in texts[2:]]
    finally:
        deployment.restart_rasa(0)  # the deployment is whole again for the tests that follow
    assert replies[0]["custom"]["region"] == "深圳市" and replies[1]["custom"]["region"] == "上海市"
    status, body = get(f"{deployment.rasa_urls[1]}/conversations/{talk.sender}/tracker?token={deployment.api_token}")
    assert status == 200
    said = [e["text"] for e in json.loads(body)["events"] if e["event"] == "user"]
    assert said == texts, said
