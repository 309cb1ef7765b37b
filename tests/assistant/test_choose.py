"""Choosing the sub-answer of a topic by entities and keywords (fixture knowledge base)."""

from assistant.choose import choose


def test_insurance_type_selects_its_answer(fixture_kb):
    assert choose("ask_cost", "养老保险交多少", insurance_type="pension").answer_id == "cost-pension"


def test_unmatched_condition_falls_back_to_the_default(fixture_kb):
    assert choose("ask_cost", "医保交多少", insurance_type="medical").answer_id == "cost-default"
    assert choose("ask_cost", "交多少").answer_id == "cost-default"


def test_unknown_topic_has_no_answer(fixture_kb):
    assert choose("ask_nothing", "随便") is None
