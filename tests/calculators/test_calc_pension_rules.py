"""pension_rules.yml: the official divisor table, the interpolation rule and the file's validation."""
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from knowledge.calculators import InvalidInputError, PensionRulesError, account_divisor, load_rules, validate_pension_rules
from knowledge.calculators.rules import RULES_PATH

SOURCES_YML = RULES_PATH.parent / "sources.yml"

# 国发〔2005〕38号附件 个人账户养老金计发月数表, typed in from the annex as reproduced by two
# independent third-party copies (a decision table citing the Fujian gazette text, and a public
# explainer listing all 31 rows). The fact sheet's sample points 40:233, 45:216, 47:208, 50:195,
# 55:170, 60:139, 63:117, 65:101, 70:56 are among them.
OFFICIAL_DIVISORS = {
    40: 233, 41: 230, 42: 226, 43: 223, 44: 220, 45: 216, 46: 212, 47: 208, 48: 204, 49: 199,
    50: 195, 51: 190, 52: 185, 53: 180, 54: 175, 55: 170, 56: 164, 57: 158, 58: 152, 59: 145,
    60: 139, 61: 132, 62: 125, 63: 117, 64: 109, 65: 101, 66: 93, 67: 84, 68: 75, 69: 65, 70: 56,
}


def test_divisor_table_is_the_official_table():
    rules = load_rules()
    assert rules.divisors == OFFICIAL_DIVISORS
    assert rules.divisor_basis.source_id == "guofa_2005_38_divisor"
    assert rules.divisor_basis.confidence == "B"
    assert rules.divisor_basis.year


@pytest.mark.parametrize("age", sorted(OFFICIAL_DIVISORS))
def test_integer_ages_use_the_table_row(age):
    divisor = account_divisor(age)
    assert divisor.months == OFFICIAL_DIVISORS[age]
    assert divisor.confidence == "B" and divisor.caveat is None


@pytest.mark.parametrize("years, months, expected", [
    (60, 1, Decimal("138.4")),   # 139 + (132 - 139) × 1/12 = 138.4166… → 138.4 (the Jinan example)
    (50, 1, Decimal("194.6")),   # 195 + (190 - 195) × 1/12 = 194.5833… → 194.6 (the Jinan example)
    (60, 4, Decimal("136.7")),   # 139 - 7 × 4/12 = 136.6666… → 136.7
    (62, 11, Decimal("117.7")),  # 125 + (117 - 125) × 11/12 = 125 - 7.3333… = 117.6666… → 117.7
    (54, 11, Decimal("170.4")),  # 175 - 5 × 11/12 = 170.4166… → 170.4
    (69, 6, Decimal("60.5")),    # 65 - 9 × 6/12 = 60.5
])
def test_months_are_interpolated_with_the_grade_c_caveat(years, months, expected):
    divisor = account_divisor(years, months)
    assert divisor.months == expected
    assert divisor.confidence == "C"
    assert divisor.caveat is not None and "Jinan" in divisor.caveat.en and "济南" in divisor.caveat.zh
    assert [b.source_id for b in divisor.basis] == ["guofa_2005_38_divisor", "jinan_2025_divisor"]


@pytest.mark.parametrize("years, months", [(300, 0), (39, 11), (70, 1), (71, 0), (60, 12), (60, -1)])
def test_ages_outside_the_table_are_refused(years, months):
    with pytest.raises(InvalidInputError) as err:
        account_divisor(years, months)
    assert err.value.message.zh and err.value.message.en


def test_other_national_tables_are_sourced():
    rules = load_rules()
    assert rules.resident_divisor == 139 and rules.resident_divisor_basis.source_id == "guofa_2014_8"
    assert rules.accrual_percent == 1 and rules.basic_pension_basis.source_id == "guofa_2005_38"
    assert rules.base_band == (60, 300) and rules.base_band_basis.source_id == "guobanfa_2019_13"
    assert rules.reform_basis.source_id == "npc_2024_retirement" and rules.reform_start == (2025, 1)
    assert rules.minimum_basis.source_id == "npc_2024_retirement"
    assert [(s.id, s.wage_growth_percent, s.interest_percent) for s in rules.scenarios] == [
        ("low", 2, Decimal("1.5")), ("central", 4, Decimal("2.5")), ("high", 6, Decimal("3.5"))]


# ---------------------------------------------------------------- validation of the file

def _broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "pension_rules.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _problems(tmp_path, change) -> list:
    with pytest.raises(PensionRulesError) as err:
        validate_pension_rules(_broken(tmp_path, change), SOURCES_YML)
    for line in err.value.problems:
        assert line.startswith("pension_rules.yml: ") and line.count(": ") >= 2
    return err.value.problems


def test_the_real_file_is_valid():
    rules = validate_pension_rules(RULES_PATH, SOURCES_YML)
    assert len(rules.divisors) == 31


def test_missing_age_is_reported(tmp_path):
    problems = _problems(tmp_path, lambda d: d["account_divisor"]["table"].pop(52))
    assert any("account_divisor.table" in p and "[52]" in p for p in problems)


def test_non_decreasing_divisor_is_reported(tmp_path):
    problems = _problems(tmp_path, lambda d: d["account_divisor"]["table"].update({61: 140}))
    assert any("age 61 (140) must be fewer months than age 60 (139)" in p for p in problems)


def test_unknown_source_is_reported(tmp_path):
    problems = _problems(tmp_path, lambda d: d["resident_account_divisor"].update(source="made_up_2099"))
    assert problems == ["pension_rules.yml: resident_account_divisor: unknown source 'made_up_2099' (not in sources.yml)"]


def test_grade_c_needs_a_caveat(tmp_path):
    problems = _problems(tmp_path, lambda d: d["divisor_interpolation"].pop("caveat"))
    assert any(p.startswith("pension_rules.yml: divisor_interpolation: 'caveat'") for p in problems)


def test_example_that_contradicts_the_rule_is_reported(tmp_path):
    def change(d):
        d["divisor_interpolation"]["examples"][0]["divisor"] = 138.5
        d["retirement_reform"]["examples"][1]["age"] = "60-0"
        d["minimum_years"]["schedule"][2035] = 17.5
    problems = _problems(tmp_path, change)
    assert any("divisor_interpolation.examples[1]: the rule gives 138.4" in p for p in problems)
    assert any("retirement_reform.examples[2]: the rule gives 60-1" in p for p in problems)
    assert any("minimum_years.schedule.2035: the rule gives 18" in p for p in problems)


def test_missing_year_and_bad_grade_are_reported(tmp_path):
    def change(d):
        d["basic_pension"].pop("year")
        d["retirement_reform"]["confidence"] = "D"
    problems = _problems(tmp_path, change)
    assert "pension_rules.yml: basic_pension: 'year' is required" in problems
    assert any(p.startswith("pension_rules.yml: retirement_reform: 'confidence' must be one of") for p in problems)
