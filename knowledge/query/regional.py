"""Regions, places and vocabulary, and the regional facts that apply along a region's chain."""

import re
from functools import lru_cache
from typing import Optional

from sqlalchemy import select

from knowledge import places, schema, textnorm
from knowledge.db import database_url, session
from knowledge.places import NATIONAL
from knowledge.query.records import Region, RegionFact, Term, Text, optional_text


@lru_cache(maxsize=4)
def _alias_table(url: str) -> tuple:
    """(alias -> region id) sorted longest alias first, for scanning free text."""
    with session(url) as s:
        rows = s.execute(select(schema.RegionAlias.alias, schema.RegionAlias.region_id)).all()
    return tuple(sorted(((a, r) for a, r in rows), key=lambda item: -len(item[0])))


@lru_cache(maxsize=4)
def _regions(url: str) -> dict:
    """Every region by id: the knowledge base's own, then every other division (id: its code)."""
    with session(url) as s:
        rows = s.scalars(select(schema.Region).order_by(schema.Region.position)).all()
        table = {r.id: Region(r.id, r.name_zh, r.name_en, r.level, r.parent_id, r.code) for r in rows}
    by_code = {r.code: r.id for r in table.values() if r.code}
    found = places.all_places(url)
    known = {p.code: p for p in found}
    for p in found:
        if p.code in by_code:
            continue
        parent = p.city_code if p.city_code in known else p.province_code
        qualified = "".join(known[c].name_zh for c in (p.province_code, p.city_code) if c in known) + p.name_zh
        table[p.code] = Region(
            p.code, p.name_zh, p.name_en, p.level, by_code.get(parent, parent), p.code, False, qualified
        )
    return table


def _region_of(place: places.Place) -> Region:
    table = _regions(database_url())
    by_code = {r.code: r for r in table.values() if r.code and r.in_kb}
    return by_code.get(place.code) or table[place.code]


def clear_caches() -> None:
    """Forget this module's cached lookups."""
    for cached in (_alias_table, _regions, _vocabulary, _source_titles):
        cached.cache_clear()


def regions() -> list:
    """The knowledge base's own regions (the 31 provinces, national, the cities with figures)."""
    return [r for r in _regions(database_url()).values() if r.in_kb]


def region_aliases() -> dict:
    """region id -> its aliases (lower-cased), for building NLU gazetteers."""
    aliases = {}
    for alias, region_id in _alias_table(database_url()):
        aliases.setdefault(region_id, []).append(alias)
    return aliases


def get_region(region_id: str) -> Optional[Region]:
    return _regions(database_url()).get(region_id)


def place_mentions(text: str, known: Optional[Region] = None) -> list:
    """The places text names, in reading order, each a tuple of candidate Regions (more than one:
    an ambiguous name, to ask about); narrowed by the other places named and the known region."""
    return [regions for _, _, regions in place_spans(text, known)] or _uncoded_mentions(text)


def place_spans(text: str, known: Optional[Region] = None) -> list:
    """(start, end, candidate Regions) of every place text names, as place_mentions."""
    url = database_url()
    anchor = places.get(url, known.code) if known is not None and known.code else None
    settled = places.settle(places.scan(url, text), anchor)
    return [(m.start, m.end, tuple(_region_of(c) for c in m.candidates)) for m in settled]


def _uncoded_mentions(text: str) -> list:
    """Regions of the knowledge base without a division code (none in the shipped sources), by alias."""
    url = database_url()
    table = _regions(url)
    lowered, found = (text or "").lower(), []
    for alias, region_id in _alias_table(url):
        if len(alias) < 2 or table[region_id].code or (table[region_id],) in found:
            continue
        if re.search(rf"(?<![a-z]){re.escape(alias)}(?![a-z])" if alias.isascii() else re.escape(alias), lowered):
            found.append((table[region_id],))
    return found


def resolve_region(text: str) -> Optional[Region]:
    """A region id, a name or an alias ('深圳', 'Shenzhen', '宁波市', '浙江省宁波市', '330200') -> Region.

    A name several places share resolves only with what tells them apart ('福州鼓楼区')."""
    if not text:
        return None
    url = database_url()
    table = _regions(url)
    if text in table:
        return table[text]
    if re.fullmatch(r"\d{6}", str(text)):  # a division code: its knowledge region, if it has one
        return next((r for r in table.values() if r.code == text and r.in_kb), None)
    norm = re.sub(r"\s+", " ", str(text)).strip().lower()
    wanted = textnorm.key(norm)  # the same alias typed in another form also counts ('Shen-zhen')
    for alias, region_id in _alias_table(url):
        if alias == norm or textnorm.key(alias) == wanted:
            return table[region_id]
    exact = places.named(url, norm)
    if len(exact) == 1:
        return _region_of(exact[0])
    found = find_regions(norm)
    return found[-1] if found else None


def find_regions(text: str) -> list:
    """The regions named unambiguously anywhere in free text, in reading order, each once."""
    found = []
    for candidates in place_mentions(text):
        if len(candidates) == 1 and candidates[0] not in found:
            found.append(candidates[0])
    return found


@lru_cache(maxsize=4)
def _vocabulary(url: str) -> tuple:
    with session(url) as s:
        rows = s.scalars(select(schema.Vocabulary)).all()
        return tuple(Term(v.id, v.kind, Text(v.name_zh, v.name_en), tuple(v.aliases)) for v in rows)


def vocabulary(kind: str = None) -> list:
    return [t for t in _vocabulary(database_url()) if kind is None or t.kind == kind]


def resolve_term(kind: str, text: str) -> Optional[Term]:
    """'医保' or 'medical insurance' -> the medical Term; also accepts the id itself."""
    if not text:
        return None
    norm = str(text).strip().lower()
    terms = vocabulary(kind)
    for term in terms:
        if norm == term.id or norm in (a.lower() for a in term.aliases):
            return term
    wanted = textnorm.key(norm)
    for term in terms:  # the same alias typed in another form ('self employed', '靈活就業')
        if wanted in (textnorm.key(a) for a in term.aliases):
            return term
    for term in terms:  # a longer phrase that contains an alias ("灵活就业人员养老")
        if any(a.lower() in norm for a in term.aliases if len(a) >= 2):
            return term
    return None


# ---------------------------------------------------------------- facts


def region_chain(region_id: str) -> list:
    """Region ids from region_id up through its city and province to national (whose facts apply)."""
    return _region_chain(region_id)


def _region_chain(region_id: str) -> list:
    table = _regions(database_url())
    chain, current = [], table.get(region_id)
    while current is not None and current.id not in chain:
        chain.append(current.id)
        current = table.get(current.parent_id) if current.parent_id else None
    if NATIONAL not in chain:
        chain.append(NATIONAL)
    return chain


def region_facts(region_id: str, keys: list = None) -> list:
    """Facts for a region, inheriting from its province and the national rules.

    Most specific region first; within one key, newest year first. A key defined by a city hides
    the province's entries for that key.
    """
    chain = _region_chain(region_id)
    with session() as s:
        query = (
            select(schema.RegionFact, schema.FactKind, schema.Source)
            .join(schema.FactKind, schema.FactKind.key == schema.RegionFact.key)
            .join(schema.Source, schema.Source.id == schema.RegionFact.source_id)
            .where(schema.RegionFact.region_id.in_(chain))
        )
        if keys is not None:
            query = query.where(schema.RegionFact.key.in_(list(keys)))
        rows = s.execute(query).all()
        facts = [_fact(f, k, src) for f, k, src in rows]
        order = {key: i for i, key in enumerate(keys or [])}
        kind_pos = {k.key: k.position for _, k, _ in rows}
    owner = {}
    for fact in facts:
        rank = chain.index(fact.region_id)
        owner[fact.key] = min(owner.get(fact.key, rank), rank)
    kept = [f for f in facts if chain.index(f.region_id) == owner[f.key]]
    kept.sort(
        key=lambda f: (
            order.get(f.key, kind_pos.get(f.key, 0)) if keys else kind_pos.get(f.key, 0),
            _year_sort_key(f.year),
        )
    )
    return kept


def _year_sort_key(year: str):
    digits = re.findall(r"\d{4}", year or "")
    return -int(digits[0]) if digits else 0


def _fact(f, kind, src) -> RegionFact:
    return RegionFact(
        key=f.key,
        kind=kind.kind,
        value=f.value,
        per=f.per or kind.per,
        year=f.year,
        period=optional_text(f.period_zh, f.period_en),
        confidence=f.confidence,
        conflict=f.conflict,
        alternatives=tuple(f.alternatives or ()),
        note_zh=f.note_zh,
        note_en=f.note_en,
        source_id=src.id,
        source_title=src.title,
        source_url=src.url,
        region_id=f.region_id,
        label_zh=kind.label_zh,
        label_en=kind.label_en,
        provenance_zh=f.provenance_zh,
        provenance_en=f.provenance_en,
        valid_from=f.valid_from,
        valid_until=f.valid_until,
        province_wide_source=_source_titles(database_url()).get(kind.province_wide),
    )


@lru_cache(maxsize=4)
def _source_titles(url: str) -> dict:
    with session(url) as s:
        return dict(s.execute(select(schema.Source.id, schema.Source.title)).all())


def fact(fact_id, url: str = None) -> Optional[RegionFact]:
    """One regional fact by its row id (the staff console's data card of a search result)."""
    try:
        fact_id = int(fact_id)
    except (TypeError, ValueError):
        return None
    with session(url) as s:
        row = s.execute(
            select(schema.RegionFact, schema.FactKind, schema.Source)
            .join(schema.FactKind, schema.FactKind.key == schema.RegionFact.key)
            .join(schema.Source, schema.Source.id == schema.RegionFact.source_id)
            .where(schema.RegionFact.id == fact_id)
        ).first()
        return _fact(*row) if row else None
