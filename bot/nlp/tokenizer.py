"""A jieba tokenizer that carries the project's domain dictionary inside the saved pipeline.

spaCy's own ChineseTokenizer uses jieba's global dictionary and does not save user words, so a
pipeline loaded in another process (the Rasa server) would segment '灵活就业' or '深圳市'
differently from the process that built the entity-ruler patterns. This subclass stores the words
next to the tokenizer and re-adds them on load, before the entity ruler re-tokenizes its patterns.
It is registered under spaCy's `spacy_tokenizers` entry point (see pyproject.toml) so that plain
`spacy.load()` finds it.
"""

from pathlib import Path

import jieba
import srsly
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.util import ensure_path, registry

WORDS_FILE = "domain_words.json"
TOKENIZER_NAME = "shebao.DomainJiebaTokenizer.v1"


class DomainJiebaTokenizer(ChineseTokenizer):
    def __init__(self, vocab, words=()):
        super().__init__(vocab, segmenter=Segmenter.jieba)
        self.words = []
        self.add_words(words)

    def add_words(self, words) -> None:
        for word in words:
            if word not in self.words:
                self.words.append(word)
                jieba.add_word(word)

    def to_disk(self, path, **kwargs):
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / WORDS_FILE, self.words)

    def from_disk(self, path, **kwargs):
        words_path = Path(ensure_path(path)) / WORDS_FILE
        if words_path.exists():
            self.add_words(srsly.read_json(words_path))
        return self


@registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer():
    def tokenizer_factory(nlp):
        return DomainJiebaTokenizer(nlp.vocab)

    return tokenizer_factory
