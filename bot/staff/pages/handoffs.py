"""The console's hand-off pages: the queue (with waiting times and call-back requests), one
conversation (masked transcript, take, reply, hand back) and the small JSON feeds its script polls.

    GET  /handoffs                       the queue, call-back requests, recently closed
    GET  /handoffs/queue                 the queue table alone (the page refreshes it every few seconds)
    GET  /api/handoffs/count             {"waiting": n} for the badge in the navigation
    GET  /handoffs/<id>                  one conversation
    GET  /handoffs/<id>/updates?after=N  {"state", "lines": [...], "delivery"} new lines, and which replies arrived
    POST /handoffs/<id>/take | reply | hand-back | close
    POST /callbacks/<id>/reveal | done

Every POST passes the console's CSRF check (bot.staff.web.Site.staff_only). Taking is atomic: of two
staff members who press "take" at once, one gets the conversation and the other a clear 409.
Replies and notices are stored masked; the widget fetches them, WeChat and WeCom get them through
the platform's API at once (bot.wechat.delivery.deliver).
"""

from __future__ import annotations

import logging

from sanic import response
from sanic.exceptions import SanicException

from assistant import staffed_hours
from bot.staff import handoffs, labels
from bot.staff.review import person
from bot.staff.web import blocking, form, fragment, page, staff_only, wants_json
from bot.store import handoff as store
from bot.wechat.delivery import deliver as push
from presentation import handoff as words
from presentation.wording import msg

log = logging.getLogger(__name__)
MAX_REPLY_CHARS = 2000


async def load(handoff_id: int) -> store.Handoff:
    found = await blocking(store.get, handoff_id)
    if found is None:
        raise SanicException(labels.pair("staff_missing_handoff"), status_code=404)
    return found


async def deliver(found: store.Handoff, message: store.Message):
    try:
        return await push(found, message)
    except Exception:  # the message is stored; the console shows it as not delivered
        log.exception("hand-off %s: delivery failed", found.id)
        await blocking(store.set_delivery, message.id, False)
        return False


def done(request, handoff_id: int, **extra):
    if wants_json(request):
        return response.json({"ok": True, **extra}, ensure_ascii=False)
    return response.redirect(f"/handoffs/{handoff_id}", status=303)


def conflict(request, handoff_id: int, error: store.HandoffError):
    people = handoffs.auth.display_names()
    text = (
        labels.pair("staff_handoff_taken_by", name=people.get(error.by, error.by))
        if isinstance(error, store.AlreadyTaken)
        else f"{labels.pair('staff_handoff_not_possible')}: {error}"
    )
    if wants_json(request):
        return response.json({"ok": False, "error": text}, status=409, ensure_ascii=False)
    return page(
        request,
        "error.html",
        code=409,
        title="409",
        message=text,
        back=(f"/handoffs/{handoff_id}", labels.pair("staff_back_to_conversation")),
    )


@staff_only
async def queue_page(request):
    me = request.ctx.staff.username
    items = await blocking(handoffs.queue, me)
    schedule = staffed_hours.current()
    return page(
        request,
        "handoffs.html",
        items=items,
        callbacks=await blocking(handoffs.callbacks),
        closed=await blocking(handoffs.recently_closed),
        staffed_now=schedule.staffed(),
        opens=await blocking(words.opens_text, schedule, "zh"),
    )


@staff_only
async def queue_fragment(request):
    items = await blocking(handoffs.queue, request.ctx.staff.username)
    return response.html(fragment(request, "_handoff_queue.html", items=items, staff=request.ctx.staff))


@staff_only
async def queue_count(request):
    items = await blocking(store.queue)
    return response.json({"waiting": sum(1 for h in items if h.state == store.WAITING)})


@staff_only
async def conversation(request, handoff_id: int):
    found = await load(handoff_id)
    lines = await blocking(handoffs.thread, found)
    return page(
        request,
        "handoff.html",
        h=handoffs.view(found, request.ctx.staff.username),
        lines=lines,
        callbacks=await blocking(handoffs.callbacks, handoff_id),
        after=max([line.id for line in lines if line.id] or [0]),
        max_chars=MAX_REPLY_CHARS,
        delivery_names=handoffs.DELIVERY,
        about=await blocking(person.about, found.conversation_id),
    )


@staff_only
async def updates(request, handoff_id: int):
    try:
        after = max(0, int(request.args.get("after", "0") or 0))
    except ValueError:
        raise SanicException("after must be a number", status_code=400) from None
    found = await load(handoff_id)
    people = await blocking(handoffs.auth.display_names)
    every = await blocking(store.messages, handoff_id)
    lines = [handoffs.message_line(m, people).__dict__ for m in every if m.id > after]
    view = handoffs.view(found, request.ctx.staff.username)
    return response.json(
        {
            "state": found.state,
            "mine": view["mine"],
            "taken_by": view["taken_by"],
            "lines": lines,
            "delivery": {m.id: m.delivery for m in every if m.author == store.STAFF},
        },
        ensure_ascii=False,
    )


async def change_and_tell(request, handoff_id: int, change, notice_key: str):
    """Take or hand back, then tell the citizen in their language (delivered on their channel)."""
    try:
        found = await blocking(change, handoff_id, request.ctx.staff.username)
    except store.HandoffError as error:
        return conflict(request, handoff_id, error)
    notice = await blocking(store.notice, found.id, msg(notice_key, found.language))
    await deliver(found, notice)
    return done(request, handoff_id)


@staff_only
async def take(request, handoff_id: int):
    return await change_and_tell(request, handoff_id, store.take, "handoff_taken")


@staff_only
async def reply(request, handoff_id: int):
    text = form(request, "text", MAX_REPLY_CHARS + 1).strip()
    if not text or len(text) > MAX_REPLY_CHARS:
        raise SanicException(labels.pair("staff_reply_length", most=MAX_REPLY_CHARS), status_code=400)
    try:
        message = await blocking(store.reply, handoff_id, request.ctx.staff.username, text)
    except store.HandoffError as error:
        return conflict(request, handoff_id, error)
    delivered = await deliver(await load(handoff_id), message)
    return done(request, handoff_id, id=message.id, delivered=delivered)


@staff_only
async def hand_back(request, handoff_id: int):
    return await change_and_tell(request, handoff_id, store.hand_back, "handoff_returned")


@staff_only
async def close(request, handoff_id: int):
    try:
        await blocking(store.close_unanswered, handoff_id, request.ctx.staff.username)
    except store.HandoffError as error:
        return conflict(request, handoff_id, error)
    return response.redirect("/handoffs", status=303) if not wants_json(request) else done(request, handoff_id)


@staff_only
async def reveal(request, callback_id: int):
    number = await blocking(store.callback_number, callback_id)
    if number is None:
        raise SanicException(labels.pair("staff_missing_callback"), status_code=404)
    log.info("call-back %s: number shown to %s", callback_id, request.ctx.staff.username)
    return page(request, "callback.html", number=number, callback_id=callback_id)


@staff_only
async def callback_done(request, callback_id: int):
    await blocking(store.callback_done, callback_id, request.ctx.staff.username)
    return response.redirect("/handoffs#callbacks", status=303)


ROUTES = (
    ("/handoffs", ["GET"], queue_page),
    ("/handoffs/queue", ["GET"], queue_fragment),
    ("/api/handoffs/count", ["GET"], queue_count),
    ("/handoffs/<handoff_id:int>", ["GET"], conversation),
    ("/handoffs/<handoff_id:int>/updates", ["GET"], updates),
    ("/handoffs/<handoff_id:int>/take", ["POST"], take),
    ("/handoffs/<handoff_id:int>/reply", ["POST"], reply),
    ("/handoffs/<handoff_id:int>/hand-back", ["POST"], hand_back),
    ("/handoffs/<handoff_id:int>/close", ["POST"], close),
    ("/callbacks/<callback_id:int>/reveal", ["POST"], reveal),
    ("/callbacks/<callback_id:int>/done", ["POST"], callback_done),
)
