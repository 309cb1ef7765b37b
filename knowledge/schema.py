"""SQLAlchemy tables of the knowledge base.

Written in the style that works on SQLAlchemy 1.4 and 2.x alike (declarative_base, select(),
Session per call), so the upgrade does not touch query code. Only knowledge/ imports this module;
everything else receives plain dataclasses from knowledge.query.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Meta(Base):
    __tablename__ = "kb_meta"
    key = Column(String(64), primary_key=True)
    value = Column(Text, nullable=False)


class Source(Base):
    __tablename__ = "kb_sources"
    id = Column(String(80), primary_key=True)
    title = Column(Text, nullable=False)
    title_en = Column(Text)  # an English gloss of the official Chinese title
    provenance = Column(Text)  # staff only: how we know the text (e.g. which repository quotes it)
    publisher = Column(Text)
    url = Column(Text)
    year = Column(String(32), nullable=False)
    confidence = Column(String(16), nullable=False)


class Law(Base):
    __tablename__ = "kb_laws"
    id = Column(String(64), primary_key=True)
    title_zh = Column(Text, nullable=False)
    title_en = Column(Text, nullable=False)
    short_zh = Column(Text, nullable=False)
    short_en = Column(Text, nullable=False)
    version_zh = Column(Text, nullable=False)
    version_en = Column(Text, nullable=False)
    source_id = Column(String(80), ForeignKey("kb_sources.id"), nullable=False)


class Article(Base):
    __tablename__ = "kb_articles"
    __table_args__ = (UniqueConstraint("law_id", "number"),)
    id = Column(Integer, primary_key=True)
    law_id = Column(String(64), ForeignKey("kb_laws.id"), nullable=False, index=True)
    number = Column(Integer, nullable=False)
    label_zh = Column(String(32), nullable=False)  # e.g. 第五十八条
    chapter_zh = Column(Text, nullable=False)
    text_zh = Column(Text, nullable=False)
    summary_en = Column(Text)


class Region(Base):
    __tablename__ = "kb_regions"
    id = Column(String(40), primary_key=True)
    name_zh = Column(String(40), nullable=False)
    name_en = Column(String(60), nullable=False)
    level = Column(String(16), nullable=False)
    parent_id = Column(String(40), ForeignKey("kb_regions.id"))
    position = Column(Integer, nullable=False)
    code = Column(String(6), unique=True)  # the official 6-digit division code (links kb_places)


class RegionAlias(Base):
    __tablename__ = "kb_region_aliases"
    alias = Column(String(60), primary_key=True)  # lower-cased
    region_id = Column(String(40), ForeignKey("kb_regions.id"), nullable=False)


class Place(Base):
    """An administrative division from the official codes (knowledge/divisions.py), not hand-typed."""

    __tablename__ = "kb_places"
    code = Column(String(6), primary_key=True)
    name_zh = Column(String(60), nullable=False)  # the official full name (宁波市, 昆山市, 鼓楼区)
    name_en = Column(String(80), nullable=False)  # English or pinyin (Ningbo, Kunshan, Gulou)
    level = Column(String(16), nullable=False)  # province | city | county
    city_code = Column(String(6))  # the prefecture-level city it belongs to (counties)
    province_code = Column(String(6), nullable=False)


class PlaceName(Base):
    """A name people use for a place: full, short, pinyin, alias; one name may belong to several."""

    __tablename__ = "kb_place_names"
    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False, index=True)  # lower-cased normal form
    code = Column(String(6), ForeignKey("kb_places.code"), nullable=False)
    kind = Column(String(8), nullable=False)  # full | short | en | alias


class FactKind(Base):
    __tablename__ = "kb_fact_kinds"
    key = Column(String(40), primary_key=True)
    kind = Column(String(16), nullable=False)
    per = Column(String(8))
    label_zh = Column(Text, nullable=False)
    label_en = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)
    # the source saying each province sets this figure for the whole province (a city without its
    # own figure then follows its province's: "宁波执行浙江省统一的缴费基数")
    province_wide = Column(String(80), ForeignKey("kb_sources.id"))


class RegionFact(Base):
    __tablename__ = "kb_region_facts"
    id = Column(Integer, primary_key=True)
    region_id = Column(String(40), ForeignKey("kb_regions.id"), nullable=False, index=True)
    key = Column(String(40), ForeignKey("kb_fact_kinds.key"), nullable=False)
    value = Column(JSON)
    per = Column(String(8))
    year = Column(String(32), nullable=False)
    period_zh = Column(Text)
    period_en = Column(Text)
    source_id = Column(String(80), ForeignKey("kb_sources.id"), nullable=False)
    confidence = Column(String(16), nullable=False)
    conflict = Column(Boolean, nullable=False, default=False)
    alternatives = Column(JSON)
    note_zh = Column(Text)  # the plain caveat shown with the figure
    note_en = Column(Text)
    provenance_zh = Column(Text)  # staff only: where the figure comes from and how far it was checked
    provenance_en = Column(Text)
    valid_from = Column(String(10))  # YYYY-MM-DD: the first day the figure applies (None: not stated)
    valid_until = Column(String(10))  # YYYY-MM-DD: the last day the rule applies (None: open-ended)
    position = Column(Integer, nullable=False)


class Vocabulary(Base):
    """Insurance types and schemes with their aliases (kind = insurance_type | scheme)."""

    __tablename__ = "kb_vocabulary"
    id = Column(String(40), primary_key=True)
    kind = Column(String(16), nullable=False)
    name_zh = Column(Text, nullable=False)
    name_en = Column(Text, nullable=False)
    aliases = Column(JSON, nullable=False)


class Document(Base):
    __tablename__ = "kb_documents"
    id = Column(String(60), primary_key=True)
    name_zh = Column(Text, nullable=False)
    name_en = Column(Text, nullable=False)
    note_zh = Column(Text)
    note_en = Column(Text)
    year = Column(String(32), nullable=False)
    confidence = Column(String(16), nullable=False)
    cites = Column(JSON, nullable=False)


class Topic(Base):
    __tablename__ = "kb_topics"
    id = Column(String(60), primary_key=True)  # the intent name
    title_zh = Column(Text, nullable=False)
    title_en = Column(Text, nullable=False)
    region_dependent = Column(Boolean, nullable=False)
    keywords_zh = Column(JSON, nullable=False)
    keywords_en = Column(JSON, nullable=False)


class Answer(Base):
    __tablename__ = "kb_answers"
    id = Column(String(80), primary_key=True)
    topic_id = Column(String(60), ForeignKey("kb_topics.id"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    when_scheme = Column(JSON)  # list of vocabulary ids or null (= any)
    when_insurance_type = Column(JSON)
    when_keywords_zh = Column(JSON)  # lower-cased; any of them in the question selects the answer
    when_keywords_en = Column(JSON)
    lead_zh = Column(Text, nullable=False)  # the first message: the answer to the question asked
    lead_en = Column(Text, nullable=False)
    condition_zh = Column(Text)  # the one condition that matters most, shown under the lead
    condition_en = Column(Text)
    compute = Column(String(60))  # a named computation giving the user's own figure (assistant/figures.py)
    office = Column(JSON, nullable=False)  # who answers locally: hrss | medical | tax
    script_zh = Column(Text)
    script_en = Column(Text)
    points_zh = Column(JSON, nullable=False)
    points_en = Column(JSON, nullable=False)
    regional = Column(JSON, nullable=False)
    year = Column(String(32), nullable=False)
    confidence = Column(String(16), nullable=False)
    caveat_zh = Column(Text)
    caveat_en = Column(Text)
    verified = Column(String(10), nullable=False)


class AnswerStep(Base):
    __tablename__ = "kb_answer_steps"
    answer_id = Column(String(80), ForeignKey("kb_answers.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    text_zh = Column(Text, nullable=False)
    text_en = Column(Text, nullable=False)


class AnswerDocument(Base):
    __tablename__ = "kb_answer_documents"
    answer_id = Column(String(80), ForeignKey("kb_answers.id"), primary_key=True)
    document_id = Column(String(60), ForeignKey("kb_documents.id"), primary_key=True)
    position = Column(Integer, nullable=False)


class AnswerCitation(Base):
    """A citation is either a law article (law_id + article) or a source document (source_id)."""

    __tablename__ = "kb_answer_citations"
    answer_id = Column(String(80), ForeignKey("kb_answers.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    law_id = Column(String(64), ForeignKey("kb_laws.id"))
    article = Column(Integer)
    source_id = Column(String(80), ForeignKey("kb_sources.id"))


class NotCovered(Base):
    """A subject people ask about that is not social insurance (not_covered.yml) and who handles it."""

    __tablename__ = "kb_not_covered"
    id = Column(String(60), primary_key=True)
    position = Column(Integer, nullable=False)
    name_zh = Column(Text, nullable=False)
    name_en = Column(Text, nullable=False)
    handled_by_zh = Column(Text, nullable=False)
    handled_by_en = Column(Text, nullable=False)
    keywords_zh = Column(JSON, nullable=False)  # lower-cased
    keywords_en = Column(JSON, nullable=False)
    source_id = Column(String(80), ForeignKey("kb_sources.id"))


# ---------------------------------------------------------------- national calculator tables


class RuleSection(Base):
    """One national table of pension_rules.yml: where it comes from and its scalar parameters."""

    __tablename__ = "kb_rule_sections"
    id = Column(String(60), primary_key=True)  # e.g. account_divisor, retirement_reform
    source_id = Column(String(80), ForeignKey("kb_sources.id"))  # a source, or
    law_id = Column(String(64), ForeignKey("kb_laws.id"))  # a law article
    article = Column(Integer)
    year = Column(String(32))  # null only for the projection assumptions (not a fact)
    confidence = Column(String(16))
    caveat_zh = Column(Text)
    caveat_en = Column(Text)
    note_zh = Column(Text)
    note_en = Column(Text)
    params = Column(JSON, nullable=False)


class RuleRow(Base):
    """One entry of a national table (a divisor row, a reform category, a scenario …), in order."""

    __tablename__ = "kb_rule_rows"
    section_id = Column(String(60), ForeignKey("kb_rule_sections.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    key = Column(String(40), nullable=False)
    value = Column(JSON, nullable=False)
