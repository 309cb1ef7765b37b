"""The one place where the NLU pipeline normalises what it reads (knowledge/textnorm.py).

TextNormalizer runs right after InputGuard (which bounds the length, so a megabyte of text is
never normalised) and before the tokenizer, on training examples and on messages alike, so the
model learns and reads the same form: '我是靈活就業 在深圳，每個月繳多少？' and '我是灵活就业 在深圳 每个月缴多少'
are the same question. The normalised text has the length of the original, so the offsets of the
entities found in it point into what the user typed; an entity's value is its normalised
(simplified) spelling, which is what knowledge.query resolves.

The text as typed is kept beside it (TYPED_TEXT: the ensemble splits it into clauses at the
punctuation that normalising removes), and TypedTextRestorer, last in the pipeline, puts it back
as the message text: the parse result and the tracker carry what the user typed, with the
entities' offsets pointing into it.
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

TYPED_TEXT = "typed_text"


class _NotTrained(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        raise NotImplementedError


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextNormalizer(_NotTrained):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                message.set(TYPED_TEXT, text)
                message.set(TEXT, normalize(text))
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TypedTextRestorer(_NotTrained):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            typed = message.get(TYPED_TEXT)
            if isinstance(typed, str):
                message.set(TEXT, typed)
        return messages
