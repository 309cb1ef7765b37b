"""NLU quality on the held-out sets, and hygiene of the training data."""

import asyncio
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from knowledge.textnorm import key
from offline.nlu_eval import evaluate

ROOT = Path(__file__).resolve().parents[2]
MARKUP = re.compile(r"\[([^\]]+)\]\([^)]+\)")
THRESHOLDS = {"zh": 0.92, "en": 0.90}  # issue 13: the self-written sets stay at these


def examples(folder: Path) -> list:
    """(intent, normalised text) for every example under folder."""
    out = []
    for path in sorted(folder.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    text = MARKUP.sub(r"\1", line[2:])
                    out.append((block["intent"], key(text)))
    return out


def domain_intents() -> list:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]


@pytest.fixture(scope="module")
def heldout(trained_model):
    return evaluate(trained_model)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heldout_intent_accuracy(heldout, lang):
    result = heldout[lang]
    assert result["examples"] >= 150
    assert result["accuracy"] >= THRESHOLDS[lang], result["confusions"]


def test_heldout_sets_share_no_sentence_with_training():
    train = {text for _, text in examples(ROOT / "data" / "nlu")}
    test = [text for _, text in examples(ROOT / "tests" / "nlu")]
    assert not train & set(test)
    assert len(test) == len(set(test))


@pytest.mark.parametrize("lang, minimum", [("zh", 25), ("en", 12)])
def test_every_question_intent_has_enough_examples(lang, minimum):
    counts = Counter(intent for intent, _ in examples(ROOT / "data" / "nlu" / lang))
    for intent in domain_intents():
        if intent.startswith("ask_") or intent == "out_of_scope":
            assert counts[intent] >= minimum, (lang, intent, counts[intent])


@pytest.mark.slow
def test_entities_are_extracted_and_normalised(trained_model, use_kb):
    from rasa.core.agent import Agent

    from knowledge.query import resolve_region, resolve_term

    agent = Agent.load(trained_model)

    def entities(text):
        result = asyncio.run(agent.parse_message(text))
        return {(e["entity"], e["value"]) for e in result["entities"]}

    for text in ("我在深圳市交社保", "深圳灵活就业要交多少", "how much in Shenzhen"):
        values = [v for name, v in entities(text) if name == "region"]
        assert values and resolve_region(values[0]).id == "shenzhen", (text, values)
    found = entities("个体户在杭州交医保")
    assert ("scheme", "个体户") in found and ("insurance_type", "医保") in found
    assert resolve_term("insurance_type", "医保").id == "medical"
    assert ("article", "第58条") in entities("社会保险法第58条说什么")
    assert any(name == "article" for name, _ in entities("what does Art. 12 say"))

    typed = "我是靈活就業，在深圳每個月繳多少？"  # Traditional characters and full-width punctuation
    result = asyncio.run(agent.parse_message(typed))
    assert result["text"] == typed  # the parse result carries what the user typed
    spans = {e["entity"]: (e["value"], typed[e["start"] : e["end"]]) for e in result["entities"]}
    assert spans["scheme"] == ("灵活就业", "靈活就業")  # value normalised, offsets into the typed text
    assert spans["region"] == ("深圳", "深圳")
    assert (
        result["intent"]["name"] == asyncio.run(agent.parse_message("我是灵活就业在深圳每个月缴多少"))["intent"]["name"]
    )


def test_training_data_validates():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "data", "validate", "--fail-on-warnings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
