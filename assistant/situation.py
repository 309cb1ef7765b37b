"""One chain of a person's own figures, used by every answer that depends on them.

retirement age and date under the 2024 reform → the minimum years in that year → the years paid
by then → how many are still missing → when short, what can be done (keep paying after the
statutory age, a one-off payment where allowed, the resident scheme); for the resident scheme its
own rule (60 years of age, 15 years paid) and what a late starter can reach; the unemployment
benefit months the years paid give. Numbers and codes only: presentation/person.py words them.
"""

from dataclasses import dataclass
from typing import Optional

from assistant import profile as profiles
from assistant.profile import Profile
from knowledge.calculators import (
    CalculatorError,
    load_rules,
    minimum_contribution_years,
    statutory_retirement,
    unemployment_duration,
)

EMPLOYEE, RESIDENT = "employee", "resident"
EMPLOYED = ("worker", "cadre", "public")


@dataclass(frozen=True)
class Situation:
    about: str  # self | husband | wife | …
    profile: Profile
    scheme: str  # employee | resident
    needs: tuple = ()  # what is missing and decides the answer: birth | sex | female_age | paid
    birth: Optional[profiles.Birth] = None
    age_now: Optional[int] = None  # whole years
    retirement: Optional[dict] = None  # age_years, age_months, year, month, reached, delay_months
    minimum_months: Optional[int] = None  # in the year the statutory (or drawing) age is reached
    paid_months: Optional[int] = None
    months_to_go: Optional[int] = None  # from now to the statutory (or drawing) age
    paid_at_retirement: Optional[int] = None  # if paying on until then
    short_months: Optional[int] = None  # still missing at that age (or now, when it is past)
    options: tuple = ()  # keep_paying | one_off | resident | back_pay
    unemployment: Optional[dict] = None  # max_months, eligible
    basis: tuple = ()


def scheme_of(profile: Profile) -> str:
    """The resident scheme for rural people without an employee job; the employee scheme otherwise."""
    resident = profile.category == "rural" or (profile.rural and profile.category not in EMPLOYED + ("flexible",))
    return RESIDENT if resident else EMPLOYEE


def _months(year: int, month: int) -> int:
    return year * 12 + month


def situation(profile: Profile, today: tuple, about: str = "self") -> Situation:
    """The chain for one person, as far as what they said allows (needs: what is missing)."""
    rules = load_rules()
    scheme = scheme_of(profile)
    born = profiles.birth(profile, today)
    age_now = None if born is None else (_months(*today) - _months(born.year, born.month)) // 12
    common = dict(about=about, profile=profile, scheme=scheme, birth=born, age_now=age_now)
    unemployment = None
    if profile.paid_months is not None:
        duration = unemployment_duration(profile.paid_months)
        unemployment = {"max_months": duration.max_months, "eligible": duration.eligible}
    common.update(paid_months=profile.paid_months, unemployment=unemployment)
    if scheme == RESIDENT:
        return _resident(common, born, today, rules)
    needs = tuple(
        name
        for name, missing in (
            ("birth", born is None),
            ("sex", profile.sex is None),
            ("female_age", profile.sex == "female" and profile.female_age is None),
        )
        if missing
    )
    if needs:
        return Situation(**common, needs=needs + (("paid",) if profile.paid_months is None else ()))
    try:
        r = statutory_retirement(born.year, born.month, profile.sex, profile.female_age)
    except CalculatorError:
        return Situation(**common, needs=("birth",))
    reached = (r.retire_year, r.retire_month) <= tuple(today)
    retirement = {
        "age_years": r.age_years,
        "age_months": r.age_months,
        "year": r.retire_year,
        "month": r.retire_month,
        "delay_months": r.delay_months,
        "reached": reached,
        "month_assumed": born.month_assumed,
    }
    minimum = minimum_contribution_years(r.retire_year)
    basis = tuple(dict.fromkeys(r.basis + (rules.minimum_basis,)))
    found = dict(common, retirement=retirement, minimum_months=minimum.months, basis=basis)
    if profile.paid_months is None:
        return Situation(**found, needs=("paid",))
    to_go = max(0, _months(r.retire_year, r.retire_month) - _months(*today))
    at_retirement = profile.paid_months + to_go
    short = max(0, minimum.months - at_retirement)
    options = ()
    if short:
        options = ("keep_paying",) + (("one_off",) if r.retire_year >= rules.minimum_params["rise_from"] else ())
        options += ("resident",)
        basis += (rules.resident_basis,)
    return Situation(
        **{**found, "basis": basis},
        months_to_go=to_go,
        paid_at_retirement=at_retirement,
        short_months=short,
        options=options,
    )


def _resident(common: dict, born, today: tuple, rules) -> Situation:
    """The resident pension: drawn from 60 with 15 years paid (国发〔2014〕8号); a late starter
    pays every year until 60 and may pay back the rest (same article)."""
    basis = (rules.resident_basis,)
    minimum = rules.resident_minimum_years * 12
    if born is None:
        return Situation(**common, minimum_months=minimum, needs=("birth",), basis=basis)
    draw = (born.year + rules.resident_draw_age, born.month)
    reached = draw <= tuple(today)
    retirement = {
        "age_years": rules.resident_draw_age,
        "age_months": 0,
        "year": draw[0],
        "month": draw[1],
        "delay_months": 0,
        "reached": reached,
        "month_assumed": born.month_assumed,
    }
    paid = common["paid_months"]
    found = dict(common, retirement=retirement, minimum_months=minimum, basis=basis)
    if paid is None:
        return Situation(**found, needs=("paid",))
    to_go = max(0, _months(*draw) - _months(*today))
    at_draw = paid + to_go
    short = max(0, minimum - at_draw)
    return Situation(
        **found,
        months_to_go=to_go,
        paid_at_retirement=at_draw,
        short_months=short,
        options=("back_pay",) if short else (),
    )
