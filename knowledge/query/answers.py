"""Topics, their answer rules and answers, with the documents and sources they cite."""

from typing import Optional

from sqlalchemy import select

from knowledge import schema
from knowledge.db import session
from knowledge.places import NATIONAL
from knowledge.query.records import Answer, AnswerRule, Citation, DocumentInfo, Text, TopicInfo, optional_text
from knowledge.query.regional import region_facts, resolve_region


def document(document_id: str, url: str = None) -> Optional[DocumentInfo]:
    with session(url) as s:
        d = s.get(schema.Document, document_id)
        return _document_info(d) if d else None


def _document_info(d) -> DocumentInfo:
    return DocumentInfo(d.id, Text(d.name_zh, d.name_en), optional_text(d.note_zh, d.note_en), d.year, d.confidence)


def source_info(source_id: str) -> Optional[Citation]:
    with session() as s:
        src = s.get(schema.Source, source_id)
        return source_citation(src) if src else None


def source_citation(src) -> Citation:
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
            condition=optional_text(row.condition_zh, row.condition_en),
            compute=row.compute,
            office=tuple(row.office or ()),
            script=optional_text(row.script_zh, row.script_en),
            points=tuple(Text(zh, en) for zh, en in zip(row.points_zh, row.points_en, strict=False)),
            steps=tuple(Text(st.text_zh, st.text_en) for st in steps),
            documents=tuple(_document_info(d) for d in docs),
            citations=citations,
            region=region_obj,
            region_dependent=t.region_dependent,
            year=row.year,
            confidence=row.confidence,
            caveat=optional_text(row.caveat_zh, row.caveat_en),
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
    return source_citation(s.get(schema.Source, c.source_id))
