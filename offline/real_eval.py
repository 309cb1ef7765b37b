"""How the model routes questions real people typed (eval/real_questions), as `make eval` reports it.

A question counts as right at the first try when the FINAL intent, after the fallback tiers
(nlu_fallback counts as wrong), is one of its accepted intents. A `gap:<topic>` label is mapped
to the intent added for it (gap_intents.yml). Two scopes are reported, per language and for both:

- contract: rows whose accepted intents are all contract intents (no gap label);
- all: every row, the gap rows included (issue 14: the share of all questions that land in a topic
  whose answer serves them).

When the fallback fires, action_clarify offers up to three topics as buttons (assistant/answering.py);
`buttons_right` is the share of those turns whose buttons contain an accepted intent ("lost", with
no buttons, counts as not containing it).

Only the tune part's misses are ever listed: the hold-out part is reported as numbers only.
"""

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.answering import MAX_SUGGESTIONS, SUGGEST_THRESHOLD
from settings import PROJECT_ROOT

RQ_DIR = PROJECT_ROOT / "eval" / "real_questions"
PARTS = ("tune", "holdout")
FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class Row:
    lang: str
    question: str
    accept: tuple  # intents whose answer satisfies the asker, after the gap mapping
    gap: bool


@dataclass(frozen=True)
class Outcome:
    final: str
    ranking: tuple  # intent names, best first, without nlu_fallback
    confidence: float
    buttons: tuple  # what a did-you-mean would offer; empty when the question is answered or lost
    scores: tuple = ()  # the confidences of `ranking`, for replaying other fallback thresholds


def gap_intents(path: Path = RQ_DIR / "gap_intents.yml") -> dict:
    """gap topic -> the intent added for it."""
    mapping = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {topic: intent for intent, topics in mapping.items() for topic in (topics or [])}


def load_rows(part: str, folder: Path = RQ_DIR) -> list:
    gaps = gap_intents(folder / "gap_intents.yml")
    rows = []
    with open(folder / f"{part}.tsv", encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            labels = [label.strip() for label in record["accept"].split("|") if label.strip()]
            accept = tuple(gaps.get(label[4:], label) if label.startswith("gap:") else label for label in labels)
            rows.append(
                Row(record["lang"], record["question"], accept, any(label.startswith("gap:") for label in labels))
            )
    return rows


def _buttons(ranking: list, topics: set, suggest: float = SUGGEST_THRESHOLD) -> tuple:
    return tuple(r["name"] for r in ranking if r["name"] in topics and (r.get("confidence") or 0) >= suggest)[
        :MAX_SUGGESTIONS
    ]


def outcome(result: dict, topics: set) -> Outcome:
    """What the assistant does with one parse result."""
    ranking = [r for r in result.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    final = (result.get("intent") or {}).get("name") or FALLBACK
    return Outcome(
        final,
        tuple(r["name"] for r in ranking),
        float((result.get("intent") or {}).get("confidence") or 0),
        _buttons(ranking, topics) if final == FALLBACK else (),
        tuple(float(r.get("confidence") or 0) for r in ranking),
    )


def replay(o: Outcome, threshold: float, ambiguity: float, topics: set, suggest: float = SUGGEST_THRESHOLD) -> Outcome:
    """The outcome had the FallbackClassifier used these thresholds (same rule as Rasa's), and
    action_clarify offered the topics of at least `suggest` confidence."""
    if not o.ranking:
        return o
    top, second = o.scores[0], (o.scores[1] if len(o.scores) > 1 else 0.0)
    if top < threshold or top - second < ambiguity:
        ranking = [{"name": n, "confidence": c} for n, c in zip(o.ranking, o.scores, strict=False)]
        return Outcome(FALLBACK, o.ranking, threshold, _buttons(ranking, topics, suggest), o.scores)
    return Outcome(o.ranking[0], o.ranking, top, (), o.scores)


def score(pairs: list) -> dict:
    """Numbers for (Row, Outcome) pairs, with the misses (only ever shown for the tune part)."""
    n = len(pairs)
    if not n:
        return {"n": 0}
    right = [o.final in r.accept for r, o in pairs]
    fired = [(r, o) for r, o in pairs if o.final == FALLBACK]
    misses = [
        {
            "question": r.question,
            "accept": "|".join(r.accept),
            "final": o.final,
            "ranking": list(o.ranking[:3]),
            "confidence": round(o.confidence, 3),
            "buttons": list(o.buttons),
        }
        for (r, o), ok in zip(pairs, right, strict=False)
        if not ok
    ]
    return {
        "n": n,
        "first_try": sum(right) / n,
        "top3": sum(any(i in r.accept for i in o.ranking[:3]) for r, o in pairs) / n,
        "fallback": len(fired) / n,
        "lost": sum(1 for _, o in fired if not o.buttons) / n,
        "buttons_right": (sum(any(b in r.accept for b in o.buttons) for r, o in fired) / len(fired)) if fired else None,
        "confusions": Counter(
            f"{r.accept[0]} -> {o.final}" for (r, o), ok in zip(pairs, right, strict=False) if not ok
        ).most_common(12),
        "misses": misses,
    }


def parse_parts(parse, topics: set, parts=PARTS, folder: Path = RQ_DIR) -> dict:
    """{part: [(Row, Outcome)]}; `parse(text) -> Rasa parse result`."""
    return {part: [(row, outcome(parse(row.question), topics)) for row in load_rows(part, folder)] for part in parts}


def report(pairs_by_part: dict) -> dict:
    """{part: {lang: {scope: numbers}}}, lang "zh", "en" and "both"; the hold-out part without misses
    or confusions."""
    out = {}
    for part, pairs in pairs_by_part.items():
        out[part] = {}
        for lang in ("zh", "en", "both"):
            mine = [(r, o) for r, o in pairs if lang in (r.lang, "both")]
            scopes = {"contract": [(r, o) for r, o in mine if not r.gap], "all": mine}
            out[part][lang] = {scope: score(p) for scope, p in scopes.items()}
            if part != "tune":
                for numbers in out[part][lang].values():
                    numbers.pop("misses", None)
                    numbers.pop("confusions", None)
    return out
