"""Bound what the NLU pipeline reads from one message.

The REST and socket.io channels accept any text; DIET's transformer cost grows with the square
of the token count, so a megabyte of text would stall a worker. This component runs first and
trims the text the pipeline sees to its first MAX_CHARS characters, drops control characters and
invalid surrogates, and keeps the original length in `input_chars` for the actions to mention.
"""

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

MAX_CHARS = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean(text: str, max_chars: int = MAX_CHARS) -> str:
    return _CONTROL.sub(" ", text or "")[:max_chars]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class InputGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"max_chars": MAX_CHARS}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._max_chars = int(config["max_chars"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InputGuard":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                message.set("input_chars", len(text), add_to_output=True)
                message.set(TEXT, clean(text, self._max_chars))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
