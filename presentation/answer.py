"""A composed answer as people read it: the answer first, in a few lines; details on demand.

The first message holds the answer to the question asked (the person's own figure when one was
computed), one line on the condition that matters most and a plain caveat where the basis is weak.
Local figures, points, steps, documents, legal basis, sources and where to ask go into payload
sections: expandable in the widget, numbered follow-ups on WeChat, complete in the staff card.
"""

from typing import Optional

from assistant.compose import Composed, fact_id
from knowledge.query import NATIONAL, Answer, Region, RegionFact, get_region
from presentation import figures
from presentation import format as fmt
from presentation.payload import Payload, Reply, Section
from presentation.wording import msg

# The first message stays within these (characters); optional lines are dropped to fit.
FIRST_MESSAGE_LIMITS = {"zh": 200, "en": 400}
# Regions offered when a region-dependent question arrives without one (at most six, plus "other").
SUGGESTED_REGIONS = ("beijing", "shanghai", "guangzhou", "shenzhen", "hangzhou", "chengdu")
LOCAL_LINE_LIMITS = {"zh": 70, "en": 160}
OFFICE_KEYS = {"hrss": "office_hrss", "medical": "office_medical", "tax": "office_tax"}


def region_buttons(lang: str) -> list:
    """At most six common regions and "other"."""
    buttons = []
    for region_id in SUGGESTED_REGIONS:
        region = get_region(region_id)
        if region:
            buttons.append({"title": region.name.in_(lang), "payload": '/inform{"region": "%s"}' % region.name_zh})
    buttons.append({"title": msg("region_other", lang), "payload": '/inform{"choice": "other_region"}'})
    return buttons


def fact_text(
    fact: RegionFact, lang: str, region: Optional[Region] = None, lapsed: bool = False, due: Optional[int] = None
) -> str:
    """'缴费基数：7,162–35,811元/月（2025年；北京市…通知）' with the plain caveat under it."""
    if fact.conflict:
        value = (
            msg("caveat_conflict", lang)
            + ("" if lang == "zh" else " ")
            + fmt.joined(
                [
                    msg(
                        "alternative",
                        lang,
                        value=fmt.fact_value(fact.kind, alt["value"], fact.per, lang),
                        year=fmt.year_label(alt["year"], lang),
                    )
                    for alt in fact.alternatives
                ],
                lang,
            )
        )
    elif fact.confidence == "UNCONFIRMED":
        value = msg("unconfirmed", lang)
    elif fact.value is None:  # no single figure exists (e.g. no national rate): the note says why
        value = fact.note.in_(lang) if fact.note else msg("unconfirmed", lang)
    else:
        value = fmt.fact_value(fact.kind, fact.value, fact.per, lang)
    label = fact.label.in_(lang)
    level, owner = fact_level(fact, region)
    if level == "province_wide":
        label += msg("fact_province_wide", lang, region=owner.name.in_(lang), basis=fact.province_wide_source)
    elif level == "inherited":
        label += msg("fact_inherited", lang, region=owner.name.in_(lang))
    year = fmt.year_label(fact.year, lang) + (
        f"，{fact.period.zh}" if lang == "zh" and fact.period else f", {fact.period.en}" if fact.period else ""
    )
    line = msg("fact_line", lang, label=label, value=value, year=year, source=fact.source_title)
    if fact.note and fact.value is not None and not fact.conflict:
        line += "\n  " + fact.note.in_(lang)
    if lapsed:
        line += "\n  " + msg("lapsed", lang, date=fact.valid_until)
    elif due:
        line += "\n  " + msg("figure_due", lang, year=due)
    return line


def _province_wide(fact: RegionFact, owner: Region) -> bool:
    """The province sets this figure for the whole province, and a source says so."""
    return bool(fact.province_wide_source) and owner.level in ("province", "municipality")


def fact_level(fact: RegionFact, region: Optional[Region]) -> tuple:
    """Which level a figure shown for region comes from, and the region that sets it:
    ("national", None), ("own", owner), ("province_wide", province) or ("inherited", owner)."""
    if fact.region_id == NATIONAL:
        return "national", None
    owner = get_region(fact.region_id)
    if region is None or owner is None or fact.region_id == region.id:
        return "own", owner
    return ("province_wide" if _province_wide(fact, owner) else "inherited"), owner


def local_line(region: Region, fact: RegionFact, lang: str, year: Optional[str] = None) -> str:
    """'宁波市执行浙江省统一的养老保险缴费基数：…（2025年）': one figure for the region, saying whose it is."""
    level, owner = fact_level(fact, region)
    key = {"province_wide": "local_line_province_wide", "inherited": "local_line_inherited"}.get(level, "local_line")
    words = dict(region=region.name.in_(lang), owner=owner.name.in_(lang) if level != "own" and owner else "")
    words.update(label=fact.label.in_(lang), value=fmt.fact_value(fact.kind, fact.value, fact.per, lang))
    return msg(key, lang, year=year or fmt.year_label(fact.year, lang), **words)


def _local_line(composed: Composed, lang: str) -> Optional[str]:
    """The region's key figure (its own, or its province's and why), when short enough for the first message."""
    for fact in composed.local_facts:
        if not fact.stated or fact_id(fact) in composed.lapsed:
            continue
        year = fmt.year_label(fact.year, lang)
        due = dict(composed.due).get(fact_id(fact))
        # The year always; that the next year's figure is missing too, when it fits.
        years = ([msg("year_then_due", lang, year=year, due=due)] if due else []) + [year]
        lines = [local_line(composed.region, fact, lang, y) for y in years]
        return next((line for line in lines if len(line) <= LOCAL_LINE_LIMITS[lang]), None)
    return None


def _shown_grades(composed: Composed, lang: str) -> list:
    """Grades behind the first message: the answer, the person's figure, the local figure shown."""
    grades = [composed.answer.confidence]
    if composed.figure_ok:
        grades.append(composed.figure.confidence)
    elif _local_line(composed, lang):
        grades.append(
            next(f.confidence for f in composed.local_facts if f.stated and fact_id(f) not in composed.lapsed)
        )
    return [g for g in grades if g]


def _caveat(composed: Composed, lang: str) -> Optional[str]:
    if "C" in _shown_grades(composed, lang):
        return msg("caveat_secondary", lang)
    return None


def place_office(region: Optional[Region], lang: str) -> Optional[str]:
    """A place the knowledge base has no entry for: its city sets the figures; who publishes them."""
    if region is None or region.in_kb:
        return None
    parent = get_region(region.parent_id) if region.parent_id else None
    city = parent if region.level == "county" and parent is not None and parent.level == "city" else region
    return msg("place_office", lang, place=region.name.in_(lang), city=city.name.in_(lang))


def _where_to_ask(composed: Composed, lang: str) -> Optional[str]:
    """Who publishes the local figures: the place's own offices by name, or the usual offices."""
    named = place_office(composed.region, lang)
    if named or composed.needs_region or composed.local_facts:
        return named
    return offices(composed.answer, lang)


def offices(answer: Answer, lang: str) -> Optional[str]:
    names = [msg(OFFICE_KEYS[o], lang) for o in answer.office if o in OFFICE_KEYS]
    return msg("where_to_ask", lang, offices=fmt.joined(names, lang)) if names else None


def _figure_lead(composed: Composed, lang: str) -> Optional[str]:
    """The person's own figure, or the rule and what to tell us to get one (the computation words both)."""
    if composed.figure is None or composed.figure.outcome == "missing":
        return None
    return figures.first_message(composed.figure, lang) or None


def first_message(composed: Composed, lang: str) -> str:
    """Lead (or the person's figure) and the lines that matter, within the length limit."""
    answer = composed.answer
    figure_lead = _figure_lead(composed, lang)
    lines = [  # (text, drop order): 0 always stays; the highest number is dropped first when too long
        (figure_lead or answer.lead.in_(lang), 0),
        (None if composed.figure_ok else _local_line(composed, lang), 3),
        (answer.condition.in_(lang) if answer.condition else None, 2),
        (None if figure_lead else _caveat(composed, lang), 1),  # a figure words its own caveat
        (_where_to_ask(composed, lang) if composed.topic.region_dependent else None, 4),
        (msg("region_pick", lang) if composed.needs_region and not figure_lead else None, 0),
    ]
    lines = [(text, rank) for text, rank in lines if text]
    while len("\n".join(text for text, _ in lines)) > FIRST_MESSAGE_LIMITS[lang] and any(r for _, r in lines):
        del lines[max(range(len(lines)), key=lambda i: lines[i][1])]
    return "\n".join(text for text, _ in lines)


def sections(composed: Composed, lang: str) -> list:
    answer, region = composed.answer, composed.region
    out = figures.sections(composed.figure, lang) if _figure_lead(composed, lang) else []
    if answer.facts:
        title = (
            msg("sec_local", lang, region=region.name.in_(lang)) if composed.local_facts else msg("sec_national", lang)
        )
        due = dict(composed.due)
        lines = [
            fact_text(f, lang, region, lapsed=fact_id(f) in composed.lapsed, due=due.get(fact_id(f)))
            for f in answer.facts
        ]
        if composed.missing_local:
            lines.append(
                msg(
                    "local_missing",
                    lang,
                    region=region.name.in_(lang),
                    items=fmt.joined([t.in_(lang) for t in composed.missing_local], lang),
                )
            )
        out.append(Section("local" if composed.local_facts else "national", title, lines))
    for sid, items in (("points", answer.points), ("steps", answer.steps)):
        if items:
            out.append(Section(sid, msg(f"sec_{sid}", lang), [i.in_(lang) for i in items]))
    if answer.documents:
        out.append(
            Section(
                "documents",
                msg("sec_documents", lang),
                [
                    d.name.in_(lang)
                    + (f"（{d.note.zh}）" if lang == "zh" and d.note else f" ({d.note.en})" if d.note else "")
                    for d in answer.documents
                ],
            )
        )
    laws = [c for c in answer.citations if c.kind == "law"]
    if laws:
        out.append(
            Section(
                "legal",
                msg("sec_legal", lang),
                [
                    msg("article_line", lang, law=c.title.in_(lang), label=c.article_label, number=c.article)
                    + ("：" if lang == "zh" else ": ")
                    + (c.article_text if lang == "zh" else (c.summary_en or c.article_text))
                    for c in laws
                ],
            )
        )
    sources = [c for c in answer.citations if c.kind == "source"]
    if sources:
        out.append(
            Section(
                "sources",
                msg("sec_sources", lang),
                [msg("source_line", lang, title=c.title.in_(lang), year=fmt.year_label(c.year, lang)) for c in sources],
            )
        )
    where = [
        line
        for line in (
            offices(answer, lang),
            answer.caveat.in_(lang) if answer.caveat else None,
            msg("verified", lang, date=answer.verified),
        )
        if line
    ]
    out.append(Section("where", msg("sec_where", lang), where))
    return out


def buttons(composed: Composed, lang: str) -> list:
    out = region_buttons(lang) if composed.needs_region else []
    if composed.also_asked is not None:
        out.append(
            {
                "title": msg("also_asked", lang, title=composed.also_asked.title.in_(lang)),
                "payload": f"/{composed.also_asked.id}",
            }
        )
    if composed.calculator:
        out.append(
            {
                "title": msg(
                    f"calc_button_{'contribution' if composed.calculator == 'calculate_contribution' else 'pension'}",
                    lang,
                ),
                "payload": f"/{composed.calculator}",
            }
        )
    return out


def fact_payload(fact: RegionFact) -> dict:
    return {
        "key": fact.key,
        "label": fact.label_zh,
        "label_en": fact.label_en,
        "region_id": fact.region_id,
        "value": fact.value if fact.stated else None,
        "year": fact.year,
        "confidence": fact.confidence,
        "conflict": fact.conflict,
        "source": fact.source_title,
        "url": fact.source_url,
    }


def render_answer(composed: Composed, lang: str) -> Reply:
    answer, region = composed.answer, composed.region
    caveats = [c for c in (_caveat(composed, lang),) if c]
    payload = Payload(
        kind="answer",
        language=lang,
        topic=answer.topic,
        answer_id=answer.answer_id,
        in_kb=True,
        region=region.name_zh if region else None,
        region_id=region.id if region else None,
        confidence=max(_shown_grades(composed, lang), key="ABC".index),
        year=answer.year,
        verified=answer.verified,
        caveats=caveats,
        sections=sections(composed, lang),
        citations=[c.as_payload() for c in answer.citations],
        facts=[fact_payload(f) for f in answer.facts],
        figure=figures.payload_figure(composed.figure) if composed.figure is not None else None,
    )
    return Reply(first_message(composed, lang), payload, buttons(composed, lang))
