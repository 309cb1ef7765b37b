"""Article look-ups: which law and which article numbers a question names."""

from dataclasses import dataclass
from typing import Optional

from knowledge import query
from knowledge.numerals import cn_to_int, find_article_numbers
from knowledge.query import Text

DEFAULT_LAW = "social_insurance_law"


@dataclass(frozen=True)
class ArticleLookup:
    law_id: str
    law_name: Text
    version: Text
    numbers: tuple
    found: tuple  # knowledge.query.ArticleInfo, in the law's order
    article_count: int


def _bare_number(raw: str) -> list:
    try:
        return [cn_to_int(raw.strip("第条 "))]
    except ValueError:
        return []


def look_up(text: str, article_entities: list) -> Optional[ArticleLookup]:
    """The articles a message names (entities from the NLU and the text itself); None when none is named."""
    numbers = []
    for raw in article_entities:
        numbers += find_article_numbers(str(raw)) or _bare_number(str(raw))
    numbers += [n for n in find_article_numbers(text) if n not in numbers]
    if not numbers:
        return None
    law_id = query.find_law(text) or DEFAULT_LAW
    return ArticleLookup(
        law_id=law_id,
        law_name=dict(query.laws())[law_id],
        version=query.law_version(law_id),
        numbers=tuple(numbers),
        found=tuple(query.articles(law_id, numbers)),
        article_count=query.article_count(law_id),
    )
