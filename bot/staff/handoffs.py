"""The hand-off queue and one hand-off's thread, as the console shows them (bot.store.handoff
holds the state; bot.wechat.delivery delivers to WeChat / WeCom).

A thread is the conversation before the request (Rasa's tracker store, masked) followed by the
hand-off's own messages: the citizen's relayed messages, staff replies and notices. Everything
shown passes bot.privacy.mask_text once more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from assistant import staffed_hours
from bot.privacy import mask_text
from bot.staff import auth, labels, review
from bot.store import handoff as store
from presentation.wording import msg


def waited_text(seconds: float) -> str:
    """'5 秒 s', '3 分 min', '1 小时 h 5 分 min': the number once, the unit in both languages."""
    seconds = int(seconds)
    second, minute, hour = (labels.pair(f"staff_unit_{unit}") for unit in ("second", "minute", "hour"))
    if seconds < 60:
        return f"{seconds} {second}"
    if seconds < 3600:
        return f"{seconds // 60} {minute}"
    return f"{seconds // 3600} {hour} {seconds % 3600 // 60} {minute}"


@dataclass
class QueueItem:
    id: int
    state: str
    state_name: str
    channel: str
    channel_name: str
    shown_id: str
    topic: str
    note: str
    created: str
    waited: str
    waited_seconds: int
    staffed: bool
    taken_by: Optional[str]
    mine: bool


def queue(staff_username: str) -> list:
    """Open requests, the longest waiting first; those left outside staffed hours are marked."""
    names, people = labels.topic_names(), auth.display_names()
    now = store.utcnow()
    items = []
    for h in store.queue():
        items.append(
            QueueItem(
                id=h.id,
                state=h.state,
                state_name=labels.bilingual(labels.STATES, h.state),
                channel=h.channel,
                channel_name=labels.bilingual(labels.CHANNELS, h.channel),
                shown_id=mask_text(h.conversation_id)[:40],
                topic=labels.name_of(names, h.topic) if h.topic else "",
                note=mask_text(h.note or ""),
                created=review.local_time(h.created_at),
                waited=waited_text(h.waited(now)),
                waited_seconds=int(h.waited(now)),
                staffed=h.staffed,
                taken_by=people.get(h.taken_by, h.taken_by) if h.taken_by else None,
                mine=h.taken_by == staff_username,
            )
        )
    return items


def recently_closed() -> list:
    people = auth.display_names()
    return [
        {
            "id": h.id,
            "channel": labels.bilingual(labels.CHANNELS, h.channel),
            "closed": review.local_time(h.closed_at),
            "by": people.get(h.closed_by, h.closed_by),
            "reason": labels.bilingual(labels.CLOSE_REASONS, h.close_reason),
        }
        for h in store.recently_closed()
    ]


def callbacks(handoff_id: int = None) -> list:
    """Open call-back requests; with handoff_id, those of one hand-off (handled ones too)."""
    found = store.callbacks(include_handled=handoff_id is not None)
    return [
        {
            "id": c.id,
            "channel": labels.bilingual(labels.CHANNELS, c.channel),
            "last4": c.phone_last4,
            "created": review.local_time(c.created_at),
            "note": mask_text(c.note or ""),
            "handoff_id": c.handoff_id,
            "language": msg("staff_language_name", c.language),
            "handled_by": c.handled_by,
        }
        for c in found
        if handoff_id is None or c.handoff_id == handoff_id
    ]


@dataclass
class Line:
    id: Optional[int]  # a hand-off message's id (None for the conversation before it)
    at: str
    who: str  # user | bot | citizen | staff | notice
    who_name: str
    text: str
    delivery: Optional[str] = None


# What became of a staff reply: fetched by the widget / taken by the WeChat API, or not (yet).
DELIVERY = {code: labels.pair(f"staff_delivery_{code}") for code in ("pending", "delivered", "failed")}
DELIVERY["received"] = ""
WHO = {who: labels.pair(f"staff_who_{who}") for who in ("user", "bot", "notice")}
WHO["citizen"] = WHO["user"]


def message_line(m: store.Message, people: dict) -> Line:
    name = f"{people.get(m.staff_name, m.staff_name)}" if m.author == "staff" else WHO[m.author]
    return Line(m.id, review.local_time(m.created_at), m.author, name, mask_text(m.text), m.delivery)


def thread(h: store.Handoff) -> list:
    """The conversation so far (masked) and the hand-off's messages, in order."""
    people = auth.display_names()
    before = [
        Line(None, review.local_time(line.at), line.who, WHO[line.who], line.text)
        for line in review.transcript(h.conversation_id)
        if line.at <= h.created_at.replace(tzinfo=dt.timezone.utc).timestamp() + 5
    ]
    return before + [message_line(m, people) for m in store.messages(h.id)]


def view(h: store.Handoff, staff_username: str) -> dict:
    schedule = staffed_hours.current()
    people = auth.display_names()
    return {
        "id": h.id,
        "state": h.state,
        "state_name": labels.bilingual(labels.STATES, h.state),
        "channel": h.channel,
        "channel_name": labels.bilingual(labels.CHANNELS, h.channel),
        "shown_id": mask_text(h.conversation_id),
        "conversation_id": h.conversation_id,
        "language": msg("staff_language_name", h.language),
        "created": review.local_time(h.created_at),
        "waited": waited_text(h.waited()),
        "staffed": h.staffed,
        "silenced": h.open and h.silences(schedule),
        "taken_by": people.get(h.taken_by, h.taken_by),
        "mine": h.state == store.ACTIVE and h.taken_by == staff_username,
        "close_reason": labels.bilingual(labels.CLOSE_REASONS, h.close_reason) if h.close_reason else None,
        "pushed": h.channel in ("wechat", "wecom"),
        "note": mask_text(h.note or ""),
    }


def request_of(conversation_id: str) -> Optional[dict]:
    """The conversation's latest hand-off request for the review's conversation page: what the
    citizen wrote with it, their call-back requests and a link to it (None without a request)."""
    found = store.latest(conversation_id)
    if found is None:
        return None
    return {"note": mask_text(found.note or ""), "callbacks": callbacks(found.id), "link": f"/handoffs/{found.id}"}
