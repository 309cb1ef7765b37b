"""Full-text search over the knowledge base for the hotline staff console.

    create_search_index(session)   # called at the end of knowledge.build._fill (same transaction)
    search("灵活就业 材料", region="深圳")  -> [SearchResult, ...] best first

What is indexed: every answer (with its topic's title and keywords, and the keywords that select it
as a sub-answer, `when.keywords`), every article of the
laws, every regional fact, every document. Each entry is stored pre-segmented: Chinese with jieba
plus the project's domain dictionary (region names and aliases, insurance types and schemes — the
same words bot/nlp/build_pipeline.py gives the NLU — plus the law names and the topics' keywords),
English lower-cased with a light plural folding. Names the knowledge base knows are also indexed as
canonical tokens, so '医保', 'medical insurance' and 'health insurance' all match `xinsmedical`,
'深圳', '鹏城' and 'Shenzhen' match `xregshenzhen`, and '第五十八条', '第58条' and 'Art. 58' match
`xart58`.

The matching and first ranking run in the database: SQLite FTS5 (bm25 with column weights) or
PostgreSQL full text (to_tsvector('simple', …) over the same pre-segmented text, setweight A–D and
ts_rank with a GIN index). The best candidates are then re-ranked by how much of the query they
cover (idf-weighted), whether an answer's scheme / insurance-type condition fits the query, and
article numbers. Query words the index has never seen are corrected to the nearest indexed word
(English) or split into indexed sub-words (Chinese), which covers light typos.

The index lives in the knowledge base itself (tables kb_search_docs, kb_search_meta and, on
SQLite, the FTS5 table kb_search_fts), so it is rebuilt, swapped and rolled back with it.
"""

from __future__ import annotations

import difflib
import json
import logging
import math
import re
import threading
import uuid
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, bindparam, insert, select, text
from sqlalchemy.orm import Session

from knowledge import lexicon, schema
from knowledge import query as kq
from knowledge.db import database_url, session
from knowledge.numerals import find_article_numbers
from knowledge.textnorm import normalize

log = logging.getLogger(__name__)

KINDS = ("answer", "article", "fact", "document")
DEFAULT_LAW = "social_insurance_law"
# Column weights: title, key (names, keywords, canonical tokens), body, related (what it cites).
WEIGHTS = (5.0, 3.0, 1.0, 0.3)
CANDIDATES = 60
# Answer cards are what an agent reads out; a document or a figure that merely mentions the words
# should not push them down.
KIND_PRIOR = {"answer": 1.3, "article": 1.0, "fact": 1.0, "document": 0.9}
# How much an asked word counts where it is found: title, key (keywords, names), body.
FIELD_WEIGHT = (1.0, 0.75, 0.5)
# An answer whose title names what was asked ('材料' in '需要带什么材料') is what the agent wants.
TITLE_BONUS = 0.5
# A place is named and the answer's card shows that place's own figures.
REGION_DATA_BONUS = 1.25
# A sub-answer chosen by keywords: one of them is in the query, or none is.
SUB_ANSWER_SAID, SUB_ANSWER_NOT_SAID = 1.3, 0.85
# An answer covering this share of the asked words puts the data cards after the answers.
ANSWERS_FIRST_COVER = 0.5

metadata = MetaData()
docs_table = Table(
    "kb_search_docs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("ref", String(120), nullable=False),
    Column("title", Text, nullable=False),
    Column("title_en", Text),
    Column("snippet", Text, nullable=False),
    Column("topic_id", String(60)),
    Column("region_id", String(40)),
    Column("law_id", String(64)),
    Column("article", Integer),
    Column("tags", Text, nullable=False),  # " topic:ask_cost ins:pension sch:flexible_employment "
    Column("terms_title", Text, nullable=False),
    Column("terms_key", Text, nullable=False),
    Column("terms_body", Text, nullable=False),
    Column("terms_related", Text, nullable=False),
)
meta_table = Table(
    "kb_search_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
FTS_TABLE = "kb_search_fts"

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


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class SearchResult:
    kind: str  # answer | article | fact | document
    ref: str  # answer id | "law_id:number" | fact row id | document id
    title: str
    title_en: Optional[str]
    snippet: str
    score: float
    topic_id: Optional[str] = None
    region_id: Optional[str] = None  # a fact's region; for answers, the region the query named
    law_id: Optional[str] = None
    article: Optional[int] = None
    matched: tuple = ()  # the query words this entry matched


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

    def query_terms(self, raw: str) -> Interpretation:
        text = _normalize(raw)
        spans = self.name_spans(text, fuzzy=True)
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
    names = lexicon.from_session(s)
    words = set(lexicon.domain_words(names))
    keywords = [k for topic in s.scalars(select(schema.Topic)).all() for k in topic.keywords_zh]
    keywords += [k for answer in s.scalars(select(schema.Answer)).all() for k in answer.when_keywords_zh or ()]
    words.update(str(k) for k in keywords if k and not str(k).isascii() and 1 < len(str(k)) <= 8)
    return Lexicon(words, [(n.surface, _KIND_CODE.get(n.kind, n.kind[:3]), n.id) for n in names])


# ---------------------------------------------------------------- building the index


def _j(*parts) -> str:
    return " ".join(str(p) for p in parts if p)


def create_search_index(s: Session) -> int:
    """(Re)create the search tables inside the build's transaction; returns the entry count."""
    bind = s.connection()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        bind.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    metadata.drop_all(bind)
    metadata.create_all(bind)
    lex = _lexicon_from_session(s)
    entries = _entries(s, lex)
    rows = []
    for i, e in enumerate(entries, start=1):
        rows.append(
            {
                "id": i,
                "kind": e["kind"],
                "ref": e["ref"],
                "title": e["title"],
                "title_en": e.get("title_en"),
                "snippet": e["snippet"][:240],
                "topic_id": e.get("topic_id"),
                "region_id": e.get("region_id"),
                "law_id": e.get("law_id"),
                "article": e.get("article"),
                "tags": " " + " ".join(sorted(e["tags"])) + " ",
                "terms_title": " ".join(lex.index_terms(e["title_text"])),
                "terms_key": " ".join(lex.index_terms(e["key_text"]) + e.get("key_tokens", [])),
                "terms_body": " ".join(lex.index_terms(e["body_text"])),
                "terms_related": " ".join(lex.index_terms(e.get("related_text", "")) + e.get("related_tokens", [])),
            }
        )
        # tags from the names the entry mentions (filters by insurance type / scheme / region)
        found = set(rows[-1]["terms_title"].split() + rows[-1]["terms_key"].split() + rows[-1]["terms_body"].split())
        extra = {f"ins:{t}" for t in _ids(found, "ins", lex)} | {f"sch:{t}" for t in _ids(found, "sch", lex)}
        rows[-1]["tags"] = " " + " ".join(sorted(set(rows[-1]["tags"].split()) | extra)) + " "
    if rows:
        bind.execute(insert(docs_table), rows)
    if dialect == "sqlite":
        bind.execute(
            text(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, key, body, related, "
                'tokenize="unicode61 remove_diacritics 0")'
            )
        )
        bind.execute(
            text(
                f"INSERT INTO {FTS_TABLE}(rowid, title, key, body, related) "
                "SELECT id, terms_title, terms_key, terms_body, terms_related FROM kb_search_docs"
            )
        )
    elif dialect == "postgresql":
        bind.execute(text("ALTER TABLE kb_search_docs ADD COLUMN tsv tsvector"))
        bind.execute(
            text(
                "UPDATE kb_search_docs SET tsv = "
                "setweight(to_tsvector('simple', terms_title), 'A') || "
                "setweight(to_tsvector('simple', terms_key), 'B') || "
                "setweight(to_tsvector('simple', terms_body), 'C') || "
                "setweight(to_tsvector('simple', terms_related), 'D')"
            )
        )
        bind.execute(text("CREATE INDEX kb_search_docs_tsv ON kb_search_docs USING GIN (tsv)"))
    bind.execute(
        insert(meta_table),
        [
            {"key": "lexicon", "value": lex.to_json()},
            {"key": "index_id", "value": uuid.uuid4().hex},
            {"key": "entries", "value": str(len(rows))},
        ],
    )
    return len(rows)


def _ids(tokens, kind, lex) -> set:
    wanted = {_token(kind, i): i for _, k, i in lex.names if k == kind}
    return {wanted[t] for t in tokens if t in wanted}


def _entries(s: Session, lex: Lexicon) -> list:
    entries = []
    vocab = {v.id: v for v in s.scalars(select(schema.Vocabulary)).all()}
    regions = {r.id: r for r in s.scalars(select(schema.Region)).all()}
    laws = {law.id: law for law in s.scalars(select(schema.Law)).all()}
    documents = {d.id: d for d in s.scalars(select(schema.Document)).all()}
    kinds = {k.key: k for k in s.scalars(select(schema.FactKind)).all()}
    sources = {src.id: src for src in s.scalars(select(schema.Source)).all()}
    topics = {t.id: t for t in s.scalars(select(schema.Topic)).all()}
    topic_docs, topic_keys, topic_articles = {}, {}, {}

    for a in s.scalars(select(schema.Answer).order_by(schema.Answer.topic_id, schema.Answer.position)).all():
        t = topics[a.topic_id]
        steps = s.scalars(
            select(schema.AnswerStep).where(schema.AnswerStep.answer_id == a.id).order_by(schema.AnswerStep.position)
        ).all()
        doc_ids = s.scalars(
            select(schema.AnswerDocument.document_id)
            .where(schema.AnswerDocument.answer_id == a.id)
            .order_by(schema.AnswerDocument.position)
        ).all()
        cites = s.scalars(
            select(schema.AnswerCitation)
            .where(schema.AnswerCitation.answer_id == a.id)
            .order_by(schema.AnswerCitation.position)
        ).all()
        conditions = [(c, "sch") for c in (a.when_scheme or [])] + [(c, "ins") for c in (a.when_insurance_type or [])]
        cond_zh = "、".join(vocab[c].name_zh for c, _ in conditions if c in vocab)
        cond_en = ", ".join(vocab[c].name_en for c, _ in conditions if c in vocab)
        topic_docs.setdefault(t.id, set()).update(doc_ids)
        topic_keys.setdefault(t.id, set()).update(a.regional or [])
        for c in cites:
            if c.law_id:
                topic_articles.setdefault((c.law_id, c.article), set()).add(t.id)
        cond_names = [
            n for c, _ in conditions if c in vocab for n in (vocab[c].name_zh, vocab[c].name_en, *vocab[c].aliases)
        ]
        tags = (
            {f"topic:{t.id}"}
            | {f"{'sch' if k == 'sch' else 'ins'}:{c}" for c, k in conditions}
            | {f"data:{key}" for key in a.regional or []}
        )
        # a sub-answer chosen by what the question says is told apart by its first keyword
        label_zh = "、".join(filter(None, [cond_zh, *(a.when_keywords_zh or [])[:1]]))
        label_en = ", ".join(filter(None, [cond_en, *(a.when_keywords_en or [])[:1]]))
        entries.append(
            {
                "kind": "answer",
                "ref": a.id,
                "topic_id": t.id,
                "tags": tags,
                "title": t.title_zh + (f" · {label_zh}" if label_zh else ""),
                "title_en": t.title_en + (f" · {label_en}" if label_en else ""),
                "snippet": a.script_zh or a.lead_zh,
                "title_text": _j(t.title_zh, t.title_en),
                "key_text": _j(*t.keywords_zh, *t.keywords_en, *cond_names),
                "key_tokens": [_token(k, c) for c, k in conditions],
                # the words that pick this sub-answer find it, without outweighing the topics' own keywords
                "body_text": _j(
                    *(a.when_keywords_zh or []),
                    *(a.when_keywords_en or []),
                    a.lead_zh,
                    a.lead_en,
                    a.condition_zh or "",
                    a.condition_en or "",
                    a.script_zh,
                    a.script_en,
                    *a.points_zh,
                    *a.points_en,
                    *(st.text_zh for st in steps),
                    *(st.text_en for st in steps),
                    a.caveat_zh,
                    a.caveat_en,
                    *(documents[d].name_zh for d in doc_ids if d in documents),
                    *(documents[d].name_en for d in doc_ids if d in documents),
                ),
                "related_text": _j(
                    *(kinds[k].label_zh for k in a.regional or [] if k in kinds),
                    *(kinds[k].label_en for k in a.regional or [] if k in kinds),
                    *(laws[c.law_id].short_zh for c in cites if c.law_id in laws),
                    *(sources[c.source_id].title for c in cites if c.source_id in sources),
                ),
                "related_tokens": [_token("art", c.article) for c in cites if c.law_id],
            }
        )

    for art in s.scalars(select(schema.Article).order_by(schema.Article.law_id, schema.Article.number)).all():
        law = laws[art.law_id]
        tags = {f"law:{art.law_id}"} | {f"topic:{tid}" for tid in topic_articles.get((art.law_id, art.number), ())}
        entries.append(
            {
                "kind": "article",
                "ref": f"{art.law_id}:{art.number}",
                "law_id": art.law_id,
                "article": art.number,
                "tags": tags,
                "title": f"《{law.short_zh}》{art.label_zh}",
                "title_en": f"{law.short_en} Art. {art.number}",
                "snippet": art.text_zh,
                "title_text": _j(law.short_zh, art.label_zh),
                "key_text": _j(law.short_zh, law.short_en, art.chapter_zh),
                "key_tokens": [_token("art", art.number), _token("law", art.law_id)],
                "body_text": _j(art.text_zh, art.summary_en),
            }
        )

    for f in s.scalars(
        select(schema.RegionFact).order_by(schema.RegionFact.region_id, schema.RegionFact.position)
    ).all():
        region, kind, src = regions[f.region_id], kinds[f.key], sources[f.source_id]
        value = f.value
        value_text = ""
        if isinstance(value, dict):
            value_text = _j(*(str(v) for v in value.values()))
        elif isinstance(value, list):
            value_text = _j(*value)
        elif value is not None:
            value_text = str(value)
        tags = {f"fact:{f.key}"} | {f"topic:{tid}" for tid, keys in topic_keys.items() if f.key in keys}
        entries.append(
            {
                "kind": "fact",
                "ref": str(f.id),
                "region_id": f.region_id,
                "tags": tags,
                "title": f"{region.name_zh} · {kind.label_zh}（{f.year}）",
                "title_en": f"{region.name_en} · {kind.label_en} ({f.year})",
                "snippet": _fact_snippet(kind, value, f),
                "title_text": _j(region.name_zh, region.name_en, kind.label_zh, kind.label_en),
                "key_text": _j(f.key.replace("_", " ")),
                "key_tokens": [_token("reg", f.region_id)]
                + ([_token("reg", region.parent_id)] if region.parent_id else []),
                "body_text": _j(value_text, f.note_zh, f.note_en, f.period_zh, f.period_en),
                "related_text": _j(src.title, f.year),
            }
        )

    for d in documents.values():
        tags = {f"topic:{tid}" for tid, ids in topic_docs.items() if d.id in ids}
        entries.append(
            {
                "kind": "document",
                "ref": d.id,
                "tags": tags,
                "title": d.name_zh,
                "title_en": d.name_en,
                "snippet": d.note_zh or d.name_zh,
                "title_text": _j(d.name_zh, d.name_en),
                "key_text": d.id.replace("_", " "),
                "body_text": _j(d.note_zh, d.note_en),
            }
        )
    return entries


def _fact_snippet(kind, value, f) -> str:
    if value is None:
        shown = "（未确认）" if f.confidence == "UNCONFIRMED" else "（见说明）"
    elif isinstance(value, dict) and "zh" in value:
        shown = value["zh"]
    elif isinstance(value, dict) and "min" in value:
        shown = f"{value['min']}–{value['max']}"
    elif isinstance(value, list):
        shown = "、".join(str(v) for v in value)
    else:
        shown = f"{value}%" if kind.kind == "percent" else str(value)
    return _j(shown, f.note_zh)


# ---------------------------------------------------------------- searching


class _IndexState:
    """Per-database cache: the lexicon and the term statistics, refreshed when the index changes."""

    def __init__(self, index_id, lexicon, df, n_docs, tokens_by_id, region_data=None, keywords=None):
        self.index_id, self.lexicon, self.df, self.n_docs = index_id, lexicon, df, n_docs
        self.tokens_by_id = tokens_by_id
        self.region_data = region_data or {}  # region id -> the fact keys it has figures for
        self.keywords = keywords or {}  # answer id -> the keywords that select it as a sub-answer
        self.vocabulary = set(df)
        self.ascii_vocabulary = sorted(w for w in df if w.isascii() and not w.startswith("x") and w.isalpha())
        self.canonical = {_token(kind, ident): (kind, ident) for _, kind, ident in lexicon.names}

    def idf(self, word: str) -> float:
        return math.log(1 + (self.n_docs + 1) / (self.df.get(word, 0) + 0.5))


_states: dict = {}
_states_lock = threading.Lock()


def _state(s: Session, url: str) -> _IndexState:
    index_id = s.scalar(select(meta_table.c.value).where(meta_table.c.key == "index_id"))
    if index_id is None:
        raise LookupError("the knowledge base has no search index: rebuild it with python -m knowledge.build")
    cached = _states.get(url)
    if cached is not None and cached.index_id == index_id:
        return cached
    with _states_lock:
        cached = _states.get(url)
        if cached is not None and cached.index_id == index_id:
            return cached
        lexicon = Lexicon.from_json(s.scalar(select(meta_table.c.value).where(meta_table.c.key == "lexicon")))
        df, tokens_by_id = {}, {}
        for row in s.execute(
            select(
                docs_table.c.id,
                docs_table.c.terms_title,
                docs_table.c.terms_key,
                docs_table.c.terms_body,
                docs_table.c.terms_related,
            )
        ).all():
            fields = tuple(set(col.split()) for col in row[1:])
            tokens_by_id[row[0]] = fields
            for word in set().union(*fields):
                df[word] = df.get(word, 0) + 1
        region_data = {}
        for region_id, tags in s.execute(
            select(docs_table.c.region_id, docs_table.c.tags).where(docs_table.c.kind == "fact")
        ).all():
            region_data.setdefault(region_id, set()).update(t[5:] for t in tags.split() if t.startswith("fact:"))
        keywords = {
            a.id: tuple(str(k).lower() for k in (a.when_keywords_zh or []) + (a.when_keywords_en or []))
            for a in s.scalars(select(schema.Answer)).all()
            if a.when_keywords_zh or a.when_keywords_en
        }
        state = _IndexState(index_id, lexicon, df, len(tokens_by_id), tokens_by_id, region_data, keywords)
        _states[url] = state
        return state


def clear_caches() -> None:
    _states.clear()


def interpret(raw: str, url: str = None) -> Interpretation:
    url = url or database_url()
    with session(url) as s:
        return _state(s, url).lexicon.query_terms(raw)


def _groups(state: _IndexState, interp: Interpretation) -> list:
    """One alternative set per query word (a word, its correction, or its indexed sub-words)."""
    groups = []
    for word in interp.words:
        if word in state.vocabulary:
            groups.append((word, (word,)))
            continue
        if word.isascii():
            if word.isalpha() and len(word) >= 4:
                close = difflib.get_close_matches(word, state.ascii_vocabulary, n=2, cutoff=0.8)
                if close:
                    groups.append((word, tuple(close)))
            continue
        parts = [w for w in state.lexicon._cut(word, for_search=True) if w != word and w in state.vocabulary]
        if not parts and len(word) >= 2:
            parts = [word[i : i + 2] for i in range(len(word) - 1) if word[i : i + 2] in state.vocabulary]
        if not parts:
            parts = [ch for ch in word if ch in state.vocabulary and ch not in _ZH_STOP]
        if parts:
            groups.append((word, tuple(dict.fromkeys(parts))))
    typed = dict(interp.name_words)
    for kind, ids in (
        ("reg", interp.regions),
        ("ins", interp.insurance_types),
        ("sch", interp.schemes),
        ("law", interp.laws),
        ("art", interp.articles),
    ):
        for ident in ids:
            token = _token(kind, ident)
            alternatives = tuple(w for w in (token, *typed.get(token, ())) if w in state.vocabulary)
            if alternatives:
                groups.append((token, alternatives))
    return groups


def _region_chain(s: Session, region_id: str) -> list:
    parents = dict(s.execute(select(schema.Region.id, schema.Region.parent_id)).all())
    chain, current = [], region_id
    while current and current not in chain:
        chain.append(current)
        current = parents.get(current)
    if kq.NATIONAL not in chain:
        chain.append(kq.NATIONAL)
    return chain


def _resolve_filter(s: Session, kind: str, value):
    """An id, a name or an alias -> the id; ValueError when nothing matches."""
    if value is None or str(value).strip() == "":
        return None
    norm = _normalize(str(value)).strip()
    if kind == "region":
        ids = dict(s.execute(select(schema.Region.id, schema.Region.id)).all())
        if norm in ids:
            return norm
        for rid, zh, en in s.execute(select(schema.Region.id, schema.Region.name_zh, schema.Region.name_en)).all():
            if norm in (zh.lower(), en.lower()):
                return rid
        hit = s.scalar(select(schema.RegionAlias.region_id).where(schema.RegionAlias.alias == norm))
        if hit:
            return hit
    elif kind == "topic":
        if s.get(schema.Topic, norm):
            return norm
        for t in s.scalars(select(schema.Topic)).all():
            if norm in (t.title_zh.lower(), t.title_en.lower()):
                return t.id
    else:
        for term in s.scalars(select(schema.Vocabulary).where(schema.Vocabulary.kind == kind)).all():
            if (
                norm == term.id
                or norm in (a.lower() for a in term.aliases)
                or norm in (term.name_zh.lower(), term.name_en.lower())
            ):
                return term.id
    raise ValueError(f"unknown {kind.replace('_', ' ')}: {value}")


def search(
    query: str,
    region: str = None,
    topic: str = None,
    insurance_type: str = None,
    scheme: str = None,
    limit: int = 10,
    kinds=None,
    url: str = None,
) -> list:
    """Entries matching the query, best first. Filters accept ids, names or aliases.

    region keeps regional facts of that region, its province and the national rules (answers,
    articles and documents apply everywhere); topic keeps entries of / cited by / shown with that
    topic; insurance_type and scheme keep entries about them. Raises ValueError for an unknown
    filter value and LookupError when the knowledge base has no search index.
    """
    url = url or database_url()
    limit = max(1, min(int(limit or 10), 100))
    raw = (query or "")[:500]
    with session(url) as s:
        state = _state(s, url)
        region_id = _resolve_filter(s, "region", region)
        topic_id = _resolve_filter(s, "topic", topic)
        insurance_id = _resolve_filter(s, "insurance_type", insurance_type)
        scheme_id = _resolve_filter(s, "scheme", scheme)
        interp = state.lexicon.query_terms(raw)
        groups = _groups(state, interp)
        if not groups:
            return []
        conditions, params = [], {}
        if region_id:
            chain = _region_chain(s, region_id)
            conditions.append("(d.region_id IS NULL OR d.region_id IN :chain)")
            params["chain"] = chain
        for name, tag in (
            ("topic", topic_id and f"topic:{topic_id}"),
            ("ins", insurance_id and f"ins:{insurance_id}"),
            ("sch", scheme_id and f"sch:{scheme_id}"),
        ):
            if tag:
                conditions.append(f"d.tags LIKE :{name}")
                params[name] = f"% {tag} %"
        if kinds:
            conditions.append("d.kind IN :kinds")
            params["kinds"] = [k for k in kinds if k in KINDS] or ["-"]
        where = "".join(f" AND {c}" for c in conditions)
        alternatives = list(dict.fromkeys(w for _, alts in groups for w in alts))
        candidates = _candidates(s, alternatives, where, params)
        region_context = region_id or (interp.regions[0] if interp.regions else None)
        # the figures the named place has of its own (its city and province, not the national rule)
        local = (
            set().union(
                *(state.region_data.get(r, set()) for r in _region_chain(s, region_context) if r != kq.NATIONAL)
            )
            if region_context
            else set()
        )
    return _rerank(state, interp, groups, candidates, region_context, local, _normalize(raw))[:limit]


def _candidates(s: Session, words: list, where: str, params: dict) -> list:
    dialect = s.get_bind().dialect.name
    columns = (
        "d.id, d.kind, d.ref, d.title, d.title_en, d.snippet, d.topic_id, d.region_id, d.law_id, d.article, d.tags"
    )
    if dialect == "sqlite":
        match = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
        sql = (
            f"SELECT {columns}, -bm25({FTS_TABLE}, {', '.join(str(w) for w in WEIGHTS)}) AS score "
            f"FROM {FTS_TABLE} JOIN kb_search_docs d ON d.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH :match{where} ORDER BY score DESC LIMIT :n"
        )
        params = {**params, "match": match, "n": CANDIDATES}
    elif dialect == "postgresql":
        tsquery = " | ".join(words)
        weights = "{" + ",".join(str(w / WEIGHTS[0]) for w in reversed(WEIGHTS)) + "}"
        sql = (
            f"SELECT {columns}, ts_rank('{weights}'::float4[], d.tsv, q, 1) AS score "
            f"FROM kb_search_docs d, to_tsquery('simple', :tsquery) q "
            f"WHERE d.tsv @@ q{where} ORDER BY score DESC LIMIT :n"
        )
        params = {**params, "tsquery": tsquery, "n": CANDIDATES}
    else:  # pragma: no cover - other databases are not supported by the knowledge build either
        raise LookupError(f"search is not available on {dialect}")
    statement = text(sql)
    for name in ("chain", "kinds"):
        if name in params:
            statement = statement.bindparams(bindparam(name, expanding=True))
    return s.execute(statement, params).mappings().all()


def _rerank(
    state: _IndexState, interp: Interpretation, groups: list, rows, region_context, local=frozenset(), text: str = ""
) -> list:
    if not rows:
        return []
    top = max(r["score"] for r in rows) or 1.0
    weights = {word: max(state.idf(a) for a in alts) for word, alts in groups}
    # Names (regions, insurance types, schemes, laws) say what the question is about; the other
    # words say what is asked. An entry must cover the asked words first: '鹏城 灵活就业 材料' asks
    # for documents, not for every Shenzhen figure about flexible workers.
    names = {word for word, _ in groups if re.fullmatch(r"x(reg|ins|sch|law)[a-z0-9]+", word)}
    # A region in the query is where the caller is: regional facts must match it, but answers,
    # articles and documents apply everywhere, so for them it is context, not a word to cover.
    region_words = {_token("reg", r) for r in interp.regions}
    query_ins, query_sch = set(interp.insurance_types), set(interp.schemes)
    results, answered = [], False
    for r in rows:
        fields = state.tokens_by_id.get(r["id"], (set(), set(), set(), set()))
        strong = fields[0] | fields[1] | fields[2]
        regional = r["kind"] == "fact"
        matched, got, wanted, titled = [], {"name": 0.0, "word": 0.0}, {"name": 0.0, "word": 0.0}, 0.0
        for word, alts in groups:
            if not regional and word in region_words:
                continue
            part = "name" if word in names else "word"
            wanted[part] += weights[word]
            if any(a in strong for a in alts):
                # an asked word in the title or the keywords says what the entry is about; in the
                # body it may be a passing mention ('材料' in the retirement procedure's steps)
                place = next(i for i, f in enumerate(fields[:3]) if any(a in f for a in alts))
                got[part] += weights[word] * (FIELD_WEIGHT[place] if part == "word" else 1.0)
                titled += weights[word] if part == "word" and place == 0 else 0.0
                matched.append(word)
            elif any(a in fields[3] for a in alts):
                got[part] += weights[word] * 0.3
        cover = {part: (got[part] / wanted[part]) if wanted[part] else None for part in got}
        if cover["word"] is None:
            coverage = cover["name"] or 0.0
        elif cover["name"] is None:
            coverage = cover["word"]
        else:
            coverage = 0.7 * cover["word"] + 0.3 * cover["name"]
        # the database's own rank (bm25 / ts_rank) only refines: what the entry covers decides
        score = math.sqrt(r["score"] / top) * (0.25 + coverage) * 2
        score *= KIND_PRIOR[r["kind"]]
        if r["kind"] == "answer" and wanted["word"]:
            score *= 1 + TITLE_BONUS * titled / wanted["word"]
        if r["kind"] == "answer" and local and any(t[5:] in local for t in r["tags"].split() if t.startswith("data:")):
            score *= REGION_DATA_BONUS  # its card shows the named place's own figures
        keywords = state.keywords.get(r["ref"]) if r["kind"] == "answer" else None
        if keywords:  # a sub-answer for a more specific question, as assistant/choose.py picks them
            score *= SUB_ANSWER_SAID if any(k in text for k in keywords) else SUB_ANSWER_NOT_SAID
        tags = set(r["tags"].split())
        if r["kind"] == "answer":
            conds_ins = {t[4:] for t in tags if t.startswith("ins:")} & _condition_ids(fields[1], "xins", state)
            conds_sch = {t[4:] for t in tags if t.startswith("sch:")} & _condition_ids(fields[1], "xsch", state)
            if (query_ins and conds_ins and not (query_ins & conds_ins)) or (
                query_sch and conds_sch and not (query_sch & conds_sch)
            ):
                score *= 0.6  # an answer for another scheme / insurance type
            elif (query_ins & conds_ins) or (query_sch & conds_sch):
                score *= 1.2
            elif conds_ins or conds_sch:
                score *= 0.7  # written for a case the query did not name
        if interp.articles:
            if r["kind"] == "article" and r["article"] in interp.articles:
                if not interp.laws or r["law_id"] in interp.laws:
                    score *= 3.0 if (interp.laws or r["law_id"] == DEFAULT_LAW) else 2.0
            elif r["kind"] == "article":
                score *= 0.5
        if r["kind"] == "fact" and interp.regions:
            score *= 1.3 if r["region_id"] in interp.regions else 0.7
        results.append(
            SearchResult(
                kind=r["kind"],
                ref=r["ref"],
                title=r["title"],
                title_en=r["title_en"],
                snippet=r["snippet"],
                score=round(score, 4),
                topic_id=r["topic_id"],
                region_id=r["region_id"]
                if r["kind"] == "fact"
                else (region_context if r["kind"] == "answer" else None),
                law_id=r["law_id"],
                article=r["article"],
                matched=tuple(matched),
            )
        )
        if r["kind"] == "answer" and (cover["word"] or 0) >= ANSWERS_FIRST_COVER:
            answered = True
    # Regional figures and documents are shown inside the answer cards they belong to, so while an
    # answer covers what was asked, those cards come after the answers ('灵活就业 材料 深圳' opens the
    # documents answer for Shenzhen, not Shenzhen's medical rate).
    results.sort(key=lambda x: (answered and x.kind in ("fact", "document"), -x.score, KINDS.index(x.kind), x.ref))
    return results


def _condition_ids(key_tokens: set, prefix: str, state: _IndexState) -> set:
    kind = prefix[1:]
    return {state.canonical[t][1] for t in key_tokens if t in state.canonical and state.canonical[t][0] == kind}


__all__ = ["SearchResult", "Interpretation", "create_search_index", "search", "interpret", "clear_caches"]
