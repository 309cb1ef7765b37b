"""The low-confidence tiers: 'did you mean…' with the top candidates, or an honest 'lost'."""
from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.context import read_turn
from presentation.wording import msg
from knowledge import query

# Below this the best guess is not worth offering: say so and point to 12333.
SUGGEST_THRESHOLD = 0.2
MAX_SUGGESTIONS = 3


def clarify(dispatcher, turn) -> None:
    """Offer the likeliest topics as buttons, or say honestly that the question was not understood."""
    if not turn.text.strip():
        dispatcher.utter_message(text=msg("empty", turn.lang))
        return
    titles = {t.id: t.title.in_(turn.lang) for t in query.topics()}
    candidates = [r for r in turn.ranking if r.get("name") in titles
                  and (r.get("confidence") or 0) >= SUGGEST_THRESHOLD][:MAX_SUGGESTIONS]
    payload = {"topic": "nlu_fallback", "language": turn.lang, "citations": [],
               "candidates": [{"intent": r["name"], "confidence": round(r["confidence"], 3)}
                              for r in turn.ranking[:MAX_SUGGESTIONS + 1] if r.get("name") != "nlu_fallback"]}
    if not candidates:
        payload["tier"] = "lost"
        dispatcher.utter_message(text=msg("lost", turn.lang), json_message=payload)
        return
    payload["tier"] = "did_you_mean"
    buttons = [{"title": titles[r["name"]], "payload": f"/{r['name']}"} for r in candidates]
    buttons.append({"title": msg("none_of_these", turn.lang), "payload": "/deny"})
    dispatcher.utter_message(text=msg("did_you_mean", turn.lang), buttons=buttons, json_message=payload)


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    def run(self, dispatcher, tracker, domain):
        turn = read_turn(tracker)
        clarify(dispatcher, turn)
        return [SlotSet("language", turn.lang)]
