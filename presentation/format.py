"""Numbers, money, years and regional facts as people read them, in Chinese or English."""

import re
from decimal import Decimal

from presentation.wording import msg

_UNITS = {"month": "per_month", "year": "per_year"}


def number(value, lang: str) -> str:
    """1432.4 -> '1,432.40'; 7162 -> '7,162' (grouped in both languages, as official notices print them)."""
    value = Decimal(str(value))
    if value != value.to_integral_value():
        return f"{value.quantize(Decimal('0.01')):,}"
    return f"{int(value):,}"


def money(value, per, lang: str) -> str:
    unit = _UNITS.get(per, "yuan")
    if lang == "en":
        return f"CNY {number(value, lang)}" + ("" if unit == "yuan" else "/" + per)
    return f"{number(value, lang)}{msg(unit, lang)}"


def money_list(values, per, lang: str) -> str:
    joined = ("、" if lang == "zh" else ", ").join(number(v, lang) for v in values)
    unit = _UNITS.get(per, "yuan")
    if lang == "en":
        return f"CNY {joined}" + ("" if unit == "yuan" else "/" + per)
    return f"{joined}{msg(unit, lang)}"


def percent(value, lang: str) -> str:
    return f"{number(value, lang)}%"


_SINCE = re.compile(r"(\d{4})(?:-(\d{2}))?[–-]")
_SPAN = re.compile(r"(\d{4})[–-](\d{4})")


def year_label(year: str, lang: str) -> str:
    """A source's or fact's year as people read it: '2025' -> '2025年' / '2025'; '2005–' -> '2005年起' /
    'since 2005'; '2026-05–' -> '2026年5月起' / 'since 5/2026'; '2024–2026' -> '2024–2026年';
    '现行' -> '现行有效' / 'in force'. Anything else stays as it is."""
    year = str(year or "").strip()
    if re.fullmatch(r"\d{4}", year):
        return msg("year_single", lang, year=year)
    since, span = _SINCE.fullmatch(year), _SPAN.fullmatch(year)
    if since and since[2]:
        return msg("year_since_month", lang, year=since[1], month=int(since[2]))
    if since:
        return msg("year_since", lang, year=since[1])
    if span:
        return msg("year_span", lang, first=span[1], last=span[2])
    if year == "现行":
        return msg("year_current", lang)
    return year


def fact_value(kind: str, value, per, lang: str) -> str:
    """A regional fact's value: range, percent, amount(s) or bilingual text."""
    if kind == "range":
        span = f"{number(value['min'], lang)}–{number(value['max'], lang)}"
        return f"CNY {span}/month" if lang == "en" else f"{span}{msg('per_month', lang)}"
    if kind == "percent":
        return percent(value, lang)
    if kind == "amount":
        return money(value, per, lang)
    if kind == "amounts":
        return money_list(value, per, lang)
    return value["en" if lang == "en" else "zh"]


def joined(items, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)
