"""The staff search's words: segmentation (jieba with the domain dictionary) and the canonical names.

Shared by the index builder (knowledge/search/index.py) and the query side (knowledge/search/__init__.py):
both read text through the same Lexicon, so a word is indexed the way it is looked up. Places in a
query are read by the one resolver of places (knowledge.query.place_spans), not by this lexicon.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge import lexicon, schema
from knowledge.numerals import find_article_numbers
from knowledge.textnorm import normalize

_ZH_STOP = set(
    "的 了 吗 呢 吧 啊 呀 么 是 我 我们 你 您 他 她 在 和 与 及 或 也 都 请问 一下 这个 那个 个 想 问".split()
)
_EN_STOP = set(
    """a an the of to in on for and or is are am be been do does did i me my we our you your
he she it its they them this that these those what which who whom how can could should would will shall
may might must there here with by at from as about into if then than so not no yes please tell want
need know get any some much many""".split()
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class Interpretation:
    """What the query named, besides its words."""

    words: tuple
    regions: tuple = ()
    insurance_types: tuple = ()
    schemes: tuple = ()
    laws: tuple = ()
    articles: tuple = ()
    name_words: tuple = ()  # (canonical token, the words typed for it)


# ---------------------------------------------------------------- segmentation


def _normalize(raw: str) -> str:
    return normalize(raw or "").lower()


def _stem(word: str) -> str:
    if word.isdigit() or not word.isascii():
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _token(kind: str, ident) -> str:
    return "x" + kind + re.sub(r"[^a-z0-9]", "", str(ident).lower())


class Lexicon:
    """The domain dictionary and the canonical names, shared by indexing and querying."""

    def __init__(self, words, names):
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        self.words = sorted(set(words))
        # names: (surface form, kind, id); longest first so '深圳市' wins over '深圳'
        self.names = sorted(
            {(n.lower(), k, i) for n, k, i in names if n and len(n) >= 2}, key=lambda item: (-len(item[0]), item)
        )
        self._word_set = set(self.words)
        self._longest_word = max((len(w) for w in self.words), default=0)
        self._compile()
        self._lock = threading.Lock()
        self.tokenizer = jieba.Tokenizer()
        with self._lock:
            self.tokenizer.initialize()
            for word in self.words:
                self.tokenizer.add_word(word, freq=20000)

    def to_json(self) -> str:
        return json.dumps({"words": self.words, "names": self.names}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> "Lexicon":
        data = json.loads(raw)
        return cls(data["words"], [tuple(n) for n in data["names"]])

    # names ------------------------------------------------------------
    def _compile(self):
        by_surface = {}
        for surface, kind, ident in self.names:
            by_surface.setdefault(surface, []).append((kind, ident))
        self._by_surface = by_surface
        ordered = sorted(by_surface, key=lambda n: (-len(n), n))
        ascii_names = [n for n in ordered if n.isascii()]
        cjk_names = [n for n in ordered if not n.isascii()]
        self._ascii_re = (
            re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, ascii_names)) + r")(?![a-z0-9])")
            if ascii_names
            else None
        )
        self._cjk_re = re.compile("|".join(map(re.escape, cjk_names))) if cjk_names else None
        self._wildcards = {}
        for name in cjk_names:
            if len(name) >= 4:
                for k in range(len(name)):
                    self._wildcards.setdefault(name[:k] + "?" + name[k + 1 :], name)
        self._wildcard_lengths = sorted({len(n) for n in cjk_names if len(n) >= 4})

    def name_spans(self, text: str, fuzzy: bool = False) -> list:
        """(kind, id, start, end) of every known name in normalised text; the longest name wins.

        fuzzy (queries only): a Chinese name of 4+ characters typed with one wrong character
        ('灵活就叶') still counts, and so do two English words typed apart ('shen zhen').
        """
        spans = []
        for pattern in (self._cjk_re, self._ascii_re):
            if pattern is not None:
                spans += [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
        if fuzzy:
            spans += self._fuzzy_spans(text, spans)
        found, taken = [], []
        for start, end, surface in sorted(spans, key=lambda sp: (-(sp[1] - sp[0]), sp[0])):
            if any(start < b and end > a for a, b in taken):
                continue  # overlaps a longer name already taken
            taken.append((start, end))
            found += [(kind, ident, start, end) for kind, ident in self._by_surface[surface]]
        return found

    def _fuzzy_spans(self, text: str, exact: list) -> list:
        hits = []
        words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z]+", text)]
        for a, b in zip(words, words[1:], strict=False):  # 'shen zhen' -> 'shenzhen'
            joined = a[0] + b[0]
            if text[a[2] : b[1]].strip() == "" and joined in self._by_surface:
                hits.append((a[1], b[2], joined))
        for n in self._wildcard_lengths:  # '灵活就叶' -> '灵活就业' (one character off; 4+ characters)
            for i in range(len(text) - n + 1):
                window = text[i : i + n]
                if (
                    not all(_CJK.match(ch) for ch in window)
                    or self.tokenizer.FREQ.get(window)
                    or any(i < b and i + n > a for a, b, _ in exact)
                ):
                    continue  # not Chinese, a real word ('商业保险'), or already a name
                for k in range(n):
                    surface = self._wildcards.get(window[:k] + "?" + window[k + 1 :])
                    if surface and surface != window:
                        hits.append((i, i + n, surface))
                        break
        return hits

    def names_in(self, text: str) -> list:
        """(kind, id) of every known name in normalised text, each once."""
        return list(dict.fromkeys((k, i) for k, i, _, _ in self.name_spans(text)))

    # words ------------------------------------------------------------
    def _cut(self, text: str, for_search: bool) -> list:
        with self._lock:  # jieba's Tokenizer is not safe for concurrent first use
            pieces = (
                self.tokenizer.cut_for_search(text, HMM=False) if for_search else self.tokenizer.cut(text, HMM=False)
            )
            pieces = list(pieces)
        out = []
        for piece in pieces:
            for word in _WORD.findall(piece):
                out.append(word)
        return out

    def index_terms(self, raw: str) -> list:
        """Terms stored for a text: search-mode words, domain sub-words, canonical names."""
        text = _normalize(raw)
        terms = []
        for word in self._cut(text, for_search=True):
            if word in _ZH_STOP or word in _EN_STOP:
                continue
            terms.append(_stem(word))
            if len(word) >= 4 and _CJK.match(word):  # '灵活就业' inside '灵活就业人员'
                n = len(word)
                terms.extend(
                    word[i:j]
                    for i in range(n)
                    for j in range(i + 2, min(n, i + self._longest_word) + 1)
                    if j - i < n and word[i:j] in self._word_set
                )
        terms.extend(_token(kind, ident) for kind, ident in self.names_in(text))
        terms.extend(_token("art", n) for n in find_article_numbers(raw or ""))
        return terms

    def query_terms(self, raw: str, places: list = (), text: str = None) -> Interpretation:
        """places: (start, end, region ids) in text (default: raw normalised), from knowledge.query."""
        text = text if text is not None else _normalize(raw)
        blanked = list(text)
        for start, end, _ in places:
            blanked[start:end] = " " * (end - start)
        spans = self.name_spans("".join(blanked), fuzzy=True)  # the rest: other names, split or typo'd
        spans += [("reg", ident, start, end) for start, end, ids in places for ident in ids]
        with self._lock:
            pieces = list(self.tokenizer.tokenize(text, HMM=False))
        words, name_words = [], {}
        for piece, start, _end in pieces:
            for m in _WORD.finditer(piece):
                word = m.group(0)
                if word in _ZH_STOP or word in _EN_STOP:
                    continue
                a, b = start + m.start(), start + m.end()
                owner = next((_token(k, i) for k, i, x, y in spans if a >= x and b <= y), None)
                if owner:  # a word of a name: an alternative of the name, not a word of its own
                    name_words.setdefault(owner, []).append(_stem(word))
                    continue
                word = _stem(word)
                if word not in words:
                    words.append(word)
        articles = tuple(dict.fromkeys(find_article_numbers(raw or "")))
        if articles:  # the numbers of '第五十八条' / 'Art. 58' are not words to look for
            numerals = set(re.findall(r"[0-9]+|[零〇一二两三四五六七八九十百千]+", text))
            words = [
                w
                for w in words
                if w not in numerals
                and w not in ("第", "条", "art", "article")
                and not re.fullmatch(r"第?[零〇一二两三四五六七八九十百千0-9]+条?", w)
            ]
        names = list(dict.fromkeys((k, i) for k, i, _, _ in spans))
        return Interpretation(
            words=tuple(words),
            regions=tuple(i for k, i in names if k == "reg"),
            insurance_types=tuple(i for k, i in names if k == "ins"),
            schemes=tuple(i for k, i in names if k == "sch"),
            laws=tuple(i for k, i in names if k == "law"),
            articles=articles,
            name_words=tuple((t, tuple(dict.fromkeys(ws))) for t, ws in name_words.items()),
        )


_KIND_CODE = {lexicon.REGION: "reg", lexicon.INSURANCE_TYPE: "ins", lexicon.SCHEME: "sch", lexicon.LAW: "law"}


def _lexicon_from_session(s: Session) -> Lexicon:
    """The names of knowledge.lexicon (what the NLU gazetteer uses too) plus the keywords of the
    topics and of their sub-answers."""
    # the knowledge base's own regions only: other divisions have no entries to index, and the
    # query side reads every place through knowledge.query
    names = [n for n in lexicon.from_session(s) if not (n.kind == lexicon.REGION and n.id.isdigit())]
    words = set(lexicon.domain_words(names))
    keywords = [k for topic in s.scalars(select(schema.Topic)).all() for k in topic.keywords_zh]
    keywords += [k for answer in s.scalars(select(schema.Answer)).all() for k in answer.when_keywords_zh or ()]
    words.update(str(k) for k in keywords if k and not str(k).isascii() and 1 < len(str(k)) <= 8)
    return Lexicon(words, [(n.surface, _KIND_CODE.get(n.kind, n.kind[:3]), n.id) for n in names])
