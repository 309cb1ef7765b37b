"""The registered computations on the live figures: the numbers real questions get first.

Hand-checked against knowledge/sources (2025 Beijing base 7162–35811 at 20%, the 2024 reform, 失业保险条例
Art. 17, the divisor table, Beijing's 2024 subsidy amounts). Next year's figures change these tests only.
"""

from assistant.figures import Ask, Profile, compute
from knowledge import query
from presentation.figures import first_message, sections

TODAY = (2026, 11)


def ask(text, region=None, **kwargs) -> Ask:
    return Ask(text, region=query.resolve_region(region) if region else None, today=TODAY, **kwargs)


def test_beijing_lowest_pension_is_1432_40(use_kb):
    figure = compute(
        "contribution_range", ask("北京灵活就业养老按最低基数每月交多少", "北京", insurance_type="pension")
    )
    assert figure.outcome == "ok" and figure.values["year"] == "2025"
    pension = next(line for line in figure.values["lines"] if line["insurance"] == "pension")
    assert (pension["lowest"], pension["highest"]) == (1432.40, 7162.20)  # 7162 × 20%; 35811 × 20%
    assert (pension["lowest_base"], pension["highest_base"], pension["rate"]) == (7162, 35811, 20)
    assert (figure.values["total_lowest"], figure.values["total_highest"]) == (2088.94, 8105.23)
    text = first_message(figure, "zh")
    assert "1,432.40" in text and "7,162" in text and "20%" in text
    assert "2025" in text and "京人社发〔2025〕11号" in text
    assert len(text) <= 200 and "1,432.40" in first_message(figure, "en")


def test_retirement_age_of_a_man_born_may_1970(use_kb):
    # offset from 1965-01 is 64 months → 64 // 4 + 1 = 17 months → 61 years 5 months, reached 2031-10
    figure = compute("retirement_age", ask("1970年5月出生的男的几岁退休"))
    (track,) = figure.values["tracks"]
    assert (track["age_years"], track["age_months"], track["year"], track["month"]) == (61, 5, 2031, 10)
    assert figure.values["flexible"] == {"earliest": [60, 0], "latest": [64, 5]}
    assert "61岁5个月" in first_message(figure, "zh") and "2031年10月" in first_message(figure, "zh")


def test_minimum_years_for_2035_is_18(use_kb):
    figure = compute("minimum_years", ask("2035年退休最少要交多少年"))
    assert (figure.outcome, figure.values["years"], figure.values["months"]) == ("ok", 18.0, 216)
    assert "18年" in first_message(figure, "zh")


def test_unemployment_duration_for_ten_years_is_24_months(use_kb):
    figure = compute("unemployment_duration", ask("交了十年失业保险，失业金能领多久"))
    assert (figure.values["paid_months"], figure.values["max_months"]) == (120, 24)
    assert figure.basis[0].law_id == "unemployment_regulations" and figure.basis[0].article == 17
    assert "24个月" in first_message(figure, "zh") and "失业保险条例第十七条" in first_message(figure, "zh")


def test_divisor_at_60_is_139(use_kb):
    figure = compute("account_divisor", ask("60岁退休的计发月数是多少"))
    assert (figure.values["divisor"], figure.values["interpolated"]) == (139.0, False)
    assert "139" in first_message(figure, "zh") and "国发〔2005〕38号" in first_message(figure, "zh")


def test_beijing_subsidy_for_people_with_employment_difficulties(use_kb):
    # Beijing 2024 amounts 843.47 / 369.04 / 42.17 (Beijing service guide, 2025) against the 2025 lowest
    # contributions 1432.40 / 584.92 / 71.62: net 588.93 + 215.88 + 29.45 = 834.26
    figure = compute("contribution_subsidy", ask("我是就业困难人员，在北京灵活就业有社保补贴吗", "北京"))
    v = figure.values
    assert figure.outcome == "ok" and v["amounts_published"] and v["year"] == "2024"
    assert [(line["subsidy"], line["net"]) for line in v["lines"]] == [
        (843.47, 588.93),
        (369.04, 215.88),
        (42.17, 29.45),
    ]
    assert (v["total_subsidy"], v["total_net"], v["duration_months"]) == (1254.68, 834.26, 36)
    text = first_message(figure, "zh")
    assert "834.26" in text and "2024" in text and "灵活就业社会保险补贴办事指南" in text and len(text) <= 200


def test_subsidy_runs_to_retirement_when_fewer_than_five_years_are_left(use_kb):
    # a man born 1967-06: offset 29 months → 29 // 4 + 1 = 8 → 60 years 8 months, reached 2028-02,
    # 15 months after 2026-11 (< 5 years) → the subsidy runs those 15 months, not the usual 36
    person = Profile(birth_year=1967, birth_month=6, sex="male", group="hardship")
    figure = compute(
        "contribution_subsidy",
        Ask("社保补贴能领多久", region=query.resolve_region("北京"), profile=person, today=TODAY),
    )
    assert figure.values["to_retirement"] and figure.values["duration_months"] == 15
    assert any(s.id == "subsidy" for s in sections(figure, "zh"))


def test_every_regions_first_message_fits(use_kb):
    """Whatever is asked for (all insurances, the comparison, a subsidy, a retiree), the first
    message stays within 200 Chinese / 400 English characters; the rest is in the sections."""
    from assistant import calculator as calc
    from presentation import calculator as replies
    from presentation.calc_text import FIRST_LIMITS

    people = (Profile(), Profile(group="4050", age=55, sex="female", female_age=50))
    requests = (calc.Request(), calc.Request(insurances=("pension", "medical", "unemployment"), compare=True))
    for region in query.regions():
        for person in people:
            for request in requests:
                result = calc.compute_contribution(calc.State(person, request, region), TODAY)
                for lang in ("zh", "en"):
                    assert len(replies.contribution(result, lang).text) <= FIRST_LIMITS[lang], (region.id, lang)
        for person in (
            Profile(age=40, sex="female", female_age=55, paid_months=100),
            Profile(birth_year=1950, birth_month=1, sex="male", paid_months=10),
        ):
            result = calc.compute_pension(calc.State(person, calc.Request(), region), TODAY)
            for lang in ("zh", "en"):
                assert len(replies.pension(result, lang).text) <= FIRST_LIMITS[lang], (region.id, lang)
