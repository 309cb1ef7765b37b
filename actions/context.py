"""What the current turn is about, read once from the tracker."""
from dataclasses import dataclass
from typing import Optional

from assistant import language
from knowledge import query

# Messages longer than this are answered from their beginning; see bot/nlp/guard.py.
MAX_MESSAGE_CHARS = 1000


@dataclass
class Turn:
    text: str
    intent: Optional[str]
    confidence: float
    ranking: list
    lang: str
    region: Optional[query.Region]
    region_text: Optional[str]  # what the user typed, when it did not resolve
    scheme: Optional[str]
    insurance_type: Optional[str]
    entities: list

    def entity_values(self, name: str) -> list:
        return [e.get("value") for e in self.entities if e.get("entity") == name and e.get("value")]


def read_turn(tracker) -> Turn:
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name")
    entities = message.get("entities") or []
    lang = language.detect(text, tracker.get_slot("language"))
    region_text = tracker.get_slot("region")
    region = query.resolve_region(region_text) if region_text else None
    mentioned = [e.get("value") for e in entities if e.get("entity") == "insurance_type" and e.get("value")]
    # Region and scheme describe the person and are remembered; the insurance type belongs to one
    # question, except that a follow-up ("那上海呢") re-asks the previous question as it was.
    insurance_type = mentioned[0] if mentioned else (
        tracker.get_slot("insurance_type") if intent == "inform" else None)
    return Turn(
        text=text, intent=intent, confidence=(message.get("intent") or {}).get("confidence") or 0.0,
        ranking=message.get("intent_ranking") or [], lang=lang, region=region,
        region_text=None if region else region_text,
        scheme=tracker.get_slot("scheme"), insurance_type=insurance_type,
        entities=entities,
    )
