"""The personal-account divisor (计发月数) for a retirement age in years and months.

Integer ages come straight from the official table (grade B); extra months are interpolated
(grade C, a municipal answer), so the result says which one applied and carries the caveat.
"""
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators.common import InvalidInputError
from knowledge.calculators.rules import interpolate_divisor, load_rules
from knowledge.query import Text


@dataclass(frozen=True)
class Divisor:
    age_years: int
    age_months: int
    months: Decimal          # the divisor
    confidence: str          # B for a table row, C when interpolated
    basis: tuple
    caveat: Optional[Text]


def account_divisor(age_years: int, age_months: int = 0) -> Divisor:
    """Divisor for retiring at age_years + age_months (table covers 40–70)."""
    rules = load_rules()
    low, high = min(rules.divisors), max(rules.divisors)
    for value in (age_years, age_months):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInputError(Text(f"年龄须为整数：{value!r}", f"age must be whole numbers: {value!r}"))
    if not 0 <= age_months <= 11:
        raise InvalidInputError(Text(f"月数须为0–11：{age_months}", f"months must be 0–11: {age_months}"))
    if not low <= age_years <= high or (age_years == high and age_months):
        raise InvalidInputError(
            Text(f"计发月数表只覆盖{low}至{high}岁，无法用于{age_years}岁{age_months}个月。",
                 f"The divisor table covers ages {low} to {high} only, not {age_years} years {age_months} months."),
            age_years=age_years, age_months=age_months)
    value = interpolate_divisor(rules.divisors, age_years, age_months, rules.interpolation_decimals)
    if age_months == 0:
        return Divisor(age_years, 0, value, rules.divisor_basis.confidence, (rules.divisor_basis,), None)
    return Divisor(age_years, age_months, value, "C", (rules.divisor_basis, rules.interpolation_basis),
                   rules.interpolation_caveat)
