"""The "not covered" subjects: validation of not_covered.yml and the query on the fixture KB."""

from pathlib import Path

import pytest
import yaml

from knowledge import query
from knowledge.build import build
from knowledge.loader import ValidationError, load

FILE = "not_covered.yml"


def edit(root: Path, change) -> None:
    path = root / FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["subjects"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def problems_of(root: Path) -> list:
    with pytest.raises(ValidationError) as info:
        load(root)
    return info.value.problems


def test_fixture_subjects_are_loaded_in_order(sources):
    subjects = load(sources).not_covered
    assert [s["id"] for s in subjects] == ["housing_fund", "income_tax"]
    assert subjects[0]["keywords_en"] == ["housing fund", "provident fund"]
    assert subjects[1]["source_id"] is None


def test_the_file_is_optional(sources):
    (sources / FILE).unlink()
    assert load(sources).not_covered == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda s: s[0].pop("handled_by"),
            "not_covered.yml: housing_fund: 'handled_by' needs non-empty zh and en texts",
        ),
        (lambda s: s[0]["name"].pop("en"), "not_covered.yml: housing_fund: 'name' needs non-empty zh and en texts"),
        (
            lambda s: s[0]["keywords"].update(en=[]),
            "not_covered.yml: housing_fund: 'keywords' needs non-empty zh and en lists",
        ),
        (
            lambda s: s[1].update(id="housing_fund"),
            "not_covered.yml: housing_fund: subject ids must be unique lower-case identifiers",
        ),
        (
            lambda s: s[0].update(source="nowhere"),
            "not_covered.yml: housing_fund: unknown source 'nowhere' (not in sources.yml)",
        ),
        # a keyword that is part of a social-insurance word would catch questions about it
        (
            lambda s: s[0]["keywords"]["zh"].append("护理"),
            "not_covered.yml: housing_fund: keyword '护理' overlaps the social-insurance term '长期护理'",
        ),
        # a keyword that contains a vocabulary alias names social insurance itself
        (
            lambda s: s[1]["keywords"]["zh"].append("医保个税"),
            "not_covered.yml: income_tax: keyword '医保个税' overlaps the social-insurance term '医保'",
        ),
        (
            lambda s: s[1]["keywords"]["en"].append("pension tax"),
            "not_covered.yml: income_tax: keyword 'pension tax' overlaps the social-insurance term 'pension'",
        ),
    ],
)
def test_bad_subjects_are_refused_with_file_entry_and_problem(sources, change, expected):
    edit(sources, change)
    assert expected in problems_of(sources)


def test_a_bad_file_leaves_the_database_untouched(sources, tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    build(url, sources)
    edit(sources, lambda s: s[0].pop("handled_by"))
    with pytest.raises(ValidationError):
        build(url, sources)
    assert (tmp_path / "kb.db").exists()


def test_a_subject_named_in_chinese_is_found_with_its_agency_and_source(fixture_kb):
    found = query.not_covered("我想把住房公积金取出来")
    assert found.id == "housing_fund"
    assert found.keyword == "住房公积金"  # the longest keyword that matched
    assert found.name.zh == "住房公积金" and found.handled_by.en == "the local housing provident fund centre"
    assert found.source.url == "https://example.gov.cn/notice"


def test_english_keywords_match_whole_words_only(fixture_kb):
    assert query.not_covered("How do I file my income tax?").id == "income_tax"
    assert query.not_covered("IIT refund").id == "income_tax"
    assert query.not_covered("is my british visa okay") is None  # "iit" is not a word here
    assert query.not_covered("Income Tax").source is None


def test_a_question_that_names_social_insurance_is_never_not_covered(fixture_kb):
    assert query.not_covered("公积金和社保有什么区别") is None
    assert query.not_covered("公积金和医保一起扣吗") is None
    assert query.not_covered("灵活就业要交公积金吗") is None
    assert query.not_covered("does the housing fund replace my pension") is None


def test_unrelated_or_empty_text_is_not_a_subject(fixture_kb):
    assert query.not_covered("今天天气怎么样") is None
    assert query.not_covered("") is None
    assert query.not_covered(None) is None
