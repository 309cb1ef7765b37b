"""The review lists built from conversations held with the real Rasa server and its SQL tracker store."""

import json
import urllib.request
import uuid

import pytest

from bot.staff import review

pytestmark = pytest.mark.slow

GIBBERISH = "qwxz zzkj ppfh vvbn"


@pytest.fixture(scope="module")
def rasa_with_tracker(trained_model, action_url, server_logs, tmp_path_factory):
    from servers import rasa_server

    tracker_db = tmp_path_factory.mktemp("staff-tracker") / "tracker.db"
    server = rasa_server(trained_model, action_url, server_logs, tracker_db=tracker_db, name="rasa-staff").start()
    yield server.health_url.rsplit("/", 1)[0], tracker_db
    server.stop()


def say(rasa_url: str, sender: str, text: str) -> list:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=120) as reply:
        return json.loads(reply.read())


def test_review_lists_from_real_conversations(rasa_with_tracker, server_logs, monkeypatch):
    rasa_url, tracker_db = rasa_with_tracker
    run = uuid.uuid4().hex[:6]
    answered, lost, human = f"answered-{run}", f"lost-{run}", f"human-{run}"
    say(rasa_url, answered, "灵活就业人员可以自己交社保吗")
    say(rasa_url, answered, "我在深圳，灵活就业参保要带什么材料？")
    say(rasa_url, lost, GIBBERISH)
    say(rasa_url, lost, "/nlu_fallback")
    say(rasa_url, human, "我的电话13812345678，我要找人工客服")
    say(rasa_url, human, "/request_human")

    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tracker_db}")
    monkeypatch.setenv("APP_DATABASE_URL", f"sqlite:///{server_logs / 'app.db'}")  # where the actions record
    period = review.Period.parse()
    turns = review.period_turns(period)
    assert [t.outcome for t in turns[answered]] == ["answered", "answered"]
    assert turns[answered][1].region == "深圳市" and turns[answered][1].topic

    items = {(it.conversation_id, it.reason): it for it in review.review_items(period, status="all")}
    if turns[lost][0].intent == "nlu_fallback":  # the model was unsure of the gibberish
        assert turns[lost][0].outcome in ("lost", "unresolved")
    # what the FallbackClassifier produces, forced: the clarify action's "lost" tier is recorded
    fallback = items[(lost, "fallback")]
    assert fallback.intent == "nlu_fallback" and fallback.confidence is not None
    assert any(t.tier == "lost" for t in turns[lost])
    handoff = items[(human, "handoff")]
    assert "13812345678" not in handoff.text
    assert not any(cid == answered for cid, _ in items)

    stats = review.stats(period)
    assert stats.asked >= 4 and stats.answered >= 2 and stats.handoffs >= 1
    assert ("深圳市", 1) in stats.top_regions or any(r == "深圳市" for r, _ in stats.top_regions)
    lines = review.transcript(answered)
    assert [line.who for line in lines[:2]] == ["user", "bot"] and lines[0].intent == "ask_eligibility"
