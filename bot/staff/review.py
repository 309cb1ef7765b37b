"""What the bot missed: review lists, transcripts, period counts and the unanswered phrasings.

Conversations are read from Rasa's SQL tracker store (table `events`: id, sender_id, type_name,
timestamp, intent_name, action_name, data JSON) — TRACKER_DATABASE_URL, or the SQLite file named in
endpoints.yml (build/tracker.db for `make run`). Feedback, hand-off requests and the 'handled' marks
come from the project database (bot.store). Every text shown or exported passes through
bot.privacy.mask_text, even though feedback and hand-off notes were masked when stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from sqlalchemy import (
    JSON,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    cast,
    create_engine,
    func,
    or_,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from assistant import staffed_hours
from bot.privacy import mask_text
from bot.staff import labels
from bot.store.db import database_url as app_database_url
from bot.store.db import session as app_session
from bot.store.models import Feedback, HandoffRequest, ReviewMark, utcnow
from presentation.payload import Payload
from settings import PROJECT_ROOT

REASONS = labels.pairs("staff_reason_")
SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge"}
# Replies that answer a question: from the knowledge base, or a calculator's result or question.
ANSWER_KINDS = {"answer", "articles", "calculation", "question"}
IGNORED_ACTIONS = {"action_listen", "action_extract_slots", "action_session_start", None}
MAX_EVENTS = 200_000  # events read for one period; older periods are read in parts
MAX_TRANSCRIPT_EVENTS = 2_000

events_table = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


# ---------------------------------------------------------------- where things are


def tracker_url() -> str:
    """TRACKER_DATABASE_URL, else the SQLite tracker store of endpoints.yml, else build/tracker.db."""
    url = os.environ.get("TRACKER_DATABASE_URL")
    if url:
        return url
    default = f"sqlite:///{PROJECT_ROOT / 'build' / 'tracker.db'}"
    try:
        config = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return default
    store = config.get("tracker_store") or {}
    db = str(store.get("db") or "")
    kind = str(store.get("type", ""))  # "SQL" or a subclass such as bot.store.tracker_store.MaskingSQLTrackerStore
    if "sql" in kind.lower() and store.get("dialect", "sqlite") == "sqlite" and db and "${" not in db:
        path = Path(db)
        return f"sqlite:///{path if path.is_absolute() else PROJECT_ROOT / path}"
    return default


@lru_cache(maxsize=8)
def _engine(url: str):
    return create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))


def local_time(value) -> str:
    """A UTC timestamp (unix float or naive UTC datetime) as local 'YYYY-MM-DD HH:MM'."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        moment = dt.datetime.fromtimestamp(value, dt.timezone.utc)
    else:
        moment = value.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(staffed_hours.timezone()).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC, from local calendar dates (both inclusive)."""

    first_day: dt.date
    last_day: dt.date

    @classmethod
    def parse(cls, start: str = None, end: str = None, default_days: int = 7) -> "Period":
        """Raises ValueError on malformed dates or a reversed or over-long range."""
        today = dt.datetime.now(staffed_hours.timezone()).date()
        last = dt.date.fromisoformat(end.strip()) if end and end.strip() else today
        first = (
            dt.date.fromisoformat(start.strip())
            if start and start.strip()
            else last - dt.timedelta(days=default_days - 1)
        )
        if first > last:
            raise ValueError("the period starts after it ends")
        if (last - first).days > 3660:
            raise ValueError("the period is longer than ten years")
        return cls(first, last)

    @property
    def start(self) -> dt.datetime:  # naive UTC
        local = dt.datetime.combine(self.first_day, dt.time.min, staffed_hours.timezone())
        return local.astimezone(dt.timezone.utc).replace(tzinfo=None)

    @property
    def end(self) -> dt.datetime:
        local = dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time.min, staffed_hours.timezone())
        return local.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def days(self) -> list:
        return [self.first_day + dt.timedelta(days=i) for i in range((self.last_day - self.first_day).days + 1)]

    def contains(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end


def _epoch(moment: dt.datetime) -> float:
    return moment.replace(tzinfo=dt.timezone.utc).timestamp()


def _utc(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp or 0, dt.timezone.utc).replace(tzinfo=None)


# ---------------------------------------------------------------- reading conversations


@dataclass
class Turn:
    conversation_id: str
    at: float
    text: str
    intent: Optional[str]
    confidence: Optional[float]
    best_guess: Optional[str] = None
    best_guess_confidence: Optional[float] = None
    channel: Optional[str] = None
    actions: list = field(default_factory=list)
    messages: list = field(default_factory=list)  # the bot's replies: (text, custom payload or {})
    outcome: str = ""

    @property
    def customs(self) -> list:
        return [custom for _, custom in self.messages if custom]

    @property
    def payloads(self) -> list:
        return [p for p in map(Payload.from_dict, self.customs) if p is not None]

    @property
    def is_payload(self) -> bool:
        return self.text.startswith("/")

    @property
    def is_question(self) -> bool:
        return not self.is_payload and self.intent not in SMALL_TALK and self.text.strip() != ""

    @property
    def tier(self) -> Optional[str]:
        return next((p.tier for p in self.payloads if p.tier), None)

    @property
    def answered(self) -> bool:
        return self.topic is not None

    @property
    def topic(self) -> Optional[str]:
        """The topic the bot answered: from the knowledge base, or a calculator."""
        for payload in self.payloads:
            if payload.kind in ANSWER_KINDS and payload.topic and (payload.in_kb or payload.kind != "answer"):
                return payload.topic
        return None

    @property
    def region(self) -> Optional[str]:
        return next((p.region for p in self.payloads if p.region), None)

    @property
    def handoff(self) -> bool:
        return self.intent == "request_human" or "action_handoff" in self.actions


def _load(data: str) -> dict:
    try:
        loaded = json.loads(data or "{}")
        return loaded if isinstance(loaded, dict) else {}
    except (TypeError, ValueError):
        return {}


def _turns(rows) -> dict:
    """conversation id -> [Turn] from event rows ordered by id."""
    conversations = defaultdict(list)
    for row in rows:
        turns = conversations[row.sender_id]
        if row.type_name == "user":
            data = _load(row.data)
            parse = data.get("parse_data") or {}
            intent = parse.get("intent") or {}
            ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
            best = ranking[0] if ranking else {}
            turns.append(
                Turn(
                    conversation_id=row.sender_id,
                    at=row.timestamp or data.get("timestamp") or 0,
                    text=str(data.get("text") or ""),
                    intent=intent.get("name") or row.intent_name,
                    confidence=intent.get("confidence"),
                    best_guess=best.get("name"),
                    best_guess_confidence=best.get("confidence"),
                    channel=data.get("input_channel"),
                )
            )
        elif not turns:
            continue
        elif row.type_name == "action":
            if row.action_name not in IGNORED_ACTIONS:
                turns[-1].actions.append(row.action_name)
        elif row.type_name == "bot":
            data = _load(row.data)
            custom = (data.get("data") or {}).get("custom")
            turns[-1].messages.append((str(data.get("text") or ""), custom if isinstance(custom, dict) else {}))
    for turns in conversations.values():
        _classify(turns)
    return conversations


def _classify(turns: list) -> None:
    """Set each question's outcome: answered, clarified, declined, unresolved, lost, handoff, ..."""
    for i, turn in enumerate(turns):
        nxt = turns[i + 1] if i + 1 < len(turns) else None
        prev = turns[i - 1] if i > 0 else None
        if turn.intent == "deny" and prev is not None and prev.tier == "did_you_mean":
            turn.outcome = "declined_reply"
        elif not turn.is_question:
            turn.outcome = "payload" if turn.is_payload else "small_talk"
        elif turn.answered:
            turn.outcome = "answered"
        elif turn.tier == "did_you_mean":
            if nxt is not None and nxt.is_payload and nxt.answered:
                turn.outcome = "clarified"
            elif nxt is not None and nxt.intent == "deny":
                turn.outcome = "declined"
            else:
                turn.outcome = "unresolved"
        elif turn.tier == "lost" or turn.intent == "nlu_fallback" or "action_clarify" in turn.actions:
            turn.outcome = "lost"
        elif turn.handoff:
            turn.outcome = "handoff"
        elif turn.intent == "out_of_scope":
            turn.outcome = "out_of_scope"
        else:
            turn.outcome = "other"


FELL_BACK = ("lost", "declined", "unresolved")


def _tracker_rows(where, limit: int):
    url = tracker_url()
    statement = (
        select(events_table)
        .where(events_table.c.type_name.in_(("user", "bot", "action")), *where)
        .order_by(events_table.c.id)
        .limit(limit)
    )
    try:
        with _engine(url).connect() as connection:
            return connection.execute(statement).all()
    except SQLAlchemyError:  # no tracker store yet (nobody has talked to the bot) or unreachable
        return []


def period_turns(period: Period) -> dict:
    return _turns(
        _tracker_rows(
            [events_table.c.timestamp >= _epoch(period.start), events_table.c.timestamp < _epoch(period.end)],
            MAX_EVENTS,
        )
    )


def conversation_turns(conversation_id: str) -> list:
    rows = _tracker_rows([events_table.c.sender_id == conversation_id], MAX_TRANSCRIPT_EVENTS)
    return _turns(rows).get(conversation_id, [])


# ---------------------------------------------------------------- review lists


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
            events_table.c.timestamp >= _epoch(period.start),
            events_table.c.timestamp < _epoch(period.end),
            or_(
                events_table.c.type_name == "user",
                and_(events_table.c.type_name == "bot", or_(data.like(LOST), data.like(DID_YOU_MEAN))),
            ),
        )
        .order_by(events_table.c.id)
        .limit(MAX_EVENTS)
    )
    with _engine(tracker_url()).connect() as connection:
        return connection.execute(statement).all()


def _last_event_id() -> int:
    try:
        with _engine(tracker_url()).connect() as connection:
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
        engine = _engine(tracker_url())
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
        at = _utc(user.timestamp)
        if user.intent_name == "nlu_fallback" or tier == "lost":
            found.append(("fallback", at, user.id))
        if user.intent_name == "deny" and i > 0 and turns[i - 1][1] == "did_you_mean":
            found.append(("declined", at, turns[i - 1][0].id))
        if user.intent_name == "request_human":
            found.append(("handoff", at, user.id))
    return found


def _question_before(turns, moment: dt.datetime) -> Optional[int]:
    """The user event of a conversation's last real question before a feedback or hand-off row."""
    limit = _epoch(moment) + 5
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


@dataclass
class ReviewGroup:
    """The conversations of one reason in which people wrote the same thing."""

    reason: str
    text: str
    items: list = field(default_factory=list)  # ReviewItem, newest first

    @property
    def at(self) -> dt.datetime:
        return self.items[0].at

    @property
    def count(self) -> int:
        return sum(it.count for it in self.items)

    @property
    def open_items(self) -> list:
        return [it for it in self.items if not it.handled]

    @property
    def handled(self) -> bool:
        return not self.open_items

    @property
    def first(self) -> ReviewItem:
        return self.items[0]

    @property
    def key(self) -> str:
        """Identifies the group in a bulk 'mark handled' form."""
        return self.reason + ":" + "|".join(it.conversation_id for it in self.open_items or self.items)


@lru_cache(maxsize=65536)
def phrasing_key(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def review_groups(items: list) -> list:
    """Items grouped by reason and identical phrasing (whitespace and case aside), newest first."""
    groups = {}
    for it in items:
        key = (it.reason, phrasing_key(it.text))
        if key not in groups:
            groups[key] = ReviewGroup(it.reason, it.text)
        groups[key].items.append(it)
    return sorted(groups.values(), key=lambda g: (g.at, g.reason), reverse=True)


def review_counts(items: list) -> dict:
    """reason -> (conversations, phrasings): what the review tabs list, for the review page and the stats."""
    counts = {r: [0, set()] for r in REASONS}
    for it in items:
        counts[it.reason][0] += 1
        counts[it.reason][1].add(phrasing_key(it.text))
    return {r: (n, len(texts)) for r, (n, texts) in counts.items()}


PAGE_SIZE = 50


@dataclass
class ReviewPage:
    groups: list  # ReviewGroup of this page
    number: int
    pages: int
    total_groups: int
    total_items: int
    counts: dict  # reason -> open conversations (the tabs)
    phrasings: dict  # reason -> open phrasings


def group_id(group: "ReviewGroup") -> str:
    """A short, stable name of a group for the bulk form: its reason and a hash of its phrasing."""
    import hashlib

    digest = hashlib.sha256(phrasing_key(group.text).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{group.reason}:{digest}"


def review_page(
    period: Period, reason: str = None, status: str = "open", number: int = 1, size: int = PAGE_SIZE
) -> ReviewPage:
    """One page of the review list: groups of identical phrasing, newest first."""
    everything = review_items(period, None, "all")
    open_items = [it for it in everything if not it.handled]
    counts = review_counts(open_items)
    chosen = [
        it
        for it in everything
        if (not reason or it.reason == reason) and (status == "all" or (status == "handled") == it.handled)
    ]
    groups = review_groups(chosen)
    pages = max(1, -(-len(groups) // size))
    number = min(max(1, number), pages)
    return ReviewPage(
        groups[(number - 1) * size : number * size],
        number,
        pages,
        len(groups),
        len(chosen),
        {r: n for r, (n, _) in counts.items()},
        {r: p for r, (_, p) in counts.items()},
    )


def mark_groups(period: Period, chosen: list, staff_name: str, note: str = None) -> int:
    """Mark the open conversations of the chosen groups (group_id) handled; returns how many."""
    wanted = set(chosen)
    targets = [
        (it.conversation_id, it.reason)
        for group in review_groups(review_items(period, None, "open"))
        if group_id(group) in wanted
        for it in group.items
    ]
    with app_session() as s:
        now = utcnow()
        s.add_all(
            [
                ReviewMark(
                    conversation_id=cid[:128],
                    reason=why,
                    handled_by=staff_name[:64],
                    handled_at=now,
                    note=mask_text((note or "").strip()[:1000]) or None,
                )
                for cid, why in targets
            ]
        )
    return len(targets)


def mark_handled(conversation_id: str, reason: str, staff_name: str, note: str = None) -> int:
    if reason not in REASONS:
        raise ValueError(f"unknown reason: {reason}")
    if not conversation_id or len(conversation_id) > 128:
        raise ValueError("conversation id must be 1–128 characters")
    with app_session() as s:
        mark = ReviewMark(
            conversation_id=conversation_id,
            reason=reason,
            handled_by=staff_name[:64],
            handled_at=utcnow(),
            note=mask_text((note or "").strip()[:1000]) or None,
        )
        s.add(mark)
        s.flush()
        return mark.id


def marks_for(conversation_id: str) -> list:
    with app_session() as s:
        rows = s.scalars(
            select(ReviewMark).where(ReviewMark.conversation_id == conversation_id).order_by(ReviewMark.handled_at)
        ).all()
        return [
            {"reason": m.reason, "handled_by": m.handled_by, "handled_at": m.handled_at, "note": mask_text(m.note)}
            for m in rows
        ]


# ---------------------------------------------------------------- transcript


@dataclass
class Line:
    at: float
    who: str  # user | bot
    text: str  # masked
    intent: Optional[str] = None
    confidence: Optional[float] = None
    best_guess: Optional[str] = None
    best_guess_confidence: Optional[float] = None
    actions: tuple = ()
    tier: Optional[str] = None
    topic: Optional[str] = None
    outcome: Optional[str] = None


def transcript(conversation_id: str) -> list:
    lines = []
    for turn in conversation_turns(conversation_id):
        lines.append(
            Line(
                turn.at,
                "user",
                mask_text(turn.text),
                turn.intent,
                turn.confidence,
                turn.best_guess,
                turn.best_guess_confidence,
                tuple(turn.actions),
                outcome=turn.outcome,
            )
        )
        for reply, custom in turn.messages:
            if reply or custom:
                payload = Payload.from_dict(custom)
                lines.append(
                    Line(
                        turn.at,
                        "bot",
                        mask_text(reply),
                        tier=payload.tier if payload else None,
                        topic=payload.topic if payload else None,
                    )
                )
    return lines


# ---------------------------------------------------------------- counts


@dataclass
class Stats:
    period: Period
    asked: int = 0
    answered: int = 0
    clarified: int = 0
    fell_back: int = 0
    out_of_scope: int = 0
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
        for _i, turn in enumerate(turns):
            bucket = daily.get(_day(turn.at))
            if turn.is_question:
                result.asked += 1
                if bucket:
                    bucket[0] += 1
            if turn.outcome in ("answered", "clarified"):
                result.answered += 1
                result.clarified += turn.outcome == "clarified"
                if bucket:
                    bucket[1] += 1
            elif turn.outcome in FELL_BACK:
                result.fell_back += 1
                if bucket:
                    bucket[2] += 1
            elif turn.outcome == "out_of_scope":
                result.out_of_scope += 1
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


# ---------------------------------------------------------------- export for trainers


def export_yaml(phrasings: list, period: Period) -> str:
    """Rasa NLU training-data YAML: one TODO intent per best guess, examples to be sorted by a trainer."""
    groups = defaultdict(list)
    for p in phrasings:
        groups[p.best_guess or "unknown"].append(p)
    lines = [
        "# Unanswered phrasings from the staff console, "
        f"{period.first_day.isoformat()} to {period.last_day.isoformat()} (personal numbers masked).",
        "# Each TODO intent groups the phrasings by the model's best guess. Move every example to the",
        "# right data/nlu/<lang>/<intent>.yml (or drop it), then delete this file: TODO intents must",
        "# not be trained.",
        'version: "3.1"',
        "nlu:",
    ]
    for guess in sorted(groups, key=lambda g: (g == "unknown", g)):
        items = groups[guess]
        name = re.sub(r"[^A-Za-z0-9_]", "_", f"TODO_{guess}")
        lines.append(f"- intent: {name}  # best guess {guess}, {sum(p.count for p in items)} time(s)")
        lines.append("  examples: |")
        for p in items:
            text = re.sub(r"[\r\n]+", " ", p.text).strip()
            lines.append(f"    - {text}")
    out = "\n".join(lines) + "\n"
    yaml.safe_load(out)  # always valid YAML
    return out


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def export_csv(phrasings: list) -> str:
    """CSV (UTF-8 with BOM, for spreadsheet programs); cells never start as formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["text", "count", "conversations", "best_guess", "best_guess_confidence", "first_seen", "last_seen", "intent"]
    )
    for p in phrasings:
        text = "'" + p.text if _FORMULA.match(p.text) else p.text
        writer.writerow(
            [
                text,
                p.count,
                p.conversations,
                p.best_guess or "",
                "" if p.best_guess_confidence is None else f"{p.best_guess_confidence:.3f}",
                local_time(p.first_at),
                local_time(p.last_at),
                "TODO",
            ]
        )
    return "\ufeff" + buffer.getvalue()
