"""Review lists and counts from a tracker store written through Rasa's SQLTrackerStore API."""

import datetime as dt
import time

import pytest
import yaml
from staff_tracker_data import ID_NUMBER, PHONE, action, bot, conversations, user, write

from bot.staff import review


@pytest.fixture
def tracker(tmp_path, monkeypatch, app_db):
    path = tmp_path / "tracker.db"
    write(path)
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{path}")
    return path


def _period():
    return review.Period.parse()


def test_outcomes_of_each_kind_of_turn(tracker):
    turns = review.period_turns(_period())
    outcome = {cid: [t.outcome for t in ts] for cid, ts in turns.items()}
    assert outcome["conv-answered"] == ["answered", "answered"]
    assert outcome["conv-lost"] == ["lost"]
    assert outcome["conv-declined"] == ["declined", "declined_reply"]
    assert outcome["conv-clarified"] == ["clarified", "payload"]
    assert outcome["conv-human"] == ["handoff"]
    assert outcome["conv-smalltalk"] == ["small_talk"]


def test_counts_over_the_period(tracker):
    stats = review.stats(_period())
    assert (stats.asked, stats.answered, stats.clarified, stats.fell_back, stats.handoffs) == (7, 4, 1, 2, 1)
    assert stats.top_topics[0] == ("ask_cost", 2) and stats.top_regions[0] == ("深圳市", 2)
    assert [p.text for p in stats.top_unanswered] == [
        "交多少能领多少",
        "我的身份证[" + stats.top_unanswered[1].text.split("[", 1)[1],
    ]
    assert sum(day[1] for day in stats.daily) == 7


def test_a_period_without_the_conversations_is_empty(tracker):
    old = review.Period.parse("2020-01-01", "2020-01-31")
    assert review.stats(old).asked == 0 and review.review_items(old, status="all") == []


def test_review_items_are_masked_and_marked(tracker):
    items = review.review_items(_period(), status="all")
    reasons = {(it.conversation_id, it.reason) for it in items}
    assert {("conv-lost", "fallback"), ("conv-declined", "declined"), ("conv-human", "handoff")} <= reasons
    lost = next(it for it in items if it.conversation_id == "conv-lost")
    assert ID_NUMBER not in lost.text and "[ID:" in lost.text
    assert (lost.intent, lost.best_guess, lost.best_guess_confidence) == ("nlu_fallback", "ask_check_records", 0.11)
    review.mark_handled("conv-lost", "fallback", "Alice", f"called back {PHONE}")
    after = review.review_items(_period(), reason="fallback", status="handled")
    handled = next(it for it in after if it.conversation_id == "conv-lost")
    assert handled.handled_by == "Alice" and PHONE not in handled.note
    assert "conv-lost" not in {it.conversation_id for it in review.review_items(_period(), reason="fallback")}


def test_a_new_fallback_after_the_mark_reopens_the_item(tracker):
    review.mark_handled("conv-lost", "fallback", "Alice")
    later = time.time() + 60
    write(
        tracker,
        {
            "conv-lost": conversations()["conv-lost"]
            + [
                user("还是不懂", "nlu_fallback", 0.5, at=later),
                action("action_clarify", later),
                bot("抱歉", {"kind": "clarify", "tier": "lost", "topic": "nlu_fallback"}, later),
            ]
        },
    )
    period = review.Period(dt.date.today() - dt.timedelta(days=2), dt.date.today() + dt.timedelta(days=2))
    reopened = [it for it in review.review_items(period, reason="fallback") if it.conversation_id == "conv-lost"]
    assert reopened and reopened[0].text == "还是不懂"


def test_feedback_and_handoff_rows_join_the_lists(tracker):
    from bot.store.handoff import open_request
    from bot.store.records import record_feedback

    record_feedback("conv-feedback", "rest", False, "ask_cost", f"不对 {ID_NUMBER}")
    open_request("conv-elsewhere", "wechat", note="请人工")
    items = {(it.conversation_id, it.reason): it for it in review.review_items(_period())}
    assert ID_NUMBER not in items[("conv-feedback", "negative_feedback")].text
    assert items[("conv-feedback", "negative_feedback")].intent == "ask_cost"
    assert ("conv-elsewhere", "handoff") in items


def test_exports_for_trainers(tracker):
    phrasings = review.unanswered(_period())
    data = yaml.safe_load(review.export_yaml(phrasings, _period()))
    assert data["version"] == "3.1" and all(item["intent"].startswith("TODO_") for item in data["nlu"])
    tricky = [
        review.Phrasing('=HYPERLINK("x")', 1, None, None, 0, 0, 1),
        review.Phrasing("a: b\n- c # d", 2, "ask_cost", 0.3, 0, 0, 1),
    ]
    assert review.export_csv(tricky).splitlines()[1].startswith("\"'=HYPERLINK")
    parsed = yaml.safe_load(review.export_yaml(tricky, _period()))
    assert any("a: b - c # d" in item["examples"] for item in parsed["nlu"])


def test_no_tracker_store_means_empty_lists(tmp_path, monkeypatch, app_db):
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    assert review.stats(_period()).asked == 0
    assert review.transcript("anyone") == []


def test_period_parsing():
    assert review.Period.parse("2026-11-01", "2026-11-07").days()[0] == dt.date(2026, 11, 1)
    for bad in (("2026-11-07", "2026-11-01"), ("garbage", None), ("1900-01-01", "2100-01-01")):
        with pytest.raises(ValueError):
            review.Period.parse(*bad)


def test_about_the_person_comes_from_the_latest_profile(tracker):
    from bot.staff.review import person

    about = person.about("conv-human")
    assert [p.who for p in about.persons] == ["来访者本人 The citizen", "您妻子 Your wife"]
    assert about.persons[0].said == ["1970年5月出生、男、已交12年", "born 1970-05, man, paid 12 years"]
    assert "灵活就业" in about.persons[1].said[0] and about.persons[1].current
    assert person.about("conv-answered").persons == [] and person.about("conv-answered").place == "深圳市"
    assert person.about("conv-lost") is None and person.about("nobody") is None


def test_about_the_person_falls_back_to_the_payload_and_goes_when_cleared(tracker):
    from staff_tracker_data import profile

    from bot.staff.review import person

    line = {"about": "husband", "line": f"您丈夫：1965年出生 {PHONE}"}
    said = bot(
        "好的", {"kind": "answer", "topic": "ask_retirement_age", "person": {"about": "husband", "people": [line]}}
    )
    write(tracker, {"conv-payload": [user("我老公1965年的", "inform", 0.9), said]})
    shown = person.about("conv-payload").persons
    assert [p.who for p in shown] == ["您丈夫 Your husband"] and PHONE not in shown[0].said[0]
    assert shown[0].said[0].startswith("您丈夫：1965年出生")
    write(tracker, {"conv-human": conversations()["conv-human"] + [profile(None)]})
    assert person.about("conv-human") is None
