"""Key facts of the retiree-side topics in the real knowledge base, and which sub-answer a typical
question gets (death benefits, pension payment, public-sector pension, certification, retirement
procedures, early retirement, re-employed retirees)."""

import re

import pytest

from assistant.choose import choose
from knowledge import query

TOPICS = (
    "ask_death_benefits",
    "ask_pension_payment",
    "ask_public_sector_pension",
    "ask_pension_certification",
    "ask_retirement_procedures",
    "ask_early_retirement",
    "ask_retiree_reemployment",
)


def answers_of(topic: str) -> list:
    return [query.answer(rule.answer_id) for rule in query.answer_rules(topic)]


def law_cites(found) -> dict:
    return {(c.law_id, c.article): c for c in found.citations if c.kind == "law"}


def source_titles(found) -> list:
    return [c.title.zh for c in found.citations if c.kind == "source"]


@pytest.mark.parametrize("topic", TOPICS)
def test_every_answer_is_short_sourced_and_honest_about_its_grade(use_kb, topic):
    found = answers_of(topic)
    assert len(found) >= 4 and query.answer_rules(topic)[-1].is_default
    for answer in found:
        assert len(answer.lead.zh) <= 140 and len(answer.lead.en) <= 320, answer.answer_id
        assert answer.citations and answer.year and answer.office, answer.answer_id
        assert "本库" not in answer.lead.zh and "knowledge base" not in answer.lead.en.lower()
        assert answer.confidence != "C" or answer.caveat is not None, answer.answer_id
        for cite in answer.citations:
            assert cite.kind != "law" or (cite.article_text and cite.summary_en), (answer.answer_id, cite)


def test_work_injury_death_states_the_national_formula(use_kb):
    found = query.answer("death-work-injury")
    assert "×6个月" in found.lead.zh and "×20" in found.lead.zh and found.confidence == "A"
    article = law_cites(found)[("work_injury_regulations", 39)].article_text
    assert "6个月的统筹地区上年度职工月平均工资" in article and "20倍" in article
    assert "配偶每月40%" in article and any("40%" in p.zh and "30%" in p.zh for p in found.points)


def test_account_balance_is_inheritable_and_overpayment_is_deducted(use_kb):
    found = query.answer("death-account")
    cites = law_cites(found)
    assert "个人账户余额可以继承" in cites[("social_insurance_law", 14)].article_text
    assert "个人账户余额中抵扣" in cites[("handling_regulations", 46)].article_text
    assert "继承" in found.lead.zh and "inherit" in found.lead.en


def test_death_formalities_give_the_twenty_working_day_duty(use_kb):
    found = query.answer("death-procedures")
    assert "20个工作日" in found.lead.zh and "20 working days" in found.lead.en
    assert "20个工作日内告知" in law_cites(found)[("handling_regulations", 25)].article_text
    assert {d.id for d in found.documents} >= {"id_card", "death_certificate"}
    assert next(d for d in found.documents if d.id == "death_certificate").confidence == "C"


def test_survivor_benefit_amounts_are_not_invented(use_kb):
    for answer_id in ("death-default", "death-amounts"):
        found = query.answer(answer_id)
        assert "丧葬补助金和抚恤金" in law_cites(found)[("social_insurance_law", 17)].article_text
        assert not re.search(r"\d+元", found.lead.zh), answer_id


def test_unemployed_death_cites_both_texts(use_kb):
    cites = law_cites(query.answer("death-unemployed"))
    assert "只能选择领取其中的一项" in cites[("social_insurance_law", 49)].article_text
    assert ("unemployment_regulations", 20) in cites


def test_resident_pension_minimum_is_the_sourced_2025_figure_and_no_unverified_2026_one(use_kb):
    found = query.answer("payment-resident")
    assert "143元" in found.lead.zh and "CNY 143" in found.lead.en and found.confidence == "B"
    fact = next(f for f in found.facts if f.key == "resident_pension_minimum")
    assert (fact.value, fact.year, fact.valid_from, fact.source_id) == (
        143,
        "2025",
        "2025-01-01",
        "gov_work_report_2025",
    )
    for answer in answers_of("ask_pension_payment"):
        text = answer.lead.zh + " ".join(p.zh for p in answer.points)
        assert "163" not in text, answer.answer_id  # the 2026 figure is reported but not traced to a text


def test_yearly_increase_gives_the_2025_level_and_no_unsourced_percentage(use_kb):
    assert "2%" in query.answer("payment-adjustment").lead.zh
    for answer_id in ("payment-adjustment", "payment-backpay", "payment-default"):
        found = query.answer(answer_id)
        text = found.lead.zh + found.lead.en + "".join(p.zh + p.en for p in found.points)
        assert set(re.findall(r"\d+(?:\.\d+)?\s*%", text)) <= {"2%"}, answer_id  # 2025: 2%; 2026 not here
        assert found.confidence == "C" and found.caveat is not None
    cites = law_cites(query.answer("payment-adjustment"))
    assert "基本养老金正常调整机制" in cites[("social_insurance_law", 18)].article_text


def test_payment_day_is_local_and_names_where_to_ask(use_kb):
    found = query.answer("payment-date")
    assert "没有统一规定" in found.lead.zh and "12333" in found.lead.zh
    assert found.office == ("hrss",) and ("social_insurance_law", 16) in law_cites(found)


def test_public_sector_reform_rates_are_graded_as_secondary(use_kb):
    found = query.answer("psp-default")
    # The employer rate is 16% since May 2019 (Guobanfa [2019] No. 13), not the reform's original 20%.
    assert "2014年10月1日" in found.lead.zh and "16%" in found.lead.zh and "8%" in found.lead.zh
    assert "20%" not in found.lead.zh
    assert found.confidence == "C"
    guofa = next(c for c in found.citations if c.kind == "source" and "国发〔2015〕2号" in c.title.zh)
    assert guofa.confidence == "C" and guofa.url.startswith("https://www.gov.cn/")


def test_deemed_years_rest_on_article_13_and_local_review(use_kb):
    found = query.answer("psp-deemed-years")
    assert "视同缴费年限" in law_cites(found)[("social_insurance_law", 13)].article_text
    assert "审核" in found.lead.zh and "personnel_file" in {d.id for d in found.documents}


def test_certification_follows_the_handling_regulations(use_kb):
    found = query.answer("cert-default")
    cites = law_cites(found)
    assert "自助认证" in cites[("handling_regulations", 26)].article_text
    assert "上门服务" in cites[("handling_regulations", 30)].article_text
    relative = query.answer("cert-relative")
    assert "本人" in relative.lead.zh and ("handling_regulations", 30) in law_cites(relative)


def test_retirement_application_takes_twenty_working_days(use_kb):
    found = query.answer("retire-default")
    assert "20个工作日" in found.lead.zh and found.confidence == "A"
    assert "20个工作日内办理完毕" in law_cites(found)[("handling_regulations", 18)].article_text
    assert query.answer("retire-timing").compute == "retirement_age"
    lost = query.answer("retire-lost-file")
    assert lost.confidence == "C" and "视同缴费年限" in lost.lead.zh


def test_flexible_early_retirement_limits(use_kb):
    found = query.answer("early-flexible")
    assert "3年" in found.lead.zh and "原法定退休年龄" in found.lead.zh and found.compute == "retirement_age"
    assert "实施弹性退休制度暂行办法" in source_titles(found) and found.confidence == "B"
    illness = query.answer("early-illness")
    assert "病残津贴" in law_cites(illness)[("social_insurance_law", 17)].article_text
    assert query.answer("early-special-job").confidence == "C"


def test_reemployed_retirees_are_a_service_relationship(use_kb):
    found = query.answer("reemploy-default")
    assert "劳务关系" in found.lead.zh and "service relationship" in found.lead.en
    assert any("劳动争议" in t for t in source_titles(found))
    assert query.answer("reemploy-tax").office == ("tax",)


@pytest.mark.parametrize(
    "topic, text, expected",
    [
        ("ask_death_benefits", "我爸在工地上班时出事故去世了 家属能领啥", "death-work-injury"),
        ("ask_death_benefits", "领失业金期间人走了 有丧葬费吗", "death-unemployed"),
        ("ask_death_benefits", "参加基本医疗保险的职工死亡后个人帐户怎么处理", "death-medical-account"),
        ("ask_death_benefits", "人死了个人账户里的钱能继承吗", "death-account"),
        ("ask_death_benefits", "退休老人去世后社保要办什么手续", "death-procedures"),
        ("ask_death_benefits", "浙江丧葬费抚恤金怎么算", "death-amounts"),
        ("ask_death_benefits", "老人去世了 家属能领什么", "death-default"),
        ("ask_death_benefits", "what to do with the pension after my father died", "death-procedures"),
        ("ask_pension_payment", "农村养老金今年涨了多少", "payment-resident"),
        ("ask_pension_payment", "上调的养老金什么时候补发", "payment-backpay"),
        ("ask_pension_payment", "今年养老金上调吗", "payment-adjustment"),
        ("ask_pension_payment", "退休工资每月几号发", "payment-date"),
        ("ask_pension_payment", "when is the pension paid, which day", "payment-date"),
        ("ask_pension_payment", "养老金", "payment-default"),
        ("ask_public_sector_pension", "视同缴费年限怎么认定", "psp-deemed-years"),
        ("ask_public_sector_pension", "我是中人 过渡性养老金怎么发", "psp-transition"),
        ("ask_public_sector_pension", "在编人员退休工资怎么计算", "psp-calculation"),
        ("ask_public_sector_pension", "事业单位什么时候开始交养老保险", "psp-default"),
        ("ask_pension_certification", "怎么在支付宝上帮家人做养老认证", "cert-relative"),
        ("ask_pension_certification", "忘了认证养老金停发了", "cert-missed"),
        ("ask_pension_certification", "养老认证一年做几次", "cert-frequency"),
        ("ask_pension_certification", "掌上12333怎么刷脸认证", "cert-online"),
        ("ask_pension_certification", "how to help my mother with the pension certification", "cert-relative"),
        ("ask_pension_certification", "什么是养老待遇资格认证", "cert-default"),
        ("ask_retirement_procedures", "档案丢失会影响退休吗", "retire-lost-file"),
        ("ask_retirement_procedures", "退休证在哪办", "retire-certificate"),
        ("ask_retirement_procedures", "办退休要带什么材料", "retire-documents"),
        ("ask_retirement_procedures", "退休可以网上申请吗", "retire-online"),
        ("ask_retirement_procedures", "退休申请多长时间能批下来", "retire-timing"),
        ("ask_retirement_procedures", "办理退休需要哪些手续", "retire-default"),
        ("ask_early_retirement", "弹性提前退休最多提前几年", "early-flexible"),
        ("ask_early_retirement", "井下特殊工种提前退休政策", "early-special-job"),
        ("ask_early_retirement", "病退条件是什么", "early-illness"),
        ("ask_early_retirement", "can i retire early because of illness", "early-illness"),
        ("ask_early_retirement", "怎样才能提前退休", "early-default"),
        ("ask_retiree_reemployment", "退休返聘受伤算工伤吗", "reemploy-injury"),
        ("ask_retiree_reemployment", "返聘人员要交社保和个税吗", "reemploy-tax"),
        ("ask_retiree_reemployment", "到了退休年龄年限不够还没领养老金 单位还交吗", "reemploy-not-drawing"),
        ("ask_retiree_reemployment", "雇佣退休人员要不要交社保", "reemploy-default"),
    ],
)
def test_typical_questions_get_their_sub_answer(use_kb, topic, text, expected):
    assert choose(topic, text).answer_id == expected


def test_self_insured_retirement_is_chosen_by_scheme(use_kb):
    assert (
        choose("ask_retirement_procedures", "到龄了怎么办退休", scheme="flexible_employment").answer_id
        == "retire-flexible"
    )
    assert choose("ask_retirement_procedures", "到龄了怎么办退休", scheme="employee").answer_id == "retire-default"
