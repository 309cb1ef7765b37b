"""Conversations written through Rasa's own SQLTrackerStore API (the table the console reads)."""

import asyncio
import time

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from presentation.payload import Payload

ID_NUMBER = "110101199003071234"
PHONE = "13812345678"


def user(text, intent, confidence, ranking=(), at=None):
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
        "intent_ranking": [{"name": intent, "confidence": confidence}]
        + [{"name": n, "confidence": c} for n, c in ranking],
    }
    return UserUttered(text, intent=parse["intent"], parse_data=parse, timestamp=at, input_channel="rest")


def bot(text, custom=None, at=None):
    """A bot message with its typed payload (custom: Payload fields)."""
    data = {"custom": Payload(language="zh", **custom).to_dict()} if custom else {}
    return BotUttered(text, data=data, timestamp=at)


def action(name, at=None):
    return ActionExecuted(name, timestamp=at)


# What the citizen of conv-human said about themselves and their wife (assistant.people's slot).
PROFILE = {
    "about": "wife",
    "focus": "retire",
    "persons": {
        "self": {"birth_year": 1970, "birth_month": 5, "sex": "male", "paid_months": 144},
        "wife": {"birth_year": 1972, "sex": "female", "category": "flexible"},
    },
}


def profile(value, at=None):
    return SlotSet("profile", value, timestamp=at)


def answered(topic, region=None, at=None):
    return [
        action("action_answer", at),
        bot(
            f"answer for {topic}",
            {"kind": "answer", "topic": topic, "in_kb": True, "region": region, "citations": [{"type": "law"}]},
            at,
        ),
        action("action_listen", at),
    ]


def conversations(now: float = None) -> dict:
    """sender id -> events: every kind of turn the review lists and the counts distinguish."""
    now = now or time.time()
    t = lambda minutes: now - minutes * 60  # noqa: E731
    return {
        "conv-answered": [
            user("我在深圳，灵活就业养老保险每月交多少？", "ask_cost", 0.97, at=t(50)),
            *answered("ask_cost", "深圳市", t(50)),
            user("要带什么材料", "ask_documents", 0.93, at=t(49)),
            *answered("ask_documents", "深圳市", t(49)),
        ],
        "conv-lost": [
            user(f"我的身份证{ID_NUMBER}查一下那个东西", "nlu_fallback", 0.5, [("ask_check_records", 0.11)], at=t(40)),
            action("action_clarify", t(40)),
            bot(
                "抱歉，我没听懂。您可以拨打12333。", {"kind": "clarify", "topic": "nlu_fallback", "tier": "lost"}, t(40)
            ),
            action("action_listen", t(40)),
        ],
        "conv-declined": [
            user("交多少能领多少", "nlu_fallback", 0.5, [("ask_cost", 0.41), ("ask_pension_benefit", 0.39)], at=t(30)),
            action("action_clarify", t(30)),
            bot("您是不是想问：", {"kind": "clarify", "topic": "nlu_fallback", "tier": "did_you_mean"}, t(30)),
            action("action_listen", t(30)),
            user("/deny", "deny", 1.0, at=t(29)),
            action("action_smalltalk", t(29)),
            bot("好的，请换个说法再问一次。", {"kind": "smalltalk", "topic": "deny"}, t(29)),
            action("action_listen", t(29)),
        ],
        "conv-clarified": [
            user("养老那个钱怎么算", "nlu_fallback", 0.5, [("ask_pension_benefit", 0.45)], at=t(25)),
            action("action_clarify", t(25)),
            bot("您是不是想问：", {"kind": "clarify", "topic": "nlu_fallback", "tier": "did_you_mean"}, t(25)),
            action("action_listen", t(25)),
            user("/ask_pension_benefit", "ask_pension_benefit", 1.0, at=t(24)),
            *answered("ask_pension_benefit", None, t(24)),
        ],
        "conv-human": [
            user(f"我要找人工客服，电话{PHONE}", "request_human", 0.95, at=t(20)),
            profile(PROFILE, t(20)),
            action("action_handoff", t(20)),
            bot("已为您转人工。", {"kind": "handoff", "topic": "request_human", "handoff": True}, t(20)),
            action("action_listen", t(20)),
        ],
        "conv-feedback": [
            user("上海医保费率是多少", "ask_cost", 0.9, at=t(15)),
            *answered("ask_cost", "上海市", t(15)),
        ],
        "conv-smalltalk": [
            user("你好", "greet", 0.99, at=t(10)),
            action("action_smalltalk", t(10)),
            bot("您好！", {"kind": "smalltalk", "topic": "greet"}, t(10)),
        ],
    }


def write(db_path, convs: dict = None) -> None:
    """Save the conversations into a SQLite tracker store at db_path (creates the table)."""

    async def run():
        store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db_path))
        for sender, events in (convs or conversations()).items():
            tracker = DialogueStateTracker.from_events(sender, events)
            await store.save(tracker)
        store.engine.dispose()

    asyncio.run(run())
