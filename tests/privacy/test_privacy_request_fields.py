"""Request fields that are not message text: masked or checked against their vocabulary before
they are stored (the hand-off topic, REST's input_channel and metadata keys, the staff login name,
the conversation id of a 'mark handled')."""

import sqlite3

import pytest

from bot.privacy import mask_value
from bot.store.tracker_store import mask_event

PHONE = "15499361253"


def dump(url: str, table: str) -> str:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return repr(connection.execute(f'SELECT * FROM "{table}"').fetchall())


def test_keys_of_json_values_are_masked_too():
    masked = mask_value({PHONE: "x", "nested": [{"138 1234 5678": 1}], "plain": "ok"})
    assert PHONE not in repr(masked) and "1234" not in repr(masked)
    assert masked["plain"] == "ok" and len(masked) == 3


def test_a_stored_event_masks_input_channel_and_metadata_keys():
    event = {
        "event": "user",
        "text": "你好",
        "input_channel": PHONE,
        "metadata": {PHONE: "callback", "ui_language": "zh"},
    }
    stored = mask_event(event)
    assert PHONE not in repr(stored)
    assert stored["event"] == "user" and stored["metadata"]["ui_language"] == "zh"
    assert mask_event({**event, "input_channel": "widget"})["input_channel"] == "widget"


def test_a_handoff_topic_is_a_known_topic_or_nothing(app_db, use_kb):
    from bot.store import handoff

    handoff._topic_ids.cache_clear()
    assert handoff.known_topic("ask_check_records") == "ask_check_records"
    assert handoff.known_topic(PHONE) is None and handoff.known_topic("no_such_topic") is None
    found, created = handoff.open_request("conv-topic-check", "widget", topic=PHONE)
    assert created and found.topic is None
    assert PHONE not in dump(app_db, "app_handoff_requests")


def test_a_login_name_that_is_personal_data_is_stored_masked(app_db):
    from bot.staff import auth

    settings = auth.Settings(
        idle_minutes=30,
        absolute_hours=12,
        max_failures=2,
        max_failures_per_account=50,
        max_failures_per_client=50,
        window_minutes=15,
        secure_cookie=False,
    )
    for _ in range(2):
        assert auth.login(PHONE, "not-the-password-1", "203.0.113.5", settings) is None
    for table in ("app_staff_login_counters", "app_staff_audit"):
        assert PHONE not in dump(app_db, table)
    with pytest.raises(auth.RateLimited):  # the masked name still counts its failures
        auth.login(PHONE, "not-the-password-1", "203.0.113.5", settings)


def test_a_mark_handled_conversation_id_is_stored_as_its_storage_key(app_db):
    from bot.privacy import storage_key
    from bot.staff import review

    review.mark_handled(PHONE, "fallback", "alice", "回电 138，1234，5678")
    stored = dump(app_db, "app_review_marks")
    assert PHONE not in stored and "1234" not in stored
    assert review.marks_for(storage_key(PHONE))
