"""The arithmetic of the national rules, shared by the calculators and the build's checks of
pension_rules.yml (every published example there is recomputed with these functions)."""

from decimal import ROUND_HALF_UP, Decimal


def delay_months(first_birth: tuple, step_months: int, max_years: int, birth_year: int, birth_month: int) -> int:
    """Months the statutory age rises for a birth month: 0 before first_birth, then 1 for the first
    step_months birth months, 2 for the next … up to max_years × 12."""
    offset = (birth_year * 12 + birth_month - 1) - (first_birth[0] * 12 + first_birth[1] - 1)
    if offset < 0:
        return 0
    return min(max_years * 12, offset // step_months + 1)


def interpolate_divisor(table: dict, age_years: int, age_months: int, decimals: int) -> Decimal:
    """Monthly linear interpolation between two integer ages, rounded half up to `decimals`."""
    low = Decimal(table[age_years])
    if age_months == 0:
        return low
    high = Decimal(table[age_years + 1])
    value = low + (high - low) * Decimal(age_months) / Decimal(12)
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def minimum_years_by_rule(params: dict, retirement_year: int) -> Decimal:
    """Base years until rise_from - 1, then step months more each year, capped at max_years."""
    base, top = Decimal(str(params["base_years"])), Decimal(str(params["max_years"]))
    rises = max(0, retirement_year - params["rise_from"] + 1)
    return min(top, base + Decimal(params["step_months_per_year"]) / 12 * rises)
