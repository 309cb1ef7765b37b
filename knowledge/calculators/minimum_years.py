"""Minimum contribution years for a monthly pension, by the year the statutory age is reached.

15 years up to 2029; from 2030 six more months each year until 20 (2039 on). The reviewed
schedule in pension_rules.yml is used as written; years past its end take the cap.
"""
from dataclasses import dataclass
from decimal import Decimal

from knowledge.calculators.common import Basis, InvalidInputError
from knowledge.calculators.rules import load_rules
from knowledge.query import Text


@dataclass(frozen=True)
class MinimumYears:
    retirement_year: int
    years: Decimal
    basis: Basis

    @property
    def months(self) -> int:
        return int(self.years * 12)

    @property
    def description(self) -> Text:
        return Text(f"{self.retirement_year}年达到退休年龄的，最低累计缴费年限为{self.years.normalize():f}年。",
                    f"Reaching retirement age in {self.retirement_year}: at least "
                    f"{self.years.normalize():f} years of contributions are needed for a monthly pension.")


def minimum_contribution_years(retirement_year: int) -> MinimumYears:
    """The minimum years for someone reaching the statutory age in retirement_year."""
    if isinstance(retirement_year, bool) or not isinstance(retirement_year, int) or not 1950 <= retirement_year <= 2200:
        raise InvalidInputError(Text(f"退休年份不合理：{retirement_year!r}", f"implausible retirement year: {retirement_year!r}"))
    rules = load_rules()
    schedule = rules.minimum_schedule
    if retirement_year in schedule:
        years = schedule[retirement_year]
    elif retirement_year < min(schedule):
        years = rules.minimum_base_years
    else:
        years = rules.minimum_max_years
    return MinimumYears(retirement_year, years, rules.minimum_basis)
