"""End to end: the real action server and Rasa server on loopback, real HTTP."""

import json

import pytest
from http_kit import Chat, get, post

pytestmark = pytest.mark.slow


def details(reply) -> str:
    """The answer's sections (shown on demand), as one text."""
    return "\n".join(f"{s['title']}\n" + "\n".join(s["lines"]) for s in reply["custom"]["sections"])


@pytest.mark.parametrize(
    "question, topic, expected",
    [
        ("社保是强制交的吗，我可以不交吗", "ask_voluntary", "社会保险法"),
        ("灵活就业人员可以自己交社保吗", "ask_eligibility", "第十条"),
        ("Is it possible to pay social insurance myself as a freelancer?", "ask_eligibility", "Art."),
        ("how many years do I need to pay to get a pension", "ask_minimum_years", "15"),
    ],
)
def test_questions_are_answered_with_citations(rasa_url, question, topic, expected):
    reply = Chat(rasa_url).say(question)
    assert reply["custom"]["topic"] == topic
    assert reply["custom"]["citations"] and all(c.get("year") for c in reply["custom"]["citations"])
    assert expected in reply["text"] + details(reply)
    assert len(reply["text"]) <= (400 if question.isascii() else 200)  # answer first, details on demand
    assert reply["custom"]["language"] == ("en" if question.isascii() else "zh")


def test_region_is_remembered_and_follow_up_switches_region(rasa_url):
    chat = Chat(rasa_url)
    first = chat.say("我在深圳")
    assert first["custom"]["region"] == "深圳市"
    cost = chat.say("灵活就业养老保险每个月交多少钱")
    assert cost["custom"]["topic"] == "ask_cost" and cost["custom"]["region"] == "深圳市"
    assert "深圳市的规定" in details(cost)
    docs = chat.say("要带什么材料")
    assert docs["custom"]["topic"] == "ask_documents" and docs["custom"]["region"] == "深圳市"
    other = chat.say("那上海呢")
    assert other["custom"]["topic"] == "ask_documents" and other["custom"]["region"] == "上海市"


def test_english_follow_up(rasa_url):
    chat = Chat(rasa_url)
    assert chat.say("how much does social insurance cost in Beijing?")["custom"]["region"] == "北京市"
    follow = chat.say("what about Shanghai?")
    assert follow["custom"]["topic"] == "ask_cost" and follow["custom"]["region"] == "上海市"
    assert "Rules in Shanghai" in details(follow)


def test_region_dependent_question_without_region_offers_regions(rasa_url):
    reply = Chat(rasa_url).say("灵活就业社保缴费基数怎么定")
    assert reply["custom"]["region"] is None and "哪个城市" in reply["text"]
    assert any(b["payload"].startswith("/inform") for b in reply["buttons"])


def test_region_button_payload_round_trip(rasa_url):
    chat = Chat(rasa_url)
    chat.say("灵活就业社保每月交多少")
    reply = chat.say('/inform{"region": "杭州市"}')
    assert reply["custom"]["region"] == "杭州市" and reply["custom"]["topic"] == "ask_cost"


def test_article_lookup(rasa_url):
    reply = Chat(rasa_url).say("社会保险法第58条说什么")
    assert reply["custom"]["citations"][0]["article"] == 58
    assert "第五十八条" in reply["text"]


def test_handoff_and_out_of_scope(rasa_url):
    chat = Chat(rasa_url)
    assert chat.say("我要转人工")["custom"].get("handoff") is True
    # someone is on duty in the tests (HANDOFF_HOURS=always): the message goes to staff, the assistant is quiet
    status, body = post(chat.urls[0], {"sender": chat.sender, "message": "帮我查一下火车票"})
    relayed = json.loads(body)
    assert status == 200 and not [m for m in relayed if m.get("text")] and relayed[0]["custom"]["extra"]["relayed"]
    assert "已取消转人工" in chat.say("取消")["text"]
    assert chat.say("帮我查一下明天去上海的火车票")["custom"]["topic"] in ("out_of_scope", "nlu_fallback")


BAD_INPUTS = [
    "",
    " ",
    "\n\t",
    "？？？",
    "😀😀😀🎉",
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>",
    "'; DROP TABLE events; --",
    "1 OR 1=1",
    "\x00\x01\x02 binary",
    "ｓｈｅｂａｏ",
    "社" * 20000,
    "how " * 5000,
    "社会保険に加入したいです",
    "Как платить социальное страхование?",
    "\ud800",
    '/ask_cost{"region": "<b>x</b>"}',
    "/nonexistent_intent",
    "/inform{broken json",
    "%s%s%s%n",
]


@pytest.mark.parametrize("text", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_gets_a_polite_reply(rasa_url, rasa_server_process, text):
    chat = Chat(rasa_url)
    status, body = post(chat.urls[0], {"sender": chat.sender, "message": text})
    assert status == 200, body[:300]
    messages = json.loads(body)
    assert any(m.get("text") for m in messages), messages
    assert rasa_server_process.alive()


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"not json at all", "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b'{"sender": "x"}', "application/json"),
        (b'{"message": 5, "sender": ["a"]}', "application/json"),
        (b"[]", "application/json"),
        (b"", "text/plain"),
        (b'{"sender": "a", "message": null}', "application/json"),
        (b'{"sender": {"x": 1}, "message": "hi"}', "application/json"),
    ],
)
def test_malformed_requests_are_refused_cleanly(rasa_url, rasa_server_process, body, content_type):
    status, reply = post(f"{rasa_url}/webhooks/rest/webhook", body, content_type)
    assert status == 400, reply[:300]
    assert "sender" in json.loads(reply)["message"]["en"]
    assert rasa_server_process.alive()


def test_oversized_message_is_refused_with_413(rasa_url):
    status, _ = post(f"{rasa_url}/webhooks/rest/webhook", {"sender": "big", "message": "社" * 50_000})
    assert status == 413


def test_server_still_healthy_after_bad_input(rasa_url):
    assert get(f"{rasa_url}/status", timeout=10)[0] == 200
    assert Chat(rasa_url).say("社保断缴了怎么补")["custom"]["topic"] == "ask_late_payment"
