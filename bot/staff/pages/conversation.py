"""One conversation as the review shows it: the masked transcript and its 'handled' marks."""

from __future__ import annotations

from sanic.exceptions import SanicException

from bot.privacy import mask_text
from bot.staff import handoffs, labels, review
from bot.staff.review import person
from bot.staff.web import BadInput, arg, blocking, page, staff_only


@staff_only
async def conversation_page(request):
    conversation_id = arg(request, "id", 255)
    if not conversation_id:
        raise BadInput(labels.pair("staff_error_no_conversation_id"))
    lines = await blocking(review.transcript, conversation_id)
    marks = await blocking(review.marks_for, conversation_id)
    if not lines and not marks:
        raise SanicException(labels.pair("staff_missing_conversation"), status_code=404)
    handoff = await blocking(handoffs.request_of, conversation_id)
    reason = arg(request, "reason", 32)
    return page(
        request,
        "conversation.html",
        conversation_id=conversation_id,
        shown_id=mask_text(conversation_id),
        lines=lines,
        marks=marks,
        handoff=handoff,
        about=await blocking(person.about, conversation_id),
        reason=reason if reason in review.REASONS else "",
    )


ROUTES = (("/conversation", ["GET"], conversation_page),)
