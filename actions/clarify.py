"""The low-confidence tiers: 'did you mean…' with the top candidates, or an honest 'lost'."""

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.dispatch import send
from actions.person import states_about_person
from assistant.answering import clarification
from assistant.turn import read_turn
from presentation.render import render


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    def run(self, dispatcher, tracker, domain):
        if states_about_person(tracker):
            from actions.answer import ActionAnswer

            return ActionAnswer().run(dispatcher, tracker, domain)
        turn = read_turn(tracker.latest_message, tracker.get_slot)
        step = clarification(turn)
        send(dispatcher, render(step, turn.lang))
        best = step.candidates[0][0] if getattr(step, "candidates", None) else None
        return [SlotSet("language", turn.lang), SlotSet("pending_topic", best)]
