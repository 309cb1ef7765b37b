"""What to do with a question: answer a topic, look up articles, ask for the region, or admit doubt.

respond() is the assistant's decision for one message, free of Rasa: the adapter hands over the
Turn and the remembered state, renders the returned steps and stores the returned slot values.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from assistant import articles
from assistant import profile as profiles
from assistant.compose import compose
from assistant.figures import Profile
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


def respond(
    turn: Turn,
    profile: Profile = Profile(),
    today: dt.date = None,
    pending_topic: Optional[str] = None,
    last_answer: Optional[str] = None,
) -> Outcome:
    """The steps answering turn; pending_topic: the best guess of a 'did you mean' left unanswered.

    What the person says about themselves ("我是女的，1975年生") is remembered across topics.
    """
    today = today or dt.date.today()
    out = Outcome(slots={"language": turn.lang, "pending_topic": None})
    profile, _, changed = profiles.read(profile, turn.text, (today.year, today.month))
    if changed:
        profile, _ = profiles.check(profile, (today.year, today.month))
        out.slots[profiles.SLOT] = profiles.to_slot(profile)
    if turn.region is not None:
        out.slots["region"] = turn.region.key
    if turn.too_long:
        out.steps.append(Notice("too_long"))
    outside = not_covered(turn)
    if outside is not None:
        out.steps.append(outside)
        return out
    if turn.region_choices:  # "鼓楼区": which one? The question is answered once it is chosen.
        out.steps.append(WhichPlace(turn.region_choices))
        if query.topic(turn.intent or ""):
            out.slots["pending_topic"] = turn.intent
        return out
    if turn.is_follow_up:
        if "other_region" in turn.entity_values("choice"):
            out.steps.append(AskRegion(unknown=False))
            return out
        if turn.region_text is not None:
            out.steps.append(AskRegion(unknown=True))
            return out
        if not turn.entities and not turn.region_named:  # a "follow-up" that names nothing is a misread
            out.steps.append(clarification(turn))
            return out
    previous = None
    if query.topic(turn.intent or ""):
        topic_id = turn.intent
    elif turn.is_follow_up:
        topic_id = pending_topic or turn.last_topic
        previous = last_answer if topic_id == turn.last_topic else None
    else:
        topic_id = None
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
