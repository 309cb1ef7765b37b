"""Words for what the calculators return: numbers, notes, error codes and sources.

The knowledge layer gives reason codes with values (knowledge.calculators.Note, CalculatorError,
assistant.profile.Problem); this module looks each code up in the catalogue
(presentation/wording/calculator.yml: calc_note_<code>, calc_error_<code>, calc_basis_<key>) and
fills in the values for the language asked.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from knowledge import query
from knowledge.calculators.common import as_json as jsonable  # noqa: F401 - re-exported for renderers
from knowledge.numerals import int_to_cn
from knowledge.query import Text
from presentation import format as fmt
from presentation.wording import catalogue, msg

FIRST_LIMITS = {"zh": 200, "en": 400}  # a first message, in characters (issue 12: the answer first)
# Values named like this are money (yuan): shown to the fen, with thousands separators in English.
MONEY = {
    "base",
    "amount",
    "minimum",
    "average",
    "balance",
    "calc_base",
    "monthly",
    "yearly",
    "total",
    "cap",
    "subsidy",
    "net",
    "contribution",
}
# Error codes whose allowed range and given value are money.
MONEY_ERRORS = {
    "base_below_minimum",
    "base_above_maximum",
    "percent_base_out_of_range",
    "not_a_grade",
    "grade_out_of_range",
    "base_not_positive",
    "balance_out_of_range",
    "negative_balance",
    "medical_tier_out_of_range",
    "resident_tier_unknown",
    "base_needs_range",
}


def number(value, lang: str) -> str:
    """A rate, index or count without trailing zeros: 20.0 -> '20', 0.60 -> '0.6'."""
    d = Decimal(str(value))
    return format(d.normalize(), "f") if d != d.to_integral_value() else str(int(d))


def money(value, lang: str) -> str:
    """Yuan: whole amounts without decimals, others to the fen, grouped (presentation.format)."""
    return fmt.number(value, lang)


def fen(value, lang: str) -> str:
    """A payment, always to the fen: 1432.4 -> '1,432.40'."""
    return fmt.fen(value, lang)


def whole(value, lang: str) -> str:
    """About so many yuan, rounded half up to the yuan (for ranges of estimates)."""
    return money(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP), lang)


def duration(months: int, lang: str) -> str:
    """60 -> 5年 / 5 years; 16 -> 1年4个月 / 1 year 4 months."""
    years, rest = divmod(int(months), 12)
    if rest and years:
        return msg(
            "calc_years_months",
            lang,
            years=years,
            months=rest,
            ys="" if years == 1 else "s",
            ms="" if rest == 1 else "s",
        )
    if rest:
        return msg("calc_months", lang, months=rest, ms="" if rest == 1 else "s")
    return msg("calc_years", lang, years=years, ys="" if years == 1 else "s")


def age(years: int, months: int, lang: str) -> str:
    if months:
        return msg("calc_age_months", lang, years=years, months=months, ms="" if months == 1 else "s")
    return msg("calc_age", lang, years=years)


def year_month(year: int, month: int, lang: str) -> str:
    return msg("calc_ym", lang, year=year, month=month)


def join(items, lang: str) -> str:
    return msg("calc_list_sep", lang).join(i for i in items if i)


_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")


def short_source(title: Optional[str]) -> str:
    """A document's short name: its document number when it has one ('国发〔2005〕38号'), else the
    title up to its explanatory bracket."""
    if not title:
        return ""
    number_ = _DOC_NUMBER.search(title)
    return number_.group(0) if number_ else title.split("（", 1)[0].split(" (", 1)[0].strip()


def source_name(item, lang: str) -> str:
    """The short name of a Basis's source for a first message (a law article when it cites one)."""
    if item.law_id and item.article:
        found = query.article(item.law_id, item.article)
        name = found.law.in_(lang) if found else short_source(item.source_title)
        return msg("calc_basis_article", lang, source=name, article=item.article, article_cn=int_to_cn(item.article))
    key = f"calc_source_{item.source_id}"
    return msg(key, lang) if key in catalogue() else short_source(item.source_title or item.source_id)


def _value(name: str, value, lang: str, money_values: bool):
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.in_(lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return money(value, lang) if name in MONEY or money_values else number(value, lang)
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(v, (int, Decimal, float)) for v in value)
        and name in ("allowed", "range")
    ):
        return f"{_value(name, value[0], lang, money_values)}–{_value(name, value[1], lang, money_values)}"
    if isinstance(value, tuple):
        return join([_value(name, v, lang, money_values) for v in value], lang)
    return str(value)


def _fill(key: str, values: dict, lang: str, money_values=False) -> str:
    formatted = {name: _value(name, value, lang, money_values) for name, value in values.items()}
    template = catalogue()[key]["en" if lang == "en" else "zh"]
    return template.format_map(_Blank(formatted))


class _Blank(dict):
    """A missing placeholder reads as empty rather than failing the whole reply."""

    def __missing__(self, key):
        return ""


# ---------------------------------------------------------------- notes


def note(item, lang: str) -> str:
    """One assumption or caveat in words."""
    data = item.data
    code = item.code
    if code == "text":
        return data["text"].in_(lang)
    if code == "error":  # a refused value inside a result (e.g. a base outside the medical range)
        return error(data["error"], {k: v for k, v in data.items() if k != "error"}, lang)
    values = dict(data)
    for name in ("caveat", "note"):  # a nested caveat (a Note) or a fact's own note (Text)
        if isinstance(values.get(name), type(item)):
            values[name] = note(values[name], lang)
    if code == "medical_fixed":
        code = f"medical_fixed_{values.get('per') or 'month'}"
    if code == "fact_conflict":
        values["alternatives"] = join(
            [f"{v}（{y}）" if lang == "zh" else f"{v} ({y})" for v, y, _ in data.get("alternatives") or ()], lang
        )
    if code == "scenarios":
        values["scenarios"] = msg("calc_list_sep", lang).join(
            msg("calc_scenario", lang, label=label.in_(lang), growth=number(growth, lang), interest=number(rate, lang))
            for label, growth, rate in data["scenarios"]
        )
    if code == "future_months":
        values.update(
            future=duration(data["future"], lang),
            past=duration(data["past"], lang),
            start=year_month(data["year"], data["month"], lang),
        )
    if code in ("claim_after_statutory_age",):
        values.update(
            reached=year_month(data["year"], data["month"], lang),
            claim=year_month(data["claim_year"], data["claim_month"], lang),
            future=duration(data["future"], lang),
        )
        code = code if data["future"] else "claim_now"
    if code == "ineligible":
        values.update(
            total=duration(data["total"], lang),
            minimum=duration(data["minimum"], lang),
            short=duration(data["short"], lang),
        )
    if code == "flexible_retirement":
        values.update(
            age=age(data["age_years"], data["age_months"], lang),
            statutory=age(data["statutory_years"], data["statutory_months"], lang),
        )
    if code == "past_balance_estimated":
        values["months"] = duration(data["months"], lang)
    if code == "retire_age_not_used":
        values["reason"] = error(data["error"], {k: v for k, v in data.items() if k != "error"}, lang)
    return _fill(f"calc_note_{code}", values, lang)


# ---------------------------------------------------------------- errors and problems


def error(code: str, details: dict, lang: str) -> str:
    """A refused value or a failed calculation in words, with the allowed range, year and source."""
    values = dict(details)
    if (
        isinstance(values.get("allowed"), tuple)
        and len(values["allowed"]) == 2
        and code in ("retire_age_outside_flexible",)
    ):
        (y1, m1), (y2, m2) = values["allowed"]
        values.update(
            earliest=age(y1, m1, lang),
            latest=age(y2, m2, lang),
            given=age(*values["given"], lang),
            statutory=age(*values["statutory"], lang),
        )
    if code == "percent_out_of_band":
        values.update(low=number(values["allowed"][0], lang), high=number(values["allowed"][1], lang))
    if code == "retire_age_passed":
        values["given"] = age(*values["given"], lang)
    if code in ("paid_exceeds_working", "paid_out_of_range", "paid_exceeds_working_months"):
        low, high = values.get("allowed", (0, 0))
        values.update(given=duration(values["given"], lang), most=duration(high, lang))
    if isinstance(values.get("source"), str):
        values["source"] = short_source(values["source"])
    if values.get("insurance"):
        values["insurance"] = msg(f"calc_ins_{values['insurance']}", lang)
    if code == "grade_out_of_range":
        values["grades"] = join([money(g, lang) for g in values.get("grades") or ()], lang)
        values["count"] = len(details.get("grades") or ())
    key = f"calc_error_{code}" if f"calc_error_{code}" in catalogue() else "calc_error_other"
    return _fill(key, values, lang, money_values=code in MONEY_ERRORS)


def problem(item, lang: str) -> str:
    """An assistant.profile.Problem in words."""
    return error(item.code, item.details, lang)


# ---------------------------------------------------------------- sources


def basis_label(item, lang: str) -> str:
    """A regional fact's own (data) label, or the national table's name from the catalogue."""
    if item.label is not None and item.key not in ("male_60", "female_55", "female_50"):
        return item.label.in_(lang)
    if item.label is not None:
        return msg("calc_basis_reform_category", lang, category=item.label.in_(lang))
    return msg(f"calc_basis_{item.key}", lang)


def basis_line(item, lang: str) -> str:
    """'label: value (year, grade; source)' for the sources section (the staff card shows it too)."""
    source = item.source_title or item.source_id or ""
    if item.law_id and item.article:
        source = source_name(item, lang)
    return msg(
        "calc_basis_line",
        lang,
        label=basis_label(item, lang),
        value=item.value,
        year=item.year,
        grade=item.confidence,
        source=source,
    )


def citation(item) -> dict:
    """A payload citation for one Basis (type source, with year and grade)."""
    return {
        "type": "source",
        "source_id": item.source_id,
        "title": item.source_title,
        "url": item.source_url,
        "year": item.year,
        "confidence": item.confidence,
        "key": item.key,
        "label": item.label.zh if item.label else None,
        "label_en": item.label.en if item.label else None,
        "value": item.value,
        "law_id": item.law_id,
        "article": item.article,
    }


def worst_grade(basis) -> Optional[str]:
    order = ("A", "B", "C")
    grades = [b.confidence for b in basis if b.confidence in order]
    return max(grades, key=order.index) if grades else None


def has_low_confidence(basis) -> bool:
    return any(b.confidence == "C" for b in basis)
