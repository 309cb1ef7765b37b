"""The one place where the NLU pipeline normalises what it reads (knowledge/textnorm.py).

It runs right after InputGuard (which bounds the length, so a megabyte of text is never
normalised) and before the tokenizer, on training examples and on messages alike, so the model
learns and reads the same form: '我是靈活就業 在深圳，每個月繳多少？' and '我是灵活就业 在深圳 每个月缴多少'
are the same question. The normalised text has the length of the original, so the offsets of the
entities found in it point into what the user typed; an entity's value is its normalised
(simplified) spelling, which is what knowledge.query resolves.
"""
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from knowledge.textnorm import normalize


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextNormalizer(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TextNormalizer":
        return cls()

    @staticmethod
    def _normalize(messages: List[Message]) -> None:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                message.set(TEXT, normalize(text))

    def process(self, messages: List[Message]) -> List[Message]:
        self._normalize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._normalize(training_data.training_examples)
        return training_data
