"""The records the read API returns: plain frozen dataclasses."""

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from knowledge.places import NATIONAL


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def in_(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def optional_text(zh, en) -> Optional[Text]:
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
        return optional_text(self.note_zh, self.note_en)

    @property
    def provenance(self) -> Optional[Text]:
        """Source detail for staff (secondary report, not re-checked, derived …); never shown to citizens."""
        return optional_text(self.provenance_zh, self.provenance_en)

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


@dataclass(frozen=True)
class NotCoveredSubject:
    """A subject that is not social insurance, named in a question, and who handles it."""

    id: str
    name: Text
    handled_by: Text
    keyword: str  # the words of the question that named the subject
    source: Optional[Citation]  # the text that says who handles it


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
