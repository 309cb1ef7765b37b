"""Training and held-out data of the calculator intents (the shared check covers ask_* intents only)."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
INTENTS = ("calculate_contribution", "estimate_pension", "stop_form")


def count(path: Path, intent: str) -> int:
    blocks = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", [])
    return sum(
        line.strip().startswith("- ")
        for b in blocks
        if b.get("intent") == intent
        for line in b["examples"].splitlines()
    )


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize("lang, minimum, heldout", [("zh", 25, 5), ("en", 12, 4)])
def test_calculator_intents_have_enough_examples(intent, lang, minimum, heldout):
    assert count(ROOT / "data" / "nlu" / lang / f"{intent}.yml", intent) >= minimum
    assert count(ROOT / "tests" / "nlu" / lang / f"{intent}.yml", intent) >= heldout


def test_calculator_intents_are_in_the_domain_with_rules():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    rules = (ROOT / "data" / "rules.yml").read_text(encoding="utf-8")
    assert set(INTENTS) <= set(domain["intents"])
    assert "forms" not in domain  # one action answers at once; no form loop
    assert {"profile", "calc", "calc_kind"} <= set(domain["slots"])
    assert domain["slots"]["calc_kind"]["influence_conversation"] is True
    assert {"action_calculate", "action_calc_stop"} <= set(domain["actions"])
    for intent in INTENTS:
        assert f"intent: {intent}" in rules
