"""Building the staff search's index inside the knowledge build, and the per-database statistics.

The index lives in the knowledge base itself (tables kb_search_docs, kb_search_meta and, on SQLite,
the FTS5 table kb_search_fts), so it is rebuilt, swapped and rolled back with it.
"""

from __future__ import annotations

import math
import threading
import uuid

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, insert, select, text
from sqlalchemy.orm import Session

from knowledge import schema
from knowledge.search.lexicon import _CJK, Lexicon, _lexicon_from_session, _token
from knowledge.textnorm import pinyin_key

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
            | {f"when:{k}:{c}" for c, k in conditions}  # what the answer is written for (not what it mentions)
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
        self.sounds = _sounds(df)

    def correct(self, text: str) -> str:
        """A Chinese word typed with a homophone ('灵活就叶', '补半') -> the indexed word that sounds
        the same ('灵活就业', '补办'); real words and indexed words are left alone. Same length."""
        out, i = list(text), 0
        while i < len(text):
            for size in (4, 3, 2):
                piece = text[i : i + size]
                if len(piece) < size or not all(_CJK.match(ch) for ch in piece):
                    continue
                if piece in self.vocabulary or self.lexicon.tokenizer.FREQ.get(piece):
                    break  # a real word here: nothing to correct
                meant = self.sounds.get((size, pinyin_key(piece, near=False)))
                if meant:
                    out[i : i + size] = meant
                    i += size - 1
                    break
            i += 1
        return "".join(out)

    def idf(self, word: str) -> float:
        return math.log(1 + (self.n_docs + 1) / (self.df.get(word, 0) + 0.5))


def _sounds(df: dict) -> dict:
    """(length, pinyin key) -> the most used indexed Chinese word of 2-4 characters with that sound."""
    best = {}
    for word, count in df.items():
        if 2 <= len(word) <= 4 and all(_CJK.match(ch) for ch in word):
            slot = (len(word), pinyin_key(word, near=False))
            if count > df.get(best.get(slot), 0):
                best[slot] = word
    return best


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
