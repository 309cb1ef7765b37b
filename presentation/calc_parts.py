"""What the calculator replies share: the topics, buttons, sections, sources and fitting the first message."""

from typing import Optional

from knowledge import query
from presentation import calc_text as words
from presentation.calc_text import FIRST_LIMITS, join
from presentation.payload import Section
from presentation.wording import msg

TOPICS = {"contribution": "calculate_contribution", "pension": "estimate_pension"}
CONTRIBUTION_ARTICLES = (10, 12)
PENSION_ARTICLES = (15, 16)
SUGGESTED_REGIONS = ("beijing", "shanghai", "guangzhou", "shenzhen", "hangzhou", "chengdu")


def _option(kind: str, option: str) -> str:
    return '/%s{"calc_option": "%s"}' % (TOPICS[kind], option)


def _button(key: str, payload: str, lang: str) -> dict:
    return {"title": msg(key, lang), "payload": payload}


def _section(section_id: str, lines, lang: str) -> Optional[Section]:
    lines = [line for line in dict.fromkeys(lines) if line]
    return Section(section_id, msg(f"calc_sec_{section_id}", lang), lines) if lines else None


def _sources(basis, articles, lang: str) -> tuple:
    """(sources section lines, payload citations): law articles, then every figure with year and grade."""
    lines, citations = [], []
    found = query.articles("social_insurance_law", list(articles))
    for art in found:
        lines.append(
            msg("calc_law_line", lang, law=art.law.in_(lang), label=art.label, number=art.number, year=art.year)
        )
        citations.append(art.as_payload())
    seen = set()
    for item in basis:
        lines.append(words.basis_line(item, lang))
        if (item.source_id, item.year) not in seen:
            seen.add((item.source_id, item.year))
            citations.append(words.citation(item))
    return lines, citations


def _plain_caveat(basis, lang: str) -> str:
    return msg("calc_plain_caveat", lang) if words.has_low_confidence(basis) else ""


def _text(lines) -> str:
    return "\n".join(line for line in lines if line)


def _defaults(defaults, lang: str) -> str:
    return (
        msg("calc_defaults", lang, defaults=join([msg(f"calc_default_{d}", lang) for d in defaults], lang))
        if defaults
        else ""
    )


def _fit(first: str, extra: list, lang: str) -> list:
    """The figure, then the other lines in order of importance while the first message stays short
    (every one of them is also in the sections)."""
    lines, size = [first], len(first)
    for line in extra:
        if line and size + len(line) + 1 <= FIRST_LIMITS[lang]:
            lines.append(line)
            size += len(line) + 1
    return lines
