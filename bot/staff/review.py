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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, select
from sqlalchemy.exc import SQLAlchemyError

from bot.privacy import mask_text
from bot.store.db import session as app_session
from bot.store.models import Feedback, HandoffRequest, ReviewMark, utcnow
from knowledge.db import PROJECT_ROOT
from presentation.payload import Payload

REASONS = {
    "fallback": ("没听懂 / 低置信度", "Fallback / low confidence"),
    "declined": ("拒绝了“您是不是想问”", "Declined “did you mean”"),
    "negative_feedback": ("差评反馈", "Negative feedback"),
    "handoff": ("要求转人工", "Asked for a human"),
}
SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge"}
# Replies that answer a question: from the knowledge base, or a calculator's result or question.
ANSWER_KINDS = {"answer", "articles", "calculation", "question"}
IGNORED_ACTIONS = {"action_listen", "action_extract_slots", "action_session_start", None}
MAX_EVENTS = 200_000  # events read for one period; older periods are read in parts
MAX_TRANSCRIPT_EVENTS = 2_000

events_table = Table(
    "events", MetaData(),
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
    kind = str(store.get("type", ""))  # "SQL" or a subclass such as bot.tracker_store.MaskingSQLTrackerStore
    if "sql" in kind.lower() and store.get("dialect", "sqlite") == "sqlite" and db and "${" not in db:
        path = Path(db)
        return f"sqlite:///{path if path.is_absolute() else PROJECT_ROOT / path}"
    return default


@lru_cache(maxsize=8)
def _engine(url: str):
    return create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))


def _tz():
    name = os.environ.get("STAFF_TIMEZONE", "Asia/Shanghai")
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no tz database: China has one offset all year
        return dt.timezone(dt.timedelta(hours=8), "UTC+08")


def local_time(value) -> str:
    """A UTC timestamp (unix float or naive UTC datetime) as local 'YYYY-MM-DD HH:MM'."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        moment = dt.datetime.fromtimestamp(value, dt.timezone.utc)
    else:
        moment = value.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(_tz()).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC, from local calendar dates (both inclusive)."""

    first_day: dt.date
    last_day: dt.date

    @classmethod
    def parse(cls, start: str = None, end: str = None, default_days: int = 7) -> "Period":
        """Raises ValueError on malformed dates or a reversed or over-long range."""
        today = dt.datetime.now(_tz()).date()
        last = dt.date.fromisoformat(end.strip()) if end and end.strip() else today
        first = dt.date.fromisoformat(start.strip()) if start and start.strip() else last - dt.timedelta(days=default_days - 1)
        if first > last:
            raise ValueError("the period starts after it ends")
        if (last - first).days > 3660:
            raise ValueError("the period is longer than ten years")
        return cls(first, last)

    @property
    def start(self) -> dt.datetime:  # naive UTC
        local = dt.datetime.combine(self.first_day, dt.time.min, _tz())
        return local.astimezone(dt.timezone.utc).replace(tzinfo=None)

    @property
    def end(self) -> dt.datetime:
        local = dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time.min, _tz())
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
            turns.append(Turn(conversation_id=row.sender_id, at=row.timestamp or data.get("timestamp") or 0,
                              text=str(data.get("text") or ""), intent=intent.get("name") or row.intent_name,
                              confidence=intent.get("confidence"), best_guess=best.get("name"),
                              best_guess_confidence=best.get("confidence"), channel=data.get("input_channel")))
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
    statement = (select(events_table).where(events_table.c.type_name.in_(("user", "bot", "action")), *where)
                 .order_by(events_table.c.id).limit(limit))
    try:
        with _engine(url).connect() as connection:
            return connection.execute(statement).all()
    except SQLAlchemyError:  # no tracker store yet (nobody has talked to the bot) or unreachable
        return []


def period_turns(period: Period) -> dict:
    return _turns(_tracker_rows([events_table.c.timestamp >= _epoch(period.start),
                                 events_table.c.timestamp < _epoch(period.end)], MAX_EVENTS))


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

    @property
    def handled(self) -> bool:
        return self.handled_at is not None


def _item(items: dict, conversation_id: str, reason: str, at: dt.datetime, text: str, turn: Turn = None):
    key = (conversation_id, reason)
    existing = items.get(key)
    if existing is None:
        items[key] = existing = ReviewItem(conversation_id, reason, at, 0, "", None, None)
    existing.count += 1
    if at >= existing.at or not existing.text:
        existing.at = max(existing.at, at)
        existing.text = mask_text(text or existing.text or "")
        if turn is not None:
            existing.intent, existing.confidence = turn.intent, turn.confidence
            existing.best_guess, existing.best_guess_confidence = turn.best_guess, turn.best_guess_confidence


def review_items(period: Period, reason: str = None, status: str = "open") -> list:
    """Conversations that need a human look, newest first; status open | handled | all."""
    items = {}
    conversations = period_turns(period)
    for cid, turns in conversations.items():
        for i, turn in enumerate(turns):
            at = _utc(turn.at)
            if turn.intent == "nlu_fallback" or turn.tier == "lost":
                _item(items, cid, "fallback", at, turn.text, turn)
            if turn.outcome == "declined_reply":
                question = turns[i - 1]
                _item(items, cid, "declined", at, question.text, question)
            if turn.intent == "request_human":
                _item(items, cid, "handoff", at, turn.text, turn)
    with app_session() as s:
        feedback = s.scalars(select(Feedback).where(Feedback.helpful.is_(False), Feedback.created_at >= period.start,
                                                    Feedback.created_at < period.end)).all()
        handoffs = s.scalars(select(HandoffRequest).where(HandoffRequest.created_at >= period.start,
                                                          HandoffRequest.created_at < period.end)).all()
        for row in feedback:
            turn = _last_question_before(conversations.get(row.conversation_id)
                                         or conversation_turns(row.conversation_id), row.created_at)
            text = row.comment or (turn.text if turn else "") or (row.topic or "")
            _item(items, row.conversation_id, "negative_feedback", row.created_at, text, turn)
        for row in handoffs:
            key = (row.conversation_id, "handoff")
            if key in items and abs((items[key].at - row.created_at).total_seconds()) < 120:
                continue  # the request_human turn that recorded this row
            turn = _last_question_before(conversations.get(row.conversation_id) or [], row.created_at)
            _item(items, row.conversation_id, "handoff", row.created_at, row.note or (turn.text if turn else ""), turn)
        selected = [it for it in items.values() if reason in (None, "", it.reason)]
        ids = {it.conversation_id for it in selected}
        marks = s.scalars(select(ReviewMark).where(ReviewMark.conversation_id.in_(ids))
                          .order_by(ReviewMark.handled_at)).all() if ids else []
        latest = {}
        for mark in marks:
            latest[(mark.conversation_id, mark.reason)] = (mark.handled_by, mark.handled_at, mark.note)
    for it in selected:
        mark = latest.get((it.conversation_id, it.reason))
        if mark and mark[1] >= it.at:  # a mark older than the latest occurrence does not cover it
            it.handled_by, it.handled_at, it.note = mark[0], mark[1], mask_text(mark[2])
    if status == "open":
        selected = [it for it in selected if not it.handled]
    elif status == "handled":
        selected = [it for it in selected if it.handled]
    return sorted(selected, key=lambda it: (it.at, it.conversation_id), reverse=True)


def _last_question_before(turns: list, moment: dt.datetime) -> Optional[Turn]:
    found = None
    for turn in turns or []:
        if turn.is_question and _utc(turn.at) <= moment + dt.timedelta(seconds=5):
            found = turn
    return found


def mark_handled(conversation_id: str, reason: str, staff_name: str, note: str = None) -> int:
    if reason not in REASONS:
        raise ValueError(f"unknown reason: {reason}")
    if not conversation_id or len(conversation_id) > 128:
        raise ValueError("conversation id must be 1–128 characters")
    with app_session() as s:
        mark = ReviewMark(conversation_id=conversation_id, reason=reason, handled_by=staff_name[:64],
                          handled_at=utcnow(), note=mask_text((note or "").strip()[:1000]) or None)
        s.add(mark)
        s.flush()
        return mark.id


def marks_for(conversation_id: str) -> list:
    with app_session() as s:
        rows = s.scalars(select(ReviewMark).where(ReviewMark.conversation_id == conversation_id)
                         .order_by(ReviewMark.handled_at)).all()
        return [{"reason": m.reason, "handled_by": m.handled_by, "handled_at": m.handled_at,
                 "note": mask_text(m.note)} for m in rows]


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
        lines.append(Line(turn.at, "user", mask_text(turn.text), turn.intent, turn.confidence, turn.best_guess,
                          turn.best_guess_confidence, tuple(turn.actions), outcome=turn.outcome))
        for reply, custom in turn.messages:
            if reply or custom:
                payload = Payload.from_dict(custom)
                lines.append(Line(turn.at, "bot", mask_text(reply), tier=payload.tier if payload else None,
                                  topic=payload.topic if payload else None))
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
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).astimezone(_tz()).date()


def stats(period: Period, top: int = 10) -> Stats:
    result = Stats(period)
    conversations = period_turns(period)
    daily = {day: [0, 0, 0] for day in period.days()}
    topics, regions = Counter(), Counter()
    for turns in conversations.values():
        if any(t.is_question for t in turns):
            result.conversations += 1
        for i, turn in enumerate(turns):
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
            if turn.handoff:
                result.handoffs += 1
            if turn.answered:
                topics[turn.topic] += 1
                if turn.region:
                    regions[turn.region] += 1
    with app_session() as s:
        rows = s.execute(select(Feedback.helpful).where(Feedback.created_at >= period.start,
                                                        Feedback.created_at < period.end)).all()
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
                groups[key] = entry = {"text": text, "count": 0, "guesses": Counter(), "conf": {}, "first": turn.at,
                                       "last": turn.at, "cids": set()}
            entry["count"] += 1
            entry["cids"].add(cid)
            entry["first"], entry["last"] = min(entry["first"], turn.at), max(entry["last"], turn.at)
            if turn.best_guess:
                entry["guesses"][turn.best_guess] += 1
                entry["conf"][turn.best_guess] = max(entry["conf"].get(turn.best_guess, 0),
                                                     turn.best_guess_confidence or 0)
    phrasings = []
    for entry in groups.values():
        guess = entry["guesses"].most_common(1)[0][0] if entry["guesses"] else None
        phrasings.append(Phrasing(entry["text"], entry["count"], guess, entry["conf"].get(guess),
                                  entry["first"], entry["last"], len(entry["cids"])))
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
    writer.writerow(["text", "count", "conversations", "best_guess", "best_guess_confidence",
                     "first_seen", "last_seen", "intent"])
    for p in phrasings:
        text = "'" + p.text if _FORMULA.match(p.text) else p.text
        writer.writerow([text, p.count, p.conversations, p.best_guess or "",
                         "" if p.best_guess_confidence is None else f"{p.best_guess_confidence:.3f}",
                         local_time(p.first_at), local_time(p.last_at), "TODO"])
    return "\ufeff" + buffer.getvalue()
