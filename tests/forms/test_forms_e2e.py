"""The calculator forms end to end: the real Rasa server and action server on loopback, real HTTP.

Whole conversations as a user types them: a contribution form with a refused base, a correction and
a recalculation after the result; a pension form with every input in natural form, a correction and
a question in the middle; and leaving a form half-way, after which the conversation goes on.
"""
import json
import urllib.request
import uuid

import pytest

pytestmark = pytest.mark.slow


class Chat:
    def __init__(self, rasa_url: str):
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = f"forms-{uuid.uuid4().hex[:8]}"

    def say(self, text: str) -> dict:
        body = json.dumps({"sender": self.sender, "message": text}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"},
                                         method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            messages = json.loads(response.read())
        texts = [m["text"] for m in messages if m.get("text")]
        customs = [m["custom"] for m in messages if m.get("custom")]
        assert texts, f"blank reply to {text!r}: {messages}"
        return {"text": "\n".join(texts), "custom": customs[-1] if customs else {},
                "buttons": [b for m in messages for b in m.get("buttons", [])]}


def asked(reply) -> str:
    return reply["custom"].get("requested_slot")


def test_contribution_form_with_a_refused_base_and_corrections(rasa_url):
    chat = Chat(rasa_url)
    reply = chat.say("帮我算一下社保每个月要交多少")
    assert asked(reply) == "region" and reply["custom"]["topic"] == "calculate_contribution"
    reply = chat.say("北京")
    assert asked(reply) == "calc_base" and "7162–35811" in reply["text"]
    reply = chat.say("按3000交")
    assert "低于下限" in reply["text"] and "7162–35811" in reply["text"] and "京人社发〔2025〕11号" in reply["text"]
    assert asked(reply) == "calc_base"
    reply = chat.say("按60%")
    assert asked(reply) == "calc_insurances"
    reply = chat.say("不对，按最低档")
    assert "已更新" in reply["text"] and asked(reply) == "calc_insurances"
    reply = chat.say("全部")
    calc = reply["custom"]["calculation"]
    assert calc["total_monthly"] == 2088.94 and calc["total_yearly"] == 25067.28
    assert "合计：2088.94元/月" in reply["text"] and reply["custom"]["region"] == "北京市"
    assert all(c.get("year") for c in reply["custom"]["citations"])
    reply = chat.say("那上海呢")  # a region after a result recalculates there
    assert reply["custom"]["region"] == "上海市" and reply["custom"]["calculation"]["kind"] == "contribution"
    reply = chat.say("按最高档呢")
    assert reply["custom"]["calculation"]["base_choice"]["kind"] == "highest"


def test_pension_form_in_natural_form_with_a_correction_and_a_question(rasa_url):
    chat = Chat(rasa_url)
    reply = chat.say("帮我估算一下养老金")
    assert asked(reply) == "calc_birth_year"
    reply = chat.say("我38岁，交了5年，按60%交")
    assert asked(reply) == "calc_birth_month"
    reply = chat.say("3月")
    assert asked(reply) == "calc_sex"
    reply = chat.say("女，原来55岁退休的")
    assert asked(reply) == "region"
    reply = chat.say("灵活就业可以补缴吗")  # a question of its own: answered, then the form asks again
    assert "补缴" in reply["text"] and asked(reply) == "region"
    reply = chat.say("北京")
    assert asked(reply) == "calc_balance"
    reply = chat.say("不对，我是40岁")
    assert "已更新" in reply["text"] and asked(reply) == "calc_balance"
    reply = chat.say("跳过")
    calc = reply["custom"]["calculation"]
    assert reply["custom"]["topic"] == "estimate_pension" and calc["is_estimate"]
    assert calc["inputs"]["birth_year"] in (1985, 1986) and calc["retirement"]["category"] == "female_55"
    assert calc["range"]["low"] <= calc["range"]["central"] <= calc["range"]["high"]
    assert "不是承诺" in reply["text"] and "什么会改变结果" in reply["text"]


def test_english_pension_form_with_nonsense_and_a_correction(rasa_url):
    chat = Chat(rasa_url)
    reply = chat.say("estimate my pension")
    assert asked(reply) == "calc_birth_year" and reply["custom"]["language"] == "en"
    reply = chat.say("I'm 300")
    assert "16–100" in reply["text"] and asked(reply) == "calc_birth_year"
    reply = chat.say("born March 1985")
    assert asked(reply) == "calc_sex"
    reply = chat.say("male")
    assert asked(reply) == "calc_paid_months"
    reply = chat.say("paid 10 years")
    assert asked(reply) in ("region", "calc_base")
    reply = chat.say("actually 1986")
    assert "updated" in reply["text"]
    for answer in ("Shenzhen", "100%", "skip"):
        if asked(reply) is None:
            break
        reply = chat.say(answer)
    calc = reply["custom"]["calculation"]
    assert calc["inputs"]["birth_year"] == 1986 and reply["custom"]["language"] == "en"
    assert "an estimate, not a promise" in reply["text"]


@pytest.mark.parametrize("stop", ["算了", "不算了", "stop"])
def test_leaving_a_form_keeps_the_conversation_usable(rasa_url, stop):
    chat = Chat(rasa_url)
    reply = chat.say("帮我算算养老金" if stop != "stop" else "contribution calculator")
    assert asked(reply) is not None
    reply = chat.say(stop)
    assert reply["custom"].get("stopped") is True
    assert "退出计算" in reply["text"] or "left the calculator" in reply["text"]
    reply = chat.say("社保是强制交的吗，我可以不交吗")
    assert reply["custom"]["topic"] == "ask_voluntary" and reply["custom"]["citations"]
