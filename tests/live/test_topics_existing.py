"""The 24 original topics on the real knowledge base: sub-answer choice and corrected facts.

Live figures change every year; these tests pin what issue 12 corrected (sources, dated facts,
expiry dates) and which sub-answer a real question gets, so a regression shows up here. The checks
that hold for every topic (plain words, glosses, office, grades) are in test_topics_plain.py.
"""

import datetime as dt
import re

import pytest

from assistant.choose import choose
from knowledge import query
from knowledge.loader import load

TOPICS = (
    "ask_check_records",
    "ask_commercial_insurance",
    "ask_cost",
    "ask_documents",
    "ask_eligibility",
    "ask_hukou",
    "ask_insurance_types",
    "ask_late_payment",
    "ask_legal_basis",
    "ask_maternity_benefits",
    "ask_medical_benefits",
    "ask_minimum_years",
    "ask_payment_methods",
    "ask_pension_benefit",
    "ask_precautions",
    "ask_process",
    "ask_scheme_choice",
    "ask_social_security_card",
    "ask_suspend",
    "ask_transfer",
    "ask_unemployment_benefits",
    "ask_voluntary",
    "ask_where_to_pay",
    "ask_work_injury",
)


def pick(topic: str, text: str):
    """The sub-answer for a question, with entities found the way the NLU's gazetteer finds them."""
    scheme = query.resolve_term("scheme", text)
    insurance = query.resolve_term("insurance_type", text)
    rule = choose(topic, text, scheme=scheme and scheme.id, insurance_type=insurance and insurance.id)
    return rule.answer_id


def answers():
    return [query.answer(rule.answer_id) for topic in TOPICS for rule in query.answer_rules(topic)]


def cited(answer, kind="law"):
    if kind == "law":
        return {(c.law_id, c.article) for c in answer.citations if c.kind == "law"}
    return {c.title.zh for c in answer.citations if c.kind == "source"}


@pytest.mark.parametrize(
    "topic, question, expected",
    [
        ("ask_social_security_card", "社保卡丢了怎么办", "social-security-card-lost"),
        ("ask_social_security_card", "社保卡被偷了要去哪里挂失", "social-security-card-lost"),
        ("ask_social_security_card", "I lost my social security card, what now?", "social-security-card-lost"),
        ("ask_social_security_card", "第一次怎么办理社保卡", "social-security-card-default"),
        ("ask_employer_noncompliance", "公司让我签自愿放弃社保的承诺书，这样合法吗", "noncompliance-waiver"),
        ("ask_employer_noncompliance", "老板说不交社保，每月多发现金代替", "noncompliance-waiver"),
        (
            "ask_employer_noncompliance",
            "My employer wants me to sign a waiver of social insurance",
            "noncompliance-waiver",
        ),
        ("ask_voluntary", "灵活就业人员必须交社保吗", "voluntary-default"),
        ("ask_precautions", "没工作，找中介挂靠公司交社保靠谱吗", "precautions-agency"),
        ("ask_precautions", "自己交社保要注意什么", "precautions-default"),
        ("ask_maternity_benefits", "产假有多少天", "maternity-leave"),
        ("ask_maternity_benefits", "How long is maternity leave in China?", "maternity-leave"),
        ("ask_maternity_benefits", "灵活就业人员能领生育津贴吗", "maternity-benefits-flexible"),
        ("ask_maternity_benefits", "生育津贴怎么算", "maternity-benefits-default"),
        ("ask_work_injury", "灵活就业人员能自己交工伤保险吗", "work-injury-flexible"),
        ("ask_work_injury", "上班路上受伤了怎么认定工伤", "work-injury-default"),
        ("ask_pension_benefit", "北京交了8年上海交了7年，退休在哪里领养老金", "pension-benefit-place"),
        ("ask_pension_benefit", "60岁退休个人账户计发月数是多少", "pension-account-divisor"),
        ("ask_pension_benefit", "城乡居民养老金能领多少", "pension-benefit-resident"),
        ("ask_pension_benefit", "养老金是怎么算出来的", "pension-benefit-default"),
        ("ask_transfer", "在几个地方交过社保，养老金到哪里领", "transfer-pension-place"),
        ("ask_transfer", "换城市了社保怎么转过去", "transfer-default"),
        ("ask_unemployment_benefits", "交了6年失业保险能领几个月失业金", "unemployment-duration"),
        ("ask_unemployment_benefits", "How long can I get unemployment benefit?", "unemployment-duration"),
        ("ask_unemployment_benefits", "灵活就业人员能领失业金吗", "unemployment-benefits-flexible"),
        ("ask_unemployment_benefits", "领失业金需要什么条件", "unemployment-benefits-default"),
        ("ask_minimum_years", "1970年5月出生的男的几岁退休", "retirement-age"),
        ("ask_minimum_years", "what is my retirement age", "retirement-age"),
        ("ask_minimum_years", "2035年退休交多少年社保才能领养老金", "minimum-years-by-year"),
        ("ask_minimum_years", "医保要交多少年", "minimum-years-medical"),
        ("ask_minimum_years", "社保最少要交多少年", "minimum-years-default"),
        ("ask_cost", "北京灵活就业养老按最低基数每月交多少", "cost-range"),
        ("ask_cost", "城乡居民养老一年交多少钱", "cost-resident"),
        ("ask_cost", "灵活就业医保费率是多少", "cost-medical-flexible"),
        ("ask_cost", "自己交社保要花多少钱", "cost-default"),
        ("ask_medical_benefits", "医保断了再交要等多久才能报销", "medical-benefits-waiting"),
        ("ask_medical_benefits", "居民医保住院怎么报销", "medical-benefits-resident"),
        ("ask_check_records", "缴费记录少了三个月怎么办", "check-records-wrong"),
        ("ask_check_records", "怎么查社保缴费记录", "check-records-default"),
    ],
)
def test_the_question_asked_gets_its_own_answer(use_kb, topic, question, expected):
    assert pick(topic, question) == expected


def test_computed_sub_answers_name_their_computation(use_kb):
    computed = {r.answer_id: r.compute for topic in TOPICS for r in query.answer_rules(topic) if r.compute}
    assert computed == {
        "cost-range": "contribution_range",
        "cost-default": "contribution_range",
        "retirement-age": "retirement_age",
        "minimum-years-by-year": "minimum_years",
        "unemployment-duration": "unemployment_duration",
        "pension-account-divisor": "account_divisor",
    }


def test_static_leads_of_computed_answers_state_the_rule(use_kb):
    # Shown when the computation cannot run (no city, no birth date): the rule itself, briefly.
    assert "20%" in query.answer("cost-range").lead.zh
    lead = query.answer("retirement-age").lead
    assert all(age in lead.zh for age in ("63岁", "55岁", "58岁")) and "63" in lead.en
    assert "2035年18年" in query.answer("minimum-years-by-year").lead.zh
    assert all(m in query.answer("unemployment-duration").lead.zh for m in ("12个月", "18个月", "24个月"))
    assert "60岁139" in query.answer("pension-account-divisor").lead.zh


def test_maternity_leave_is_98_days_under_the_2012_rules(use_kb):
    found = query.answer("maternity-leave")
    assert "98天" in found.lead.zh and "98 days" in found.lead.en and "42天" in found.lead.zh
    assert ("female_employees_protection", 7) in cited(found) and found.confidence == "A"


def test_waiver_agreements_are_invalid_with_articles_and_complaint_route(use_kb):
    found = query.answer("noncompliance-waiver")
    assert "无效" in found.lead.zh and "invalid" in found.lead.en
    assert {("social_insurance_law", n) for n in (10, 58, 60, 82, 84, 86)} <= cited(found)
    assert any("法释〔2025〕12号" in title for title in cited(found, "source"))
    assert "12333" in found.condition.zh and "劳动保障监察" in found.condition.zh and found.office == ("hrss",)


def test_agency_answer_names_the_risk_and_the_lawful_alternative(use_kb):
    found = query.answer("precautions-agency")
    assert "灵活就业" in found.lead.zh and "flexible worker" in found.lead.en
    assert {("social_insurance_law", 88), ("social_insurance_law", 60)} <= cited(found)
    assert found.confidence == "C" and found.caveat is not None


def test_lost_card_is_reported_then_replaced(use_kb):
    found = query.answer("social-security-card-lost")
    assert "挂失" in found.lead.zh and "补" in found.lead.zh and "12333" in found.lead.zh
    assert found.confidence == "C" and "各地不同" in found.caveat.zh


def test_pension_place_follows_the_ten_year_rule_in_both_topics(use_kb):
    for answer_id in ("pension-benefit-place", "transfer-pension-place"):
        found = query.answer(answer_id)
        assert "10年" in found.lead.zh and "10 years" in found.lead.en and "户籍地" in found.lead.zh
        assert any("国办发〔2009〕66号" in title for title in cited(found, "source"))


def test_unemployment_duration_cites_the_1999_regulations(use_kb):
    found = query.answer("unemployment-duration")
    assert {("unemployment_regulations", 17), ("social_insurance_law", 46)} <= cited(found)


def test_work_injury_recognition_deadlines_come_from_the_regulations(use_kb):
    found = query.answer("work-injury-default")
    assert "30日" in found.condition.zh and "1年" in found.condition.zh
    assert ("work_injury_regulations", 17) in cited(found) and found.caveat is None


def test_flexible_workers_maternity_and_injury_say_what_varies_locally(use_kb):
    assert "当地" in query.answer("maternity-benefits-flexible").lead.zh
    injury = query.answer("work-injury-flexible")
    assert ("work_injury_regulations", 2) in cited(injury) and "职业伤害保障" in injury.condition.zh
    assert "人社" in injury.caveat.zh  # whether a platform and province are covered yet is for them to confirm


def test_beijing_medical_amount_comes_from_the_2025_notice(use_kb):
    fact = query.region_facts("beijing", ["medical_fixed"])[0]
    assert fact.value == [584.92] and fact.source_id == "beijing_2025_11" and fact.year == "2025"
    assert "京人社发〔2025〕11号" in fact.source_title and "京人社发〔2025〕11号" in fact.provenance.zh


def test_chengdu_medical_bases_are_two_dated_facts(use_kb):
    bases = query.region_facts("chengdu", ["medical_base_amount"])
    assert [(f.value, f.year, f.confidence, f.conflict) for f in bases] == [
        (6117, "2025", "C", False),
        (6015, "2024–2025", "B", False),
    ]
    assert bases[0].note is not None and "7646" in bases[0].period.zh and "90220" in bases[1].period.zh
    rate = query.region_facts("chengdu", ["medical_rate"])[0]
    assert (rate.value, rate.confidence) == (9.5, "B") and "8.75%" in rate.note.zh


def test_guangzhou_medical_rule_lapses_at_the_end_of_2026(use_kb):
    rate = query.region_facts("guangzhou", ["medical_rate"])[0]
    assert rate.valid_until == "2026-12-31" and "2026年12月31日" in rate.note.zh
    assert not rate.lapsed(dt.date(2026, 11, 21)) and rate.lapsed(dt.date(2027, 1, 1))
    assert query.region_facts("guangdong", ["base_rule"])[0].valid_until == "2028-04-30"


def test_tianjin_unemployment_rule_has_its_own_source(use_kb):
    fact = query.region_facts("tianjin", ["unemployment"])[0]
    assert fact.source_id == "tianjin_unemployment_2023" and "天津" in fact.source_title


@pytest.fixture(scope="module")
def bundle():
    """The validated sources, for checks on what the YAML says rather than on what a query shows."""
    return load()


def test_national_answers_cite_no_other_region_s_documents(bundle):
    # A Tianjin caller must not see Shenzhen or Guangdong notices as the source of a national rule:
    # regional documents reach an answer only through the region's own facts.
    regional = (
        "beijing_",
        "shanghai_",
        "guangdong_",
        "guangzhou_",
        "shenzhen_",
        "zhejiang_",
        "hangzhou_",
        "sichuan_",
        "chengdu_",
        "hubei_",
        "wuhan_",
        "jiangsu_",
        "nanjing_",
        "tianjin_",
        "chongqing_",
    )
    for answer in bundle.answers:
        if answer["topic_id"] in TOPICS:
            ids = [c["source_id"] for c in answer["cites"] if (c["source_id"] or "").startswith(regional)]
            assert not ids, (answer["id"], ids)


def test_resident_medical_is_not_cited_to_the_resident_pension_document(use_kb):
    # 国发〔2014〕8号 is the resident *pension* document; resident medical figures come from the
    # medical security administration's notices (医保发〔2024〕19号).
    wrong = (
        re.compile(r"居民医保[^；。，]*国发〔2014〕8号"),
        re.compile(r"resident medical[^;.]*Guofa \[2014\] No\. 8"),
    )
    for answer in answers():
        for text in [answer.lead, *answer.points]:
            assert not wrong[0].search(text.zh) and not wrong[1].search(text.en), (answer.answer_id, text)
    assert any("医保发〔2024〕19号" in t for t in cited(query.answer("cost-resident"), "source"))
