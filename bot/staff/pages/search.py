"""Look-up: the search page with the top entry's card, live results as it is typed, the JSON
search API, and an answer or article card on its own page."""

from __future__ import annotations

import asyncio
import logging
import re

from markupsafe import Markup, escape
from sanic import response
from sanic.exceptions import SanicException

from bot.staff import cards, labels
from bot.staff.web import BadInput, arg, blocking, fragment, page, staff_only
from knowledge import query, search

log = logging.getLogger(__name__)
MAX_QUERY_CHARS = 200
FILTERS = ("region", "topic", "insurance_type", "scheme")


@staff_only
async def home(request):
    q, filters, lang = _query(request)
    open_spec = arg(request, "open", 200)
    started = asyncio.get_running_loop().time()
    results, card, choices = await blocking(_lookup, q, filters, open_spec, lang)
    if open_spec and card is None:
        raise SanicException(labels.pair("staff_missing_entry"), status_code=404)
    elapsed = (asyncio.get_running_loop().time() - started) * 1000
    return page(
        request,
        "search.html",
        q=q,
        filters=filters,
        results=results,
        card=card,
        lang=lang,
        choices=choices,
        open=open_spec or (_spec(results[0]) if results else ""),
        elapsed=elapsed,
        spec=_spec,
        highlight=_highlight,
    )


@staff_only
async def results_fragment(request):
    """Live search: the result list and the top entry's card, as HTML fragments in JSON."""
    q, filters, lang = _query(request)
    started = asyncio.get_running_loop().time()
    results, card, _ = await blocking(_lookup, q, filters, "", lang, False)
    elapsed = (asyncio.get_running_loop().time() - started) * 1000
    top = _spec(results[0]) if results else ""
    listing = fragment(
        request,
        "_results.html",
        results=results,
        q=q,
        filters=filters,
        lang=lang,
        open=top,
        spec=_spec,
        highlight=_highlight,
        elapsed=elapsed,
    )
    shown = fragment(request, "_card.html", card=card) if card else ""
    return response.json({"list": listing, "card": shown, "open": top}, ensure_ascii=False)


@staff_only
async def api_search(request):
    q = arg(request, "q", MAX_QUERY_CHARS)
    try:
        limit = max(1, min(50, int(arg(request, "limit", 4) or 10)))
    except ValueError:
        raise BadInput("limit must be a number") from None
    results = (await blocking(_run_search, q, _filters(request), limit))[0] if q else []
    return response.json({"query": q, "results": [_as_json(r) for r in results]}, ensure_ascii=False)


@staff_only
async def answer_page(request, answer_id):
    lang = cards.lang_of(arg(request, "lang", 4))
    region = arg(request, "region", 60)
    card = await blocking(cards.answer_view, answer_id[:80], region or None, lang)
    if card is None:
        raise SanicException(labels.pair("staff_missing_answer"), status_code=404)
    choices = await blocking(_choices)
    return page(request, "card_page.html", card=card, lang=lang, choices=choices, region=region)


@staff_only
async def article_page(request, law_id, number):
    card = await blocking(cards.article_view, law_id[:64], number[:6])
    if card is None:
        raise SanicException(labels.pair("staff_missing_article"), status_code=404)
    return page(request, "card_page.html", card=card, lang="zh", choices=None, region="")


async def warm_up(app_, _loop):
    """Load the search index and jieba once, so the first caller does not wait for it."""
    try:
        await blocking(search.search, "社保", limit=1)
    except Exception as exc:  # no knowledge base yet: pages say so when used
        log.warning("search index not ready: %s", exc)


def _query(request):
    return arg(request, "q", MAX_QUERY_CHARS), _filters(request), cards.lang_of(arg(request, "lang", 4))


def _filters(request) -> dict:
    return {name: arg(request, name, 60) for name in FILTERS}


def _choices() -> dict:
    return {
        "regions": [(r.id, r.name_zh) for r in query.regions() if r.id != query.NATIONAL],
        "topics": [(t.id, t.title.zh) for t in query.topics()],
        "insurance_types": [(t.id, t.name.zh) for t in query.vocabulary("insurance_type")],
        "schemes": [(t.id, t.name.zh) for t in query.vocabulary("scheme")],
    }


def _run_search(q: str, filters: dict, limit: int = 20):
    try:
        return search.search(q, limit=limit, **{k: v or None for k, v in filters.items()}), None
    except ValueError as exc:
        raise BadInput(f"{labels.pair('staff_error_filter')}: {exc}") from None
    except LookupError as exc:
        raise SanicException(str(exc), status_code=503) from None


def _lookup(q, filters, open_spec, lang, with_choices=True):
    results = _run_search(q, filters)[0] if q else []
    # the place the agent filtered by or the query names: every card is worded for it
    place = filters.get("region") or (next(iter(search.interpret(q).regions), None) if q else None)
    card = None
    if open_spec:
        card = cards.open_card(open_spec, place or _result_region(results, open_spec), lang)
    elif results:
        top = results[0]
        card = cards.open_card(_spec(top), place or top.region_id, lang)
    return results, card, _choices() if with_choices else None


def _as_json(r) -> dict:
    return {
        "kind": r.kind,
        "ref": r.ref,
        "title": r.title,
        "title_en": r.title_en,
        "snippet": r.snippet,
        "score": r.score,
        "topic": r.topic_id,
        "region_id": r.region_id,
        "law_id": r.law_id,
        "article": r.article,
    }


def _spec(result) -> str:
    return f"{result.kind}:{result.ref}"


def _result_region(results, spec: str):
    for r in results:
        if _spec(r) == spec:
            return r.region_id
    return None


def _highlight(text: str, words):
    """Escape text and wrap the matched query words in <mark>."""
    plain = sorted(
        {w for w in words or () if len(w) >= 2 and not re.fullmatch(r"x(reg|ins|sch|law|art)[a-z0-9]*", w)},
        key=len,
        reverse=True,
    )
    if not plain:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in plain[:20]), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(Markup("<mark>") + escape(m.group(0)) + Markup("</mark>"))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


ROUTES = (
    ("/", ["GET"], home),
    ("/results", ["GET"], results_fragment),
    ("/api/search", ["GET"], api_search),
    ("/answer/<answer_id>", ["GET"], answer_page),
    ("/article/<law_id>/<number>", ["GET"], article_page),
)
