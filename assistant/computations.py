"""The registered computations: a sub-answer's `compute: <name>` gives the person's own figure.

Each reads the question and the Profile (the message is read into it first, so "1970年5月出生的
男的几岁退休" works on its own), calls the knowledge-layer calculators and returns a Figure:
outcome "ok" with values and basis, or a reason code with what the person must still say
(`needs`). Values are plain JSON (numbers as float or int, texts as {zh, en}); the presentation
layer words them (presentation/figures.py). Outcomes:

    ok           values hold the figure
    needs_input  needs names what is missing; values hold the general rule where one exists
    invalid      values.problems: [{field, code, allowed, given}] (e.g. an age of 300)
    missing      the knowledge base has no usable figure (values.reason)
    out_of_range values.reason, allowed, given
    ineligible   (unemployment_duration) fewer than the qualifying years
"""

from typing import Optional

from assistant import profile as profiles
from assistant.figures import Ask, Figure, computation
from knowledge.calculators import (
    INSURANCES,
    CalculatorError,
    Status,
    account_divisor,
    contribution,
    contribution_subsidy,
    load_rules,
    minimum_contribution_years,
    statutory_retirement,
    unemployment_duration,
)
from knowledge.calculators.common import as_json as jsonable

SUBSIDY_GROUP = {"hardship": "hardship", "4050": "hardship", "graduate": "graduate"}


def _profile(ask: Ask) -> tuple:
    """(the profile with what this message says, [problem dicts])."""
    person, _, _ = profiles.read(ask.profile, ask.text or "", ask.today)
    person, problems = profiles.check(person, ask.today)
    return person, [{"field": p.field, "code": p.code, **jsonable(p.details)} for p in problems]


def _personal(name: str):
    """Register a computation about the person under name: the Profile is read from the message
    and checked first (an impossible value is an 'invalid' Figure), then function(ask, person, rules)."""

    def register(function):
        def run(ask: Ask) -> Figure:
            person, problems = _profile(ask)
            if problems:
                return Figure(name, "invalid", {"problems": problems})
            return function(ask, person, load_rules())

        run.__doc__ = function.__doc__
        computation(name)(run)
        return function

    return register


def _region(ask: Ask) -> dict:
    r = ask.region
    return {"region_id": r.id, "region_zh": r.name_zh, "region_en": r.name_en} if r else {}


def _f(value) -> Optional[float]:
    return None if value is None else float(value)


# ---------------------------------------------------------------- contribution_range


@computation("contribution_range")
def contribution_range(ask: Ask) -> Figure:
    """Lowest and highest monthly contribution per insurance in the region (rate × base or fixed)."""
    name = "contribution_range"
    if ask.region is None:
        return Figure(name, "needs_input", needs=("region",))
    low = contribution(ask.region.id, "lowest", include=INSURANCES)
    high = contribution(ask.region.id, "highest", include=INSURANCES)
    lines = []
    for a, b in zip(low.lines, high.lines, strict=False):
        lines.append(
            {
                "insurance": a.insurance,
                "status": a.status,
                "fixed": a.fixed,
                "per": a.per,
                "rate": _f(a.rate),
                "lowest_base": _f(a.base),
                "highest_base": _f(b.base),
                "lowest": _f(a.monthly),
                "highest": _f(b.monthly),
                "options": [float(o) for o in a.options],
                "note": jsonable(a.note),
            }
        )
    pension = low.line("pension")
    values = {
        **_region(ask),
        "year": low.base_year,
        "base_min": _f(low.base_range[0]) if low.base_range else None,
        "base_max": _f(low.base_range[1]) if low.base_range else None,
        "focus": ask.insurance_type if ask.insurance_type in INSURANCES else None,
        "lines": lines,
        "total_lowest": _f(low.total_monthly),
        "total_highest": _f(high.total_monthly),
        "complete": low.complete,
        "caveats": jsonable(low.caveats),
    }
    basis = tuple(dict.fromkeys(low.basis + high.basis))
    if not pension.has_amount:
        outcome = "conflict" if pension.status == Status.CONFLICT else "missing"
        return Figure(name, outcome, {**values, "reason": "base_range_unknown"}, basis)
    return Figure(name, "ok", values, basis)


# ---------------------------------------------------------------- retirement_age


def _track(category_sex: str, female_age, year: int, month: int, today: tuple) -> dict:
    r = statutory_retirement(year, month, category_sex, female_age)
    return {
        "category": r.category,
        "label": jsonable(r.category_label),
        "original_age": r.original_age,
        "target_age": r.target_age,
        "age_years": r.age_years,
        "age_months": r.age_months,
        "year": r.retire_year,
        "month": r.retire_month,
        "delay_months": r.delay_months,
        "reached": (r.retire_year, r.retire_month) <= tuple(today),
        "basis": r.basis,
    }


def _tracks(person, born, today) -> list:
    """Statutory retirement per category (both for a woman whose category is unknown); with the
    birth month unknown, each track also gives the December case as `latest`."""
    categories = [None] if person.sex == "male" else ([person.female_age] if person.female_age else [50, 55])
    tracks = []
    for category in categories:
        first = _track(person.sex, category, born.year, 1 if born.month_assumed else born.month, today)
        if born.month_assumed:
            last = _track(person.sex, category, born.year, 12, today)
            first["latest"] = {k: last[k] for k in ("age_years", "age_months", "year", "month", "delay_months")}
        tracks.append(first)
    return tracks


@_personal("retirement_age")
def retirement_age(ask: Ask, person, rules) -> Figure:
    """Statutory age and date from birth month, sex and (for women) the previous statutory age."""
    name = "retirement_age"
    born = profiles.birth(person, ask.today)
    needs = tuple(n for n, missing in (("birth", born is None), ("sex", person.sex is None)) if missing)
    general = {
        "categories": [
            {"category": c.id, "label": jsonable(c.label), "original_age": c.original_age, "target_age": c.target_age}
            for c in rules.reform_categories
        ],
        "start": list(rules.reform_start),
    }
    if needs:
        return Figure(name, "needs_input", general, (rules.reform_basis,), needs)
    tracks = _tracks(person, born, ask.today)
    basis = tuple(dict.fromkeys(b for t in tracks for b in t.pop("basis")))
    values = {
        **general,
        "birth_year": born.year,
        "birth_month": None if born.month_assumed else born.month,
        "sex": person.sex,
        "category_known": person.sex == "male" or person.female_age is not None,
        "flexible_worker": ask.scheme == "flexible_employment",
        "tracks": tracks,
    }
    if len(tracks) == 1 and not born.month_assumed:
        t = tracks[0]
        statutory = t["age_years"] * 12 + t["age_months"]
        earliest = max(t["original_age"] * 12, statutory - rules.flexible_early_months)
        values["flexible"] = {
            "earliest": list(divmod(earliest, 12)),
            "latest": list(divmod(statutory + rules.flexible_late_months, 12)),
        }
        basis += (rules.flexible_basis,)
    needs = () if values["category_known"] else ("female_age",)
    return Figure(name, "ok", values, basis, needs)


# ---------------------------------------------------------------- minimum_years


@_personal("minimum_years")
def minimum_years(ask: Ask, person, rules) -> Figure:
    """Minimum contribution years for the year the statutory age is reached (2035 → 18)."""
    name = "minimum_years"
    params = rules.minimum_params
    general = {
        "base_years": params["base_years"],
        "max_years": params["max_years"],
        "rise_from": params["rise_from"],
        "step_months": params["step_months_per_year"],
    }
    years, source, extra = [], None, {}
    if person.retire_year is not None:
        years, source = [person.retire_year], "retire_year"
    else:
        born = profiles.birth(person, ask.today)
        if born is not None and person.sex is not None:
            tracks = _tracks(person, born, ask.today)
            years, source = sorted({t["year"] for t in tracks}), "birth"
            extra = {
                "tracks": [{k: t[k] for k in ("category", "age_years", "age_months", "year", "month")} for t in tracks]
            }
    if not years:
        return Figure(name, "needs_input", general, (rules.minimum_basis,), ("retire_year",))
    results = [minimum_contribution_years(year) for year in years]
    values = {
        **general,
        **extra,
        "from": source,
        "retire_year": years[0],
        "years": float(results[0].years),
        "months": results[0].months,
        "by_year": [{"retire_year": r.retirement_year, "years": float(r.years), "months": r.months} for r in results],
    }
    if person.paid_months is not None:
        values["paid_months"] = person.paid_months
        values["short_months"] = max(0, results[0].months - person.paid_months)
    return Figure(name, "ok", values, (rules.minimum_basis,))


# ---------------------------------------------------------------- unemployment_duration


@_personal("unemployment_duration")
def unemployment_duration_figure(ask: Ask, person, rules) -> Figure:
    """The longest unemployment benefit period for the years paid (失业保险条例 Art. 17)."""
    name = "unemployment_duration"
    general = {
        "bands": [[float(start), months] for start, months in rules.unemployment_bands],
        "qualifying_years": float(rules.unemployment_qualifying_years),
        "combined_cap_months": rules.unemployment_cap_months,
    }
    if person.paid_months is None:
        return Figure(name, "needs_input", general, (rules.unemployment_basis,), ("paid",))
    result = unemployment_duration(person.paid_months)
    values = {
        **general,
        "paid_months": result.paid_months,
        "max_months": result.max_months,
        "band_from_years": _f(result.band_from_years),
        "band_to_years": _f(result.band_to_years),
    }
    return Figure(name, "ok" if result.eligible else "ineligible", values, result.basis)


# ---------------------------------------------------------------- account_divisor


@_personal("account_divisor")
def account_divisor_figure(ask: Ask, person, rules) -> Figure:
    """The personal-account divisor (计发月数) for a retirement age, from the official table."""
    name = "account_divisor"
    general = {
        "resident_divisor": rules.resident_divisor,
        "samples": [[age, rules.divisors[age]] for age in (50, 55, 60, 63) if age in rules.divisors],
    }
    age, source = None, None
    if person.retire_age is not None:
        age, source = (person.retire_age, 0), "retire_age"
    else:
        born = profiles.birth(person, ask.today)
        if (
            born is not None
            and not born.month_assumed
            and person.sex is not None
            and (person.sex == "male" or person.female_age)
        ):
            track = _tracks(person, born, ask.today)[0]
            age, source = (track["age_years"], track["age_months"]), "statutory"
    if age is None:
        return Figure(name, "needs_input", general, (rules.divisor_basis,), ("retire_age",))
    try:
        divisor = account_divisor(*age)
    except CalculatorError as exc:
        return Figure(
            name, "out_of_range", {**general, "reason": exc.code, **jsonable(exc.details)}, (rules.divisor_basis,)
        )
    values = {
        **general,
        "from": source,
        "age_years": divisor.age_years,
        "age_months": divisor.age_months,
        "divisor": float(divisor.months),
        "interpolated": divisor.age_months != 0,
        "row": divisor.row,
        "next_row": divisor.next_row,
        "caveat": jsonable(divisor.caveat),
    }
    return Figure(name, "ok", values, divisor.basis)


# ---------------------------------------------------------------- contribution_subsidy


@_personal("contribution_subsidy")
def contribution_subsidy_figure(ask: Ask, person, rules) -> Figure:
    """The contribution subsidy for eligible flexible workers and the net monthly cost."""
    name = "contribution_subsidy"
    group = SUBSIDY_GROUP.get(person.group, "hardship")
    rule = rules.subsidies[group]
    general = {
        "group": group,
        "group_assumed": person.group is None,
        "is_4050": person.group == "4050",
        "groups": sorted(rules.subsidies),
        "share_cap": list(rule.share_cap),
        "max_years": rule.max_years,
        "near_retirement_years": rules.near_retirement_years,
        "left_school_within_years": rule.left_school_within_years,
        "caveat": jsonable(rule.caveat),
    }
    basis = (rule.basis,) + ((rules.near_retirement_basis,) if group == "hardship" else ())
    needs = ("group",) if person.group is None else ()
    if ask.region is None:
        return Figure(name, "needs_input", general, basis, ("region",) + needs)
    estimate = contribution_subsidy(
        ask.region.id, group, months_to_retirement=profiles.months_to_retirement(person, ask.today)
    )
    if not estimate.lines:
        return Figure(
            name,
            "missing",
            {**general, **_region(ask), "reason": "base_range_unknown"},
            tuple(dict.fromkeys(basis + estimate.basis)),
            needs,
        )
    values = {
        **general,
        **_region(ask),
        "duration_months": estimate.duration_months,
        "to_retirement": estimate.to_retirement,
        "months_to_retirement": estimate.months_to_retirement,
        "amounts_published": estimate.amounts_published,
        "base_year": estimate.base_year,
        "year": next((line.subsidy_year for line in estimate.lines if line.subsidy_year), None),
        "lines": [
            {
                "insurance": line.insurance,
                "contribution": float(line.contribution),
                "cap": float(line.cap),
                "subsidy": _f(line.subsidy),
                "net": float(line.net),
            }
            for line in estimate.lines
        ],
        "total_contribution": float(estimate.total_contribution),
        "total_subsidy": _f(estimate.total_subsidy),
        "total_net": float(estimate.total_net),
        "notes": jsonable(estimate.notes),
    }
    return Figure(name, "ok", values, tuple(dict.fromkeys(basis + estimate.basis)), needs)
