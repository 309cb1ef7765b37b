"""Actions with rasa-sdk trackers and a collecting dispatcher, on a test database."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.clarify import ActionClarify
from actions.conversation import ActionHandoff, ActionSmallTalk
from assistant.language import detect


def tracker(text, intent, confidence=0.95, entities=(), ranking=None, events=(), **slots):
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": list(entities),
        "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
    }
    return Tracker("user-1", slots, message, list(events), False, None, {}, "action_listen")


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, trk, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def payload(messages):
    return next(m["custom"] for m in messages if m.get("custom"))


def section(messages, section_id):
    return next(s for s in payload(messages)["sections"] if s["id"] == section_id)


@pytest.mark.parametrize(
    "text, previous, expected",
    [
        ("灵活就业怎么交社保", None, "zh"),
        ("how do I pay social insurance", "zh", "en"),
        ("社保 base 怎么选", "en", "zh"),
        ("1", "en", "en"),
        ("/ask_cost", "en", "en"),
        ("😀", None, "zh"),
    ],
)
def test_language_follows_the_user(text, previous, expected):
    assert detect(text, previous) == expected


def test_answer_sets_the_conversation_memory(use_kb):
    messages, slots = run(ActionAnswer(), tracker("深圳灵活就业交多少钱", "ask_cost", region="深圳"))
    assert slots == {
        "language": "zh",
        "pending_topic": None,
        "region": "深圳市",
        "last_topic": "ask_cost",
        "insurance_type": None,
        "last_answer": "cost-default",
        # "灵活就业" describes the person: remembered for their later questions (assistant/people.py)
        "profile": {"about": "self", "focus": None, "persons": {"self": {"category": "flexible"}}},
    }
    data = payload(messages)
    assert data["kind"] == "answer" and data["in_kb"] and data["schema"] == 2
    assert data["topic"] == "ask_cost" and data["region"] == "深圳市" and data["language"] == "zh"
    assert data["citations"] and all(c.get("year") for c in data["citations"])
    assert len(messages[0]["text"]) <= 200 and section(messages, "local")["title"] == "深圳市的规定"


def test_region_dependent_question_without_region_offers_six_regions_and_other(use_kb):
    messages, _ = run(ActionAnswer(), tracker("灵活就业社保每个月交多少", "ask_cost"))
    assert "哪个城市" in messages[0]["text"]
    regions = [b for b in messages[0]["buttons"] if b["payload"].startswith("/inform")]
    assert len(regions) == 7 and regions[-1]["payload"] == '/inform{"choice": "other_region"}'
    assert regions[0]["payload"].startswith('/inform{"region": ')
    assert payload(messages)["region"] is None and section(messages, "national")


def test_follow_up_region_reanswers_the_last_topic(use_kb):
    messages, slots = run(
        ActionAnswer(),
        tracker(
            "那上海呢", "inform", entities=[{"entity": "region", "value": "上海"}], region="上海", last_topic="ask_cost"
        ),
    )
    assert section(messages, "local")["title"] == "上海市的规定" and slots["last_topic"] == "ask_cost"
    assert payload(messages)["topic"] == "ask_cost"


def test_a_region_sent_after_an_unanswered_did_you_mean_answers_the_original_question(use_kb):
    messages, slots = run(
        ActionAnswer(),
        tracker(
            "深圳",
            "inform",
            entities=[{"entity": "region", "value": "深圳"}],
            region="深圳",
            pending_topic="ask_cost",
            last_topic="ask_transfer",
        ),
    )
    assert payload(messages)["topic"] == "ask_cost" and slots["pending_topic"] is None


def test_region_only_without_topic_asks_what_to_know(use_kb):
    messages, _ = run(
        ActionAnswer(), tracker("我在深圳", "inform", entities=[{"entity": "region", "value": "深圳"}], region="深圳")
    )
    assert "深圳市" in messages[0]["text"] and {b["payload"] for b in messages[0]["buttons"]} >= {"/ask_cost"}


def test_english_question_gets_english_answer(use_kb):
    messages, slots = run(ActionAnswer(), tracker("how much is it in Beijing", "ask_cost", region="Beijing"))
    assert section(messages, "local")["title"] == "Rules in Beijing"
    assert section(messages, "legal")["title"] == "Legal basis"
    assert slots["language"] == "en" and slots["region"] == "北京市"


@pytest.mark.parametrize(
    "text, entities",
    [
        ("社会保险法第58条说什么", [{"entity": "article", "value": "第58条"}]),
        ("第五十八条讲的啥", []),
    ],
)
def test_article_lookup_quotes_the_official_text(use_kb, text, entities):
    messages, _ = run(ActionAnswer(), tracker(text, "ask_legal_basis", entities=entities))
    assert "第五十八条" in messages[0]["text"]
    assert "自愿参加社会保险的无雇工的个体工商户" in messages[0]["text"]
    cite = payload(messages)["citations"][0]
    assert cite["article"] == 58 and cite["law_id"] == "social_insurance_law"


def test_article_lookup_in_english_adds_summary(use_kb):
    messages, _ = run(ActionAnswer(), tracker("what does article 10 say", "ask_legal_basis"))
    assert "Article 10" in messages[0]["text"] and "In short:" in messages[0]["text"]


def test_article_that_does_not_exist(use_kb):
    messages, _ = run(ActionAnswer(), tracker("社会保险法第200条", "ask_legal_basis"))
    assert "共98条" in messages[0]["text"]


def test_regulation_articles_are_found_by_name(use_kb):
    messages, _ = run(ActionAnswer(), tracker("社会保险经办条例第31条", "ask_legal_basis"))
    assert "社会保险经办条例" in messages[0]["text"] and payload(messages)["citations"][0]["article"] == 31


def test_unsure_gives_did_you_mean_buttons(use_kb):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_cost", "confidence": 0.41},
        {"name": "ask_pension_benefit", "confidence": 0.38},
        {"name": "greet", "confidence": 0.1},
    ]
    messages, _ = run(ActionClarify(), tracker("交多少能领多少", "nlu_fallback", 0.5, ranking=ranking))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/ask_cost", "/ask_pension_benefit", "/deny"]
    assert payload(messages)["tier"] == "did_you_mean"
    assert (
        run(ActionClarify(), tracker("交多少能领多少", "nlu_fallback", 0.5, ranking=ranking))[1]["pending_topic"]
        == "ask_cost"
    )


def test_lost_is_honest_and_points_to_12333(use_kb):
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_cost", "confidence": 0.03}]
    messages, _ = run(ActionClarify(), tracker("asdfgh qwerty", "nlu_fallback", 0.5, ranking=ranking))
    assert "12333" in messages[0]["text"]
    assert not messages[0]["buttons"]
    assert payload(messages)["tier"] == "lost"


def test_declining_a_suggestion(use_kb):
    events = [
        {"event": "user", "text": "???"},
        {"event": "action", "name": "action_clarify"},
        {"event": "user", "text": "都不是"},
    ]
    messages, _ = run(ActionSmallTalk(), tracker("都不是", "deny", events=events))
    assert "12333" in messages[0]["text"] and "换个说法" in messages[0]["text"]


@pytest.mark.parametrize(
    "intent, text, expected",
    [
        ("greet", "你好", "社会保险咨询助手"),
        ("greet", "hello", "Hello!"),
        ("out_of_scope", "明天天气怎么样", "只能回答社会保险"),
        ("bot_challenge", "are you a robot", "automated"),
    ],
)
def test_small_talk(use_kb, intent, text, expected):
    messages, _ = run(ActionSmallTalk(), tracker(text, intent))
    assert expected in messages[0]["text"]


def test_handoff_points_to_people(use_kb, app_db):
    messages, _ = run(ActionHandoff(), tracker("转人工", "request_human"))
    assert "12333" in messages[0]["text"] and payload(messages)["handoff"] is True


def test_every_topic_answers_in_both_languages_with_citations(use_kb):
    from knowledge import query

    for topic in query.topics():
        for lang_text in ("问题", "question please"):
            messages, _ = run(ActionAnswer(), tracker(lang_text, topic.id))
            data = payload(messages)
            assert data["topic"] == topic.id and data["citations"] and data["in_kb"], topic.id
            assert 20 < len(messages[0]["text"]) <= (200 if lang_text == "问题" else 400), topic.id


def test_handoff_says_when_someone_will_look_and_leaves_the_queue_to_the_channel(use_kb, app_db, monkeypatch):
    from sqlalchemy import select

    from bot.store.db import session
    from bot.store.models import HandoffRequest

    monkeypatch.setenv("HANDOFF_HOURS", "never")
    messages, _ = run(ActionHandoff(), tracker("转人工，我电话13812345678", "request_human"))
    assert payload(messages)["extra"] == {"staffed": False, "opens": None, "about": None}
    monkeypatch.setenv("HANDOFF_HOURS", "always")
    messages, _ = run(ActionHandoff(), tracker("转人工", "request_human"))
    assert payload(messages)["extra"]["staffed"] is True and "取消" in messages[0]["text"]
    with session() as s:  # the channel side queues the request (bot/channels/handoff.py), not the action
        assert s.scalars(select(HandoffRequest)).all() == []


def test_insurance_type_is_not_carried_into_an_unrelated_question(use_kb):
    messages, slots = run(
        ActionAnswer(),
        tracker("社保断交了三个月能补吗", "ask_late_payment", insurance_type="医保", last_topic="ask_cost"),
    )
    assert payload(messages)["answer_id"] == "late-payment-default" and slots["insurance_type"] is None


def test_follow_up_keeps_the_previous_insurance_type(use_kb):
    medical = run(
        ActionAnswer(),
        tracker("上海医保交多少", "ask_cost", entities=[{"entity": "insurance_type", "value": "医保"}], region="上海"),
    )[0]
    follow = run(
        ActionAnswer(),
        tracker(
            "那北京呢",
            "inform",
            entities=[{"entity": "region", "value": "北京"}],
            region="北京",
            insurance_type="医保",
            last_topic="ask_cost",
        ),
    )[0]
    assert payload(follow)["answer_id"] == payload(medical)["answer_id"] != "cost-default"


def test_inform_that_names_nothing_is_treated_as_not_understood(use_kb):
    ranking = [{"name": "inform", "confidence": 0.7}, {"name": "ask_cost", "confidence": 0.02}]
    messages, _ = run(
        ActionAnswer(), tracker("qwxz zzkj ppfh vvbn", "inform", 0.7, ranking=ranking, last_topic="ask_cost")
    )
    assert payload(messages)["tier"] == "lost" and "12333" in messages[0]["text"]


@pytest.mark.parametrize(
    "action, intent",
    [(ActionSmallTalk, "out_of_scope"), (ActionAnswer, "ask_where_to_pay"), (ActionClarify, "nlu_fallback")],
)
def test_another_subject_is_named_with_who_handles_it(use_kb, action, intent):
    messages, _ = run(action(), tracker("住房公积金怎么提取出来", intent))
    assert messages[0]["text"].startswith("您问的是住房公积金，这不属于社会保险，由当地住房公积金管理中心办理")
    assert payload(messages)["kind"] == "not_covered" and payload(messages)["extra"] == {
        "subject": "housing_provident_fund"
    }


def test_long_term_care_is_social_insurance_not_another_subject(use_kb):
    messages, _ = run(ActionAnswer(), tracker("长期护理保险怎么申请", "ask_long_term_care"))
    assert payload(messages)["kind"] == "answer" and payload(messages)["topic"] == "ask_long_term_care"
