"""Every province's contribution base limits, and the second reading recorded for each figure.

Live figures: when a province publishes a new year, add it to regions-provinces.yml (or regions.yml)
with its source and the `checked` line of that source, and these tests follow. The hand-checked
values below were read twice (see `checked` in knowledge/sources/sources-regions.yml).
"""

import re
from pathlib import Path

import pytest
import yaml

from knowledge import query

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"
PROVINCE_LEVELS = ("province", "municipality")


def yaml_file(name: str) -> dict:
    return yaml.safe_load((SOURCES / name).read_text(encoding="utf-8"))


def region_entries() -> list:
    return [r for name in ("regions.yml", "regions-provinces.yml") for r in yaml_file(name)["regions"]]


def checked_sources() -> dict:
    return {s["id"]: s for s in yaml_file("sources-regions.yml")["sources"]}


def digits(text: str) -> str:
    """A quote with thousands separators and emphasis removed, so '4,076' and '**4076**' both read 4076."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", text).replace("*", "")


def number_in(value, text: str) -> bool:
    shown = str(value).removesuffix(".0")
    return re.search(rf"(?<![\d.]){re.escape(shown)}(?!\.?\d)", digits(text)) is not None


def test_all_31_provinces_have_a_current_base_with_a_source(use_kb):
    provinces = [r for r in query.regions() if r.level in PROVINCE_LEVELS]
    assert len(provinces) == 31
    for region in provinces:
        own = [f for f in query.region_facts(region.id, ["pension_base"]) if f.region_id == region.id]
        current = [f for f in own if int(f.year[:4]) >= 2025]
        assert current, f"{region.id} has no pension_base for 2025 or later"
        for fact in current:
            assert fact.source_id and fact.source_title, region.id
            assert fact.value is not None or (fact.conflict and len(fact.alternatives) >= 2), region.id
            assert fact.confidence in ("A", "B", "C"), region.id


def test_every_province_and_city_has_its_division_code():
    for entry in region_entries():
        if entry["id"] == "national":
            continue
        code = entry.get("code")
        assert code and re.fullmatch(r"\d{6}", code), entry["id"]
        if entry.get("level") in PROVINCE_LEVELS:
            assert code.endswith("0000"), entry["id"]
        else:
            parent = next(r for r in region_entries() if r["id"] == entry["parent"])
            assert code[:2] == parent["code"][:2] and code.endswith("00"), entry["id"]


def test_every_added_figure_was_read_a_second_time():
    sources = checked_sources()
    seen = 0
    for entry in region_entries():
        for fact in entry.get("facts") or []:
            if fact["key"] not in ("pension_base", "medical_base") or fact["source"] not in sources:
                continue
            quotes = " ".join(check["quote"] for check in sources[fact["source"]]["checked"])
            values = [fact["value"]] if fact.get("value") else [a["value"] for a in fact["alternatives"]]
            for value in values:
                for bound in (value["min"], value["max"]):
                    assert number_in(bound, quotes), (entry["id"], fact["year"], bound)
            seen += 1
    assert seen >= 40


def test_every_second_reading_names_where_and_when():
    for sid, source in checked_sources().items():
        assert source["checked"], sid
        for check in source["checked"]:
            assert check["by"] and check["where"] and check["quote"] and str(check["date"]) >= "2026-12", sid


@pytest.mark.parametrize(
    "place, year, low, high, grade",
    [
        ("河北", "2026", 4076, 20382, "B"),  # 冀人社字〔2026〕57号, quoted verbatim
        ("河北", "2025", 4007, 20034, "C"),
        ("新疆", "2026", 5246, 26231, "B"),
        ("广西", "2026", 4204.8, 21024, "B"),
        ("西安", "2026", 4737, 23685, "B"),  # Shaanxi's figures, inherited by Xi'an
        ("郑州", "2025", 3831, 19155, "C"),  # Henan's, with a note that Zhengzhou has its own rules
        ("黑龙江", "2025", 4542, 22710, "C"),
        ("西藏", "2026", 7172.4, 35862, "C"),
    ],
)
def test_hand_checked_bases(use_kb, place, year, low, high, grade):
    region = query.resolve_region(place)
    fact = next(f for f in query.region_facts(region.id, ["pension_base"]) if f.year == year)
    assert (fact.value["min"], fact.value["max"], fact.confidence) == (low, high, grade)
    if grade == "C":
        assert "12333" in fact.note_zh and "12333" in fact.note_en


def test_fujian_minimum_is_a_conflict_not_a_guess(use_kb):
    (fact,) = [f for f in query.region_facts("fujian", ["pension_base"]) if f.year == "2025"]
    assert fact.conflict and fact.value is None and fact.confidence == "C"
    assert sorted(a["value"]["min"] for a in fact.alternatives) == [4043, 4521]
    assert {a["value"]["max"] for a in fact.alternatives} == {22607}
