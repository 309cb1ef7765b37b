"""The calculators' words: every reason code has zh and en wording, and replies put the person's
figure first and the details in sections (fixture knowledge base)."""

import json
import re
from pathlib import Path

import pytest

from assistant import calculator as calc
from assistant.figures import Profile
from knowledge import query
from knowledge.calculators import (
    CalculatorError,
    Scenario,
    contribution,
    contribution_subsidy,
    estimate_pension,
)
from knowledge.calculators.common import Note
from knowledge.query import Text
from presentation import calc_text
from presentation import calculator as replies
from presentation.wording import catalogue

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "knowledge" / "calculators", ROOT / "assistant"]
SPECIAL_NOTES = {
    "text": [],
    "error": [],
    "medical_fixed": ["medical_fixed_month", "medical_fixed_year"],
    "claim_after_statutory_age": ["claim_after_statutory_age", "claim_now"],
}
TODAY = (2026, 11)


def _codes(pattern: str) -> set:
    found = set()
    for folder in SOURCES:
        for path in folder.glob("*.py"):
            found |= set(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_note_code_has_wording():
    notes = _codes(r'Note\.of\(\s*"([a-z_]+)"')
    assert len(notes) > 40
    for code in notes:
        for key in SPECIAL_NOTES.get(code, [code]):
            assert f"calc_note_{key}" in catalogue(), code


def test_every_error_and_problem_code_has_wording():
    errors = _codes(r'Error\(\s*"([a-z_]+)"') | _codes(r'Problem\([^)]*?"([a-z_]+_[a-z_]+)"')
    errors -= {"base", "balance", "region"}  # the fields of Problem, not codes
    assert len(errors) > 35
    missing = sorted(code for code in errors if f"calc_error_{code}" not in catalogue())
    assert missing == []


def test_no_inline_wording_is_left_in_the_calculators():
    """Only the input aliases the calculators accept ('最低', '男') may be Chinese; no output wording."""
    for path in (ROOT / "knowledge" / "calculators").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        code = re.sub(r'"""[\s\S]*?"""', "", code)  # docstrings may name Chinese terms
        code = re.sub(r"^_(?:SEX|LOWEST|HIGHEST|GRADE|YUAN)\s*=[\s\S]*?(?=^\S)", "", code, flags=re.M)
        assert not re.search(r"[\u4e00-\u9fff]", code), path.name


def _notes(fixture) -> list:
    """Every note the calculators produce on the fixture, with real values."""
    flat = Scenario("flat", Text("零", "flat"), 0, 0)
    found = []
    for region in ("丙市", "戊市", "乙市"):
        e = contribution(region, "lowest")
        found += list(e.assumptions) + list(e.caveats) + [line.note for line in e.lines if line.note]
    found += list(contribution("丙市", "150%").assumptions)
    found += list(contribution_subsidy("丙市", "graduate").notes) + list(contribution_subsidy("丙市", "hardship").notes)
    for kwargs in (
        dict(birth_year=1960, birth_month=5, past_contribution_months=120),
        dict(birth_year=1960, birth_month=5, past_contribution_months=200),
        dict(birth_year=1988, birth_month=6, past_contribution_months=60, retire_at=(60, 0)),
        dict(birth_year=1970, birth_month=6, past_contribution_months=12),
        dict(birth_year=1985, birth_month=3, past_contribution_months=60, estimate_past_balance=True),
    ):
        e = estimate_pension("丙市", sex="male", average_index=1, as_of=TODAY, scenarios=[flat], **kwargs)
        found += list(e.assumptions) + list(e.caveats)
    e = estimate_pension(
        "戊市", birth_year=1985, birth_month=3, sex="male", average_index=1, past_contribution_months=60, as_of=TODAY
    )
    found += list(e.caveats)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_note_the_calculators_give_is_worded(fixture_kb, lang):
    notes = _notes(fixture_kb)
    assert len({n.code for n in notes}) >= 20
    for item in notes:
        text = calc_text.note(item, lang)
        assert text and "{" not in text and "}" not in text and "None" not in text, (item.code, text)
        if lang == "en":
            assert not re.search(r"[\u4e00-\u9fff]{3}", text.replace("推算所得", "")), (item.code, text)


@pytest.mark.parametrize(
    "base, words",
    [
        (4000, ["4,000", "5,000–24,000", "2025", "某市缴费基数通知"]),
        ("500%", ["500%", "60%", "300%", "迷你社会保险法"]),
    ],
)
def test_errors_name_the_allowed_range_year_and_source(fixture_kb, base, words):
    with pytest.raises(CalculatorError) as err:
        contribution("丙市", base)
    text = calc_text.error(err.value.code, err.value.details, "zh")
    for word in words:
        assert word in text
    english = calc_text.error(err.value.code, err.value.details, "en")
    assert "{" not in english and str(base).rstrip("%") in english.replace(",", "")


def test_money_and_durations():
    assert calc_text.fen(1432.4, "zh") == "1,432.40" and calc_text.fen(1432.4, "en") == "1,432.40"
    assert calc_text.money(7162, "en") == "7,162" and calc_text.money(7162, "zh") == "7,162"
    assert calc_text.duration(16, "en") == "1 year 4 months" and calc_text.duration(24, "zh") == "2年"
    assert (
        calc_text.short_source("国务院关于完善企业职工基本养老保险制度的决定（国发〔2005〕38号）") == "国发〔2005〕38号"
    )
    assert calc_text.short_source("京人社发〔2025〕11号（2025年度社会保险缴费基数上下限）") == "京人社发〔2025〕11号"


def _state(region="丙市", **profile) -> calc.State:
    return calc.State(Profile(**profile), calc.Request(), query.resolve_region(region))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_contribution_reply_puts_the_figure_first(fixture_kb, lang):
    result = calc.compute_contribution(_state(), TODAY)
    reply = replies.contribution(result, lang)
    first = reply.text.splitlines()[0]
    assert "1,000.00" in first and "20%" in first and "2025" in first
    assert "某市缴费基数通知" in first
    assert len(reply.text) <= (200 if lang == "zh" else 400)
    assert [s.id for s in reply.payload.sections] == ["lines", "assumptions", "caveats", "sources"]
    lines = reply.payload.sections[0].lines
    assert any("400.00" in line or "400" in line for line in lines)  # the 8% personal-account share
    assert reply.payload.kind == "calculation" and reply.payload.calculation["total_monthly"] == 1000.0
    assert reply.payload.calculation["defaults"] == ["base_lowest", "pension_only"]
    json.dumps(reply.payload.to_dict(), ensure_ascii=False)
    payloads = [b["payload"] for b in reply.buttons]
    assert '/calculate_contribution{"calc_option": "all_insurances"}' in payloads and "/estimate_pension" in payloads


def test_contribution_reply_with_everything(fixture_kb):
    state = calc.State(
        Profile(group="4050", birth_year=1970, birth_month=6, sex="male"),
        calc.Request(insurances=("pension", "medical", "unemployment"), compare=True),
        query.resolve_region("丙市"),
    )
    reply = replies.contribution(calc.compute_contribution(state, TODAY), "zh")
    assert "合计每月1,375.00元" in reply.text and "4050" in reply.text
    assert [s.id for s in reply.payload.sections] == [
        "lines",
        "resident",
        "subsidy",
        "assumptions",
        "caveats",
        "sources",
    ]
    assert reply.payload.calculation["subsidy"]["total_net"] == 558.33


def test_pension_reply(fixture_kb):
    state = calc.State(Profile(age=38, sex="male", paid_months=60), calc.Request(), query.resolve_region("丙市"))
    result = calc.compute_pension(state, TODAY)
    for lang, limit in (("zh", 200), ("en", 400)):
        reply = replies.pension(result, lang)
        assert len(reply.text) <= limit
        assert "63" in reply.text and "2051" in reply.text
        assert [s.id for s in reply.payload.sections] == [
            "retirement",
            "scenarios",
            "levers",
            "assumptions",
            "caveats",
            "sources",
        ]
    assert reply.payload.calculation["defaults"] == ["base_lowest", "birth_month", "balance_estimated"]
    assert reply.payload.calculation["claim"] == {"year": 2051, "month": 6, "age_years": 63, "age_months": 0}
    json.dumps(reply.payload.to_dict())


def test_question_lists_everything_missing_at_once(fixture_kb):
    turn = calc.calculate(calc.PENSION, calc.State(), calc.Message("帮我估算养老金", "estimate_pension"), TODAY)
    reply = replies.render(turn, "zh")
    assert turn.needs == ("birth", "sex", "paid", "region")
    for word in ("年龄", "性别", "交了几年", "城市"):
        assert word in reply.text
    assert reply.payload.kind == "question" and reply.payload.extra["needs"] == list(turn.needs)


def test_a_refused_value_is_explained_then_asked(fixture_kb):
    turn = calc.calculate(calc.CONTRIBUTION, _state(), calc.Message("按4000交"), TODAY)
    reply = replies.render(turn, "zh")
    assert "4,000" in reply.text and "5,000–24,000" in reply.text and "请换一个缴费基数" in reply.text
    assert reply.payload.extra["problems"][0]["code"] == "base_below_minimum"
    assert [b["title"] for b in reply.buttons][:3] == ["按最低档", "按100%", "按最高档"]


def test_notes_survive_their_json_form():
    note = Note.of("fact_low_confidence", label=Text("基数", "Base"), year="2025", note=Text("推算", "Inferred"))
    from presentation.figures import _note

    assert calc_text.note(_note(calc_text.jsonable(note)), "en") == calc_text.note(note, "en")
