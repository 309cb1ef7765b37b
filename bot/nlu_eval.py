"""Held-out NLU accuracy per language, from tests/nlu/<lang>/*.yml, with the trained model.

    python -m bot.nlu_eval [--model models/current.tar.gz]

Used by the test suite (with thresholds) and by `make eval` (alongside Rasa's own reports).
"""
import argparse
import asyncio
import json
import sys
from collections import Counter
from pathlib import Path

from knowledge.db import PROJECT_ROOT

TEST_DIR = PROJECT_ROOT / "tests" / "nlu"


def load_examples(lang: str) -> list:
    """(text, intent) pairs of the held-out set for one language."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(TEST_DIR / lang))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


async def _parse_all(model_path: str, texts_by_lang: dict) -> dict:
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    parsed = {}
    for lang, texts in texts_by_lang.items():
        parsed[lang] = [await agent.parse_message(t) for t in texts]
    return parsed


def evaluate(model_path: str, langs=("zh", "en")) -> dict:
    examples_by_lang = {lang: load_examples(lang) for lang in langs}
    parsed_by_lang = asyncio.run(_parse_all(model_path, {lang: [t for t, _ in ex]
                                                         for lang, ex in examples_by_lang.items()}))
    results = {}
    for lang in langs:
        examples, parsed = examples_by_lang[lang], parsed_by_lang[lang]
        errors = []
        for (text, gold), result in zip(examples, parsed):
            ranking = [r for r in result.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
            predicted = ranking[0]["name"] if ranking else None
            if predicted != gold:
                errors.append({"text": text, "gold": gold, "predicted": predicted,
                               "confidence": round(ranking[0]["confidence"], 3) if ranking else 0})
        fallback = sum(1 for r in parsed if r["intent"]["name"] == "nlu_fallback")
        results[lang] = {"examples": len(examples), "accuracy": round(1 - len(errors) / len(examples), 4),
                         "fallback_rate": round(fallback / len(examples), 4), "errors": errors,
                         "confusions": Counter(f"{e['gold']}->{e['predicted']}" for e in errors).most_common(10)}
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = evaluate(args.model)
    for lang, r in results.items():
        print(f"{lang}: accuracy {r['accuracy']:.3f} on {r['examples']} held-out examples "
              f"(top-1 before fallback; {r['fallback_rate']:.1%} would get 'did you mean')")
        for confusion, count in r["confusions"]:
            print(f"    {count} × {confusion}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
