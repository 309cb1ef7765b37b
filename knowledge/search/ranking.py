"""Ranking the staff search's candidates: the database's match, then what each entry covers.

The matching and first ranking run in the database (SQLite FTS5 bm25 or PostgreSQL ts_rank); the
best candidates are re-ranked here by how much of the query they cover (idf-weighted), whether an
answer's scheme / insurance-type condition fits, the named place's own figures, and article numbers.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from knowledge import query as kq
from knowledge.search.index import FTS_TABLE, _IndexState
from knowledge.search.lexicon import _ZH_STOP, Interpretation, _token

KINDS = ("answer", "article", "fact", "document")
DEFAULT_LAW = "social_insurance_law"
# Column weights: title, key (names, keywords, canonical tokens), body, related (what it cites).
WEIGHTS = (5.0, 3.0, 1.0, 0.3)
CANDIDATES = 200  # before re-ranking: 60 let PostgreSQL's ts_rank cut off the entry SQLite's bm25 keeps
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
            # a place without figures of its own is matched by its city's and province's
            above = [_token("reg", r) for r in kq.region_chain(ident)[1:] if r != kq.NATIONAL] if kind == "reg" else []
            alternatives = tuple(w for w in (token, *above, *typed.get(token, ())) if w in state.vocabulary)
            if alternatives:
                groups.append((token, alternatives))
    return groups


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
    state: _IndexState,
    interp: Interpretation,
    groups: list,
    rows,
    region_context,
    local=frozenset(),
    text: str = "",
    places=frozenset(),
) -> list:
    """places: the named places and those above them (their figures are the named place's)."""
    if not rows:
        return []
    top = max(r["score"] for r in rows) or 1.0
    asked = _asked(state, interp, groups)
    results, answered = [], False
    for r in rows:
        fields = state.tokens_by_id.get(r["id"], (set(), set(), set(), set()))
        matched, cover, titled, wanted_words = _cover(asked, fields, regional=r["kind"] == "fact")
        # the database's own rank (bm25 / ts_rank) only refines: what the entry covers decides
        score = math.sqrt(r["score"] / top) * (0.25 + _coverage(cover)) * 2
        score *= KIND_PRIOR[r["kind"]]
        if r["kind"] == "answer":
            score = _answer_score(score, state, interp, r, fields, (titled, wanted_words), local, text)
        score *= _article_fit(interp, r)
        if r["kind"] == "fact" and interp.regions:
            score *= 1.3 if r["region_id"] in places else 0.7
        results.append(_result(r, score, matched, region_context))
        if r["kind"] == "answer" and (cover["word"] or 0) >= ANSWERS_FIRST_COVER:
            answered = True
    # Regional figures and documents are shown inside the answer cards they belong to, so while an
    # answer covers what was asked, those cards come after the answers ('灵活就业 材料 深圳' opens the
    # documents answer for Shenzhen, not Shenzhen's medical rate).
    results.sort(key=lambda x: (answered and x.kind in ("fact", "document"), -x.score, KINDS.index(x.kind), x.ref))
    return results


@dataclass(frozen=True)
class _Asked:
    """The query's word groups as the re-ranking weighs them."""

    groups: list
    weights: dict  # query word -> idf of its best alternative
    names: set  # the words that name what the question is about (regions, insurance types, …)
    region_words: set  # the named regions' tokens


def _asked(state: _IndexState, interp: Interpretation, groups: list) -> _Asked:
    # Names (regions, insurance types, schemes, laws) say what the question is about; the other
    # words say what is asked. An entry must cover the asked words first: '鹏城 灵活就业 材料' asks
    # for documents, not for every Shenzhen figure about flexible workers.
    # A region in the query is where the caller is: regional facts must match it, but answers,
    # articles and documents apply everywhere, so for them it is context, not a word to cover.
    return _Asked(
        groups=groups,
        weights={word: max(state.idf(a) for a in alts) for word, alts in groups},
        names={word for word, _ in groups if re.fullmatch(r"x(reg|ins|sch|law)[a-z0-9]+", word)},
        region_words={_token("reg", r) for r in interp.regions},
    )


def _cover(asked: _Asked, fields: tuple, regional: bool):
    """What one entry covers: (matched words, covered share of names / words, weight of the asked
    words in its title, weight of all asked words)."""
    strong = fields[0] | fields[1] | fields[2]
    matched, got, wanted, titled = [], {"name": 0.0, "word": 0.0}, {"name": 0.0, "word": 0.0}, 0.0
    for word, alts in asked.groups:
        if not regional and word in asked.region_words:
            continue
        part = "name" if word in asked.names else "word"
        weight = asked.weights[word]
        wanted[part] += weight
        if any(a in strong for a in alts):
            # an asked word in the title or the keywords says what the entry is about; in the
            # body it may be a passing mention ('材料' in the retirement procedure's steps)
            place = next(i for i, f in enumerate(fields[:3]) if any(a in f for a in alts))
            got[part] += weight * (FIELD_WEIGHT[place] if part == "word" else 1.0)
            titled += weight if part == "word" and place == 0 else 0.0
            matched.append(word)
        elif any(a in fields[3] for a in alts):
            got[part] += weight * 0.3
    cover = {part: (got[part] / wanted[part]) if wanted[part] else None for part in got}
    return matched, cover, titled, wanted["word"]


def _coverage(cover: dict) -> float:
    """One share from the covered names and words; the asked words count most."""
    if cover["word"] is None:
        return cover["name"] or 0.0
    if cover["name"] is None:
        return cover["word"]
    return 0.7 * cover["word"] + 0.3 * cover["name"]


def _answer_score(score, state, interp, r, fields, title_words: tuple, local, text: str) -> float:
    """An answer's score after its title, its place's own figures, its keywords and its condition."""
    titled, wanted_words = title_words  # weights of the asked words in its title, and of all
    if wanted_words:
        score *= 1 + TITLE_BONUS * titled / wanted_words
    if local and any(t[5:] in local for t in r["tags"].split() if t.startswith("data:")):
        score *= REGION_DATA_BONUS  # its card shows the named place's own figures
    keywords = state.keywords.get(r["ref"])
    if keywords:  # a sub-answer for a more specific question, as assistant/choose.py picks them
        score *= SUB_ANSWER_SAID if any(k in text for k in keywords) else SUB_ANSWER_NOT_SAID
    return score * _condition_fit(state, interp, set(r["tags"].split()), fields[1])


def _condition_fit(state: _IndexState, interp: Interpretation, tags: set, key_tokens: set) -> float:
    """How well an answer's scheme / insurance-type condition fits the query (a factor)."""
    query_ins, query_sch = set(interp.insurance_types), set(interp.schemes)
    conds_ins = {t[4:] for t in tags if t.startswith("ins:")} & _condition_ids(key_tokens, "xins", state)
    conds_sch = {t[4:] for t in tags if t.startswith("sch:")} & _condition_ids(key_tokens, "xsch", state)
    # what fits the query: the answer's own `when:` condition, or, for a topic's default
    # answer, the schemes its topic's keywords name ('职工医保和居民医保'); a sub-answer for
    # pensions does not fit '灵活就业' because its topic's keywords say 灵活就业
    when_ins = {t[9:] for t in tags if t.startswith("when:ins:")}
    when_sch = {t[9:] for t in tags if t.startswith("when:sch:")}
    fit_ins, fit_sch = (when_ins, when_sch) if (when_ins or when_sch) else (conds_ins, conds_sch)
    if (query_ins and conds_ins and not (query_ins & conds_ins)) or (
        query_sch and conds_sch and not (query_sch & conds_sch)
    ):
        return 0.6  # an answer for another scheme / insurance type
    if (query_ins & fit_ins) or (query_sch & fit_sch):
        return 1.2
    if conds_ins or conds_sch:
        return 0.7  # written for a case the query did not name
    return 1.0


def _article_fit(interp: Interpretation, r) -> float:
    """An article the query names by number comes first; other articles step back (a factor)."""
    if not interp.articles or r["kind"] != "article":
        return 1.0
    if r["article"] not in interp.articles:
        return 0.5
    if not interp.laws or r["law_id"] in interp.laws:
        return 3.0 if (interp.laws or r["law_id"] == DEFAULT_LAW) else 2.0
    return 1.0


def _result(r, score: float, matched: list, region_context) -> SearchResult:
    return SearchResult(
        kind=r["kind"],
        ref=r["ref"],
        title=r["title"],
        title_en=r["title_en"],
        snippet=r["snippet"],
        score=round(score, 4),
        topic_id=r["topic_id"],
        region_id=r["region_id"] if r["kind"] == "fact" else (region_context if r["kind"] == "answer" else None),
        law_id=r["law_id"],
        article=r["article"],
        matched=tuple(matched),
    )


def _condition_ids(key_tokens: set, prefix: str, state: _IndexState) -> set:
    kind = prefix[1:]
    return {state.canonical[t][1] for t in key_tokens if t in state.canonical and state.canonical[t][0] == kind}
