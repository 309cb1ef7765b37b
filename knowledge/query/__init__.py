"""The read API of the knowledge base: plain frozen dataclasses in, plain dataclasses out.

Every function opens its own short session. Actions, channels, the staff console and the
calculators call only this package, through these names: records holds the dataclasses, regional the
regions, places, vocabulary and regional facts, answers the topics and answers, legal the law
texts, the subjects not covered and the calculators' tables.
"""

from knowledge import places
from knowledge.places import NATIONAL
from knowledge.query import legal, regional
from knowledge.query.answers import answer, answer_rules, document, source_info, topic, topics
from knowledge.query.legal import (
    article,
    article_count,
    articles,
    build_info,
    find_law,
    law_version,
    laws,
    not_covered,
    rule_tables,
)
from knowledge.query.records import (
    Answer,
    AnswerRule,
    ArticleInfo,
    Citation,
    DocumentInfo,
    NotCoveredSubject,
    Region,
    RegionFact,
    RuleTable,
    Term,
    Text,
    TopicInfo,
)
from knowledge.query.regional import (
    fact,
    find_regions,
    get_region,
    place_mentions,
    place_spans,
    region_aliases,
    region_chain,
    region_facts,
    regions,
    resolve_region,
    resolve_term,
    vocabulary,
)

__all__ = [
    "NATIONAL",
    "Answer",
    "AnswerRule",
    "ArticleInfo",
    "Citation",
    "DocumentInfo",
    "NotCoveredSubject",
    "Region",
    "RegionFact",
    "RuleTable",
    "Term",
    "Text",
    "TopicInfo",
    "answer",
    "answer_rules",
    "article",
    "article_count",
    "articles",
    "build_info",
    "clear_caches",
    "document",
    "fact",
    "find_law",
    "find_regions",
    "get_region",
    "law_version",
    "laws",
    "not_covered",
    "place_mentions",
    "place_spans",
    "region_aliases",
    "region_chain",
    "region_facts",
    "regions",
    "resolve_region",
    "resolve_term",
    "rule_tables",
    "source_info",
    "topic",
    "topics",
    "vocabulary",
]


def clear_caches() -> None:
    """Forget cached lookups (after a rebuild of the database in the same process)."""
    regional.clear_caches()
    legal.clear_caches()
    places.clear_cache()
