"""The resident scheme next to the flexible-worker scheme, hand-worked."""

from decimal import Decimal as D

import pytest

from knowledge.calculators import (
    OutOfRangeError,
    Scenario,
    compare_schemes,
    estimate_resident_pension,
    resident_options,
)
from knowledge.query import Text
from presentation.calc_text import error, note

TIERS = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000]  # 国发〔2014〕8号, yuan a year


def words(item, lang="en") -> str:
    """A Note or a CalculatorError in the words a person reads."""
    return note(item, lang) if hasattr(item, "values") else error(item.code, item.details, lang)


def test_resident_options_are_the_national_figures(use_kb):
    r = resident_options("北京")
    assert list(r.pension_tiers) == TIERS and r.pension_tiers_year == "2014–"
    assert r.medical_personal == 400 and r.medical_year == "2025"  # 2025 may stay at 400 (冀医保发〔2025〕6号)
    assert r.basic_pension_minimum == 143 and r.basic_pension_year == "2025"  # 123 + 20 (2025 work report)
    assert {b.source_id for b in r.basis} == {"guofa_2014_8", "hebei_2025_6", "gov_work_report_2025"}
    assert any("Provinces may add" in words(c) for c in r.caveats)


def test_beijing_flexible_versus_resident(use_kb):
    c = compare_schemes("北京", "lowest")
    assert c.flexible.total_yearly == D("25067.28")  # (1432.40 + 584.92 + 71.62) × 12
    assert [(x.pension_tier, x.yearly) for x in (c.resident_costs[0], c.resident_costs[-1])] == [
        (100, D("500.00")),  # 100 + 400
        (2000, D("2400.00")),  # 2000 + 400
    ]
    assert len(c.resident_costs) == 12
    assert "Do not compare on cost alone" in words(c.notes[0])


def test_chongqing_flexible_versus_resident(use_kb):
    c = compare_schemes("重庆", "lowest")
    assert c.flexible.total_yearly == D("13644.60")  # 880.80 × 12 + 3075
    assert c.resident_costs[9].yearly == D("1400.00")  # tier 1000 + 400


def test_resident_pension_flat(use_kb):
    # 1000 a year for 15 years, no interest: 15000 ÷ 139 = 107.9136… → 107.91; + 143 (2025 minimum) = 250.91
    flat = Scenario("flat", Text("零", "flat"), D(0), D(0))
    e = estimate_resident_pension("北京", 1000, 15, scenarios=[flat])
    s = e.scenarios[0]
    assert (s.account_balance, s.account_pension, s.total) == (D("15000.00"), D("107.91"), D("250.91"))
    assert e.divisor == 139 and e.is_estimate
    assert any("not included" in words(c) for c in e.caveats)


def test_resident_pension_with_interest(use_kb):
    # 100 a year for 2 years at 2.5%: year 1 → 100; year 2 → 100 × 1.025 + 100 = 202.50
    # ÷ 139 = 1.4568… → 1.46; + 143 = 144.46
    s = estimate_resident_pension(
        "北京", 100, 2, scenarios=[Scenario("c", Text("中", "central"), D(4), D("2.5"))]
    ).scenarios[0]
    assert (s.account_balance, s.account_pension, s.total) == (D("202.50"), D("1.46"), D("144.46"))


def test_resident_tier_must_exist(use_kb):
    with pytest.raises(OutOfRangeError) as err:
        estimate_resident_pension("北京", 150, 15)
    assert "150" in words(err.value) and "2000" in words(err.value, "zh")
