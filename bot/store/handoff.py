"""The live hand-off's state: the staff queue, who took which conversation, the messages both
ways, and call-back requests. Every text is masked (bot.privacy) before it is stored; a call-back
number is encrypted (bot.store.secrets).

    waiting ──take (one staff member; a second gets AlreadyTaken)──▶ active ──hand back──▶ closed
       └──────────── the citizen cancels, or staff close it unanswered ──────────────────▶ closed

A conversation has at most one open (waiting or active) request per channel. The citizen's side
reads and writes a conversation's requests *of its own channel* only (`channel=`): the same id
arriving over another channel (a REST caller naming a widget conversation, say) never sees, takes
or cancels them, and a staff reply goes to the channel the request came from. Whether an open request keeps
the assistant quiet is `Handoff.silences`: while a staff member has it (until they hand it back or
nothing has been said for HANDOFF_IDLE_MINUTES), and while it waits in the staffed period it was
made in. Outside staffed hours nobody is there to answer, so the request is noted for the next
shift and the assistant goes on answering.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

import settings
from bot.privacy import mask_text, storage_key
from bot.store import secrets
from bot.store.db import session
from bot.store.models import CallbackRequest, HandoffMessage, HandoffRequest, utcnow

WAITING, ACTIVE, CLOSED = "waiting", "active", "closed"
OPEN = (WAITING, ACTIVE)
CITIZEN, STAFF, NOTICE = "citizen", "staff", "notice"
MAX_TEXT_CHARS = 2000


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=settings.get().handoff_idle_minutes)


def callback_days() -> int:
    return settings.get().callback_retention_days


class HandoffError(Exception):
    """A staff action that does not fit the request's state (shown to the staff member)."""


class AlreadyTaken(HandoffError):
    def __init__(self, by: str):
        super().__init__(f"already taken by {by}")
        self.by = by


@dataclass(frozen=True)
class Handoff:
    id: int
    conversation_id: str
    channel: str
    state: str
    language: str
    staffed: bool
    topic: Optional[str]
    note: Optional[str]
    created_at: dt.datetime  # naive UTC, like every time here
    taken_by: Optional[str]
    taken_at: Optional[dt.datetime]
    closed_by: Optional[str]
    closed_at: Optional[dt.datetime]
    close_reason: Optional[str]
    last_activity_at: dt.datetime

    @classmethod
    def of(cls, row: HandoffRequest) -> "Handoff":
        return cls(
            row.id,
            row.conversation_id,
            row.channel,
            row.state,
            row.language,
            bool(row.staffed),
            row.topic,
            row.note,
            row.created_at,
            row.taken_by,
            row.taken_at,
            row.closed_by,
            row.closed_at,
            row.close_reason,
            row.last_activity_at or row.created_at,
        )

    @property
    def open(self) -> bool:
        return self.state in OPEN

    def waited(self, now: dt.datetime = None) -> float:
        """Seconds in the queue: until taken, or until now while waiting."""
        end = self.taken_at or self.closed_at or now or utcnow()
        return max(0.0, (end - self.created_at).total_seconds())

    def silences(self, schedule, now: dt.datetime = None) -> bool:
        """Whether the assistant must stay quiet in this conversation now (see the module doc)."""
        now = now or utcnow()
        if self.state == ACTIVE:
            return now - self.last_activity_at < idle_limit()
        if self.state == WAITING and self.staffed:
            period = schedule.period(now)
            return period is not None and self.created_at.replace(tzinfo=dt.timezone.utc) >= period[0]
        return False


@dataclass(frozen=True)
class Message:
    id: int
    handoff_id: int
    author: str
    staff_name: Optional[str]
    text: str
    created_at: dt.datetime
    delivery: str
    delivered_at: Optional[dt.datetime]

    @classmethod
    def of(cls, row: HandoffMessage) -> "Message":
        return cls(
            row.id, row.handoff_id, row.author, row.staff_name, row.text, row.created_at, row.delivery, row.delivered_at
        )


@dataclass(frozen=True)
class Callback:
    id: int
    handoff_id: Optional[int]
    conversation_id: str
    channel: str
    language: str
    phone_last4: str
    note: Optional[str]
    created_at: dt.datetime
    handled_by: Optional[str]
    handled_at: Optional[dt.datetime]

    @classmethod
    def of(cls, row: CallbackRequest) -> "Callback":
        return cls(
            row.id,
            row.handoff_id,
            row.conversation_id,
            row.channel,
            row.language,
            row.phone_last4,
            row.note,
            row.created_at,
            row.handled_by,
            row.handled_at,
        )


def known_topic(topic) -> Optional[str]:
    """The topic if it is one of the knowledge base's topics, else None: the staff queue's "About"
    column shows it, so a free value (a phone number typed as a topic) is never stored."""
    if not isinstance(topic, str) or not topic:
        return None
    try:
        return topic if topic in _topic_ids() else None
    except SQLAlchemyError:  # no knowledge base: the request goes on without its topic
        return None


@functools.lru_cache(maxsize=1)
def _topic_ids() -> frozenset:
    from knowledge import query

    return frozenset(t.id for t in query.topics())


def _masked(text: Optional[str]) -> Optional[str]:
    return mask_text((text or "").strip()[:MAX_TEXT_CHARS]) or None


def _of_channel(query, channel: Optional[str], table=HandoffRequest):
    return query if channel is None else query.where(table.channel == channel[:32])


def _open_row(s, conversation_id: str, channel: Optional[str]) -> Optional[HandoffRequest]:
    return s.scalars(
        _of_channel(
            select(HandoffRequest).where(
                HandoffRequest.conversation_id == conversation_id, HandoffRequest.state.in_(OPEN)
            ),
            channel,
        )
        .order_by(HandoffRequest.id.desc())
        .limit(1)
    ).first()


def _latest_row(s, conversation_id: str, channel: Optional[str]) -> Optional[HandoffRequest]:
    return s.scalars(
        _of_channel(select(HandoffRequest).where(HandoffRequest.conversation_id == conversation_id), channel)
        .order_by(HandoffRequest.id.desc())
        .limit(1)
    ).first()


# ---------------------------------------------------------------- the citizen's side


def open_request(
    conversation_id: str, channel: str, language: str = "zh", staffed: bool = True, topic: str = None, note: str = None
) -> tuple:
    """(Handoff, created): a new request in the queue, or the conversation's open one (the note,
    if any, is added to it as the citizen's message)."""
    conversation_id = storage_key(conversation_id)[:128]
    with session() as s:
        row = _open_row(s, conversation_id, channel)
        if row is not None:
            if note:
                _add(s, row, CITIZEN, note, delivery="received")
            return Handoff.of(row), False
        row = HandoffRequest(
            conversation_id=conversation_id,
            channel=channel[:32],
            topic=known_topic(topic),
            note=_masked(note),
            state=WAITING,
            language="en" if language == "en" else "zh",
            staffed=bool(staffed),
            created_at=utcnow(),
            last_activity_at=utcnow(),
        )
        s.add(row)
        s.flush()
        return Handoff.of(row), True


def current(conversation_id: str, channel: str = None) -> Optional[Handoff]:
    """The conversation's open request (in `channel`; None: any), if any."""
    with session() as s:
        row = _open_row(s, storage_key(conversation_id)[:128], channel)
        return Handoff.of(row) if row is not None else None


def latest(conversation_id: str, channel: str = None) -> Optional[Handoff]:
    """The conversation's newest request (in `channel`; None: any), open or closed."""
    with session() as s:
        row = _latest_row(s, storage_key(conversation_id)[:128], channel)
        return Handoff.of(row) if row is not None else None


def relay(handoff_id: int, text: str) -> Message:
    """A citizen's message that goes to the staff member instead of the assistant."""
    with session() as s:
        return Message.of(_add(s, s.get(HandoffRequest, handoff_id), CITIZEN, text, delivery="received"))


def cancel(conversation_id: str, channel: str = None) -> Optional[Handoff]:
    """The citizen withdraws an open request (in `channel`); None when there was none."""
    with session() as s:
        row = _open_row(s, storage_key(conversation_id)[:128], channel)
        if row is None:
            return None
        _close(row, "citizen", "cancelled")
        return Handoff.of(row)


def position(handoff: Handoff) -> int:
    """1 for the first in the queue; 0 once taken or closed."""
    if handoff.state != WAITING:
        return 0
    with session() as s:
        ahead = s.scalar(
            select(func.count())
            .select_from(HandoffRequest)
            .where(HandoffRequest.state == WAITING, HandoffRequest.staffed.is_(True), HandoffRequest.id < handoff.id)
        )
    return int(ahead or 0) + 1


def _messages_of(conversation_id: str, channel: Optional[str], column=HandoffMessage):
    """Staff replies and notices of the conversation's requests in `channel` (None: any)."""
    query = select(column).where(HandoffMessage.conversation_id == conversation_id, HandoffMessage.author != CITIZEN)
    if channel is not None:
        query = query.join(HandoffRequest, HandoffRequest.id == HandoffMessage.handoff_id).where(
            HandoffRequest.channel == channel[:32]
        )
    return query


def updates(conversation_id: str, after: int = 0, limit: int = 50, channel: str = None) -> List[Message]:
    """Staff replies and notices of the conversation (in `channel`) newer than message id `after`,
    marked delivered."""
    conversation_id = storage_key(conversation_id)[:128]
    with session() as s:
        rows = s.scalars(
            _messages_of(conversation_id, channel)
            .where(HandoffMessage.id > after)
            .order_by(HandoffMessage.id)
            .limit(limit)
        ).all()
        now = utcnow()
        for row in rows:
            if row.delivery == "pending":
                row.delivery, row.delivered_at = "delivered", now
        return [Message.of(row) for row in rows]


def undelivered(conversation_id: str, channel: str = None) -> List[Message]:
    """Staff replies and notices not yet delivered (channels that answer only when asked: REST)."""
    with session() as s:
        rows = s.scalars(
            _messages_of(storage_key(conversation_id)[:128], channel, HandoffMessage.id).where(
                HandoffMessage.delivery == "pending"
            )
        ).all()
    return updates(conversation_id, min(rows) - 1, channel=channel) if rows else []


def add_callback(
    conversation_id: str, channel: str, phone: str, consent: str, language: str = "zh", note: str = None
) -> Callback:
    """Raises ValueError when `phone` is not a Chinese mobile or landline number."""
    digits = secrets.normalise_phone(phone)
    if digits is None:
        raise ValueError("not a phone number")
    conversation_id = storage_key(conversation_id)[:128]
    with session() as s:
        request = _open_row(s, conversation_id, channel) or _latest_row(s, conversation_id, channel)
        row = CallbackRequest(
            handoff_id=request.id if request else None,
            conversation_id=conversation_id,
            channel=channel[:32],
            language="en" if language == "en" else "zh",
            phone_encrypted=secrets.encrypt(digits),
            phone_last4=digits[-4:],
            note=_masked(note),
            consent=consent[:1000],
            created_at=utcnow(),
        )
        s.add(row)
        s.flush()
        return Callback.of(row)


# ---------------------------------------------------------------- the staff side


def get(handoff_id: int) -> Optional[Handoff]:
    with session() as s:
        row = s.get(HandoffRequest, handoff_id)
        return Handoff.of(row) if row is not None else None


def queue() -> List[Handoff]:
    """Open requests, oldest first."""
    with session() as s:
        rows = s.scalars(
            select(HandoffRequest)
            .where(HandoffRequest.state.in_(OPEN))
            .order_by(HandoffRequest.created_at, HandoffRequest.id)
        ).all()
        return [Handoff.of(row) for row in rows]


def recently_closed(limit: int = 20) -> List[Handoff]:
    with session() as s:
        rows = s.scalars(
            select(HandoffRequest)
            .where(HandoffRequest.state == CLOSED, HandoffRequest.taken_by.is_not(None))
            .order_by(HandoffRequest.closed_at.desc())
            .limit(limit)
        ).all()
        return [Handoff.of(row) for row in rows]


def take(handoff_id: int, staff_name: str) -> Handoff:
    """Give a waiting request to one staff member (their user name); AlreadyTaken when someone
    was quicker: the update only succeeds while the row is still waiting."""
    now = utcnow()
    with session() as s:
        taken = s.execute(
            update(HandoffRequest)
            .where(HandoffRequest.id == handoff_id, HandoffRequest.state == WAITING)
            .values(state=ACTIVE, taken_by=staff_name[:64], taken_at=now, last_activity_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        row = s.get(HandoffRequest, handoff_id)
        if row is None:
            raise HandoffError("no such request")
        if not taken:
            if row.state == ACTIVE:
                raise AlreadyTaken(row.taken_by)
            raise HandoffError("the request is closed")
        return Handoff.of(row)


def reply(handoff_id: int, staff_name: str, text: str) -> Message:
    """A staff member's reply in a request they have taken."""
    with session() as s:
        row = _owned(s, handoff_id, staff_name)
        return Message.of(_add(s, row, STAFF, text, staff_name=staff_name))


def notice(handoff_id: int, text: str) -> Message:
    """A notice to the citizen (taken, handed back), worded by the caller in the citizen's language."""
    with session() as s:
        return Message.of(_add(s, s.get(HandoffRequest, handoff_id), NOTICE, text))


def hand_back(handoff_id: int, staff_name: str) -> Handoff:
    """The staff member is done: the assistant answers this conversation again."""
    with session() as s:
        row = _owned(s, handoff_id, staff_name)
        _close(row, staff_name, "handed_back")
        return Handoff.of(row)


def close_unanswered(handoff_id: int, staff_name: str) -> Handoff:
    """Close a waiting request nobody will answer live (e.g. one left outside staffed hours)."""
    with session() as s:
        row = s.get(HandoffRequest, handoff_id)
        if row is None or row.state != WAITING:
            raise HandoffError("only a waiting request can be closed this way")
        _close(row, staff_name, "closed_unanswered")
        return Handoff.of(row)


def messages(handoff_id: int, after: int = 0) -> List[Message]:
    with session() as s:
        rows = s.scalars(
            select(HandoffMessage)
            .where(HandoffMessage.handoff_id == handoff_id, HandoffMessage.id > after)
            .order_by(HandoffMessage.id)
        ).all()
        return [Message.of(row) for row in rows]


def set_delivery(message_id: int, delivered: bool) -> None:
    with session() as s:
        s.execute(
            update(HandoffMessage)
            .where(HandoffMessage.id == message_id)
            .values(delivery="delivered" if delivered else "failed", delivered_at=utcnow() if delivered else None)
        )


def callbacks(include_handled: bool = False) -> List[Callback]:
    """Call-back requests, oldest first, after deleting those past CALLBACK_RETENTION_DAYS."""
    purge_callbacks()
    with session() as s:
        query = select(CallbackRequest).order_by(CallbackRequest.created_at)
        if not include_handled:
            query = query.where(CallbackRequest.handled_at.is_(None))
        return [Callback.of(row) for row in s.scalars(query).all()]


def callback_number(callback_id: int) -> Optional[str]:
    """The decrypted number, for the staff member about to call (None when gone or undecryptable).

    Expired rows are deleted first, so a number past its retention is never shown."""
    purge_callbacks()
    with session() as s:
        row = s.get(CallbackRequest, callback_id)
        return secrets.decrypt(row.phone_encrypted) if row is not None else None


def callback_done(callback_id: int, staff_name: str) -> None:
    with session() as s:
        s.execute(
            update(CallbackRequest)
            .where(CallbackRequest.id == callback_id, CallbackRequest.handled_at.is_(None))
            .values(handled_by=staff_name[:64], handled_at=utcnow())
        )


def purge_callbacks(days: int = None, now: dt.datetime = None, url: str = None, dry_run: bool = False) -> int:
    """Delete call-back requests older than `days` (CALLBACK_RETENTION_DAYS); returns how many."""
    old = CallbackRequest.created_at < (now or utcnow()) - dt.timedelta(days=days or callback_days())
    with session(url) as s:
        if dry_run:
            return s.scalar(select(func.count()).select_from(CallbackRequest).where(old)) or 0
        return s.execute(delete(CallbackRequest).where(old)).rowcount or 0


# ---------------------------------------------------------------- helpers


def _add(s, row: HandoffRequest, author: str, text: str, staff_name: str = None, delivery: str = "pending"):
    if row is None:
        raise HandoffError("no such request")
    message = HandoffMessage(
        handoff_id=row.id,
        conversation_id=row.conversation_id,
        author=author,
        staff_name=staff_name and staff_name[:64],
        text=_masked(text) or "",
        created_at=utcnow(),
        delivery=delivery,
    )
    s.add(message)
    row.last_activity_at = message.created_at
    s.flush()
    return message


def _owned(s, handoff_id: int, staff_name: str) -> HandoffRequest:
    row = s.get(HandoffRequest, handoff_id)
    if row is None or row.state != ACTIVE:
        raise HandoffError("the request is not taken (or already closed)")
    if row.taken_by != staff_name[:64]:
        raise AlreadyTaken(row.taken_by)
    return row


def _close(row: HandoffRequest, by: str, reason: str) -> None:
    row.state, row.closed_by, row.closed_at, row.close_reason = CLOSED, by[:64], utcnow(), reason
    row.last_activity_at = row.closed_at
