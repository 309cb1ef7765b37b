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

import re
from functools import lru_cache
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


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class HomophoneCorrector(GraphComponent):
    """Puts the word meant in place of a homophone typo ('零活就业' -> '灵活就业', '工商保险' -> '工伤保险').

    The words it knows are learned from the training examples: every run of 3-4 Chinese characters
    seen at least `min_count` times that is a word (jieba's dictionary or the knowledge base's
    lexicon), and the lexicon's two-character names (工伤, 医保); other two-character words sound
    like too many pairs of characters across word boundaries ('是六' for '十六').
    A window of the message is replaced when it is not a word itself, sounds like one of those
    (knowledge.textnorm.pinyin_key, near-homophones merged), differs in at most half its
    characters, contains no numeral and no word of the text straddles its edges ('北京失' of
    '北京失业金' is left alone). The text keeps its length, so entity offsets still point into
    what was typed.
    """

    FILE = "homophones.json"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"min_count": 3, "sizes": [4, 3, 2]}

    def __init__(
        self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, terms: dict = None
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self._terms = terms or {}  # pinyin key -> the word

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "HomophoneCorrector":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "HomophoneCorrector":
        import json

        try:
            with model_storage.read_from(resource) as folder:
                terms = json.loads((folder / cls.FILE).read_text(encoding="utf-8"))
        except ValueError:
            terms = {}
        return cls(config, model_storage, resource, terms)

    @staticmethod
    def _is_word(text: str) -> bool:
        return bool(_jieba_words().get(text)) or text in _lexicon_words()

    def train(self, training_data: TrainingData) -> Resource:
        import json
        from collections import Counter

        from knowledge.textnorm import pinyin_key

        counts = Counter()
        for example in training_data.training_examples:
            for run in _CJK_RUN.findall(normalize(example.get(TEXT) or "")):
                counts.update(run[i : i + n] for n in self.config["sizes"] for i in range(len(run) - n + 1))
        terms = {}
        for word, count in counts.most_common():
            # two characters sound like too many other pairs: only the lexicon's short names count
            if count >= self.config["min_count"] and (
                word in _lexicon_words() or len(word) > 2 and self._is_word(word)
            ):
                terms.setdefault(pinyin_key(word), word)
        self._terms = terms
        with self._storage.write_to(self._resource) as folder:
            (folder / self.FILE).write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        return self._resource

    def _crosses_a_word(self, run: str, start: int, end: int) -> bool:
        """Whether a word of the text straddles an edge of the window ('北京失' of '北京失业金')."""
        return any(
            self._is_word(run[j : j + size])
            for size in (2, 3, 4)
            for j in range(max(0, start - size + 1), min(end, len(run) - size + 1))
            if j < start < j + size or j < end < j + size
        )

    def correct(self, text: str) -> str:
        from knowledge.textnorm import pinyin_key

        chars, fixed = list(text), [False] * len(text)
        for match in _CJK_RUN.finditer(text):
            start, run = match.start(), match.group()
            for n in self.config["sizes"]:
                for i in range(len(run) - n + 1):
                    window = run[i : i + n]
                    word = self._terms.get(pinyin_key(window))
                    if (
                        not word
                        or word == window
                        or any(fixed[start + i : start + i + n])
                        or sum(a != b for a, b in zip(word, window, strict=True)) > n // 2
                        or _NUMERALS.intersection(window)
                        or self._is_word(window)
                        or self._crosses_a_word(run, i, i + n)
                    ):
                        continue
                    chars[start + i : start + i + n] = word
                    fixed[start + i : start + i + n] = [True] * n
        return "".join(chars)

    def process(self, messages: List[Message]) -> List[Message]:
        if self._terms:
            for message in messages:
                text = message.get(TEXT)
                if isinstance(text, str):
                    message.set(TEXT, self.correct(text))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_NUMERALS = set("一二三四五六七八九十百千万两")


@lru_cache(maxsize=1)
def _jieba_words() -> dict:
    """jieba's dictionary (word -> frequency), loaded once."""
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ


@lru_cache(maxsize=1)
def _lexicon_words() -> frozenset:
    from knowledge import lexicon

    return frozenset(n.surface for n in lexicon.names() if _CJK_RUN.fullmatch(n.surface))
