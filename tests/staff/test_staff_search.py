"""Search quality and speed over the real knowledge base (SQLite FTS5)."""

import re

import pytest

from knowledge import query, search

# (what a hotline agent types, the entry that must be in the top 3)
STAFF_QUERIES = [
    ("灵活就业 材料", "answer:documents-default"),
    ("个体户 材料", "answer:documents-sole-proprietor"),
    ("失业金 要带什么", "answer:documents-unemployment"),
    ("第五十八条", "article:social_insurance_law:58"),
    ("第58条", "article:social_insurance_law:58"),
    ("Art. 58", "article:social_insurance_law:58"),
    ("art 12", "article:social_insurance_law:12"),
    ("经办条例第三十一条", "article:handling_regulations:31"),
    ("征缴条例 第13条", "article:collection_regulations:13"),
    ("深圳 医保 费率", "fact:shenzhen:medical_rate"),
    ("鹏城 养老 基数", "fact:shenzhen:pension_base"),
    ("魔都 医保 等待期", "fact:shanghai:medical_waiting"),
    ("帝都 社保补贴", "fact:beijing:subsidy"),
    ("shen zhen pension base", "fact:shenzhen:pension_base"),
    ("shanghai medical rate", "fact:shanghai:medical_rate"),
    ("freelancer documents", "answer:documents-default"),
    ("is it compulsory", "answer:voluntary-default"),
    ("transfer pension to another city", "answer:transfer-default"),
    ("retirement age", "answer:retirement-age"),
    ("pensoin minimum years", "answer:minimum-years-default"),
    ("断缴 补缴", "answer:late-payment-default"),
    ("滞纳金", "answer:late-payment-default"),
    ("转移 养老 关系", "answer:transfer-default"),
    ("能领多少养老金", "answer:pension-benefit-default"),
    ("延迟退休", "answer:retirement-age"),
    ("最低缴费年限", "answer:minimum-years-default"),
    ("生育津贴", "answer:maternity-benefits-default"),
    ("工伤 认定", "answer:work-injury-default"),
    ("社保卡", "answer:social-security-card-default"),
    ("查询 缴费记录", "answer:check-records-default"),
    ("居民医保 还是 职工医保", "answer:scheme-choice-default"),
    ("户籍 外地 参保", "answer:hukou-default"),
    ("商业保险", "answer:commercial-insurance-default"),
    ("停保", "answer:suspend-default"),
    ("灵活就叶 参保", "answer:eligibility-flexible"),
    ("城乡居民养老 档次", "answer:cost-resident"),
    ("居民医保 个人缴费标准", "fact:national:resident_medical_personal"),
    ("chengdu medical base", "fact:chengdu:medical_base_amount"),
    ("营业执照", "document:business_licence"),
]


def _key(result) -> str:
    """answer:<id>, article:<law>:<n>, document:<id>; facts as fact:<region>:<key> (row ids are not stable)."""
    if result.kind == "fact":
        from knowledge.query import fact

        found = fact(result.ref)
        return f"fact:{found.region_id}:{found.key}"
    return f"{result.kind}:{result.ref}"


def _shown(results) -> list:
    """What the agent sees first: the top three entries, with the figures and documents inside their
    answer cards."""
    seen = [_key(r) for r in results[:3]]
    for answer in (r for r in results[:3] if r.kind == "answer"):
        card = query.answer(answer.ref, answer.region_id)
        seen += [f"fact:{f.region_id}:{f.key}" for f in card.facts] + [f"document:{d.id}" for d in card.documents]
    return seen


@pytest.mark.parametrize("text, expected", STAFF_QUERIES, ids=[q for q, _ in STAFF_QUERIES])
def test_staff_query_finds_the_entry_in_the_top_three(use_kb, text, expected):
    shown = _shown(search.search(text, limit=10))
    assert expected in shown, f"{text!r}: {shown}"


# (query, the answer that must open first): answers before data cards, sub-answers by their keywords
FIRST = [
    ("灵活就业 材料 深圳", "documents-default"),
    ("鹏城 灵活就业 材料", "documents-default"),
    ("退休年龄 女 1975", "retirement-age"),
    ("深圳 医保 费率", "cost-medical-flexible"),
    ("档案丢了", "retire-lost-file"),
    ("没备案 垫付", "cross-region-not-registered"),
    # a place without an entry of its own: the cost answer, not the scheme choice whose topic
    # keywords happen to say 灵活就业
    ("宁波 灵活就业 缴费基数", "cost-default"),
    ("灵活就业 缴费基数", "cost-default"),
]


@pytest.mark.parametrize("text, expected", FIRST, ids=[q for q, _ in FIRST])
def test_the_answer_opens_first_and_carries_the_data(use_kb, text, expected):
    results = search.search(text, limit=10)
    assert results[0].kind == "answer" and results[0].ref == expected, [(r.kind, r.ref) for r in results[:5]]
    first_card = next((i for i, r in enumerate(results) if r.kind in ("fact", "document")), len(results))
    assert all(r.kind != "answer" for r in results[first_card:]), "a data or document card above an answer"


def test_at_least_twenty_queries_of_every_kind():
    assert len(STAFF_QUERIES) >= 20
    kinds = {expected.split(":")[0] for _, expected in STAFF_QUERIES}
    assert kinds == {"answer", "article", "fact", "document"}
    assert any(q.isascii() for q, _ in STAFF_QUERIES) and any(not q.isascii() for q, _ in STAFF_QUERIES)


def test_region_alias_is_recognised_and_carried_to_answers(use_kb):
    meaning = search.interpret("鹏城 灵活就业 医保")
    assert meaning.regions == ("shenzhen",) and meaning.schemes == ("flexible_employment",)
    assert meaning.insurance_types == ("medical",)
    answers = [r for r in search.search("鹏城 灵活就业 材料", limit=10) if r.kind == "answer"]
    assert answers and all(r.region_id == "shenzhen" for r in answers)


def test_article_numbers_in_every_notation(use_kb):
    for text in ("第五十八条", "第58条", "58条", "Art. 58", "article 58", "§58"):
        assert search.interpret(text).articles == (58,), text


def test_region_filter_keeps_the_region_its_province_and_national_facts(use_kb):
    facts = [r for r in search.search("缴费基数", region="深圳", limit=50) if r.kind == "fact"]
    assert facts and {r.region_id for r in facts} <= {"shenzhen", "guangdong", "national"}
    assert any(r.region_id == "shenzhen" for r in facts)
    everywhere = {r.region_id for r in search.search("缴费基数", limit=50) if r.kind == "fact"}
    assert len(everywhere) > 3


def test_topic_insurance_type_and_scheme_filters(use_kb):
    by_topic = search.search("材料", topic="ask_documents", limit=30)
    assert by_topic and all(r.topic_id == "ask_documents" for r in by_topic if r.kind == "answer")
    medical = search.search("费率", insurance_type="医保", limit=30)
    assert medical and all(
        "医" in r.title or "medical" in (r.title_en or "").lower() or r.kind != "fact" for r in medical
    )
    sole = [r.ref for r in search.search("材料", scheme="个体户", limit=10) if r.kind == "answer"]
    assert "documents-sole-proprietor" in sole and "documents-unemployment" not in sole


def test_unknown_filter_values_are_refused(use_kb):
    with pytest.raises(ValueError):
        search.search("材料", region="火星")
    with pytest.raises(ValueError):
        search.search("材料", topic="ask_nothing")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "？？！！",
        "的了吗",
        "x" * 5000,
        "\x00\x01",
        "🙂🙂",
        "' OR 1=1 --",
        'NEAR("a" "b")',
        "a AND OR NOT",
        "*",
        '"',
    ],
)
def test_odd_queries_never_fail(use_kb, text):
    assert isinstance(search.search(text), list)


def test_results_are_ranked_and_limited(use_kb):
    results = search.search("养老保险", limit=7)
    assert len(results) == 7
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_answer_card_by_id_with_regional_figures(use_kb):
    card = query.answer("cost-pension-flexible", region="深圳")
    assert card.answer_id == "cost-pension-flexible" and card.region.id == "shenzhen"
    assert card.facts and all(f.year and f.source_title for f in card.facts)
    assert any(f.region_id == "shenzhen" for f in card.facts)
    assert query.answer("no-such-answer") is None


# One-character typos of an input method (a homophone typed for the word meant), each with the
# answer that must open first: the search corrects them by sound (knowledge.textnorm.pinyin_key).
TYPOS = [
    ("灵活就叶 缴费标准", "cost-default"),
    ("灵活就叶 材料", "documents-default"),
    ("社保卡丢失补半", "social-security-card-lost"),
    ("社保卡挂是", "social-security-card-lost"),
    ("养老最低缴废年限", "minimum-years-default"),  # without 养老 the medical minimum ranks first, rightly
    ("生育津帖", "maternity-benefits-default"),
    ("工伤认订", "work-injury-default"),
    ("工伤保线 待遇", "work-injury-default"),
    ("医保报消", "reimbursement-default"),
    ("缴费记路查询", "check-records-default"),
    ("缴废记录", "check-records-default"),
    ("居民医保缴废标准", "cost-resident"),
    ("退休手需", "retire-default"),
    ("退休年领", "retirement-age"),
    ("延迟退修", "retirement-age"),
    ("商业保线", "commercial-insurance-default"),
    ("补缴 滞纳今", "late-payment-default"),
    ("失业金领曲", "unemployment-benefits-default"),
    ("长期护理保线", "ltc-default"),
    ("个人养老金领曲", "personal-pension-withdraw"),
]


@pytest.mark.parametrize("text, expected", TYPOS, ids=[q for q, _ in TYPOS])
def test_a_typo_opens_the_right_card_first(use_kb, text, expected):
    results = search.search(text, limit=5)
    assert results and results[0].ref == expected, [(r.kind, r.ref) for r in results[:5]]


def test_any_place_in_the_query_is_read_by_the_one_resolver(use_kb):
    assert search.interpret("我在深圳 材料").regions == ("shenzhen",)
    assert search.interpret("宁波 灵活就业 缴费基数").regions == (query.resolve_region("宁波").id,)
    # Ningbo has no figures of its own: its province's base is the fact shown for it
    facts = search.search("宁波 养老 缴费基数", limit=5, kinds=["fact"])
    assert facts and facts[0].region_id == "zhejiang"
    assert search.search("材料", region="我在深圳", limit=1)[0].region_id == "shenzhen"


def test_a_card_for_any_place_says_which_level_each_figure_comes_from(use_kb):
    from bot.staff import cards

    zh = cards.answer_view("cost-default", "宁波", "zh")
    levels = {f["label"]: f["level"] for f in zh["facts"]}
    assert levels["养老保险缴费基数（上下限）"] == "宁波市（浙江省统一标准）"  # Zhejiang's base, province-wide
    assert "全国" in levels.values() and all(f["year"] and f["source"] for f in zh["facts"])
    assert "- 宁波市（浙江省统一标准） 养老保险缴费基数（上下限）：" in zh["copy_text"]
    en = cards.answer_view("cost-default", "宁波", "en")
    assert "Ningbo (Zhejiang's province-wide standard)" in [f["level"] for f in en["facts"]]
    assert "National" in [f["level"] for f in en["facts"]]
    # a place with no figure at any level: the national rule, and the city's offices that publish it
    medical = cards.answer_view("cost-medical-flexible", "宁波", "zh")
    assert {f["level"] for f in medical["facts"]} == {"全国"}
    assert "宁波市人力资源和社会保障局" in medical["office"] and "12393" in medical["office"]
    assert medical["office"] in medical["script"] and medical["office"] in medical["copy_text"]


ASKS_FOR_THE_PLACE = ("哪个城市", "告诉我城市", "告诉我你在哪", "your city", "Tell me the city")


def test_the_script_reads_the_place_figure_and_never_asks_for_a_place_given(use_kb):
    from bot.staff import cards

    script = cards.answer_view("cost-default", "宁波", "zh")["script"]
    assert re.match(r"宁波市执行浙江省统一的养老保险缴费基数（上下限）：[\d,]+–[\d,]+元/月（20\d\d年）。", script), (
        script
    )
    assert cards.answer_view("cost-range", "宁波", "en")["script"].startswith("Ningbo follows Zhejiang's province-wide")
    for topic in (t for t in query.topics() if t.region_dependent):
        for rule in query.answer_rules(topic.id):
            for lang in ("zh", "en"):
                said = cards.answer_view(rule.answer_id, "宁波", lang)["script"]
                assert not any(ask in said for ask in ASKS_FOR_THE_PLACE), (rule.answer_id, said)
    # with no place, the figures depend on it: the agent asks
    assert "哪个城市" in cards.answer_view("cost-default", None, "zh")["script"]


def test_a_figure_card_opened_for_a_place_below_it_is_worded_for_that_place(use_kb):
    from bot.staff import cards

    base = next(r for r in search.search("宁波 养老 缴费基数", limit=5, kinds=["fact"]))
    card = cards.open_card(f"fact:{base.ref}", "宁波", "zh")
    assert card["level"] == "宁波市（浙江省统一标准）" and card["script"].startswith("宁波市执行浙江省统一的")
    assert cards.open_card(f"fact:{base.ref}", None, "zh")["script"].startswith("浙江省")
