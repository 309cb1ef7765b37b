"""What a flexible worker pays each month and year, per insurance and in total.

Bases are checked against the region's published range and never clamped: a base outside it is
an OutOfRangeError that names the allowed range and its year. A figure the knowledge base does
not hold, or holds only as conflicting sources, leaves that line without an amount and says why.
"""
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators import regional
from knowledge.calculators.bases import BaseChoice, parse_base, range_of, resolve_base, yuan_plain
from knowledge.calculators.common import (
    ESTIMATE_LABEL, HUNDRED, InvalidInputError, OutOfRangeError, Status, dec, money, plain, yuan,
)
from knowledge.calculators.rules import load_rules
from knowledge.query import Text

KEYS = ["pension_base", "pension_grades", "pension_rate", "pension_account_rate", "medical_rate",
        "medical_base", "medical_base_amount", "medical_base_rule", "medical_fixed", "unemployment_rate",
        "unemployment"]
INSURANCES = ("pension", "medical", "unemployment")
LABELS = {
    "pension": Text("基本养老保险", "Basic pension insurance"),
    "medical": Text("职工基本医疗保险", "Employee medical insurance"),
    "unemployment": Text("失业保险", "Unemployment insurance"),
}


@dataclass(frozen=True)
class ContributionLine:
    insurance: str                   # pension | medical | unemployment
    label: Text
    status: str                      # see common.Status
    base: Optional[Decimal]
    rate: Optional[Decimal]          # percent of the base, None for fixed amounts
    fixed: bool                      # True: a fixed amount set by the region, not rate × base
    per: str                         # how the region charges it: month | year
    monthly: Optional[Decimal]       # for yearly fixed amounts: the monthly equivalent
    yearly: Optional[Decimal]
    personal_account_monthly: Optional[Decimal] = None  # pension only: the 8% share
    pooled_monthly: Optional[Decimal] = None            # pension only: the rest (12%)
    options: tuple = ()              # fixed amounts: every tier the region offers
    note: Optional[Text] = None
    basis: tuple = ()

    @property
    def has_amount(self) -> bool:
        return self.monthly is not None


@dataclass(frozen=True)
class ContributionEstimate:
    region: object                   # knowledge.query.Region
    base_choice: BaseChoice
    base: Optional[Decimal]          # the pension (and default) base in CNY/month
    base_year: Optional[str]
    base_range: Optional[tuple]      # (min, max) of the pension base for base_year
    lines: tuple
    total_monthly: Decimal           # lines with an amount only
    total_yearly: Decimal
    complete: bool                   # False when a requested line has no amount (see its note)
    status: str
    assumptions: tuple               # Text, each a stated assumption
    caveats: tuple                   # Text
    basis: tuple                     # Basis of every figure used
    label: Text = ESTIMATE_LABEL
    is_estimate: bool = True

    def line(self, insurance: str) -> Optional[ContributionLine]:
        return next((line for line in self.lines if line.insurance == insurance), None)


def contribution(region, base="lowest", *, include=INSURANCES, medical_tier: int = 1, base_year=None,
                 query=None) -> ContributionEstimate:
    """Monthly and yearly contributions of a flexible worker in region for the chosen base.

    base: an amount, 'lowest', 'highest', a percentage of the average wage ('60%') or a grade
    ('grade 3'). medical_tier picks among fixed medical amounts (Chongqing's two tiers).
    base_year picks the base range of an earlier year when several are known (default: newest).
    """
    choice = parse_base(base)
    unknown = [i for i in include if i not in INSURANCES]
    if unknown or not include:
        raise InvalidInputError(Text(f"险种无法识别：{unknown}", f"unknown insurance types: {unknown}"))
    facts = regional.load(region, KEYS, query)
    assumptions, caveats = [], []
    base, base_status, base_rng, base_basis = _pension_base(facts, choice, base_year, assumptions, caveats)
    builders = {"pension": _pension_line, "medical": _medical_line, "unemployment": _unemployment_line}
    lines = tuple(builders[i](facts, choice, base, base_status, base_basis, base_year, medical_tier, assumptions)
                  for i in INSURANCES if i in include)
    for line in lines:
        if line.note and line.status not in (Status.OK,):
            caveats.append(line.note)
    priced = [line for line in lines if line.has_amount]
    complete = all(line.has_amount or line.status == Status.NOT_INCLUDED for line in lines)
    if not complete:
        caveats.append(Text("合计只包括已列出金额的险种，不是全部应缴金额。",
                            "The total covers only the lines with an amount; it is not everything you would pay."))
    basis = tuple(dict.fromkeys(b for line in lines for b in line.basis))
    return ContributionEstimate(
        region=facts.region, base_choice=choice, base=base,
        base_year=base_rng.year if base_rng else None,
        base_range=(base_rng.min, base_rng.max) if base_rng else None, lines=lines,
        total_monthly=money(sum((line.monthly for line in priced), Decimal(0))),
        total_yearly=money(sum((line.yearly for line in priced), Decimal(0))),
        complete=complete, status=Status.worst(line.status for line in lines if line.status != Status.NOT_INCLUDED),
        assumptions=tuple(dict.fromkeys(assumptions)), caveats=tuple(dict.fromkeys(caveats)), basis=basis)


def _pension_base(facts, choice, base_year, assumptions, caveats):
    """(base, status, range, basis) for the pension base; raises OutOfRangeError for bad choices."""
    fact = facts.get("pension_base", base_year)
    if fact is None and base_year is not None and facts.get("pension_base") is not None:
        known = "、".join(facts.years("pension_base"))
        raise InvalidInputError(Text(f"本库没有{facts.region.name_zh}{base_year}年度的缴费基数（已有：{known}）。",
                                     f"No {base_year} base range for {facts.region.name_en} (known: {known})."))
    rng = range_of(fact)
    if rng is None:
        status = regional.status_of(fact)
        caveat = regional.caveat_of(fact) or Text(
            f"{facts.region.name_zh}的养老保险缴费基数上下限本库尚未收录，无法核对基数是否在允许范围内。",
            f"The pension base range of {facts.region.name_en} is not in the knowledge base, so the base cannot be checked.")
        caveats.append(caveat)
        basis = (regional.basis_of(fact),) if fact is not None else ()
        if choice.kind == "amount" and status != Status.CONFLICT:
            assumptions.append(Text(f"按您填写的基数{plain(choice.value)}元计算，未能核对是否在当地允许范围内。",
                                    f"Uses the base you gave (CNY {plain(choice.value)}); it could not be checked against the local range."))
            return choice.value, Status.CAVEAT, None, basis
        return None, Status.CONFLICT if status == Status.CONFLICT else Status.MISSING, None, basis
    grades_fact = facts.get("pension_grades", regional.year_of(rng.year))
    grades = [dec(g) for g in grades_fact.value] if grades_fact is not None and grades_fact.value else []
    base = resolve_base(choice, rng, facts.region, Text("养老保险", "pension"), grades, assumptions)
    period = getattr(rng.fact, "period", None)
    if period is not None:
        assumptions.insert(0, Text(f"缴费基数上下限（{rng.year}年度）：{period.zh}。", f"Base range ({rng.year}): {period.en}."))
    basis = (regional.basis_of(rng.fact),) + ((regional.basis_of(grades_fact),) if grades else ())
    if choice.kind == "percent":
        basis += (load_rules().base_band_basis,)
    status = regional.status_of(rng.fact)
    if status == Status.CAVEAT:
        caveats.append(regional.caveat_of(rng.fact))
    return base, status, rng, basis


# ---------------------------------------------------------------- the lines

def _rate(facts, key):
    fact = facts.get(key)
    if fact is None or regional.status_of(fact) not in (Status.OK, Status.CAVEAT):
        return None, fact
    return dec(fact.value), fact


def _pension_line(facts, choice, base, base_status, base_basis, base_year, tier, assumptions) -> ContributionLine:
    rate, rate_fact = _rate(facts, "pension_rate")
    account_rate, account_fact = _rate(facts, "pension_account_rate")
    basis = base_basis + tuple(regional.basis_of(f) for f in (rate_fact, account_fact) if f is not None)
    status = Status.worst([base_status, regional.status_of(rate_fact), regional.status_of(account_fact)])
    label = LABELS["pension"]
    if base is None or rate is None or account_rate is None:
        note = (regional.caveat_of(rate_fact) if rate is None else None) or \
            (regional.caveat_of(account_fact) if account_rate is None else None)
        return ContributionLine("pension", label, status if status != Status.OK else Status.MISSING, base, rate,
                                False, "month", None, None, note=note, basis=basis)
    monthly = money(base * rate / HUNDRED)
    account = money(base * account_rate / HUNDRED)
    assumptions.append(Text(f"养老保险按{plain(rate)}%缴纳，其中{plain(account_rate)}%记入个人账户，其余进入统筹基金。",
                            f"Pension at {plain(rate)}% of the base, of which {plain(account_rate)}% goes to the "
                            "personal account and the rest to the pooled fund."))
    return ContributionLine("pension", label, status, base, rate, False, "month", monthly, money(monthly * 12),
                            personal_account_monthly=account, pooled_monthly=monthly - account,
                            note=regional.caveat_of(rate_fact) or regional.caveat_of(account_fact), basis=basis)


def _medical_line(facts, choice, base, base_status, base_basis, base_year, tier, assumptions) -> ContributionLine:
    label = LABELS["medical"]
    fixed, rate_fact = facts.get("medical_fixed"), facts.get("medical_rate")
    usable = [f for f in (fixed, rate_fact) if f is not None and not (f.region_id == regional.NATIONAL and f.value is None)]
    if not usable:
        fact = rate_fact or fixed
        note = regional.caveat_of(fact) or Text(
            f"{facts.region.name_zh}灵活就业人员职工医保的费率本库尚未收录（全国无统一费率）。",
            f"The employee medical rate for flexible workers in {facts.region.name_en} is not in the knowledge base (there is no national rate).")
        return ContributionLine("medical", label, Status.MISSING, None, None, False, "month", None, None, note=note,
                                basis=(regional.basis_of(fact),) if fact is not None else ())
    chosen = min(usable, key=lambda f: (facts.rank(f), 0 if f.key == "medical_fixed" else 1))
    if chosen.key == "medical_fixed":
        return _medical_fixed(chosen, tier, label)
    return _medical_rate(facts, chosen, choice, base, base_status, base_basis, base_year, assumptions, label)


def _medical_fixed(fact, tier, label) -> ContributionLine:
    status, basis = regional.status_of(fact), (regional.basis_of(fact),)
    if status not in (Status.OK, Status.CAVEAT):
        return ContributionLine("medical", label, status, None, None, True, fact.per or "month", None, None,
                                note=regional.caveat_of(fact), basis=basis)
    options = tuple(dec(v) for v in fact.value)
    if isinstance(tier, bool) or not isinstance(tier, int) or not 1 <= tier <= len(options):
        raise OutOfRangeError(Text(f"医保定额只有第1至第{len(options)}档（{'、'.join(yuan(o) for o in options)}元），没有第{tier}档。",
                                   f"The fixed medical amounts have tiers 1 to {len(options)} "
                                   f"({', '.join(yuan(o) for o in options)} CNY); there is no tier {tier}."),
                              allowed=(1, len(options)), given=tier)
    amount = options[tier - 1]
    per = fact.per or "month"
    if per == "year":
        monthly, yearly = money(amount / 12), money(amount)
        note = Text(f"医保按年定额缴纳{yuan(amount)}元（第{tier}档）；每月金额只是折算，便于比较。",
                    f"Medical insurance is a fixed CNY {yuan(amount)} a year (tier {tier}); the monthly figure is only "
                    "the equivalent, for comparison.")
    else:
        monthly, yearly = money(amount), money(amount * 12)
        note = Text(f"医保按月定额缴纳{yuan(amount)}元，与缴费基数无关。",
                    f"Medical insurance is a fixed CNY {yuan(amount)} a month, whatever the base.")
    caveat = regional.caveat_of(fact)
    if caveat:
        note = Text(note.zh + caveat.zh, f"{note.en} {caveat.en}")
    return ContributionLine("medical", label, status, None, None, True, per, monthly, yearly, options=options,
                            note=note, basis=basis)


def _medical_rate(facts, rate_fact, choice, base, base_status, base_basis, base_year, assumptions, label):
    """rate × base, where the base is the region's own medical base if it has one, else the pension base."""
    basis = (regional.basis_of(rate_fact),)
    rate_status = regional.status_of(rate_fact)
    if rate_status not in (Status.OK, Status.CAVEAT):
        return ContributionLine("medical", label, rate_status, None, None, False, "month", None, None,
                                note=regional.caveat_of(rate_fact), basis=basis)
    rate = dec(rate_fact.value)
    own = [f for f in (facts.get("medical_base", base_year) or facts.get("medical_base"),
                       facts.get("medical_base_amount"), facts.get("medical_base_rule")) if f is not None]
    if own:
        base_fact = min(own, key=facts.rank)  # the most specific; ties keep this order
        if base_fact.key == "medical_base_amount":
            return _medical_set_base(facts, base_fact, rate_fact, rate, basis, label)
        return _medical_own_base(facts, base_fact, rate_fact, rate, choice, base, basis, assumptions, label)
    status = Status.worst([base_status, rate_status])
    note = regional.caveat_of(rate_fact)
    if base is None:
        return ContributionLine("medical", label, Status.MISSING if status == Status.OK else status, None, rate,
                                False, "month", None, None, note=note, basis=base_basis + basis)
    assumptions.append(Text("职工医保按与养老保险相同的缴费基数计算（本库未收录该地区单独的医保基数）。",
                            "Medical insurance uses the same base as the pension (no separate medical base is recorded for this region)."))
    monthly = money(base * rate / HUNDRED)
    return ContributionLine("medical", label, status, base, rate, False, "month", monthly, money(monthly * 12),
                            note=note, basis=base_basis + basis)


def _medical_set_base(facts, base_fact, rate_fact, rate, basis, label):
    """The region sets one medical base for everyone (e.g. a share of the average wage)."""
    basis = basis + (regional.basis_of(base_fact),)
    status = Status.worst([regional.status_of(base_fact), regional.status_of(rate_fact)])
    if status not in (Status.OK, Status.CAVEAT):
        return ContributionLine("medical", label, status, None, rate, False, "month", None, None,
                                note=regional.caveat_of(base_fact), basis=basis)
    med_base = dec(base_fact.value)
    monthly = money(med_base * rate / HUNDRED)
    note = Text(f"医保缴费基数由当地统一规定为{yuan_plain(med_base)}元/月，与所选养老基数无关。",
                f"The medical base is set locally at CNY {yuan_plain(med_base)} a month, whatever pension base you choose.")
    caveat = regional.caveat_of(rate_fact) or regional.caveat_of(base_fact)
    if caveat:
        note = Text(note.zh + caveat.zh, f"{note.en} {caveat.en}")
    return ContributionLine("medical", label, status, med_base, rate, False, "month", monthly, money(monthly * 12),
                            note=note, basis=basis)


def _medical_own_base(facts, base_fact, rate_fact, rate, choice, pension_base, basis, assumptions, label):
    """The region publishes its own medical base: resolve the same choice against it."""
    basis = basis + (regional.basis_of(base_fact),)
    rng = range_of(base_fact)
    status = Status.worst([regional.status_of(base_fact), regional.status_of(rate_fact)])
    if rng is None:
        note = regional.caveat_of(base_fact)
        if note is None:  # a rule stated in words, without amounts
            rule = base_fact.value if isinstance(base_fact.value, dict) and "zh" in base_fact.value else None
            note = Text(f"本库只有{facts.region.name_zh}医保缴费基数的规则" + (f"（{rule['zh']}）" if rule else "")
                        + f"，没有具体金额，无法计算；费率为{plain(rate)}%。",
                        f"Only the rule for {facts.region.name_en}'s medical base is recorded"
                        + (f" ({rule['en']})" if rule else "") + f", not the amounts, so it cannot be calculated; the rate is {plain(rate)}%.")
        return ContributionLine("medical", label, Status.CONFLICT if status == Status.CONFLICT else Status.MISSING,
                                None, rate, False, "month", None, None, note=note, basis=basis)
    if choice.kind == "grade":  # a pension grade is an amount as far as the medical range is concerned
        if pension_base is None:
            return ContributionLine("medical", label, Status.MISSING, None, rate, False, "month", None, None,
                                    note=Text("无法确定所选档次对应的金额。", "The amount of the chosen grade is unknown."),
                                    basis=basis)
        choice = BaseChoice("amount", pension_base)
    try:
        med_base = resolve_base(choice, rng, facts.region, Text("职工医保", "medical insurance"), (), assumptions)
    except OutOfRangeError as exc:
        return ContributionLine("medical", label, Status.INVALID, None, rate, False, "month", None, None,
                                note=exc.message, basis=basis)
    monthly = money(med_base * rate / HUNDRED)
    note = regional.caveat_of(rate_fact) or regional.caveat_of(base_fact)
    return ContributionLine("medical", label, status, med_base, rate, False, "month", monthly, money(monthly * 12),
                            note=note, basis=basis)


def _unemployment_line(facts, choice, base, base_status, base_basis, base_year, tier, assumptions) -> ContributionLine:
    label = LABELS["unemployment"]
    rate, rate_fact = _rate(facts, "unemployment_rate")
    if rate is None:
        text_fact = facts.get("unemployment")
        note = None
        if text_fact is not None and isinstance(text_fact.value, dict) and text_fact.value.get("zh"):
            note = Text(text_fact.value["zh"], text_fact.value["en"])
        note = note or regional.caveat_of(rate_fact) or Text(
            f"本库没有{facts.region.name_zh}灵活就业人员的失业保险费率，未计入。",
            f"No unemployment rate for flexible workers in {facts.region.name_en} is recorded; not included.")
        basis = tuple(regional.basis_of(f) for f in (text_fact, rate_fact) if f is not None)
        return ContributionLine("unemployment", label, Status.NOT_INCLUDED, None, None, False, "month", None, None,
                                note=note, basis=basis)
    basis = base_basis + (regional.basis_of(rate_fact),)
    status = Status.worst([base_status, regional.status_of(rate_fact)])
    if base is None:
        return ContributionLine("unemployment", label, Status.MISSING if status == Status.OK else status, None, rate,
                                False, "month", None, None, basis=basis)
    assumptions.append(Text("失业保险按与养老保险相同的缴费基数计算。", "Unemployment insurance uses the same base as the pension."))
    monthly = money(base * rate / HUNDRED)
    return ContributionLine("unemployment", label, status, base, rate, False, "month", monthly, money(monthly * 12),
                            note=regional.caveat_of(rate_fact), basis=basis)
