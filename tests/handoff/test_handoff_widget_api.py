"""The widget's hand-off endpoints on the real Rasa server: queue, relay, staff reply by polling,
cancel, call-back; bad input gets a clear 4xx, never a 500."""

import sqlite3
import uuid

import pytest
from widget_kit import post

from bot.store import handoff as store

pytestmark = pytest.mark.slow


def new_sender() -> str:
    return f"widget-api-{uuid.uuid4().hex[:12]}"


def test_the_loop_through_the_widget_endpoints(rasa_url, server_app_db):
    base, sender = f"{rasa_url}/webhooks/widget", new_sender()
    assert post(f"{base}/webhook", {"sender": sender, "message": "灵活就业怎么交社保"})[0] == 200
    status, queued = post(f"{base}/handoff", {"sender": sender, "note": "想问补缴，电话13812345678", "language": "zh"})
    assert status == 201 and queued["state"] == "waiting" and queued["silenced"] and queued["position"] >= 1
    assert "转接人工" in queued["message"] and "回电" in queued["consent"]
    status, relayed = post(f"{base}/webhook", {"sender": sender, "message": "我2015年断缴了"})
    assert status == 200 and [m for m in relayed if m.get("text")] == []
    assert relayed[0]["custom"]["kind"] == "handoff" and relayed[0]["custom"]["extra"]["relayed"] is True

    request = store.current(sender)
    assert [m.text for m in store.messages(request.id)] == ["我2015年断缴了"]
    assert "13812345678" not in request.note
    store.take(request.id, "alice")
    store.notice(request.id, "工作人员已接入")
    reply = store.reply(request.id, "alice", "您好，断缴可以补缴，请说一下所在城市")
    status, updates = post(f"{base}/handoff/updates", {"sender": sender, "after": 0})
    assert status == 200 and updates["state"] == "active" and updates["poll"] >= 1
    assert [(m["author"], m["text"]) for m in updates["messages"]] == [
        ("notice", "工作人员已接入"),
        ("staff", "您好，断缴可以补缴，请说一下所在城市"),
    ]
    assert post(f"{base}/handoff/updates", {"sender": sender, "after": reply.id})[1]["messages"] == []
    assert [m.delivery for m in store.messages(request.id) if m.author == "staff"] == ["delivered"]

    status, cancelled = post(f"{base}/handoff/cancel", {"sender": sender, "language": "en"})
    assert status == 200 and cancelled["state"] == "closed" and "assistant" in cancelled["message"]
    status, answer = post(f"{base}/webhook", {"sender": sender, "message": "灵活就业怎么交社保"})
    assert any(m.get("text") for m in answer)  # the assistant is back


def test_typed_request_joins_the_queue_in_the_users_language(rasa_url, server_app_db):
    sender = new_sender()
    status, reply = post(
        f"{rasa_url}/webhooks/widget/webhook", {"sender": sender, "message": "I want to talk to a person"}
    )
    assert status == 200 and "person" in reply[0]["text"]
    assert reply[-1]["custom"]["kind"] == "handoff" and reply[-1]["custom"]["extra"]["staffed"] is True
    request = store.current(sender)
    assert request is not None and request.language == "en" and request.channel == "widget"
    # the widget's call-back sheet reads the consent wording from its polling, not only from /handoff
    status, updates = post(
        f"{rasa_url}/webhooks/widget/handoff/updates", {"sender": sender, "after": 0, "language": "en"}
    )
    assert status == 200 and updates["state"] == "waiting" and "call" in updates["consent"]
    store.cancel(sender)


def test_callback_needs_consent_and_a_real_number_and_is_stored_encrypted(rasa_url, server_app_db):
    base, sender = f"{rasa_url}/webhooks/widget", new_sender()
    assert post(f"{base}/webhook", {"sender": sender, "message": "你好"})[0] == 200
    assert post(f"{base}/callback", {"sender": sender, "phone": "13912345678"})[0] == 400  # no consent
    assert post(f"{base}/callback", {"sender": sender, "phone": "12345", "consent": True})[0] == 400
    status, saved = post(
        f"{base}/callback", {"sender": sender, "phone": "139 1234 5678", "consent": True, "language": "en"}
    )
    assert status == 201 and saved["last4"] == "5678" and "5678" in saved["message"] and saved["days"] >= 1
    with sqlite3.connect(server_app_db[len("sqlite:///") :]) as db:
        stored = db.execute(
            "select phone_encrypted, phone_last4, consent from app_callback_requests where id = ?", (saved["id"],)
        ).fetchone()
    assert "13912345678" not in stored[0] and stored[1] == "5678" and "call me back" in stored[2]
    assert store.callback_number(saved["id"]) == "13912345678"


@pytest.mark.parametrize(
    "path, body",
    [
        ("handoff/updates", {"sender": "short"}),
        ("handoff/updates", {"sender": "widget-xxxxxxxx", "after": -1}),
        ("handoff/updates", {"sender": "widget-xxxxxxxx", "after": "1"}),
        ("handoff/cancel", {}),
        ("callback", {"sender": "widget-xxxxxxxx", "phone": 13812345678, "consent": True}),
        ("callback", {"sender": "widget-xxxxxxxx", "phone": "1" * 100, "consent": True}),
        ("handoff", {"sender": "widget-xxxxxxxx", "note": 5}),
        ("handoff", []),
    ],
)
def test_bad_input_gets_a_clear_4xx(rasa_url, path, body):
    status, reply = post(f"{rasa_url}/webhooks/widget/{path}", body)
    assert 400 <= status < 500 and reply["error"], (path, status, reply)


def test_unknown_conversations_cannot_ask(rasa_url):
    """No conversation, so no key: the hand-off routes refuse (the key is handed out with the
    answer to a conversation's first message)."""
    sender = new_sender()
    for path in ("handoff", "callback", "handoff/cancel"):
        status, reply = post(
            f"{rasa_url}/webhooks/widget/{path}",
            {"sender": sender, "phone": "13912345678", "consent": True, "after": 0},
        )
        assert status == 403 and reply["message"]["en"], path
    # the hand-off sheet may ask before the first message: nothing to read, and no key needed
    assert post(f"{rasa_url}/webhooks/widget/handoff/updates", {"sender": sender, "after": 0})[1]["state"] is None


def test_the_hand_off_routes_need_the_conversations_key(rasa_url, server_app_db):
    base, sender = f"{rasa_url}/webhooks/widget", new_sender()
    assert post(f"{base}/webhook", {"sender": sender, "message": "你好"})[0] == 200
    assert post(f"{base}/handoff", {"sender": sender, "key": "k" * 32})[0] == 403
    assert post(f"{base}/handoff", {"sender": sender})[0] == 201  # with the key post() keeps, as widget.js does
    request = store.current(sender, channel="widget")
    store.take(request.id, "alice")
    store.reply(request.id, "alice", "只给这位市民")
    status, stolen = post(f"{base}/handoff/updates", {"sender": sender, "after": 0}, key=False)
    assert status == 403 and "只给这位市民" not in str(stolen)
    assert [m.delivery for m in store.messages(request.id) if m.author == "staff"] == ["pending"]
    assert [m["text"] for m in post(f"{base}/handoff/updates", {"sender": sender, "after": 0})[1]["messages"]] == [
        "只给这位市民"
    ]
    store.hand_back(request.id, "alice")
