"""Thin rasa-sdk adapters for the calculators: slots in, assistant.calculator decides, replies out.

- action_calculate     the two calculators (calculate_contribution, estimate_pension) and every
                       message while one is the subject (rules on the calc_kind slot): answers at
                       once with stated defaults, or asks for what is truly missing in one question.
- action_calc_stop     "stop" / "算了": leaves the calculator (the Profile stays remembered).

calc_follow_up() is the hook action_answer calls first: while a calculator is the subject, a value
("按最高档呢", "交了8年") recalculates instead of answering a rule question; calc_reset() is what an
ordinary answer adds, so the next "不对" is not read as a correction.
"""

from typing import Optional

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.dispatch import send
from assistant import calculator as calc
from assistant import language
from assistant import profile as profiles
from assistant.calc_inputs import is_stop
from knowledge import query
from presentation import calculator as replies

TRIGGERS = {"calculate_contribution": calc.CONTRIBUTION, "estimate_pension": calc.PENSION}


def _entity(message: dict, name: str) -> Optional[str]:
    values = [e.get("value") for e in message.get("entities") or [] if e.get("entity") == name and e.get("value")]
    return str(values[-1]) if values else None


def _read(tracker, regions: bool = True) -> tuple:
    """(language, intent, calc.State, calc.Message) of the latest turn."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name")
    region = tracker.get_slot("region")
    state = calc.State(
        profiles.from_slot(tracker.get_slot(profiles.SLOT)),
        calc.request_from_slot(tracker.get_slot(calc.REQUEST_SLOT)),
        query.resolve_region(region) if region else None,
    )
    found = calc.Message(
        text, intent, _entity(message, "region") if regions else None, _entity(message, "calc_option"), regions
    )
    return language.detect(text, tracker.get_slot("language")), intent, state, found


def _events(turn, lang: str) -> list:
    state = turn.state
    return [
        SlotSet("language", lang),
        SlotSet(profiles.SLOT, profiles.to_slot(state.profile)),
        SlotSet(calc.REQUEST_SLOT, calc.request_to_slot(state.request)),
        SlotSet("region", state.region.key if state.region else None),
        SlotSet(calc.KIND_SLOT, None if turn.stopped else turn.kind),
    ]


def run_calculator(dispatcher, tracker, kind: str, regions: bool = True) -> list:
    lang, intent, state, message = _read(tracker, regions)
    if intent in TRIGGERS and not message.option:  # a calculator asked for afresh: its own choices restart
        state = calc.State(state.profile, calc.Request(kind=kind), state.region)
    turn = calc.calculate(kind, state, message, calc.today())
    send(dispatcher, replies.render(turn, lang))
    return _events(turn, lang)


def calc_reset(tracker) -> list:
    """Events an ordinary answer adds: the calculation is no longer what the conversation is about."""
    return [SlotSet(calc.KIND_SLOT, None)] if tracker.get_slot(calc.KIND_SLOT) else []


def calc_follow_up(dispatcher, tracker) -> Optional[list]:
    """Hook for action_answer: events when the message was about a calculation, else None."""
    kind = tracker.get_slot(calc.KIND_SLOT)
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    asked = calc.request_from_slot(tracker.get_slot(calc.REQUEST_SLOT)).asked
    # a region answers the calculator's question, or re-asks an inform follow-up; in any other
    # question ("北京交社保多少钱") it belongs to that question
    lang, intent, state, message = _read(tracker, regions=intent == "inform" or bool(asked))
    if kind in calc.KINDS:
        if calc.about_calculation(state, message, calc.today()):
            return run_calculator(dispatcher, tracker, kind, regions=message.regions)
        return None
    if intent != "inform" or _entity(tracker.latest_message or {}, "region"):
        return None
    profile, _, changed = profiles.read(state.profile, message.text, calc.today())
    profile, _ = profiles.check(profile, calc.today())
    described = replies.describe_profile(profile, lang) if changed else []
    if not described:
        return None
    send(dispatcher, replies.offer(described, lang))
    return [SlotSet("language", lang), SlotSet(profiles.SLOT, profiles.to_slot(profile))]


class ActionCalculate(Action):
    """Both calculators, and every message while one is the subject (see data/rules.yml)."""

    def name(self) -> str:
        return "action_calculate"

    def run(self, dispatcher, tracker, domain):
        lang, intent, state, message = _read(tracker)
        kind = TRIGGERS.get(intent) or tracker.get_slot(calc.KIND_SLOT) or calc.PENSION
        if intent in TRIGGERS or calc.about_calculation(state, message, calc.today()) or is_stop(message.text):
            return run_calculator(dispatcher, tracker, kind)
        # nothing for the calculator: what the intent's own rule would have done
        if intent == "nlu_fallback":
            from actions.clarify import ActionClarify

            return ActionClarify().run(dispatcher, tracker, domain)
        if intent == "inform":  # answered as a follow-up question; the calculator stays the subject
            from actions.answer import ActionAnswer

            events = ActionAnswer().run(dispatcher, tracker, domain)
            return [e for e in events if not (e.get("event") == "slot" and e.get("name") == calc.KIND_SLOT)]
        from actions.conversation import ActionSmallTalk

        return ActionSmallTalk().run(dispatcher, tracker, domain)


class ActionCalcStop(Action):
    """'stop' / '算了': leave the calculator if one is the subject, else say there is nothing to stop."""

    def name(self) -> str:
        return "action_calc_stop"

    def run(self, dispatcher, tracker, domain):
        lang = language.detect((tracker.latest_message or {}).get("text"), tracker.get_slot("language"))
        if tracker.get_slot(calc.KIND_SLOT):
            send(dispatcher, replies.stopped(lang))
            return [SlotSet("language", lang), SlotSet(calc.KIND_SLOT, None), SlotSet(calc.REQUEST_SLOT, None)]
        send(dispatcher, replies.nothing_to_stop(lang))
        return [SlotSet("language", lang)]
