"""The statistics page's counts for a period, and the phrasings the assistant could not answer."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import select

from assistant import staffed_hours
from bot.privacy import mask_text
from bot.staff.review.groups import review_counts
from bot.staff.review.items import review_items
from bot.staff.review.rows import FELL_BACK, Period, period_turns
from bot.store.db import session as app_session
from bot.store.models import Feedback


@dataclass
class Stats:
    period: Period
    asked: int = 0
    answered: int = 0
    clarified: int = 0
    fell_back: int = 0
    out_of_scope: int = 0
    asked_for_person: int = 0  # questions that were a request for a person
    other: int = 0  # questions none of the above: named on the page by their intent (other_intents)
    other_intents: Counter = field(default_factory=Counter)
    handoffs: int = 0
    conversations: int = 0
    feedback_total: int = 0
    feedback_helpful: int = 0
    top_topics: list = field(default_factory=list)
    top_regions: list = field(default_factory=list)
    top_unanswered: list = field(default_factory=list)
    daily: list = field(default_factory=list)  # (date, asked, answered, fell back)
    review: dict = field(default_factory=dict)  # reason -> (conversations, phrasings), as the review lists them

    @property
    def feedback_ratio(self) -> Optional[float]:
        return self.feedback_helpful / self.feedback_total if self.feedback_total else None

    @property
    def parts(self) -> list:
        """What became of the questions asked: the parts add up to `asked`."""
        return [
            ("answered", self.answered),
            ("not_answered", self.fell_back),
            ("out_of_scope", self.out_of_scope),
            ("asked_for_person", self.asked_for_person),
            ("other", self.other),
        ]

    @property
    def answer_rate(self) -> Optional[float]:
        return self.answered / self.asked if self.asked else None


@dataclass
class Phrasing:
    text: str  # masked, whitespace collapsed
    count: int
    best_guess: Optional[str]
    best_guess_confidence: Optional[float]
    first_at: float
    last_at: float
    conversations: int


def _day(timestamp: float) -> dt.date:
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).astimezone(staffed_hours.timezone()).date()


def stats(period: Period, top: int = 10) -> Stats:
    result = Stats(period)
    conversations = period_turns(period)
    daily = {day: [0, 0, 0] for day in period.days()}
    topics, regions = Counter(), Counter()
    for turns in conversations.values():
        if any(t.is_question for t in turns):
            result.conversations += 1
        for turn in turns:
            _count(result, turn, daily.get(_day(turn.at)))
            if turn.answered:
                topics[turn.topic] += 1
                if turn.region:
                    regions[turn.region] += 1
    # what the review lists, counted the same way (its 'all' tabs): one per conversation and reason
    result.review = review_counts(review_items(period, None, "all"))
    result.handoffs = result.review["handoff"][0]
    with app_session() as s:
        rows = s.execute(
            select(Feedback.helpful).where(Feedback.created_at >= period.start, Feedback.created_at < period.end)
        ).all()
    result.feedback_total = len(rows)
    result.feedback_helpful = sum(1 for (helpful,) in rows if helpful)
    result.top_topics = topics.most_common(top)
    result.top_regions = regions.most_common(top)
    result.top_unanswered = unanswered(period, conversations)[:top]
    result.daily = [(day, *daily[day]) for day in sorted(daily)]
    return result


def _count(result: Stats, turn, bucket: list) -> None:
    """Count one turn in the period's totals and in its day's [asked, answered, fell back]."""
    bucket = bucket if bucket is not None else [0, 0, 0]
    if turn.is_question:
        result.asked += 1
        bucket[0] += 1
    if turn.outcome in ("answered", "clarified"):
        result.answered += 1
        result.clarified += turn.outcome == "clarified"
        bucket[1] += 1
    elif turn.outcome in FELL_BACK:
        result.fell_back += 1
        bucket[2] += 1
    elif turn.outcome == "out_of_scope":
        result.out_of_scope += 1
    elif turn.outcome == "handoff":
        result.asked_for_person += 1
    elif turn.is_question:
        result.other += 1
        result.other_intents[turn.intent] += 1


# Control characters, lone surrogates, non-characters and Unicode line separators: none belongs
# in a phrasing, and YAML (the export) refuses most of them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def unanswered(period: Period, conversations: dict = None) -> list:
    """The phrasings the bot could not answer in the period, most frequent first (masked)."""
    conversations = conversations if conversations is not None else period_turns(period)
    groups = {}
    for cid, turns in conversations.items():
        for turn in turns:
            if turn.outcome not in FELL_BACK:
                continue
            text = re.sub(r"\s+", " ", _CONTROL.sub(" ", mask_text(turn.text))).strip()[:300]
            if not text:
                continue
            key = text.lower()
            entry = groups.get(key)
            if entry is None:
                groups[key] = entry = {
                    "text": text,
                    "count": 0,
                    "guesses": Counter(),
                    "conf": {},
                    "first": turn.at,
                    "last": turn.at,
                    "cids": set(),
                }
            entry["count"] += 1
            entry["cids"].add(cid)
            entry["first"], entry["last"] = min(entry["first"], turn.at), max(entry["last"], turn.at)
            if turn.best_guess:
                entry["guesses"][turn.best_guess] += 1
                entry["conf"][turn.best_guess] = max(
                    entry["conf"].get(turn.best_guess, 0), turn.best_guess_confidence or 0
                )
    phrasings = []
    for entry in groups.values():
        guess = entry["guesses"].most_common(1)[0][0] if entry["guesses"] else None
        phrasings.append(
            Phrasing(
                entry["text"],
                entry["count"],
                guess,
                entry["conf"].get(guess),
                entry["first"],
                entry["last"],
                len(entry["cids"]),
            )
        )
    return sorted(phrasings, key=lambda p: (-p.count, -p.last_at, p.text))
