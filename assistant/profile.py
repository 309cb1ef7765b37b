"""The person's own facts in a conversation (a Profile): read from slots, updated from a message,
checked, and written back, so age, sex, rural status … are remembered across topics.

    profile = from_slot(tracker.get_slot(SLOT))
    profile, values, changed = read(profile, text, today)
    events = [SlotSet(SLOT, to_slot(profile))]

Everything here is plain Python (no Rasa); the adapters only move the slot value.
"""

from dataclasses import dataclass, field, fields, replace
from typing import Optional

from assistant.calc_inputs import Values, parse
from knowledge.calculators import CalculatorError, statutory_retirement

SLOT = "profile"
MIN_AGE, MAX_AGE = 16, 100
MAX_PAID_MONTHS = 60 * 12
ASSUMED_BIRTH_MONTH = 6  # mid-year, when only an age or a birth year is known (stated in the answer)
_INTS = ("birth_year", "birth_month", "age", "female_age", "paid_months", "retire_age", "retire_year")
CATEGORIES = ("worker", "cadre", "flexible", "rural", "public")
_CHOICES = {"sex": ("male", "female"), "group": ("hardship", "4050", "graduate"), "category": CATEGORIES}
# A woman's category decides her previous statutory age (and so her track under the 2024 reform).
FEMALE_AGE_OF = {"worker": 50, "cadre": 55}


@dataclass(frozen=True)
class Profile:
    """What the person (or one of their family) has said about themselves; remembered across topics."""

    birth_year: Optional[int] = None
    birth_month: Optional[int] = None
    age: Optional[int] = None
    sex: Optional[str] = None  # male | female
    female_age: Optional[int] = None  # 50 (workers) | 55 (cadres): women's previous statutory age
    rural: Optional[bool] = None  # rural hukou / resident scheme
    paid_months: Optional[int] = None  # contribution months so far
    retire_age: Optional[int] = None  # a retirement age the person named ("60岁退休")
    retire_year: Optional[int] = None  # a retirement year the person named ("2035年退休")
    group: Optional[str] = None  # hardship | 4050 | graduate: may get a contribution subsidy
    category: Optional[str] = None  # worker | cadre | flexible | rural | public


@dataclass(frozen=True)
class Problem:
    """A value that cannot be used, with the reason code and what is allowed."""

    field: str
    code: str
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Birth:
    year: int
    month: int
    month_assumed: bool  # the month (and so perhaps the year) was not said


def from_slot(value) -> Profile:
    """The Profile a slot holds; anything malformed is dropped, never trusted."""
    if not isinstance(value, dict):
        return Profile()
    known = {}
    for name in (f.name for f in fields(Profile)):
        item = value.get(name)
        if name in _INTS and isinstance(item, int) and not isinstance(item, bool):
            known[name] = item
        elif name in _CHOICES and item in _CHOICES[name]:
            known[name] = item
        elif name == "rural" and isinstance(item, bool):
            known[name] = item
    return Profile(**known)


def to_slot(profile: Profile) -> Optional[dict]:
    data = {f.name: getattr(profile, f.name) for f in fields(Profile) if getattr(profile, f.name) is not None}
    return data or None


def merge(profile: Profile, values: Values, today: tuple) -> tuple:
    """(new profile, changed field names). A new age replaces the birth year and the other way round."""
    new = {f.name: getattr(profile, f.name) for f in fields(Profile)}
    for name in ("sex", "female_age", "paid_months", "retire_age", "retire_year", "rural", "group", "category"):
        if getattr(values, name) is not None:
            new[name] = getattr(values, name)
    if values.birth_year is not None:
        new["birth_year"], new["age"] = values.birth_year, None
    if values.birth_month is not None:
        new["birth_month"] = values.birth_month
    if values.age is not None:
        new["age"], new["birth_year"] = values.age, None
    age, month = new["age"], new["birth_month"]
    if age is not None and month is not None and MIN_AGE <= age <= MAX_AGE and 1 <= month <= 12:
        new["birth_year"] = today[0] - age - (1 if month > today[1] else 0)
    if values.category in FEMALE_AGE_OF and values.female_age is None:
        new["female_age"] = FEMALE_AGE_OF[values.category]
    if values.category == "rural" and values.rural is None:
        new["rural"] = True
    if new["sex"] == "female" and new["female_age"] is None and new["retire_age"] in (50, 55):
        new["female_age"], new["retire_age"] = new["retire_age"], None  # a woman's '55岁退休' is her track
    if new["sex"] == "male":
        new["female_age"] = None
    merged = Profile(**new)
    return merged, tuple(name for name in new if getattr(merged, name) != getattr(profile, name))


def read(profile: Profile, text: str, today: tuple, expecting: str = None, context: str = None) -> tuple:
    """(profile updated from the message, the parsed Values, changed field names)."""
    values = parse(text, expecting=expecting, context=context, latest_year=today[0])
    merged, changed = merge(profile, values, today)
    return merged, values, changed


def check(profile: Profile, today: tuple) -> tuple:
    """(profile with every impossible value cleared, [Problem]) — nothing is clamped."""
    year, month = today
    clear, problems = {}, []

    def refuse(name, code, allowed, given, *also):
        problems.append(Problem(name, code, {"allowed": allowed, "given": given}))
        clear.update({n: None for n in (name,) + also})

    if profile.age is not None and not MIN_AGE <= profile.age <= MAX_AGE:
        refuse("age", "age_out_of_range", (MIN_AGE, MAX_AGE), profile.age, "birth_year")
    low, high = year - MAX_AGE, year - MIN_AGE
    if profile.birth_year is not None and "birth_year" not in clear and not low <= profile.birth_year <= high:
        refuse("birth_year", "birth_year_out_of_range", (low, high), profile.birth_year, "age")
    if profile.birth_month is not None and not 1 <= profile.birth_month <= 12:
        refuse("birth_month", "birth_month_invalid", (1, 12), profile.birth_month)
    if profile.female_age is not None and profile.female_age not in (50, 55):
        refuse("female_age", "female_age_invalid", (50, 55), profile.female_age)
    if profile.retire_age is not None and not 40 <= profile.retire_age <= 70:
        refuse("retire_age", "retire_age_out_of_range", (40, 70), profile.retire_age)
    if profile.retire_year is not None and not 1950 <= profile.retire_year <= 2100:
        refuse("retire_year", "retire_year_out_of_range", (1950, 2100), profile.retire_year)
    if profile.paid_months is not None:
        checked = replace(profile, **clear)
        born = birth(checked, today)
        most = max(0, (year - born.year - MIN_AGE) * 12 + month - born.month) if born else MAX_PAID_MONTHS
        if not 0 <= profile.paid_months <= MAX_PAID_MONTHS:
            refuse("paid_months", "paid_out_of_range", (0, MAX_PAID_MONTHS), profile.paid_months)
        elif profile.paid_months > most and born and not born.month_assumed:
            refuse("paid_months", "paid_exceeds_working", (0, most), profile.paid_months)
        elif profile.paid_months > most + 11:  # an assumed birth month may be up to a year off
            refuse("paid_months", "paid_exceeds_working", (0, most + 11), profile.paid_months)
    return replace(profile, **clear), problems


def birth(profile: Profile, today: tuple) -> Optional[Birth]:
    """The birth month to compute with: as said, or mid-year when only an age or a year is known."""
    if profile.birth_year is not None:
        month = profile.birth_month
        return Birth(profile.birth_year, month or ASSUMED_BIRTH_MONTH, month is None)
    if profile.age is not None:
        month = profile.birth_month or ASSUMED_BIRTH_MONTH
        return Birth(today[0] - profile.age - (1 if month > today[1] else 0), month, profile.birth_month is None)
    return None


def months_to_retirement(profile: Profile, today: tuple) -> Optional[int]:
    """Months until the statutory age, when birth and sex (and a woman's category) are known."""
    born = birth(profile, today)
    if born is None or profile.sex is None or (profile.sex == "female" and profile.female_age is None):
        return None
    try:
        retirement = statutory_retirement(
            born.year, born.month, profile.sex, profile.female_age if profile.sex == "female" else None
        )
    except CalculatorError:
        return None
    return max(0, (retirement.retire_year * 12 + retirement.retire_month) - (today[0] * 12 + today[1]))
