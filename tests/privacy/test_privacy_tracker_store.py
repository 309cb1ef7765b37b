"""MaskingSQLTrackerStore on SQLite: what is stored is masked, what is read back still works."""

import json
import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import privacy
from bot.store import tracker_store as masking
from bot.store.tracker_store import MaskingSQLTrackerStore, storage_key

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, ask_cost]
entities: [region]
slots:
  region: {type: text, influence_conversation: false, mappings: [{type: from_entity, entity: region}]}
  note: {type: text, influence_conversation: false, mappings: [{type: custom}]}
""")
SECRETS = ["110101199003071234", "13800138000", "6222021234567890128", "张三", "Zhang San"]


@pytest.fixture
def store(tmp_path):
    return MaskingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))


def rows(store):
    path = store.engine.url.database
    with sqlite3.connect(path) as connection:
        found = connection.execute("SELECT sender_id, type_name, intent_name, action_name, data FROM events").fetchall()
    # the data column is JSON with \\u escapes: compare its decoded text
    return [row[:4] + (json.dumps(json.loads(row[4]), ensure_ascii=False),) for row in found]


def personal_tracker(sender):
    text = "我叫张三，身份证110101199003071234，手机13800138000，卡6222021234567890128"
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted("action_listen"),
            UserUttered(
                text,
                intent={"name": "ask_cost", "confidence": 0.9},
                entities=[{"entity": "region", "value": "13800138000", "start": 0, "end": 3}],
                parse_data={"intent": {"name": "ask_cost", "confidence": 0.9}, "entities": [], "text": text},
                metadata={"phone": "13800138000", "user": {"name": "my name is Zhang San"}},
            ),
            SlotSet("note", "身份证110101199003071234"),
            BotUttered("好的，我们记下了 13800138000", data={"custom": {"echo": "6222021234567890128"}}),
            ActionExecuted("action_answer"),
            ActionExecuted("action_listen"),
        ],
        DOMAIN.slots,
    )


async def test_nothing_personal_is_written(store):
    await store.save(personal_tracker("13800138000"))
    stored = rows(store)
    assert stored and all(secret not in repr(stored) for secret in SECRETS)
    senders = {row[0] for row in stored}
    assert senders == {storage_key("13800138000")} and senders != {"13800138000"}
    user = next(json.loads(row[4]) for row in stored if row[1] == "user")
    assert user["parse_data"]["intent"]["name"] == "ask_cost" and "[ID:" in user["text"]
    assert next(row[2] for row in stored if row[1] == "user") == "ask_cost"
    assert {row[3] for row in stored if row[1] == "action"} >= {"action_answer", "action_listen"}


async def test_a_personal_conversation_id_is_stored_masked_and_not_found_by_the_raw_number(store):
    tracker = personal_tracker("13800138000")
    await store.save(tracker)
    assert await store.retrieve("13800138000") is None  # the raw number finds nothing
    again = await store.retrieve(storage_key("13800138000"))
    assert again is not None and again.latest_message.intent["name"] == "ask_cost"
    assert again.get_slot("note") and "110101199003071234" not in again.get_slot("note")
    assert "13800138000" not in again.latest_message.text
    # a second save adds only the new events, in the same masked conversation
    again.update(UserUttered("再问一次", intent={"name": "greet", "confidence": 1.0}))
    await store.save(again)
    assert len(rows(store)) == len(tracker.events) + 1
    assert await store.keys() == [storage_key("13800138000")]


async def test_very_long_conversation_id_is_stored_bounded(store):
    sender = "x" * 70_000
    await store.save(personal_tracker(sender))
    (key,) = {row[0] for row in rows(store)}
    assert len(key) <= privacy.MAX_KEY_CHARS and (await store.retrieve(sender)) is not None


async def test_save_hooks_see_the_masked_events(store, monkeypatch):
    seen = []
    monkeypatch.setattr(masking, "SAVE_HOOKS", [lambda tracker, events: seen.append(events)])
    await store.save(personal_tracker("hook-test"))
    assert seen and all(secret not in repr(seen) for secret in SECRETS)


def test_ping(store):
    store.ping()
