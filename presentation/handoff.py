"""The words of the live hand-off: the reply to "I want a person" and when someone will look.

The reply carries a `handoff` payload whose `extra` says what the channel side does with it
(bot/channels/handoff.py): `staffed` (someone is on duty: the conversation joins the live queue
and the assistant falls silent) and `opens` (ISO time of the next staffed period, or None).
"""

import datetime as dt
from typing import Optional

from assistant.staffed_hours import Schedule
from presentation.payload import Payload, Reply
from presentation.wording import msg


def when(opening: dt.datetime, now: dt.datetime, lang: str) -> str:
    """'今天13:30' / 'tomorrow at 09:00' / '周一 09:00' / '10月8日 09:00' for a local opening time."""
    time = opening.strftime("%H:%M")
    days = (opening.date() - now.astimezone(opening.tzinfo).date()).days
    if days == 0:
        return msg("handoff_today", lang, time=time)
    if days == 1:
        return msg("handoff_tomorrow", lang, time=time)
    if days < 7:
        weekday = msg("handoff_weekdays", lang).split(",")[opening.weekday()]
        return msg("handoff_weekday", lang, weekday=weekday, time=time)
    return msg("handoff_date", lang, month=opening.month, day=opening.day, time=time)


def requested(lang: str, schedule: Schedule, now: Optional[dt.datetime] = None, about: str = None) -> Reply:
    """The reply to a request for a person: queued now, or noted for the next staffed period."""
    now = schedule.local(now)
    staffed = schedule.staffed(now)
    opening = None if staffed else schedule.next_opening(now)
    if staffed:
        text = msg("handoff_queued", lang)
    elif opening is None:
        text = msg("handoff_never", lang)
    else:
        text = msg("handoff_offline", lang, opens=when(opening, now, lang))
    extra = {"staffed": staffed, "opens": opening.isoformat() if opening else None, "about": about}
    return Reply(text, Payload(kind="handoff", language=lang, topic="request_human", handoff=True, extra=extra))


def opens_text(schedule: Schedule, lang: str, now: Optional[dt.datetime] = None) -> Optional[str]:
    """When someone will next look, in words (None when nobody is ever on duty)."""
    now = schedule.local(now)
    if schedule.staffed(now):
        return msg("handoff_today", lang, time=now.strftime("%H:%M"))
    opening = schedule.next_opening(now)
    return when(opening, now, lang) if opening else None
