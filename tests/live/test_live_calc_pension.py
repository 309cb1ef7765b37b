"""Pension estimates on the live figures, hand-worked with fixed scenarios so every step can be checked on paper."""

from decimal import Decimal as D

import pytest

from knowledge.calculators import InvalidInputError, OutOfRangeError, Scenario, Status, estimate_pension
from knowledge.query import Text
from presentation.calc_text import error, note

FLAT = Scenario("flat", Text("零增长", "flat"), D(0), D(0))
CENTRAL = Scenario("central", Text("中", "central"), D(4), D("2.5"))


def words(item, lang="en") -> str:
    """A Note or a CalculatorError in the words a person reads."""
    return note(item, lang) if hasattr(item, "values") else error(item.code, item.details, lang)


def test_beijing_flat_scenario(use_kb):
    # Man born 1976-09 → 63 years 0 months, retires 2039-09; divisor at 63 = 117.
    # From 2026-01 he pays until 2039-08: 13 × 12 + 8 = 164 months; with 120 past months, 284.
    # Minimum for 2039: 20 years = 240 months ≤ 284.
    # Basic: 12049 (Beijing 2025 calc base) × (1 + 0.6) / 2 × 284/12 × 1%
    #        = 9639.2 × 284 / 1200 = 2281.2773… → 2281.28
    # Account: 50000 + 164 × (35811 ÷ 3 = 11937) × 0.6 × 8% = 50000 + 164 × 572.976
    #        = 143968.064 → ÷ 117 = 1230.4963… → 1230.50
    e = estimate_pension(
        "北京",
        birth_year=1976,
        birth_month=9,
        sex="male",
        average_index="0.6",
        past_contribution_months=120,
        account_balance=50000,
        as_of=(2026, 1),
        scenarios=[FLAT],
    )
    assert (e.retirement.retire_year, e.retirement.retire_month) == (2039, 9)
    assert (e.future_months, e.contribution_months) == (164, 284)
    assert e.minimum.years == 20 and e.eligible and e.divisor.months == 117
    s = e.scenario("flat")
    assert s.calc_base == D("12049.00")
    assert s.account_balance == D("143968.06")
    assert s.basic_pension == D("2281.28")
    assert s.account_pension == D("1230.50")
    assert s.total == D("3511.78")  # 2281.28 + 1230.50
    assert s.total_at_today_wages == D("3511.78")  # no growth, nothing to deflate
    assert e.status == Status.OK and e.is_estimate
    sources = {b.source_id for b in e.basis}
    assert {
        "beijing_calc_base_2025",
        "beijing_2025_11",
        "guofa_2005_38_divisor",
        "npc_2024_retirement",
        "guofa_2005_38",
    } <= sources


def test_beijing_growth_and_interest_with_interpolated_divisor(use_kb):
    # Man born 1966-01 → 60 years 4 months, retires 2026-05. From 2025-01: 16 months to pay.
    # Account (4% wage growth, 2.5% interest), average index 1, 8% of 11937 (2025 ceiling ÷ 3):
    #   2025: 100000 + 100000 × 2.5% + 12 × 11937 × 8% = 100000 + 2500 + 11459.52 = 113959.52
    #   2026 (Jan–Apr): interest 113959.52 × 2.5% × 4/12 = 949.6627; wage 11937 × 1.04 = 12414.48;
    #         credits 4 × 12414.48 × 8% = 3972.6336 → 118881.8163 → 118881.82
    # Divisor 60y4m: 139 − 7 × 4/12 = 136.666… → 136.7 (grade C); 118881.8163 ÷ 136.7 = 869.6548 → 869.65
    # Calc base 2026: 12049 × 1.04 = 12530.96; basic = 12530.96 × (1 + 1)/2 × 316/12 × 1%
    #   = 12530.96 × 316 / 1200 = 3299.8195 → 3299.82
    # Total 3299.82 + 869.65 = 4169.47; at today's wages ÷ 1.04 = 4009.1058 → 4009.11
    e = estimate_pension(
        "北京",
        birth_year=1966,
        birth_month=1,
        sex="male",
        average_index=1,
        past_contribution_months=300,
        account_balance=100000,
        as_of=(2025, 1),
        scenarios=[CENTRAL],
    )
    s = e.scenario("central")
    assert e.divisor.months == D("136.7") and e.divisor.confidence == "C"
    assert s.account_balance == D("118881.82")
    assert s.account_pension == D("869.65")
    assert s.calc_base == D("12530.96")
    assert s.basic_pension == D("3299.82")
    assert s.total == D("4169.47")
    assert s.total_at_today_wages == D("4009.11")
    assert e.status == Status.CAVEAT
    assert any("Jinan" in words(c) for c in e.caveats)


def test_default_scenarios_give_an_ordered_range(use_kb):
    e = estimate_pension(
        "北京",
        birth_year=1990,
        birth_month=6,
        sex="female",
        female_original_age=55,
        average_index=1,
        past_contribution_months=60,
        account_balance=30000,
        as_of=(2026, 11),
    )
    assert [s.scenario.id for s in e.scenarios] == ["low", "central", "high"]
    totals = [s.total for s in e.scenarios]
    assert totals == sorted(totals)
    assert e.total_range == (totals[0], totals[-1])
    assert (e.retirement.age_years, e.retirement.age_months) == (58, 0)  # born after 1981-09
    assert e.divisor.months == 152
    text = " ".join(words(a) for a in e.assumptions)
    for figure in (
        "+2% a year, account interest 1.5%",
        "+4% a year, account interest 2.5%",
        "+6% a year, account interest 3.5%",
        "index 1",
        "11,937",
        "12,049",
    ):
        assert figure in text
    for s in e.scenarios:
        assert s.total == s.basic_pension + s.account_pension


def test_ineligible_gets_no_amount(use_kb):
    # Man born 1970-06: offset 65 months → 65//4 + 1 = 17 → 61y5m, retires 2031-11; 2031 needs 16
    # years = 192 months. Paying from 2026-11 to 2031-10 = 2 + 48 + 10 = 60 months, 12 past → 72.
    e = estimate_pension(
        "北京",
        birth_year=1970,
        birth_month=6,
        sex="male",
        average_index=1,
        past_contribution_months=12,
        as_of=(2026, 11),
    )
    assert not e.eligible and e.status == Status.INELIGIBLE
    assert e.shortfall_months == 120 and e.scenarios == () and e.total_range is None
    assert (
        "16 years" in words(e.caveats[0])
        and "Art. 16" in words(e.caveats[0])
        and "第十六条" in words(e.caveats[0], "zh")
    )


def test_missing_calc_base_then_user_supplied(use_kb):
    # Shenzhen has no verified calculation base: no amount, with the reason.
    kwargs = dict(
        birth_year=1976,
        birth_month=9,
        sex="male",
        average_index=1,
        past_contribution_months=120,
        as_of=(2026, 1),
        scenarios=[FLAT],
    )
    e = estimate_pension("深圳", **kwargs)
    assert e.status == Status.MISSING and e.scenarios == ()
    assert any("Shenzhen publishes its own calculation base" in words(c) for c in e.caveats)
    # With a user-supplied base 10000 (2025): basic = 10000 × (1+1)/2 × 284/12 × 1% = 2366.666… → 2366.67
    # Account: 164 × (27549 ÷ 3 = 9183) × 8% = 164 × 734.64 = 120480.96; ÷ 117 = 1029.7518 → 1029.75
    e = estimate_pension("深圳", calc_base=10000, calc_base_year=2025, **kwargs)
    s = e.scenario("flat")
    assert (s.basic_pension, s.account_pension, s.total) == (D("2366.67"), D("1029.75"), D("3396.42"))
    assert e.status == Status.CAVEAT  # Shenzhen's pension base is grade C
    assert any("supplied by you" in words(a) for a in e.assumptions)
    with pytest.raises(InvalidInputError):
        estimate_pension("深圳", calc_base=10000, **kwargs)  # a base without its year


@pytest.mark.parametrize(
    "changes, error",
    [
        (dict(average_index=5), OutOfRangeError),
        (dict(average_index="0.5"), OutOfRangeError),
        (dict(birth_year=1726), InvalidInputError),  # aged 300
        (dict(past_contribution_months=600), InvalidInputError),  # more than the months since 16
        (dict(past_contribution_months=-1), InvalidInputError),
        (dict(future_contribution_months=999), InvalidInputError),
        (dict(account_balance=-1), InvalidInputError),
        (dict(sex="female"), InvalidInputError),  # 50 or 55 not given
        (dict(as_of=(2026, 13)), InvalidInputError),
    ],
)
def test_invalid_inputs(use_kb, changes, error):
    kwargs = dict(
        birth_year=1990, birth_month=6, sex="male", average_index=1, past_contribution_months=60, as_of=(2026, 11)
    )
    kwargs.update(changes)
    with pytest.raises(error) as err:
        estimate_pension("北京", **kwargs)
    assert err.value.code and "{" not in words(err.value) and "{" not in words(err.value, "zh")


def test_someone_past_the_statutory_age_gets_an_estimate(use_kb):
    # Man born 1960-05: statutory age 60 (before the reform), reached 2020-05; the minimum for 2020
    # is 15 years = 180 months. With 120 paid he pays 60 more from 2026-11 and claims 2031-11, aged
    # 71 years 6 months: past the table's last row, so the divisor of 70 (56) is used.
    # Basic: 12049 × (1 + 1) / 2 × 180/12 × 1% = 1807.35
    # Account: 60 × 11937 × 8% = 57297.60 ÷ 56 = 1023.1714… → 1023.17; total 2830.52
    e = estimate_pension(
        "北京",
        birth_year=1960,
        birth_month=5,
        sex="male",
        average_index=1,
        past_contribution_months=120,
        as_of=(2026, 11),
        scenarios=[FLAT],
    )
    assert e.reached and (e.future_months, e.claim_year, e.claim_month, e.claim_age) == (60, 2031, 11, (71, 6))
    assert e.minimum.years == 15 and e.divisor.months == 56 and e.eligible
    s = e.scenario("flat")
    assert (s.basic_pension, s.account_pension, s.total) == (D("1807.35"), D("1023.17"), D("2830.52"))
    codes = [c.code for c in e.caveats]
    assert "claim_after_statutory_age" in codes and "divisor_capped" in codes


def test_flexible_retirement_at_60_for_a_man_born_1988(use_kb):
    # Statutory 63 (2051-06); flexible retirement allows 60 (2048-06) to 66. From 2026-11 to 2048-05:
    # (2048 × 12 + 6) − (2026 × 12 + 11) = 259 months; the divisor at 60 is 139; 2048 needs 20 years.
    e = estimate_pension(
        "北京",
        birth_year=1988,
        birth_month=6,
        sex="male",
        average_index="0.6",
        past_contribution_months=60,
        as_of=(2026, 11),
        retire_at=(60, 0),
    )
    assert (e.claim_year, e.claim_month, e.future_months, e.divisor.months) == (2048, 6, 259, 139)
    assert e.minimum.years == 20 and e.retirement.age_years == 63
    assert "flexible_retirement" in [c.code for c in e.caveats]
    with pytest.raises(OutOfRangeError) as err:
        estimate_pension(
            "北京",
            birth_year=1988,
            birth_month=6,
            sex="male",
            average_index="0.6",
            past_contribution_months=60,
            as_of=(2026, 11),
            retire_at=(58, 0),
        )
    assert err.value.code == "retire_age_outside_flexible" and err.value.details["allowed"] == ((60, 0), (66, 0))
    assert "60岁" in words(err.value, "zh") and "实施弹性退休制度暂行办法" in words(err.value, "zh")
