"""The small hand-written evaluation sets in eval/ (our own wording, never trained on).

- two_questions.yml: two questions in one message. `primary` is right when the final intent is one
  of the two; `both` when, for two different intents, the primary is one and `second_question`
  (bot/nlp/ensemble.py) is the other.
- repairs.yml: corrections ('不对，我是在重庆') must parse as `inform` with the right canonical
  entities; questions that name a place must keep their question intent (no fallback).
- out_of_scope.yml: really out-of-scope requests must end as out_of_scope or 'lost' (the fallback
  with no button to offer), never as a topic answer or a did-you-mean.
"""

from pathlib import Path

import yaml

from bot.nlp.ensemble import SECOND_QUESTION
from offline.real_eval import FALLBACK, outcome
from settings import PROJECT_ROOT

EVAL = PROJECT_ROOT / "eval"


def two_questions(parse, folder: Path = EVAL) -> dict:
    data = yaml.safe_load((folder / "two_questions.yml").read_text(encoding="utf-8"))
    out = {}
    for lang, items in data.items():
        distinct = primary = both = 0
        for item in items:
            result = parse(item["text"])
            final, wanted = result["intent"]["name"], list(item["intents"])
            primary += final in wanted
            if wanted[0] != wanted[1]:
                distinct += 1
                second = (result.get(SECOND_QUESTION) or {}).get("intent")
                both += final in wanted and second in wanted and second != final
        out[lang] = {
            "n": len(items),
            "primary": primary / len(items),
            "distinct": distinct,
            "both": both / distinct if distinct else None,
        }
    return out


def second_offered_on_single_questions(parse, texts: list) -> float:
    """How often a one-question message is given a second question anyway."""
    return sum(1 for t in texts if parse(t).get(SECOND_QUESTION)) / len(texts) if texts else 0.0


def _canonical(entity: dict):
    from knowledge.query import resolve_region, resolve_term

    found = (
        resolve_region(entity["value"])
        if entity["entity"] == "region"
        else resolve_term(entity["entity"], entity["value"])
    )
    return found.id if found else None


def repairs(parse, folder: Path = EVAL) -> dict:
    data = yaml.safe_load((folder / "repairs.yml").read_text(encoding="utf-8"))
    right, misses = 0, []
    for item in data["repairs"]:
        result = parse(item["text"])
        found = {(e["entity"], _canonical(e)) for e in result.get("entities") or []}
        ok = result["intent"]["name"] == "inform" and all((k, v) in found for k, v in item["entities"].items())
        right += ok
        if not ok:
            misses.append(f"{item['text']} -> {result['intent']['name']} {sorted(found)}")
    answered, q_misses = 0, []
    for item in data["questions"]:
        final = parse(item["text"])["intent"]["name"]
        answered += final == item["intent"]
        if final != item["intent"]:
            q_misses.append(f"{item['text']} -> {final}")
    return {
        "repairs": right / len(data["repairs"]),
        "repairs_n": len(data["repairs"]),
        "questions": answered / len(data["questions"]),
        "questions_n": len(data["questions"]),
        "misses": misses + q_misses,
    }


def out_of_scope(parse, topics: set, folder: Path = EVAL) -> dict:
    data = yaml.safe_load((folder / "out_of_scope.yml").read_text(encoding="utf-8"))
    texts = [t for items in data.values() for t in items]
    outcomes = [outcome(parse(t), topics) for t in texts]
    handled = [o.final == "out_of_scope" or (o.final == FALLBACK and not o.buttons) for o in outcomes]
    return {
        "n": len(texts),
        "handled": sum(handled) / len(texts),
        "outcomes": outcomes,
        "misses": [
            f"{t} -> {o.final} {list(o.buttons)}" for t, o, ok in zip(texts, outcomes, handled, strict=False) if not ok
        ],
    }
