"""How the model routes questions real people typed (eval/real_questions), as `make eval` reports it.

A question counts as right at the first try when the FINAL intent, after the fallback tiers
(nlu_fallback counts as wrong), is one of its accepted intents. A `gap:<topic>` label is mapped
to the intent added for it (gap_intents.yml). Two scopes are reported:

- contract: rows whose accepted intents are all contract intents (no gap label) — the headline;
- known: every row with at least one accepted intent the model was trained on.

When the fallback fires, action_clarify offers up to three topics as buttons (actions/clarify.py);
`buttons_right` is the share of those turns whose buttons contain an accepted intent ("lost", with
no buttons, counts as not containing it).

Only the tune part's misses are ever listed: the hold-out part is reported as numbers only.
"""
import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from actions.clarify import MAX_SUGGESTIONS, SUGGEST_THRESHOLD
from knowledge.db import PROJECT_ROOT

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
            rows.append(Row(record["lang"], record["question"], accept,
                            any(label.startswith("gap:") for label in labels)))
    return rows


def outcome(result: dict, topics: set) -> Outcome:
    """What the assistant does with one parse result."""
    ranking = [r for r in result.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    final = (result.get("intent") or {}).get("name") or FALLBACK
    buttons = ()
    if final == FALLBACK:
        buttons = tuple(r["name"] for r in ranking if r["name"] in topics
                        and (r.get("confidence") or 0) >= SUGGEST_THRESHOLD)[:MAX_SUGGESTIONS]
    return Outcome(final, tuple(r["name"] for r in ranking),
                   float((result.get("intent") or {}).get("confidence") or 0), buttons)


def score(pairs: list) -> dict:
    """Numbers for (Row, Outcome) pairs, with the misses (only ever shown for the tune part)."""
    n = len(pairs)
    if not n:
        return {"n": 0}
    right = [o.final in r.accept for r, o in pairs]
    fired = [(r, o) for r, o in pairs if o.final == FALLBACK]
    misses = [{"question": r.question, "accept": "|".join(r.accept), "final": o.final,
               "ranking": list(o.ranking[:3]), "confidence": round(o.confidence, 3), "buttons": list(o.buttons)}
              for (r, o), ok in zip(pairs, right) if not ok]
    return {
        "n": n,
        "first_try": sum(right) / n,
        "top3": sum(any(i in r.accept for i in o.ranking[:3]) for r, o in pairs) / n,
        "fallback": len(fired) / n,
        "lost": sum(1 for _, o in fired if not o.buttons) / n,
        "buttons_right": (sum(any(b in r.accept for b in o.buttons) for r, o in fired) / len(fired)) if fired else None,
        "confusions": Counter(f"{r.accept[0]} -> {o.final}" for (r, o), ok in zip(pairs, right)
                              if not ok).most_common(12),
        "misses": misses,
    }


def evaluate(parse, known_intents: set, topics: set, parts=PARTS, folder: Path = RQ_DIR) -> dict:
    """{part: {lang: {scope: numbers}}}; `parse(text) -> Rasa parse result`. Hold-out: no misses."""
    report = {}
    for part in parts:
        rows = load_rows(part, folder)
        outcomes = [outcome(parse(row.question), topics) for row in rows]
        report[part] = {}
        for lang in ("zh", "en"):
            pairs = [(r, o) for r, o in zip(rows, outcomes) if r.lang == lang]
            scopes = {"contract": [(r, o) for r, o in pairs if not r.gap],
                      "known": [(r, o) for r, o in pairs if set(r.accept) & known_intents]}
            report[part][lang] = {scope: score(p) for scope, p in scopes.items()}
            if part != "tune":
                for numbers in report[part][lang].values():
                    numbers.pop("misses", None)
                    numbers.pop("confusions", None)
    return report
