"""The n-gram blend and the second question of a two-in-one message (bot/nlp/ensemble.py), on a tiny
training set, without DIET: the component is trained, saved, loaded and run as Rasa would."""

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.ensemble import SECOND_QUESTION, IntentEnsemble, clauses, with_background, with_places
from bot.nlp.normalizer import TextNormalizer

EXAMPLES = {
    "ask_process": [
        "个人社保怎么办理",
        "自己怎么参保",
        "灵活就业怎么登记参保",
        "怎么办理个人参保手续",
        "参保流程是什么",
    ],
    "ask_cost": ["一个月交多少钱", "社保费用多少", "最低交多少钱", "每月要交多少", "缴费标准是多少钱"],
    "greet": ["你好", "您好", "嗨", "早上好", "哈喽"],
}


@pytest.fixture(scope="module")
def ensemble(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("ensemble")
    messages = [Message(data={TEXT: t, INTENT: i}) for i, ts in EXAMPLES.items() for t in ts]
    TextNormalizer().process_training_data(TrainingData(messages))
    # No knowledge base needed here (with_places is tested below); DIET as heavy as the n-gram model.
    config = {"place_copies": False, "diet_weight": 0.5}
    IntentEnsemble.create(config, storage, resource, None).train(TrainingData(messages))
    return IntentEnsemble.load(config, storage, resource, None)


def parse(component, text, diet_ranking):
    message = Message(data={TEXT: text})
    TextNormalizer().process([message])
    message.set(INTENT_RANKING_KEY, diet_ranking)
    component.process([message])
    return message


def test_clauses_split_at_punctuation_spaces_between_chinese_and_and():
    assert clauses("没单位的人社保怎么交,交多少钱") == ["没单位的人社保怎么交", "交多少钱"]
    assert clauses("怎么交 交多少钱") == ["怎么交", "交多少钱"]
    assert clauses("How do I enrol, and how much is it per month?") == ["How do I enrol", "how much is it per month"]
    assert clauses("深圳 社保") == []  # too short to be questions of their own
    assert clauses("") == []


def test_the_blend_combines_diet_with_the_ngram_model(ensemble):
    message = parse(
        ensemble,
        "社保一个月交多少钱",
        [{"name": "ask_process", "confidence": 0.6}, {"name": "ask_cost", "confidence": 0.4}],
    )
    ranking = message.get(INTENT_RANKING_KEY)
    assert message.get(INTENT)["name"] == ranking[0]["name"] == "ask_cost"  # the n-gram model outweighs DIET here
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)


def test_a_second_question_is_reported_with_its_clause(ensemble):
    diet = [{"name": "ask_process", "confidence": 0.7}, {"name": "ask_cost", "confidence": 0.3}]
    message = parse(ensemble, "自己怎么参保，每月要交多少钱？", diet)
    assert message.get(INTENT)["name"] == "ask_process"
    second = message.get(SECOND_QUESTION)
    assert second["intent"] == "ask_cost" and second["text"] == "每月要交多少钱"
    assert 0.2 <= second["confidence"] <= 1


def test_one_question_gets_no_second(ensemble):
    diet = [{"name": "ask_process", "confidence": 0.9}, {"name": "ask_cost", "confidence": 0.1}]
    assert parse(ensemble, "个人社保怎么办理", diet).get(SECOND_QUESTION) is None
    assert parse(ensemble, "你好，个人社保怎么办理", diet).get(SECOND_QUESTION) is None  # a greeting is no question


def test_question_examples_get_one_copy_with_a_place_or_a_year():
    examples = [("个人社保怎么办理", "ask_process"), ("how much is it", "ask_cost"), ("你好", "greet")]
    copies = with_places(examples, ["深圳", "Shenzhen"])
    assert [intent for _, intent in copies] == ["ask_process", "ask_cost"]  # small talk gets none
    zh, en = copies[0][0], copies[1][0]
    assert (
        "个人社保怎么办理" in zh
        and zh != "个人社保怎么办理"
        and set(zh) - set("个人社保怎么办理") <= set("深圳0123456789")
    )
    assert "how much is it" in en and ("Shenzhen" in en or en[-4:].isdigit())
    assert with_places(examples, ["深圳", "Shenzhen"]) == copies  # the same copies every training run


def test_ngram_probabilities_are_the_classifiers_own(ensemble):
    texts = ["个人社保怎么办理", "how much is it", "北京失业金领取标准2021"]
    ours = ensemble._ngram_probabilities(texts)
    theirs = ensemble._classifier.predict_proba(ensemble._vectorizer.transform(texts))
    for mine, row in zip(ours, theirs, strict=True):
        assert [mine[name] for name in ensemble._classifier.classes_] == pytest.approx(list(row), abs=1e-9)


def test_long_messages_get_sharper_confidences_in_the_same_order(ensemble):
    ranking = [{"name": "ask_cost", "confidence": 0.3}, {"name": "ask_process", "confidence": 0.2}]
    assert ensemble._sharpened(ranking, "交多少钱") == ranking  # short: as blended
    sharp = ensemble._sharpened(ranking, "我在外地打工好多年了现在回老家想问一下交多少钱")
    assert [r["name"] for r in sharp] == ["ask_cost", "ask_process"]
    assert sharp[0]["confidence"] > 0.7 and abs(sum(r["confidence"] for r in sharp) - 1.0) < 1e-9


def test_question_examples_get_one_copy_inside_a_story_in_their_language():
    pool = {
        "zh": {"openings": ["我在外地打工。"], "endings": ["谢谢"]},
        "en": {"openings": ["Hi all."], "endings": ["Thanks!"]},
    }
    copies = with_background([("怎么交", "ask_process"), ("how much", "ask_cost"), ("你好", "greet")], pool)
    assert copies == [("我在外地打工。怎么交谢谢", "ask_process"), ("Hi all. how much Thanks!", "ask_cost")]
