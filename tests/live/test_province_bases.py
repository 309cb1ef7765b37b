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
    """Whether the figure is written in the text; '5901.4' also matches '5901.40', '4076' also '4076.0'."""
    shown = re.escape(str(value).removesuffix(".0"))
    tail = r"0*(?!\d)" if "." in shown else r"(?:\.0+)?(?!\.?\d)"
    return re.search(rf"(?<![\d.]){shown}{tail}", digits(text)) is not None


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


def test_every_source_was_also_read_by_an_independent_second_reader():
    for sid, source in checked_sources().items():
        assert any("independent" in check["by"] for check in source["checked"]), sid


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
        ("山西", "2025", 4198, 20991, "C"),  # no period: neither source says from when
        ("黑龙江", "2026", 4623, 23115, "C"),  # 60%/300% of the 7705 average wage, no official page states them
        ("云南", "2026", 4403, 22017, "B"),  # 云人社发〔2026〕8号 as reprinted by Yuanmou, quoted verbatim
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


@pytest.mark.parametrize(
    "place, low, high, grade",
    [
        ("广西", 4204.8, 21024, "B"),  # 桂人社发〔2026〕32号 names medical insurance in the same sentence
        ("内蒙古", 6744, 25290, "C"),  # 80%-300%, unlike the pension base
        ("贵阳", 5901.4, 22130.25, "C"),  # Guiyang's own base, not Guizhou's pension limits
        ("西藏", 7172.4, 35862, "C"),
    ],
)
def test_hand_checked_medical_bases_2026(use_kb, place, low, high, grade):
    region = query.resolve_region(place)
    (fact,) = [f for f in query.region_facts(region.id, ["medical_base"]) if f.year == "2026"]
    assert (fact.value["min"], fact.value["max"], fact.confidence) == (low, high, grade)


def test_guiyang_is_a_city_of_guizhou_with_the_flexible_workers_medical_base(use_kb):
    region = query.resolve_region("贵阳")
    assert region.id == "guiyang"
    (amount,) = query.region_facts("guiyang", ["medical_base_amount"])
    assert amount.value == 7376.75 and amount.confidence == "C"
    inherited = [f for f in query.region_facts("guiyang", ["pension_base"]) if f.year == "2026"]
    assert [f.region_id for f in inherited] == ["guizhou"]


def test_henan_2026_is_stated_as_provisional_not_as_new_limits(use_kb):
    rules = [f for f in query.region_facts("henan", ["base_rule"]) if f.year == "2026"]
    assert len(rules) == 1 and rules[0].confidence == "C"
    assert "3831" in rules[0].value["zh"] and "多退少补" in rules[0].value["zh"]
    assert not [f for f in query.region_facts("henan", ["pension_base"]) if f.year == "2026"]
