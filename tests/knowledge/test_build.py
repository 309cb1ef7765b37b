"""Building the knowledge base: validation messages, atomic swap, and the real sources."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from knowledge.build import build
from knowledge.loader import SOURCES_DIR, ValidationError, load

ROOT = Path(__file__).resolve().parents[2]


def edit(root: Path, rel: str, change) -> None:
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def problems_of(root: Path) -> list:
    with pytest.raises(ValidationError) as info:
        load(root)
    return info.value.problems


def test_fixture_builds_with_expected_counts(sources, tmp_path):
    counts = build(f"sqlite:///{tmp_path / 'kb.db'}", sources)
    assert counts.pop("places") > 3000  # every division from the official codes, whatever the sources
    assert counts == {"sources": 2, "articles": 3, "regions": 6, "facts": 17, "topics": 2, "answers": 4, "documents": 1}


@pytest.mark.parametrize(
    "rel, change, expected",
    [
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][0]["cites"].append({"source": "nowhere"}),
            "topics/ask_cost.yml: cost-pension: unknown source 'nowhere'",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][0]["cites"].append({"law": "mini_law", "article": 9}),
            "topics/ask_cost.yml: cost-pension: cites mini_law art. 9, which does not exist",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][0].pop("year"),
            "topics/ask_cost.yml: cost-pension: 'year' is required",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][0]["steps"]["en"].pop(),
            "topics/ask_cost.yml: cost-pension: 'steps' has 2 zh items but 1 en items",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][1].pop("caveat"),
            "topics/ask_cost.yml: cost-default: a C-grade answer needs a 'caveat'",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][0]["lead"].pop("en"),
            "topics/ask_cost.yml: cost-pension: 'lead' needs non-empty zh and en texts",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"].reverse(),
            "topics/ask_cost.yml: cost-pension: the last answer must be the default one",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][0].update(cites=[]),
            "topics/ask_cost.yml: cost-pension: 'cites' needs at least one citation",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][0]["when"].update(scheme=["astronaut"]),
            "topics/ask_cost.yml: cost-pension: 'when.scheme' value 'astronaut' is not in vocabulary.yml",
        ),
        (
            "regions.yml",
            lambda d: d["regions"][1]["facts"][0].update(confidence="UNCONFIRMED"),
            "regions.yml: regions.province_a.facts[1] pension_base: an UNCONFIRMED fact must not carry a value",
        ),
        (
            "regions.yml",
            lambda d: d["regions"][2]["facts"][0].pop("alternatives"),
            "regions.yml: regions.city_b.facts[1] medical_rate: a conflicting fact lists at least two 'alternatives'",
        ),
        (
            "regions.yml",
            lambda d: d["regions"][1]["facts"][0].update(value={"min": 9000, "max": 100}),
            "regions.yml: regions.province_a.facts[1] pension_base: value {'max': 100, 'min': 9000} is not a valid range",  # noqa: E501
        ),
        (
            "regions.yml",
            lambda d: d["regions"][2]["aliases"].append("甲省"),
            "regions.yml: regions.city_b: alias '甲省' already belongs to province_a",
        ),
        (
            "sources.yml",
            lambda d: d["sources"][1].update(url="http://insecure.example"),
            "sources.yml: city_notice: 'url' must be an https:// address",
        ),
        (
            "regions.yml",
            lambda d: d["regions"][1]["facts"][0].update(valid_until="end of 2026"),
            "regions.yml: regions.province_a.facts[1] pension_base: 'valid_until' must be a date YYYY-MM-DD",
        ),
        (
            "regions.yml",
            lambda d: d["regions"][2]["facts"][0]["provenance"].pop("en"),
            "regions.yml: regions.city_b.facts[1] medical_rate: 'provenance' needs non-empty zh and en texts",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][0]["lead"].update(en="x" * 321),
            "topics/ask_cost.yml: cost-pension: 'lead' (en) has 321 characters; at most 320",
        ),
        (
            "topics/ask_cost.yml",
            lambda d: d["answers"][0]["lead"].update(zh="字" * 141),
            "topics/ask_cost.yml: cost-pension: 'lead' (zh) has 141 characters; at most 140",
        ),
    ],
)
def test_validation_names_file_entry_and_problem(sources, rel, change, expected):
    edit(sources, rel, change)
    problems = problems_of(sources)
    assert any(p.startswith(expected) for p in problems), problems


def test_all_problems_are_reported_at_once(sources):
    edit(sources, "topics/ask_cost.yml", lambda d: [a.pop("year") for a in d["answers"]])
    assert len([p for p in problems_of(sources) if "'year' is required" in p]) == 2


def test_broken_yaml_is_reported_with_its_file(sources):
    (sources / "documents.yml").write_text("documents: [unclosed", encoding="utf-8")
    assert any(p.startswith("documents.yml: -: not valid YAML") for p in problems_of(sources))


def test_failed_build_leaves_the_previous_database_untouched(sources, tmp_path):
    db = tmp_path / "kb.db"
    build(f"sqlite:///{db}", sources)
    before = db.read_bytes()
    edit(sources, "topics/ask_cost.yml", lambda d: d["answers"][0].pop("year"))
    with pytest.raises(ValidationError):
        build(f"sqlite:///{db}", sources)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.db", "sources"]  # no temp files left


def test_database_error_mid_build_leaves_no_partial_file(sources, tmp_path, monkeypatch):
    import knowledge.build as kb_build

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(kb_build, "content_hash", explode)
    db = tmp_path / "kb.db"
    with pytest.raises(RuntimeError):
        build(f"sqlite:///{db}", sources)
    assert not db.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["sources"]


def test_real_sources_build(tmp_path):
    counts = build(f"sqlite:///{tmp_path / 'kb.db'}")
    # every article of the law and the five regulations: handling, collection, work injury,
    # unemployment, female employees' protection
    assert counts["articles"] == 98 + 63 + 31 + 67 + 33 + 16
    assert counts["regions"] >= 11 and counts["topics"] >= 24


def test_every_question_intent_has_a_topic_and_back():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    asks = {i for i in domain["intents"] if i.startswith("ask_")}
    topics = {p.stem for p in (SOURCES_DIR / "topics").glob("*.yml")}
    assert asks == topics


def test_the_ten_fact_sheet_regions_have_sourced_yearly_figures():
    bundle = load()
    by_region = {}
    for fact in bundle.facts:
        by_region.setdefault(fact["region_id"], []).append(fact)
    for region in (
        "beijing",
        "shanghai",
        "guangdong",
        "shenzhen",
        "zhejiang",
        "sichuan",
        "hubei",
        "jiangsu",
        "tianjin",
        "chongqing",
    ):
        facts = by_region[region]
        assert any(f["key"] == "pension_base" for f in facts), region
        for fact in facts:
            assert fact["source_id"] in bundle.sources and re.search(r"\d{4}|现行", fact["year"]), fact


def test_statements_never_carry_unconfirmed_values():
    for fact in load().facts:
        if fact["confidence"] == "UNCONFIRMED":
            assert fact["value"] is None
        if fact["conflict"]:
            assert fact["confidence"] == "C" and len(fact["alternatives"]) >= 2


def test_broken_pension_rules_fail_the_build(tmp_path):
    root = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, root)
    edit(root, "pension_rules.yml", lambda d: d.pop("minimum_years"))
    assert any(p.startswith("pension_rules.yml: ") for p in problems_of(root))
