"""A place in the message wins; a shared name is one question; corrections name any place."""

import datetime as dt

from assistant.answering import AskRegion, WhichPlace, respond
from assistant.compose import Composed
from assistant.turn import read_turn
from knowledge import query


def _respond(text, intent, pending_topic=None, **slots):
    turn = read_turn({"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}, slots.get)
    return turn, respond(turn, today=dt.date(2026, 8, 1), pending_topic=pending_topic)


def test_the_place_in_the_message_wins_over_the_remembered_one(use_kb):
    turn, out = _respond("宁波灵活就业社保一个月多少钱", "ask_cost", region="北京市")
    composed = out.steps[-1]
    assert isinstance(composed, Composed) and composed.region.code == "330200"
    assert not composed.needs_region
    assert {f.region_id for f in composed.answer.facts} <= {"330200", "zhejiang", query.NATIONAL}
    assert out.slots["region"] == "浙江省宁波市"


def test_a_correction_names_any_place(use_kb):
    turn, out = _respond("不对 我在株洲", "inform", region="北京市", last_topic="ask_cost")
    assert turn.region.code == "430200"
    assert isinstance(out.steps[-1], Composed) and out.steps[-1].region.code == "430200"


def test_a_place_typed_after_other_place_answers_the_question(use_kb):
    turn, out = _respond("宁波", "inform", last_topic="ask_cost")
    assert not any(isinstance(s, AskRegion) for s in out.steps)
    assert isinstance(out.steps[-1], Composed) and out.steps[-1].region.code == "330200"


def test_a_shared_name_gets_one_question_and_the_button_answers_it(use_kb):
    _, out = _respond("鼓楼区灵活就业社保多少钱", "ask_cost")
    assert isinstance(out.steps[-1], WhichPlace) and out.slots["pending_topic"] == "ask_cost"
    chosen = out.steps[-1].choices[-1].key
    _, out = _respond('/inform{"region": "%s"}' % chosen, "inform", pending_topic="ask_cost")
    assert isinstance(out.steps[-1], Composed) and out.steps[-1].region.key == chosen
