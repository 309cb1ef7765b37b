"""What the citizen said about themselves and their family, as staff see it beside a hand-off and
in the review: the conversation's latest `profile` slot (assistant.people), else the "about you"
lines of the latest reply's payload, and the place the last answer was for.

Everything comes from the tracker store, which stores slots and payloads masked; the facts are
worded by presentation.person (zh and en), the payload's lines are masked once more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from assistant import people
from bot.privacy import mask_text
from bot.staff import labels
from bot.staff.review.rows import conversation_turns, latest_slot
from presentation import calc_text, person


@dataclass
class Person:
    who: str  # '来访者本人 The citizen', '您丈夫 Your husband'
    said: list  # what was said, one line per language (or the payload's one line)
    current: bool = False  # whom the conversation was last about


@dataclass
class About:
    persons: list  # Person, the citizen first
    place: str = ""


def _who(name: str) -> str:
    return labels.pair("staff_person_self") if name == people.SELF else labels.pair(f"person_who_{name}")


def _from_slot(value) -> list:
    found = people.from_slot(value)
    shown = []
    for name, profile in sorted(found.persons.items(), key=lambda item: item[0] != people.SELF):
        said = [calc_text.join(person.facts(profile, lang), lang) for lang in ("zh", "en")]
        if said[0]:
            shown.append(Person(_who(name), said, current=name == found.about and len(found.persons) > 1))
    return shown


def _from_payloads(turns: list) -> list:
    known = {people.SELF, *people.relations()}
    for turn in reversed(turns):
        for payload in reversed(turn.payloads):
            if isinstance(payload.person, dict):
                lines = [p for p in payload.person.get("people") or [] if isinstance(p, dict)]
                return [
                    Person(_who(p.get("about")), [mask_text(str(p.get("line") or ""))])
                    for p in lines
                    if p.get("about") in known
                ]
    return []


def about(conversation_id: str) -> Optional[About]:
    """The person block of one conversation, or None when nothing about the person is known."""
    turns = conversation_turns(conversation_id)
    was_set, value = latest_slot(conversation_id, people.SLOT)
    persons = _from_slot(value) if was_set else _from_payloads(turns)
    place = next((turn.region for turn in reversed(turns) if turn.region), None)
    if not persons and not place:
        return None
    return About(persons, mask_text(place or ""))
