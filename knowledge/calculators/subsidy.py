"""The contribution subsidy for flexible workers who qualify, and what they still pay each month.

The national rule (pension_rules.yml) caps the subsidy at a share of what is actually paid (2/3)
for a limited time (3 years; to retirement for people with employment difficulties who have fewer
than 5 years left; 2 years for graduates). The amounts are set locally: where the region publishes
them (regions.yml: subsidy_pension, subsidy_medical, subsidy_unemployment) the subsidy is that
amount, never more than the cap; elsewhere only the cap is known, so the net cost is a floor.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators import regional
from knowledge.calculators.common import InvalidInputError, Note, Status, dec, money, text_note
from knowledge.calculators.contribution import INSURANCES, contribution
from knowledge.calculators.rules import load_rules

GROUPS = ("hardship", "graduate")
AMOUNT_KEYS = {"pension": "subsidy_pension", "medical": "subsidy_medical", "unemployment": "subsidy_unemployment"}


@dataclass(frozen=True)
class SubsidyLine:
    insurance: str
    contribution: Decimal  # what the person pays a month at the chosen base
    cap: Decimal  # the most the rule allows: contribution × share
    subsidy: Optional[Decimal]  # the local amount (never above the cap); None when not published
    subsidy_year: Optional[str]
    net: Decimal  # contribution − subsidy, or − cap (the lowest possible) when unknown
    status: str


@dataclass(frozen=True)
class SubsidyEstimate:
    region: object
    group: str  # hardship | graduate
    share_cap: tuple  # (2, 3)
    max_years: int
    duration_months: int  # how long the subsidy can run for this person
    to_retirement: bool  # True: fewer than near_retirement_years left, runs to retirement
    months_to_retirement: Optional[int]
    near_retirement_years: int
    left_school_within_years: Optional[int]
    base_year: Optional[str]
    lines: tuple  # SubsidyLine per insurance with an amount
    total_contribution: Decimal
    total_subsidy: Optional[Decimal]  # None unless every line has a local amount
    total_net: Decimal
    amounts_published: bool
    notes: tuple  # Note: caveats and assumptions
    basis: tuple


def contribution_subsidy(
    region, group: str, *, months_to_retirement: int = None, base="lowest", include=INSURANCES, query=None
) -> SubsidyEstimate:
    """The subsidy a flexible worker of group could get in region, and the net monthly cost."""
    if group not in GROUPS:
        raise InvalidInputError("unknown_group", allowed=GROUPS, given=group)
    rules = load_rules(query)
    rule = rules.subsidies[group]
    share = Decimal(rule.share_cap[0]) / Decimal(rule.share_cap[1])
    estimate = contribution(region, base, include=include, query=query)
    facts = regional.load(estimate.region.id, list(AMOUNT_KEYS.values()), query)
    notes, basis = [], [rule.basis]
    if rule.caveat:
        notes.append(text_note(rule.caveat))
    lines = []
    for line in estimate.lines:
        if not line.has_amount:
            continue
        fact = facts.get(AMOUNT_KEYS[line.insurance])
        cap = money(line.monthly * share)
        amount = dec(fact.value) if regional.usable(fact) else None
        if fact is not None:
            basis.append(regional.basis_of(fact))
            if regional.caveat_of(fact):
                notes.append(regional.caveat_of(fact))
        subsidy = min(money(amount), cap) if amount is not None else None
        lines.append(
            SubsidyLine(
                line.insurance,
                line.monthly,
                cap,
                subsidy,
                fact.year if amount is not None else None,
                line.monthly - (subsidy if subsidy is not None else cap),
                regional.status_of(fact) if amount is not None else Status.MISSING,
            )
        )
    published = bool(lines) and all(line.subsidy is not None for line in lines)
    years = {line.subsidy_year for line in lines if line.subsidy_year}
    if (
        published
        and estimate.base_year
        and any(regional.year_of(y) != regional.year_of(estimate.base_year) for y in years)
    ):
        notes.append(Note.of("subsidy_year_differs", subsidy_year=sorted(years)[0], base_year=estimate.base_year))
    if not published:
        notes.append(Note.of("subsidy_amount_local", region=estimate.region.name))
    duration, to_retirement = rule.max_years * 12, False
    if group == "hardship":
        basis.append(rules.near_retirement_basis)
        if rules.near_retirement_caveat:
            notes.append(text_note(rules.near_retirement_caveat))
        if months_to_retirement is not None and 0 < months_to_retirement < rules.near_retirement_years * 12:
            duration, to_retirement = months_to_retirement, True
    return SubsidyEstimate(
        region=estimate.region,
        group=group,
        share_cap=rule.share_cap,
        max_years=rule.max_years,
        duration_months=duration,
        to_retirement=to_retirement,
        months_to_retirement=months_to_retirement,
        near_retirement_years=rules.near_retirement_years,
        left_school_within_years=rule.left_school_within_years,
        base_year=estimate.base_year,
        lines=tuple(lines),
        total_contribution=money(sum((line.contribution for line in lines), Decimal(0))),
        total_subsidy=money(sum(line.subsidy for line in lines)) if published else None,
        total_net=money(sum((line.net for line in lines), Decimal(0))),
        amounts_published=published,
        notes=tuple(dict.fromkeys(n for n in list(estimate.caveats) + notes if n)),
        basis=tuple(dict.fromkeys(basis + list(estimate.basis))),
    )
