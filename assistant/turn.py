"""What the current message is about, read once from the plain parse result and the remembered slots.

Adapters hand over the NLU's parse (text, intent, ranking, entities) and a slot getter; nothing
here knows Rasa. Region and scheme describe the person and are remembered; the insurance type
belongs to one question, except that a follow-up ("那上海呢", "不对，是重庆") re-asks the previous
question as it was.
"""

from dataclasses import dataclass, field
from typing import Callable, Optional

from assistant import language
from knowledge import query

# Messages longer than this are answered from their beginning; see bot/nlp/guard.py.
MAX_MESSAGE_CHARS = 1000
FOLLOW_UP_INTENTS = ("inform",)


@dataclass
class Turn:
    text: str
    intent: Optional[str]
    confidence: float
    ranking: list
    lang: str
    region: Optional[query.Region]
    region_text: Optional[str]  # what the user named, when it did not resolve
    region_named: bool  # the region was named in this very message
    scheme: Optional[str]  # vocabulary id
    insurance_type: Optional[str]  # vocabulary id
    entities: list = field(default_factory=list)
    last_topic: Optional[str] = None
    second_intent: Optional[str] = None  # a second question in the same message (bot/nlp: second_question)
    region_choices: tuple = ()  # a name several places share ("鼓楼区"): the Regions to choose from

    def entity_values(self, name: str) -> list:
        return [e.get("value") for e in self.entities if e.get("entity") == name and e.get("value")]

    @property
    def is_follow_up(self) -> bool:
        return self.intent in FOLLOW_UP_INTENTS

    @property
    def too_long(self) -> bool:
        return len(self.text) > MAX_MESSAGE_CHARS


def _term(kind: str, value) -> Optional[str]:
    term = query.resolve_term(kind, value) if value else None
    return term.id if term else None


def read_turn(message: dict, get_slot: Callable[[str], object]) -> Turn:
    """message: the parse result ({text, intent, intent_ranking, entities}); get_slot: slot -> value."""
    message = message or {}
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name")
    entities = message.get("entities") or []
    region, region_text, choices, named = _region(text, entities, get_slot("region"))
    # A correction names the wrong value first and the right one last ("不是养老，是医保").
    mentioned = [e.get("value") for e in entities if e.get("entity") == "insurance_type" and e.get("value")]
    insurance = mentioned[-1] if mentioned else (get_slot("insurance_type") if intent in FOLLOW_UP_INTENTS else None)
    schemes = [e.get("value") for e in entities if e.get("entity") == "scheme" and e.get("value")]
    return Turn(
        text=text,
        intent=intent,
        confidence=(message.get("intent") or {}).get("confidence") or 0.0,
        ranking=message.get("intent_ranking") or [],
        lang=language.detect(text, get_slot("language")),
        region=region,
        region_text=None if region else region_text,
        region_named=named,
        scheme=_term("scheme", schemes[-1] if schemes else get_slot("scheme")),
        insurance_type=_term("insurance_type", insurance),
        entities=entities,
        last_topic=get_slot("last_topic"),
        second_intent=(message.get("second_question") or {}).get("intent"),
        region_choices=choices,
    )


def _region(text: str, entities: list, remembered) -> tuple:
    """(region, unresolved name, choices, named in this message) by the one resolver of places.

    A place the message names wins over the remembered one ("不对 我在株洲", "宁波…" after Beijing);
    the remembered place only narrows an ambiguous name ("鼓楼区" while in Nanjing). The NLU's
    region entities count when the text names none (a button's payload names the region id).
    """
    known = query.resolve_region(remembered) if remembered else None
    mentions = query.place_mentions(text, known=known)
    if mentions:
        last = mentions[-1]
        return (last[0], None, (), True) if len(last) == 1 else (None, None, last, True)
    named = [e.get("value") for e in entities if e.get("entity") == "region" and e.get("value")]
    if named:
        found = query.resolve_region(named[-1])
        return found, None if found else named[-1], (), True
    return known, None if known or not remembered else remembered, (), False
