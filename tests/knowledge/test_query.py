"""The read API on the small fixture knowledge base."""

import datetime as dt

import pytest

from knowledge import query
from knowledge.numerals import cn_to_int, find_article_numbers, int_to_cn


@pytest.mark.parametrize("text", ["乙市", "city b", "City B", "  CITY  b ", "city_b", "我在乙市交社保"])
def test_region_aliases_resolve_to_one_canonical_region(fixture_kb, text):
    assert query.resolve_region(text).id == "city_b"


def test_unknown_region_is_none(fixture_kb):
    assert query.resolve_region("火星") is None
    assert query.resolve_region("") is None


def test_city_inherits_province_and_national_facts_newest_first(fixture_kb):
    facts = query.region_facts("city_b")
    assert [(f.key, f.region_id, f.year) for f in facts] == [
        ("pension_base", "province_a", "2025"),
        ("pension_base", "province_a", "2024"),
        ("pension_rate", "national", "2005–"),
        ("medical_rate", "city_b", "2025"),
    ]


def test_provenance_is_kept_apart_from_the_citizen_caveat(fixture_kb):
    medical = query.region_facts("city_b", ["medical_rate"])[0]
    assert medical.note.en == "Two sources disagree."
    assert medical.provenance.zh == "9%只见于第三方转述。" and "third-party" in medical.provenance.en
    assert query.region_facts("city_b", ["pension_rate"])[0].provenance is None


def test_a_rule_with_an_end_date_says_when_it_has_lapsed(fixture_kb):
    old, new = [f for f in query.region_facts("city_b", ["pension_base"])][::-1]
    assert (old.year, old.valid_until) == ("2024", "2025-06-30") and new.valid_until is None
    assert not old.lapsed(dt.date(2025, 6, 30)) and old.lapsed(dt.date(2025, 7, 1))
    assert not new.lapsed(dt.date(2099, 1, 1))


def test_conflicting_fact_is_not_stated(fixture_kb):
    medical = query.region_facts("city_b", ["medical_rate"])[0]
    assert medical.conflict and not medical.stated and len(medical.alternatives) == 2


def test_answer_rules_state_their_conditions_in_order(fixture_kb):
    rules = query.answer_rules("ask_cost")
    assert [(r.answer_id, r.insurance_types, r.is_default) for r in rules] == [
        ("cost-pension", ("pension",), False),
        ("cost-default", None, True),
    ]


def test_answer_carries_steps_documents_citations_and_facts(fixture_kb):
    found = query.answer("cost-pension", region="City B")
    assert found.region.id == "city_b" and found.region_dependent
    assert [s.en for s in found.steps] == ["Choose a base", "Pay"]
    assert [d.id for d in found.documents] == ["id_card"]
    law, source = found.citations
    assert law.as_payload()["article_label"] == "第二条" and "灵活就业人员" in law.article_text
    assert source.as_payload() == {
        "type": "source",
        "title": "某市缴费基数通知（测试）",
        "url": "https://example.gov.cn/notice",
        "year": "2025",
        "confidence": "B",
    }
    assert {f.key for f in found.facts} == {"pension_base", "pension_rate"}


def test_unknown_answer_and_topic(fixture_kb):
    assert query.answer("no-such-answer") is None
    assert query.answer_rules("ask_nothing") == []


def test_articles_are_loaded_whole_and_in_order(fixture_kb):
    articles = query.articles("mini_law")
    assert [a.number for a in articles] == [1, 2, 3]
    assert articles[1].text.endswith("不是条文的行也应并入上一条。")
    assert articles[2].chapter == "第二章 附则"
    assert query.article("mini_law", 4) is None


@pytest.mark.parametrize(
    "text, number",
    [("五十八", 58), ("十", 10), ("十二", 12), ("一百零二", 102), ("九十八", 98), ("58", 58), ("５８", 58)],
)
def test_chinese_numerals(text, number):
    assert cn_to_int(text) == number
    if not text.isdigit() and not text.startswith("５"):
        assert int_to_cn(number) == text


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("社会保险法第58条说什么", [58]),
        ("第五十八条第二款", [58]),
        ("what does Art. 12 say", [12]),
        ("article 10 and article 60", [10, 60]),
        ("第十条和第十二条", [10, 12]),
        ("没有条文", []),
        ("heart 5 smart 6", []),
    ],
)
def test_article_references_in_free_text(text, numbers):
    assert find_article_numbers(text) == numbers
