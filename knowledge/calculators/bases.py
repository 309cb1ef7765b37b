"""The contribution base: how a person states it, and checking it against a region's range.

A base outside the published range is an OutOfRangeError naming the range, its year and source;
it is never moved to the nearest allowed value, because paying on a base the office rejects costs
people money and time.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators import regional
from knowledge.calculators.common import HUNDRED, InvalidInputError, Note, OutOfRangeError, dec, whole_yuan

_LOWEST = {"lowest", "min", "minimum", "最低", "最低档", "下限", "最低基数"}
_HIGHEST = {"highest", "max", "maximum", "最高", "最高档", "上限", "最高基数"}
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*[%％]$")
_YUAN = "元"  # '7162元' is an amount
_GRADE = re.compile(r"^(?:grade\s*(\d+)|第?\s*(\d+)\s*档|档次\s*(\d+))$")


@dataclass(frozen=True)
class BaseChoice:
    """How the contribution base is chosen."""

    kind: str  # amount | percent | lowest | highest | grade
    value: Optional[Decimal] = None  # yuan, percent of the average wage, or grade number (1-based)


def parse_base(spec) -> BaseChoice:
    """7162 / '7162' -> amount; 'lowest'/'最低' ; 'highest'/'最高' ; '60%' -> percent ; 'grade 3'/'第3档' -> grade."""
    if isinstance(spec, BaseChoice):
        return spec
    if isinstance(spec, bool) or spec is None:
        raise InvalidInputError("unreadable_base", given=repr(spec))
    if isinstance(spec, (int, float, Decimal)):
        return _amount(dec(spec))
    text = str(spec).strip().lower()
    if text in _LOWEST:
        return BaseChoice("lowest")
    if text in _HIGHEST:
        return BaseChoice("highest")
    match = _PERCENT.match(text)
    if match:
        return BaseChoice("percent", dec(match.group(1)))
    match = _GRADE.match(text)
    if match:
        return BaseChoice("grade", Decimal(int(next(g for g in match.groups() if g))))
    try:
        return _amount(dec(text.replace(_YUAN, "")))
    except InvalidInputError:
        raise InvalidInputError("unreadable_base", given=str(spec)) from None


def _amount(value: Decimal) -> BaseChoice:
    if value <= 0:
        raise InvalidInputError("base_not_positive", given=value)
    return BaseChoice("amount", value)


@dataclass(frozen=True)
class BaseRange:
    min: Decimal
    max: Decimal
    year: str
    fact: object


def range_of(fact) -> Optional[BaseRange]:
    if fact is None or not regional.is_range(fact.value) or not regional.usable(fact):
        return None
    return BaseRange(dec(fact.value["min"]), dec(fact.value["max"]), str(fact.year), fact)


def average_wage(rng: BaseRange, band: tuple) -> Decimal:
    """The 100% average wage a base range implies: its ceiling is band[1] % of it (the ceiling, not
    the floor, because ceilings are the least rounded). The one place this rule lives."""
    return rng.max * HUNDRED / band[1]


def resolve_base(
    choice: BaseChoice,
    rng: BaseRange,
    region,
    insurance: str,
    band: tuple,
    grades=(),
    notes=None,
    band_source: str = None,
) -> Decimal:
    """The base in yuan for a choice within one range; OutOfRangeError explains any bad choice.

    band: the national (min %, max %) of the average wage and band_source its document; notes
    collects the assumptions made.
    """
    notes = notes if notes is not None else []
    where = dict(region=region.name, year=rng.year, insurance=insurance, source=rng.fact.source_title)
    allowed = (rng.min, rng.max)
    if choice.kind == "lowest":
        return rng.min
    if choice.kind == "highest":
        return rng.max
    if choice.kind == "grade":
        if not grades:
            raise InvalidInputError("no_grades", **where)
        n = int(choice.value)
        if not 1 <= n <= len(grades):
            raise OutOfRangeError(
                "grade_out_of_range", allowed=(1, len(grades)), grades=tuple(grades), given=n, **where
            )
        return grades[n - 1]
    if choice.kind == "percent":
        p, (low, high) = choice.value, band
        if not low <= p <= high:
            raise OutOfRangeError(
                "percent_out_of_band",
                allowed=(low, high),
                given=p,
                range=allowed,
                **{**where, "source": band_source or where["source"]},
            )
        average = average_wage(rng, band)
        base = whole_yuan(average * p / HUNDRED)
        if abs(average * low / HUNDRED - rng.min) > 1:
            notes.append(Note.of("published_floor_differs", minimum=rng.min, percent=low, **_named(where)))
        if p == low and abs(base - rng.min) <= 1:
            base = rng.min  # the published floor, whatever rounding the region used
        elif p == high:
            base = rng.max
        notes.append(Note.of("average_from_ceiling", average=average, percent=p, base=base, **_named(where)))
        if not rng.min <= base <= rng.max:
            raise OutOfRangeError("percent_base_out_of_range", allowed=allowed, given=base, percent=p, **where)
        if grades and base not in grades:
            raise OutOfRangeError("not_a_grade", allowed=tuple(grades), given=base, **where)
        return base
    amount = choice.value
    if grades and amount not in grades:
        raise OutOfRangeError("not_a_grade", allowed=tuple(grades), given=amount, **where)
    if not rng.min <= amount <= rng.max:
        code = "base_below_minimum" if amount < rng.min else "base_above_maximum"
        raise OutOfRangeError(code, allowed=allowed, given=amount, **where)
    return amount


def _named(where: dict) -> dict:
    return {"region": where["region"], "year": where["year"], "insurance": where["insurance"]}
