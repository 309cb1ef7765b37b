"""Freshness of the figures: their year, the next year's figure falling due, and lapsed national rules."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from knowledge.build import build, build_with_report
from knowledge.freshness import due_year, figure_year, missing_successors
from knowledge.loader import ValidationError, load


def edit_regions(root: Path, change) -> None:
    path = root / "regions.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    "year, expected",
    [("2025", 2025), (2024, 2024), ("2024–2026", 2026), ("2019–", None), ("2023-12–", None), ("现行", None)],
)
def test_a_figure_belongs_to_its_last_year_and_an_open_rule_to_none(year, expected):
    assert figure_year(year) == expected


def test_the_next_figure_falls_due_a_year_after_this_one_took_effect():
    assert due_year("range", "2025", None, None, dt.date(2025, 12, 31)) is None
    assert due_year("range", "2025", None, None, dt.date(2026, 1, 1)) == 2026
    assert due_year("range", "2025", None, None, dt.date(2027, 3, 1)) == 2027
    # A base for July 2025 – June 2026 is still the current one in spring 2026.
    assert due_year("range", "2025", "2025-07-01", None, dt.date(2026, 6, 30)) is None
    assert due_year("range", "2025", "2025-07-01", None, dt.date(2026, 7, 1)) == 2026
    # Rates and rule texts have no yearly successor; a rule with an end date lapses instead.
    assert due_year("percent", "2025", None, None, dt.date(2030, 1, 1)) is None
    assert due_year("range", "2025", None, "2026-06-30", dt.date(2030, 1, 1)) is None
    assert due_year("amount", "2019–", None, None, dt.date(2030, 1, 1)) is None


def test_a_newer_figure_of_the_same_key_and_region_is_the_successor():
    old = {"key": "pension_base", "kind": "range", "region_id": "a", "year": "2024"}
    new = {"key": "pension_base", "kind": "range", "region_id": "a", "year": "2025"}
    other = {"key": "pension_base", "kind": "range", "region_id": "b", "year": "2024"}
    due = missing_successors([old, new, other], dt.date(2026, 2, 1))
    assert due == {id(new): 2026, id(other): 2026}


def test_valid_from_is_a_date_not_after_valid_until(sources):
    edit_regions(sources, lambda d: d["regions"][3]["facts"][0].update(valid_from="July 2025"))
    with pytest.raises(ValidationError) as info:
        load(sources)
    assert any(
        p.startswith("regions.yml: regions.city_c.facts[1] pension_base: 'valid_from' must be a date YYYY-MM-DD")
        for p in info.value.problems
    ), info.value.problems
    edit_regions(
        sources, lambda d: d["regions"][3]["facts"][0].update(valid_from="2025-07-01", valid_until="2025-06-30")
    )
    with pytest.raises(ValidationError) as info:
        load(sources)
    assert (
        "regions.yml: regions.city_c.facts[1] pension_base: 'valid_until' 2025-06-30 is before 'valid_from' 2025-07-01"
        in (info.value.problems)
    )


def test_the_build_reports_freshness_and_stops_on_a_national_rule_past_its_end_date(sources, tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    _, fresh = build_with_report(url, sources, today=dt.date(2027, 2, 1))
    assert "province_a.pension_base (until 2025-06-30)" in fresh.lapsed and not fresh.national_lapsed
    assert "city_c.subsidy_pension 2024" in fresh.old and "city_c.pension_base 2024" in fresh.old
    assert "province_a.pension_base 2025 → 2027" in fresh.due
    assert fresh.provinces_without_current == ["province_a", "city_c", "city_x", "city_y"]  # newest: 2025, none
    assert fresh.lines()[0].startswith("freshness on 2027-02-01: 17 facts;")

    edit_regions(sources, lambda d: d["regions"][0]["facts"][0].update(valid_until="2026-12-31"))
    assert build(url, sources, today=dt.date(2026, 12, 31))["facts"] == 17
    with pytest.raises(ValidationError) as info:
        build(url, sources, today=dt.date(2027, 1, 1))
    assert info.value.problems == [
        "regions.yml: regions.national pension_rate: past its end date 2026-12-31 "
        "(replace it with the figure in force, or remove it)"
    ]
