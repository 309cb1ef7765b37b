"""The review list's items: conversations that need a human look (fell back, a declined "did you
mean", negative feedback, a hand-off request), kept per period in an index that reads only what is
new; the 'handled' marks are applied on every read. Feedback and hand-off rows come from the
project database (bot.store); every text shown passes bot.privacy.mask_text.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Optional

from sqlalchemy import JSON, and_, case, cast, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from bot.privacy import mask_text
from bot.staff.review.rows import (
    MAX_EVENTS,
    SMALL_TALK,
    Period,
    epoch,
    events_table,
    tracker_engine,
    tracker_url,
    utc,
)
from bot.store.db import database_url as app_database_url
from bot.store.db import session as app_session
from bot.store.models import Feedback, HandoffRequest, ReviewMark


@dataclass
class ReviewItem:
    conversation_id: str
    reason: str
    at: dt.datetime  # latest occurrence, naive UTC
    count: int
    text: str  # masked
    intent: Optional[str]
    confidence: Optional[float]
    best_guess: Optional[str] = None
    best_guess_confidence: Optional[float] = None
    handled_by: Optional[str] = None
    handled_at: Optional[dt.datetime] = None
    note: Optional[str] = None
    event_id: Optional[int] = None  # the user event shown (its text and NLU details are read once)

    @property
    def handled(self) -> bool:
        return self.handled_at is not None


LOST, DID_YOU_MEAN = '%"tier": "lost"%', '%"tier": "did_you_mean"%'


def _review_events(period: Period, after: int, upto: int):
    """User events of the period (no text: id, sender, intent, time) and the clarification tier of
    bot replies, with ids in (after, upto], in order. The review is worked out from these small rows
    and only the texts it shows are read: the database does the filtering."""
    data = events_table.c.data
    tier = case((data.like(LOST), "lost"), (data.like(DID_YOU_MEAN), "did_you_mean"), else_=None)
    statement = (
        select(
            events_table.c.id,
            events_table.c.sender_id,
            events_table.c.type_name,
            events_table.c.intent_name,
            events_table.c.timestamp,
            tier.label("tier"),
        )
        .where(
            events_table.c.id > after,
            events_table.c.id <= upto,
            events_table.c.timestamp >= epoch(period.start),
            events_table.c.timestamp < epoch(period.end),
            or_(
                events_table.c.type_name == "user",
                and_(events_table.c.type_name == "bot", or_(data.like(LOST), data.like(DID_YOU_MEAN))),
            ),
        )
        .order_by(events_table.c.id)
        .limit(MAX_EVENTS)
    )
    with tracker_engine(tracker_url()).connect() as connection:
        return connection.execute(statement).all()


def _last_event_id() -> int:
    try:
        with tracker_engine(tracker_url()).connect() as connection:
            return connection.execute(select(func.max(events_table.c.id))).scalar() or 0
    except SQLAlchemyError:  # no tracker store yet (nobody has talked to the bot) or unreachable
        return 0


_DETAILS = (
    "text",
    "parse_data.intent.name",
    "parse_data.intent.confidence",
    "parse_data.intent_ranking[0].name",
    "parse_data.intent_ranking[0].confidence",
    "parse_data.intent_ranking[1].name",
    "parse_data.intent_ranking[1].confidence",
)


def _json_fields(dialect: str) -> list:
    """The _DETAILS of an event's JSON, extracted by the database itself (no blob reaches Python)."""
    data = events_table.c.data
    if dialect == "sqlite":
        return [func.json_extract(data, "$." + path) for path in _DETAILS]
    steps = [[int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", path) if p] for path in _DETAILS]
    return [
        cast(data, JSON)[tuple(step)].astext if len(step) > 1 else cast(data, JSON)[step[0]].astext for step in steps
    ]


def _user_details(ids) -> dict:
    """event id -> (text, intent, confidence, best guess, its confidence) for the user events shown."""
    found = {}
    ids = sorted(set(i for i in ids if i))
    try:
        engine = tracker_engine(tracker_url())
        fields = _json_fields(engine.dialect.name)
        with engine.connect() as connection:
            for start in range(0, len(ids), 900):
                rows = connection.execute(
                    select(events_table.c.id, *fields).where(events_table.c.id.in_(ids[start : start + 900]))
                ).all()
                for event_id, text, intent, confidence, first, first_conf, second, second_conf in rows:
                    guess, guess_conf = (second, second_conf) if first == "nlu_fallback" else (first, first_conf)
                    found[event_id] = (str(text or ""), intent, _number(confidence), guess, _number(guess_conf))
    except SQLAlchemyError:
        pass
    return found


def _number(value) -> Optional[float]:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


class _ReviewIndex:
    """Everything the review lists for one period, kept up to date incrementally.

    Events, feedback and hand-off rows are only ever added, so each read fetches what is new since
    the last one (by id) and works out again only the conversations it touched; the texts shown
    are read and masked once. The 'handled' marks are read every time. An index older than
    INDEX_MAX_AGE is rebuilt (retention may have deleted conversations meanwhile).
    """

    def __init__(self, period: Period):
        self.period, self.built = period, time.monotonic()
        self.last_event = self.last_feedback = self.last_handoff = 0
        self.turns = defaultdict(list)  # sender -> [[user row, tier of the reply]]
        self.found = {}  # sender -> [(reason, at, event id)] from the tracker store
        self.rows = []  # (conversation id, reason, at, masked note) from the project tables
        self.details = {}  # event id -> (masked text, intent, confidence, best guess, its confidence)
        self.lock = threading.Lock()
        self._items = None  # the assembled list, until something new arrives

    def refresh(self) -> None:
        upto = _last_event_id()
        changed = set()
        rows_before = len(self.rows)
        if upto > self.last_event:
            for row in _review_events(self.period, self.last_event, upto):
                turns = self.turns[row.sender_id]
                if row.type_name == "user":
                    turns.append([row, None])
                elif turns:
                    turns[-1][1] = turns[-1][1] or row.tier
                changed.add(row.sender_id)
            self.last_event = upto
        for cid in changed:
            self.found[cid] = _tracker_reasons(self.turns[cid])
        self._read_rows()
        missing = [event for found in self.found.values() for _, _, event in found if event not in self.details]
        missing += [event for _, _, _, _, event in self.rows if event and event not in self.details]
        for event, (text, *rest) in _user_details(missing).items():
            self.details[event] = (mask_text(text), *rest)
        if changed or missing or len(self.rows) != rows_before:
            self._items = None

    def _read_rows(self) -> None:
        period = self.period
        with app_session() as s:
            feedback = s.execute(
                select(Feedback.id, Feedback.conversation_id, Feedback.created_at, Feedback.comment, Feedback.topic)
                .where(
                    Feedback.id > self.last_feedback,
                    Feedback.helpful.is_(False),
                    Feedback.created_at >= period.start,
                    Feedback.created_at < period.end,
                )
                .order_by(Feedback.id)
            ).all()
            handoffs = s.execute(
                select(
                    HandoffRequest.id, HandoffRequest.conversation_id, HandoffRequest.created_at, HandoffRequest.note
                )
                .where(
                    HandoffRequest.id > self.last_handoff,
                    HandoffRequest.created_at >= period.start,
                    HandoffRequest.created_at < period.end,
                )
                .order_by(HandoffRequest.id)
            ).all()
            self.last_feedback = max(
                [self.last_feedback] + [row.id for row in feedback] + [s.scalar(select(func.max(Feedback.id))) or 0]
            )
            self.last_handoff = max(
                [self.last_handoff]
                + [row.id for row in handoffs]
                + [s.scalar(select(func.max(HandoffRequest.id))) or 0]
            )
        for row in feedback:
            self.rows.append(
                (
                    row.conversation_id,
                    "negative_feedback",
                    row.created_at,
                    mask_text(row.comment or row.topic or "") or None,
                    _question_before(self.turns.get(row.conversation_id, ()), row.created_at),
                )
            )
        for row in handoffs:
            self.rows.append(
                (
                    row.conversation_id,
                    "handoff",
                    row.created_at,
                    mask_text(row.note or "") or None,
                    _question_before(self.turns.get(row.conversation_id, ()), row.created_at),
                )
            )

    def items(self) -> list:
        """Every item of the period, newest first, without the 'handled' marks (do not change them)."""
        if self._items is None:
            self._items = self._assemble()
        return self._items

    def _assemble(self) -> list:
        items, notes = {}, {}

        def add(cid, why, at, event):
            key = (cid, why)
            item = items.get(key)
            if item is None:
                item = items[key] = ReviewItem(cid, why, at, 0, "", None, None)
            item.count += 1
            if at >= item.at or item.event_id is None:
                item.at, item.event_id = max(item.at, at), event or item.event_id

        for cid, found in self.found.items():
            for why, at, event in found:
                add(cid, why, at, event)
        for cid, why, at, note, event in self.rows:
            tracked = items.get((cid, why))
            if why == "handoff" and tracked is not None and abs((tracked.at - at).total_seconds()) < 120:
                continue  # the request_human turn that recorded this row
            add(cid, why, at, event)
            if note:
                notes[(cid, why)] = note
        for key, item in items.items():
            text, intent, confidence, guess, guess_confidence = self.details.get(
                item.event_id, ("", None, None, None, None)
            )
            item.text = notes.get(key) or text  # what the citizen wrote with the request, else the question
            item.intent, item.confidence, item.best_guess, item.best_guess_confidence = (
                intent,
                confidence,
                guess,
                guess_confidence,
            )
        return sorted(items.values(), key=lambda it: (it.at, it.conversation_id), reverse=True)


INDEX_MAX_AGE = 600.0  # seconds
_indexes: dict = {}  # (tracker, project db, period) -> _ReviewIndex
_indexes_lock = threading.Lock()


def _tracker_reasons(turns: list) -> list:
    """(reason, at, the user event to show) of one conversation's turns."""
    found = []
    for i, (user, tier) in enumerate(turns):
        at = utc(user.timestamp)
        if user.intent_name == "nlu_fallback" or tier == "lost":
            found.append(("fallback", at, user.id))
        if user.intent_name == "deny" and i > 0 and turns[i - 1][1] == "did_you_mean":
            found.append(("declined", at, turns[i - 1][0].id))
        if user.intent_name == "request_human":
            found.append(("handoff", at, user.id))
    return found


def _question_before(turns, moment: dt.datetime) -> Optional[int]:
    """The user event of a conversation's last real question before a feedback or hand-off row."""
    limit = epoch(moment) + 5
    found = None
    for user, _ in turns:
        if (
            user.timestamp <= limit
            and user.intent_name not in SMALL_TALK
            and user.intent_name != "request_human"
            and not str(user.intent_name or "").startswith("/")
        ):
            found = user.id
    return found


def _index(period: Period) -> _ReviewIndex:
    key = (tracker_url(), app_database_url(), period)
    with _indexes_lock:
        index = _indexes.get(key)
        if index is None or time.monotonic() - index.built > INDEX_MAX_AGE:
            if len(_indexes) > 16:
                _indexes.clear()
            index = _indexes[key] = _ReviewIndex(period)
    return index


def review_items(period: Period, reason: str = None, status: str = "open") -> list:
    """Conversations that need a human look, newest first; status open | handled | all."""
    index = _index(period)
    with index.lock:
        try:
            index.refresh()
        except SQLAlchemyError:  # the tracker store is unreachable: what was read stays shown
            pass
        items = [it for it in index.items() if reason in (None, "", it.reason)]
    latest = {}
    with app_session() as s:
        marks = s.execute(
            select(
                ReviewMark.conversation_id,
                ReviewMark.reason,
                ReviewMark.handled_by,
                ReviewMark.handled_at,
                ReviewMark.note,
            )
            .where(ReviewMark.handled_at >= period.start)
            .order_by(ReviewMark.handled_at)
        ).all()
    for cid, why, by, at, note in marks:
        latest[(cid, why)] = (by, at, note)
    shown = []
    for it in items:
        mark = latest.get((it.conversation_id, it.reason))
        if mark and mark[1] >= it.at:  # a mark older than the latest occurrence does not cover it
            it = replace(it, handled_by=mark[0], handled_at=mark[1], note=mask_text(mark[2]))
        if status == "all" or (status == "handled") == it.handled:
            shown.append(it)
    return shown
