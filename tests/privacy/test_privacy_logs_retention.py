"""JSON logs are masked; retention deletes old conversations and project rows; the API guard."""

import datetime as dt
import io
import json
import logging
import sqlite3
import time
from types import SimpleNamespace

import pytest

from bot.runtime import api_guard
from bot.server.logging_json import JsonFormatter, MaskingFilter, json_handler
from bot.store.retention import purge_conversations, run, tracker_database_url


def log_lines(emit) -> list:
    stream = io.StringIO()
    logger = logging.getLogger(f"test.masking.{time.monotonic_ns()}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(json_handler(stream))
    emit(logger)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_lines_are_masked():
    def emit(logger):
        logger.info("user said %s", "我叫张三，手机13800138000")
        try:
            raise ValueError("card 6222021234567890128 rejected")
        except ValueError:
            logger.exception("turn failed for %s", "110101199003071234")
        logger.error(
            "Exception occurred while handling uri: 'http://rasa/conversations/13800138000/tracker?token=s3cret&x=1'"
        )
        logger.warning(
            json.dumps(
                {"event": "rest.message.received.failure", "text": "电话13800138000", "level": "error"},
                ensure_ascii=False,
            )
        )

    lines = log_lines(emit)
    raw = json.dumps(lines, ensure_ascii=False)
    for secret in ("张三", "13800138000", "6222021234567890128", "110101199003071234", "s3cret"):
        assert secret not in raw
    assert lines[0]["level"] == "info" and "[PHONE:" in lines[0]["message"]
    assert "ValueError" in lines[1]["exception"] and "[CARD:" in lines[1]["exception"]
    assert "/conversations/<id>/tracker?token=***" in lines[2]["message"]
    assert lines[3]["message"] == "rest.message.received.failure" and "[PHONE:" in lines[3]["text"]


def test_masking_filter_for_other_formats():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "id %s", ("110101199003071234",), None)
    assert MaskingFilter().filter(record) and "110101199003071234" not in record.getMessage()
    assert json.loads(JsonFormatter().format(record))["message"].startswith("id [ID:")


# --- retention -----------------------------------------------------------------------------------
def make_tracker_db(path, conversations):
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        for sender, timestamps in conversations.items():
            for ts in timestamps:
                connection.execute(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')",
                    (sender, ts),
                )


def test_retention_deletes_whole_old_conversations_only(tmp_path, app_db):
    now = time.time()
    day = 86400
    tracker = tmp_path / "tracker.db"
    make_tracker_db(
        tracker,
        {
            "old": [now - 100 * day, now - 95 * day],
            "ongoing": [now - 100 * day, now - 1 * day],  # started long ago, still active
            "new": [now - 2 * day],
        },
    )
    from bot.store.db import session
    from bot.store.models import Feedback, HandoffRequest, StaffAccount

    old = dt.datetime.utcnow() - dt.timedelta(days=100)
    with session(app_db) as s:
        s.add_all(
            [
                Feedback(conversation_id="old", channel="rest", helpful=True, created_at=old),
                Feedback(conversation_id="new", channel="rest", helpful=False),
                HandoffRequest(conversation_id="old", channel="rest", created_at=old),
                StaffAccount(username="a", display_name="A", password_hash="x", active=True, created_at=old),
            ]
        )

    dry = run(90, f"sqlite:///{tracker}", app_db, dry_run=True, now=now)
    assert dry["conversations"] == 1 and dry["app_rows"]["app_feedback"] == 1
    report = run(90, f"sqlite:///{tracker}", app_db, now=now)
    assert report["conversations"] == 1
    assert report["app_rows"] == {
        "app_feedback": 1,
        "app_handoff_requests": 1,
        "app_review_marks": 0,
        **{
            k: v
            for k, v in report["app_rows"].items()
            if k not in ("app_feedback", "app_handoff_requests", "app_review_marks")
        },
    }
    with sqlite3.connect(tracker) as connection:
        left = {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}
    assert left == {"ongoing", "new"}
    with sqlite3.connect(app_db[len("sqlite:///") :]) as connection:
        assert connection.execute("SELECT count(*) FROM app_feedback").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM app_staff_accounts").fetchone()[0] == 1
    assert purge_conversations(f"sqlite:///{tmp_path / 'empty.db'}", now) == 0


def test_retention_finds_the_tracker_store_of_make_run(monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    assert tracker_database_url().startswith("sqlite:///") and tracker_database_url().endswith("build/tracker.db")
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql://u:p@h/db")
    assert tracker_database_url() == "postgresql://u:p@h/db"


def test_retention_cli(tmp_path, app_db, monkeypatch, capsys):
    from bot.store.retention import main

    tracker = tmp_path / "tracker.db"
    make_tracker_db(tracker, {"old": [time.time() - 400 * 86400]})
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tracker}")
    assert main(["--days", "30"]) == 0
    assert "deleted 1 conversation" in capsys.readouterr().out


# --- Rasa HTTP API guard -------------------------------------------------------------------------
class FakeRequest:
    def __init__(self, path, body, method="POST", args=None, actions=("action_listen", "action_answer")):
        self.path, self.method, self.args = path, method, args or {}
        self.body = body if isinstance(body, bytes) else json.dumps(body).encode()
        domain = SimpleNamespace(action_names_or_texts=list(actions))
        self.app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(domain=domain)))

    @property
    def json(self):
        return json.loads(self.body)


@pytest.mark.parametrize(
    "path, body, refused",
    [
        ("/model/parse", {"text": "社保"}, False),
        ("/model/parse", None, True),
        ("/model/parse", [], True),
        ("/model/parse", {"text": 5}, True),
        ("/model/parse", b"garbage", True),
        ("/model/parse", b"", True),
        ("/conversations/a/messages", {"text": "hi", "sender": "user"}, False),
        ("/conversations/a/messages", {"text": "hi"}, True),
        ("/conversations/a/trigger_intent", {"name": "greet"}, False),
        ("/conversations/a/trigger_intent", {"name": "greet", "entities": [1]}, True),
        ("/conversations/a/execute", {"name": "action_answer"}, False),
        ("/conversations/a/execute", {"name": "ask_cost"}, True),
        ("/conversations/a/execute", {"name": "action_listen", "confidence": "x"}, True),
        ("/conversations/a/tracker/events", {"event": "user", "text": "hi"}, True),  # Rasa needs parse_data
        ("/conversations/a/tracker/events", {"event": "user", "text": "hi", "parse_data": {}}, False),
        ("/conversations/a/tracker/events", [{"event": "slot", "name": "region", "value": "x"}], False),
        ("/conversations/a/tracker/events", [], True),
        ("/conversations/a/tracker/events", [5], True),
        ("/conversations/a/predict", None, False),
        ("/webhooks/rest/webhook", None, False),
    ],
)
def test_api_guard(path, body, refused, monkeypatch):
    monkeypatch.delenv("RASA_API_TOKEN", raising=False)
    assert bool(api_guard.problem(FakeRequest(path, body if body is not None else b""))) is refused


def test_api_guard_leaves_unauthenticated_callers_to_rasa(monkeypatch):
    monkeypatch.setenv("RASA_API_TOKEN", "t")
    assert api_guard.problem(FakeRequest("/model/parse", b"garbage")) is None
    assert api_guard.problem(FakeRequest("/model/parse", b"garbage", args={"token": "t"}))
