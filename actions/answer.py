"""The one answering action for every question topic, region follow-ups and article look-ups.

Thin: read the turn, let the assistant decide (assistant/answering.py), render (presentation/),
send. Adding a topic is a YAML file and training examples, not code here.
"""

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.calculator import calc_follow_up, calc_reset
from actions.dispatch import send
from assistant import calculator as calc
from assistant import people as persons
from assistant.answering import respond
from assistant.turn import read_turn
from presentation.render import render


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    def run(self, dispatcher, tracker, domain):
        follow_up = calc_follow_up(dispatcher, tracker)  # a correction after a calculator result
        if follow_up is not None:
            return follow_up
        turn = read_turn(tracker.latest_message, tracker.get_slot)
        outcome = respond(
            turn,
            persons.from_slot(tracker.get_slot(persons.SLOT)),
            pending_topic=tracker.get_slot("pending_topic"),
            last_answer=tracker.get_slot("last_answer"),
        )
        for step in outcome.steps:
            send(dispatcher, render(step, turn.lang))
        reset = [] if calc.KIND_SLOT in outcome.slots else calc_reset(tracker)
        return [SlotSet(name, value) for name, value in outcome.slots.items()] + reset
