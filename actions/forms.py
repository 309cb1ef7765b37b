"""The two calculator forms: contributions (contribution_form) and a pension estimate (pension_form).

Rasa runs the form loop; these actions do the talking:

- validate_<form>  reads every message while a form is open: values in any order and natural form
                   (actions/calc_inputs.py), corrections ("不对，我是40岁"), nonsense explained and
                   asked again (actions/calculator.py), and leaving ("算了", "stop") at any time. It
                   chooses the next question itself (requested_slot), so only missing inputs are asked.
                   A message with no calculator value that is a question of its own is rejected, so
                   the question is answered by its rule and the form asks again afterwards.
- action_ask_<slot> asks one question in the user's language, with quick replies.
- action_contribution_result / action_pension_result give the result when the form is done (and
                   set calc_done), or say goodbye to the form when the user left it.
- action_calc_follow_up takes a correction right after a result that the NLU read as deny or
                   unsure ("不对，按最低档") and recalculates; without a value it answers as the
                   intent's own rule would.
- action_calc_stop answers "stop" when no calculation is running.

calc_follow_up() is the hook action_answer calls first: while calc_done is set, a value or a region
("那上海呢", "按最高档呢") recalculates instead of answering a rule question; calc_reset() is what
action_answer adds to an ordinary answer, so the next "不对" is not read as a correction.
"""
from typing import Optional

from rasa_sdk import Action
from rasa_sdk.events import FollowupAction, SlotSet

from actions import calculator
from assistant import language
from actions.calc_inputs import Values, parse
from actions.calc_render import (
    amount, contribution_buttons, describe_inputs, pension_buttons, render_contribution, render_pension,
)
from actions.calculator import (
    CONTRIBUTION, FORM_SLOTS, PENSION, SLOT_FIELDS, Inputs, base_info, check, compute_contribution,
    compute_pension, merge, next_slot,
)
from actions.dispatch import send
from presentation.wording import msg
from actions.render import Reply, region_buttons
from knowledge import query
from knowledge.calculators import CalculatorError

TOPICS = {CONTRIBUTION: "calculate_contribution", PENSION: "estimate_pension"}
TRIGGERS = {"calculate_contribution": CONTRIBUTION, "estimate_pension": PENSION}
CONTEXT = {CONTRIBUTION: "contribution", PENSION: "pension"}
RESULT_ACTIONS = {CONTRIBUTION: "action_contribution_result", PENSION: "action_pension_result"}
KIND_FORM = {"contribution": CONTRIBUTION, "pension": PENSION}
# Intents whose message, when it holds no calculator value, is still an attempt to answer the question.
ANSWER_LIKE = {"nlu_fallback", "inform", "affirm", "deny", "greet", "thank", "calculate_contribution",
               "estimate_pension"}
STOP_INTENTS = {"stop_form", "goodbye"}
HELPER_SLOTS = ("calc_age", "calc_compare")


class Turn:
    """The latest user message, read once."""

    def __init__(self, tracker):
        message = tracker.latest_message or {}
        self.text = message.get("text") or ""
        intent = message.get("intent") or {}
        self.intent = intent.get("name")
        self.confidence = intent.get("confidence") or 0.0
        self.entities = message.get("entities") or []
        self.lang = language.detect(self.text, tracker.get_slot("language"))

    def entity(self, name: str) -> Optional[str]:
        values = [e.get("value") for e in self.entities if e.get("entity") == name and e.get("value")]
        return str(values[-1]) if values else None


def _region_from(turn: Turn, requested: Optional[str]) -> Optional[str]:
    """A region named in the message: the NLU entity, else (when asked for) any known alias in the text."""
    value = turn.entity("region")
    if value:
        return value
    if requested == "region" and not turn.text.startswith("/"):
        found = query.find_regions(turn.text)
        if found:
            return found[0].name_zh
    return None


def _payload(form: str, lang: str, inputs: Inputs = None, **extra) -> dict:
    region = inputs.region_info() if inputs and inputs.region else None
    payload = {"topic": TOPICS[form], "form": form, "region": region.name_zh if region else None,
               "region_id": region.id if region else None, "language": lang, "citations": []}
    payload.update(extra)
    return payload


def _slot_events(before: Inputs, after: Inputs, names=None) -> list:
    old, new = before.slot_values(), after.slot_values()
    return [SlotSet(slot, new[slot]) for slot in (names or new) if new[slot] != old[slot]]


def _apply_options(inputs: Inputs, form: str, option: Optional[str], restart: bool) -> Inputs:
    """Quick-reply options from a result: compare, change_base, restart."""
    if restart or option == "restart":
        kept = Inputs(region=inputs.region)
        return kept
    if option == "change_base":
        inputs.base = None
    if option == "compare":
        inputs.compare = True
    return inputs


# ---------------------------------------------------------------- validation

def _reopened(tracker) -> bool:
    """True when a follow-up action (not the user's intent) opened the form in this turn."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") in ("action_answer", "action_calc_follow_up"):
            return True
    return False


def _activating(tracker, form: str) -> bool:
    """True when the form is being opened by this message (Rasa sets the loop active just before)."""
    if (tracker.active_loop or {}).get("name") != form:
        return True
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == form:
            return True
    return False


class ValidateCalculatorForm(Action):
    form = CONTRIBUTION

    def name(self) -> str:
        return f"validate_{self.form}"

    def run(self, dispatcher, tracker, domain):
        turn = Turn(tracker)
        activating = _activating(tracker, self.form)
        requested = None if activating else tracker.get_slot("requested_slot")
        before = Inputs.from_slots(tracker.get_slot)
        year, _ = calculator.today()
        values = parse(turn.text, expecting=requested, context=CONTEXT[self.form], latest_year=year)
        region_text = _region_from(turn, requested)
        if activating and _reopened(tracker):  # the follow-up already read this message
            values, region_text = Values(), None
        found = values.found()
        events = [SlotSet("language", turn.lang)]

        if not activating:
            # Rejecting = no slot but requested_slot: Rasa then lets the intent's rule act; when the form
            # comes back after that, it asks this slot (not the first empty one of the domain's list).
            reject = [SlotSet("requested_slot", requested or next_slot(self.form, before))]
            other = TRIGGERS.get(turn.intent)
            if other and other != self.form and turn.confidence >= 0.5:
                return reject  # the other calculator was asked for: let its rule switch forms
            if not found and not region_text and (values.stop or turn.intent in STOP_INTENTS):
                return events + self._stop(before)
            if not found and not region_text and not values.restart:
                if turn.intent in ANSWER_LIKE or values.numbers or turn.intent is None:
                    dispatcher.utter_message(text=msg("calc_not_understood", turn.lang),
                                             json_message=_payload(self.form, turn.lang, before, error={
                                                 "slot": requested, "code": "not_understood"}))
                    return events + [SlotSet("requested_slot", requested)]
                return reject  # a question of its own: answered by its rule, then the form asks again

        start = _apply_options(Inputs(**vars(before)), self.form, turn.entity("calc_option"), values.restart)
        merged, changed = merge(start, values, region_text, form=self.form)
        checked, problems = check(self.form, merged)
        for problem in problems:
            dispatcher.utter_message(text=problem.text.in_(turn.lang), json_message=_payload(
                self.form, turn.lang, checked, error={"slot": problem.slot, "code": problem.code, **problem.details}))
        corrected = [name for name in changed if getattr(before, name) is not None
                     and getattr(checked, name) is not None and getattr(before, name) != getattr(checked, name)]
        if corrected and not activating:
            if {"birth_year", "birth_month"} & set(corrected):
                corrected += ["birth_year", "birth_month"]
            if values.age is not None and checked.age is not None:
                corrected.append("age")
            shown = Inputs(**{name: getattr(checked, name) for name in set(corrected)})
            parts = describe_inputs(shown, turn.lang)
            if parts:
                dispatcher.utter_message(text=msg("calc_updated", turn.lang,
                                                  changes=msg("calc_list_sep", turn.lang).join(parts)))
        following = next_slot(self.form, checked)
        noted = [name for name in changed if getattr(before, name) is None and getattr(checked, name) is not None
                 and name not in ("age",)]
        if noted and not activating and not problems and following is not None and following == requested:
            # values for other questions were kept, but the question asked is still open: say so
            parts = describe_inputs(Inputs(**{name: getattr(checked, name) for name in noted}), turn.lang)
            if parts:
                dispatcher.utter_message(text=msg("calc_noted", turn.lang,
                                                  values=msg("calc_list_sep", turn.lang).join(parts)))
        events += _slot_events(before, checked)
        events.append(SlotSet("calc_stopped", None))
        events.append(SlotSet("requested_slot", following))
        return events

    def _stop(self, before: Inputs) -> list:
        """Leave the form: forget what this form collected (the region is conversation memory)."""
        cleared = Inputs(**vars(before))
        for slot in FORM_SLOTS[self.form] + HELPER_SLOTS:
            if slot != "region":
                setattr(cleared, SLOT_FIELDS[slot], None)
        return _slot_events(before, cleared) + [SlotSet("calc_stopped", True), SlotSet("requested_slot", None)]


class ValidateContributionForm(ValidateCalculatorForm):
    form = CONTRIBUTION


class ValidatePensionForm(ValidateCalculatorForm):
    form = PENSION


# ---------------------------------------------------------------- questions

def _form_of(tracker) -> str:
    name = (tracker.active_loop or {}).get("name")
    return name if name in FORM_SLOTS else CONTRIBUTION


def _with_hint(text: str, lang: str) -> str:
    return f"{text}\n{msg('calc_stop_hint', lang)}"


def ask_region(form, inputs, lang):
    return msg("calc_ask_region", lang), region_buttons(lang)[:6]


def ask_base(form, inputs, lang):
    region = inputs.region_info()
    info = base_info(region) if region else None
    if form == PENSION:
        buttons = [{"title": t, "payload": t} for t in ("60%", "100%", "200%", "300%")]
        return msg("calc_ask_index", lang), buttons
    buttons = [{"title": msg(k, lang), "payload": msg(k, lang)} for k in
               ("calc_btn_lowest", "calc_btn_average", "calc_btn_highest")]
    if info and info.grades:
        grades = msg("calc_list_sep", lang).join(amount(g, lang) for g in info.grades)
        text = msg("calc_ask_base_grades", lang, region=region.name.in_(lang), year=info.year,
                   count=len(info.grades), source=info.source, grades=grades)
        buttons = [{"title": msg("calc_btn_grade", lang, n=n, amount=amount(g, lang)),
                    "payload": msg("calc_btn_grade_payload", lang, n=n)}
                   for n, g in enumerate(info.grades, 1)][:3] + buttons[2:]
        return text, buttons
    if info and info.range:
        text = msg("calc_ask_base_range", lang, region=region.name.in_(lang), year=info.year,
                   min=amount(info.range[0], lang), max=amount(info.range[1], lang), source=info.source)
        return text, buttons
    return msg("calc_ask_base_plain", lang), buttons


def ask_insurances(form, inputs, lang):
    keys = ("calc_btn_all", "calc_btn_pension_medical", "calc_btn_pension_only")
    return msg("calc_ask_insurances", lang), [{"title": msg(k, lang), "payload": msg(f"{k}_payload", lang)}
                                              for k in keys]


def ask_birth(form, inputs, lang):
    return msg("calc_ask_birth", lang), []


def ask_birth_month(form, inputs, lang):
    return msg("calc_ask_birth_month", lang), []


def ask_sex(form, inputs, lang):
    return msg("calc_ask_sex", lang), [{"title": msg(k, lang), "payload": msg(k, lang)}
                                       for k in ("calc_btn_male", "calc_btn_female")]


def ask_female_age(form, inputs, lang):
    return msg("calc_ask_female_age", lang), [{"title": msg(k, lang), "payload": msg(f"{k}_payload", lang)}
                                              for k in ("calc_btn_50", "calc_btn_55")]


def ask_paid(form, inputs, lang):
    return msg("calc_ask_paid", lang), []


def ask_balance(form, inputs, lang):
    return msg("calc_ask_balance", lang), [{"title": msg("calc_btn_skip", lang), "payload": msg("calc_btn_skip", lang)}]


QUESTIONS = {"region": ask_region, "calc_base": ask_base, "calc_insurances": ask_insurances,
             "calc_birth_year": ask_birth, "calc_birth_month": ask_birth_month, "calc_sex": ask_sex,
             "calc_female_age": ask_female_age, "calc_paid_months": ask_paid, "calc_balance": ask_balance}


class ActionAskSlot(Action):
    slot = "region"

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher, tracker, domain):
        form = _form_of(tracker)
        lang = tracker.get_slot("language") or language.detect((tracker.latest_message or {}).get("text"), None)
        inputs = Inputs.from_slots(tracker.get_slot)
        text, buttons = QUESTIONS[self.slot](form, inputs, lang)
        buttons = buttons + [{"title": msg("calc_btn_stop", lang), "payload": msg("calc_btn_stop", lang)}]
        dispatcher.utter_message(text=_with_hint(text, lang), buttons=buttons,
                                 json_message=_payload(form, lang, inputs, requested_slot=self.slot,
                                                       collected=_collected(inputs, form)))
        return []


def _collected(inputs: Inputs, form: str) -> dict:
    values = inputs.slot_values()
    return {slot: values[slot] for slot in FORM_SLOTS[form] + HELPER_SLOTS if values.get(slot) is not None}


def _ask_action(slot: str):
    return type(f"ActionAsk_{slot}", (ActionAskSlot,), {"slot": slot})


ASK_ACTIONS = [_ask_action(slot) for slot in QUESTIONS]
# rasa-sdk registers every Action subclass defined at module level; keep the generated classes visible.
globals().update({cls.__name__: cls for cls in ASK_ACTIONS})


# ---------------------------------------------------------------- results

def _result_reply(form: str, inputs: Inputs, lang: str) -> Reply:
    try:
        if form == CONTRIBUTION:
            return render_contribution(compute_contribution(inputs), inputs, lang)
        return render_pension(compute_pension(inputs), inputs, lang)
    except CalculatorError as exc:
        buttons = contribution_buttons(lang) if form == CONTRIBUTION else pension_buttons(lang)
        return Reply(msg("calc_failed", lang, problem=exc.message.in_(lang)), buttons[-1:],
                     _payload(form, lang, inputs, error={"code": exc.code}))


def follow_up(dispatcher, tracker, kind: str, region_counts: bool = True) -> Optional[list]:
    """Recalculate with what the latest message changes; None when it changes nothing."""
    form = KIND_FORM[kind]
    turn = Turn(tracker)
    before = Inputs.from_slots(tracker.get_slot)
    year, _ = calculator.today()
    values = parse(turn.text, context=CONTEXT[form], latest_year=year)
    region_text = turn.entity("region") if region_counts else None
    merged, changed = merge(Inputs(**vars(before)), values, region_text, form=form)
    if values.restart:
        return None
    # a region named now was already put into the slot by Rasa's slot extraction: it still counts
    if not changed and not region_text:
        return None
    checked, problems = check(form, merged)
    events = [SlotSet("language", turn.lang)]
    for problem in problems:  # explained as inside the form; the form then asks for that value again
        dispatcher.utter_message(text=problem.text.in_(turn.lang), json_message=_payload(
            form, turn.lang, checked, error={"slot": problem.slot, "code": problem.code, **problem.details}))
    events += _slot_events(before, checked)
    if next_slot(form, checked) is not None:  # a refused value, or 'I'm a woman' now needs the original age
        return events + [SlotSet("calc_done", None), FollowupAction(form)]
    reply = _result_reply(form, checked, turn.lang)
    send(dispatcher, reply)
    return events + [SlotSet("calc_done", kind if "calculation" in reply.payload else None)]


def calc_reset(tracker) -> list:
    """Events an ordinary answer adds: the calculation is no longer what the conversation is about."""
    return [SlotSet("calc_done", None)] if tracker.get_slot("calc_done") else []


def calc_follow_up(dispatcher, tracker) -> Optional[list]:
    """Hook for action_answer: events when the message was about a calculation, else None."""
    turn = Turn(tracker)
    kind = tracker.get_slot("calc_done")
    if kind in KIND_FORM:
        return follow_up(dispatcher, tracker, kind, region_counts=turn.intent == "inform")
    if turn.intent != "inform" or turn.entity("region"):
        return None
    values = parse(turn.text, latest_year=calculator.today()[0])
    personal = {k: v for k, v in values.found().items() if k in ("age", "birth_year", "birth_month", "sex",
                                                                 "female_age", "paid_months", "base", "balance")}
    if not personal:
        return None
    before = Inputs.from_slots(tracker.get_slot)
    merged, _ = merge(Inputs(**vars(before)), values, form=PENSION)
    checked, _ = check(PENSION, merged)
    described = describe_inputs(Inputs(**{k: getattr(checked, k) for k in
                                          ("age", "birth_year", "birth_month", "sex", "female_age", "paid_months",
                                           "base", "balance") if k in personal}), turn.lang)
    buttons = [{"title": msg("calc_button_pension", turn.lang), "payload": "/estimate_pension"},
               {"title": msg("calc_button_contribution", turn.lang), "payload": "/calculate_contribution"}]
    text = msg("calc_offer", turn.lang, values=msg("calc_list_sep", turn.lang).join(described))
    send(dispatcher, Reply(text, buttons, {"topic": "inform", "language": turn.lang, "citations": [],
                                           "region": None, "region_id": None}))
    return [SlotSet("language", turn.lang)] + _slot_events(before, checked)


class ActionCalculatorResult(Action):
    form = CONTRIBUTION

    def name(self) -> str:
        return RESULT_ACTIONS[self.form]

    def run(self, dispatcher, tracker, domain):
        turn = Turn(tracker)
        if tracker.get_slot("calc_stopped"):
            dispatcher.utter_message(text=msg("calc_stopped", turn.lang),
                                     json_message=_payload(self.form, turn.lang, None, stopped=True))
            return [SlotSet("calc_stopped", None), SlotSet("calc_done", None), SlotSet("language", turn.lang)]
        reply = _result_reply(self.form, Inputs.from_slots(tracker.get_slot), turn.lang)
        send(dispatcher, reply)
        done = CONTEXT[self.form] if "calculation" in reply.payload else None
        return [SlotSet("language", turn.lang), SlotSet("calc_done", done)]


class ActionContributionResult(ActionCalculatorResult):
    form = CONTRIBUTION


class ActionPensionResult(ActionCalculatorResult):
    form = PENSION


class ActionCalcFollowUp(Action):
    """A correction right after a result that the NLU read as deny or unsure (rules in data/rules.yml)."""

    def name(self) -> str:
        return "action_calc_follow_up"

    def run(self, dispatcher, tracker, domain):
        kind = tracker.get_slot("calc_done")
        if kind in KIND_FORM:
            events = follow_up(dispatcher, tracker, kind, region_counts=True)
            if events is not None:
                return events
        turn = Turn(tracker)
        if turn.intent == "nlu_fallback":  # what the intent's own rule would have done
            from actions.clarify import ActionClarify
            return ActionClarify().run(dispatcher, tracker, domain)
        from actions.conversation import ActionSmallTalk
        return ActionSmallTalk().run(dispatcher, tracker, domain)


class ActionCalcStop(Action):
    """'stop' / '算了' when no calculator is running."""

    def name(self) -> str:
        return "action_calc_stop"

    def run(self, dispatcher, tracker, domain):
        turn = Turn(tracker)
        dispatcher.utter_message(text=msg("calc_nothing_to_stop", turn.lang),
                                 json_message={"topic": "stop_form", "language": turn.lang, "citations": []})
        return [SlotSet("language", turn.lang)]
