"""The calculator conversation without Rasa (assistant/calculator.py, assistant/profile.py), on the
fixture knowledge base: everything in one message, answers at once with stated defaults, one
question for what is truly missing, corrections, options, and a Profile remembered across topics."""

import pytest

from assistant import calculator as calc
from assistant import profile as profiles
from assistant.figures import Profile
from knowledge import query

TODAY = (2026, 11)


def turn(kind, text, state=None, intent=None, region=None, option=None):
    return calc.calculate(kind, state or calc.State(), calc.Message(text, intent, region, option), TODAY)


def test_everything_in_one_message_is_answered_at_once(fixture_kb):
    t = turn(calc.PENSION, "我38岁 男 在丙市 交了5年 按100%交", intent="estimate_pension")
    assert t.result is not None and t.needs == () and t.problems == ()
    assert t.state.profile == Profile(age=38, sex="male", paid_months=60)
    assert t.state.region.id == "city_c" and t.result.index == 1
    e = t.result.estimate
    assert (e.retirement.age_years, e.claim_year, e.claim_month) == (63, 2051, 6)  # born 1988-06 (assumed June)
    assert t.result.defaults == ("birth_month", "balance_estimated")


def test_sixty_retirement_is_a_retirement_age_not_the_age_now(fixture_kb):
    t = turn(calc.PENSION, "我1988年6月出生，男，交了5年，在丙市，想60岁退休")
    assert t.state.profile.retire_age == 60 and t.state.profile.age is None
    assert (t.result.estimate.claim_age, t.result.estimate.claim_year) == ((60, 0), 2048)
    # 55 is below what flexible retirement allows for him: said, and the statutory age is used
    t = turn(calc.PENSION, "55岁退休呢", t.state)
    assert t.result.estimate.claim_age == (63, 0)
    assert [n.code for n in t.result.notes] == ["retire_age_not_used"]


def test_contribution_answers_with_stated_defaults(fixture_kb):
    t = turn(calc.CONTRIBUTION, "帮我算一下丙市社保每月交多少", intent="calculate_contribution")
    assert t.result.defaults == ("base_lowest", "pension_only")
    assert [line.insurance for line in t.result.estimate.lines] == ["pension"]
    assert t.result.estimate.total_monthly == 1000


def test_only_what_is_missing_is_asked_all_at_once(fixture_kb):
    t = turn(calc.PENSION, "帮我估算养老金", intent="estimate_pension")
    assert t.result is None and t.needs == ("birth", "sex", "paid", "region")
    assert t.state.request.asked == t.needs
    t = turn(calc.PENSION, "40岁，女", t.state)
    assert t.needs == ("female_age", "paid", "region")
    t = turn(calc.PENSION, "原来50岁退休，交了12年，丙市", t.state)
    assert t.result is not None and t.result.estimate.retirement.category == "female_50"


def test_a_bare_answer_fills_the_one_thing_asked(fixture_kb):
    state = calc.State(
        Profile(sex="male", paid_months=60),
        calc.Request(kind=calc.PENSION, asked=("birth",)),
        query.resolve_region("丙市"),
    )
    t = turn(calc.PENSION, "38", state)
    assert t.state.profile.age == 38 and t.result is not None


def test_nonsense_is_explained_never_clamped(fixture_kb):
    t = turn(calc.PENSION, "我300岁 男 交了5年 丙市")
    assert t.result is None and [p.code for p in t.problems] == ["age_out_of_range"]
    assert t.problems[0].details == {"allowed": (16, 100), "given": 300} and t.needs == ("birth",)
    t = turn(calc.CONTRIBUTION, "丙市 按30000交")
    assert [p.code for p in t.problems] == ["base_above_maximum"] and t.needs == ("base",)
    assert t.state.request.base is None
    t = turn(calc.CONTRIBUTION, "在火星交", region="火星")
    assert [p.code for p in t.problems] == ["unknown_region"] and t.needs == ("region",)


def test_corrections_and_options_after_a_result(fixture_kb):
    t = turn(calc.CONTRIBUTION, "丙市交多少", intent="calculate_contribution")
    t = turn(calc.CONTRIBUTION, "", t.state, option="all_insurances")
    assert t.result.estimate.total_monthly == 1375 and "pension_only" not in t.result.defaults
    t = turn(calc.CONTRIBUTION, "按最高档呢", t.state)
    assert t.result.estimate.base == 24000 and "base" in t.changed
    t = turn(calc.CONTRIBUTION, "那戊市呢", t.state, region="戊市")
    assert t.state.region.id == "city_x" and t.result.estimate.base == 15000
    t = turn(calc.CONTRIBUTION, "重新计算", t.state)
    assert t.state.request.base is None and t.state.request.insurances is None


def test_leaving_keeps_the_profile(fixture_kb):
    t = turn(calc.PENSION, "我38岁 男")
    t = turn(calc.PENSION, "算了", t.state)
    assert t.stopped and t.state.profile.age == 38 and t.state.request == calc.Request()


def test_the_profile_carries_over_to_the_other_calculator_and_the_subsidy(fixture_kb):
    t = turn(calc.PENSION, "我1970年6月出生 男 交了10年 在丙市 我是4050人员")
    assert t.result is not None
    t = turn(calc.CONTRIBUTION, "那每月要交多少", t.state, intent="calculate_contribution")
    sub = t.result.subsidy
    # statutory 61 years 6 months (2031-12): 61 months left from 2026-11, more than 5 years → 36
    assert t.result.group == "4050" and sub.group == "hardship" and sub.duration_months == 36


def test_someone_past_retirement_age_gets_an_estimate(fixture_kb):
    t = turn(calc.PENSION, "我1958年3月出生，男，交了20年，在丙市")
    assert t.result is not None and t.result.estimate.reached and t.result.estimate.eligible


def test_profile_slot_round_trip_and_checks():
    profile = Profile(birth_year=1985, birth_month=3, sex="female", female_age=55, rural=True, group="graduate")
    assert profiles.from_slot(profiles.to_slot(profile)) == profile
    assert profiles.from_slot({"age": "38", "sex": "robot", "rural": "yes", "group": "astronaut"}) == Profile()
    assert profiles.to_slot(Profile()) is None
    checked, problems = profiles.check(Profile(age=40, paid_months=40 * 12), TODAY)
    assert [p.code for p in problems] == ["paid_exceeds_working"] and checked.paid_months is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我38岁", Profile(age=38)),
        ("1985年3月出生", Profile(birth_year=1985, birth_month=3)),
        ("我是农村户口的女的", Profile(sex="female", rural=True)),
    ],
)
def test_reading_a_message_into_the_profile(text, expected):
    profile, _, changed = profiles.read(Profile(), text, TODAY)
    assert profile == expected and changed


def test_age_and_month_give_the_birth_year():
    profile, _, _ = profiles.read(Profile(age=38), "3月出生的", TODAY)
    assert (profile.birth_year, profile.birth_month) == (1988, 3)
    born = profiles.birth(Profile(age=38), TODAY)
    assert (born.year, born.month, born.month_assumed) == (1988, 6, True)
