"""The calculators' rules on the fixture knowledge base (tests/fixtures/kb), hand-worked.

丙市 (city_c) 2025: base 5000–24000 (B), pension 20% of which 8% to the account, medical 7% on the
same base, unemployment 0.5%, calculation base 9000, subsidy 600 (pension) and 200 (medical) a
month (2024). 戊市 (city_x): base 3000–15000 graded C, pension 16%, medical fixed 1200/2400 a year.
乙市 (city_b): province 甲省's base, no account rate, conflicting medical rates.
"""

from decimal import Decimal as D

import pytest

from knowledge.calculators import (
    CalculatorError,
    InvalidInputError,
    OutOfRangeError,
    Scenario,
    Status,
    UnknownRegionError,
    account_divisor,
    contribution,
    contribution_subsidy,
    estimate_pension,
    minimum_contribution_years,
    parse_base,
    statutory_retirement,
    unemployment_duration,
)
from knowledge.query import Text

FLAT = Scenario("flat", Text("零增长", "flat"), D(0), D(0))


def codes(notes) -> list:
    return [n.code for n in notes]


# ---------------------------------------------------------------- contributions


def test_lowest_base_line_by_line(fixture_kb):
    e = contribution("丙市", "lowest")
    p, m, u = e.lines
    assert (e.base, e.base_year, e.base_range) == (5000, "2025", (5000, 24000))
    assert (p.monthly, p.personal_account_monthly, p.pooled_monthly, p.yearly) == (
        D("1000.00"),
        D("400.00"),
        D("600.00"),
        D("12000.00"),
    )  # 5000 × 20% = × 8% + × 12%
    assert (m.base, m.rate, m.monthly) == (5000, 7, D("350.00"))  # same base × 7%
    assert u.monthly == D("25.00")  # 5000 × 0.5%
    assert (e.total_monthly, e.total_yearly) == (D("1375.00"), D("16500.00"))
    assert e.status == Status.OK and e.complete
    assert codes(e.assumptions) == ["pension_split", "medical_same_base", "unemployment_same_base"]
    assert {b.key for b in e.basis} == {
        "pension_base",
        "pension_rate",
        "pension_account_rate",
        "medical_rate",
        "unemployment_rate",
    }


@pytest.mark.parametrize(
    "base, expected",
    [
        ("highest", 24000),
        ("100%", 8000),
        ("150%", 12000),
        ("300%", 24000),
        (8000, 8000),
        ("7000元", 7000),
    ],
)
def test_the_base_choices(fixture_kb, base, expected):
    # the 100% average wage is the 300% ceiling worked back: 24000 × 100 / 300 = 8000
    assert contribution("丙市", base, include=("pension",)).base == expected


def test_a_percentage_under_the_published_floor_is_refused_with_its_reason(fixture_kb):
    # 8000 × 60% = 4800, below the published floor of 5000: explained, not moved to 5000
    with pytest.raises(OutOfRangeError) as err:
        contribution("丙市", "60%")
    assert err.value.code == "percent_base_out_of_range" and err.value.details["allowed"] == (5000, 24000)
    assert err.value.details["given"] == 4800 and err.value.details["year"] == "2025"


@pytest.mark.parametrize(
    "base, code, allowed",
    [
        (4000, "base_below_minimum", (5000, 24000)),
        (30000, "base_above_maximum", (5000, 24000)),
        ("500%", "percent_out_of_band", (60, 300)),
        ("59%", "percent_out_of_band", (60, 300)),
    ],
)
def test_out_of_range_is_a_code_with_the_allowed_range_year_and_source(fixture_kb, base, code, allowed):
    with pytest.raises(OutOfRangeError) as err:
        contribution("丙市", base)
    assert err.value.code == code and err.value.kind == "out_of_range"
    assert err.value.details["allowed"] == allowed and err.value.details["year"] == "2025"
    assert err.value.details["source"] in ("某市缴费基数通知（测试）", "迷你社会保险法（测试）")


@pytest.mark.parametrize(
    "region, base, error, code",
    [
        ("火星", "lowest", UnknownRegionError, "unknown_region"),
        ("丙市", "grade 2", InvalidInputError, "no_grades"),
        ("丙市", 0, InvalidInputError, "base_not_positive"),
        ("丙市", "a lot", InvalidInputError, "unreadable_base"),
    ],
)
def test_invalid_inputs_are_codes(fixture_kb, region, base, error, code):
    with pytest.raises(error) as err:
        contribution(region, base)
    assert err.value.code == code


def test_an_earlier_years_range(fixture_kb):
    assert contribution("丙市", "lowest", base_year=2024, include=("pension",)).lines[0].monthly == D("960.00")
    with pytest.raises(InvalidInputError) as err:
        contribution("丙市", "lowest", base_year=2019)
    assert err.value.code == "no_base_for_year" and err.value.details["known"] == ("2025", "2024")


def test_grade_c_base_fixed_yearly_medical_and_no_unemployment_rate(fixture_kb):
    e = contribution("戊市", "lowest")
    p, m, u = e.lines
    assert (p.monthly, p.status) == (D("480.00"), Status.CAVEAT)  # 3000 × 16%, grade C
    assert (m.fixed, m.per, m.options, m.yearly, m.monthly) == (True, "year", (1200, 2400), D("1200.00"), D("100.00"))
    assert u.status == Status.NOT_INCLUDED and u.note.code == "unemployment_rate_unknown"
    assert (e.total_monthly, e.total_yearly) == (D("580.00"), D("6960.00"))  # 480 × 12 + 1200
    low = next(n for n in e.caveats if n.code == "fact_low_confidence")
    assert low.data["note"] == Text("推算所得。", "Inferred.")
    assert contribution("戊市", "lowest", medical_tier=2).line("medical").monthly == D("200.00")
    with pytest.raises(OutOfRangeError) as err:
        contribution("戊市", "lowest", medical_tier=3)
    assert err.value.code == "medical_tier_out_of_range"


def test_conflicting_and_missing_figures_give_no_amount(fixture_kb):
    e = contribution("乙市", "lowest")
    p, m = e.line("pension"), e.line("medical")
    assert e.base == 4200 and p.monthly is None and p.status == Status.MISSING  # no account rate recorded
    assert m.status == Status.CONFLICT and m.note.code == "fact_conflict"
    assert m.note.data["alternatives"] == (("8", "2024", "city_notice"), ("9", "2025", "city_notice"))
    assert e.status == Status.CONFLICT and not e.complete and "total_partial" in codes(e.caveats)


def test_region_without_figures(fixture_kb):
    e = contribution("己市", "lowest")
    assert e.base is None and e.status == Status.MISSING
    assert e.total_monthly == 0 and not e.complete
    assert all(not item.has_amount for item in e.lines)
    own = contribution("己市", 6000)  # the user's own base, unverifiable
    assert (own.line("pension").base, own.line("pension").rate) == (6000, 20)  # the national rate
    assert "base_unchecked" in codes(own.assumptions)


def test_parse_base():
    assert (
        parse_base("第3档").kind == "grade" and parse_base("60％").value == 60 and parse_base("最低").kind == "lowest"
    )


# ---------------------------------------------------------------- the subsidy


def test_published_amounts_never_above_two_thirds(fixture_kb):
    # pension 1000.00: cap 666.67, local 600 → subsidy 600, net 400.00
    s = contribution_subsidy("丙市", "hardship", include=("pension",))
    (line,) = s.lines
    assert (line.contribution, line.cap, line.subsidy, line.net) == (
        D("1000.00"),
        D("666.67"),
        D("600.00"),
        D("400.00"),
    )
    assert s.amounts_published and (s.total_subsidy, s.total_net) == (D("600.00"), D("400.00"))
    assert (s.duration_months, s.to_retirement) == (36, False)
    assert "subsidy_year_differs" in codes(s.notes)


def test_unpublished_amounts_give_the_least_that_is_paid(fixture_kb):
    # medical 350 − 200 = 150; unemployment has no local amount: 25 − 25 × 2/3 (16.67) = 8.33
    s = contribution_subsidy("丙市", "hardship")
    assert [line.net for line in s.lines] == [D("400.00"), D("150.00"), D("8.33")]
    assert not s.amounts_published and s.total_subsidy is None and s.total_net == D("558.33")
    assert "subsidy_amount_local" in codes(s.notes)


@pytest.mark.parametrize(
    "group, months_left, duration, to_retirement",
    [
        ("hardship", 30, 30, True),  # fewer than 5 years left: to retirement
        ("hardship", 59, 59, True),
        ("hardship", 60, 36, False),  # 5 years left: the usual 3 years
        ("hardship", None, 36, False),
        ("graduate", 30, 24, False),  # graduates: at most 2 years, no extension
    ],
)
def test_duration(fixture_kb, group, months_left, duration, to_retirement):
    s = contribution_subsidy("丙市", group, months_to_retirement=months_left, include=("pension",))
    assert (s.duration_months, s.to_retirement) == (duration, to_retirement)


def test_unknown_group(fixture_kb):
    with pytest.raises(InvalidInputError) as err:
        contribution_subsidy("丙市", "astronaut")
    assert err.value.code == "unknown_group"


# ---------------------------------------------------------------- pension estimates


def test_pension_flat_scenario_by_hand(fixture_kb):
    # Man born 1976-09 → 63, 2039-09; from 2026-01 164 months to pay, 120 paid → 284; 2039 needs 240.
    # Basic: 9000 × (1 + 0.6) / 2 × 284/12 × 1% = 7200 × 284 / 1200 = 1704.00
    # Account: 50000 + 164 × 8000 × 0.6 × 8% = 50000 + 62976 = 112976 ÷ 117 = 965.6068… → 965.61
    e = estimate_pension(
        "丙市",
        birth_year=1976,
        birth_month=9,
        sex="male",
        average_index="0.6",
        past_contribution_months=120,
        account_balance=50000,
        as_of=(2026, 1),
        scenarios=[FLAT],
    )
    s = e.scenario("flat")
    assert (e.future_months, e.contribution_months, e.divisor.months, e.minimum.years) == (164, 284, 117, 20)
    assert (s.basic_pension, s.account_balance, s.account_pension, s.total) == (
        D("1704.00"),
        D("112976.00"),
        D("965.61"),
        D("2669.61"),
    )
    assert not e.reached and (e.claim_year, e.claim_month) == (2039, 9)


def test_past_the_statutory_age_pay_the_missing_months_then_claim(fixture_kb):
    # Born 1960-05, statutory 60 in 2020-05; 15 years needed, 120 months paid → 60 more from 2026-11,
    # claim 2031-11 at 71y6m → the divisor of 70 (56). Basic 9000 × 15 × 1% = 1350.00;
    # account 60 × 8000 × 8% = 38400 ÷ 56 = 685.714… → 685.71
    e = estimate_pension(
        "丙市",
        birth_year=1960,
        birth_month=5,
        sex="male",
        average_index=1,
        past_contribution_months=120,
        as_of=(2026, 11),
        scenarios=[FLAT],
    )
    s = e.scenario("flat")
    assert e.reached and (e.future_months, e.claim_year, e.claim_month) == (60, 2031, 11)
    assert (s.basic_pension, s.account_pension, s.total) == (D("1350.00"), D("685.71"), D("2035.71"))
    assert codes(e.caveats)[:1] == ["claim_after_statutory_age"] and "divisor_capped" in codes(e.caveats)
    # with the minimum already met: claimed now, nothing more to pay
    now = estimate_pension(
        "丙市",
        birth_year=1960,
        birth_month=5,
        sex="male",
        average_index=1,
        past_contribution_months=200,
        as_of=(2026, 11),
        scenarios=[FLAT],
    )
    assert (now.future_months, now.claim_year, now.claim_month, now.claim_age) == (0, 2026, 11, (66, 6))


def test_estimated_past_balance_is_stated(fixture_kb):
    # 60 months × 8000 × 1 × 8% = 38400.00
    e = estimate_pension(
        "丙市",
        birth_year=1985,
        birth_month=3,
        sex="female",
        female_original_age=55,
        average_index=1,
        past_contribution_months=60,
        as_of=(2026, 11),
        scenarios=[FLAT],
        estimate_past_balance=True,
    )
    note = next(n for n in e.assumptions if n.code == "past_balance_estimated")
    assert note.data["balance"] == D("38400.00") and note.data["average"] == 8000
    plain = estimate_pension(
        "丙市",
        birth_year=1985,
        birth_month=3,
        sex="female",
        female_original_age=55,
        average_index=1,
        past_contribution_months=60,
        as_of=(2026, 11),
        scenarios=[FLAT],
    )
    assert "balance_zero" in codes(plain.caveats)
    assert e.scenario("flat").account_pension > plain.scenario("flat").account_pension


def test_too_few_years_and_missing_calculation_base(fixture_kb):
    short = estimate_pension(
        "丙市",
        birth_year=1970,
        birth_month=6,
        sex="male",
        average_index=1,
        past_contribution_months=12,
        as_of=(2026, 11),
    )
    assert not short.eligible and short.shortfall_months == 120 and short.scenarios == ()
    assert short.caveats[0].code == "ineligible" and short.caveats[0].data["minimum"] == 192
    missing = estimate_pension(
        "戊市",
        birth_year=1985,
        birth_month=3,
        sex="male",
        average_index=1,
        past_contribution_months=60,
        as_of=(2026, 11),
    )
    assert missing.status == Status.MISSING and "calc_base_unknown" in codes(missing.caveats)


@pytest.mark.parametrize(
    "retire_at, claim, code",
    [
        ((60, 0), (2048, 6), None),  # 3 years before the statutory 63
        ((66, 0), (2054, 6), None),  # 3 years after it
        ((59, 11), None, "retire_age_outside_flexible"),
        ((66, 1), None, "retire_age_outside_flexible"),
    ],
)
def test_flexible_retirement_window(fixture_kb, retire_at, claim, code):
    kwargs = dict(
        birth_year=1988,
        birth_month=6,
        sex="male",
        average_index=1,
        past_contribution_months=60,
        as_of=(2026, 11),
        retire_at=retire_at,
    )
    if code:
        with pytest.raises(OutOfRangeError) as err:
            estimate_pension("丙市", **kwargs)
        assert err.value.code == code and err.value.details["statutory"] == (63, 0)
    else:
        e = estimate_pension("丙市", **kwargs)
        assert (e.claim_year, e.claim_month) == claim and "flexible_retirement" in codes(e.caveats)


@pytest.mark.parametrize(
    "changes, code",
    [
        (dict(average_index=5), "index_out_of_band"),
        (dict(birth_year=1726), "birth_year_implausible"),
        (dict(past_contribution_months=600), "paid_exceeds_working_months"),
        (dict(past_contribution_months=-1), "not_whole"),
        (dict(account_balance=-1), "negative_balance"),
        (dict(sex="female"), "female_category_needed"),
        (dict(as_of=(2026, 13)), "bad_as_of"),
        (dict(future_contribution_months=999), "future_exceeds_months_left"),
    ],
)
def test_invalid_estimates_are_codes(fixture_kb, changes, code):
    kwargs = dict(
        birth_year=1990, birth_month=6, sex="male", average_index=1, past_contribution_months=60, as_of=(2026, 11)
    )
    kwargs.update(changes)
    with pytest.raises(CalculatorError) as err:
        estimate_pension("丙市", **kwargs)
    assert err.value.code == code


# ---------------------------------------------------------------- national rules


@pytest.mark.parametrize(
    "birth, sex, original, age, retire",
    [
        ((1964, 12), "male", None, (60, 0), (2024, 12)),
        ((1965, 1), "male", None, (60, 1), (2025, 2)),
        ((1976, 9), "male", None, (63, 0), (2039, 9)),
        ((1971, 4), "女", 55, (55, 4), (2026, 8)),
        ((1975, 3), "female", 50, (50, 2), (2025, 5)),
        ((1984, 11), "female", 50, (55, 0), (2039, 11)),
    ],
)
def test_retirement_reform_edges(fixture_kb, birth, sex, original, age, retire):
    r = statutory_retirement(birth[0], birth[1], sex, original)
    assert ((r.age_years, r.age_months), (r.retire_year, r.retire_month)) == (age, retire)


@pytest.mark.parametrize("year, years", [(2029, 15), (2030, D("15.5")), (2035, 18), (2039, 20), (2050, 20), (1990, 15)])
def test_minimum_years(fixture_kb, year, years):
    assert minimum_contribution_years(year).years == years


@pytest.mark.parametrize(
    "months, eligible, longest",
    [
        (0, False, None),
        (11, False, None),
        (12, True, 12),
        (59, True, 12),
        (60, True, 18),
        (119, True, 18),
        (120, True, 24),
        (400, True, 24),
    ],
)
def test_unemployment_duration_bands(fixture_kb, months, eligible, longest):
    d = unemployment_duration(months)
    assert (d.eligible, d.max_months) == (eligible, longest) and d.combined_cap_months == 24


@pytest.mark.parametrize(
    "years, months, divisor, grade", [(60, 0, 139, "B"), (60, 4, D("136.7"), "C"), (70, 0, 56, "B")]
)
def test_divisor(fixture_kb, years, months, divisor, grade):
    d = account_divisor(years, months)
    assert (d.months, d.confidence) == (divisor, grade)
    assert (d.caveat is not None) == (grade == "C")


@pytest.mark.parametrize(
    "args, code",
    [
        ((39, 11), "age_outside_table"),
        ((70, 1), "age_outside_table"),
        ((60, 12), "months_invalid"),
        ((60.5, 0), "age_not_whole"),
    ],
)
def test_divisor_refusals(fixture_kb, args, code):
    with pytest.raises(CalculatorError) as err:
        account_divisor(*args)
    assert err.value.code == code
