"""The longest unemployment benefit period for the years paid (失业保险条例第十七条).

At least one year of contributions is needed at all (第十四条); 1–5 years give at most 12 months,
5–10 years 18 months, 10 years or more 24 months. A new period may be added to what is left of
an earlier one, up to 24 months. The bands are data in pension_rules.yml.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators.common import InvalidInputError
from knowledge.calculators.rules import load_rules

MAX_MONTHS_PAID = 60 * 12


@dataclass(frozen=True)
class BenefitDuration:
    paid_months: int
    eligible: bool  # False below the qualifying year
    max_months: Optional[int]  # the longest period, None when not eligible
    band_from_years: Optional[Decimal]
    band_to_years: Optional[Decimal]  # None for the top band
    qualifying_years: Decimal
    combined_cap_months: int
    basis: tuple


def unemployment_duration(paid_months: int, query=None) -> BenefitDuration:
    """The longest benefit period for paid_months of contributions before losing the job."""
    if isinstance(paid_months, bool) or not isinstance(paid_months, int) or not 0 <= paid_months <= MAX_MONTHS_PAID:
        raise InvalidInputError("paid_months_invalid", allowed=(0, MAX_MONTHS_PAID), given=paid_months)
    rules = load_rules(query)
    years = Decimal(paid_months) / 12
    bands = rules.unemployment_bands
    band = None
    for i, (start, months) in enumerate(bands):
        if years >= start:
            band = (start, bands[i + 1][0] if i + 1 < len(bands) else None, months)
    return BenefitDuration(
        paid_months=paid_months,
        eligible=band is not None,
        max_months=band[2] if band else None,
        band_from_years=band[0] if band else None,
        band_to_years=band[1] if band else None,
        qualifying_years=rules.unemployment_qualifying_years,
        combined_cap_months=rules.unemployment_cap_months,
        basis=(rules.unemployment_basis,),
    )
