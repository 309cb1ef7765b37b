"""Conversations bound to their channel and their key (issue 21): knowing a conversation's id is
not enough to read its staff replies, attach a call-back number or cancel its hand-off; REST
cannot speak for another channel's users; its answer never hands back the stored tag; REST and
requests for a person are limited; no 500 on the authenticated routes; private files."""

import json
import os
import stat
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from security_kit import client, request


def letters() -> str:
    return uuid.uuid4().hex[:12].translate(str.maketrans("0123456789", "ghijklmnop"))


def rest(stack, body, address="203.0.113.80"):
    return request(f"{stack.rasa_url}/webhooks/rest/webhook", body, headers=client(address))


def widget(stack, path, body, address="203.0.113.81", key=True):
    return request(f"{stack.rasa_url}/webhooks/widget/{path}", body, headers=client(address), key=key)


@pytest.fixture
def store(stack, monkeypatch):
    """bot.store.handoff on the stack's project database, with the stack's masking key."""
    from bot.store import handoff

    monkeypatch.setenv("APP_DATABASE_URL", stack.env["APP_DATABASE_URL"])
    monkeypatch.setenv("PRIVACY_HASH_KEY", stack.secrets["PRIVACY_HASH_KEY"])
    return handoff


def test_an_id_alone_reaches_nothing_of_another_citizens_hand_off(stack, store):
    citizen = f"crm-customer-{letters()}"  # an id an integrator chose for a REST citizen
    assert rest(stack, {"sender": citizen, "message": "你好"})[0] == 200
    request_, _ = store.open_request(citizen, "rest")
    store.take(request_.id, "alice")
    store.reply(request_.id, "alice", "您的补缴材料已收到")
    # the attacker names the same id on the widget's routes
    status, body, _ = widget(stack, "handoff/updates", {"sender": citizen, "after": 0})
    assert status == 403 and "补缴材料" not in json.dumps(json.loads(body), ensure_ascii=False)
    phone = {"sender": citizen, "phone": "13700001111", "consent": True}
    assert widget(stack, "callback", phone)[0] == 403
    assert widget(stack, "handoff/cancel", {"sender": citizen})[0] == 403
    assert widget(stack, "webhook", {"sender": citizen, "message": "取消"})[0] == 403
    assert store.current(citizen, channel="rest").state == "active"
    assert [m.delivery for m in store.messages(request_.id) if m.author == "staff"] == ["pending"]
    # the citizen still gets the reply, at their next turn
    status, body, _ = rest(stack, {"sender": citizen, "message": "在吗"})
    assert status == 200 and "您的补缴材料已收到" in [m.get("text") for m in json.loads(body)]


def test_a_widget_conversation_needs_the_key_it_was_given(stack):
    who = f"widget-{letters()}"
    status, _, headers = widget(stack, "webhook", {"sender": who, "message": "你好"}, key=False)
    key = headers.get("x-conversation-key")
    assert status == 200 and key and len(key) >= 32
    assert widget(stack, "webhook", {"sender": who, "message": "你好"}, key=False)[0] == 403
    assert widget(stack, "webhook", {"sender": who, "message": "你好", "key": "x" * 32}, key=False)[0] == 403
    assert widget(stack, "webhook", {"sender": who, "message": "你好", "key": key}, key=False)[0] == 200
    for path, body in (
        ("handoff/updates", {"after": 0}),
        ("handoff", {}),
        ("callback", {"phone": "13700001111", "consent": True}),
        ("handoff/cancel", {}),
        ("feedback", {"helpful": True}),
    ):
        status, reply, _ = widget(stack, path, {"sender": who, **body}, key=False)
        assert status == 403 and json.loads(reply)["message"]["en"], path
    assert widget(stack, "handoff", {"sender": who, "key": key}, key=False)[0] == 201


@pytest.mark.parametrize(
    "body",
    [
        {"sender": "wechat:oVictimOpenId123", "message": "转人工"},
        {"sender": "WeCom:zhangsan", "message": "转人工"},
        {"sender": f"rest-{letters()}", "message": "转人工", "input_channel": "wechat"},
    ],
)
def test_rest_cannot_speak_for_another_channels_users(stack, body):
    status, reply, _ = rest(stack, body)
    assert status == 400 and json.loads(reply)["message"]["en"]


def test_the_rest_answer_never_hands_back_the_stored_tag(stack):
    status, body, _ = rest(stack, {"sender": "13700001111", "message": "你好"}, address="203.0.113.82")
    messages = json.loads(body)
    assert status == 200 and messages and {m["recipient_id"] for m in messages} == {"13700001111"}
    assert "[PHONE" not in body.decode()


def test_rest_turns_are_limited_per_sender_and_per_address(stack):
    who = f"rest-{letters()}"
    with ThreadPoolExecutor(10) as pool:
        same_sender = list(
            pool.map(lambda i: rest(stack, {"sender": who, "message": "你好"}, f"203.0.113.{90 + i % 5}"), range(24))
        )
    statuses = [s for s, _, _ in same_sender]
    assert statuses.count(429) >= 6 and set(statuses) <= {200, 429}, statuses
    limited = next(r for r in same_sender if r[0] == 429)
    assert int(limited[2]["retry-after"]) > 0 and json.loads(limited[1])["message"]["zh"]
    with ThreadPoolExecutor(10) as pool:
        one_address = list(
            pool.map(
                lambda i: rest(stack, {"sender": f"rest-{letters()}", "message": "你好"}, "203.0.113.99")[0], range(30)
            )
        )
    assert one_address.count(429) >= 5 and set(one_address) <= {200, 429}, one_address


def test_requests_for_a_person_over_rest_are_limited_per_address(stack, store):
    senders = [f"rest-{letters()}" for _ in range(6)]
    for who in senders:
        assert rest(stack, {"sender": who, "message": "转人工"}, "203.0.113.110")[0] == 200
    queued = [who for who in senders if store.latest(who) is not None]
    assert 1 <= len(queued) <= 3, queued


def test_a_malformed_parse_data_gets_400_not_500(stack):
    token = stack.secrets["RASA_API_TOKEN"]
    url = f"{stack.rasa_url}/conversations/{letters()}/messages?token={token}"
    for parse_data in ({"intent": "greet"}, {"text": "x"}, {"intent": {"name": "greet"}, "entities": "x"}):
        body = {"text": "你好", "sender": "user", "parse_data": parse_data}
        assert request(url, body)[0] == 400, parse_data
    good = {"intent": {"name": "greet", "confidence": 1.0}, "entities": []}
    assert request(url, {"text": "你好", "sender": "user", "parse_data": good})[0] == 200


@pytest.mark.parametrize(
    "body",
    [
        [{"next_action": "action_answer"}],
        {"next_action": "action_answer", "tracker": [1]},
        {"next_action": "action_answer", "tracker": {"sender_id": "x", "slots": {"region": {"a": [{"b": 1}]}}}},
        {"next_action": "action_answer", "tracker": {"sender_id": "x", "latest_message": {"intent": "greet"}}},
    ],
)
def test_the_action_server_answers_malformed_calls_with_400(stack, body):
    headers = {"X-Action-Token": stack.secrets["ACTION_SERVER_TOKEN"]}
    assert request(f"{stack.action_url}/webhook", body, headers=headers)[0] == 400


def test_files_the_stack_writes_are_private(stack):
    found = []
    for folder, folders, files in os.walk(stack.build_dir):
        for name in files + folders:
            path = os.path.join(folder, name)
            if os.stat(path).st_mode & 0o077:
                found.append(f"{path}: {stat.filemode(os.stat(path).st_mode)}")
    assert stack.logs.exists() and (stack.build_dir / "app.db").exists()
    assert not found, found
