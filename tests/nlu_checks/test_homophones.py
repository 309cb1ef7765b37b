"""The homophone corrector (bot/nlp/normalizer.HomophoneCorrector) on a small training set."""

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.normalizer import HomophoneCorrector

EXAMPLES = ["灵活就业怎么交", "灵活就业交多少", "我是灵活就业人员"] + [
    "工伤保险怎么报",
    "工伤保险待遇",
    "公司不交工伤保险",
]


@pytest.fixture(scope="module")
def corrector(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = Resource("homophones")
    component = HomophoneCorrector({}, storage, resource)
    component.train(TrainingData([Message(data={TEXT: t, "intent": "x"}) for t in EXAMPLES]))
    return HomophoneCorrector.load({}, storage, resource, None)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("零活就业交多少", "灵活就业交多少"), ("工商保险怎么报", "工伤保险怎么报")],
)
def test_a_homophone_typo_becomes_the_word_meant(corrector, typed, meant):
    message = Message(data={TEXT: typed})
    corrector.process([message])
    assert message.get(TEXT) == meant


@pytest.mark.parametrize("text", ["个体工商户怎么交", "北京失业金多少", "三个月没交了", "我在事业单位上班"])
def test_real_words_are_left_alone(corrector, text):
    assert corrector.correct(text) == text
