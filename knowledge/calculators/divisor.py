"""The personal-account divisor (计发月数) for a retirement age in years and months.

Integer ages come straight from the official table (grade B); extra months are interpolated
(grade C, a municipal answer), so the result says which one applied and carries the caveat.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators.arithmetic import interpolate_divisor
from knowledge.calculators.common import InvalidInputError, Note, OutOfRangeError, text_note
from knowledge.calculators.rules import load_rules


@dataclass(frozen=True)
class Divisor:
    age_years: int
    age_months: int
    months: Decimal  # the divisor
    confidence: str  # B for a table row, C when interpolated
    basis: tuple
    caveat: Optional[Note]
    row: int  # the table row of the whole age
    next_row: Optional[int]  # the row of the next age, when months were interpolated


def account_divisor(age_years: int, age_months: int = 0, query=None) -> Divisor:
    """Divisor for retiring at age_years + age_months (table covers 40–70)."""
    rules = load_rules(query)
    low, high = min(rules.divisors), max(rules.divisors)
    for value in (age_years, age_months):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInputError("age_not_whole", given=repr(value))
    if not 0 <= age_months <= 11:
        raise InvalidInputError("months_invalid", allowed=(0, 11), given=age_months)
    if not low <= age_years <= high or (age_years == high and age_months):
        raise OutOfRangeError("age_outside_table", allowed=(low, high), given=(age_years, age_months))
    value = interpolate_divisor(rules.divisors, age_years, age_months, rules.interpolation_decimals)
    row = rules.divisors[age_years]
    if age_months == 0:
        return Divisor(age_years, 0, value, rules.divisor_basis.confidence, (rules.divisor_basis,), None, row, None)
    return Divisor(
        age_years,
        age_months,
        value,
        "C",
        (rules.divisor_basis, rules.interpolation_basis),
        text_note(rules.interpolation_caveat),
        row,
        rules.divisors[age_years + 1],
    )
