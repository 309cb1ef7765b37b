"""Inline SVG charts (no scripts, no external assets) for the statistics page."""

from __future__ import annotations

import datetime as dt
from html import escape

from bot.staff import labels
from presentation.wording import msg

SERIES = tuple(
    (name, labels.pair(f"staff_series_{name}"), colour)
    for name, colour in (("asked", "#4c78a8"), ("answered", "#54a24b"), ("fell_back", "#e45756"))
)


def _buckets(daily: list) -> list:
    """(label, asked, answered, fell back); by week when the period is longer than 62 days."""
    if len(daily) <= 62:
        return [(day.strftime("%m-%d"), a, b, c) for day, a, b, c in daily]
    weeks = {}
    for day, a, b, c in daily:
        monday = day - dt.timedelta(days=day.weekday())
        total = weeks.setdefault(monday, [0, 0, 0])
        total[0] += a
        total[1] += b
        total[2] += c
    return [(msg("staff_chart_week", "zh", date=monday.strftime("%m-%d")), *weeks[monday]) for monday in sorted(weeks)]


def daily_chart(daily: list, title: str = "") -> str:
    title = title or f"{msg('staff_chart_daily', 'zh')} / {msg('staff_chart_daily', 'en')}"
    buckets = _buckets(daily)
    n = max(1, len(buckets))
    peak = max([max(b[1:]) for b in buckets] + [1])
    peak = (peak + 3) // 4 * 4  # four whole-number steps
    left, top, height = 40, 30, 180
    group = max(18, min(60, 720 // n))
    bar = max(4, (group - 6) // 3)
    width = left + n * group + 20
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{top + height + 60}" viewBox="0 0 {width} {top + height + 60}">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):  # grid lines with their values
        value = peak * i / 4
        y = top + height - height * i / 4
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{value:.0f}</text>')
    for i, (label, *values) in enumerate(buckets):
        x0 = left + i * group + 3
        for j, (value, (_, name, color)) in enumerate(zip(values, SERIES, strict=False)):
            h = height * value / peak
            out.append(
                f'<rect x="{x0 + j * bar}" y="{top + height - h:.1f}" width="{bar - 1}" height="{h:.1f}" '
                f'fill="{color}"><title>{escape(label)} {escape(name)}: {value}</title></rect>'
            )
        if n <= 31 or i % max(1, n // 15) == 0:
            out.append(
                f'<text x="{x0 + group / 2 - 3:.1f}" y="{top + height + 14}" font-size="10" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for j, (_, name, color) in enumerate(SERIES):
        x = left + j * 140
        out.append(f'<rect x="{x}" y="{top + height + 30}" width="12" height="12" fill="{color}"/>')
        out.append(f'<text x="{x + 16}" y="{top + height + 40}" font-size="12">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def text_width(text: str, size: int = 12) -> int:
    return sum(size if ord(ch) > 0x2E7F else round(size * 0.6) for ch in text)


def bar_chart(items: list, title: str, color: str = "#4c78a8") -> str:
    """Horizontal bars for (label, count) pairs."""
    if not items:
        return ""
    peak = max(count for _, count in items) or 1
    # room for the longest label in full (a Chinese character is about 12 px wide at 12 px, Latin about 7)
    label_w = 12 + max(text_width(str(label)) for label, _ in items)
    row, bar_w = 22, 300
    height = row * len(items) + 10
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{label_w + bar_w + 60}" height="{height}" viewBox="0 0 {label_w + bar_w + 60} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, count) in enumerate(items):
        y = 5 + i * row
        w = bar_w * count / peak
        text = str(label)
        out.append(f'<text x="{label_w - 6}" y="{y + 14}" font-size="12" text-anchor="end">{escape(text)}</text>')
        out.append(
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{color}">'
            f"<title>{escape(str(label))}: {count}</title></rect>"
        )
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="12">{count}</text>')
    out.append("</svg>")
    return "".join(out)
