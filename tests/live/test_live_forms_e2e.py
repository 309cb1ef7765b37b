"""The calculators end to end: the real Rasa server and action server on loopback, real HTTP.

Whole conversations as people type them: everything in one message answered at once with stated
defaults, refinements by button and by words, a refused base, a region switch, a retirement age,
a person past retirement age, English with nonsense, and leaving half-way. Live figures.
"""

import pytest
from http_kit import Chat

pytestmark = pytest.mark.slow


def kind(reply) -> str:
    return reply["custom"].get("kind")


def test_contribution_answered_at_once_then_refined(rasa_url):
    chat = Chat(rasa_url)
    reply = chat.say("帮我算一下社保每个月要交多少")
    assert kind(reply) == "question" and reply["custom"]["extra"]["needs"] == ["region"]
    reply = chat.say("北京")
    calc = reply["custom"]["calculation"]
    assert (
        kind(reply) == "calculation"
        and calc["total_monthly"] == 1432.4
        and calc["defaults"] == ["base_lowest", "pension_only"]
    )
    first = reply["text"].splitlines()[0]
    assert "7162" in first and "1432.40" in first and "2025" in first and "京人社发〔2025〕11号" in first
    assert len(reply["text"]) <= 200
    assert {s["id"] for s in reply["custom"]["sections"]} >= {"lines", "assumptions", "sources"}
    option = next(b["payload"] for b in reply["buttons"] if "all_insurances" in b["payload"])
    reply = chat.say(option)
    assert reply["custom"]["calculation"]["total_monthly"] == 2088.94 and "合计每月2088.94元" in reply["text"]
    reply = chat.say("按3000交")
    assert "低于下限" in reply["text"] and "7162–35811" in reply["text"] and kind(reply) == "question"
    reply = chat.say("按最低档")
    assert reply["custom"]["calculation"]["base"] == 7162
    reply = chat.say("那上海呢")
    assert reply["custom"]["region"] == "上海市" and kind(reply) == "calculation"
    reply = chat.say("按最高档呢")
    assert reply["custom"]["calculation"]["base_choice"]["kind"] == "highest"


def test_pension_from_one_message_remembered_across_topics(rasa_url):
    chat = Chat(rasa_url)
    reply = chat.say("我38岁 男 在广州 交了5年 按60%交 帮我估算养老金")
    calc = reply["custom"]["calculation"]
    assert kind(reply) == "calculation" and reply["custom"]["region"] == "广州市"
    assert calc["inputs"]["sex"] == "male" and calc["inputs"]["paid_months"] == 60 and calc["average_index"] == 0.6
    assert calc["retirement"]["age_years"] == 63 and "这是估算，不是承诺" in reply["text"]
    reply = chat.say("60岁退休呢")
    assert reply["custom"]["calculation"]["claim"]["age_years"] == 60
    reply = chat.say("社保是强制交的吗，我可以不交吗")
    assert reply["custom"]["topic"] == "ask_voluntary"
    reply = chat.say("帮我算一下每个月要交多少")  # region and person remembered: answered at once
    assert kind(reply) == "calculation" and reply["custom"]["region"] == "广州市"


def test_someone_past_retirement_age_gets_an_estimate(rasa_url):
    chat = Chat(rasa_url)
    reply = chat.say("我1960年5月出生 女 原来50岁退休 交了10年 在北京 帮我估算养老金")
    calc = reply["custom"]["calculation"]
    assert kind(reply) == "calculation" and calc["reached"] and calc["eligible"] and calc["range"]
    assert "已于2010年5月达到法定退休年龄" in reply["text"]


def test_english_with_nonsense(rasa_url):
    chat = Chat(rasa_url)
    reply = chat.say("estimate my pension")
    assert kind(reply) == "question" and reply["custom"]["language"] == "en"
    reply = chat.say("I'm 300")
    assert "16–100" in reply["text"] and kind(reply) == "question"
    reply = chat.say("born March 1985, male, paid 10 years, in Beijing")
    calc = reply["custom"]["calculation"]
    assert calc["inputs"]["birth_year"] == 1985 and reply["custom"]["language"] == "en"
    assert "an estimate, not a promise" in reply["text"]


@pytest.mark.parametrize("stop", ["算了", "不算了", "stop"])
def test_leaving_keeps_the_conversation_usable(rasa_url, stop):
    chat = Chat(rasa_url)
    reply = chat.say("帮我算算养老金" if stop != "stop" else "contribution calculator")
    assert kind(reply) == "question"
    reply = chat.say(stop)
    assert "退出计算" in reply["text"] or "left the calculator" in reply["text"]
    reply = chat.say("社保是强制交的吗，我可以不交吗")
    assert reply["custom"]["topic"] == "ask_voluntary" and reply["custom"]["citations"]
