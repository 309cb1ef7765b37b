"""When a message is about the person's own situation, and what answers it.

A statement ("社保交了12年了", a whole profile in one message), a turn to a family member ("那我
老公呢"), a correction ("不对，我是1971年的") and a question about their own dates or years
("我什么时候可以退休", "还差几年", "能领养老金吗") are answered from the one chain of their
figures (assistant/situation.py), for the person the message is about and no one else.
"""

from dataclasses import dataclass
from typing import Optional

from assistant import people as persons
from assistant.situation import Situation, situation

# The topics whose answer is the person's own chain once enough is known about them.
PERSON_TOPICS = {
    "ask_retirement_procedures": "retire",
    "ask_early_retirement": "retire",
    "ask_minimum_years": "years",
    "ask_pension_benefit": "pension",
    "ask_unemployment_benefits": "unemployment",
}  # used when the message also says something about the person
# What a person says of themselves that makes a message about them (a city or a scheme alone does not).
PERSONAL_FIELDS = {"birth_year", "birth_month", "age", "sex", "female_age", "paid_months"}
STATEMENT_INTENTS = (None, "inform", "nlu_fallback", "affirm", "deny", "greet", "out_of_scope")


@dataclass(frozen=True)
class PersonAnswer:
    situation: Situation
    focus: str  # retire | years | draw | pension | unemployment | summary
    people: persons.People
    topic: Optional[str] = None


@dataclass(frozen=True)
class PersonEstimate:
    """The pension calculator's turn (assistant.calculator.Turn) for the person the message is about."""

    turn: object
    people: persons.People


@dataclass(frozen=True)
class Cleared:
    """Everything said about the person and their family is forgotten."""


def _knows(profile) -> bool:
    return any(v is not None for v in (profile.birth_year, profile.age, profile.paid_months))


def about_person(people: persons.People, text: str, today: tuple) -> bool:
    """True when the message states something about a person, turns to another one or clears
    the details: whatever the NLU made of it, the person's answer (action_answer) handles it."""
    if persons.is_clear(text):
        return True
    reading = persons.read(people, text, today)
    return _stated(reading)


def _stated(reading: persons.Reading) -> bool:
    return bool(PERSONAL_FIELDS & set(reading.changed)) or reading.switched


def decide(reading: persons.Reading, text: str, intent: Optional[str], today: tuple) -> Optional[PersonAnswer]:
    """The person answer for this message, or None when it is a question of another kind."""
    people = reading.people
    person = people.current
    asked = persons.focus_of(text)
    stated = _stated(reading)
    if not _knows(person) and not stated:
        return None
    statement = stated and (intent in STATEMENT_INTENTS or persons.is_correction(text) or not persons.is_question(text))
    focus = asked or (PERSON_TOPICS.get(intent or "") if stated else None)
    if focus is None and statement:
        focus = people.focus or "summary"
    if focus is None:
        return None
    return PersonAnswer(situation(person, today, people.about), focus, people, intent)
