"""Which messages are the person's own (thin helpers the actions share).

Whatever the NLU made of a message ("工人" read as a hand-off, "能领养老金吗" as the pension
calculator, "清除我的信息" as stop), when it states something about a person, turns to a family
member, clears the details or asks for one of their own figures, action_answer answers it.
"""

from assistant import calculator as calc
from assistant import people as persons
from assistant import personal


def _text(tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def _people(tracker) -> persons.People:
    return persons.from_slot(tracker.get_slot(persons.SLOT))


def states_about_person(tracker) -> bool:
    """The message says something about a person, turns to another one, or clears the details."""
    return personal.about_person(_people(tracker), _text(tracker), calc.today())


def someone_else(tracker) -> bool:
    """The message turns to another person ("那我老公呢") or clears the details."""
    text, people = _text(tracker), _people(tracker)
    return persons.subject(text, people.about)[0] != people.about or persons.is_clear(text)


def own_figure(tracker, explicit: bool = False) -> bool:
    """The person's own answer fits better than the pension calculator: a question about their
    dates, years or unemployment months, or a statement about themselves. explicit: only when the
    message itself names such a figure (while the calculator waits for its answer)."""
    text, people = _text(tracker), _people(tracker)
    if someone_else(tracker):
        return True
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    answer = personal.decide(persons.read(people, text, calc.today()), text, intent, calc.today())
    if answer is None or answer.focus == "pension":
        return False
    return not explicit or persons.focus_of(text) is not None
