"""Split the official statute text (markdown) into chapters and articles."""

import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.numerals import cn_to_int

_ARTICLE_START = re.compile(r"^第([零〇一二两三四五六七八九十百千]+)条[\s\u3000]+(.*)$")
_CHAPTER = re.compile(r"^##\s+(第.+章.*)$")


@dataclass(frozen=True)
class ParsedArticle:
    number: int
    label: str
    chapter: str
    text: str


def parse_statute(path: Path) -> list:
    """Articles in order; paragraphs of one article are joined with newlines."""
    articles, chapter, current = [], "", None
    in_body = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if "<!-- INFO END -->" in line:
            in_body = True
            continue
        if not in_body or not line:
            continue
        chapter_match = _CHAPTER.match(line)
        if chapter_match:
            chapter = re.sub(r"\s+", " ", chapter_match.group(1))
            continue
        article_match = _ARTICLE_START.match(line)
        if article_match:
            if current:
                articles.append(current)
            label = f"第{article_match.group(1)}条"
            current = ParsedArticle(cn_to_int(article_match.group(1)), label, chapter, article_match.group(2).strip())
        elif current and not line.startswith("#"):
            current = ParsedArticle(current.number, current.label, current.chapter, current.text + "\n" + line)
    if current:
        articles.append(current)
    return articles
