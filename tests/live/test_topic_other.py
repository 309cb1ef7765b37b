"""Key facts of the "other" topics on the real knowledge base (subsidies, foreigners, Hong Kong,
Macao and Taiwan residents, personal pension, employer procedures, housing/hukou years, employers
who do not pay, duplicate payments) and the real not-covered subjects.

These check live figures and citations: when a source changes, these tests change with it.
"""

import re

import pytest

from assistant.choose import choose
from knowledge import query

TOPICS = (
    "ask_contribution_subsidy",
    "ask_foreigners",
    "ask_hk_macao_taiwan",
    "ask_personal_pension",
    "ask_employer_procedures",
    "ask_housing_hukou_years",
    "ask_employer_noncompliance",
    "ask_duplicate_payment",
)


def cited(found) -> set:
    """('law', law_id, article) and ('source', title) of an answer's citations."""
    return {("law", c.law_id, c.article) if c.kind == "law" else ("source", c.title.zh) for c in found.citations}


def cites_law(found, law_id, article) -> bool:
    return ("law", law_id, article) in cited(found)


def cites_source(found, fragment) -> bool:
    return any(kind == "source" and fragment in rest[0] for kind, *rest in cited(found))


def answers_of(topic):
    return [query.answer(rule.answer_id) for rule in query.answer_rules(topic)]


@pytest.mark.parametrize("topic", TOPICS)
def test_every_answer_is_short_sourced_dated_and_caveated_when_weak(use_kb, topic):
    found = answers_of(topic)
    assert len(found) >= 4 and query.topic(topic) is not None
    for answer in found:
        assert len(answer.lead.zh) <= 140 and len(answer.lead.en) <= 320, answer.answer_id
        assert answer.citations and answer.year and answer.verified, answer.answer_id
        assert answer.confidence in ("A", "B", "C"), answer.answer_id
        if answer.confidence == "C":
            assert answer.caveat is not None, answer.answer_id
        for citation in answer.citations:
            if citation.kind == "law":
                assert citation.summary_en, (answer.answer_id, citation.law_id, citation.article)


# Which sub-answer a question gets, within the topic the NLU chose (assistant.choose).
CHOICES = [
    ("ask_contribution_subsidy", "4050人员能不能领补贴", "subsidy-4050"),
    ("ask_contribution_subsidy", "应届毕业生灵活就业有补贴吗", "subsidy-graduates"),
    ("ask_contribution_subsidy", "低保户的医保政府给交吗", "subsidy-low-income"),
    ("ask_contribution_subsidy", "单位的稳岗补贴怎么拿", "subsidy-employer"),
    ("ask_contribution_subsidy", "社保补贴去哪申请", "subsidy-apply"),
    ("ask_contribution_subsidy", "社保补贴", "subsidy-default"),
    ("ask_hk_macao_taiwan", "台湾人在大陆没工作 办了居住证能交居民医保吗", "hmt-self-or-resident"),
    ("ask_hk_macao_taiwan", "香港学生在内地读大学怎么交医保", "hmt-students"),
    ("ask_hk_macao_taiwan", "已经在澳门交了社保 内地还要交养老吗", "hmt-exemption"),
    ("ask_hk_macao_taiwan", "香港人回香港了 内地社保能退吗", "hmt-leaving"),
    ("ask_personal_pension", "个人养老金账户怎么开户", "personal-pension-open"),
    ("ask_personal_pension", "个人养老金什么时候能取出来", "personal-pension-withdraw"),
    ("ask_personal_pension", "退休了还能开个人养老金吗", "personal-pension-who"),
    ("ask_personal_pension", "how do I open a personal pension account", "personal-pension-open"),
    ("ask_personal_pension", "what is the yearly limit", "personal-pension-limit"),
    ("ask_personal_pension", "个人养老金是什么", "personal-pension-default"),
    ("ask_employer_procedures", "开店的个体户雇了人 社保怎么交", "employer-sole-proprietor"),
    ("ask_employer_procedures", "新人做了不到一个月就走了 社保怎么算", "employer-partial-month"),
    ("ask_employer_procedures", "公司缴的社保费能在企业所得税前扣吗", "employer-tax"),
    ("ask_employer_procedures", "Are employer contributions deductible for corporate income tax?", "employer-tax"),
    ("ask_employer_procedures", "公司账户被冻结了社保怎么交", "employer-cannot-pay"),
    ("ask_employer_procedures", "单位社保在税务局怎么申报", "employer-payment"),
    ("ask_employer_procedures", "can we deduct the employee's share from salary", "employer-payment"),
    ("ask_housing_hukou_years", "在上海买房要求几年社保", "housing-purchase"),
    ("ask_housing_hukou_years", "积分入户时社保年限怎么加分", "housing-hukou-points"),
    ("ask_housing_hukou_years", "买房要的社保证明怎么打印", "housing-proof"),
    ("ask_employer_noncompliance", "公司按最低基数给我交社保", "noncompliance-underpay"),
    ("ask_employer_noncompliance", "公司不交社保我辞职能拿补偿吗", "noncompliance-quit"),
    ("ask_employer_noncompliance", "离职后发现公司欠缴社保怎么补缴", "noncompliance-arrears"),
    ("ask_duplicate_payment", "职工养老和新农保重复交了", "duplicate-resident-pension"),
    ("ask_duplicate_payment", "职工医保和居民医保都交了能退吗", "duplicate-medical"),
    ("ask_duplicate_payment", "重复缴费怎么退", "duplicate-refund-how"),
    ("ask_duplicate_payment", "入职后公司交了我灵活就业也交了", "duplicate-flexible-and-employer"),
    ("ask_duplicate_payment", "how do I get a refund for contributions paid twice", "duplicate-refund-how"),
    ("ask_duplicate_payment", "社保好像重复交了", "duplicate-default"),
]


@pytest.mark.parametrize("topic, text, answer_id", CHOICES)
def test_sub_answer_choice(use_kb, topic, text, answer_id):
    assert choose(topic, text).answer_id == answer_id


# ---------------------------------------------------------------- contribution subsidies


def test_subsidy_rule_is_two_thirds_for_at_most_three_years(use_kb):
    default = query.answer("subsidy-default")
    assert "三分之二" in default.lead.zh and "3年" in default.lead.zh
    assert "two thirds" in default.lead.en and "3 years" in default.lead.en
    assert cites_source(default, "就业补助资金管理办法")
    assert default.office == ("hrss",)


def test_how_much_asks_for_the_subsidy_computation_and_shows_beijing_figures(use_kb):
    rule = choose("ask_contribution_subsidy", "灵活就业社保补贴一个月能补多少钱")
    assert rule.answer_id == "subsidy-amount" and rule.compute == "contribution_subsidy"
    beijing = query.answer("subsidy-amount", region="北京")
    subsidy = [f for f in beijing.facts if f.key == "subsidy"]
    assert subsidy and subsidy[0].region_id == "beijing" and "843.47" in subsidy[0].value["zh"]
    # without a region only the national rule is shown, and the lead itself names no local figure
    national = query.answer("subsidy-amount")
    assert [f.region_id for f in national.facts] == ["national"]
    assert not re.search(r"\d+\.\d+", national.lead.zh)


def test_duration_extends_to_retirement_as_the_national_measures_say(use_kb):
    rule = choose("ask_contribution_subsidy", "社保补贴能领几年")
    assert rule.answer_id == "subsidy-duration"
    found = query.answer(rule.answer_id)
    assert "全国" in found.lead.zh and "不足5年" in found.lead.zh and "北京" not in found.lead.zh
    assert cites_source(found, "就业补助资金管理办法") and found.confidence == "B"


def test_government_paid_contributions_rest_on_article_25(use_kb):
    found = query.answer("subsidy-low-income")
    assert cites_law(found, "social_insurance_law", 25) and cites_source(found, "国办发〔2021〕42号")
    assert "medical" in found.office


def test_4050_is_called_a_popular_name_with_a_caveat(use_kb):
    found = query.answer("subsidy-4050")
    assert found.confidence == "C" and "俗称" in found.lead.zh and "各省" in found.lead.zh


# ---------------------------------------------------------------- foreigners


def test_foreigners_must_join_five_schemes_under_article_97(use_kb):
    found = query.answer("foreigners-default")
    assert cites_law(found, "social_insurance_law", 97)
    assert cites_source(found, "在中国境内就业的外国人参加社会保险暂行办法")
    assert all(word in found.lead.en for word in ("pension", "medical", "work-injury", "unemployment", "maternity"))
    assert {d.id for d in found.documents} >= {"passport", "foreign_work_permit"}
    assert "id_card" not in {d.id for d in found.documents}


@pytest.mark.parametrize(
    "text",
    [
        "Can I take my social insurance money with me when I leave China for good?",
        "can I cash out my pension account when I move back home",
        "外国人回国社保能退吗",
    ],
)
def test_leaving_china_questions_get_the_refund_answer(use_kb, text):
    assert choose("ask_foreigners", text).answer_id == "foreigners-refund"


def test_refund_is_the_personal_account_balance_in_one_payment(use_kb):
    found = query.answer("foreigners-refund")
    assert "lump sum" in found.lead.en and "personal account" in found.lead.en
    assert "一次性" in found.lead.zh and "书面申请" in found.lead.zh
    assert cites_law(found, "social_insurance_law", 12)
    assert [d.id for d in found.documents] == ["passport"]


def test_agreement_countries_are_the_sourced_thirteen_with_a_caveat(use_kb):
    rule = choose("ask_foreigners", "I'm German, am I exempt under the social security agreement?")
    assert rule.answer_id == "foreigners-agreements"
    found = query.answer(rule.answer_id)
    for country in (
        "Germany",
        "South Korea",
        "Denmark",
        "Finland",
        "Canada",
        "Switzerland",
        "Netherlands",
        "France",
        "Spain",
        "Luxembourg",
        "Japan",
        "Serbia",
        "Kyrgyzstan",
    ):
        assert country in found.lead.en
    assert "13" in found.lead.zh and "United States" not in found.lead.en
    assert found.confidence == "C" and found.caveat is not None
    assert cites_source(found, "13个国家")


def test_foreign_employees_are_registered_within_30_days(use_kb):
    rule = choose("ask_foreigners", "what documents does my employer need to register me")
    assert rule.answer_id == "foreigners-registration"
    assert "30" in query.answer(rule.answer_id).lead.zh


# ---------------------------------------------------------------- Hong Kong, Macao and Taiwan


def test_hmt_residents_employed_on_the_mainland_join_five_schemes(use_kb):
    found = query.answer("hmt-default")
    assert "五项" in found.lead.zh and cites_source(found, "香港澳门台湾居民")
    assert {d.id for d in found.documents} == {"hmt_travel_permit", "hmt_residence_permit"}


def test_hmt_non_employed_need_the_residence_permit(use_kb):
    found = query.answer("hmt-self-or-resident")
    assert "居住证" in found.lead.zh and [d.id for d in found.documents] == ["hmt_residence_permit"]


def test_macao_exemption_covers_pension_and_unemployment_only(use_kb):
    found = query.answer("hmt-exemption")
    assert "养老保险和失业保险" in found.lead.zh and cites_source(found, "澳门社会保障基金")


# ---------------------------------------------------------------- personal pension


def test_personal_pension_limit_and_tax_come_from_the_2024_announcement(use_kb):
    tax = query.answer(choose("ask_personal_pension", "个人养老金能抵多少税").answer_id)
    assert tax.answer_id == "personal-pension-tax"
    assert "12000" in tax.lead.zh and "3%" in tax.lead.zh and tax.confidence == "B"
    assert cites_source(tax, "2024年第21号") and tax.office == ("tax",)
    limit = query.answer(choose("ask_personal_pension", "个人养老金一年最多存多少").answer_id)
    assert limit.answer_id == "personal-pension-limit" and "12000" in limit.lead.zh


def test_personal_pension_channels_and_withdrawal_conditions_are_caveated(use_kb):
    opened = query.answer("personal-pension-open")
    assert "掌上12333" in opened.lead.zh and "国家社会保险公共服务平台" in opened.lead.zh
    withdraw = query.answer("personal-pension-withdraw")
    assert "完全丧失劳动能力" in withdraw.lead.zh and "出国（境）定居" in withdraw.lead.zh
    assert opened.confidence == withdraw.confidence == "C"


# ---------------------------------------------------------------- employer procedures


def test_employers_register_staff_within_30_days_of_hiring(use_kb):
    found = query.answer("employer-default")
    for article in (57, 58, 60, 84):
        assert cites_law(found, "social_insurance_law", article)
    assert "30日内" in found.lead.zh and found.confidence == "A"


def test_tax_treatment_states_only_the_individual_rule_and_names_the_tax_office(use_kb):
    found = query.answer("employer-tax")
    assert "专项扣除" in found.lead.zh and "主管税务机关" in found.lead.zh
    assert cites_source(found, "个人所得税法") and found.office == ("tax",)


def test_partial_month_is_local_and_caveated(use_kb):
    found = query.answer("employer-partial-month")
    assert found.confidence == "C" and "没有统一" in found.lead.zh


# ---------------------------------------------------------------- housing / hukou years


def test_housing_and_hukou_answers_give_no_invented_number_of_years(use_kb):
    for answer in answers_of("ask_housing_hukou_years"):
        for text in (answer.lead.zh, answer.lead.en):
            assert not re.search(r"\d+\s*(年|个月|years?|months?)", text), (answer.answer_id, text)
    default = query.answer("housing-default")
    assert "住建" in default.lead.zh and "公安" in default.lead.zh and default.caveat is not None


# ---------------------------------------------------------------- employers who do not pay


def test_noncompliance_rights_cite_the_law(use_kb):
    found = query.answer("noncompliance-default")
    for article in (58, 63, 82, 83, 84, 86):
        assert cites_law(found, "social_insurance_law", article)
    assert "万分之五" in found.lead.zh and "0.05%" in found.lead.en


def test_bankruptcy_puts_personal_account_contributions_first(use_kb):
    rule = choose("ask_employer_noncompliance", "工厂倒闭了 我们的社保谁管")
    assert rule.answer_id == "noncompliance-bankrupt"
    found = query.answer(rule.answer_id)
    assert "第一顺序" in found.lead.zh and cites_source(found, "企业破产法")


# ---------------------------------------------------------------- duplicate payments


def test_two_places_keep_one_relationship_and_refund_the_rest(use_kb):
    rule = choose("ask_duplicate_payment", "老家和上海两地都交了养老保险")
    assert rule.answer_id == "duplicate-two-places"
    found = query.answer(rule.answer_id)
    assert "保留一个" in found.lead.zh and "不重复计算" in found.lead.zh
    assert cites_source(found, "缙云县") and cites_law(found, "social_insurance_law", 19)


def test_transfer_first_then_clear(use_kb):
    found = query.answer("duplicate-refund-how")
    assert "先转后清" in found.lead.zh and "transfer first" in found.lead.en


# ---------------------------------------------------------------- not covered (real subjects)


@pytest.mark.parametrize(
    "text, subject, agency",
    [
        ("公积金怎么提取", "housing_provident_fund", "住房公积金管理中心"),
        ("个税汇算怎么退税", "individual_income_tax", "税务"),
        ("户口迁移要带什么", "hukou_transfer", "派出所"),
        ("老板拖欠工资三个月了", "labour_disputes", "仲裁"),
        ("在医院做手术出了医疗事故", "medical_disputes", "调解"),
        ("车险理赔保险公司不赔", "commercial_insurance_claims", "保险公司"),
        ("怎么申请低保", "social_assistance", "街道"),
        ("How do I withdraw my housing provident fund?", "housing_provident_fund", "住房公积金管理中心"),
    ],
)
def test_real_not_covered_subjects_name_their_agency_and_source(use_kb, text, subject, agency):
    found = query.not_covered(text)
    assert found.id == subject and agency in found.handled_by.zh
    assert found.source is not None and found.source.confidence in ("A", "B")


@pytest.mark.parametrize(
    "text",
    [
        "长期护理保险在哪里申请办理",
        "长护险要自己买吗",
        "医保怎么报销",
        "居民医保交多少钱",
        "新农合一般什么时候缴费",
        "公积金和社保有什么区别",
        "long-term care insurance application",
        "resident medical insurance fee",
    ],
)
def test_social_insurance_is_never_not_covered(use_kb, text):
    assert query.not_covered(text) is None
