"""Minimum contribution years for a monthly pension, by the year the statutory age is reached.

15 years up to 2029; from 2030 six more months each year until 20 (2039 on). The reviewed
schedule in pension_rules.yml is used as written; years outside it follow the same rule.
"""

from dataclasses import dataclass
from decimal import Decimal

from knowledge.calculators.arithmetic import minimum_years_by_rule
from knowledge.calculators.common import Basis, InvalidInputError
from knowledge.calculators.rules import load_rules


@dataclass(frozen=True)
class MinimumYears:
    retirement_year: int
    years: Decimal
    base_years: Decimal  # before the rise (15)
    max_years: Decimal  # after it (20)
    rise_from: int  # the first retirement year that needs more
    basis: Basis

    @property
    def months(self) -> int:
        return int(self.years * 12)


def minimum_contribution_years(retirement_year: int, query=None) -> MinimumYears:
    """The minimum years for someone reaching the statutory age in retirement_year."""
    if isinstance(retirement_year, bool) or not isinstance(retirement_year, int) or not 1950 <= retirement_year <= 2200:
        raise InvalidInputError("retirement_year_implausible", allowed=(1950, 2200), given=retirement_year)
    rules = load_rules(query)
    params = rules.minimum_params
    years = rules.minimum_schedule.get(retirement_year, minimum_years_by_rule(params, retirement_year))
    return MinimumYears(
        retirement_year,
        years,
        Decimal(str(params["base_years"])),
        Decimal(str(params["max_years"])),
        params["rise_from"],
        rules.minimum_basis,
    )
