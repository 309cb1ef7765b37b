"""View models for the console and the command line: answer cards, articles, facts, documents.

Every card is built from knowledge.query, the read API the assistant uses. Each has a `script`:
plain sentences an agent can read aloud to a caller (sources and citations are shown beside it,
never inside it), and a `copy_text` with everything.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from knowledge import query
from presentation.answer import fact_level, local_line, offices, place_office
from presentation.format import fact_value, year_label
from presentation.wording import LANGUAGES, msg, table

# Card headings and notes, from the wording catalogue (staff_card_* in presentation/wording/staff.yml).
LABELS = {lang: table("staff_card_", lang) for lang in LANGUAGES}


# What cannot be read aloud: bracketed citations and source notes, e.g. （《社会保险法》第十条）,
# (Art. 10), 【…】, […]; the sources are listed beside the script.
_CITATION = re.compile(
    r"[（(][^（）()]*(?:《|》|第[一二三四五六七八九十百零〇\d]+条|Art\.|https?://|来源|source)[^（）()]*[）)]"
    r"|【[^】]*】|\[[^\]]*\]",
    re.IGNORECASE,
)


def spoken(text: str) -> str:
    """The text without bracketed citations, for reading aloud."""
    text = re.sub(r"\s{2,}", " ", _CITATION.sub("", text or ""))
    return re.sub(r"\s+([，。；、,.;:：])", r"\1", text).strip()


def lang_of(value) -> str:
    return "en" if str(value or "").lower() == "en" else "zh"


def _source_title(source_id) -> str:
    info = query.source_info(source_id) if source_id else None
    return info.title.zh if info else str(source_id or "")


def fact_view(fact: query.RegionFact, lang: str, region: Optional[query.Region] = None) -> dict:
    labels = LABELS[lang]
    if fact.conflict:
        options = ("；" if lang == "zh" else "; ").join(
            f"{fact_value(fact.kind, alt.get('value'), fact.per, lang)}（{year_label(alt.get('year'), lang)}，"
            f"{_source_title(alt.get('source_id'))}）"
            for alt in fact.alternatives
        )
        value = labels["conflict"].format(options=options)
    elif not fact.stated:
        value = labels["unconfirmed"]
    else:
        value = fact_value(fact.kind, fact.value, fact.per, lang)
    owner = query.get_region(fact.region_id)
    return {
        "key": fact.key,
        "label": fact.label.in_(lang),
        "value": value,
        "year": year_label(fact.year, lang),
        "period": fact.period.in_(lang) if fact.period else None,
        "confidence": fact.confidence,
        "note": fact.note.in_(lang) if fact.note else None,
        "source": fact.source_title,
        "provenance": fact.provenance.in_(lang) if fact.provenance else None,
        "valid_until": fact.valid_until,
        "source_url": fact.source_url,
        "region": owner.name.in_(lang) if owner else fact.region_id,
        "region_id": fact.region_id,
        "level": level_label(fact, region, lang),
        "stated": fact.stated,
        "conflict": fact.conflict,
    }


def level_label(fact: query.RegionFact, region: Optional[query.Region], lang: str) -> str:
    """Which level the figure comes from: '宁波市（浙江省统一标准）', '浙江省（…暂无本地数字）', '全国'."""
    level, owner = fact_level(fact, region)
    if level == "national":
        return LABELS[lang]["level_national"]
    owner_name = owner.name.in_(lang) if owner else fact.region_id
    if level == "own":
        return owner_name
    return LABELS[lang][f"level_{level}"].format(region=region.name.in_(lang), owner=owner_name)


def _script(card: query.Answer, lang: str) -> str:
    """What to read aloud: the place's figure first when a place is known (its own, or whose it is),
    who publishes the figures when no level has one, and a question for the place only when none
    is known and the figures depend on it."""
    said = (card.script or card.lead).in_(lang)
    stop = "。" if lang == "zh" else ". "
    region = card.region if card.region and card.region.id != query.NATIONAL else None
    if not card.region_dependent or not card.regional_labels:
        return spoken(said)
    if region is None:
        return spoken(said + ("" if lang == "zh" else " ") + LABELS[lang]["ask_place"])
    today = dt.date.today()
    local = next((f for f in card.facts if f.region_id != query.NATIONAL and f.stated and not f.lapsed(today)), None)
    if local is not None:
        return spoken(local_line(region, local, lang) + stop + said)
    return spoken(said + ("" if lang == "zh" else " ") + (_office_line(card, region, lang) or ""))


def _office_line(card: query.Answer, region, lang: str) -> Optional[str]:
    """Who publishes the place's figures: its own offices by name, or the usual offices when the place
    has no figures at any level."""
    if region is None:
        return None
    named = place_office(region, lang)
    if named or card.region_has_facts:
        return named
    return offices(card, lang)


def answer_view(answer_id: str, region: str = None, lang: str = "zh") -> Optional[dict]:
    lang = lang_of(lang)
    card = query.answer(answer_id, region)
    if card is None:
        return None
    labels = LABELS[lang]
    rule = next(r for r in query.answer_rules(card.topic) if r.answer_id == answer_id)
    names = {t.id: t.name.in_(lang) for t in query.vocabulary()}
    applies = [names.get(c, c) for c in (rule.schemes or ()) + (rule.insurance_types or ())]
    script = _script(card, lang)
    known = card.region if card.region and card.region.id != query.NATIONAL else None
    articles = [
        {
            "law": c.title.in_(lang),
            "law_id": c.law_id,
            "number": c.article,
            "label": c.article_label,
            "text": c.article_text,
            "summary_en": c.summary_en,
            "year": c.year,
        }
        for c in card.citations
        if c.kind == "law"
    ]
    sources = [
        {
            "title": c.title.zh,
            "url": c.url,
            "year": year_label(c.year, "zh"),
            "confidence": c.confidence,
            "provenance": c.provenance,
        }
        for c in card.citations
        if c.kind == "source"
    ]
    view = {
        "kind": "answer",
        "id": card.answer_id,
        "topic": card.topic,
        "title": card.title.in_(lang),
        "applies_to": applies,
        "script": script,
        "has_script": card.script is not None,
        "summary": card.lead.in_(lang),
        "points": [p.in_(lang) for p in card.points],
        "steps": [s.in_(lang) for s in card.steps],
        "documents": [
            {"name": d.name.in_(lang), "note": d.note.in_(lang) if d.note else None, "id": d.id} for d in card.documents
        ],
        "facts": [fact_view(f, lang, card.region) for f in card.facts],
        "region": card.region.name.in_(lang) if card.region else None,
        "region_id": card.region.id if card.region else None,
        "region_dependent": card.region_dependent,
        "office": _office_line(card, known, lang) if card.region_dependent else None,
        "articles": articles,
        "sources": sources,
        "caveat": card.caveat.in_(lang) if card.caveat else None,
        "year": year_label(card.year, lang),
        "confidence": card.confidence,
        "verified": card.verified,
        "lang": lang,
        "labels": labels,
    }
    view["copy_text"] = plain_text(view)
    return view


def plain_text(view: dict) -> str:
    """The whole card as plain text (for the 'copy all' button and the command line)."""
    labels = view["labels"]
    lines = [view["title"] + (f"（{view['region']}）" if view.get("region") else "")]
    lines += ["", f"【{labels['script']}】", view["script"]]
    if view["has_script"]:
        lines += ["", f"【{labels['summary']}】", view["summary"]]
    for key in ("points", "steps"):
        lines += _block(labels[key], [f"{i}. {item}" for i, item in enumerate(view[key], 1)])
    lines += _block(
        labels["documents"], [f"- {d['name']}" + (f"：{d['note']}" if d["note"] else "") for d in view["documents"]]
    )
    office = [view["office"]] if view.get("office") else []
    lines += _block(labels["figures"], [line for f in view["facts"] for line in _fact_lines(f)] + office)
    lines += _block(labels["caveat"], [view["caveat"]] if view["caveat"] else [])
    lines += _block(labels["articles"], [f"《{a['law']}》{a['label']}：{a['text']}" for a in view["articles"]])
    lines += _block(labels["sources"], [f"- {s['title']}（{s['year']}）{s['url'] or ''}" for s in view["sources"]])
    lines += ["", f"{labels['verified']}：{view['verified']}  {labels['confidence']}：{view['confidence']}"]
    return "\n".join(lines)


def _block(label: str, lines: list) -> list:
    """A headed block of the plain-text card, or nothing when it has no lines."""
    return ["", f"【{label}】", *lines] if lines else []


def _fact_lines(f: dict) -> list:
    line = f"- {f['level']} {f['label']}：{f['value']}（{f['year']}；{f['source']}）"
    return [line, f"  {f['note']}"] if f["note"] else [line]


def article_view(law_id: str, number) -> Optional[dict]:
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    found = query.article(law_id, number) if law_id in dict(query.laws()) else None
    if found is None:
        return None
    return {
        "kind": "article",
        "law_id": law_id,
        "law": found.law.zh,
        "law_en": found.law.en,
        "number": found.number,
        "label": found.label,
        "chapter": found.chapter,
        "text": found.text,
        "summary_en": found.summary_en,
        "year": found.year,
        "labels": LABELS["zh"],
        "script": found.text,
        "copy_text": f"《{found.law.zh}》{found.label}：{found.text}",
    }


def fact_card(fact_id, lang: str = "zh", region: str = None) -> Optional[dict]:
    """A figure's card; for a place below the figure's region (宁波 for Zhejiang's base) it is worded
    for that place and says whose figure it is."""
    lang = lang_of(lang)
    found = query.fact(fact_id)
    if found is None:
        return None
    place = query.resolve_region(region) if region else None
    if place is None or place.id == found.region_id or found.region_id not in query.region_chain(place.id):
        place = None
    view = fact_view(found, lang, place)
    view["kind"] = "fact"
    view["labels"] = LABELS[lang]
    if place is not None and found.stated and found.region_id != query.NATIONAL:
        said = local_line(place, found, lang) + ("。" if lang == "zh" else ".")
    else:
        words = dict(label=view["label"], region=view["region"], year=view["year"], value=view["value"])
        said = msg("staff_fact_script", lang, **words)
    view["script"] = spoken(said + (" " + view["note"] if view["note"] else ""))
    view["copy_text"] = f"{view['level']} {view['label']}：{view['value']}（{view['year']}；{view['source']}）" + (
        f"\n{view['note']}" if view["note"] else ""
    )
    return view


def document_card(document_id: str, lang: str = "zh") -> Optional[dict]:
    lang = lang_of(lang)
    found = query.document(document_id)
    if found is None:
        return None
    name, note = found.name.in_(lang), found.note.in_(lang) if found.note else None
    return {
        "kind": "document",
        "id": found.id,
        "name": name,
        "note": note,
        "year": year_label(found.year, lang),
        "confidence": found.confidence,
        "labels": LABELS[lang],
        "script": spoken(name + ("：" if lang == "zh" else ": ") + note if note else name),
        "copy_text": name + (f"：{note}" if note else ""),
    }


def law_chapters(law_id: str) -> list:
    """[(chapter, [ArticleInfo])] in order, for the law browser."""
    chapters = []
    for art in query.articles(law_id):
        if not chapters or chapters[-1][0] != art.chapter:
            chapters.append((art.chapter, []))
        chapters[-1][1].append(art)
    return chapters


def open_card(spec: str, region: str, lang: str) -> Optional[dict]:
    """The card of a search result named "kind:ref" (an article's ref is "law_id:number")."""
    kind, _, ref = spec.partition(":")
    if kind == "answer":
        return answer_view(ref, region or None, lang)
    if kind == "article":
        law_id, _, number = ref.partition(":")
        return article_view(law_id, number)
    if kind == "fact":
        return fact_card(ref, lang, region)
    if kind == "document":
        return document_card(ref, lang)
    return None
