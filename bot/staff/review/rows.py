"""Reading conversations: Rasa's SQL tracker store (table `events`: id, sender_id, type_name,
timestamp, intent_name, action_name, data JSON) as turns with an outcome each, the review period,
and one conversation's masked transcript.

TRACKER_DATABASE_URL, or the SQLite file named in endpoints.yml (build/tracker.db for `make run`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, select
from sqlalchemy.exc import SQLAlchemyError

import settings
from assistant import staffed_hours
from bot.privacy import mask_text
from bot.staff import labels
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
    url = settings.get().tracker_database_url
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
def tracker_engine(url: str):
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


def epoch(moment: dt.datetime) -> float:
    return moment.replace(tzinfo=dt.timezone.utc).timestamp()


def utc(timestamp: float) -> dt.datetime:
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
        turn.outcome = _outcome(turn, prev, nxt)


def _outcome(turn: Turn, prev: Optional[Turn], nxt: Optional[Turn]) -> str:
    if turn.intent == "deny" and prev is not None and prev.tier == "did_you_mean":
        return "declined_reply"
    if not turn.is_question:
        return "payload" if turn.is_payload else "small_talk"
    if turn.answered:
        return "answered"
    if turn.tier == "did_you_mean":
        if nxt is not None and nxt.is_payload and nxt.answered:
            return "clarified"
        return "declined" if nxt is not None and nxt.intent == "deny" else "unresolved"
    if turn.tier == "lost" or turn.intent == "nlu_fallback" or "action_clarify" in turn.actions:
        return "lost"
    if turn.handoff:
        return "handoff"
    return "out_of_scope" if turn.intent == "out_of_scope" else "other"


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
        with tracker_engine(url).connect() as connection:
            return connection.execute(statement).all()
    except SQLAlchemyError:  # no tracker store yet (nobody has talked to the bot) or unreachable
        return []


def period_turns(period: Period) -> dict:
    return _turns(
        _tracker_rows(
            [events_table.c.timestamp >= epoch(period.start), events_table.c.timestamp < epoch(period.end)],
            MAX_EVENTS,
        )
    )


def conversation_turns(conversation_id: str) -> list:
    rows = _tracker_rows([events_table.c.sender_id == conversation_id], MAX_TRANSCRIPT_EVENTS)
    return _turns(rows).get(conversation_id, [])


def latest_slot(conversation_id: str, name: str) -> tuple:
    """(True, value) of the last time the conversation set the slot (masked as stored), else (False, None)."""
    statement = (
        select(events_table.c.data)
        .where(events_table.c.sender_id == conversation_id, events_table.c.type_name == "slot")
        .order_by(events_table.c.id.desc())
        .limit(MAX_TRANSCRIPT_EVENTS)
    )
    try:
        with tracker_engine(tracker_url()).connect() as connection:
            rows = connection.execute(statement).all()
    except SQLAlchemyError:
        return False, None
    for row in rows:
        data = _load(row.data)
        if data.get("name") == name:
            return True, data.get("value")
    return False, None


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
