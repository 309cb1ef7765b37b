"""Statutory retirement age and month under the 2025 gradual reform, from birth month and category.

Derived from the rule in pension_rules.yml (one month of delay per 4 — or, for women previously
retiring at 50, per 2 — months of birth from the first affected birth month), not from a copied
lookup table, so the edges (first affected month, cap) follow the law's own arithmetic.
"""
from dataclasses import dataclass

from knowledge.calculators.common import Basis, InvalidInputError
from knowledge.calculators.rules import load_rules
from knowledge.query import Text

_SEX = {"male": "male", "m": "male", "man": "male", "男": "male", "男性": "male",
        "female": "female", "f": "female", "woman": "female", "女": "female", "女性": "female"}


@dataclass(frozen=True)
class RetirementAge:
    """The statutory retirement age and the month it is reached (pension usually starts the month after)."""

    category: str            # male_60 | female_55 | female_50
    category_label: Text
    birth_year: int
    birth_month: int
    original_age: int
    delay_months: int
    age_years: int
    age_months: int
    retire_year: int
    retire_month: int
    basis: tuple

    @property
    def age_in_months(self) -> int:
        return self.age_years * 12 + self.age_months

    @property
    def description(self) -> Text:
        age_zh = f"{self.age_years}岁" + (f"{self.age_months}个月" if self.age_months else "")
        age_en = f"{self.age_years} years" + (f" {self.age_months} month{'s' if self.age_months > 1 else ''}"
                                              if self.age_months else "")
        return Text(
            f"法定退休年龄{age_zh}，{self.retire_year}年{self.retire_month}月达到（原{self.original_age}岁，延迟{self.delay_months}个月）。",
            f"Statutory retirement age {age_en}, reached in {self.retire_year}-{self.retire_month:02d} "
            f"(previously {self.original_age}; delayed by {self.delay_months} month{'s' if self.delay_months != 1 else ''}).",
        )


def normalise_sex(sex: str) -> str:
    norm = _SEX.get(str(sex or "").strip().lower())
    if norm is None:
        raise InvalidInputError(Text(f"性别无法识别：{sex!r}（请填男或女）", f"unrecognised sex {sex!r} (use male or female)"))
    return norm


def statutory_retirement(birth_year: int, birth_month: int, sex: str, female_original_age: int = None) -> RetirementAge:
    """Retirement age and month for a birth month; women must say whether their previous age was 50 or 55."""
    rules = load_rules()
    _check_birth(birth_year, birth_month)
    sex = normalise_sex(sex)
    if sex == "male":
        if female_original_age is not None:
            raise InvalidInputError(Text("男性不适用“原退休年龄50/55岁”的区分。",
                                         "The 50/55 distinction applies to women only."))
        category = rules.category("male_60")
    else:
        if female_original_age not in (50, 55):
            raise InvalidInputError(Text(
                "女性需说明原法定退休年龄是50岁（一般为女工人）还是55岁（一般为女干部），请向当地社保经办机构确认。",
                "For women, say whether the previous statutory age was 50 (usually workers) or 55 "
                "(usually staff/cadres); the local social insurance office can confirm."),
                female_original_age=female_original_age)
        category = rules.category(f"female_{female_original_age}")
    delay = category.delay_months(birth_year, birth_month)
    age_total = category.original_age * 12 + delay
    retire_index = birth_year * 12 + (birth_month - 1) + age_total
    basis = (Basis(Text(f"延迟退休规则：{category.label.zh}", f"Reform rule: {category.label.en}"),
                   f"{category.original_age}→{category.target_age}, 1/{category.step_months}",
                   rules.reform_basis.year, rules.reform_basis.confidence, rules.reform_basis.source_id,
                   rules.reform_basis.source_title, rules.reform_basis.source_url),)
    return RetirementAge(
        category=category.id, category_label=category.label, birth_year=birth_year, birth_month=birth_month,
        original_age=category.original_age, delay_months=delay, age_years=age_total // 12,
        age_months=age_total % 12, retire_year=retire_index // 12, retire_month=retire_index % 12 + 1,
        basis=basis)


def _check_birth(year, month) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        raise InvalidInputError(Text(f"出生年份不合理：{year!r}", f"implausible birth year: {year!r}"))
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise InvalidInputError(Text(f"出生月份须为1–12：{month!r}", f"birth month must be 1–12: {month!r}"))
