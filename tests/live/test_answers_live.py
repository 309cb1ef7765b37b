"""Checks of the live figures in answers: when next year's figures arrive, these tests change.

Rules and wording are tested on the fixture knowledge base (tests/presentation, tests/assistant).
"""

from assistant.answering import respond
from assistant.turn import read_turn
from presentation.render import render


def answer(text, intent, lang="zh", entities=(), **slots):
    turn = read_turn(
        {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": list(entities)}, slots.get
    )
    return render(respond(turn).steps[-1], lang)


def section(reply, section_id):
    return next(s for s in reply.payload.sections if s.id == section_id)


def test_shenzhen_cost_shows_its_own_figures_with_year_and_source(use_kb):
    reply = answer("深圳灵活就业交多少钱", "ask_cost", region="深圳")
    local = "\n".join(section(reply, "local").lines)
    assert "2026" in local and "深圳市医疗保障局" in local


def test_conflicting_shanghai_medical_rate_is_given_with_caveat(use_kb):
    reply = answer(
        "上海灵活就业医保费率多少", "ask_cost", region="上海", entities=[{"entity": "insurance_type", "value": "医保"}]
    )
    local = "\n".join(section(reply, "local").lines)
    assert "说法不一致" in local and "11%" in local and "10%" in local


def test_region_without_local_base_names_only_the_missing_items(use_kb):
    # Xi'an inherits Shaanxi's base (4737–23685 for 2026) but has no medical base of its own.
    reply = answer("西安灵活就业交多少", "ask_cost", region="西安")
    local = section(reply, "local").lines
    missing = local[-1]
    assert "4,737–23,685" in local[0]
    assert missing.startswith("西安市暂无以下项目的本地数字：") and "职工医保缴费基数" in missing
    assert "养老保险缴费基数" not in missing and "费率" not in missing.split("：")[1].split("。")[0].split("、")[0]


def test_hangzhou_is_never_told_it_has_no_local_figures_when_it_has_them(use_kb):
    reply = answer("杭州灵活就业交多少", "ask_cost", region="杭州")
    local = section(reply, "local")
    assert "暂无" not in local.lines[-1] or "养老保险缴费基数" not in local.lines[-1]


def test_a_fact_without_a_single_value_shows_why(use_kb):
    reply = answer("灵活就业医保每月交多少钱", "ask_cost", entities=[{"entity": "insurance_type", "value": "医保"}])
    lines = "\n".join(section(reply, "national").lines)
    assert "全国没有统一费率" in lines and "尚未核实" not in lines
