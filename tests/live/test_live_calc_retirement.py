"""Statutory retirement age and month across the 2025 reform's edges, and minimum contribution years,
on the live national tables (knowledge/sources/pension_rules.yml, built into the test database)."""

from decimal import Decimal

import pytest

from knowledge.calculators import InvalidInputError, minimum_contribution_years, statutory_retirement
from presentation.calc_text import error


# (birth, sex, category) -> (age years, age months, retirement year-month), worked by hand:
# delay = 0 before the first affected birth month, else offset // step + 1, capped; retirement
# month = birth month + age.
@pytest.mark.parametrize(
    "birth, sex, original, age, retire",
    [
        # men: first affected birth month 1965-01, one month per 4 birth months, cap 36 (63)
        ((1964, 12), "male", None, (60, 0), (2024, 12)),  # before the reform
        ((1965, 1), "male", None, (60, 1), (2025, 2)),  # offset 0 → 0//4+1 = 1
        ((1965, 4), "男", None, (60, 1), (2025, 5)),  # offset 3 → 1
        ((1965, 5), "m", None, (60, 2), (2025, 7)),  # offset 4 → 2
        ((1966, 1), "male", None, (60, 4), (2026, 5)),  # offset 12 → 4
        ((1976, 8), "male", None, (62, 11), (2039, 7)),  # offset 139 → 34+1 = 35
        ((1976, 9), "male", None, (63, 0), (2039, 9)),  # offset 140 → 35+1 = 36 = cap
        ((1990, 1), "male", None, (63, 0), (2053, 1)),  # capped
        # women previously 55: first affected 1970-01, per 4 months, cap 36 (58)
        ((1969, 12), "female", 55, (55, 0), (2024, 12)),
        ((1970, 1), "female", 55, (55, 1), (2025, 2)),
        ((1971, 4), "女", 55, (55, 4), (2026, 8)),  # offset 15 → 3+1 = 4 (a published example)
        ((1981, 8), "female", 55, (57, 11), (2039, 7)),  # offset 139 → 35
        ((1981, 9), "female", 55, (58, 0), (2039, 9)),  # offset 140 → 36 = cap
        # women previously 50: first affected 1975-01, per 2 months, cap 60 (55)
        ((1974, 12), "female", 50, (50, 0), (2024, 12)),
        ((1975, 1), "female", 50, (50, 1), (2025, 2)),  # offset 0 → 1
        ((1975, 2), "female", 50, (50, 1), (2025, 3)),  # offset 1 → 0+1 = 1
        ((1975, 3), "female", 50, (50, 2), (2025, 5)),  # offset 2 → 2
        ((1984, 10), "female", 50, (54, 11), (2039, 9)),  # offset 117 → 58+1 = 59
        ((1984, 11), "female", 50, (55, 0), (2039, 11)),  # offset 118 → 59+1 = 60 = cap
        ((1984, 12), "female", 50, (55, 0), (2039, 12)),
    ],
)
def test_retirement_age_and_month(use_kb, birth, sex, original, age, retire):
    result = statutory_retirement(birth[0], birth[1], sex, original)
    assert (result.age_years, result.age_months) == age
    assert (result.retire_year, result.retire_month) == retire
    assert result.delay_months == (age[0] - result.original_age) * 12 + age[1]
    assert result.basis[0].source_id == "npc_2024_retirement"


@pytest.mark.parametrize(
    "args",
    [
        (1980, 5, "female", None),  # women must give 50 or 55
        (1980, 5, "female", 60),
        (1980, 5, "male", 55),  # men have no such category
        (1980, 5, "other", None),
        (1726, 5, "male", None),  # someone aged 300
        (1980, 13, "male", None),
        (1980, 0, "male", None),
    ],
)
def test_invalid_people_are_refused(use_kb, args):
    with pytest.raises(InvalidInputError) as err:
        statutory_retirement(*args)
    assert "{" not in error(err.value.code, err.value.details, "zh") + error(err.value.code, err.value.details, "en")


@pytest.mark.parametrize(
    "year, years",
    [
        (1998, Decimal(15)),
        (2029, Decimal(15)),  # unchanged until 2029
        (2030, Decimal("15.5")),  # 15 + 6 months
        (2031, Decimal(16)),
        (2035, Decimal(18)),  # 15 + 6 × 6 months
        (2039, Decimal(20)),  # 15 + 10 × 6 months = the cap
        (2040, Decimal(20)),
        (2060, Decimal(20)),
    ],
)
def test_minimum_years(use_kb, year, years):
    result = minimum_contribution_years(year)
    assert result.years == years
    assert result.months == years * 12
    assert result.basis.source_id == "npc_2024_retirement"


def test_minimum_years_bad_year(use_kb):
    with pytest.raises(InvalidInputError):
        minimum_contribution_years(20300)
