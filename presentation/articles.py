"""Article look-ups: the official text verbatim (Chinese), with our English summary for English users."""

from presentation.payload import Payload, Reply, Section
from presentation.wording import msg

# The official text is the answer to an article look-up: it may run longer than other first messages.
ARTICLE_LIMITS = {"zh": 400, "en": 400}


def render_articles(found: list, lang: str, version: str) -> Reply:
    """found: knowledge.query.ArticleInfo list of one law. The first article leads; the rest are sections.

    In Chinese the official text is the answer (a very long article continues in a section); in
    English our summary leads and the official Chinese text follows on demand.
    """
    blocks, sections, citations = [], [], []
    for art in found:
        header = msg("article_header", lang, law=art.law.in_(lang), label=art.label, number=art.number, version=version)
        if lang == "en":
            blocks.append((header, [msg("article_summary", lang, summary=art.summary_en)] if art.summary_en else []))
            sections.append(
                Section(
                    f"official_{art.number}", msg("article_official_zh", lang, label=art.label), art.text.split("\n")
                )
            )
        else:
            blocks.append((header, art.text.split("\n")))
        citations.append(art.as_payload())
    (first_header, first_lines), rest = blocks[0], blocks[1:]
    keep = len(first_lines)
    while keep > 1 and len("\n".join([first_header] + first_lines[:keep])) > ARTICLE_LIMITS[lang]:
        keep -= 1
    moved = [Section("article_rest", msg("article_rest", lang), first_lines[keep:])] if keep < len(first_lines) else []
    sections = moved + [Section(f"article_{i}", header, lines) for i, (header, lines) in enumerate(rest, 2)] + sections
    payload = Payload(
        kind="articles",
        language=lang,
        topic="ask_legal_basis",
        in_kb=True,
        citations=citations,
        sections=sections,
        extra={"law": found[0].law.in_(lang)},
    )
    return Reply("\n".join([first_header] + first_lines[:keep]), payload)


def article_missing(law_name: str, count: int, number: int, lang: str) -> Reply:
    return Reply(
        msg("article_missing", lang, law=law_name, count=count, number=number),
        Payload(kind="articles", language=lang, topic="ask_legal_basis", in_kb=False),
    )
