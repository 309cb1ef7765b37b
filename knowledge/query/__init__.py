"""The read API of the knowledge base: plain frozen dataclasses in, plain dataclasses out.

Every function opens its own short session. Actions, channels, the staff console and the
calculators call only this module.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from sqlalchemy import select

from knowledge import places, schema, textnorm
from knowledge.db import database_url, session
from knowledge.numerals import is_article_number
from knowledge.places import NATIONAL
from knowledge.scope import SOCIAL_INSURANCE_TERMS, names


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def in_(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def _text(zh, en) -> Optional[Text]:
    return Text(zh, en) if zh is not None else None


@dataclass(frozen=True)
class Region:
    id: str
    name_zh: str
    name_en: str
    level: str  # country | province | municipality | city | county
    parent_id: Optional[str]
    code: Optional[str] = None  # the official 6-digit division code
    in_kb: bool = True  # False: a division the knowledge base has no entry for (its chain has)
    qualified_zh: Optional[str] = None  # 浙江省宁波市: names it unambiguously (slots, buttons)

    @property
    def name(self) -> Text:
        return Text(self.name_zh, self.name_en)

    @property
    def key(self) -> str:
        """What a slot or a button stores to name this region again."""
        return self.qualified_zh or self.name_zh


@dataclass(frozen=True)
class RegionFact:
    key: str
    kind: str
    value: object
    per: Optional[str]
    year: str
    period: Optional[Text]
    confidence: str
    conflict: bool
    alternatives: tuple
    note_zh: Optional[str]
    note_en: Optional[str]
    source_id: str
    source_title: str
    source_url: Optional[str]
    region_id: str
    label_zh: str
    label_en: str
    provenance_zh: Optional[str] = None  # staff only: where the figure comes from
    provenance_en: Optional[str] = None
    valid_from: Optional[str] = None  # YYYY-MM-DD: first day the figure applies
    valid_until: Optional[str] = None  # YYYY-MM-DD: last day the rule applies
    province_wide_source: Optional[str] = None  # title of the source saying provinces set it province-wide

    @property
    def label(self) -> Text:
        return Text(self.label_zh, self.label_en)

    @property
    def note(self) -> Optional[Text]:
        """The plain caveat citizens see with the figure."""
        return _text(self.note_zh, self.note_en)

    @property
    def provenance(self) -> Optional[Text]:
        """Source detail for staff (secondary report, not re-checked, derived …); never shown to citizens."""
        return _text(self.provenance_zh, self.provenance_en)

    def lapsed(self, today: dt.date) -> bool:
        """True once the rule's stated end date has passed: say so instead of stating it as current."""
        return self.valid_until is not None and dt.date.fromisoformat(self.valid_until) < today

    @property
    def stated(self) -> bool:
        """False when the figure must not be stated as fact (unconfirmed or no single value)."""
        return self.confidence != "UNCONFIRMED" and self.value is not None and not self.conflict


@dataclass(frozen=True)
class Citation:
    kind: str  # "law" or "source"
    title: Text  # law short name or source title
    year: str
    confidence: str
    law_id: Optional[str] = None
    article: Optional[int] = None
    article_label: Optional[str] = None
    article_text: Optional[str] = None
    summary_en: Optional[str] = None
    url: Optional[str] = None
    provenance: Optional[str] = None  # staff only

    def as_payload(self) -> dict:
        if self.kind == "law":
            return {
                "type": "law",
                "law": self.title.zh,
                "law_en": self.title.en,
                "law_id": self.law_id,
                "article": self.article,
                "article_label": self.article_label,
                "text": self.article_text,
                "summary_en": self.summary_en,
                "year": self.year,
            }
        return {
            "type": "source",
            "title": self.title.zh,
            "url": self.url,
            "year": self.year,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    name: Text
    note: Optional[Text]
    year: str
    confidence: str


@dataclass(frozen=True)
class AnswerRule:
    """When an answer of a topic applies: the assistant layer chooses among a topic's rules."""

    answer_id: str
    position: int
    schemes: Optional[tuple]  # any of these scheme ids (None: any)
    insurance_types: Optional[tuple]  # any of these insurance-type ids (None: any)
    keywords: Optional[Text]  # Text of tuples: any keyword in the question (None: no keyword needed)
    compute: Optional[str]  # a named computation for the user's own figure

    @property
    def is_default(self) -> bool:
        return self.schemes is None and self.insurance_types is None and self.keywords is None


@dataclass(frozen=True)
class Answer:
    topic: str
    answer_id: str
    title: Text
    lead: Text
    condition: Optional[Text]
    compute: Optional[str]
    office: tuple
    script: Optional[Text]
    points: tuple
    steps: tuple
    documents: tuple
    citations: tuple
    facts: tuple
    region: Optional[Region]
    region_dependent: bool
    year: str
    confidence: str
    caveat: Optional[Text]
    verified: str
    regional_labels: tuple = ()  # (fact key, label Text) of every regional fact the answer shows

    @property
    def region_has_facts(self) -> bool:
        return any(f.region_id != NATIONAL for f in self.facts)


@dataclass(frozen=True)
class ArticleInfo:
    law_id: str
    law: Text
    number: int
    label: str
    chapter: str
    text: str
    summary_en: Optional[str]
    year: str

    def as_payload(self) -> dict:
        """The article as a payload citation, the same shape as an answer's law citations."""
        return Citation(
            "law",
            self.law,
            self.year,
            "A",
            law_id=self.law_id,
            article=self.number,
            article_label=self.label,
            article_text=self.text,
            summary_en=self.summary_en,
        ).as_payload()


@dataclass(frozen=True)
class TopicInfo:
    id: str
    title: Text
    region_dependent: bool


@dataclass(frozen=True)
class Term:
    id: str
    kind: str
    name: Text
    aliases: tuple


# ---------------------------------------------------------------- regions and vocabulary


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
    """Forget cached lookups (after a rebuild of the database in the same process)."""
    for cached in (_alias_table, _regions, _vocabulary, _rule_tables, _source_titles):
        cached.cache_clear()
    places.clear_cache()


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
        period=_text(f.period_zh, f.period_en),
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


def document(document_id: str, url: str = None) -> Optional[DocumentInfo]:
    with session(url) as s:
        d = s.get(schema.Document, document_id)
        return (
            DocumentInfo(d.id, Text(d.name_zh, d.name_en), _text(d.note_zh, d.note_en), d.year, d.confidence)
            if d
            else None
        )


def source_info(source_id: str) -> Optional[Citation]:
    with session() as s:
        src = s.get(schema.Source, source_id)
        return _source_citation(src) if src else None


def _source_citation(src) -> Citation:
    english = f"{src.title} ({src.title_en})" if src.title_en else src.title  # glossed for English readers
    return Citation(
        kind="source",
        title=Text(src.title, english),
        year=src.year,
        confidence=src.confidence,
        url=src.url,
        provenance=src.provenance,
    )


# ---------------------------------------------------------------- answers


def _topic_info(t) -> TopicInfo:
    return TopicInfo(t.id, Text(t.title_zh, t.title_en), t.region_dependent)


def topic(topic_id: str) -> Optional[TopicInfo]:
    with session() as s:
        t = s.get(schema.Topic, topic_id)
        return _topic_info(t) if t else None


def topics() -> list:
    with session() as s:
        return [_topic_info(t) for t in s.scalars(select(schema.Topic).order_by(schema.Topic.id)).all()]


def answer_rules(topic_id: str) -> list:
    """The answers of a topic with the conditions under which each applies, in their order."""
    with session() as s:
        rows = s.scalars(
            select(schema.Answer).where(schema.Answer.topic_id == topic_id).order_by(schema.Answer.position)
        ).all()
        return [
            AnswerRule(
                answer_id=a.id,
                position=a.position,
                schemes=tuple(a.when_scheme) if a.when_scheme else None,
                insurance_types=tuple(a.when_insurance_type) if a.when_insurance_type else None,
                keywords=Text(tuple(a.when_keywords_zh or ()), tuple(a.when_keywords_en or ()))
                if a.when_keywords_zh or a.when_keywords_en
                else None,
                compute=a.compute,
            )
            for a in rows
        ]


def answer(answer_id: str, region: str = None) -> Optional[Answer]:
    """One answer with the facts of region (an id, a name or an alias; unknown values are ignored).

    Returns None when no such answer is in the knowledge base.
    """
    region_obj = resolve_region(region) if region else None
    with session() as s:
        row = s.get(schema.Answer, answer_id)
        if row is None:
            return None
        t = s.get(schema.Topic, row.topic_id)
        steps = s.scalars(
            select(schema.AnswerStep).where(schema.AnswerStep.answer_id == row.id).order_by(schema.AnswerStep.position)
        ).all()
        docs = (
            s.execute(
                select(schema.Document)
                .join(schema.AnswerDocument, schema.AnswerDocument.document_id == schema.Document.id)
                .where(schema.AnswerDocument.answer_id == row.id)
                .order_by(schema.AnswerDocument.position)
            )
            .scalars()
            .all()
        )
        cites = s.scalars(
            select(schema.AnswerCitation)
            .where(schema.AnswerCitation.answer_id == row.id)
            .order_by(schema.AnswerCitation.position)
        ).all()
        citations = tuple(_citation(s, c) for c in cites)
        result = dict(
            topic=t.id,
            answer_id=row.id,
            title=Text(t.title_zh, t.title_en),
            lead=Text(row.lead_zh, row.lead_en),
            condition=_text(row.condition_zh, row.condition_en),
            compute=row.compute,
            office=tuple(row.office or ()),
            script=_text(row.script_zh, row.script_en),
            points=tuple(Text(zh, en) for zh, en in zip(row.points_zh, row.points_en, strict=False)),
            steps=tuple(Text(st.text_zh, st.text_en) for st in steps),
            documents=tuple(
                DocumentInfo(d.id, Text(d.name_zh, d.name_en), _text(d.note_zh, d.note_en), d.year, d.confidence)
                for d in docs
            ),
            citations=citations,
            region=region_obj,
            region_dependent=t.region_dependent,
            year=row.year,
            confidence=row.confidence,
            caveat=_text(row.caveat_zh, row.caveat_en),
            verified=row.verified,
            regional=list(row.regional),
        )
    regional = result.pop("regional")
    facts = ()
    if regional:
        facts = tuple(region_facts(region_obj.id if region_obj else NATIONAL, regional))
    return Answer(facts=facts, regional_labels=_fact_labels(regional), **result)


def _fact_labels(keys: list) -> tuple:
    if not keys:
        return ()
    with session() as s:
        kinds = {
            k.key: Text(k.label_zh, k.label_en)
            for k in s.scalars(select(schema.FactKind).where(schema.FactKind.key.in_(keys))).all()
        }
    return tuple((key, kinds[key]) for key in keys if key in kinds)


def _citation(s, c) -> Citation:
    if c.law_id:
        law = s.get(schema.Law, c.law_id)
        art = s.scalars(
            select(schema.Article).where(schema.Article.law_id == c.law_id, schema.Article.number == c.article)
        ).one()
        src = s.get(schema.Source, law.source_id)
        return Citation(
            kind="law",
            title=Text(law.short_zh, law.short_en),
            year=src.year,
            confidence=src.confidence,
            law_id=law.id,
            article=art.number,
            article_label=art.label_zh,
            article_text=art.text_zh,
            summary_en=art.summary_en,
        )
    return _source_citation(s.get(schema.Source, c.source_id))


# ---------------------------------------------------------------- law texts


def laws() -> list:
    with session() as s:
        rows = s.scalars(select(schema.Law)).all()
        return [(law.id, Text(law.title_zh, law.title_en)) for law in rows]


def find_law(text: str) -> Optional[str]:
    """The law named in free text ('经办条例', 'Handling Regulations'), or None."""
    lowered = (text or "").lower()
    with session() as s:
        for law in s.scalars(select(schema.Law)).all():
            names = (law.title_zh, law.short_zh, law.title_en.lower(), law.short_en.lower())
            if any(name and name in (lowered if name.isascii() else text) for name in names):
                return law.id
    return None


def law_version(law_id: str) -> Optional[Text]:
    with session() as s:
        law = s.get(schema.Law, law_id)
        return Text(law.version_zh, law.version_en) if law else None


def article_count(law_id: str) -> int:
    with session() as s:
        return len(s.scalars(select(schema.Article.id).where(schema.Article.law_id == law_id)).all())


def article(law_id: str, number: int) -> Optional[ArticleInfo]:
    found = articles(law_id, [number])
    return found[0] if found else None


def articles(law_id: str, numbers: list = None) -> list:
    """Articles of one law in order (all of them when numbers is None)."""
    with session() as s:
        law = s.get(schema.Law, law_id)
        if law is None:
            return []
        src = s.get(schema.Source, law.source_id)
        query = select(schema.Article).where(schema.Article.law_id == law_id).order_by(schema.Article.number)
        if numbers is not None:
            numbers = [n for n in numbers if is_article_number(n)]  # out of range: no such article
            if not numbers:
                return []
            query = query.where(schema.Article.number.in_(numbers))
        return [
            ArticleInfo(
                law_id,
                Text(law.short_zh, law.short_en),
                a.number,
                a.label_zh,
                a.chapter_zh,
                a.text_zh,
                a.summary_en,
                src.year,
            )
            for a in s.scalars(query).all()
        ]


def build_info() -> dict:
    with session() as s:
        return {m.key: m.value for m in s.scalars(select(schema.Meta)).all()}


# ---------------------------------------------------------------- not covered


@dataclass(frozen=True)
class NotCoveredSubject:
    """A subject that is not social insurance, named in a question, and who handles it."""

    id: str
    name: Text
    handled_by: Text
    keyword: str  # the words of the question that named the subject
    source: Optional[Citation]  # the text that says who handles it


def not_covered(text: str) -> Optional[NotCoveredSubject]:
    """The not-covered subject text asks about (住房公积金, 个税…), or None.

    None whenever the text also names social insurance (a scheme, an insurance type, 社保…), so a
    question about long-term care, medical insurance or the resident schemes is never called out of
    scope. The longest matching keyword wins; on a tie, the subject listed first.
    """
    lowered = (text or "").lower()
    guard = SOCIAL_INSURANCE_TERMS + tuple(a for t in vocabulary() for a in t.aliases if not a.isascii())
    if not lowered.strip() or any(names(lowered, term) for term in guard):
        return None
    with session() as s:
        best = None
        for row in s.scalars(select(schema.NotCovered).order_by(schema.NotCovered.position)).all():
            for keyword in row.keywords_zh + row.keywords_en:
                if names(lowered, keyword) and (best is None or len(keyword) > len(best[1])):
                    best = (row, keyword)
        if best is None:
            return None
        row, keyword = best
        src = s.get(schema.Source, row.source_id) if row.source_id else None
        return NotCoveredSubject(
            id=row.id,
            name=Text(row.name_zh, row.name_en),
            handled_by=Text(row.handled_by_zh, row.handled_by_en),
            keyword=keyword,
            source=_source_citation(src) if src else None,
        )


# ---------------------------------------------------------------- national calculator tables


@dataclass(frozen=True)
class RuleTable:
    """One national table of the calculators (pension_rules.yml), with where it comes from.

    params holds the table's scalar parameters, rows its entries as (key, value) in order; both
    are plain JSON values. The source is a document (source_id) or a law article (law_id, article).
    """

    key: str
    params: dict
    rows: tuple
    year: Optional[str]
    confidence: Optional[str]
    source_id: Optional[str]
    source_title: Optional[str]
    source_url: Optional[str]
    law_id: Optional[str]
    article: Optional[int]
    caveat: Optional[Text]
    note: Optional[Text]


@lru_cache(maxsize=4)
def _rule_tables(url: str) -> dict:
    with session(url) as s:
        sections = s.scalars(select(schema.RuleSection)).all()
        rows = s.scalars(select(schema.RuleRow).order_by(schema.RuleRow.section_id, schema.RuleRow.position)).all()
        by_section = {}
        for row in rows:
            by_section.setdefault(row.section_id, []).append((row.key, row.value))
        tables = {}
        for sec in sections:
            source_id = sec.source_id or (s.get(schema.Law, sec.law_id).source_id if sec.law_id else None)
            src = s.get(schema.Source, source_id) if source_id else None
            tables[sec.id] = RuleTable(
                key=sec.id,
                params=dict(sec.params or {}),
                rows=tuple(by_section.get(sec.id, ())),
                year=sec.year,
                confidence=sec.confidence,
                source_id=src.id if src else None,
                source_title=src.title if src else None,
                source_url=src.url if src else None,
                law_id=sec.law_id,
                article=sec.article,
                caveat=_text(sec.caveat_zh, sec.caveat_en),
                note=_text(sec.note_zh, sec.note_en),
            )
    return tables


def rule_tables() -> dict:
    """The calculators' national tables by key (account_divisor, retirement_reform, …); {} if none were built."""
    return _rule_tables(database_url())
