"""Estimate the monthly employee pension when it is claimed, as a low/central/high range.

basic pension   = (C + C × index) / 2 × years × 1%      C = the region's calculation base at the claim
account pension = account balance at the claim ÷ divisor for the age at the claim (years + months)

C and the future contribution base are projected with assumed wage growth, the account with an
assumed interest rate; the future is unknown, so the result is a range over scenarios, every
assumption is a Note, and nothing is given for someone short of the minimum contribution years.

Someone who has reached the statutory age gets an estimate too: claimed now when the minimum
years are met, else after paying the missing months (Social Insurance Law Art. 16).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators import regional
from knowledge.calculators.bases import average_wage, range_of
from knowledge.calculators.common import (
    HUNDRED,
    InvalidInputError,
    Note,
    OutOfRangeError,
    Status,
    dec,
    money,
)
from knowledge.calculators.divisor import Divisor, account_divisor
from knowledge.calculators.minimum_years import MinimumYears, minimum_contribution_years
from knowledge.calculators.retirement import RetirementAge, statutory_retirement
from knowledge.calculators.rules import load_rules

KEYS = ["pension_base", "pension_calc_base", "pension_account_rate"]
ALWAYS = (Note.of("transitional_not_included"), Note.of("interest_yearly"), Note.of("nominal_amounts"))
MAX_LATE_MONTHS = 20 * 12  # months someone past the statutory age may still pay in this estimate


@dataclass(frozen=True)
class ScenarioResult:
    scenario: object  # rules.Scenario
    calc_base: Decimal  # projected calculation base in the claim year
    account_balance: Decimal  # projected personal account at the claim
    basic_pension: Decimal  # per month
    account_pension: Decimal  # per month
    total: Decimal  # per month
    total_at_today_wages: Decimal  # total ÷ (1 + wage growth)^(years until the claim)


@dataclass(frozen=True)
class PensionEstimate:
    region: object
    retirement: RetirementAge
    minimum: MinimumYears
    divisor: Optional[Divisor]
    average_index: Decimal
    past_months: int
    future_months: int
    reached: bool  # the statutory age was reached before as_of
    claim_year: int  # when the pension starts in this estimate
    claim_month: int
    claim_age: tuple  # (years, months) at the claim
    eligible: bool
    shortfall_months: int
    status: str
    scenarios: tuple  # ScenarioResult, in the order of the assumptions (low, central, high)
    assumptions: tuple  # Note
    caveats: tuple  # Note
    basis: tuple
    is_estimate: bool = True

    @property
    def contribution_months(self) -> int:
        return self.past_months + self.future_months

    @property
    def total_range(self) -> Optional[tuple]:
        """(lowest, highest) monthly total over the scenarios; None when no amount is given."""
        totals = [s.total for s in self.scenarios]
        return (min(totals), max(totals)) if totals else None

    def scenario(self, scenario_id: str) -> Optional[ScenarioResult]:
        return next((s for s in self.scenarios if s.scenario.id == scenario_id), None)

    @property
    def central(self) -> Optional[ScenarioResult]:
        """The central scenario (or the middle one)."""
        if not self.scenarios:
            return None
        return self.scenario("central") or self.scenarios[len(self.scenarios) // 2]


def _future_months(reached: bool, target: int, as_of: tuple, missing: int, given) -> tuple:
    """(the most future months allowed, the future months paid, the claim month's index).

    Before the retirement age: every month until target by default, claimed at target; once the
    statutory age is reached: the months still missing to the minimum, claimed after them.
    """
    if reached:
        future = max(0, missing) if given is None else _whole(given, "future_contribution_months")
        return MAX_LATE_MONTHS, future, _index_of(*as_of) + future
    most = target - _index_of(*as_of)
    future = most if given is None else _whole(given, "future_contribution_months")
    return most, future, target


def estimate_pension(
    region,
    *,
    birth_year: int,
    birth_month: int,
    sex: str,
    average_index,
    female_original_age: int = None,
    past_contribution_months: int = 0,
    account_balance=0,
    future_contribution_months: int = None,
    as_of=None,
    scenarios=None,
    calc_base=None,
    calc_base_year: int = None,
    estimate_past_balance: bool = False,
    retire_at: tuple = None,
    query=None,
) -> PensionEstimate:
    """Monthly pension for a flexible worker contributing in region.

    average_index: the average contribution index over the whole career (0.6 = always the lowest
    base, 1 = the average wage, 3 = the highest), assumed also for future months.
    as_of: (year, month) from which future contributions are paid and to which account_balance
    applies (default: this month). future_contribution_months: default every month until the month
    before the statutory age, or (once it is reached) the months still missing to the minimum.
    calc_base/calc_base_year: a calculation base supplied by the user when the knowledge base has
    none for the region. estimate_past_balance: with no balance given, estimate the account from
    the past months at today's average wage (no interest), stated as an assumption.
    retire_at: (years, months) of age to retire at under flexible retirement, within the window
    around the statutory age the rules allow; OutOfRangeError outside it.
    """
    rules = load_rules(query)
    scenarios = tuple(scenarios) if scenarios is not None else rules.scenarios
    as_of = _year_month(as_of)
    index = _index(average_index, rules)
    past = _whole(past_contribution_months, "past_contribution_months")
    balance = dec(account_balance)
    if balance < 0:
        raise InvalidInputError("negative_balance", given=balance)
    retirement = statutory_retirement(birth_year, birth_month, sex, female_original_age, query=query)
    working_months = (as_of[0] - birth_year - 16) * 12 + as_of[1] - birth_month
    if past > max(working_months, 0):
        raise InvalidInputError("paid_exceeds_working_months", allowed=(0, max(working_months, 0)), given=past)
    born = _index_of(birth_year, birth_month)
    statutory = _index_of(retirement.retire_year, retirement.retire_month)
    months_left = statutory - _index_of(*as_of)
    reached = months_left <= 0
    target = statutory if retire_at is None or reached else born + _flexible(retire_at, retirement, rules)
    minimum = minimum_contribution_years((target - 1) // 12, query=query)
    most, future, claim = _future_months(reached, target, as_of, minimum.months - past, future_contribution_months)
    if most <= 0:  # a flexible retirement age that has already passed
        raise OutOfRangeError("retire_age_passed", given=tuple(retire_at), year=as_of[0], month=as_of[1])
    if future > most:
        raise InvalidInputError("future_exceeds_months_left", allowed=(0, most), given=future)
    claim_year, claim_month = (claim - 1) // 12, (claim - 1) % 12 + 1
    claim_age = divmod(claim - born, 12)
    assumptions = [
        Note.of("index_whole_career", index=index),
        Note.of("future_months", future=future, year=as_of[0], month=as_of[1], past=past, balance=balance),
        Note.of("scenarios", scenarios=tuple((s.label, s.wage_growth_percent, s.interest_percent) for s in scenarios)),
    ]
    caveats = list(ALWAYS)
    if reached:
        caveats.insert(
            0,
            Note.of(
                "claim_after_statutory_age",
                year=retirement.retire_year,
                month=retirement.retire_month,
                claim_year=claim_year,
                claim_month=claim_month,
                future=future,
            ),
        )
    divisor = _claim_divisor(claim_age, rules, caveats, query)
    basis = [*retirement.basis, minimum.basis, *divisor.basis, rules.basic_pension_basis, rules.base_band_basis]
    if claim != statutory and not reached:
        basis.append(rules.flexible_basis)
        caveats.append(
            Note.of(
                "flexible_retirement",
                age_years=claim_age[0],
                age_months=claim_age[1],
                statutory_years=retirement.age_years,
                statutory_months=retirement.age_months,
            )
        )
    if divisor.caveat:
        caveats.append(divisor.caveat)
    facts = regional.load(region, KEYS, query)
    total_months = past + future
    base = dict(
        region=facts.region,
        retirement=retirement,
        minimum=minimum,
        divisor=divisor,
        average_index=index,
        past_months=past,
        future_months=future,
        reached=reached,
        claim_year=claim_year,
        claim_month=claim_month,
        claim_age=claim_age,
    )
    if total_months < minimum.months:
        short = minimum.months - total_months
        caveats.insert(
            0,
            Note.of("ineligible", total=total_months, minimum=minimum.months, short=short, year=retirement.retire_year),
        )
        return PensionEstimate(
            **base,
            eligible=False,
            shortfall_months=short,
            status=Status.INELIGIBLE,
            scenarios=(),
            assumptions=tuple(assumptions),
            caveats=tuple(caveats),
            basis=tuple(basis),
        )
    need_wage = bool(future) or (estimate_past_balance and balance == 0 and past > 0)
    inputs = _regional_inputs(facts, rules, need_wage, calc_base, calc_base_year, assumptions, caveats, basis)
    account_rate, wage0, calc0 = inputs
    if balance == 0 and past:
        if estimate_past_balance and account_rate is not None and wage0 is not None:
            balance = money(past * wage0[0] * index * account_rate / HUNDRED)
            assumptions.append(
                Note.of(
                    "past_balance_estimated", months=past, average=wage0[0], year=wage0[1], index=index, balance=balance
                )
            )
        else:
            caveats.append(Note.of("balance_zero"))
    if account_rate is None or calc0 is None or (future and wage0 is None):
        return PensionEstimate(
            **base,
            eligible=True,
            shortfall_months=0,
            status=Status.MISSING,
            scenarios=(),
            assumptions=tuple(assumptions),
            caveats=tuple(caveats),
            basis=tuple(basis),
        )
    results = tuple(
        _scenario(
            s,
            (claim_year, claim_month),
            divisor,
            index,
            total_months,
            balance,
            future,
            as_of,
            account_rate,
            wage0,
            calc0,
            rules.accrual_percent,
        )
        for s in scenarios
    )
    status = Status.CAVEAT if any(b.confidence == "C" for b in basis) else Status.OK
    return PensionEstimate(
        **base,
        eligible=True,
        shortfall_months=0,
        status=status,
        scenarios=results,
        assumptions=tuple(dict.fromkeys(assumptions)),
        caveats=tuple(dict.fromkeys(caveats)),
        basis=tuple(dict.fromkeys(basis)),
    )


def _index_of(year: int, month: int) -> int:
    return year * 12 + month


def _flexible(retire_at, retirement, rules) -> int:
    """Months of age at a flexible retirement; OutOfRangeError outside the allowed window."""
    try:
        years, months = retire_at
        wanted = int(years) * 12 + int(months)
    except (TypeError, ValueError):
        raise InvalidInputError("bad_retire_at", given=repr(retire_at)) from None
    statutory = retirement.age_in_months
    earliest = max(retirement.original_age * 12, statutory - rules.flexible_early_months)
    latest = statutory + rules.flexible_late_months
    if not earliest <= wanted <= latest:
        raise OutOfRangeError(
            "retire_age_outside_flexible",
            allowed=(divmod(earliest, 12), divmod(latest, 12)),
            given=divmod(wanted, 12),
            statutory=divmod(statutory, 12),
            source=rules.flexible_basis.source_title,
            year=rules.flexible_basis.year,
        )
    return wanted


def _claim_divisor(claim_age: tuple, rules, caveats: list, query) -> Divisor:
    """The divisor for the age at the claim; past the table's last age, its last row (said so)."""
    last = max(rules.divisors)
    if claim_age[0] >= last and claim_age != (last, 0):
        caveats.append(Note.of("divisor_capped", age=last))
        return account_divisor(last, 0, query=query)
    return account_divisor(claim_age[0], claim_age[1], query=query)


def _regional_inputs(facts, rules, need_wage, calc_base, calc_base_year, assumptions, caveats, basis):
    """(account rate %, (average wage, year), (calc base, year)) — None where unknown.

    need_wage: the average wage is used (future months, or an estimated past balance).
    """
    rate_fact = facts.get("pension_account_rate")
    account_rate = dec(rate_fact.value) if regional.usable(rate_fact) else None
    if rate_fact is not None:
        basis.append(regional.basis_of(rate_fact))
    base_fact = facts.get("pension_base")
    rng = range_of(base_fact)
    wage0 = (average_wage(rng, rules.base_band), regional.year_of(base_fact.year)) if rng is not None else None
    if need_wage and rng is not None:
        basis.append(regional.basis_of(base_fact))
        assumptions.append(Note.of("future_base_from_average", year=str(base_fact.year), average=wage0[0]))
        if base_fact.confidence == "C":
            caveats.append(regional.caveat_of(base_fact))
    elif need_wage:
        caveats.append(regional.caveat_of(base_fact) or Note.of("base_unknown_projection", region=facts.region.name))
    if calc_base is not None:
        if calc_base_year is None:
            raise InvalidInputError("calc_base_year_needed", given=calc_base)
        calc0 = (dec(calc_base), int(calc_base_year))
        assumptions.append(Note.of("calc_base_user", calc_base=calc0[0], year=calc0[1]))
        return account_rate, wage0, calc0
    calc_fact = facts.get("pension_calc_base")
    if not regional.usable(calc_fact):
        caveats.append(
            regional.caveat_of(calc_fact)
            if calc_fact is not None
            else Note.of("calc_base_unknown", region=facts.region.name)
        )
        if calc_fact is not None:
            basis.append(regional.basis_of(calc_fact))
        return account_rate, wage0, None
    basis.append(regional.basis_of(calc_fact))
    calc0 = (dec(calc_fact.value), regional.year_of(calc_fact.year))
    assumptions.append(Note.of("calc_base_from", year=str(calc_fact.year), calc_base=calc0[0]))
    if calc_fact.confidence == "C":
        caveats.append(regional.caveat_of(calc_fact))
    return account_rate, wage0, calc0


def _scenario(
    scenario, claim, divisor, index, total_months, balance, future, as_of, account_rate, wage0, calc0, accrual
) -> ScenarioResult:
    growth = 1 + scenario.wage_growth_percent / HUNDRED
    interest = scenario.interest_percent / HUNDRED
    account = _project_account(balance, future, as_of, claim, index, account_rate / HUNDRED, wage0, growth, interest)
    calc_base = calc0[0] * growth ** (claim[0] - calc0[1])
    years = Decimal(total_months) / 12
    basic = (calc_base + calc_base * index) / 2 * years * accrual / HUNDRED
    from_account = account / divisor.months
    total = money(basic) + money(from_account)
    deflator = growth ** (claim[0] - as_of[0])
    return ScenarioResult(
        scenario, money(calc_base), money(account), money(basic), money(from_account), total, money(total / deflator)
    )


def _project_account(balance, future, as_of, claim, index, account_rate, wage0, growth, interest) -> Decimal:
    """Year by year from as_of to the claim month: interest on the opening balance, then the year's contributions."""
    remaining = future
    year, month = as_of
    while (year, month) < claim:
        last = claim[1] - 1 if year == claim[0] else 12
        span = last - month + 1  # months of this calendar year before the claim
        paid = min(span, remaining)
        remaining -= paid
        wage = wage0[0] * growth ** (year - wage0[1]) if paid else Decimal(0)
        balance = balance + balance * interest * span / 12 + paid * wage * index * account_rate
        year, month = year + 1, 1
    return balance


def _index(value, rules) -> Decimal:
    """The index is the base ÷ the average wage, so it is bounded by the allowed base band (60–300%)."""
    index, (low, high) = dec(value), rules.base_band
    if not low / HUNDRED <= index <= high / HUNDRED:
        raise OutOfRangeError("index_out_of_band", allowed=(low / HUNDRED, high / HUNDRED), given=index)
    return index


def _whole(value, name) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError("not_whole", name=name, given=repr(value))
    return value


def _year_month(value) -> tuple:
    if value is None:
        today = dt.date.today()
        return today.year, today.month
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year, value.month
    try:
        year, month = value
    except (TypeError, ValueError):
        raise InvalidInputError("bad_as_of", given=repr(value)) from None
    if not (isinstance(year, int) and isinstance(month, int) and 1900 <= year <= 2200 and 1 <= month <= 12):
        raise InvalidInputError("bad_as_of", given=repr(value))
    return year, month
