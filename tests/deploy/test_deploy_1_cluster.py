"""Several instances behind nginx: any instance can take any turn of any conversation."""

import json

import pytest
from deploy_kit import get, post

pytestmark = pytest.mark.slow


def test_every_instance_is_healthy_ready_and_measured(deployment):
    for url in deployment.rasa_urls:
        assert get(f"{url}/webhooks/ops/health")[0] == 200
        status, body = get(f"{url}/webhooks/ops/ready")
        assert status == 200, body
        assert json.loads(body)["checks"] == {"model": "ok", "tracker_store": "ok", "lock_store": "ok"}
        status, metrics = get(f"{url}/webhooks/ops/metrics")
        assert status == 200 and b"shebao_http_request_seconds_bucket" in metrics
    assert get(f"{deployment.public_url}/webhooks/ops/health")[0] == 200


def test_turns_alternating_between_instances_keep_region_and_context(deployment, chat):
    talk = chat(*deployment.rasa_urls)  # turn 1 → rasa-1, turn 2 → rasa-2, …
    assert talk.say("我在深圳")["custom"]["region"] == "深圳市"
    cost = talk.say("灵活就业养老保险每个月交多少钱")
    assert cost["custom"]["topic"] == "ask_cost" and cost["custom"]["region"] == "深圳市"
    docs = talk.say("要带什么材料")
    assert docs["custom"]["topic"] == "ask_documents" and docs["custom"]["region"] == "深圳市"
    other = talk.say("那上海呢")
    assert other["custom"]["topic"] == "ask_documents" and other["custom"]["region"] == "上海市"


def test_english_follow_up_across_instances(deployment, chat):
    talk = chat(deployment.rasa_urls[1], deployment.rasa_urls[0])
    assert talk.say("how much does social insurance cost in Beijing?")["custom"]["region"] == "北京市"
    follow = talk.say("what about Shanghai?")
    assert follow["custom"]["topic"] == "ask_cost" and follow["custom"]["region"] == "上海市"


def _rest_requests(url):
    _, metrics = get(f"{url}/webhooks/ops/metrics")
    for line in metrics.decode().splitlines():
        if line.startswith('shebao_http_requests_total{channel="rest",method="POST",status="2xx"}'):
            return float(line.split()[-1])
    return 0.0


def test_nginx_spreads_conversations_over_instances(deployment, chat):
    before = [_rest_requests(url) for url in deployment.rasa_urls]
    talk = chat()
    for text in ("灵活就业人员可以自己交社保吗", "在哪里办理", "需要什么材料", "断缴了怎么补"):
        talk.say(text)
    after = [_rest_requests(url) for url in deployment.rasa_urls]
    assert all(a > b for a, b in zip(after, before, strict=False)), (before, after)


def test_socketio_is_not_routed(deployment):
    """socket.io is not enabled (credentials.yml says why), so the load balancer has no route for it."""
    status, _ = get(f"{deployment.public_url}/socket.io/?EIO=4&transport=polling")
    assert status == 404


def test_http_api_is_not_public_and_needs_the_token(deployment):
    for path in (
        "/status",
        f"/status?token={deployment.api_token}",
        f"/conversations/x/tracker?token={deployment.api_token}",
    ):
        assert get(f"{deployment.public_url}{path}")[0] == 404  # nginx: admin paths are not public
    instance = deployment.rasa_urls[0]
    assert get(f"{instance}/status")[0] == 401
    assert get(f"{instance}/status?token={deployment.api_token}")[0] == 200
    status, _ = post(f"{instance}/model/parse?token={deployment.api_token}", b"[]")
    assert status == 400  # bot.runtime.api_guard: Rasa itself would answer 500


def test_staff_console_is_part_of_the_deployment(deployment):
    assert deployment.staff.alive()
    assert get(f"http://127.0.0.1:{deployment.staff_port}/login")[0] == 200
