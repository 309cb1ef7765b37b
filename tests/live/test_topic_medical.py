"""Key facts of the medical topics in the real knowledge base, and which sub-answer typical
questions get (cross-region care, local rates, long-term care, personal account, chronic and
special diseases, critical illness, students and newborns, resident payment window)."""

import re

import pytest

from assistant.choose import choose
from knowledge import query

MEDICAL_TOPICS = (
    "ask_cross_region_medical",
    "ask_medical_reimbursement",
    "ask_long_term_care",
    "ask_medical_account",
    "ask_chronic_disease",
    "ask_critical_illness",
    "ask_student_medical",
    "ask_payment_deadline",
)


def _answers(topic):
    return [query.answer(rule.answer_id) for rule in query.answer_rules(topic)]


def _cites_source(answer, source_id) -> bool:
    title = query.source_info(source_id).title.zh
    return any(c.kind == "source" and c.title.zh == title for c in answer.citations)


def _cites_article(answer, law_id, number) -> bool:
    return any(c.kind == "law" and c.law_id == law_id and c.article == number for c in answer.citations)


def _text(answer) -> str:
    """Everything a reader can see of one answer in Chinese."""
    parts = [answer.lead.zh] + [p.zh for p in answer.points] + [s.zh for s in answer.steps]
    if answer.condition:
        parts.append(answer.condition.zh)
    return "\n".join(parts)


@pytest.mark.parametrize(
    "topic,question,expected",
    [
        ("ask_cross_region_medical", "去外地看病之前要办什么手续", "cross-region-default"),
        ("ask_cross_region_medical", "没备案在外省住院了 回去还能报吗", "cross-region-not-registered"),
        ("ask_cross_region_medical", "医保异地备案程序是什么", "cross-region-how-to-register"),
        ("ask_cross_region_medical", "深圳异地就医备案报销比例是多少", "cross-region-rate"),
        ("ask_cross_region_medical", "同省异地就医报销比例最新", "cross-region-within-province"),
        ("ask_cross_region_medical", "跨市的合作医疗怎么报", "cross-region-within-province"),
        ("ask_cross_region_medical", "合作医疗异地备案多久生效", "cross-region-timing"),
        ("ask_cross_region_medical", "农村医保转院去外地怎么报销", "cross-region-temporary"),
        ("ask_cross_region_medical", "爸妈退休了跟子女去外地住 医保怎么用", "cross-region-long-term"),
        (
            "ask_cross_region_medical",
            "treated in another province and forgot to register",
            "cross-region-not-registered",
        ),
        ("ask_medical_reimbursement", "成都职工医保住院报销比例", "reimbursement-employee"),
        ("ask_medical_reimbursement", "四川农村医保报销比例2023年是多少", "reimbursement-resident"),
        ("ask_medical_reimbursement", "新农合门诊能报多少", "reimbursement-outpatient"),
        ("ask_medical_reimbursement", "三甲医院和社区医院报销比例差多少", "reimbursement-hospital-level"),
        ("ask_medical_reimbursement", "江门住院能报多少", "reimbursement-default"),
        ("ask_medical_reimbursement", "How much can Hebei rural social security report", "reimbursement-resident"),
        ("ask_long_term_care", "长护险怎么购买", "ltc-enrolment"),
        ("ask_long_term_care", "上海长护险怎么申请", "ltc-how-to-apply"),
        ("ask_long_term_care", "长期护理保险试点办法", "ltc-where-available"),
        ("ask_long_term_care", "长护险能报多少", "ltc-benefits"),
        ("ask_long_term_care", "长护险是什么", "ltc-default"),
        ("ask_medical_account", "医保卡里钱怎么取出来", "account-cash"),
        ("ask_medical_account", "医保卡每个月返多少钱", "account-monthly-credit"),
        ("ask_medical_account", "医保卡共济后怎样绑定", "account-family"),
        ("ask_medical_account", "医保个账能买保健品吗", "account-uses"),
        ("ask_medical_account", "can I withdraw cash from my medical account", "account-cash"),
        ("ask_chronic_disease", "门诊特殊慢病如何申报", "chronic-recognition"),
        ("ask_chronic_disease", "门诊特殊病种报销比例", "chronic-rate"),
        ("ask_chronic_disease", "尿毒症透析跨省能直接结算吗", "chronic-cross-province"),
        ("ask_chronic_disease", "慢病一次能开几个月的药", "chronic-long-prescription"),
        ("ask_chronic_disease", "门慢门特都有哪些病种", "chronic-which-diseases"),
        ("ask_critical_illness", "二次报销的规定有哪些 怎么报", "critical-how-paid"),
        ("ask_critical_illness", "大病报销额度是按年算的吗", "critical-threshold"),
        ("ask_critical_illness", "大病保险和重疾险有什么区别", "critical-vs-commercial"),
        ("ask_critical_illness", "低保户大病报完了还要自己出很多", "critical-medical-assistance"),
        ("ask_critical_illness", "城乡居民大病保险是啥", "critical-default"),
        ("ask_student_medical", "学生在异地上学怎么交医保", "student-away-from-home"),
        ("ask_student_medical", "大学生医保回家交多少", "student-cost"),
        ("ask_student_medical", "新生儿怎么参保", "newborn-enrolment"),
        ("ask_student_medical", "Where can I get a social security card for newborns", "newborn-card"),
        ("ask_student_medical", "幼儿园孩子的医保怎么交", "student-school-children"),
        ("ask_payment_deadline", "每年几月份交农村合作医疗", "deadline-default"),
        ("ask_payment_deadline", "交居民医保多久可以生效", "deadline-effective-date"),
        ("ask_payment_deadline", "居民医保错过缴费期了怎么办", "deadline-missed"),
        ("ask_payment_deadline", "城乡居民养老保险每年什么时候交", "deadline-resident-pension"),
    ],
)
def test_typical_questions_get_their_sub_answer(use_kb, topic, question, expected):
    assert choose(topic, question).answer_id == expected


@pytest.mark.parametrize("topic", MEDICAL_TOPICS)
def test_every_answer_names_who_answers_locally_and_is_honest_about_its_grade(use_kb, topic):
    answers = _answers(topic)
    assert len(answers) >= 4, "a topic answers the distinct questions people ask"
    assert answers[-1].answer_id.endswith("default")
    for answer in answers:
        assert set(answer.office) & {"medical", "hrss"}, answer.answer_id
        assert len(answer.lead.zh) <= 140 and len(answer.lead.en) <= 320, answer.answer_id
        assert answer.citations, answer.answer_id
        if answer.confidence == "C":
            assert answer.caveat and answer.caveat.zh and answer.caveat.en, answer.answer_id
        assert "本库" not in answer.lead.zh and "knowledge base" not in answer.lead.en.lower()
        for cite in answer.citations:
            if cite.kind == "law":
                assert cite.summary_en, f"{answer.answer_id} cites {cite.law_id} {cite.article}"
        assert (
            not any(c.kind == "source" and c.confidence == "C" for c in answer.citations) or answer.confidence == "C"
        ), f"{answer.answer_id} rests on a C source but claims {answer.confidence}"


def test_cross_region_registration_settlement_and_manual_claim(use_kb):
    default = query.answer("cross-region-default")
    assert "国家医保服务平台" in default.lead.zh and "直接结算" in default.lead.zh
    assert _cites_article(default, "social_insurance_law", 29)
    assert _cites_article(default, "handling_regulations", 23)
    assert _cites_source(default, "nhsa_2022_22")
    assert query.source_info("nhsa_2022_22").confidence == "C"

    rate = query.answer("cross-region-rate")
    assert "就医地目录" in rate.lead.zh and "参保地" in rate.lead.zh
    assert not re.search(r"\d+\s*%", rate.lead.zh + rate.lead.en), "no invented rate"

    missing = query.answer("cross-region-not-registered")
    assert _cites_article(missing, "handling_regulations", 20)
    assert "30个工作日" in _text(missing)
    assert {d.id for d in missing.documents} >= {"medical_records"}

    register = query.answer("cross-region-how-to-register")
    assert {d.id for d in register.documents} >= {"long_term_residence_proof", "referral_certificate"}
    assert "异地长期居住" in _text(register) and "临时外出就医" in _text(register)


def test_reimbursement_rates_are_never_invented(use_kb):
    for answer in _answers("ask_medical_reimbursement"):
        percentages = re.findall(r"(\d+)\s*(?:%|个百分点|percentage points)", answer.lead.zh + answer.lead.en)
        assert set(percentages) <= {"10"}, f"{answer.answer_id} states a rate: {percentages}"
        assert "medical" in answer.office
    default = query.answer("reimbursement-default")
    assert "没有全国统一" in default.lead.zh
    for where in ("医保局", "12393", "国家医保服务平台"):
        assert where in default.lead.zh
    assert _cites_article(default, "social_insurance_law", 28)
    level = query.answer("reimbursement-hospital-level")
    assert "10个百分点" in level.lead.zh and _cites_source(level, "gov_2026_tiered_care")


def test_long_term_care_is_social_insurance_with_sourced_benefit_levels(use_kb):
    assert "长期护理保险" in query.topic("ask_long_term_care").title.zh
    default = query.answer("ltc-default")
    assert "社会保险" in default.lead.zh and "medical" in default.office
    benefits = query.answer("ltc-benefits")
    assert "70%" in benefits.lead.zh and "50%" in benefits.lead.zh and "起付线" in benefits.lead.zh
    assert _cites_source(benefits, "ltc_2026_plan") and benefits.confidence == "B"
    where = query.answer("ltc-where-available")
    assert "医保发〔2020〕37号" in where.lead.zh
    assert _cites_source(where, "nhsa_2021_ltc_assessment")
    apply = query.answer("ltc-how-to-apply")
    assert "评估" in apply.lead.zh and "6个月" in apply.lead.zh and len(apply.steps) >= 3


def test_personal_account_cash_monthly_credit_and_family_sharing(use_kb):
    cash = query.answer("account-cash")
    assert "不能取现" in cash.lead.zh and "3到12个月" in cash.lead.zh
    assert _cites_source(cash, "fund_supervision_reg_2021")
    assert "第十九条" in _text(cash) and "第四十一条" in _text(cash)
    monthly = query.answer("account-monthly-credit")
    assert "2%" in monthly.lead.zh and _cites_source(monthly, "guobanfa_2021_14")
    family = query.answer("account-family")
    for who in ("配偶", "父母", "子女"):
        assert who in family.lead.zh
    assert "家庭共济" in family.lead.zh and len(family.steps) >= 3


def test_chronic_disease_recognition_and_cross_province_settlement(use_kb):
    cross = query.answer("chronic-cross-province")
    for disease in ("高血压", "糖尿病", "透析"):
        assert disease in cross.lead.zh
    assert _cites_source(cross, "nhsa_2024_chronic_cross_province") and cross.confidence == "B"
    assert "12周" in query.answer("chronic-long-prescription").lead.zh
    recognition = query.answer("chronic-recognition")
    assert "认定" in recognition.lead.zh and {d.id for d in recognition.documents} >= {"medical_records"}
    rate = query.answer("chronic-rate")
    assert "没有全国统一" in rate.lead.zh and _cites_source(rate, "zhejiang_medical_reg_2021")


def test_critical_illness_second_reimbursement_and_assistance(use_kb):
    default = query.answer("critical-default")
    assert "二次报销" in default.lead.zh and _cites_source(default, "guobanfa_2015_57")
    assistance = query.answer("critical-medical-assistance")
    assert "70%" in assistance.lead.zh and _cites_source(assistance, "guobanfa_2021_42")
    assert _cites_article(assistance, "social_insurance_law", 25)
    threshold = query.answer("critical-threshold")
    # The national rule (Yibaofa [2019] No. 30), not one province's, leads.
    assert "全国" in threshold.lead.zh and "50%" in threshold.lead.zh and "60%" in threshold.lead.zh
    assert _cites_source(threshold, "critical_illness_2019_30") and threshold.caveat is not None
    assert "重疾险" in query.answer("critical-vs-commercial").lead.zh


def test_students_and_newborns_enrol_in_resident_insurance(use_kb):
    newborn = query.answer("newborn-enrolment")
    assert "出生医学证明" in newborn.lead.zh and "不用等落户" in newborn.lead.zh
    assert _cites_source(newborn, "gov_2024_enrolment_briefing")
    assert [d.id for d in newborn.documents] == ["birth_medical_certificate"]
    cost = query.answer("student-cost")
    assert "2025年" in cost.lead.zh and "400" in cost.lead.zh and "700" in cost.lead.zh and "670" not in cost.lead.zh
    assert _cites_source(cost, "gov_work_report_2025") and _cites_source(cost, "nhsa_2024_19")
    away = query.answer("student-away-from-home")
    assert "只参加一处" in away.lead.zh and "备案" in away.lead.zh
    card = query.answer("newborn-card")
    assert _cites_article(card, "handling_regulations", 7) and "hrss" in card.office


def test_payment_window_waiting_period_and_start_of_cover(use_kb):
    missed = query.answer("deadline-missed")
    assert "3个月" in missed.lead.zh and _cites_source(missed, "guobanfa_2024_38")
    effective = query.answer("deadline-effective-date")
    assert "1月1日" in effective.lead.zh and _cites_source(effective, "shanghai_medical_reg_2024")
    default = query.answer("deadline-default")
    assert "集中参保期" in default.lead.zh and default.confidence == "C"
    assert {"medical", "tax"} <= set(default.office)
    pension = query.answer("deadline-resident-pension")
    assert "hrss" in pension.office and _cites_source(pension, "guofa_2014_8")
