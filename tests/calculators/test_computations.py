"""The registered computations (assistant/figures.py): outcomes, value keys, needs and first
messages, on the fixture knowledge base. The answer composer codes against these keys."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.figures import COMPUTATIONS, Ask, Profile, compute
from knowledge import query
from presentation.figures import FIRST_LIMITS, first_message, payload_figure, sections

ROOT = Path(__file__).resolve().parents[2]
TODAY = (2026, 11)
NAMES = (
    "contribution_range",
    "retirement_age",
    "minimum_years",
    "unemployment_duration",
    "account_divisor",
    "contribution_subsidy",
)


def ask(text="", region=None, **kwargs) -> Ask:
    return Ask(text, region=query.resolve_region(region) if region else None, today=TODAY, **kwargs)


def test_importing_assistant_figures_alone_registers_every_computation(fixture_kb_url):
    script = (
        "from assistant.figures import Ask, compute; f = compute('minimum_years', Ask('2035年退休')); "
        "print(f.outcome, f.values['years'])"
    )
    env = {**os.environ, "KB_DATABASE_URL": fixture_kb_url, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["ok", "18.0"], out.stderr[-2000:]
    assert set(NAMES) <= set(COMPUTATIONS) and compute("no_such_computation", ask()) is None


def test_contribution_range(fixture_kb):
    f = compute("contribution_range", ask("养老最低交多少", "丙市", insurance_type="pension"))
    assert f.outcome == "ok" and f.confidence == "B"
    assert {
        "region_id",
        "region_zh",
        "region_en",
        "year",
        "base_min",
        "base_max",
        "focus",
        "lines",
        "total_lowest",
        "total_highest",
        "complete",
        "caveats",
    } <= set(f.values)
    pension = f.values["lines"][0]
    assert set(pension) == {
        "insurance",
        "status",
        "fixed",
        "per",
        "rate",
        "lowest_base",
        "highest_base",
        "lowest",
        "highest",
        "options",
        "note",
    }
    assert (pension["lowest"], pension["highest"], f.values["total_lowest"], f.values["total_highest"]) == (
        1000.0,
        4800.0,
        1375.0,
        6600.0,
    )
    assert "1,000.00" in first_message(f, "zh") and "4,800.00" in first_message(f, "zh")
    fixed = compute("contribution_range", ask("最低交多少", "戊市"))
    assert fixed.values["lines"][1]["options"] == [1200.0, 2400.0] and fixed.confidence == "C"
    assert compute("contribution_range", ask("最低交多少")).needs == ("region",)
    assert compute("contribution_range", ask("最低交多少", "乙市")).outcome == "missing"  # no account rate


def test_retirement_age(fixture_kb):
    f = compute("retirement_age", ask("1970年5月出生的男的几岁退休"))
    (track,) = f.values["tracks"]
    assert f.outcome == "ok" and f.needs == ()
    assert {
        "category",
        "label",
        "original_age",
        "target_age",
        "age_years",
        "age_months",
        "year",
        "month",
        "delay_months",
        "reached",
    } == set(track)
    assert (track["age_years"], track["age_months"], track["year"], track["month"]) == (61, 5, 2031, 10)
    assert f.values["flexible"] == {"earliest": [60, 0], "latest": [64, 5]}
    women = compute("retirement_age", ask("1975年出生的女的几岁退休", scheme="flexible_employment"))
    assert women.needs == ("female_age",) and [t["category"] for t in women.values["tracks"]] == [
        "female_50",
        "female_55",
    ]
    assert women.values["tracks"][0]["latest"]["age_months"] == 6 and women.values["flexible_worker"]
    assert "各地规定" in first_message(women, "zh")
    remembered = compute("retirement_age", ask("我几岁退休", profile=Profile(age=40, sex="female", female_age=55)))
    assert remembered.values["tracks"][0]["category"] == "female_55"
    assert compute("retirement_age", ask("几岁退休")).needs == ("birth", "sex")
    assert compute("retirement_age", ask("我300岁，男")).outcome == "invalid"


def test_minimum_years(fixture_kb):
    f = compute("minimum_years", ask("2035年退休最少交几年"))
    assert (f.outcome, f.values["retire_year"], f.values["years"], f.values["months"], f.values["from"]) == (
        "ok",
        2035,
        18.0,
        216,
        "retire_year",
    )
    mine = compute("minimum_years", ask("我1980年3月出生，男，交了8年，最少还要交几年"))
    assert (mine.values["from"], mine.values["retire_year"], mine.values["short_months"]) == ("birth", 2043, 144)
    general = compute("minimum_years", ask("最低缴费年限是多少"))
    assert general.outcome == "needs_input" and general.values["rise_from"] == 2030
    assert "2030" in first_message(general, "zh")


def test_unemployment_duration(fixture_kb):
    f = compute("unemployment_duration", ask("交了6年失业保险能领多久"))
    assert (f.outcome, f.values["max_months"], f.values["band_from_years"], f.values["band_to_years"]) == (
        "ok",
        18,
        5.0,
        10.0,
    )
    assert compute("unemployment_duration", ask("交了半年能领失业金吗")).outcome == "ineligible"
    general = compute("unemployment_duration", ask("失业金能领多久"))
    assert general.needs == ("paid",) and general.values["bands"] == [[1.0, 12], [5.0, 18], [10.0, 24]]


def test_account_divisor(fixture_kb):
    f = compute("account_divisor", ask("60岁退休计发月数"))
    assert (f.values["divisor"], f.values["from"], f.values["interpolated"]) == (139.0, "retire_age", False)
    statutory = compute("account_divisor", ask("1966年1月出生的男的计发月数"))
    assert (statutory.values["age_years"], statutory.values["age_months"], statutory.values["divisor"]) == (
        60,
        4,
        136.7,
    )
    assert statutory.confidence == "C" and statutory.values["next_row"] == 132
    assert compute("account_divisor", ask("计发月数是什么")).needs == ("retire_age",)
    assert compute("account_divisor", ask("我想75岁退休")).outcome == "invalid"  # a retirement age above 70


def test_contribution_subsidy(fixture_kb):
    f = compute("contribution_subsidy", ask("我是就业困难人员，灵活就业补贴多少", "丙市"))
    v = f.values
    assert f.outcome == "ok" and f.needs == () and v["group"] == "hardship" and not v["group_assumed"]
    assert {
        "share_cap",
        "max_years",
        "duration_months",
        "to_retirement",
        "amounts_published",
        "year",
        "base_year",
        "lines",
        "total_contribution",
        "total_subsidy",
        "total_net",
        "notes",
    } <= set(v)
    assert (v["total_net"], v["amounts_published"], v["duration_months"]) == (558.33, False, 36)
    graduate = compute("contribution_subsidy", ask("应届毕业生灵活就业有补贴吗", "丙市"))
    assert (graduate.values["group"], graduate.values["max_years"], graduate.confidence) == ("graduate", 2, "C")
    general = compute("contribution_subsidy", ask("灵活就业有社保补贴吗"))
    assert general.outcome == "needs_input" and general.needs == ("region", "group")
    assert compute("contribution_subsidy", ask("4050人员补贴", "丙市")).values["is_4050"]


@pytest.mark.parametrize(
    "name, text, region",
    [
        ("contribution_range", "最低交多少", "丙市"),
        ("contribution_range", "最低交多少", "戊市"),
        ("contribution_range", "最低交多少", None),
        ("contribution_range", "最低交多少", "乙市"),
        ("retirement_age", "1970年5月出生的男的几岁退休", None),
        ("retirement_age", "1975年出生的女的几岁退休", None),
        ("retirement_age", "几岁退休", None),
        ("retirement_age", "我300岁，男", None),
        ("minimum_years", "2035年退休", None),
        ("minimum_years", "1980年3月出生的男，交了8年", None),
        ("minimum_years", "最低交几年", None),
        ("unemployment_duration", "交了6年", None),
        ("unemployment_duration", "交了半年", None),
        ("unemployment_duration", "能领多久", None),
        ("account_divisor", "60岁退休", None),
        ("account_divisor", "1966年1月出生的男", None),
        ("account_divisor", "计发月数", None),
        ("contribution_subsidy", "4050人员补贴", "丙市"),
        ("contribution_subsidy", "毕业生补贴", "丙市"),
        ("contribution_subsidy", "补贴", None),
    ],
)
def test_first_messages_are_short_sourced_and_the_figure_is_json(fixture_kb, name, text, region):
    figure = compute(name, ask(text, region))
    for lang in ("zh", "en"):
        first = first_message(figure, lang)
        assert first and "{" not in first and len(first) <= FIRST_LIMITS[lang], (lang, first)
        for section in sections(figure, lang):
            assert section.lines and all("{" not in line for line in section.lines)
    if figure.basis:
        assert any(s.id == "sources" for s in sections(figure, "zh"))
    json.dumps(payload_figure(figure), ensure_ascii=False)
