"""The statistics page (counts, charts, what went unanswered) and the unanswered phrasings'
export for trainers (YAML or CSV)."""

from __future__ import annotations

from sanic import response
from sanic.exceptions import SanicException

from bot.staff import charts, labels, review
from bot.staff.web import arg, blocking, page, period_of, staff_only

EXPORTS = {
    "unanswered.yml": "application/x-yaml; charset=utf-8",
    "unanswered.csv": "text/csv; charset=utf-8",
}


@staff_only
async def stats_page(request):
    period = period_of(arg, request)
    result = await blocking(review.stats, period)
    names = await blocking(labels.topic_names)
    topics = [(labels.name_of(names, t), n) for t, n in result.top_topics]
    return page(
        request,
        "stats.html",
        stats=result,
        period=period,
        topics=topics,
        names=names,
        daily_svg=charts.daily_chart(result.daily),
        topics_svg=charts.bar_chart(topics, labels.pair("staff_chart_top_topics")),
        regions_svg=charts.bar_chart(result.top_regions, labels.pair("staff_chart_top_regions"), "#72b7b2"),
    )


@staff_only
async def export(request, name):
    if name not in EXPORTS:
        raise SanicException("not found", status_code=404)
    fmt = name.rsplit(".", 1)[1]
    period = period_of(arg, request)
    phrasings = await blocking(review.unanswered, period)
    filename = f"unanswered-{period.first_day.isoformat()}_{period.last_day.isoformat()}.{fmt}"
    body = review.export_yaml(phrasings, period) if fmt == "yml" else review.export_csv(phrasings)
    return response.raw(
        body.encode("utf-8"),
        content_type=EXPORTS[name],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


ROUTES = (
    ("/stats", ["GET"], stats_page),
    ("/export/<name>", ["GET"], export),
)
