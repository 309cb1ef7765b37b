"""Statutory retirement age and month under the 2025 gradual reform, from birth month and category.

Derived from the rule in pension_rules.yml (one month of delay per 4 — or, for women previously
retiring at 50, per 2 — months of birth from the first affected birth month), not from a copied
lookup table, so the edges (first affected month, cap) follow the law's own arithmetic.
"""

from dataclasses import dataclass

from knowledge.calculators.common import Basis, InvalidInputError
from knowledge.calculators.rules import load_rules
from knowledge.query import Text

_SEX = {
    "male": "male",
    "m": "male",
    "man": "male",
    "男": "male",
    "男性": "male",
    "female": "female",
    "f": "female",
    "woman": "female",
    "女": "female",
    "女性": "female",
}


@dataclass(frozen=True)
class RetirementAge:
    """The statutory retirement age and the month it is reached (pension usually starts the month after)."""

    category: str  # male_60 | female_55 | female_50
    category_label: Text  # the category's name in the knowledge base
    birth_year: int
    birth_month: int
    original_age: int
    target_age: int
    delay_months: int
    age_years: int
    age_months: int
    retire_year: int
    retire_month: int
    basis: tuple

    @property
    def age_in_months(self) -> int:
        return self.age_years * 12 + self.age_months


def normalise_sex(sex: str) -> str:
    norm = _SEX.get(str(sex or "").strip().lower())
    if norm is None:
        raise InvalidInputError("unknown_sex", given=str(sex))
    return norm


def statutory_retirement(
    birth_year: int, birth_month: int, sex: str, female_original_age: int = None, query=None
) -> RetirementAge:
    """Retirement age and month for a birth month; women must say whether their previous age was 50 or 55."""
    rules = load_rules(query)
    check_birth(birth_year, birth_month)
    sex = normalise_sex(sex)
    if sex == "male":
        if female_original_age is not None:
            raise InvalidInputError("male_no_category", given=female_original_age)
        category = rules.category("male_60")
    else:
        if female_original_age not in (50, 55):
            raise InvalidInputError("female_category_needed", allowed=(50, 55), given=female_original_age)
        category = rules.category(f"female_{female_original_age}")
    delay = category.delay_months(birth_year, birth_month)
    age_total = category.original_age * 12 + delay
    retire_index = birth_year * 12 + (birth_month - 1) + age_total
    basis = (
        Basis(
            category.id,
            f"{category.original_age}→{category.target_age}, 1/{category.step_months}",
            rules.reform_basis.year,
            rules.reform_basis.confidence,
            rules.reform_basis.source_id,
            rules.reform_basis.source_title,
            rules.reform_basis.source_url,
            label=category.label,
        ),
    )
    return RetirementAge(
        category=category.id,
        category_label=category.label,
        birth_year=birth_year,
        birth_month=birth_month,
        original_age=category.original_age,
        target_age=category.target_age,
        delay_months=delay,
        age_years=age_total // 12,
        age_months=age_total % 12,
        retire_year=retire_index // 12,
        retire_month=retire_index % 12 + 1,
        basis=basis,
    )


def check_birth(year, month) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        raise InvalidInputError("birth_year_implausible", allowed=(1900, 2100), given=year)
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise InvalidInputError("birth_month_invalid", allowed=(1, 12), given=month)
