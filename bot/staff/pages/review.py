"""The review page (what the assistant missed, grouped by phrasing) and its 'handled' marks, one
conversation or whole groups at once."""

from __future__ import annotations

import asyncio
import urllib.parse

from sanic import response

from bot.staff import labels, review
from bot.staff.web import BadInput, arg, blocking, form, page, period_of, safe_next, staff_only, wants_json

STATUSES = ("open", "handled", "all")


@staff_only
async def review_page(request):
    period = period_of(arg, request)
    reason = arg(request, "reason", 32)
    status = arg(request, "status", 10) or "open"
    if reason and reason not in review.REASONS:
        raise BadInput(labels.pair("staff_error_reason"))
    if status not in STATUSES:
        raise BadInput(labels.pair("staff_error_status"))
    try:
        number = max(1, int(arg(request, "page", 6) or 1))
    except ValueError:
        raise BadInput(labels.pair("staff_error_page")) from None
    started = asyncio.get_running_loop().time()
    listing = await blocking(review.review_page, period, reason, status, number)
    elapsed = (asyncio.get_running_loop().time() - started) * 1000
    return page(
        request,
        "review.html",
        listing=listing,
        reason=reason,
        status=status,
        period=period,
        elapsed=elapsed,
        names=labels.topic_names(),
    )


@staff_only
async def mark_groups(request):
    """Mark every open conversation of the chosen groups (same reason, same phrasing) handled."""
    period = period_of(form, request)
    try:
        chosen = [str(v)[:80] for v in (request.form or {}).getlist("group", [])][:500]
    except Exception:
        chosen = []
    if not chosen:
        raise BadInput(labels.pair("staff_error_nothing_selected"))
    count = await blocking(
        review.mark_groups, period, chosen, request.ctx.staff.display_name, form(request, "note", 1000)
    )
    target = safe_next(form(request, "next", 500)) if form(request, "next", 500) else "/review"
    if wants_json(request):
        return response.json({"ok": True, "marked": count})
    return response.redirect(target, status=303)


@staff_only
async def mark(request):
    conversation_id = form(request, "conversation_id", 300)
    reason = form(request, "reason", 40)
    note = form(request, "note", 1000)
    try:
        await blocking(review.mark_handled, conversation_id, reason, request.ctx.staff.display_name, note)
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    target = (
        safe_next(form(request, "next", 500))
        if form(request, "next", 500)
        else "/conversation?id=" + urllib.parse.quote(conversation_id, safe="")
    )
    if wants_json(request):
        return response.json({"ok": True, "handled_by": request.ctx.staff.display_name})
    return response.redirect(target, status=303)


ROUTES = (
    ("/review", ["GET"], review_page),
    ("/review/mark-groups", ["POST"], mark_groups),
    ("/review/mark", ["POST"], mark),
)
