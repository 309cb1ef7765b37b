"""Small talk, out-of-scope and hand-off replies, in the user's language.

The hand-off action only words the reply (queued now, or noted for the next staffed period); the
channel side (bot/channels/handoff.py) sees its payload go out, records the request in the staff
queue and keeps the conversation quiet while a person handles it. Actions never touch bot/.
"""

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.dispatch import send
from actions.person import states_about_person
from assistant import staffed_hours
from assistant.answering import not_covered
from assistant.turn import read_turn
from presentation import handoff, replies
from presentation.render import render

SMALL_TALK = ("greet", "goodbye", "thank", "bot_challenge", "affirm", "deny", "out_of_scope")


def previous_action(tracker) -> str:
    """The bot action before the latest user message (skipping listen and slot extraction)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif (
            seen_user
            and event.get("event") == "action"
            and event.get("name") not in ("action_listen", "action_extract_slots", None)
        ):
            return event.get("name")
    return None


class ActionSmallTalk(Action):
    def name(self) -> str:
        return "action_smalltalk"

    def run(self, dispatcher, tracker, domain):
        if states_about_person(tracker):
            from actions.answer import ActionAnswer

            return ActionAnswer().run(dispatcher, tracker, domain)
        turn = read_turn(tracker.latest_message, tracker.get_slot)
        outside = not_covered(turn) if turn.intent == "out_of_scope" else None
        if outside is not None:
            send(dispatcher, render(outside, turn.lang))
            return [SlotSet("language", turn.lang)]
        key = turn.intent if turn.intent in SMALL_TALK else "lost"
        if turn.intent == "deny" and previous_action(tracker) == "action_clarify":
            key = "declined"
        send(dispatcher, replies.small_talk(key, turn.lang, topic=turn.intent))
        return [SlotSet("language", turn.lang)]


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(self, dispatcher, tracker, domain):
        if states_about_person(tracker):  # "工人" answers "worker or cadre?", it is no call for a person
            from actions.answer import ActionAnswer

            return ActionAnswer().run(dispatcher, tracker, domain)
        turn = read_turn(tracker.latest_message, tracker.get_slot)
        send(dispatcher, handoff.requested(turn.lang, staffed_hours.current(), about=tracker.get_slot("last_topic")))
        return [SlotSet("language", turn.lang)]
