"""Small talk, out-of-scope and hand-off replies, in the user's language."""
from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.context import read_turn
from presentation.wording import msg
from bot.store.records import record_handoff

REPLIES = {"greet": "greet", "goodbye": "goodbye", "thank": "thank", "bot_challenge": "bot_challenge",
           "affirm": "affirm", "deny": "deny", "out_of_scope": "out_of_scope"}


def previous_action(tracker) -> str:
    """The bot action before the latest user message (skipping listen and slot extraction)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") not in (
                "action_listen", "action_extract_slots", None):
            return event.get("name")
    return None


class ActionSmallTalk(Action):
    def name(self) -> str:
        return "action_smalltalk"

    def run(self, dispatcher, tracker, domain):
        turn = read_turn(tracker)
        key = REPLIES.get(turn.intent, "lost")
        if turn.intent == "deny" and previous_action(tracker) == "action_clarify":
            key = "declined"
        dispatcher.utter_message(text=msg(key, turn.lang),
                                 json_message={"topic": turn.intent, "language": turn.lang, "citations": []})
        return [SlotSet("language", turn.lang)]


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(self, dispatcher, tracker, domain):
        turn = read_turn(tracker)
        record_handoff(tracker.sender_id, tracker.get_latest_input_channel() or "unknown",
                       topic=tracker.get_slot("last_topic"), note=turn.text)
        dispatcher.utter_message(text=msg("handoff", turn.lang),
                                 json_message={"topic": "request_human", "handoff": True, "language": turn.lang,
                                               "citations": []})
        return [SlotSet("language", turn.lang)]
