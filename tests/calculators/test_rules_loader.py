"""pension_rules.yml is validated by the build ('file: entry: problem') and compiled into the
knowledge database; the calculators read it back through knowledge.query (fixture knowledge base)."""

import shutil
from pathlib import Path

import pytest
import yaml

from knowledge import query
from knowledge.build import build
from knowledge.calculators import RulesMissingError, load_rules
from knowledge.loader import ValidationError, load

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "kb"


def problems_after(root: Path, change) -> list:
    path = root / "pension_rules.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load(root)
    rules = [p for p in err.value.problems if p.startswith("pension_rules.yml: ")]
    assert rules and all(p.count(": ") >= 2 for p in rules)
    return rules


def test_the_fixture_tables_are_valid(sources):
    bundle = load(sources)
    assert {s["id"] for s in bundle.rule_sections} >= {
        "account_divisor",
        "retirement_reform",
        "minimum_years",
        "unemployment_duration",
        "contribution_subsidy",
        "assumptions",
    }
    divisors = [r for r in bundle.rule_rows if r["section_id"] == "account_divisor"]
    assert len(divisors) == 31 and divisors[0]["key"] == "40"


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["account_divisor"]["table"].pop(52), "account_divisor.table: ages [52] are missing"),
        (
            lambda d: d["account_divisor"]["table"].update({61: 140}),
            "age 61 (140) must be fewer months than age 60 (139)",
        ),
        (
            lambda d: d["resident_account_divisor"].update(source="made_up_2099"),
            "resident_account_divisor: unknown source 'made_up_2099'",
        ),
        (
            lambda d: d["divisor_interpolation"].pop("caveat"),
            "divisor_interpolation: 'caveat' needs non-empty zh and en",
        ),
        (
            lambda d: d["divisor_interpolation"]["examples"][0].update(divisor=138.5),
            "divisor_interpolation.examples[1]: the rule gives 138.4",
        ),
        (
            lambda d: d["retirement_reform"]["examples"][1].update(age="60-0"),
            "retirement_reform.examples[2]: the rule gives 60-1",
        ),
        (
            lambda d: d["minimum_years"]["schedule"].update({2035: 17.5}),
            "minimum_years.schedule.2035: the rule gives 18",
        ),
        (lambda d: d["basic_pension"].pop("year"), "basic_pension: 'year' is required"),
        (lambda d: d["retirement_reform"].update(confidence="D"), "retirement_reform: 'confidence' must be one of"),
        (lambda d: d["minimum_years"].update(confidence="UNCONFIRMED"), "an UNCONFIRMED table cannot be used"),
        (lambda d: d["unemployment_duration"]["bands"][1].update(months=12), "bands[2]: bands must rise"),
        (lambda d: d["unemployment_duration"].update(article=99), "cites mini_law art. 99, which does not exist"),
        (
            lambda d: d["contribution_subsidy"].update(share_cap={"numerator": 4, "denominator": 3}),
            "'share_cap' cannot be more than the whole contribution",
        ),
        (lambda d: d["graduate_subsidy"].update(group="astronaut"), "'group' must be hardship or graduate"),
        (lambda d: d.pop("flexible_retirement"), "flexible_retirement: section is missing"),
        (lambda d: d["assumptions"]["scenarios"][0].update(interest_percent=40), "outside the plausible 0–15%"),
    ],
)
def test_a_wrong_table_stops_the_build_with_file_entry_problem(sources, change, expected):
    problems = problems_after(sources, change)
    assert any(expected in p for p in problems), problems


def test_the_calculators_read_the_tables_from_the_database(fixture_kb):
    tables = query.rule_tables()
    assert tables["unemployment_duration"].law_id == "mini_law" and tables["unemployment_duration"].article == 2
    assert tables["account_divisor"].source_title == "某市缴费基数通知（测试）"
    rules = load_rules()
    assert rules.divisors[60] == 139 and rules.base_band == (60, 300)
    assert rules.unemployment_bands == ((1, 12), (5, 18), (10, 24))
    assert rules.subsidies["hardship"].share_cap == (2, 3) and rules.near_retirement_years == 5
    assert rules.interpolation_caveat is not None and rules.divisor_basis.confidence == "B"


def test_a_database_without_the_tables_says_so(tmp_path, monkeypatch):
    root = tmp_path / "sources"
    shutil.copytree(FIXTURE, root)
    (root / "pension_rules.yml").unlink()
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    build(url, root)
    monkeypatch.setenv("KB_DATABASE_URL", url)
    query.clear_caches()
    try:
        with pytest.raises(RulesMissingError):
            load_rules()
    finally:
        query.clear_caches()
