"""The resident (城乡居民) scheme next to the flexible-worker employee scheme.

People often choose between the two on cost alone; the comparison puts the yearly costs side by
side from sourced figures and says plainly that the benefits differ a great deal.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators import regional
from knowledge.calculators.common import (
    HUNDRED,
    InvalidInputError,
    Note,
    OutOfRangeError,
    Status,
    dec,
    money,
    text_note,
)
from knowledge.calculators.contribution import ContributionEstimate, contribution
from knowledge.calculators.rules import load_rules
from knowledge.query import Text

KEYS = ["resident_pension_tiers", "resident_pension_minimum", "resident_medical_personal"]


@dataclass(frozen=True)
class ResidentOptions:
    region: object
    pension_tiers: tuple  # CNY a year
    pension_tiers_year: Optional[str]
    medical_personal: Optional[Decimal]  # CNY a year, "at least"
    medical_year: Optional[str]
    basic_pension_minimum: Optional[Decimal]  # CNY a month, national minimum
    basic_pension_year: Optional[str]
    status: str
    caveats: tuple
    basis: tuple


@dataclass(frozen=True)
class ResidentCost:
    pension_tier: Decimal  # CNY a year
    medical: Optional[Decimal]  # CNY a year
    yearly: Decimal  # pension tier + medical (when known)


@dataclass(frozen=True)
class SchemeComparison:
    flexible: ContributionEstimate
    resident: ResidentOptions
    resident_costs: tuple  # ResidentCost for every tier
    notes: tuple  # Note


@dataclass(frozen=True)
class ResidentScenario:
    scenario_id: str
    label: Text
    interest_percent: Decimal
    account_balance: Decimal
    account_pension: Decimal  # per month
    total: Optional[Decimal]  # per month, with the national minimum basic pension


@dataclass(frozen=True)
class ResidentPensionEstimate:
    region: object
    tier: Decimal
    years: int
    divisor: int
    basic_pension_minimum: Optional[Decimal]
    scenarios: tuple
    status: str
    assumptions: tuple
    caveats: tuple
    basis: tuple
    is_estimate: bool = True


def resident_options(region, query=None) -> ResidentOptions:
    """Resident pension tiers, resident medical personal contribution and the minimum basic pension."""
    facts = regional.load(region, KEYS, query)
    tiers_f, min_f, med_f = (facts.get(k) for k in KEYS)
    usable = {f.key: f for f in (tiers_f, min_f, med_f) if regional.usable(f)}
    caveats = [Note.of("local_tiers")] + [c for c in (regional.caveat_of(f) for f in (tiers_f, min_f, med_f) if f) if c]
    caveats += [text_note(f.note) for f in (min_f, med_f) if f is not None and f.note is not None]
    tiers = tuple(dec(v) for v in usable["resident_pension_tiers"].value) if "resident_pension_tiers" in usable else ()
    return ResidentOptions(
        region=facts.region,
        pension_tiers=tiers,
        pension_tiers_year=tiers_f.year if tiers else None,
        medical_personal=dec(med_f.value) if "resident_medical_personal" in usable else None,
        medical_year=med_f.year if "resident_medical_personal" in usable else None,
        basic_pension_minimum=dec(min_f.value) if "resident_pension_minimum" in usable else None,
        basic_pension_year=min_f.year if "resident_pension_minimum" in usable else None,
        status=Status.worst(regional.status_of(f) for f in (tiers_f, min_f, med_f)),
        caveats=tuple(dict.fromkeys(caveats)),
        basis=tuple(regional.basis_of(f) for f in (tiers_f, min_f, med_f) if f is not None),
    )


def compare_schemes(region, base="lowest", *, query=None, **contribution_options) -> SchemeComparison:
    """Yearly cost as a flexible worker (employee scheme) next to every resident-scheme tier."""
    flexible = contribution(region, base, query=query, **contribution_options)
    resident = resident_options(region, query)
    med = resident.medical_personal
    costs = tuple(ResidentCost(t, med, money(t + (med or 0))) for t in resident.pension_tiers)
    notes = [Note.of("benefits_differ")]
    if med is None:
        notes.append(Note.of("resident_medical_unknown"))
    else:
        notes.append(Note.of("resident_medical_counted", year=resident.medical_year, amount=med))
    return SchemeComparison(flexible, resident, costs, tuple(notes))


def estimate_resident_pension(region, tier, years: int, *, query=None, scenarios=None) -> ResidentPensionEstimate:
    """Monthly resident pension from `years` yearly payments of `tier`: minimum basic pension + account ÷ 139."""
    rules = load_rules(query)
    scenarios = tuple(scenarios) if scenarios is not None else rules.scenarios
    options = resident_options(region, query)
    tier = dec(tier)
    if options.pension_tiers and tier not in options.pension_tiers:
        raise OutOfRangeError(
            "resident_tier_unknown", allowed=options.pension_tiers, year=options.pension_tiers_year, given=tier
        )
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 60:
        raise InvalidInputError("resident_years_invalid", allowed=(1, 60), given=repr(years))
    basic = options.basic_pension_minimum
    results = []
    for s in scenarios:
        rate = s.interest_percent / HUNDRED
        balance = Decimal(0)
        for _ in range(years):  # paid at the end of each year, then interest on the balance
            balance = balance * (1 + rate) + tier
        account = balance / rules.resident_divisor
        total = money(basic) + money(account) if basic is not None else None
        results.append(ResidentScenario(s.id, s.label, s.interest_percent, money(balance), money(account), total))
    caveats = list(options.caveats) + [Note.of("resident_top_ups_excluded"), Note.of("resident_conditions_unverified")]
    if basic is None:
        caveats.append(Note.of("resident_basic_unknown"))
    assumptions = (
        Note.of("resident_paid", tier=tier, years=years, divisor=rules.resident_divisor),
        Note.of("resident_basic", year=options.basic_pension_year, amount=basic)
        if basic is not None
        else Note.of("resident_basic_unknown"),
    )
    return ResidentPensionEstimate(
        region=options.region,
        tier=tier,
        years=years,
        divisor=rules.resident_divisor,
        basic_pension_minimum=basic,
        scenarios=tuple(results),
        status=Status.MISSING if basic is None else Status.worst([options.status]),
        assumptions=assumptions,
        caveats=tuple(dict.fromkeys(caveats)),
        basis=options.basis + (rules.resident_divisor_basis,),
    )
