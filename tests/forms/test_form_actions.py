"""The calculator form actions with rasa-sdk trackers and a collecting dispatcher, on the test database.

Validation is run the way Rasa runs it: at activation (no active loop yet, the trigger message) and
inside the form (active_loop set, requested_slot = the question asked).
"""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import calculator
from actions.answer import ActionAnswer
from actions.forms import (
    ASK_ACTIONS, ActionCalcFollowUp, ActionCalcStop, ActionContributionResult, ActionPensionResult,
    ValidateContributionForm, ValidatePensionForm,
)
from presentation.wording import catalogue

TODAY = (2026, 11)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(calculator, "today", lambda: TODAY)


def tracker(text, intent="inform", confidence=0.9, loop=None, entities=(), events=(), **slots):
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": list(entities),
               "intent_ranking": [{"name": intent, "confidence": confidence}]}
    return Tracker("user-1", slots, message, list(events), False, None, {"name": loop} if loop else {},
                   "action_listen")


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, trk, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, events


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def payload(messages):
    return [m["custom"] for m in messages if m.get("custom")][-1]


# ---------------------------------------------------------------- contribution form

def test_activation_takes_everything_the_first_message_says(use_kb):
    messages, slots, _ = run(ValidateContributionForm(), tracker(
        "帮我算一下北京按最低档交社保", "calculate_contribution", entities=[{"entity": "region", "value": "北京"}],
        region="北京"))
    assert messages == []
    assert slots["region"] == "北京市" and slots["calc_base"] == "lowest"
    assert slots["requested_slot"] == "calc_insurances"  # only the missing input is asked


def test_activation_as_rasa_sends_it(use_kb):
    # Rasa marks the loop active (an active_loop event after the message) before validating
    events = [{"event": "user", "text": "帮我算一下社保"}, {"event": "active_loop", "name": "contribution_form"}]
    messages, slots, _ = run(ValidateContributionForm(), tracker(
        "帮我算一下社保", "calculate_contribution", loop="contribution_form", events=events))
    assert messages == [] and slots["requested_slot"] == "region"


def test_remembered_region_is_the_default(use_kb):
    _, slots, _ = run(ValidateContributionForm(), tracker("帮我算一下社保", "calculate_contribution", region="深圳市"))
    assert slots["requested_slot"] == "calc_base"


def test_base_below_the_minimum_is_explained_not_clamped(use_kb):
    messages, slots, _ = run(ValidateContributionForm(), tracker(
        "base 3000", "nlu_fallback", loop="contribution_form", region="北京市", requested_slot="calc_base"))
    text = texts(messages)
    assert "below the minimum" in text and "7162–35811" in text and "2025" in text and "京人社发〔2025〕11号" in text
    assert "calc_base" not in slots and slots["requested_slot"] == "calc_base"
    error = payload(messages)["error"]
    assert error["code"] == "out_of_range" and error["allowed"] == [7162, 35811] and error["year"] == "2025"


def test_percentage_outside_60_to_300_is_explained(use_kb):
    messages, slots, _ = run(ValidateContributionForm(), tracker(
        "500%", loop="contribution_form", region="北京市", requested_slot="calc_base"))
    assert "60%至300%" in texts(messages) and "国办发〔2019〕13号" in texts(messages)
    assert "calc_base" not in slots and slots["requested_slot"] == "calc_base"


def test_published_grades(use_kb):
    _, slots, _ = run(ValidateContributionForm(), tracker(
        "第3档", loop="contribution_form", region="南京市", requested_slot="calc_base"))
    assert slots["calc_base"] == "grade 3"
    messages, slots, _ = run(ValidateContributionForm(), tracker(
        "第13档", loop="contribution_form", region="南京市", requested_slot="calc_base"))
    assert "第1至第12档" in texts(messages) and "24762" in texts(messages) and "calc_base" not in slots


def test_region_correction_rechecks_the_base(use_kb):
    # 7162 (Beijing's floor) is below nothing in Guangzhou, but 30000 is above Guangzhou's ceiling
    messages, slots, _ = run(ValidateContributionForm(), tracker(
        "不对，是广州", "deny", loop="contribution_form", entities=[{"entity": "region", "value": "广州"}],
        region="广州", calc_base="30000", requested_slot="calc_insurances"))
    assert slots["region"] == "广州市" and slots["calc_base"] is None
    assert "27549" in texts(messages) and slots["requested_slot"] == "calc_base"


def test_unrelated_question_is_left_to_its_rule(use_kb):
    messages, slots, events = run(ValidateContributionForm(), tracker(
        "社保可以不交吗", "ask_voluntary", loop="contribution_form", region="北京市", requested_slot="calc_base"))
    # rejected (no slot but requested_slot): the rule answers, then the form asks this slot again
    assert messages == [] and slots == {"requested_slot": "calc_base"}


def test_after_an_interruption_a_man_is_not_asked_a_womans_question(use_kb):
    _, slots, _ = run(ValidatePensionForm(), tracker(
        "我要转人工", "request_human", loop="pension_form", calc_birth_year=1985, calc_birth_month=3,
        calc_sex="male", requested_slot="calc_paid_months"))
    assert slots == {"requested_slot": "calc_paid_months"}


def test_values_for_other_questions_are_acknowledged(use_kb):
    messages, slots, _ = run(ValidatePensionForm(), tracker(
        "按最低档", loop="pension_form", calc_birth_year=1985, calc_birth_month=3, calc_sex="male",
        requested_slot="calc_paid_months"))
    assert "已记下" in texts(messages) and slots["calc_base"] == "lowest"
    assert slots["requested_slot"] == "calc_paid_months"


def test_unreadable_answer_is_asked_again(use_kb):
    messages, slots, _ = run(ValidateContributionForm(), tracker(
        "嗯嗯", "nlu_fallback", loop="contribution_form", region="北京市", requested_slot="calc_base"))
    assert "没有看懂" in texts(messages) and slots["requested_slot"] == "calc_base"


def test_other_calculator_switches_forms(use_kb):
    _, slots, _ = run(ValidateContributionForm(), tracker(
        "帮我估算养老金，我38岁", "estimate_pension", loop="contribution_form", requested_slot="region"))
    assert slots == {"requested_slot": "region"}


@pytest.mark.parametrize("text, intent", [("算了", "deny"), ("stop", "ask_suspend"), ("不算了", "stop_form"),
                                          ("随便", "stop_form"), ("再见", "goodbye")])
def test_leaving_the_form(use_kb, text, intent):
    messages, slots, _ = run(ValidateContributionForm(), tracker(
        text, intent, loop="contribution_form", region="北京市", calc_base="lowest", requested_slot="calc_insurances"))
    assert slots["calc_stopped"] is True and slots["requested_slot"] is None
    assert slots["calc_base"] is None and "region" not in slots  # the region stays remembered
    messages, slots, _ = run(ActionContributionResult(), tracker(text, intent, calc_stopped=True))
    assert "已退出计算" in texts(messages) or "left the calculator" in texts(messages)
    assert payload(messages)["stopped"] is True and slots["calc_stopped"] is None


def form_done_events(form):
    return [{"event": "user", "text": "x"}, {"event": "action", "name": form}, {"event": "active_loop", "name": None}]


def test_contribution_result_to_the_fen(use_kb):
    messages, slots, _ = run(ActionContributionResult(), tracker(
        "全部", events=form_done_events("contribution_form"), region="北京市", calc_base="lowest",
        calc_insurances=["pension", "medical", "unemployment"]))
    text = texts(messages)
    assert "1432.40元/月" in text and "572.96" in text and "859.44" in text  # 20%, of which 8% / 12%
    assert "固定金额584.92元/月" in text and "合计：2088.94元/月，25067.28元/年" in text
    assert "7162–35811" in text and "京人社发〔2025〕11号" in text and "估算" in text
    data = payload(messages)
    assert data["topic"] == "calculate_contribution" and data["region"] == "北京市" and data["language"] == "zh"
    assert data["citations"] and all(c.get("year") for c in data["citations"])
    calc = data["calculation"]
    assert calc["total_monthly"] == 2088.94 and calc["total_yearly"] == 25067.28 and calc["base_year"] == "2025"
    pension = calc["lines"][0]
    assert pension["personal_account_monthly"] == 572.96 and pension["pooled_monthly"] == 859.44
    assert calc["lines"][1]["fixed"] is True and calc["is_estimate"] is True
    assert slots["calc_done"] == "contribution"
    assert any(b["payload"].startswith("/calculate_contribution") for b in messages[-1]["buttons"])


def test_english_result_with_resident_comparison_and_yearly_fixed_medical(use_kb):
    messages, _, _ = run(ActionContributionResult(), tracker(
        "all", events=form_done_events("contribution_form"), language="en", region="重庆市", calc_base="lowest",
        calc_insurances=["pension", "medical"], calc_compare=True))
    text = texts(messages)
    assert "fixed amount CNY 3,075.00/year" in text and "Compared with the resident scheme" in text
    assert "Do not compare on cost alone" in text
    calc = payload(messages)["calculation"]
    assert calc["resident"]["pension_tiers"][0] == 100 and payload(messages)["language"] == "en"


# ---------------------------------------------------------------- pension form

def test_pension_inputs_in_one_message_then_only_missing_ones(use_kb):
    v = ValidatePensionForm()
    _, slots, _ = run(v, tracker("帮我算算养老金，我38岁，交了5年，按60%交", "estimate_pension"))
    assert slots["calc_age"] == 38 and slots["calc_paid_months"] == 60 and slots["calc_base"] == "60%"
    assert slots["requested_slot"] == "calc_birth_month"
    _, slots, _ = run(v, tracker("3月", loop="pension_form", calc_age=38, calc_paid_months=60, calc_base="60%",
                                 requested_slot="calc_birth_month"))
    assert slots["calc_birth_year"] == 1988 and slots["requested_slot"] == "calc_sex"
    _, slots, _ = run(v, tracker("女，原来55岁退休的", loop="pension_form", calc_birth_year=1988, calc_birth_month=3,
                                 calc_paid_months=60, calc_base="60%", requested_slot="calc_sex"))
    assert slots["calc_sex"] == "female" and slots["calc_female_age"] == 55 and slots["requested_slot"] == "region"


def test_correcting_one_value(use_kb):
    messages, slots, _ = run(ValidatePensionForm(), tracker(
        "不对，我是40岁", "deny", loop="pension_form", calc_birth_year=1988, calc_birth_month=3,
        requested_slot="calc_sex"))
    assert slots["calc_birth_year"] == 1986 and "已更新" in texts(messages) and "40" in texts(messages)
    assert slots["requested_slot"] == "calc_sex"
    messages, slots, _ = run(ValidatePensionForm(), tracker(
        "actually 1985", "inform", loop="pension_form", calc_birth_year=1986, calc_birth_month=3, calc_sex="male",
        requested_slot="calc_paid_months"))
    assert slots["calc_birth_year"] == 1985 and "updated" in texts(messages)


@pytest.mark.parametrize("text, requested, expected", [
    ("300岁", "calc_birth_year", "16–100"),
    ("1850年3月", "calc_birth_year", "1926–2010"),
    ("13", "calc_birth_month", "1–12"),
    ("60", "calc_female_age", "50岁或55岁"),
    ("交了30年", "calc_paid_months", "16岁以来"),
    ("余额900万", "calc_balance", "0–500万"),
])
def test_nonsense_is_explained_with_the_allowed_range(use_kb, text, requested, expected):
    slots = dict(calc_birth_year=1990, calc_birth_month=5, calc_sex="female", calc_paid_months=12, region="北京市",
                 calc_base="60%")
    slot = {"calc_birth_year": "calc_birth_year", "calc_birth_month": "calc_birth_month"}.get(requested, requested)
    slots.pop(slot, None)
    messages, new, _ = run(ValidatePensionForm(), tracker(text, loop="pension_form", requested_slot=requested, **slots))
    assert expected in texts(messages) and "Text(" not in texts(messages)
    assert new["requested_slot"] is not None and not new.get(slot)


def test_already_retired_is_told_so(use_kb):
    messages, slots, _ = run(ValidatePensionForm(), tracker(
        "1960年5月", loop="pension_form", calc_sex="male", requested_slot="calc_birth_year"))
    assert "已于2020年5月达到法定退休年龄" in texts(messages) and slots["requested_slot"] == "calc_birth_year"


def test_no_balance_question_when_nothing_was_paid(use_kb):
    _, slots, _ = run(ValidatePensionForm(), tracker(
        "没交过", loop="pension_form", calc_birth_year=1990, calc_birth_month=5, calc_sex="male",
        requested_slot="calc_paid_months", region="北京市", calc_base="60%"))
    assert slots["calc_paid_months"] == 0 and slots["calc_balance"] == "0" and slots["requested_slot"] is None


def test_pension_result_is_a_labelled_range_with_assumptions(use_kb):
    messages, _, _ = run(ActionPensionResult(), tracker(
        "跳过", events=form_done_events("pension_form"), region="北京市", calc_base="60%", calc_birth_year=1988,
        calc_birth_month=3, calc_sex="female", calc_female_age=55, calc_paid_months=60, calc_balance="unknown"))
    text = texts(messages)
    assert "不是承诺" in text and "法定退休年龄58岁，2046年3月达到" in text and "最低累计缴费年限为20年" in text
    assert "低 " in text and "中 " in text and "高 " in text and "什么会改变结果" in text and "按100%缴费" in text
    data = payload(messages)
    calc = data["calculation"]
    assert data["topic"] == "estimate_pension" and calc["kind"] == "pension" and calc["is_estimate"]
    assert calc["retirement"]["year"] == 2046 and calc["minimum_years"] == 20 and calc["eligible"]
    assert calc["range"]["low"] <= calc["range"]["central"] <= calc["range"]["high"]
    assert calc["alternatives"]["higher_base"]["central_total"] > calc["range"]["central"]
    assert calc["assumptions"] and all(a["zh"] and a["en"] for a in calc["assumptions"])
    assert {c.get("article") for c in data["citations"]} >= {15, 16}
    assert all(c.get("year") for c in data["citations"])


def test_too_few_years_gives_no_amount(use_kb):
    messages, _, _ = run(ActionPensionResult(), tracker(
        "skip", events=form_done_events("pension_form"), language="en", region="北京市", calc_base="100%",
        calc_birth_year=1975, calc_birth_month=1, calc_sex="male", calc_paid_months=0, calc_balance="0"))
    text = texts(messages)
    assert "no monthly pension is payable" in text and "an estimate, not a promise" in text
    assert payload(messages)["calculation"]["range"] is None


# ---------------------------------------------------------------- after a result

def after_result(kind, text, intent, entities=(), **slots):
    return tracker(text, intent, entities=entities, calc_done=kind, **slots)


BEIJING = dict(region="北京市", calc_base="lowest", calc_insurances=["pension", "medical", "unemployment"])


def test_correction_after_a_result_recalculates(use_kb):
    messages, slots, _ = run(ActionAnswer(), after_result("contribution", "按最高档呢", "ask_cost", **BEIJING))
    assert slots["calc_base"] == "highest" and payload(messages)["calculation"]["total_monthly"] == 8105.23
    messages, slots, _ = run(ActionAnswer(), after_result(
        "contribution", "那上海呢", "inform", entities=[{"entity": "region", "value": "上海"}], **{**BEIJING,
                                                                                               "region": "上海"}))
    assert slots["region"] == "上海市" and payload(messages)["region"] == "上海市"
    assert slots["calc_done"] == "contribution"
    messages, slots, _ = run(ActionCalcFollowUp(), after_result("contribution", "不对，按100%", "deny", **BEIJING))
    assert slots["calc_base"] == "100%" and payload(messages)["calculation"]["base"] == 11937


def test_refused_correction_is_explained_and_asked_again(use_kb):
    messages, slots, events = run(ActionAnswer(), after_result("contribution", "按3000交呢", "ask_cost", **BEIJING))
    assert "7162–35811" in texts(messages) and slots["calc_base"] is None
    assert events[-1] == {"event": "followup", "name": "contribution_form", "timestamp": None}
    # the reopened form does not read the refused message a second time
    reopened = [{"event": "user", "text": "按3000交呢"}, {"event": "action", "name": "action_answer"},
                {"event": "active_loop", "name": "contribution_form"}]
    messages, slots, _ = run(ValidateContributionForm(), tracker(
        "按3000交呢", "ask_cost", loop="contribution_form", events=reopened, **{**BEIJING, "calc_base": None}))
    assert messages == [] and slots["requested_slot"] == "calc_base"


def test_after_a_result_a_plain_question_is_answered(use_kb):
    messages, slots, _ = run(ActionAnswer(), after_result("contribution", "灵活就业可以补缴吗", "ask_late_payment",
                                                          **BEIJING))
    assert payload(messages)["topic"] == "ask_late_payment" and slots["calc_done"] is None
    messages, _, _ = run(ActionCalcFollowUp(), after_result("contribution", "不是", "deny", **BEIJING))
    assert payload(messages)["topic"] == "deny"
    messages, _, _ = run(ActionCalcFollowUp(), after_result("contribution", "嗯嗯啊啊", "nlu_fallback", **BEIJING))
    assert payload(messages)["topic"] == "nlu_fallback"


def test_correction_needing_a_new_input_reopens_the_form(use_kb):
    _, slots, events = run(ActionAnswer(), after_result(
        "pension", "我是女的", "inform", region="北京市", calc_base="60%", calc_birth_year=1988, calc_birth_month=3,
        calc_sex="male", calc_paid_months=60, calc_balance="unknown"))
    assert slots["calc_sex"] == "female"
    assert any(e.get("event") == "followup" and e.get("name") == "pension_form" for e in events)


def test_values_without_a_calculation_offer_the_calculators(use_kb):
    messages, slots, _ = run(ActionAnswer(), tracker("我今年38岁", "inform"))
    assert {b["payload"] for b in messages[0]["buttons"]} == {"/estimate_pension", "/calculate_contribution"}
    assert slots["calc_age"] == 38


# ---------------------------------------------------------------- questions, buttons, strings

def test_questions_are_bilingual_with_quick_replies(use_kb):
    for action_cls in ASK_ACTIONS:
        for lang in ("zh", "en"):
            messages, _, _ = run(action_cls(), tracker("x", loop="contribution_form", language=lang, region="南京市"))
            assert messages[0]["text"] and messages[0]["buttons"], action_cls().name()
            assert messages[0]["custom"]["requested_slot"] == action_cls().name().replace("action_ask_", "")
    messages, _, _ = run(ASK_ACTIONS[1](), tracker("x", loop="contribution_form", region="北京市"))
    assert "7162–35811" in messages[0]["text"] and "京人社发〔2025〕11号" in messages[0]["text"]


def test_rule_answers_offer_the_calculator(use_kb):
    messages, _, _ = run(ActionAnswer(), tracker("深圳灵活就业交多少钱", "ask_cost", region="深圳"))
    assert messages[0]["buttons"][-1]["payload"] == "/calculate_contribution"
    assert payload(messages)["topic"] == "ask_cost"
    messages, _, _ = run(ActionAnswer(), tracker("养老金怎么算", "ask_pension_benefit"))
    assert messages[0]["buttons"][-1]["payload"] == "/estimate_pension"


def test_stop_without_a_form(use_kb):
    messages, _, _ = run(ActionCalcStop(), tracker("stop", "stop_form"))
    assert "no calculation in progress" in messages[0]["text"]


def test_every_calculator_string_has_both_languages():
    for key, value in catalogue().items():
        if key.startswith("calc_"):
            assert value.get("zh") and value.get("en"), key
