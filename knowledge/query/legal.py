"""Law texts, the build's metadata, subjects outside social insurance, and the calculators' tables."""

from functools import lru_cache
from typing import Optional

from sqlalchemy import select

from knowledge import schema
from knowledge.db import database_url, session
from knowledge.numerals import is_article_number
from knowledge.query.answers import source_citation
from knowledge.query.records import ArticleInfo, NotCoveredSubject, RuleTable, Text, optional_text
from knowledge.query.regional import vocabulary
from knowledge.scope import SOCIAL_INSURANCE_TERMS, names

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
            source=source_citation(src) if src else None,
        )


# ---------------------------------------------------------------- national calculator tables


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
                caveat=optional_text(sec.caveat_zh, sec.caveat_en),
                note=optional_text(sec.note_zh, sec.note_en),
            )
    return tables


def rule_tables() -> dict:
    """The calculators' national tables by key (account_divisor, retirement_reform, …); {} if none were built."""
    return _rule_tables(database_url())


def clear_caches() -> None:
    """Forget this module's cached lookups."""
    _rule_tables.cache_clear()
