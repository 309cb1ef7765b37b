"""Whom the conversation is about: the person and the family members they ask about.

Every person has their own Profile. "那我老公呢" opens a second person; nothing is carried from
one person to another except what is said of them (老公 → male). A message that speaks of "我"
again comes back to the person themselves. The whole lives in the `profile` slot:

    {"about": "husband", "focus": "years", "persons": {"self": {...}, "husband": {...}}}

(an older flat profile is read as the person's own). Patterns are data: assistant/data/people.yml.
"""

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from assistant import profile as profiles
from assistant.calc_inputs import normalise
from assistant.profile import Profile

SELF = "self"
SLOT = profiles.SLOT
DATA = Path(__file__).parent / "data" / "people.yml"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def relations() -> dict:
    return _data()["relations"]


@dataclass(frozen=True)
class People:
    about: str = SELF  # whom the last message was about
    persons: dict = field(default_factory=dict)  # relation -> Profile
    focus: Optional[str] = None  # which figure was last asked for (retire | years | pension | …)

    @property
    def current(self) -> Profile:
        return self.persons.get(self.about, Profile())

    def with_current(self, profile: Profile) -> "People":
        return replace(self, persons={**self.persons, self.about: profile})


def from_slot(value) -> People:
    """The People a slot holds; a flat profile of an older conversation is the person's own."""
    if not isinstance(value, dict):
        return People()
    if "persons" not in value:
        own = profiles.from_slot(value)
        return People(persons={SELF: own} if own != Profile() else {})
    known = (SELF, *relations())
    persons = {
        name: profiles.from_slot(data)
        for name, data in (value.get("persons") or {}).items()
        if name in known and isinstance(data, dict)
    }
    about = value.get("about") if value.get("about") in known else SELF
    focus = value.get("focus") if value.get("focus") in _data()["focus"] else None
    return People(about, persons, focus)


def to_slot(people: People) -> Optional[dict]:
    persons = {name: profiles.to_slot(p) for name, p in people.persons.items() if profiles.to_slot(p)}
    if not persons and people.about == SELF and people.focus is None:
        return None
    return {"about": people.about, "focus": people.focus, "persons": persons}


def subject(text: str, about: str = SELF) -> tuple:
    """(whom the message is about, the relation named in it or None).

    A relation word names the person; otherwise "我" / "I" (outside "我老公") comes back to the
    person themselves; otherwise it is still whoever the conversation was about ("他交了20年")."""
    norm = normalise(text)
    named = []
    for name, item in relations().items():
        for m in re.finditer(item["pattern"], norm):
            named.append((m.start(), name))
    if named:
        return min(named)[1], min(named)[1]
    if re.search(_data()["self"], norm):
        return SELF, None
    return about, None


def _pronoun_sex(text: str) -> Optional[str]:
    norm = normalise(text)
    found = [sex for sex, pattern in _data()["pronouns"].items() if re.search(pattern, norm)]
    return found[0] if len(found) == 1 else None


def focus_of(text: str) -> Optional[str]:
    norm = normalise(text)
    return next((name for name, pattern in _data()["focus"].items() if re.search(pattern, norm)), None)


def is_clear(text: str) -> bool:
    return re.search(_data()["clear"], normalise(text)) is not None


def is_question(text: str) -> bool:
    return re.search(_data()["question"], normalise(text)) is not None


def is_correction(text: str) -> bool:
    return re.search(_data()["correction"], normalise(text)) is not None


@dataclass(frozen=True)
class Reading:
    people: People
    values: object  # assistant.calc_inputs.Values
    changed: tuple  # Profile fields this message changed (of the person it is about)
    switched: bool  # the message turned to another person
    opened: bool  # … whom the conversation had not spoken of before


def read(people: People, text: str, today: tuple) -> Reading:
    """Read the message into the Profile of the person it is about (and only theirs)."""
    about, named = subject(text, people.about)
    opened = about not in people.persons
    person = people.persons.get(about, Profile())
    if opened and named and relations()[named].get("sex"):
        person = replace(person, sex=relations()[named]["sex"])
    elif about != SELF and person.sex is None:
        person = replace(person, sex=_pronoun_sex(text))
    person, values, changed = profiles.read(person, text, today)
    if changed:
        person, _ = profiles.check(person, today)
    focus = focus_of(text) or people.focus
    updated = replace(people, about=about, focus=focus, persons={**people.persons, about: person})
    return Reading(updated, values, changed, about != people.about, opened and about != SELF)
