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

from knowledge import query as kq
from knowledge.db import database_url, session
from knowledge.search.index import _state, clear_caches, create_search_index
from knowledge.search.lexicon import Interpretation, _normalize
from knowledge.search.ranking import KINDS, SearchResult, _candidates, _groups, _rerank


def interpret(raw: str, url: str = None) -> Interpretation:
    url = url or database_url()
    with session(url) as s:
        return _interpret(_state(s, url), raw)[0]


def _interpret(state, raw: str) -> tuple:
    """(Interpretation, the corrected normal form): places by the one resolver (knowledge.query),
    typos by sound."""
    text = state.correct(_normalize(raw))
    spans = [(a, b, tuple(r.id for r in regions)) for a, b, regions in kq.place_spans(text)]
    return state.lexicon.query_terms(raw, spans, text), text


def _resolve_filter(kind: str, value):
    """An id, a name or an alias -> the id, by knowledge.query's resolution; ValueError when unknown."""
    if value is None or str(value).strip() == "":
        return None
    if kind == "region":
        found = kq.resolve_region(str(value))
    elif kind == "topic":
        norm = _normalize(str(value)).strip()
        found = kq.topic(norm) or next(
            (t for t in kq.topics() if norm in (t.title.zh.lower(), t.title.en.lower())), None
        )
    else:
        found = kq.resolve_term(kind, str(value))
    if found is None:
        raise ValueError(f"unknown {kind.replace('_', ' ')}: {value}")
    return found.id


def _local_chain(region_id) -> list:
    """The region and the places above it whose own figures apply there (not the national rule)."""
    return [r for r in kq.region_chain(region_id) if r != kq.NATIONAL] if region_id else []


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
        region_id = _resolve_filter("region", region)
        topic_id = _resolve_filter("topic", topic)
        insurance_id = _resolve_filter("insurance_type", insurance_type)
        scheme_id = _resolve_filter("scheme", scheme)
        interp, corrected = _interpret(state, raw)
        groups = _groups(state, interp)
        if not groups:
            return []
        conditions, params = [], {}
        if region_id:
            chain = kq.region_chain(region_id)
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
        local = set().union(*(state.region_data.get(r, set()) for r in _local_chain(region_context)))
    places = {r for named in interp.regions for r in _local_chain(named)}
    return _rerank(state, interp, groups, candidates, region_context, local, corrected, places)[:limit]


__all__ = ["SearchResult", "Interpretation", "create_search_index", "search", "interpret", "clear_caches"]
