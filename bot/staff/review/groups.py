"""The review list as staff page through it: items grouped by reason and phrasing, the tabs'
counts, one page of groups, and the 'handled' marks (one conversation or whole groups at once)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select

from bot.privacy import mask_text, storage_key
from bot.staff.review.items import ReviewItem, review_items
from bot.staff.review.rows import REASONS, Period
from bot.store.db import session as app_session
from bot.store.models import ReviewMark, utcnow


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
            conversation_id=storage_key(conversation_id),  # as the tracker store names it: masked
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
