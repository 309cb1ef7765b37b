"""What to do with a question: answer a topic, look up articles, ask for the region, or admit doubt.

respond() is the assistant's decision for one message, free of Rasa: the adapter hands over the
Turn and the remembered state, renders the returned steps and stores the returned slot values.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from assistant import articles, personal
from assistant import calculator as calc
from assistant import people as persons
from assistant.compose import compose
from assistant.turn import Turn
from knowledge import query

# Topics offered when a region is named on its own.
REGION_TOPICS = ("ask_cost", "ask_documents", "ask_process", "ask_where_to_pay")


@dataclass(frozen=True)
class Notice:
    key: str  # a fixed reply from the wording catalogue (too_long, …)


@dataclass(frozen=True)
class AskRegion:
    unknown: bool  # True: a place was named that is not known; False: "other place" was chosen


@dataclass(frozen=True)
class WhichPlace:
    choices: tuple  # Regions that share the name the person used


@dataclass(frozen=True)
class WhichTopic:
    region: query.Region
    topics: tuple  # TopicInfo


@dataclass(frozen=True)
class Clarify:
    candidates: tuple  # (intent, TopicInfo) of likely topics
    ranking: tuple


@dataclass(frozen=True)
class NotInKb:
    topic_id: str


@dataclass(frozen=True)
class NotCovered:
    subject: query.NotCoveredSubject  # what the person asked about, and who handles it


def not_covered(turn: Turn) -> Optional[NotCovered]:
    """An honest "not covered" when the question is about another subject (housing fund, income tax…)."""
    subject = query.not_covered(turn.text)
    return NotCovered(subject) if subject is not None else None


@dataclass
class Outcome:
    steps: list = field(default_factory=list)
    slots: dict = field(default_factory=dict)


# Below this a guess is not worth offering as "did you mean". The NLU's blended confidences are
# spread thinly when it is unsure; 0.05 kept the right intent among the buttons on the tune part of
# the real questions (reports/nlu/method.md).
SUGGEST_THRESHOLD = 0.05
MAX_SUGGESTIONS = 3  # topics offered as buttons at most


def clarification(turn: Turn):
    """The likeliest topics from the NLU ranking, for 'did you mean…' (none: honestly lost)."""
    if not turn.text.strip():
        return Notice("empty")
    outside = not_covered(turn)
    if outside is not None:
        return outside
    topics = {t.id: t for t in query.topics()}
    candidates = tuple(
        (r["name"], topics[r["name"]])
        for r in turn.ranking
        if r.get("name") in topics and (r.get("confidence") or 0) >= SUGGEST_THRESHOLD
    )
    return Clarify(candidates=candidates[:MAX_SUGGESTIONS], ranking=tuple(turn.ranking))


def _pension(answer: personal.PersonAnswer, turn: Turn, today: tuple, out: Outcome):
    """The pension estimate for the person the message is about: the calculator, as one step."""
    state = calc.State(answer.people.current, calc.Request(kind=calc.PENSION), turn.region)
    result = calc.calculate(calc.PENSION, state, calc.Message(turn.text, regions=False), today)
    out.slots.update(
        {
            calc.REQUEST_SLOT: calc.request_to_slot(result.state.request),
            calc.KIND_SLOT: calc.PENSION,
            persons.SLOT: persons.to_slot(answer.people.with_current(result.state.profile)),
        }
    )
    return personal.PersonEstimate(result, answer.people.with_current(result.state.profile))


def _follow_up_step(turn: Turn):
    """The step for a follow-up that cannot be answered as one: another place, or a misread."""
    if "other_region" in turn.entity_values("choice"):
        return AskRegion(unknown=False)
    if turn.region_text is not None:
        return AskRegion(unknown=True)
    if not turn.entities and not turn.region_named:  # a "follow-up" that names nothing is a misread
        return clarification(turn)
    return None


def _topic(turn: Turn, pending_topic: Optional[str], last_answer: Optional[str]) -> tuple:
    """(the topic to answer or None, the answer already given on it for a follow-up or None)."""
    if query.topic(turn.intent or ""):
        return turn.intent, None
    if turn.is_follow_up:
        topic_id = pending_topic or turn.last_topic
        return topic_id, last_answer if topic_id == turn.last_topic else None
    return None, None


def respond(
    turn: Turn,
    people: persons.People = persons.People(),
    today: dt.date = None,
    pending_topic: Optional[str] = None,
    last_answer: Optional[str] = None,
) -> Outcome:
    """The steps answering turn; pending_topic: the best guess of a 'did you mean' left unanswered.

    What the person says about themselves ("我是女的，1975年生") is remembered across topics, for
    the person it is about (assistant/people.py); their own questions are answered from the one
    chain of their figures (assistant/personal.py).
    """
    today = today or dt.date.today()
    month = (today.year, today.month)
    out = Outcome(slots={"language": turn.lang, "pending_topic": None})
    if persons.is_clear(turn.text):
        out.slots[persons.SLOT] = None
        out.steps.append(personal.Cleared())
        return out
    reading = persons.read(people, turn.text, month)
    if reading.people != people:
        out.slots[persons.SLOT] = persons.to_slot(reading.people)
    profile = reading.people.current
    if turn.region is not None:
        out.slots["region"] = turn.region.key
    if turn.too_long:
        out.steps.append(Notice("too_long"))
    answer = personal.decide(reading, turn.text, turn.intent, month)
    if answer is not None:
        out.steps.append(_pension(answer, turn, month, out) if answer.focus == "pension" else answer)
        return out
    outside = not_covered(turn)
    if outside is not None:
        out.steps.append(outside)
        return out
    if turn.region_choices:  # "鼓楼区": which one? The question is answered once it is chosen.
        out.steps.append(WhichPlace(turn.region_choices))
        if query.topic(turn.intent or ""):
            out.slots["pending_topic"] = turn.intent
        return out
    step = _follow_up_step(turn) if turn.is_follow_up else None
    if step is not None:
        out.steps.append(step)
        return out
    topic_id, previous = _topic(turn, pending_topic, last_answer)
    if topic_id is None:
        if turn.region is not None:
            out.steps.append(WhichTopic(turn.region, tuple(t for t in map(query.topic, REGION_TOPICS) if t)))
        else:
            out.steps.append(AskRegion(unknown=True))
        return out
    out.slots.update(last_topic=topic_id, insurance_type=turn.insurance_type)
    if topic_id == "ask_legal_basis":
        lookup = articles.look_up(turn.text, turn.entity_values("article"))
        if lookup is not None:
            out.steps.append(lookup)
            return out
    composed = compose(turn, topic_id, profile, today, also_asked=turn.second_intent, previous=previous)
    out.steps.append(composed if composed is not None else NotInKb(topic_id))
    out.slots["last_answer"] = composed.answer.answer_id if composed is not None else None
    return out
