"""The live national tables (pension_rules.yml, read from the built knowledge base): the official
divisor table, the interpolation rule, and the sources of every other table. The file's validation
is tested on the fixture (tests/calculators/test_rules_loader.py)."""

from decimal import Decimal

import pytest

from knowledge.calculators import CalculatorError, account_divisor, load_rules
from presentation.calc_text import error, note

# 国发〔2005〕38号附件 个人账户养老金计发月数表, typed in from the annex as reproduced by two
# independent third-party copies (a decision table citing the Fujian gazette text, and a public
# explainer listing all 31 rows). The fact sheet's sample points 40:233, 45:216, 47:208, 50:195,
# 55:170, 60:139, 63:117, 65:101, 70:56 are among them.
OFFICIAL_DIVISORS = {
    40: 233,
    41: 230,
    42: 226,
    43: 223,
    44: 220,
    45: 216,
    46: 212,
    47: 208,
    48: 204,
    49: 199,
    50: 195,
    51: 190,
    52: 185,
    53: 180,
    54: 175,
    55: 170,
    56: 164,
    57: 158,
    58: 152,
    59: 145,
    60: 139,
    61: 132,
    62: 125,
    63: 117,
    64: 109,
    65: 101,
    66: 93,
    67: 84,
    68: 75,
    69: 65,
    70: 56,
}


def words(item, lang="en") -> str:
    """A Note or a CalculatorError in the words a person reads."""
    return note(item, lang) if hasattr(item, "values") else error(item.code, item.details, lang)


def test_divisor_table_is_the_official_table(use_kb):
    rules = load_rules()
    assert rules.divisors == OFFICIAL_DIVISORS
    assert rules.divisor_basis.source_id == "guofa_2005_38_divisor"
    assert rules.divisor_basis.confidence == "B"
    assert rules.divisor_basis.year


@pytest.mark.parametrize("age", sorted(OFFICIAL_DIVISORS))
def test_integer_ages_use_the_table_row(use_kb, age):
    divisor = account_divisor(age)
    assert divisor.months == OFFICIAL_DIVISORS[age]
    assert divisor.confidence == "B" and divisor.caveat is None


@pytest.mark.parametrize(
    "years, months, expected",
    [
        (60, 1, Decimal("138.4")),  # 139 + (132 - 139) × 1/12 = 138.4166… → 138.4 (the Jinan example)
        (50, 1, Decimal("194.6")),  # 195 + (190 - 195) × 1/12 = 194.5833… → 194.6 (the Jinan example)
        (60, 4, Decimal("136.7")),  # 139 - 7 × 4/12 = 136.6666… → 136.7
        (62, 11, Decimal("117.7")),  # 125 + (117 - 125) × 11/12 = 125 - 7.3333… = 117.6666… → 117.7
        (54, 11, Decimal("170.4")),  # 175 - 5 × 11/12 = 170.4166… → 170.4
        (69, 6, Decimal("60.5")),  # 65 - 9 × 6/12 = 60.5
    ],
)
def test_months_are_interpolated_with_the_grade_c_caveat(use_kb, years, months, expected):
    divisor = account_divisor(years, months)
    assert divisor.months == expected
    assert divisor.confidence == "C"
    assert divisor.caveat is not None and "Jinan" in words(divisor.caveat) and "济南" in words(divisor.caveat, "zh")
    assert [b.source_id for b in divisor.basis] == ["guofa_2005_38_divisor", "jinan_2025_divisor"]


@pytest.mark.parametrize("years, months", [(300, 0), (39, 11), (70, 1), (71, 0), (60, 12), (60, -1)])
def test_ages_outside_the_table_are_refused(use_kb, years, months):
    with pytest.raises(CalculatorError) as err:
        account_divisor(years, months)
    assert err.value.code and "{" not in words(err.value)


def test_other_national_tables_are_sourced(use_kb):
    rules = load_rules()
    assert rules.resident_divisor == 139 and rules.resident_divisor_basis.source_id == "guofa_2014_8"
    assert rules.accrual_percent == 1 and rules.basic_pension_basis.source_id == "guofa_2005_38"
    assert rules.base_band == (60, 300) and rules.base_band_basis.source_id == "guobanfa_2019_13"
    assert rules.reform_basis.source_id == "npc_2024_retirement" and rules.reform_start == (2025, 1)
    assert rules.minimum_basis.source_id == "npc_2024_retirement"
    assert [(s.id, s.wage_growth_percent, s.interest_percent) for s in rules.scenarios] == [
        ("low", 2, Decimal("1.5")),
        ("central", 4, Decimal("2.5")),
        ("high", 6, Decimal("3.5")),
    ]
    assert rules.flexible_basis.source_id == "flexible_retirement_2025"
    assert (rules.flexible_early_months, rules.flexible_late_months) == (36, 36)


def test_unemployment_durations_are_the_regulation(use_kb):
    # 失业保险条例第十七条: 1–5 years → 12 months, 5–10 → 18, 10 or more → 24 (Social Insurance Law Art. 46 alike)
    rules = load_rules()
    assert rules.unemployment_bands == ((1, 12), (5, 18), (10, 24))
    assert rules.unemployment_qualifying_years == 1 and rules.unemployment_cap_months == 24
    basis = rules.unemployment_basis
    assert (basis.law_id, basis.article, basis.confidence) == ("unemployment_regulations", 17, "A")


def test_subsidy_rules_are_sourced_and_graded(use_kb):
    rules = load_rules()
    hardship, graduate = rules.subsidies["hardship"], rules.subsidies["graduate"]
    assert (hardship.share_cap, hardship.max_years) == ((2, 3), 3)
    assert hardship.basis.source_id == "employment_subsidy_2023" and hardship.basis.confidence == "B"
    assert (graduate.share_cap, graduate.max_years, graduate.left_school_within_years) == ((2, 3), 2, 2)
    assert graduate.basis.confidence == "C" and graduate.caveat is not None
    assert rules.near_retirement_years == 5 and rules.near_retirement_basis.confidence == "B"  # the national text
    assert rules.near_retirement_basis.source_id == graduate.basis.source_id == "employment_subsidy_2023"
