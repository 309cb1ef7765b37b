"""Every topic and source of the real knowledge base speaks plainly to citizens (issue 12 item 4).

Provenance and grades are staff matters: they live in the sources' `provenance` and in the staff
card, never in what a citizen reads. A weak (C) answer stays honest by telling the citizen to
confirm locally; English text glosses Chinese document numbers; every answer names who answers the
local details; nothing claims a better grade than its sources.
"""

import re

import pytest

from knowledge import query
from knowledge.loader import load

# Words that describe provenance or grading: staff matters, never in text a citizen reads.
# (Legal text may say "第三方核实" or "a third party": only the provenance phrases are listed.)
INTERNAL = (
    "本库",
    "知识库",
    "本助手没有",
    "本助手只",
    "第三方摘要",
    "第三方转述",
    "第三方整理",
    "第三方网页",
    "第三方网站",
    "第三方转载",
    "第三方法律网站",
    "第三方介绍",
    "来自第三方",
    "依据的是第三方",
    "尚未核对",
    "尚未核实",
    "未核实",
    "未核对",
    "没有核实",
    "没有核对",
    "逐字核对",
    "公开摘要",
    "要点摘编",
    "转述",
    "转载",
    "转引",
    "逐字引用",
    "二手资料",
    "二手摘要",
    "代码库",
    "仓库",
    "C级",
    "B级",
    "A级",
    "knowledge base",
    "third-party",
    "not yet verified",
    "verified here",
    "not checked",
    "checked here",
    "word for word",
    "public summaries",
    "verbatim",
    "reproductions",
    "repository",
    "grade A",
    "grade B",
    "grade C",
)
# Where a title was read is provenance too: these never belong in an official title.
TITLE_PROVENANCE = INTERNAL + (
    "LawRefBook",
    "HowToLiveBetter",
    "eternity4719",
    "GitHub",
    "原句经",
    "原文未",
    "正文未读",
    "仅见",
    "联合新闻网",
    "第三方",
)
# A Chinese document number in English text, e.g. "Guobanfa [2021] No. 42" or "Jing Renshe Fa [2025] No. 11".
DOC_NUMBER = re.compile(r"\b(?:[A-Z][a-z]+ )*[A-Z][a-z]+ \[\d{4}\] No\. \d+")
GLOSS = (" (", ", the", ", Stat")
# A C answer's caveat sends the citizen to someone who can confirm.
CONFIRM = {
    "zh": ("为准", "确认", "咨询", "询问", "12333", "12393"),
    "en": ("confirm", "check", "ask", "follow", "prevail", "apply", "decide", "rely", "12333", "12393"),
}
GRADES = ("A", "B", "C", "UNCONFIRMED")


def answers():
    return [query.answer(rule.answer_id) for topic in query.topics() for rule in query.answer_rules(topic.id)]


def internal(text: str) -> list:
    return [w for w in INTERNAL if w in text]


def _citizen_texts(answer):
    for text in (answer.lead, answer.condition, answer.script, answer.caveat, *answer.points, *answer.steps):
        if text is not None:
            yield text.zh
            yield text.en
    for document in answer.documents:
        for text in (document.name, document.note):
            if text is not None:
                yield text.zh
                yield text.en
    for citation in answer.citations:
        if citation.kind == "source":
            yield citation.title.zh
            yield citation.title.en


@pytest.fixture(scope="module")
def bundle():
    """The validated sources, for checks on what the YAML says rather than on what a query shows."""
    return load()


def test_every_topic_is_checked(use_kb):
    assert len(query.topics()) >= 47 and len(answers()) >= 190


def test_nothing_a_citizen_reads_in_an_answer_talks_about_provenance(use_kb):
    for answer in answers():
        for text in _citizen_texts(answer):
            assert not internal(text), (answer.answer_id, text)


def test_nothing_a_citizen_reads_with_a_regional_figure_talks_about_provenance(use_kb):
    for region in query.regions():
        for fact in query.region_facts(region.id):
            shown = [
                fact.note,
                fact.period,
                query.Text(**fact.value) if isinstance(fact.value, dict) and "zh" in fact.value else None,
            ]
            for text in filter(None, shown):
                for value in (text.zh, text.en):
                    assert not internal(value), (region.id, fact.key, value)


def test_documents_and_not_covered_subjects_speak_plainly(bundle):
    for document in bundle.documents:
        for field in ("name_zh", "name_en", "note_zh", "note_en"):
            assert not internal(document[field] or ""), (document["id"], document[field])
    for subject in bundle.not_covered:
        for field in ("name_zh", "name_en", "handled_by_zh", "handled_by_en"):
            assert not internal(subject[field]), (subject["id"], subject[field])


def test_every_source_has_a_plain_official_title_and_an_english_gloss(bundle):
    assert len(bundle.sources) >= 100
    for sid, source in bundle.sources.items():
        assert source["title_en"], f"{sid} has no title_en"
        for title in (source["title"], source["title_en"]):
            assert not [w for w in TITLE_PROVENANCE if w in title], (sid, title)
        assert not str(source["publisher"] or "").startswith("第三方"), (sid, source["publisher"])


def test_every_weak_source_tells_staff_where_it_comes_from(bundle):
    # The citizen sees a plain caveat; the staff card shows why the source is weak.
    weak = [sid for sid, source in bundle.sources.items() if source["confidence"] in ("C", "UNCONFIRMED")]
    assert weak
    for sid in weak:
        assert bundle.sources[sid]["provenance"], (
            f"{sid} is graded {bundle.sources[sid]['confidence']} without provenance"
        )


def test_weak_answers_tell_the_citizen_to_confirm(use_kb):
    for answer in answers():
        if answer.confidence in ("C", "UNCONFIRMED"):
            assert answer.caveat is not None, answer.answer_id
            for lang in ("zh", "en"):
                caveat = getattr(answer.caveat, lang).lower()
                assert any(w in caveat for w in CONFIRM[lang]), (answer.answer_id, caveat)


def test_english_glosses_chinese_document_numbers(use_kb):
    # Each number is glossed where it is first named in a lead or point: "Guofa [2014] No. 8 (the State
    # Council opinion …)" or "Guobanfa [2024] No. 38, State Council General Office guidance …".
    for answer in answers():
        for text in [answer.lead.en, *(p.en for p in answer.points)]:
            glossed = set()
            for match in DOC_NUMBER.finditer(text):
                if match.group() not in glossed:
                    assert text[match.end() :].startswith(GLOSS), (answer.answer_id, match.group(), text)
                    glossed.add(match.group())


def test_every_answer_is_short_and_names_who_answers_locally(use_kb):
    for answer in answers():
        assert len(answer.lead.zh) <= 140 and len(answer.lead.en) <= 320, answer.answer_id
        assert answer.office, answer.answer_id


def test_no_figure_or_answer_claims_a_better_grade_than_its_sources(bundle):
    # "A C-grade figure labelled A": a fact may be weaker than its source (derived), never stronger.
    for fact in bundle.facts:
        sources = [fact["source_id"]] + [alt["source_id"] for alt in fact["alternatives"] or []]
        worst = max(GRADES.index(bundle.sources[s]["confidence"]) for s in sources)
        assert GRADES.index(fact["confidence"]) >= worst, (fact["region_id"], fact["key"], fact["year"])
    for answer in bundle.answers:
        cited_grades = [
            GRADES.index(bundle.sources[c["source_id"]]["confidence"]) for c in answer["cites"] if c["source_id"]
        ]
        assert GRADES.index(answer["confidence"]) >= max(cited_grades, default=0), answer["id"]
