"""Contributions per insurance, hand-worked to the fen from the 2025/2026 figures in regions.yml.

Live figures: next year's figures change these tests only (rules and wording are tested on the
fixture knowledge base in tests/calculators)."""

from decimal import Decimal as D

import pytest

from knowledge.calculators import (
    BaseChoice,
    InvalidInputError,
    OutOfRangeError,
    Status,
    UnknownRegionError,
    contribution,
    parse_base,
)
from presentation.calc_text import error, note


def words(item, lang="en") -> str:
    """A Note or a CalculatorError in the words a person reads."""
    return note(item, lang) if hasattr(item, "values") else error(item.code, item.details, lang)


def line(estimate, insurance):
    return estimate.line(insurance)


def test_beijing_lowest(use_kb):
    # Beijing 2025 base 7162–35811 (京人社发〔2025〕11号, B); pension 20%, unemployment 1%;
    # medical a fixed 584.92 a month.
    e = contribution("北京", "lowest")
    assert e.base == 7162 and e.base_year == "2025" and e.base_range == (7162, 35811)
    p = line(e, "pension")
    assert p.monthly == D("1432.40")  # 7162 × 20%
    assert p.personal_account_monthly == D("572.96")  # 7162 × 8%
    assert p.pooled_monthly == D("859.44")  # 1432.40 − 572.96 (= 7162 × 12%)
    assert p.yearly == D("17188.80")  # 1432.40 × 12
    m = line(e, "medical")
    assert m.fixed and m.per == "month" and m.base is None
    assert (m.monthly, m.yearly) == (D("584.92"), D("7019.04"))  # 584.92 × 12
    u = line(e, "unemployment")
    assert (u.monthly, u.yearly) == (D("71.62"), D("859.44"))  # 7162 × 1%; × 12
    assert e.total_monthly == D("2088.94")  # 1432.40 + 584.92 + 71.62
    assert e.total_yearly == D("25067.28")  # 17188.80 + 7019.04 + 859.44
    assert e.complete and e.status == Status.OK and e.is_estimate
    assert {b.source_id for b in e.basis} >= {"beijing_2025_11"}  # base, rates and the medical amount
    assert all(b.year and b.confidence for b in e.basis)


def test_beijing_highest_and_percent(use_kb):
    high = contribution("beijing", "highest")
    assert line(high, "pension").monthly == D("7162.20")  # 35811 × 20%
    assert line(high, "unemployment").monthly == D("358.11")  # 35811 × 1%
    assert high.total_monthly == D("8105.23")  # 7162.20 + 584.92 + 358.11
    average = contribution("北京", "100%")
    assert average.base == 11937  # 35811 ÷ 3
    assert line(average, "pension").monthly == D("2387.40")  # 11937 × 20%
    assert average.total_monthly == D("3091.69")  # 2387.40 + 584.92 + 119.37
    assert any("from the base ceiling (300% of it) as CNY 11,937" in words(a) for a in average.assumptions)
    assert contribution("北京", "60%").base == 7162  # 11937 × 60% = 7162.2 → the published floor
    assert "guobanfa_2019_13" in {b.source_id for b in average.basis}


def test_beijing_amount_within_range(use_kb):
    e = contribution("北京", 10000)
    assert line(e, "pension").monthly == D("2000.00")  # 10000 × 20%
    assert line(e, "pension").personal_account_monthly == D("800.00")
    assert line(e, "unemployment").monthly == D("100.00")
    e = contribution("北京", "7162.55")
    assert line(e, "pension").monthly == D("1432.51")  # 1432.51 exactly
    assert line(e, "pension").personal_account_monthly == D("573.00")  # 573.004 → 573.00
    assert line(e, "pension").pooled_monthly == D("859.51")  # the split always adds up


def test_jiangsu_grades_in_nanjing(use_kb):
    # Jiangsu 2025: 12 grades 4952 … 24762; Nanjing medical 8% on the same base.
    e = contribution("南京", "第1档")
    p, m = line(e, "pension"), line(e, "medical")
    assert e.base == 4952
    assert (p.monthly, p.personal_account_monthly, p.pooled_monthly) == (D("990.40"), D("396.16"), D("594.24"))
    assert (m.monthly, m.yearly) == (D("396.16"), D("4753.92"))  # 4952 × 8%; × 12
    assert line(e, "unemployment").status == Status.NOT_INCLUDED
    assert e.total_monthly == D("1386.56")  # 990.40 + 396.16
    assert e.total_yearly == D("16638.72")  # 11884.80 + 4753.92
    assert e.complete
    assert line(contribution("江苏", "grade 12"), "pension").monthly == D("4952.40")  # 24762 × 20%
    assert contribution("jiangsu", 8000).base == 8000  # grade 4 given as its amount


def test_jiangsu_province_has_no_medical_rate(use_kb):
    e = contribution("江苏", "grade 1")
    assert line(e, "pension").monthly == D("990.40")
    m = line(e, "medical")
    assert m.status == Status.MISSING and m.monthly is None
    assert "no national rate" in words(m.note)
    assert not e.complete and e.total_monthly == D("990.40")
    assert any("only the lines with an amount" in words(c) for c in e.caveats)


def test_guangzhou_percentages(use_kb):
    # Guangzhou 2025 base 5510–27549: the 100% average is 27549 ÷ 3 = 9183.
    e = contribution("广州", "60%")
    assert e.base == 5510  # 9183 × 60% = 5509.8 → 5510
    p = line(e, "pension")
    assert (p.monthly, p.personal_account_monthly, p.pooled_monthly) == (D("1102.00"), D("440.80"), D("661.20"))
    m = line(e, "medical")  # 8%, but the base is only a rule in words
    assert m.status == Status.MISSING and m.monthly is None and m.rate == 8
    assert "two years earlier" in words(m.note)
    assert e.total_monthly == D("1102.00") and not e.complete
    assert contribution("广州", "150%").base == 13775  # 9183 × 1.5 = 13774.5 → 13775 (half up)
    assert line(contribution("广州", "100%"), "pension").monthly == D("1836.60")  # 9183 × 20%


def test_chongqing_fixed_yearly_medical(use_kb):
    # Chongqing 2025 base 4404–22017; employee medical a fixed 3075 (tier 1) or 6765 (tier 2) a year.
    e = contribution("重庆", "lowest")
    assert line(e, "pension").monthly == D("880.80")  # 4404 × 20%
    m = line(e, "medical")
    assert m.fixed and m.per == "year" and m.options == (3075, 6765)
    assert (m.yearly, m.monthly) == (D("3075.00"), D("256.25"))  # 3075 ÷ 12 = 256.25 (equivalent only)
    assert "a year" in words(m.note)
    assert e.total_monthly == D("1137.05")  # 880.80 + 256.25
    assert e.total_yearly == D("13644.60")  # 880.80 × 12 = 10569.60; + 3075
    tier2 = contribution("重庆", "lowest", medical_tier=2)
    assert line(tier2, "medical").monthly == D("563.75")  # 6765 ÷ 12
    assert tier2.total_yearly == D("17334.60")  # 10569.60 + 6765
    assert contribution("重庆", "60%").base == 4404  # 22017 ÷ 3 × 60% = 4403.4 → published floor 4404
    with pytest.raises(OutOfRangeError):
        contribution("重庆", "lowest", medical_tier=3)


def test_tianjin_has_no_unemployment(use_kb):
    # Tianjin 2025 base 5124–25620; medical 8.5%; flexible workers pay no unemployment insurance.
    e = contribution("天津", "lowest")
    assert line(e, "pension").monthly == D("1024.80")  # 5124 × 20%
    assert line(e, "medical").monthly == D("435.54")  # 5124 × 8.5%
    u = line(e, "unemployment")
    assert u.status == Status.NOT_INCLUDED and u.monthly is None
    assert "do not pay unemployment" in words(u.note)
    assert e.total_monthly == D("1460.34")  # 1024.80 + 435.54
    assert e.total_yearly == D("17524.08")  # 12297.60 + 5226.48
    assert e.complete and e.status == Status.OK


def test_shenzhen_c_grade_base_and_own_medical_base(use_kb):
    # Shenzhen's pension base 4775–27549 is inferred (C): computed with its caveat. The medical
    # base has its own range 6727–33633 (2026, B), so "lowest" means 6727 there.
    e = contribution("深圳", "lowest")
    p, m = line(e, "pension"), line(e, "medical")
    assert (p.monthly, p.status) == (D("955.00"), Status.CAVEAT)  # 4775 × 20%
    assert (m.base, m.monthly) == (6727, D("538.16"))  # 6727 × 8%
    assert e.total_monthly == D("1493.16") and e.status == Status.CAVEAT
    assert any("secondary or derived source" in words(c) and "Shenzhen's own minimum" in words(c) for c in e.caveats)
    # 5000 is allowed for the pension but below the medical minimum: explained, not clamped
    e = contribution("深圳", 5000)
    m = line(e, "medical")
    assert m.status == Status.INVALID and m.monthly is None
    assert "6,727" in words(m.note) and "2026" in words(m.note) and "6727" in words(m.note, "zh")
    assert e.total_monthly == D("1000.00") and not e.complete


def test_shanghai_conflicting_medical_rate(use_kb):
    # Newest base is 2026 (C, 7546); the medical rate has two conflicting sources (11% vs 10%).
    e = contribution("上海", "lowest")
    assert e.base_year == "2026" and line(e, "pension").monthly == D("1509.20")  # 7546 × 20%
    assert line(e, "pension").status == Status.CAVEAT
    m = line(e, "medical")
    assert m.status == Status.CONFLICT and m.monthly is None
    assert "11" in words(m.note) and "10" in words(m.note)
    assert e.status == Status.CONFLICT and not e.complete
    older = contribution("上海", "lowest", base_year=2025)
    assert older.base == 7460 and line(older, "pension").monthly == D("1492.00")  # 7460 × 20%
    assert line(older, "pension").status == Status.OK
    with pytest.raises(InvalidInputError):
        contribution("上海", "lowest", base_year=2019)


def test_chengdu_dated_medical_base(use_kb):
    # Chengdu's medical base is 80% of the provincial average wage: 6015 (earlier year, B) and
    # 6117 (2025, derived, C) are two years, not a conflict; the newest one is used with its caveat.
    e = contribution("成都", "lowest")
    assert line(e, "pension").monthly == D("917.60")  # Sichuan 4588 × 20%
    m = line(e, "medical")
    assert m.status == Status.CAVEAT and (m.base, m.monthly) == (6117, D("581.12"))  # 6117 × 9.5%


def test_hebei_uses_its_2026_base(use_kb):
    # Hebei 2026 base 4076–20382 (冀人社字〔2026〕57号, B); the national 20% rate applies.
    e = contribution("河北", "lowest")
    assert e.base == 4076 and e.base_year == "2026" and e.base_range == (4076, 20382)
    assert line(e, "pension").monthly == D("815.20")  # 4076 × 20%
    assert line(e, "pension").status == Status.OK


def test_fujian_conflicting_minimum_gives_no_amount(use_kb):
    # Fujian 2025: published minimums differ (4521 or 4043); no amount is stated.
    e = contribution("福建", "lowest")
    assert e.base is None and line(e, "pension").status == Status.CONFLICT and not e.complete


def test_only_some_insurances(use_kb):
    e = contribution("北京", "lowest", include=("pension",))
    assert [item.insurance for item in e.lines] == ["pension"]
    assert e.total_monthly == D("1432.40") and e.complete


@pytest.mark.parametrize(
    "region, base, expected",
    [
        ("北京", 7000, ["7000", "7162", "35811", "2025"]),  # below the range
        ("北京", 36000, ["36000", "35811", "2025"]),  # above the range
        ("北京", "500%", ["500%", "60%", "300%"]),
        ("北京", "59%", ["59%"]),
        ("江苏", "grade 13", ["13", "12", "2025"]),
        ("江苏", "grade 0", ["0"]),
        ("江苏", 5000, ["5000", "4952"]),  # not one of the grades
    ],
)
def test_out_of_range_is_explained_not_clamped(use_kb, region, base, expected):
    with pytest.raises(OutOfRangeError) as err:
        contribution(region, base)
    for word in expected:
        assert word in words(err.value).replace(",", "") and word in words(err.value, "zh")


@pytest.mark.parametrize(
    "region, base, error",
    [
        ("亚特兰蒂斯", "lowest", UnknownRegionError),
        ("", "lowest", UnknownRegionError),
        ("北京", "grade 2", InvalidInputError),  # Beijing publishes no grades
        ("北京", 0, InvalidInputError),
        ("北京", -5, InvalidInputError),
        ("北京", "a lot", InvalidInputError),
    ],
)
def test_invalid_inputs(use_kb, region, base, error):
    with pytest.raises(error) as err:
        contribution(region, base)
    assert err.value.code and "{" not in words(err.value) and "{" not in words(err.value, "zh")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("lowest", BaseChoice("lowest")),
        ("最低", BaseChoice("lowest")),
        ("最高", BaseChoice("highest")),
        ("60%", BaseChoice("percent", D(60))),
        ("150％", BaseChoice("percent", D(150))),
        ("grade 3", BaseChoice("grade", D(3))),
        ("第3档", BaseChoice("grade", D(3))),
        ("12档", BaseChoice("grade", D(12))),
        (7162, BaseChoice("amount", D(7162))),
        ("7162元", BaseChoice("amount", D(7162))),
        (D("7162.5"), BaseChoice("amount", D("7162.5"))),
    ],
)
def test_parse_base(text, expected):
    assert parse_base(text) == expected
