"""Article look-ups: the official text verbatim (Chinese), with our English summary for English users."""
from presentation.payload import Payload, Reply, Section
from presentation.wording import msg


def render_articles(found: list, lang: str, version: str) -> Reply:
    """found: knowledge.query.ArticleInfo list of one law. The first article leads; the rest are sections."""
    blocks, citations = [], []
    for art in found:
        header = msg("article_header", lang, law=art.law.in_(lang), label=art.label, number=art.number,
                     version=version)
        if lang == "en":
            summary = msg("article_summary", lang, summary=art.summary_en) if art.summary_en else ""
            body = "\n".join(x for x in (summary, msg("article_official_zh", lang), art.text) if x)
        else:
            body = art.text
        blocks.append((header, body))
        citations.append({"type": "law", "law": art.law.zh, "law_en": art.law.en, "law_id": art.law_id,
                          "article": art.number, "article_label": art.label, "text": art.text,
                          "summary_en": art.summary_en, "year": art.year})
    first_header, first_body = blocks[0]
    sections = [Section(f"article_{i}", header, [body]) for i, (header, body) in enumerate(blocks[1:], 2)]
    payload = Payload(kind="articles", language=lang, topic="ask_legal_basis", in_kb=True, citations=citations,
                      sections=sections, extra={"law": found[0].law.in_(lang)})
    return Reply(first_header + "\n" + first_body, payload)


def article_missing(law_name: str, count: int, number: int, lang: str) -> Reply:
    return Reply(msg("article_missing", lang, law=law_name, count=count, number=number),
                 Payload(kind="articles", language=lang, topic="ask_legal_basis", in_kb=False))
