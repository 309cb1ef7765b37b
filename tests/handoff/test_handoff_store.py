"""The hand-off's state machine, its silence rule, the staffed hours and call-back numbers, on a
freshly migrated project database (no servers)."""

import datetime as dt
import sqlite3
import threading

import pytest

from assistant.staffed_hours import Schedule
from bot.store import handoff as store

PHONE = "13812345678"
ALWAYS, NEVER = Schedule.parse("always"), Schedule.parse("never")


def test_staffed_hours_periods_and_next_opening():
    week = Schedule.parse("mon-fri 09:00-12:00,13:30-17:00; sat 09:00-11:00", "2026-12-02")
    at = lambda *a: dt.datetime(*a, tzinfo=week.tz)  # noqa: E731  (local time)
    assert week.staffed(at(2026, 11, 30, 10, 0)) and not week.staffed(at(2026, 11, 30, 12, 30))
    assert week.period(at(2026, 11, 30, 14, 0)) == (at(2026, 11, 30, 13, 30), at(2026, 11, 30, 17, 0))
    assert week.next_opening(at(2026, 11, 30, 12, 30)) == at(2026, 11, 30, 13, 30)
    assert not week.staffed(at(2026, 12, 2, 10, 0))  # a closed date
    assert week.next_opening(at(2026, 12, 1, 18, 0)) == at(2026, 12, 3, 9, 0)
    assert week.next_opening(at(2026, 12, 5, 12, 0)) == at(2026, 12, 7, 9, 0)  # Saturday after hours -> Monday
    assert NEVER.next_opening() is None and not NEVER.staffed() and ALWAYS.staffed()
    for bad in ("mon-fri 9-17", "funday 09:00-10:00", "mon 17:00-09:00"):
        with pytest.raises(ValueError):
            Schedule.parse(bad)


def test_the_reply_says_when_someone_will_look():
    from presentation.handoff import requested

    week = Schedule.parse("mon-fri 09:00-17:00")
    friday_evening = dt.datetime(2026, 12, 4, 19, 0, tzinfo=week.tz)
    offline = requested("zh", week, friday_evening)
    assert "周一 09:00" in offline.text and offline.payload.extra["staffed"] is False
    assert "Monday at 09:00" in requested("en", week, friday_evening).text
    assert "明天09:00" in requested("zh", week, friday_evening - dt.timedelta(days=1)).text
    live = requested("en", week, dt.datetime(2026, 12, 4, 10, 0, tzinfo=week.tz), about="ask_cost")
    assert live.payload.extra == {"staffed": True, "opens": None, "about": "ask_cost"} and "cancel" in live.text
    assert "12333" in requested("zh", NEVER).text and requested("zh", NEVER).payload.extra["opens"] is None


def test_one_open_request_per_conversation_masked(app_db):
    first, created = store.open_request("conv-1", "widget", note=f"请回电 {PHONE}")
    again, created_again = store.open_request("conv-1", "widget", note="还在吗")
    assert created and not created_again and again.id == first.id and first.state == "waiting"
    assert PHONE not in first.note and "[PHONE:" in first.note
    assert [m.text for m in store.messages(first.id)] == ["还在吗"]
    assert store.current("conv-1").id == first.id and store.current("other") is None


def test_two_staff_cannot_take_the_same_conversation(app_db):
    request, _ = store.open_request("conv-race", "widget")
    winners, losers = [], []

    def grab(name):
        try:
            winners.append(store.take(request.id, name).taken_by)
        except store.AlreadyTaken as taken:
            losers.append(taken.by)

    threads = [threading.Thread(target=grab, args=(name,)) for name in ("alice", "bob", "carol", "dave")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1 and len(losers) == 3 and set(losers) == set(winners)
    with pytest.raises(store.AlreadyTaken):
        store.reply(request.id, "someone-else", "我来回答")
    message = store.reply(request.id, winners[0], f"请核对尾号 {PHONE}")
    assert message.author == "staff" and PHONE not in message.text


def test_silence_follows_the_request(app_db, monkeypatch):
    now = store.utcnow()
    request, _ = store.open_request("conv-quiet", "rest", staffed=True)
    assert request.silences(ALWAYS, now) and not request.silences(NEVER, now)
    offline, _ = store.open_request("conv-offline", "rest", staffed=False)
    assert not offline.silences(ALWAYS, now)  # noted outside staffed hours: the assistant goes on
    taken = store.take(request.id, "alice")
    assert taken.silences(NEVER, now)  # a person has it, whatever the hours
    monkeypatch.setenv("HANDOFF_IDLE_MINUTES", "5")
    assert not taken.silences(ALWAYS, now + dt.timedelta(minutes=6))  # forgotten: the assistant is back
    store.hand_back(request.id, "alice")
    assert not store.latest("conv-quiet").open and store.current("conv-quiet") is None
    week = Schedule.parse("mon-fri 09:00-17:00")
    monday = dt.datetime(2026, 11, 30, 2, 0)  # naive UTC: Monday 10:00 in Beijing
    waiting = store.Handoff(**{**request.__dict__, "state": "waiting", "created_at": monday})
    assert waiting.silences(week, monday + dt.timedelta(hours=1))
    assert not waiting.silences(week, monday + dt.timedelta(hours=8))  # 18:00: nobody on duty
    assert not waiting.silences(week, monday + dt.timedelta(days=1))  # Tuesday 10:00: another period


def test_citizen_cancel_and_staff_close(app_db):
    request, _ = store.open_request("conv-c", "widget")
    assert store.cancel("conv-c").close_reason == "cancelled" and store.cancel("conv-c") is None
    other, _ = store.open_request("conv-d", "widget", staffed=False)
    assert store.close_unanswered(other.id, "alice").state == "closed"
    with pytest.raises(store.HandoffError):
        store.take(other.id, "alice")


def test_staff_messages_reach_polling_and_in_band_channels_once(app_db):
    request, _ = store.open_request("conv-poll", "rest")
    store.take(request.id, "alice")
    store.notice(request.id, "工作人员已接入")
    store.relay(request.id, "我的问题是……")
    reply = store.reply(request.id, "alice", "您好")
    pending = store.undelivered("conv-poll")
    assert [m.text for m in pending] == ["工作人员已接入", "您好"] and store.undelivered("conv-poll") == []
    assert [m.id for m in store.updates("conv-poll", after=0)][-1] == reply.id
    assert store.updates("conv-poll", after=reply.id) == []


def test_callback_numbers_are_encrypted_and_deleted(app_db):
    store.open_request("conv-cb", "widget", staffed=False)
    saved = store.add_callback("conv-cb", "widget", "138 1234 5678", consent="我同意……")
    assert saved.phone_last4 == "5678" and saved.handoff_id is not None
    with sqlite3.connect(app_db[len("sqlite:///") :]) as db:
        dump = "\n".join(db.iterdump())
    assert PHONE not in dump and "138 1234 5678" not in dump
    assert store.callback_number(saved.id) == PHONE
    assert [c.id for c in store.callbacks()] == [saved.id]
    with pytest.raises(ValueError):
        store.add_callback("conv-cb", "widget", "12345", consent="x")
    assert store.purge_callbacks(days=14, now=store.utcnow() + dt.timedelta(days=15)) == 1
    assert store.callbacks(include_handled=True) == []


def test_retention_deletes_call_back_numbers_after_their_own_period(app_db, monkeypatch):
    import time as clock

    from bot.store.retention import run

    store.add_callback("conv-keep", "widget", "13812345678", consent="我同意……")
    monkeypatch.setenv("CALLBACK_RETENTION_DAYS", "3")
    later = clock.time() + 4 * 86400
    assert run(180, None, app_db, dry_run=True, now=later)["callbacks"] == 1
    assert run(180, None, app_db, now=clock.time())["callbacks"] == 0  # not yet
    report = run(180, None, app_db, now=later)
    assert report["callbacks"] == 1 and store.callbacks(include_handled=True) == []


def test_an_expired_call_back_number_is_never_revealed(app_db, monkeypatch):
    store.open_request("conv-old", "widget", staffed=False)
    saved = store.add_callback("conv-old", "widget", "13812345678", consent="我同意……")
    monkeypatch.setenv("CALLBACK_RETENTION_DAYS", "1")
    with sqlite3.connect(app_db[len("sqlite:///") :]) as db:
        db.execute("UPDATE app_callback_requests SET created_at = datetime('now', '-2 days') WHERE id = ?", (saved.id,))
    assert store.callback_number(saved.id) is None
    assert store.callbacks(include_handled=True) == []


def test_the_citizens_side_sees_its_own_channel_only(app_db):
    rest, _ = store.open_request("same-id", "rest")
    store.take(rest.id, "alice")
    store.reply(rest.id, "alice", "给 REST 市民的回复")
    assert store.latest("same-id", channel="widget") is None and store.cancel("same-id", channel="widget") is None
    assert store.updates("same-id", channel="widget") == [] and store.undelivered("same-id", channel="widget") == []
    widget, created = store.open_request("same-id", "widget")
    assert created and widget.id != rest.id
    assert [m.text for m in store.undelivered("same-id", channel="rest")] == ["给 REST 市民的回复"]
