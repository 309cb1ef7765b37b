"""The calculator conversation: read a message, check it, apply defaults, and answer at once.

No Rasa here. actions/calculator.py moves slots in and out; this module decides. A calculation is
answered as soon as what truly matters is known, with stated defaults (the lowest base, the
pension only) that the person refines with buttons or words ("按最高档", "加上医保", "那上海呢").
What is truly missing is asked all at once, in one question:

- contribution: the region;
- pension: the age (or birth month), sex, for women the previous statutory age (50 or 55), the
  years paid so far, and the region.

A value that is not allowed becomes a Problem naming the allowed range; it is never moved to the
nearest allowed value. The person's own facts live in the Profile (assistant/profile.py) and are
remembered across topics; the calculator's own choices (base, insurances, comparison, balance) in
a Request.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from assistant import profile as profiles
from assistant.calc_inputs import INSURANCES
from assistant.profile import Profile
from knowledge import query
from knowledge.calculators import (
    CalculatorError,
    InvalidInputError,
    OutOfRangeError,
    average_wage,
    compare_schemes,
    contribution,
    contribution_subsidy,
    estimate_pension,
    load_rules,
    parse_base,
)
from knowledge.calculators.bases import range_of
from knowledge.calculators.common import Note

CONTRIBUTION, PENSION = "contribution", "pension"
KINDS = (CONTRIBUTION, PENSION)
REQUEST_SLOT = "calc"  # the Request (any)
KIND_SLOT = "calc_kind"  # which calculator the conversation is on (featurised: routes follow-ups)
MAX_BALANCE = Decimal(5_000_000)
SUBSIDY_GROUP = {"hardship": "hardship", "4050": "hardship", "graduate": "graduate"}
# Quick replies under a result: option -> what it changes in the Request.
OPTIONS = {
    "base_lowest": {"base": "lowest"},
    "base_average": {"base": "100%"},
    "base_highest": {"base": "highest"},
    "all_insurances": {"insurances": INSURANCES},
    "pension_only": {"insurances": ("pension",)},
    "compare": {"compare": True},
}
# Errors about the chosen base: the base is asked again, with the allowed range.
BASE_ERRORS = (
    "unreadable_base",
    "base_not_positive",
    "no_grades",
    "grade_out_of_range",
    "percent_out_of_band",
    "percent_base_out_of_range",
    "not_a_grade",
    "base_below_minimum",
    "base_above_maximum",
    "base_needs_range",
)


@dataclass(frozen=True)
class Request:
    """What the calculator was asked (the person's own facts are in the Profile)."""

    kind: Optional[str] = None
    base: Optional[str] = None  # lowest | highest | "60%" | "grade 3" | "8000"; None: the default
    insurances: Optional[tuple] = None  # None: the default (pension only)
    compare: bool = False  # compare with the resident scheme
    balance: Optional[str] = None  # the account balance the person gave
    asked: tuple = ()  # what the last question asked for


def request_from_slot(value) -> Request:
    """The Request a slot holds; anything malformed is dropped."""
    if not isinstance(value, dict):
        return Request()
    insurances = value.get("insurances")
    insurances = tuple(i for i in insurances if i in INSURANCES) or None if isinstance(insurances, list) else None
    return Request(
        kind=value.get("kind") if value.get("kind") in KINDS else None,
        base=value.get("base") if isinstance(value.get("base"), str) else None,
        insurances=insurances,
        compare=value.get("compare") is True,
        balance=value.get("balance") if isinstance(value.get("balance"), str) else None,
        asked=tuple(a for a in value.get("asked") or () if isinstance(a, str)),
    )


def request_to_slot(request: Request) -> Optional[dict]:
    if request == Request():
        return None
    return {
        "kind": request.kind,
        "base": request.base,
        "insurances": list(request.insurances) if request.insurances else None,
        "compare": request.compare,
        "balance": request.balance,
        "asked": list(request.asked),
    }


@dataclass(frozen=True)
class State:
    profile: Profile = field(default_factory=Profile)
    request: Request = field(default_factory=Request)
    region: Optional[query.Region] = None


@dataclass(frozen=True)
class Message:
    text: str
    intent: Optional[str] = None
    region_text: Optional[str] = None  # the region the NLU found
    option: Optional[str] = None  # a quick reply's calc_option
    regions: bool = True  # False: a region in the text belongs to another question


def today() -> tuple:
    """(year, month) of today; tests replace it."""
    now = dt.date.today()
    return now.year, now.month


@dataclass(frozen=True)
class ContributionResult:
    region: query.Region
    estimate: object  # knowledge.calculators.ContributionEstimate
    comparison: object = None  # knowledge.calculators.SchemeComparison, when asked for
    subsidy: object = None  # knowledge.calculators.SubsidyEstimate, for a subsidy group
    group: Optional[str] = None  # hardship | 4050 | graduate
    defaults: tuple = ()  # base_lowest | pension_only


@dataclass(frozen=True)
class PensionResult:
    region: query.Region
    estimate: object  # knowledge.calculators.PensionEstimate
    index: Decimal
    base: str  # the base choice used
    birth: profiles.Birth
    sex: str
    balance_given: bool
    notes: tuple = ()  # Note: how the base became an index, a retirement age not usable …
    higher_base: Optional[tuple] = None  # (index, central total)
    minimum_only: Optional[tuple] = None  # (future months, central total)
    defaults: tuple = ()  # base_lowest | birth_month | balance_estimated


@dataclass(frozen=True)
class Turn:
    """What one message led to: a result, or the question of what is still needed (and why)."""

    kind: str
    state: State
    result: object = None  # ContributionResult | PensionResult
    needs: tuple = ()  # region | birth | sex | female_age | paid | base
    problems: tuple = ()  # assistant.profile.Problem
    changed: tuple = ()  # Profile / Request fields the message changed
    stopped: bool = False


# ---------------------------------------------------------------- reading a message


def expecting(request: Request) -> Optional[str]:
    """The one input a bare answer ('38', '男') fills: only when a single thing was asked."""
    return request.asked[0] if len(request.asked) == 1 else None


def find_region(message: Message) -> tuple:
    """(Region or None, the unknown name or None) named in the message."""
    if not message.regions:
        return None, None
    if message.region_text:
        found = query.resolve_region(message.region_text)
        return (found, None) if found else (None, message.region_text)
    if message.text and not message.text.startswith("/"):
        found = query.find_regions(message.text)
        if found:
            return found[0], None
    return None, None


def about_calculation(state: State, message: Message, today: tuple) -> bool:
    """True when the message changes something a calculation uses (a value, a region, an option)."""
    kind = state.request.kind or PENSION
    _, values, changed = profiles.read(state.profile, message.text, today, expecting(state.request), context=kind)
    found = {k: v for k, v in values.found().items() if k != "category"}  # a job named is not a value
    changed = tuple(c for c in changed if c != "category")
    region, unknown = find_region(message)
    # a region named now counts even when Rasa's slot mapping has already stored it
    return bool(changed or found or message.option or values.restart or unknown or region is not None)


def calculate(kind: str, state: State, message: Message, today: tuple) -> Turn:
    """Read the message into the state and answer: a result with defaults, or one question."""
    request = state.request if state.request.kind == kind else replace(state.request, kind=kind, asked=())
    profile, values, changed = profiles.read(state.profile, message.text, today, expecting(request), context=kind)
    if values.stop and not values.found():
        return Turn(kind, State(profile, Request(), state.region), stopped=True)
    if values.restart or message.option == "restart":
        request = Request(kind=kind)
    request = _apply(request, values, message.option)
    changed += tuple(
        name
        for name in ("base", "insurances", "compare", "balance")
        if getattr(request, name) != getattr(state.request, name)
    )
    problems = []
    region, unknown = find_region(message)
    if unknown:
        problems.append(profiles.Problem("region", "unknown_region", {"given": unknown}))
    region = region or state.region
    if region is not None and (state.region is None or region.id != state.region.id):
        changed += ("region",)
    profile, found = profiles.check(profile, today)
    problems += found
    request, base_problem = _check_request(kind, request, region)
    problems += base_problem
    needs = missing(kind, profile, request, region)
    if any(p.field == "base" for p in problems):
        needs += ("base",)
    state = State(profile, replace(request, asked=needs), region)
    if needs or problems:
        return Turn(kind, state, needs=needs, problems=tuple(problems), changed=changed)
    try:
        result = compute_contribution(state, today) if kind == CONTRIBUTION else compute_pension(state, today)
    except CalculatorError as exc:
        field_ = "base" if exc.code in BASE_ERRORS else "calculation"
        problem = profiles.Problem(field_, exc.code, exc.details)
        if field_ == "base":
            state = State(profile, replace(request, base=None, asked=("base",)), region)
            return Turn(kind, state, needs=("base",), problems=(problem,), changed=changed)
        return Turn(kind, state, problems=(problem,), changed=changed)
    return Turn(kind, state, result=result, changed=changed)


def _apply(request: Request, values, option: Optional[str]) -> Request:
    update = dict(OPTIONS.get(option, {}))
    for name in ("base", "insurances", "compare"):
        if getattr(values, name) is not None:
            update[name] = getattr(values, name)
    if values.balance is not None:
        update["balance"] = None if values.balance == "unknown" else values.balance
    return replace(request, **update)


def _check_request(kind: str, request: Request, region) -> tuple:
    """(request with a refused base or balance cleared, [Problem])."""
    problems = []
    if request.balance is not None:
        try:
            balance = Decimal(request.balance)
        except ArithmeticError:
            balance = Decimal(-1)
        if not 0 <= balance <= MAX_BALANCE:
            problems.append(
                profiles.Problem(
                    "balance", "balance_out_of_range", {"allowed": (0, MAX_BALANCE), "given": request.balance}
                )
            )
            request = replace(request, balance=None)
    if request.base is None:
        return request, problems
    try:
        choice = parse_base(request.base)
        if region is not None:  # without a region the base is checked once the region is known
            contribution(region.id, choice, include=("pension",))
    except CalculatorError as exc:
        problems.append(profiles.Problem("base", exc.code, exc.details))
        return replace(request, base=None), problems
    return request, problems


def missing(kind: str, profile: Profile, request: Request, region) -> tuple:
    """What must still be said before answering (asked all at once); the rest has defaults."""
    needs = []
    if kind == PENSION:
        if profile.birth_year is None and profile.age is None:
            needs.append("birth")
        if profile.sex is None:
            needs.append("sex")
        elif profile.sex == "female" and profile.female_age is None:
            needs.append("female_age")
        if profile.paid_months is None:
            needs.append("paid")
    if region is None:
        needs.append("region")
    return tuple(needs)


# ---------------------------------------------------------------- computing


def compute_contribution(state: State, today: tuple) -> ContributionResult:
    request, region, profile = state.request, state.region, state.profile
    defaults = tuple(
        code
        for code, unset in (("base_lowest", request.base is None), ("pension_only", request.insurances is None))
        if unset
    )
    base, include = request.base or "lowest", tuple(request.insurances or ("pension",))
    comparison = compare_schemes(region.id, base, include=include) if request.compare else None
    estimate = comparison.flexible if comparison else contribution(region.id, base, include=include)
    subsidy = None
    if profile.group in SUBSIDY_GROUP:
        subsidy = contribution_subsidy(
            region.id,
            SUBSIDY_GROUP[profile.group],
            base=base,
            include=include,
            months_to_retirement=profiles.months_to_retirement(profile, today),
        )
    return ContributionResult(region, estimate, comparison, subsidy, profile.group, defaults)


def pension_index(base: str, region) -> tuple:
    """(average contribution index, Note explaining a conversion or None) for the chosen base."""
    choice = parse_base(base)
    low, high = load_rules().base_band
    if choice.kind == "lowest":
        return low / 100, None
    if choice.kind == "highest":
        return high / 100, None
    if choice.kind == "percent":
        return choice.value / 100, None
    estimate = contribution(region.id, choice, include=("pension",))
    fact = next((f for f in query.region_facts(region.id, ["pension_base"]) if str(f.year) == estimate.base_year), None)
    rng = range_of(fact)
    if estimate.base is None or rng is None:
        raise InvalidInputError("base_needs_range", region=region.name, given=choice.value)
    average = average_wage(rng, (low, high))
    index = (estimate.base / average).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    index = min(max(index, low / 100), high / 100)  # only rounding can put a valid base outside the band
    return index, Note.of("index_from_base", base=estimate.base, index=index, year=estimate.base_year, average=average)


def compute_pension(state: State, today: tuple) -> PensionResult:
    profile, request, region = state.profile, state.request, state.region
    born = profiles.birth(profile, today)
    base = request.base or "lowest"
    index, index_note = pension_index(base, region)
    notes = [index_note] if index_note else []
    common = dict(
        birth_year=born.year,
        birth_month=born.month,
        sex=profile.sex,
        female_original_age=profile.female_age if profile.sex == "female" else None,
        past_contribution_months=profile.paid_months or 0,
        as_of=today,
        account_balance=Decimal(request.balance) if request.balance is not None else 0,
        estimate_past_balance=request.balance is None,
    )
    retire_at = (profile.retire_age, 0) if profile.retire_age else None
    try:
        estimate = estimate_pension(region.id, average_index=index, retire_at=retire_at, **common)
    except OutOfRangeError as exc:
        if exc.code not in ("retire_age_outside_flexible", "retire_age_passed"):
            raise
        notes.append(Note.of("retire_age_not_used", error=exc.code, **exc.details))
        retire_at = None
        estimate = estimate_pension(region.id, average_index=index, **common)
    common["retire_at"] = retire_at
    mid = estimate.central
    higher = minimum_only = None
    if mid is not None:
        high = load_rules().base_band[1] / 100
        alt = Decimal(1) if index < 1 else (high if index < high else None)
        if alt is not None:
            alt_mid = estimate_pension(region.id, average_index=alt, **common).central
            higher = (alt, alt_mid.total) if alt_mid is not None else None
        need = estimate.minimum.months - (profile.paid_months or 0)
        if 0 <= need < estimate.future_months:
            fewer = estimate_pension(region.id, average_index=index, future_contribution_months=need, **common)
            if fewer.eligible and fewer.central is not None:
                minimum_only = (need, fewer.central.total)
    defaults = tuple(
        code
        for code, unset in (
            ("base_lowest", request.base is None),
            ("birth_month", born.month_assumed),
            ("balance_estimated", request.balance is None and profile.paid_months),
        )
        if unset
    )
    return PensionResult(
        region,
        estimate,
        index,
        base,
        born,
        profile.sex,
        request.balance is not None,
        tuple(notes),
        higher,
        minimum_only,
        defaults,
    )
