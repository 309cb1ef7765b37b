"""Pension estimates, hand-worked with fixed scenarios so every step can be checked on paper."""
from decimal import Decimal as D

import pytest

from knowledge.calculators import InvalidInputError, OutOfRangeError, Scenario, Status, estimate_pension
from knowledge.query import Text

FLAT = Scenario("flat", Text("零增长", "flat"), D(0), D(0))
CENTRAL = Scenario("central", Text("中", "central"), D(4), D("2.5"))


def test_beijing_flat_scenario(kb):
    # Man born 1976-09 → 63 years 0 months, retires 2039-09; divisor at 63 = 117.
    # From 2026-01 he pays until 2039-08: 13 × 12 + 8 = 164 months; with 120 past months, 284.
    # Minimum for 2039: 20 years = 240 months ≤ 284.
    # Basic: 12049 (Beijing 2025 calc base) × (1 + 0.6) / 2 × 284/12 × 1%
    #        = 9639.2 × 284 / 1200 = 2281.2773… → 2281.28
    # Account: 50000 + 164 × (35811 ÷ 3 = 11937) × 0.6 × 8% = 50000 + 164 × 572.976
    #        = 143968.064 → ÷ 117 = 1230.4963… → 1230.50
    e = estimate_pension("北京", birth_year=1976, birth_month=9, sex="male", average_index="0.6",
                         past_contribution_months=120, account_balance=50000, as_of=(2026, 1),
                         scenarios=[FLAT], query=kb)
    assert (e.retirement.retire_year, e.retirement.retire_month) == (2039, 9)
    assert (e.future_months, e.contribution_months) == (164, 284)
    assert e.minimum.years == 20 and e.eligible and e.divisor.months == 117
    s = e.scenario("flat")
    assert s.calc_base == D("12049.00")
    assert s.account_balance == D("143968.06")
    assert s.basic_pension == D("2281.28")
    assert s.account_pension == D("1230.50")
    assert s.total == D("3511.78")                              # 2281.28 + 1230.50
    assert s.total_at_today_wages == D("3511.78")               # no growth, nothing to deflate
    assert e.status == Status.OK and e.is_estimate and e.label.zh.startswith("估算")
    sources = {b.source_id for b in e.basis}
    assert {"beijing_calc_base_2025", "beijing_2025_11", "guofa_2005_38_divisor", "npc_2024_retirement",
            "guofa_2005_38"} <= sources


def test_beijing_growth_and_interest_with_interpolated_divisor(kb):
    # Man born 1966-01 → 60 years 4 months, retires 2026-05. From 2025-01: 16 months to pay.
    # Account (4% wage growth, 2.5% interest), average index 1, 8% of 11937 (2025 ceiling ÷ 3):
    #   2025: 100000 + 100000 × 2.5% + 12 × 11937 × 8% = 100000 + 2500 + 11459.52 = 113959.52
    #   2026 (Jan–Apr): interest 113959.52 × 2.5% × 4/12 = 949.6627; wage 11937 × 1.04 = 12414.48;
    #         credits 4 × 12414.48 × 8% = 3972.6336 → 118881.8163 → 118881.82
    # Divisor 60y4m: 139 − 7 × 4/12 = 136.666… → 136.7 (grade C); 118881.8163 ÷ 136.7 = 869.6548 → 869.65
    # Calc base 2026: 12049 × 1.04 = 12530.96; basic = 12530.96 × (1 + 1)/2 × 316/12 × 1%
    #   = 12530.96 × 316 / 1200 = 3299.8195 → 3299.82
    # Total 3299.82 + 869.65 = 4169.47; at today's wages ÷ 1.04 = 4009.1058 → 4009.11
    e = estimate_pension("北京", birth_year=1966, birth_month=1, sex="male", average_index=1,
                         past_contribution_months=300, account_balance=100000, as_of=(2025, 1),
                         scenarios=[CENTRAL], query=kb)
    s = e.scenario("central")
    assert e.divisor.months == D("136.7") and e.divisor.confidence == "C"
    assert s.account_balance == D("118881.82")
    assert s.account_pension == D("869.65")
    assert s.calc_base == D("12530.96")
    assert s.basic_pension == D("3299.82")
    assert s.total == D("4169.47")
    assert s.total_at_today_wages == D("4009.11")
    assert e.status == Status.CAVEAT
    assert any("Jinan" in c.en for c in e.caveats)


def test_default_scenarios_give_an_ordered_range(kb):
    e = estimate_pension("北京", birth_year=1990, birth_month=6, sex="female", female_original_age=55,
                         average_index=1, past_contribution_months=60, account_balance=30000, as_of=(2026, 11),
                         query=kb)
    assert [s.scenario.id for s in e.scenarios] == ["low", "central", "high"]
    totals = [s.total for s in e.scenarios]
    assert totals == sorted(totals)
    assert e.total_range == (totals[0], totals[-1])
    assert (e.retirement.age_years, e.retirement.age_months) == (58, 0)   # born after 1981-09
    assert e.divisor.months == 152
    text = " ".join(a.en for a in e.assumptions)
    for figure in ("2%/1.5%", "4%/2.5%", "6%/3.5%", "index 1", "11937.00", "12049.00"):
        assert figure in text
    for s in e.scenarios:
        assert s.total == s.basic_pension + s.account_pension


def test_ineligible_gets_no_amount(kb):
    # Man born 1970-06: offset 65 months → 65//4 + 1 = 17 → 61y5m, retires 2031-11; 2031 needs 16
    # years = 192 months. Paying from 2026-11 to 2031-10 = 2 + 48 + 10 = 60 months, 12 past → 72.
    e = estimate_pension("北京", birth_year=1970, birth_month=6, sex="male", average_index=1,
                         past_contribution_months=12, as_of=(2026, 11), query=kb)
    assert not e.eligible and e.status == Status.INELIGIBLE
    assert e.shortfall_months == 120 and e.scenarios == () and e.total_range is None
    assert "192" in e.caveats[0].en and "Art. 16" in e.caveats[0].en and "第十六条" in e.caveats[0].zh


def test_missing_calc_base_then_user_supplied(kb):
    # Shenzhen has no verified calculation base: no amount, with the reason.
    kwargs = dict(birth_year=1976, birth_month=9, sex="male", average_index=1, past_contribution_months=120,
                  as_of=(2026, 1), scenarios=[FLAT], query=kb)
    e = estimate_pension("深圳", **kwargs)
    assert e.status == Status.MISSING and e.scenarios == ()
    assert any("Shenzhen publishes its own calculation base" in c.en for c in e.caveats)
    # With a user-supplied base 10000 (2025): basic = 10000 × (1+1)/2 × 284/12 × 1% = 2366.666… → 2366.67
    # Account: 164 × (27549 ÷ 3 = 9183) × 8% = 164 × 734.64 = 120480.96; ÷ 117 = 1029.7518 → 1029.75
    e = estimate_pension("深圳", calc_base=10000, calc_base_year=2025, **kwargs)
    s = e.scenario("flat")
    assert (s.basic_pension, s.account_pension, s.total) == (D("2366.67"), D("1029.75"), D("3396.42"))
    assert e.status == Status.CAVEAT                             # Shenzhen's pension base is grade C
    assert any("supplied by the user" in a.en for a in e.assumptions)
    with pytest.raises(InvalidInputError):
        estimate_pension("深圳", calc_base=10000, **kwargs)      # a base without its year


@pytest.mark.parametrize("changes, error", [
    (dict(average_index=5), OutOfRangeError),
    (dict(average_index="0.5"), OutOfRangeError),
    (dict(birth_year=1726), InvalidInputError),                  # aged 300
    (dict(birth_year=1950), InvalidInputError),                  # already retired
    (dict(past_contribution_months=600), InvalidInputError),     # more than the months since 16
    (dict(past_contribution_months=-1), InvalidInputError),
    (dict(future_contribution_months=999), InvalidInputError),
    (dict(account_balance=-1), InvalidInputError),
    (dict(sex="female"), InvalidInputError),                     # 50 or 55 not given
    (dict(as_of=(2026, 13)), InvalidInputError),
])
def test_invalid_inputs(kb, changes, error):
    kwargs = dict(birth_year=1990, birth_month=6, sex="male", average_index=1, past_contribution_months=60,
                  as_of=(2026, 11), query=kb)
    kwargs.update(changes)
    with pytest.raises(error) as err:
        estimate_pension("北京", **kwargs)
    assert err.value.message.zh and err.value.message.en
