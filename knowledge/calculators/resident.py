"""The resident (城乡居民) scheme next to the flexible-worker employee scheme.

People often choose between the two on cost alone; the comparison puts the yearly costs side by
side from sourced figures and says plainly that the benefits differ a great deal.
"""
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators import regional
from knowledge.calculators.common import (
    ESTIMATE_LABEL, HUNDRED, InvalidInputError, OutOfRangeError, Status, dec, money, plain, yuan,
)
from knowledge.calculators.contribution import ContributionEstimate, contribution
from knowledge.calculators.rules import load_rules
from knowledge.query import Text

KEYS = ["resident_pension_tiers", "resident_pension_minimum", "resident_medical_personal"]
BENEFITS_DIFFER = Text(
    "两种制度待遇差别很大：职工养老金与缴费基数和年限挂钩，居民养老金主要由基础养老金和个人账户组成，通常低得多；"
    "职工医保与居民医保的报销待遇也不同。不要只比较缴费。",
    "The benefits differ a great deal: the employee pension grows with the base and the years paid, while the "
    "resident pension is mainly a basic pension plus the account and is usually far lower; employee and resident "
    "medical insurance also reimburse differently. Do not compare on cost alone.")
LOCAL_TIERS = Text("省级政府可增设居民养老缴费档次，地方居民医保个人缴费标准也可能高于全国最低标准，以当地通知为准。",
                   "Provinces may add resident pension tiers and local resident medical contributions may be above the "
                   "national minimum; the local notice prevails.")


@dataclass(frozen=True)
class ResidentOptions:
    region: object
    pension_tiers: tuple           # CNY a year
    pension_tiers_year: Optional[str]
    medical_personal: Optional[Decimal]   # CNY a year, "at least"
    medical_year: Optional[str]
    basic_pension_minimum: Optional[Decimal]  # CNY a month, national minimum
    basic_pension_year: Optional[str]
    status: str
    caveats: tuple
    basis: tuple
    label: Text = ESTIMATE_LABEL


@dataclass(frozen=True)
class ResidentCost:
    pension_tier: Decimal          # CNY a year
    medical: Optional[Decimal]     # CNY a year
    yearly: Decimal                # pension tier + medical (when known)


@dataclass(frozen=True)
class SchemeComparison:
    flexible: ContributionEstimate
    resident: ResidentOptions
    resident_costs: tuple          # ResidentCost for every tier
    notes: tuple
    label: Text = ESTIMATE_LABEL


@dataclass(frozen=True)
class ResidentScenario:
    scenario_id: str
    label: Text
    interest_percent: Decimal
    account_balance: Decimal
    account_pension: Decimal       # per month
    total: Optional[Decimal]       # per month, with the national minimum basic pension


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
    label: Text = ESTIMATE_LABEL
    is_estimate: bool = True


def resident_options(region, query=None) -> ResidentOptions:
    """Resident pension tiers, resident medical personal contribution and the minimum basic pension."""
    facts = regional.load(region, KEYS, query)
    tiers_f, min_f, med_f = (facts.get(k) for k in KEYS)
    usable = {f.key: f for f in (tiers_f, min_f, med_f) if regional.status_of(f) in (Status.OK, Status.CAVEAT)}
    caveats = [LOCAL_TIERS] + [c for c in (regional.caveat_of(f) for f in (tiers_f, min_f, med_f) if f) if c]
    if min_f is not None and min_f.note_zh:
        caveats.append(Text(min_f.note_zh, min_f.note_en))
    if med_f is not None and med_f.note_zh:
        caveats.append(Text(med_f.note_zh, med_f.note_en))
    tiers = tuple(dec(v) for v in usable["resident_pension_tiers"].value) if "resident_pension_tiers" in usable else ()
    return ResidentOptions(
        region=facts.region, pension_tiers=tiers,
        pension_tiers_year=tiers_f.year if tiers else None,
        medical_personal=dec(med_f.value) if "resident_medical_personal" in usable else None,
        medical_year=med_f.year if "resident_medical_personal" in usable else None,
        basic_pension_minimum=dec(min_f.value) if "resident_pension_minimum" in usable else None,
        basic_pension_year=min_f.year if "resident_pension_minimum" in usable else None,
        status=Status.worst(regional.status_of(f) for f in (tiers_f, min_f, med_f)),
        caveats=tuple(dict.fromkeys(caveats)),
        basis=tuple(regional.basis_of(f) for f in (tiers_f, min_f, med_f) if f is not None))


def compare_schemes(region, base="lowest", *, query=None, **contribution_options) -> SchemeComparison:
    """Yearly cost as a flexible worker (employee scheme) next to every resident-scheme tier."""
    flexible = contribution(region, base, query=query, **contribution_options)
    resident = resident_options(region, query)
    med = resident.medical_personal
    costs = tuple(ResidentCost(t, med, money(t + (med or 0))) for t in resident.pension_tiers)
    notes = [BENEFITS_DIFFER]
    if med is None:
        notes.append(Text("本库没有居民医保个人缴费标准，居民制度的合计只含养老部分。",
                          "No resident medical contribution is recorded, so resident totals cover the pension only."))
    else:
        notes.append(Text(f"居民医保按{resident.medical_year}年全国个人缴费标准（不低于{yuan(med)}元/年）计入。",
                          f"Resident medical insurance is counted at the {resident.medical_year} national personal "
                          f"contribution (at least CNY {yuan(med)} a year)."))
    return SchemeComparison(flexible, resident, costs, tuple(notes))


def estimate_resident_pension(region, tier, years: int, *, query=None, scenarios=None) -> ResidentPensionEstimate:
    """Monthly resident pension from `years` yearly payments of `tier`: minimum basic pension + account ÷ 139."""
    rules = load_rules()
    scenarios = tuple(scenarios) if scenarios is not None else rules.scenarios
    options = resident_options(region, query)
    tier = dec(tier)
    if options.pension_tiers and tier not in options.pension_tiers:
        listed = "、".join(plain(t) for t in options.pension_tiers)
        raise OutOfRangeError(Text(f"城乡居民养老保险的全国缴费档次为每年{listed}元（{options.pension_tiers_year}），{plain(tier)}元不在其中；省里增设的档次请以当地通知为准。",
                                   f"The national resident pension tiers are {listed} CNY a year ({options.pension_tiers_year}); "
                                   f"{plain(tier)} is not one of them. Provincial extra tiers: see the local notice."),
                              allowed=options.pension_tiers, given=tier)
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 60:
        raise InvalidInputError(Text(f"缴费年数须为1–60的整数：{years!r}", f"years must be a whole number 1–60: {years!r}"))
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
    caveats = list(options.caveats) + [
        Text("未计入地方政府的缴费补贴（最低档不低于30元/年，500元及以上档不低于60元/年），实际个人账户会更多。",
             "Local government top-ups to the account (at least CNY 30 a year for the lowest tier, 60 for tiers of 500 "
             "and above) are not included, so the real account is larger."),
        Text("领取条件（年满60周岁、累计缴费15年等）本库尚未核实原文，请向当地经办机构确认。",
             "The conditions for drawing it (age 60, 15 years of contributions, etc.) are not verified against the "
             "original text here; please confirm with the local office."),
    ]
    if basic is None:
        caveats.append(Text("本库没有基础养老金标准，合计无法给出。", "No basic pension figure is recorded, so no total is given."))
    assumptions = (
        Text(f"每年缴费{plain(tier)}元，共{years}年，年末记账；个人账户养老金=账户余额÷{rules.resident_divisor}。",
             f"CNY {plain(tier)} paid each year for {years} years, credited at year end; account pension = balance ÷ {rules.resident_divisor}."),
        Text(f"基础养老金按{options.basic_pension_year}年全国最低标准{plain(basic)}元/月计，地方标准通常更高。" if basic is not None
             else "基础养老金未知。",
             f"Basic pension at the {options.basic_pension_year} national minimum of CNY {plain(basic)} a month; local "
             "figures are usually higher." if basic is not None else "Basic pension unknown."),
    )
    return ResidentPensionEstimate(
        region=options.region, tier=tier, years=years, divisor=rules.resident_divisor, basic_pension_minimum=basic,
        scenarios=tuple(results), status=Status.MISSING if basic is None else Status.worst([options.status]),
        assumptions=assumptions, caveats=tuple(dict.fromkeys(caveats)),
        basis=options.basis + (rules.resident_divisor_basis,))
