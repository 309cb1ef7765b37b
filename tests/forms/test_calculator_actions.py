"""The thin rasa-sdk calculator actions with real trackers and a collecting dispatcher, on the
fixture knowledge base: the reply is a typed payload (first message + sections), the slots carry
the Profile and the calculator's choices, and action_answer hands calculator follow-ups over."""

import logging

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.answer import ActionAnswer
from actions.calculator import ActionCalcStop, ActionCalculate
from assistant import calculator as calc
from presentation.payload import Payload


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(calc, "today", lambda: (2026, 11))


def tracker(text, intent="inform", entities=(), **slots):
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": list(entities),
        "intent_ranking": [{"name": intent, "confidence": 0.9}],
    }
    return Tracker("user-1", slots, message, [], False, None, {}, "action_listen")


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, trk, {})
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    payloads = [Payload.from_dict(m["custom"]) for m in dispatcher.messages if m.get("custom")]
    return dispatcher.messages, slots, payloads


def test_a_whole_question_in_one_message_is_answered_at_once(fixture_kb):
    messages, slots, payloads = run(
        ActionCalculate(),
        tracker(
            "我38岁 男 在丙市 交了5年 按100%交，能领多少养老金",
            "estimate_pension",
            [{"entity": "region", "value": "丙市"}],
        ),
    )
    (payload,) = payloads
    assert payload.kind == "calculation" and payload.topic == "estimate_pension" and payload.region == "丙市"
    assert "63岁退休（2051年6月）" in messages[0]["text"] and len(messages[0]["text"]) <= 200
    assert [s.id for s in payload.sections][:3] == ["retirement", "scenarios", "levers"]
    assert slots["profile"]["persons"]["self"] == {"age": 38, "sex": "male", "paid_months": 60}
    assert slots["calc_kind"] == "pension" and slots["calc"]["base"] == "100%" and slots["region"] == "丙市"
    assert {b["payload"] for b in messages[0]["buttons"]} >= {"/calculate_contribution"}


def test_what_is_missing_is_asked_in_one_question(fixture_kb):
    messages, slots, payloads = run(ActionCalculate(), tracker("帮我估算一下养老金", "estimate_pension"))
    assert payloads[0].kind == "question" and payloads[0].extra["needs"] == ["birth", "sex", "paid", "region"]
    assert slots["calc"]["asked"] == ["birth", "sex", "paid", "region"] and slots["calc_kind"] == "pension"
    # the answer comes with whatever intent the NLU gives it; the remembered question makes it complete
    messages, slots, payloads = run(
        ActionCalculate(), tracker("40岁 男 交了10年 丙市", "nlu_fallback", calc=slots["calc"], calc_kind="pension")
    )
    assert payloads[0].kind == "calculation" and slots["profile"]["persons"]["self"]["age"] == 40


def test_contribution_defaults_are_stated_and_refined_by_buttons(fixture_kb):
    messages, slots, payloads = run(
        ActionCalculate(), tracker("帮我算一下社保每个月要交多少", "calculate_contribution", region="丙市")
    )
    assert messages[0]["text"].startswith("丙市按最低缴费基数5,000元，养老保险每月1,000.00元")
    assert "按默认：最低缴费基数、只算养老保险" in messages[0]["text"]
    option = next(b["payload"] for b in messages[0]["buttons"] if "all_insurances" in b["payload"])
    messages, slots, payloads = run(
        ActionCalculate(),
        tracker(option, "calculate_contribution", [{"entity": "calc_option", "value": "all_insurances"}], **slots),
    )
    assert payloads[0].calculation["total_monthly"] == 1375.0 and slots["calc"]["insurances"] == [
        "pension",
        "medical",
        "unemployment",
    ]


def test_a_correction_after_a_result_goes_through_action_answer(fixture_kb):
    state = dict(region="丙市", calc={"kind": "contribution", "base": None}, calc_kind="contribution")
    messages, slots, payloads = run(ActionAnswer(), tracker("按最高档呢", "ask_cost", **state))
    assert payloads[0].calculation["base"] == 24000 and slots["calc"]["base"] == "highest"
    # a region asked about in a question of its own is that question's, not a recalculation
    messages, slots, _ = run(ActionAnswer(), tracker("灵活就业可以补缴吗", "ask_late_payment", **state))
    assert not any((m.get("custom") or {}).get("calculation") for m in messages)
    assert slots.get("calc_kind", "unchanged") is None


def test_an_answer_to_the_question_counts_whatever_the_intent(fixture_kb):
    asked = dict(calc={"kind": "contribution", "asked": ["region"]}, calc_kind="contribution")
    _, slots, payloads = run(
        ActionAnswer(), tracker("丙市", "ask_cost", [{"entity": "region", "value": "丙市"}], region="丙市", **asked)
    )
    assert payloads[0].kind == "calculation" and slots["calc"]["asked"] == []


def test_a_refused_value_is_explained_and_the_base_asked_again(fixture_kb):
    messages, slots, payloads = run(
        ActionCalculate(),
        tracker("不对，按3000交", "deny", region="丙市", calc={"kind": "contribution"}, calc_kind="contribution"),
    )
    assert "低于下限" in messages[0]["text"] and "5,000–24,000" in messages[0]["text"]
    assert payloads[0].extra["problems"][0]["allowed"] == [5000.0, 24000.0] and slots["calc"]["asked"] == ["base"]


def test_nothing_for_the_calculator_is_answered_as_its_intent(fixture_kb):
    messages, _, _ = run(ActionCalculate(), tracker("不是", "deny", calc_kind="contribution", region="丙市"))
    assert messages and not any((m.get("custom") or {}).get("calculation") for m in messages)


def test_leaving_and_nothing_to_leave(fixture_kb):
    messages, slots, _ = run(ActionCalculate(), tracker("算了", "deny", calc_kind="pension", profile={"age": 38}))
    assert "已退出计算" in messages[0]["text"] and slots["calc_kind"] is None
    assert slots["profile"]["persons"]["self"] == {"age": 38}
    messages, slots, _ = run(ActionCalcStop(), tracker("stop", "stop_form"))
    assert "no calculation in progress" in messages[0]["text"]
    messages, slots, _ = run(ActionCalcStop(), tracker("不算了", "stop_form", calc_kind="contribution"))
    assert "已退出计算" in messages[0]["text"] and slots["calc_kind"] is None


def test_personal_details_outside_a_calculation_are_remembered_and_answered(fixture_kb):
    messages, slots, payloads = run(ActionAnswer(), tracker("我今年38岁，农村户口", "inform"))
    # a rural resident: the resident pension's own rule, for this person, and what decides the rest
    first = messages[0]["text"]
    assert first.startswith("按您说的（38岁、农村户口") and "年满60岁、累计交满15年" in first
    assert "已经交了几年社保" in first and "/estimate_pension" in {b["payload"] for b in messages[0]["buttons"]}
    assert slots["profile"]["persons"]["self"] == {"age": 38, "rural": True}
    assert payloads[0].person["people"][0]["line"].startswith("关于您：38岁")


def test_no_action_is_registered_twice(caplog):
    caplog.set_level(logging.INFO, logger="rasa_sdk.executor")
    executor = ActionExecutor()
    executor.register_package("actions")
    assert {"action_calculate", "action_calc_stop"} <= set(executor.actions)
    assert "Registered function for 'action_calculate'" in caplog.text
    assert "Re-registered" not in caplog.text
