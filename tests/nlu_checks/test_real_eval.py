"""How the real-question benchmark scores (offline/real_eval.py), on a small made-up set."""

import pytest

from offline import real_eval

TSV = """lang\tquestion\taccept\tsource
zh\t深圳灵活就业多少钱\task_cost\thttp://a
zh\t辞职了社保怎么办\task_suspend|ask_process\thttp://b
zh\t丧葬费怎么领\tgap:death_survivor_benefits\thttp://c
en\thow much\task_cost\thttp://d
"""
GAPS = "ask_death_benefits: [death_survivor_benefits]\nask_foreigners: [foreigners_social_insurance]\n"
TOPICS = {"ask_cost", "ask_suspend", "ask_process", "ask_death_benefits"}


def parsed(intent, ranking):
    return {
        "intent": {"name": intent, "confidence": ranking[0][1] if intent != "nlu_fallback" else 0.3},
        "intent_ranking": ([{"name": "nlu_fallback", "confidence": 0.3}] if intent == "nlu_fallback" else [])
        + [{"name": n, "confidence": c} for n, c in ranking],
    }


PARSES = {
    "深圳灵活就业多少钱": parsed("ask_cost", [("ask_cost", 0.9), ("ask_process", 0.05)]),
    "辞职了社保怎么办": parsed(
        "nlu_fallback", [("ask_process", 0.25), ("ask_late_payment", 0.2), ("ask_suspend", 0.1)]
    ),
    "丧葬费怎么领": parsed("ask_pension_benefit", [("ask_pension_benefit", 0.5), ("ask_death_benefits", 0.4)]),
    "how much": parsed("nlu_fallback", [("greet", 0.2), ("ask_cost", 0.03)]),  # below the button threshold
}


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "tune.tsv").write_text(TSV, encoding="utf-8")
    (tmp_path / "gap_intents.yml").write_text(GAPS, encoding="utf-8")
    return tmp_path


def test_rows_map_gap_labels_to_the_new_intents(folder):
    rows = real_eval.load_rows("tune", folder)
    assert [r.accept for r in rows] == [
        ("ask_cost",),
        ("ask_suspend", "ask_process"),
        ("ask_death_benefits",),
        ("ask_cost",),
    ]
    assert [r.gap for r in rows] == [False, False, True, False]


def test_numbers_count_the_final_intent_after_the_fallback(folder):
    pairs = real_eval.parse_parts(PARSES.get, TOPICS, parts=("tune",), folder=folder)
    report = real_eval.report(pairs)
    zh = report["tune"]["zh"]
    assert zh["contract"]["n"] == 2 and zh["all"]["n"] == 3
    assert zh["contract"]["first_try"] == 0.5  # the fallback counts as wrong even with the right top-1
    assert zh["contract"]["top3"] == 1.0
    assert zh["contract"]["fallback"] == 0.5 and zh["contract"]["lost"] == 0.0
    assert zh["contract"]["buttons_right"] == 1.0  # ask_process (0.25) is offered
    assert zh["all"]["first_try"] == pytest.approx(1 / 3)
    en = report["tune"]["en"]["contract"]
    assert en["fallback"] == 1.0 and en["lost"] == 1.0 and en["buttons_right"] == 0.0
    both = report["tune"]["both"]["all"]
    assert both["n"] == 4 and both["first_try"] == pytest.approx(1 / 4)
    assert zh["contract"]["misses"][0]["question"] == "辞职了社保怎么办"


def test_the_hold_out_part_reports_numbers_only(folder):
    (folder / "holdout.tsv").write_text(TSV, encoding="utf-8")
    pairs = real_eval.parse_parts(PARSES.get, TOPICS, parts=("holdout",), folder=folder)
    numbers = real_eval.report(pairs)["holdout"]["zh"]["contract"]
    assert "misses" not in numbers and "confusions" not in numbers and numbers["n"] == 2


def test_replaying_thresholds_follows_the_fallback_rule():
    outcome = real_eval.outcome(PARSES["深圳灵活就业多少钱"], TOPICS)
    assert real_eval.replay(outcome, 0.95, 0.0, TOPICS).final == "nlu_fallback"
    assert real_eval.replay(outcome, 0.5, 0.0, TOPICS).final == "ask_cost"
    assert real_eval.replay(outcome, 0.5, 0.9, TOPICS).final == "nlu_fallback"  # too close to the second
    fallback = real_eval.outcome(PARSES["辞职了社保怎么办"], TOPICS)
    assert real_eval.replay(fallback, 0.2, 0.0, TOPICS).final == "ask_process"
    assert real_eval.replay(fallback, 0.5, 0.0, TOPICS, suggest=0.05).buttons == ("ask_process", "ask_suspend")


def test_length_buckets_follow_the_issue():
    assert [real_eval.length_bucket("字" * n) for n in (15, 16, 30, 31, 60, 61)] == [
        "≤15",
        "16–30",
        "16–30",
        "31–60",
        "31–60",
        ">60",
    ]


def test_breakdown_splits_by_scope_length_and_kind():
    rows = [
        real_eval.Row("zh", "深圳灵活就业多少钱", ("ask_cost",), False, "post"),
        real_eval.Row("zh", "今天天气" * 20, ("out_of_scope",), False, "letter"),
    ]
    outcomes = [
        real_eval.Outcome("nlu_fallback", ("ask_cost",), 0.1, ("ask_cost",)),
        real_eval.Outcome("out_of_scope", ("out_of_scope",), 0.9, ()),
    ]
    zh = real_eval.breakdown({"tune": list(zip(rows, outcomes, strict=True))})["tune"]["zh"]
    assert zh["scope"]["in scope"] == {"n": 1, "first_try": 0.0, "top3": 1.0, "fallback": 1.0}
    assert zh["scope"]["out of scope"]["first_try"] == 1.0
    assert set(zh["length"]) == {"≤15", ">60"}
    assert set(zh["kind"]) == {"post", "letter"}
