"""A big review workload written straight into a SQLite tracker store and a project database, in
the shapes Rasa and bot.store write: conversations that fell back (a few hundred phrasings said
over and over, some of them one very long unbroken string), declined suggestions, requests for a
person typed or sent from the widget button, and negative feedback."""

import datetime as dt
import json
import random
import sqlite3
import time

from presentation.payload import Payload

PHRASINGS = [
    "那个钱怎么弄",
    "我的社保卡丢了咋办",
    "公司没给我交社保怎么办",
    "社保和医保是一回事吗",
    "我想退保",
    "查一下我交了几年",
    "异地的能不能一起算",
    "为什么扣了两次钱",
    "个体户怎么弄",
    "去哪里办",
]
LONG = "社保" * 400 + "x" * 2000  # one unbroken string of 2,800 characters


def _user(cid, at, text, intent, confidence, ranking=()):
    parse = {
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
        "text": text,
        "intent_ranking": [{"name": intent, "confidence": confidence}]
        + [{"name": n, "confidence": c} for n, c in ranking],
    }
    return (
        cid,
        "user",
        at,
        intent,
        None,
        json.dumps({"event": "user", "timestamp": at, "text": text, "parse_data": parse, "input_channel": "widget"}),
    )


def _action(cid, at, name):
    return (cid, "action", at, None, name, json.dumps({"event": "action", "timestamp": at, "name": name}))


def _bot(cid, at, text, **payload):
    custom = Payload(language="zh", **payload).to_dict()
    return (
        cid,
        "bot",
        at,
        None,
        None,
        json.dumps({"event": "bot", "timestamp": at, "text": text, "data": {"custom": custom}}),
    )


def generate(tracker_path, app_path, rows: int = 10_000, seed: int = 7) -> dict:
    """Write `rows` conversations that need a look; returns how many of each reason."""
    rng = random.Random(seed)
    phrasings = [f"{p}（{i}）" for i in range(40) for p in PHRASINGS] + [LONG]
    now = time.time()
    events, handoffs, feedback = [], [], []
    counts = {"fallback": 0, "declined": 0, "handoff": 0, "negative_feedback": 0}
    for n in range(rows):
        cid = f"widget-load-{n:06d}"
        at = now - (30 if n == 0 else rng.uniform(60, 5 * 86400))
        text = LONG if n == 0 else rng.choice(phrasings)  # the newest: on the first page
        if n % 50 == 1:  # answered by a calculator: its topic is shown by name in the statistics
            events += [
                _user(cid, at - 120, "每月交多少", "calculate_contribution", 0.95),
                _bot(cid, at - 120, "每月约1000元", kind="calculation", topic="calculate_contribution"),
            ]
        kind = rng.random()
        if kind < 0.7 or n == 0:
            counts["fallback"] += 1
            events += [
                _user(cid, at, text, "nlu_fallback", 0.3, [("ask_cost", 0.2)]),
                _action(cid, at, "action_clarify"),
                _bot(cid, at, "抱歉，我没有理解。", kind="clarify", topic="nlu_fallback", tier="lost"),
                _action(cid, at, "action_listen"),
            ]
        elif kind < 0.82:
            counts["declined"] += 1
            events += [
                _user(cid, at, text, "nlu_fallback", 0.4, [("ask_cost", 0.35)]),
                _action(cid, at, "action_clarify"),
                _bot(cid, at, "您是不是想问：", kind="clarify", topic="nlu_fallback", tier="did_you_mean"),
                _action(cid, at, "action_listen"),
                _user(cid, at + 5, "/deny", "deny", 1.0),
                _action(cid, at + 5, "action_smalltalk"),
                _bot(cid, at + 5, "好的。", kind="smalltalk", topic="deny"),
            ]
            counts["fallback"] += 1  # the question itself fell back too
        elif kind < 0.94:
            counts["handoff"] += 1
            events += [
                _user(cid, at, "灵活就业怎么交", "ask_process", 0.9),
                _action(cid, at, "action_answer"),
                _bot(cid, at, "答复", kind="answer", topic="ask_process", in_kb=True),
            ]
            created = dt.datetime.utcfromtimestamp(at + 30)
            handoffs.append((cid, "widget", "ask_process", text, created, "closed", "zh", 0, "recorded", created))
        else:
            counts["negative_feedback"] += 1
            events += [
                _user(cid, at, text, "ask_cost", 0.8),
                _action(cid, at, "action_answer"),
                _bot(cid, at, "答复", kind="answer", topic="ask_cost", in_kb=True),
            ]
            feedback.append((cid, "widget", "ask_cost", 0, None, dt.datetime.utcfromtimestamp(at + 20)))
    with sqlite3.connect(tracker_path) as db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS events (id INTEGER NOT NULL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        db.execute("CREATE INDEX IF NOT EXISTS ix_events_sender_id ON events (sender_id)")
        db.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
    with sqlite3.connect(app_path) as db:
        db.executemany(
            "INSERT INTO app_handoff_requests (conversation_id, channel, topic, note, created_at, state, "
            "language, staffed, close_reason, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            handoffs,
        )
        db.executemany(
            "INSERT INTO app_feedback (conversation_id, channel, topic, helpful, comment, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            feedback,
        )
    return counts
