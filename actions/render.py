"""Turn knowledge.query results into the text a person reads and the payload channels use.

Layout: the answer first, then points / steps / documents, then the regional figures each with
its year and source, then any caveat, then the legal basis and sources with their years.
"""
from dataclasses import dataclass, field

from presentation.wording import msg
from knowledge.query import NATIONAL, Answer, RegionFact, Region, get_region

# The calculator offered under the rule answers about cost and pensions (actions/forms.py).
CALCULATOR_BUTTONS = {"ask_cost": ("calc_button_contribution", "/calculate_contribution"),
                      "ask_pension_benefit": ("calc_button_pension", "/estimate_pension")}

# Regions offered as quick replies when a region-dependent question arrives without one.
SUGGESTED_REGIONS = ("beijing", "shanghai", "guangzhou", "shenzhen", "hangzhou", "chengdu",
                     "wuhan", "nanjing", "tianjin", "chongqing")


@dataclass
class Reply:
    text: str
    buttons: list = field(default_factory=list)
    payload: dict = field(default_factory=dict)


def _num(value, lang: str) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}" if lang == "en" else f"{value:.2f}"
    return f"{int(value):,}" if lang == "en" else str(int(value))


def _money(value, per, lang: str) -> str:
    unit = {"month": "per_month", "year": "per_year"}.get(per, "yuan")
    if lang == "en":
        return f"CNY {_num(value, lang)}" + ("" if unit == "yuan" else "/" + per)
    return f"{_num(value, lang)}{msg(unit, lang)}"


def format_value(fact_kind: str, value, per, lang: str) -> str:
    if fact_kind == "range":
        if lang == "en":
            return f"CNY {_num(value['min'], lang)}–{_num(value['max'], lang)}/month"
        return f"{_num(value['min'], lang)}–{_num(value['max'], lang)}{msg('per_month', lang)}"
    if fact_kind == "percent":
        return f"{_num(value, lang)}%"
    if fact_kind == "amount":
        return _money(value, per, lang)
    if fact_kind == "amounts":
        joined = ("、" if lang == "zh" else ", ").join(_num(v, lang) for v in value)
        return _money_list(joined, per, lang)
    return value["en" if lang == "en" else "zh"]


def _money_list(joined: str, per, lang: str) -> str:
    unit = {"month": "per_month", "year": "per_year"}.get(per, "yuan")
    if lang == "en":
        return f"CNY {joined}" + ("" if unit == "yuan" else "/" + per)
    return f"{joined}{msg(unit, lang)}"


def format_fact(fact: RegionFact, lang: str, region: Region = None) -> str:
    """One line: label: value (year; source) plus the caveat for C-grade, conflicting or unknown."""
    year = fact.period.in_(lang) if fact.period else fact.year
    if lang == "en" and fact.period:
        year = f"{fact.year}, {year}"
    elif fact.period:
        year = f"{fact.year}年，{year}"
    origin = ""
    if region is not None and fact.region_id not in (region.id, NATIONAL):
        owner = get_region(fact.region_id)
        origin = msg("inherited", lang, region=owner.name.in_(lang)) if owner else ""
    if fact.conflict:
        options = "；".join if lang == "zh" else "; ".join
        value = msg("conflict", lang, options=options(
            f"{format_value(fact.kind, alt['value'], fact.per, lang)}（{alt['year']}）" if lang == "zh"
            else f"{format_value(fact.kind, alt['value'], fact.per, lang)} ({alt['year']})"
            for alt in fact.alternatives))
    elif fact.confidence == "UNCONFIRMED":
        value = msg("unconfirmed", lang)
    elif fact.value is None:  # no single figure exists (e.g. no national rate): the note says why
        value = fact.note.in_(lang)
    else:
        value = format_value(fact.kind, fact.value, fact.per, lang)
    line = f"• {fact.label.in_(lang)}{origin}: {value}" if lang == "en" else \
        f"• {fact.label.in_(lang)}{origin}：{value}"
    line += msg("year_source", lang, year=year, source=fact.source_title)
    if fact.note and fact.value is not None or fact.conflict or fact.confidence == "UNCONFIRMED":
        line += "\n  " + fact.note.in_(lang)
    return line


def citation_line(answer_citations, lang: str) -> list:
    """'Legal basis: 《社会保险法》第十条、第十二条' and 'Sources: title (year)' lines."""
    laws, sources = {}, []
    for c in answer_citations:
        if c.kind == "law":
            laws.setdefault((c.title.in_(lang), c.year), []).append(c)
        else:
            sources.append(f"{c.title.zh}（{c.year}）" if lang == "zh" else f"{c.title.zh} ({c.year})")
    lines = []
    if laws:
        parts = []
        for (law, year), cites in laws.items():
            if lang == "zh":
                parts.append(f"《{law}》" + "、".join(c.article_label for c in cites) + f"（{year}）")
            else:
                parts.append(f"{law} Art. " + ", ".join(str(c.article) for c in cites) + f" ({year})")
        lines.append(msg("legal_basis", lang) + ("；" if lang == "zh" else "; ").join(parts))
    if sources:
        lines.append(msg("sources", lang) + ("；" if lang == "zh" else "; ").join(sources))
    return lines


def region_buttons(lang: str) -> list:
    buttons = []
    for region_id in SUGGESTED_REGIONS:
        region = get_region(region_id)
        if region:
            buttons.append({"title": region.name.in_(lang),
                            "payload": '/inform{"region": "%s"}' % region.name_zh})
    return buttons


def render_answer(answer: Answer, lang: str, requested_region: Region = None) -> Reply:
    """requested_region: the region the user is in (may lack facts of its own)."""
    region = answer.region or requested_region
    blocks = [answer.lead.in_(lang)]
    if answer.points:
        blocks.append(msg("points", lang) + "\n" + "\n".join(f"• {p.in_(lang)}" for p in answer.points))
    if answer.steps:
        blocks.append(msg("steps", lang) + "\n" + "\n".join(
            f"{i}. {s.in_(lang)}" for i, s in enumerate(answer.steps, 1)))
    if answer.documents:
        lines = []
        for d in answer.documents:
            note = f"（{d.note.zh}）" if lang == "zh" and d.note else (f" ({d.note.en})" if d.note else "")
            lines.append(f"• {d.name.in_(lang)}{note}")
        blocks.append(msg("documents", lang) + "\n" + "\n".join(lines))
    buttons = []
    if answer.facts:
        if region is not None and region.id != NATIONAL:
            header = msg("regional_header", lang, region=region.name.in_(lang))
            if not answer.region_has_facts:
                header = msg("region_no_data", lang, region=region.name.in_(lang)) + "\n" + \
                    msg("national_header", lang)
        else:
            header = msg("national_header", lang)
        blocks.append(header + "\n" + "\n".join(format_fact(f, lang, region) for f in answer.facts))
    elif region is not None and region.id != NATIONAL and answer.region_dependent and not answer.region_has_facts:
        blocks.append(msg("region_no_data", lang, region=region.name.in_(lang)))
    if answer.caveat:
        blocks.append(msg("caveat", lang) + answer.caveat.in_(lang))
    blocks.append("\n".join(citation_line(answer.citations, lang)))
    blocks.append(msg("verified", lang, date=answer.verified))
    if answer.region_dependent and region is None:
        blocks.append(msg("ask_region", lang))
        buttons = region_buttons(lang)
    if answer.topic in CALCULATOR_BUTTONS:
        title, payload = CALCULATOR_BUTTONS[answer.topic]
        buttons = buttons + [{"title": msg(title, lang), "payload": payload}]
    payload = {
        "topic": answer.topic,
        "answer_id": answer.answer_id,
        "region": region.name_zh if region else None,
        "region_id": region.id if region else None,
        "language": lang,
        "confidence": answer.confidence,
        "year": answer.year,
        "verified": answer.verified,
        "citations": [c.as_payload() for c in answer.citations],
        "facts": [_fact_payload(f) for f in answer.facts],
    }
    return Reply("\n\n".join(b for b in blocks if b), buttons, payload)


def _fact_payload(fact: RegionFact) -> dict:
    return {"key": fact.key, "label": fact.label_zh, "label_en": fact.label_en, "region_id": fact.region_id,
            "value": fact.value if fact.stated else None, "year": fact.year, "confidence": fact.confidence,
            "conflict": fact.conflict, "source": fact.source_title, "url": fact.source_url}


def render_articles(found: list, lang: str, law_name: str, version: str) -> Reply:
    """Official text verbatim (Chinese), with our English summary for English users."""
    blocks, citations = [], []
    for art in found:
        header = msg("article_header", lang, law=art.law.in_(lang), label=art.label, number=art.number,
                     version=version)
        body = art.text
        if lang == "en":
            summary = msg("article_summary", lang, summary=art.summary_en) if art.summary_en else ""
            body = "\n".join(x for x in (summary, msg("article_official_zh", lang), art.text) if x)
        blocks.append(header + "\n" + body)
        citations.append({"type": "law", "law": art.law.zh, "law_en": art.law.en, "law_id": art.law_id,
                          "article": art.number, "article_label": art.label, "text": art.text,
                          "summary_en": art.summary_en, "year": art.year})
    payload = {"topic": "ask_legal_basis", "language": lang, "region": None, "region_id": None,
               "citations": citations, "law": law_name}
    return Reply("\n\n".join(blocks), [], payload)
