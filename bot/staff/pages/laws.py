"""The law browser: one law's chapters and articles, with the version in force."""

from __future__ import annotations

from sanic.exceptions import SanicException

from bot.staff import cards, labels
from bot.staff.web import arg, blocking, page, staff_only
from knowledge import query


@staff_only
async def laws_page(request):
    law_id = arg(request, "law", 64) or "social_insurance_law"
    laws = await blocking(query.laws)
    if law_id not in dict(laws):
        raise SanicException(labels.pair("staff_missing_law"), status_code=404)
    chapters = await blocking(cards.law_chapters, law_id)
    version = await blocking(query.law_version, law_id)
    return page(
        request, "laws.html", laws=laws, law_id=law_id, law=dict(laws)[law_id], chapters=chapters, version=version
    )


ROUTES = (("/laws", ["GET"], laws_page),)
