"""Held-out NLU accuracy per language, from tests/nlu/<lang>/*.yml, with the trained model.

    python -m offline.nlu_eval [--model models/current.tar.gz]

Used by the test suite (with thresholds) and by `make eval` (offline/evaluate.py), which shares one
loaded model (Parser) between this, the real questions and the latency measurement.
"""

import argparse
import asyncio
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path

from settings import PROJECT_ROOT

TEST_DIR = PROJECT_ROOT / "tests" / "nlu"
FALLBACK = "nlu_fallback"


class Parser:
    """The trained model loaded once; `parser(text)` is what POST /model/parse returns for text.

    Every call's wall time is kept in `timings` (seconds), for the parse latency `make eval` prints.
    """

    def __init__(self, model_path: str):
        from rasa.core.agent import Agent
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog

        configure_logging_and_warnings(logging.WARNING)
        configure_structlog(logging.WARNING)  # no debug line per parsed message

        self._loop = asyncio.new_event_loop()
        self._agent = Agent.load(model_path)
        self.timings = []

    def __call__(self, text: str) -> dict:
        start = time.perf_counter()
        result = self._loop.run_until_complete(self._agent.parse_message(text))
        self.timings.append(time.perf_counter() - start)
        return result


def load_examples(lang: str, folder: Path = TEST_DIR) -> list:
    """(text, intent) pairs of the held-out set for one language."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(folder / lang))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


def evaluate(model, langs=("zh", "en")) -> dict:
    """Top-1 intent (before the fallback) per language; model: a path or a Parser."""
    parse = model if callable(model) else Parser(str(model))
    results = {}
    for lang in langs:
        examples = load_examples(lang)
        parsed = [parse(text) for text, _ in examples]
        errors = []
        for (text, gold), result in zip(examples, parsed, strict=False):
            ranking = [r for r in result.get("intent_ranking", []) if r["name"] != FALLBACK]
            predicted = ranking[0]["name"] if ranking else None
            if predicted != gold:
                errors.append(
                    {
                        "text": text,
                        "gold": gold,
                        "predicted": predicted,
                        "confidence": round(ranking[0]["confidence"], 3) if ranking else 0,
                    }
                )
        fallback = sum(1 for r in parsed if r["intent"]["name"] == FALLBACK)
        final_right = sum(1 for (_, gold), r in zip(examples, parsed, strict=False) if r["intent"]["name"] == gold)
        results[lang] = {
            "examples": len(examples),
            "accuracy": round(1 - len(errors) / len(examples), 4),
            "first_try": round(final_right / len(examples), 4),
            "fallback_rate": round(fallback / len(examples), 4),
            "errors": errors,
            "confusions": Counter(f"{e['gold']}->{e['predicted']}" for e in errors).most_common(10),
        }
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = evaluate(args.model)
    for lang, r in results.items():
        print(
            f"{lang}: accuracy {r['accuracy']:.3f} on {r['examples']} held-out examples "
            f"(top-1 before fallback; {r['fallback_rate']:.1%} would get 'did you mean')"
        )
        for confusion, count in r["confusions"]:
            print(f"    {count} × {confusion}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
