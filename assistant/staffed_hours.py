"""When people staff the live hand-off, so the assistant can say honestly when someone will look.

Configured by HANDOFF_HOURS in local time (STAFF_TIMEZONE, default Asia/Shanghai):

    HANDOFF_HOURS="mon-fri 09:00-12:00,13:30-17:00; sat 09:00-12:00"   # the default: mon-fri 09:00-17:00
    HANDOFF_HOURS=always      # someone is always there
    HANDOFF_HOURS=never       # no live hand-off: requests are recorded for staff to read later
    HANDOFF_CLOSED_DATES="2026-10-01,2026-10-02"   # public holidays and other closed days

A schedule answers two questions: is someone on duty at a moment, and when does the next staffed
period begin (None when never). It is plain data: the wording lives in presentation/handoff.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional, Tuple

import settings

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_HOURS = "mon-fri 09:00-17:00"
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def timezone():
    name = settings.get().staff_timezone
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no tz database: China has one offset all year
        return dt.timezone(dt.timedelta(hours=8), "UTC+08")


def _days(spec: str) -> Tuple[int, ...]:
    found = []
    for part in spec.split(","):
        first, _, last = part.strip().lower().partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ValueError(f"unknown day {part!r} (use mon … sun)")
        a, b = DAYS.index(first), DAYS.index(last or first)
        found += list(range(a, b + 1)) if a <= b else list(range(a, 7)) + list(range(0, b + 1))
    return tuple(sorted(set(found)))


def _minutes(spec: str) -> Tuple[Tuple[int, int], ...]:
    ranges = []
    for part in spec.split(","):
        m = _RANGE.match(part.strip())
        if not m:
            raise ValueError(f"bad time range {part!r} (use 09:00-17:00)")
        start, end = int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])
        if not (0 <= start < end <= 24 * 60) or int(m[2]) > 59 or int(m[4]) > 59:
            raise ValueError(f"bad time range {part!r}")
        ranges.append((start, end))
    return tuple(sorted(ranges))


@dataclass(frozen=True)
class Schedule:
    """Staffed periods per weekday (0 = Monday) as (start, end) minutes of local time."""

    week: Tuple[Tuple[Tuple[int, int], ...], ...]
    closed_dates: frozenset = frozenset()
    tz: object = None

    @classmethod
    def parse(cls, hours: str, closed_dates: str = "", tz=None) -> "Schedule":
        """Raises ValueError with the reason on a malformed value."""
        hours = (hours or DEFAULT_HOURS).strip().lower()
        week = [[] for _ in DAYS]
        if hours == "always":
            week = [[(0, 24 * 60)] for _ in DAYS]
        elif hours != "never":
            for segment in filter(None, (s.strip() for s in hours.split(";"))):
                days, _, times = segment.partition(" ")
                for day in _days(days):
                    week[day] += _minutes(times.replace(" ", ""))
        closed = frozenset(dt.date.fromisoformat(d.strip()) for d in (closed_dates or "").split(",") if d.strip())
        return cls(tuple(tuple(sorted(day)) for day in week), closed, tz or timezone())

    @classmethod
    def from_env(cls) -> "Schedule":
        config = settings.get()
        return cls.parse(config.handoff_hours, config.handoff_closed_dates)

    @property
    def never(self) -> bool:
        return not any(self.week)

    def local(self, moment: Optional[dt.datetime] = None) -> dt.datetime:
        """An aware or naive-UTC moment (now by default) in the schedule's time zone."""
        moment = moment or dt.datetime.now(dt.timezone.utc)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
        return moment.astimezone(self.tz)

    def staffed(self, moment: Optional[dt.datetime] = None) -> bool:
        return self.period(moment) is not None

    def period(self, moment: Optional[dt.datetime] = None) -> Optional[Tuple[dt.datetime, dt.datetime]]:
        """(start, end) in local time of the staffed period running at `moment`, or None outside one."""
        local = self.local(moment)
        if local.date() in self.closed_dates:
            return None
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        minute = local.hour * 60 + local.minute
        for start, end in self.week[local.weekday()]:
            if start <= minute < end:
                return self._reach(midnight, start, -1), self._reach(midnight, end, 1)
        return None

    def _reach(self, midnight: dt.datetime, minute: int, step: int) -> dt.datetime:
        """A period's start (step -1) or end (step 1), joined across midnight with the next day's."""
        edge = midnight + dt.timedelta(minutes=minute)
        for _ in range(7):
            if minute != (0 if step < 0 else 24 * 60):
                break
            day = edge + dt.timedelta(days=-1 if step < 0 else 0)
            ranges = () if day.date() in self.closed_dates else self.week[day.weekday()]
            joined = [r for r in ranges if (r[1] == 24 * 60 if step < 0 else r[0] == 0)]
            if not joined:
                break
            minute = joined[0][0] if step < 0 else joined[0][1]
            edge = day.replace(hour=0, minute=0) + dt.timedelta(minutes=minute)
        return edge

    def next_opening(self, moment: Optional[dt.datetime] = None) -> Optional[dt.datetime]:
        """The start of the next staffed period after `moment` (local time); None when never staffed."""
        if self.never:
            return None
        local = self.local(moment)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        for offset in range(0, 60):  # holidays may close a few weeks at most
            day = midnight + dt.timedelta(days=offset)
            if day.date() in self.closed_dates:
                continue
            for start, _ in self.week[day.weekday()]:
                opening = day + dt.timedelta(minutes=start)
                if opening > local:
                    return opening
        return None


def current() -> Schedule:
    """The configured schedule; a malformed HANDOFF_HOURS falls back to the default (and says so)."""
    try:
        return Schedule.from_env()
    except ValueError as error:
        import logging

        logging.getLogger(__name__).error("HANDOFF_HOURS / HANDOFF_CLOSED_DATES: %s; using %r", error, DEFAULT_HOURS)
        return Schedule.parse(DEFAULT_HOURS)
