"""What a flexible worker pays each month and year, per insurance and in total.

Bases are checked against the region's published range and never clamped: a base outside it is
an OutOfRangeError that names the allowed range and its year. A figure the knowledge base does
not hold, or holds only as conflicting sources, leaves that line without an amount and a Note
saying why.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from knowledge.calculators import regional
from knowledge.calculators.bases import BaseChoice, parse_base, range_of, resolve_base
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
from knowledge.calculators.rules import load_rules
from knowledge.query import Text

KEYS = [
    "pension_base",
    "pension_grades",
    "pension_rate",
    "pension_account_rate",
    "medical_rate",
    "medical_base",
    "medical_base_amount",
    "medical_base_rule",
    "medical_fixed",
    "unemployment_rate",
    "unemployment",
]
INSURANCES = ("pension", "medical", "unemployment")


@dataclass(frozen=True)
class ContributionLine:
    insurance: str  # pension | medical | unemployment
    status: str  # see common.Status
    base: Optional[Decimal]
    rate: Optional[Decimal]  # percent of the base, None for fixed amounts
    fixed: bool  # True: a fixed amount set by the region, not rate × base
    per: str  # how the region charges it: month | year
    monthly: Optional[Decimal]  # for yearly fixed amounts: the monthly equivalent
    yearly: Optional[Decimal]
    personal_account_monthly: Optional[Decimal] = None  # pension only: the 8% share
    pooled_monthly: Optional[Decimal] = None  # pension only: the rest (12%)
    account_rate: Optional[Decimal] = None  # pension only: the personal-account percent
    options: tuple = ()  # fixed amounts: every tier the region offers
    tier: Optional[int] = None  # fixed amounts: the tier used (1-based)
    note: Optional[Note] = None
    basis: tuple = ()

    @property
    def has_amount(self) -> bool:
        return self.monthly is not None


@dataclass(frozen=True)
class ContributionEstimate:
    region: object  # knowledge.query.Region
    base_choice: BaseChoice
    base: Optional[Decimal]  # the pension (and default) base in CNY/month
    base_year: Optional[str]
    base_range: Optional[tuple]  # (min, max) of the pension base for base_year
    base_period: Optional[object]  # Text: the period the base range applies to, when stated
    lines: tuple
    total_monthly: Decimal  # lines with an amount only
    total_yearly: Decimal
    complete: bool  # False when a requested line has no amount (see its note)
    status: str
    assumptions: tuple  # Note
    caveats: tuple  # Note
    basis: tuple  # Basis of every figure used
    is_estimate: bool = True

    def line(self, insurance: str) -> Optional[ContributionLine]:
        return next((line for line in self.lines if line.insurance == insurance), None)


class _Ctx:
    """What every line needs: the facts, the choice, the pension base and the notes collected."""

    def __init__(self, facts, choice, base_year, tier, rules):
        self.facts, self.choice, self.base_year, self.tier = facts, choice, base_year, tier
        self.band, self.band_basis = rules.base_band, rules.base_band_basis
        self.assumptions, self.caveats = [], []
        self.base = self.rng = None
        self.base_status, self.base_basis = Status.MISSING, ()


def contribution(
    region, base="lowest", *, include=INSURANCES, medical_tier: int = 1, base_year=None, query=None
) -> ContributionEstimate:
    """Monthly and yearly contributions of a flexible worker in region for the chosen base.

    base: an amount, 'lowest', 'highest', a percentage of the average wage ('60%') or a grade
    ('grade 3'). medical_tier picks among fixed medical amounts (Chongqing's two tiers).
    base_year picks the base range of an earlier year when several are known (default: newest).
    """
    choice = parse_base(base)
    unknown = [i for i in include if i not in INSURANCES]
    if unknown or not include:
        raise InvalidInputError("unknown_insurance", given=tuple(unknown))
    ctx = _Ctx(regional.load(region, KEYS, query), choice, base_year, medical_tier, load_rules(query))
    _pension_base(ctx)
    builders = {"pension": _pension_line, "medical": _medical_line, "unemployment": _unemployment_line}
    lines = tuple(builders[i](ctx) for i in INSURANCES if i in include)
    for line in lines:
        if line.note and line.status != Status.OK:
            ctx.caveats.append(line.note)
    priced = [line for line in lines if line.has_amount]
    complete = all(line.has_amount or line.status == Status.NOT_INCLUDED for line in lines)
    if not complete:
        ctx.caveats.append(Note.of("total_partial"))
    return ContributionEstimate(
        region=ctx.facts.region,
        base_choice=choice,
        base=ctx.base,
        base_year=ctx.rng.year if ctx.rng else None,
        base_range=(ctx.rng.min, ctx.rng.max) if ctx.rng else None,
        base_period=getattr(ctx.rng.fact, "period", None) if ctx.rng else None,
        lines=lines,
        total_monthly=money(sum((line.monthly for line in priced), Decimal(0))),
        total_yearly=money(sum((line.yearly for line in priced), Decimal(0))),
        complete=complete,
        status=Status.worst(line.status for line in lines if line.status != Status.NOT_INCLUDED),
        assumptions=tuple(dict.fromkeys(ctx.assumptions)),
        caveats=tuple(dict.fromkeys(ctx.caveats)),
        basis=tuple(dict.fromkeys(b for line in lines for b in line.basis)),
    )


def _pension_base(ctx) -> None:
    """Sets ctx.base, base_status, rng and base_basis; raises OutOfRangeError for bad choices."""
    facts, choice = ctx.facts, ctx.choice
    fact = facts.get("pension_base", ctx.base_year)
    if fact is None and ctx.base_year is not None and facts.get("pension_base") is not None:
        raise InvalidInputError(
            "no_base_for_year",
            region=facts.region.name,
            year=str(ctx.base_year),
            known=tuple(facts.years("pension_base")),
        )
    rng = range_of(fact)
    if rng is None:
        status = regional.status_of(fact)
        ctx.caveats.append(regional.caveat_of(fact) or Note.of("base_range_unknown", region=facts.region.name))
        ctx.base_basis = (regional.basis_of(fact),) if fact is not None else ()
        if choice.kind == "amount" and status != Status.CONFLICT:
            ctx.assumptions.append(Note.of("base_unchecked", base=choice.value))
            ctx.base, ctx.base_status = choice.value, Status.CAVEAT
        else:
            ctx.base_status = Status.CONFLICT if status == Status.CONFLICT else Status.MISSING
        return
    grades_fact = facts.get("pension_grades", regional.year_of(rng.year))
    grades = [dec(g) for g in grades_fact.value] if grades_fact is not None and grades_fact.value else []
    ctx.base = resolve_base(
        choice, rng, facts.region, "pension", ctx.band, grades, ctx.assumptions, ctx.band_basis.source_title
    )
    ctx.rng = rng
    basis = (regional.basis_of(rng.fact),) + ((regional.basis_of(grades_fact),) if grades else ())
    if choice.kind == "percent":
        basis += (ctx.band_basis,)
    ctx.base_basis = basis
    ctx.base_status = regional.status_of(rng.fact)
    if ctx.base_status == Status.CAVEAT:
        ctx.caveats.append(regional.caveat_of(rng.fact))


# ---------------------------------------------------------------- the lines


def _rate(facts, key):
    fact = facts.get(key)
    return (dec(fact.value), fact) if regional.usable(fact) else (None, fact)


def _line(insurance, status, base=None, rate=None, fixed=False, per="month", monthly=None, **extra):
    yearly = extra.pop("yearly", money(monthly * 12) if monthly is not None else None)
    return ContributionLine(insurance, status, base, rate, fixed, per, monthly, yearly, **extra)


def _pension_line(ctx) -> ContributionLine:
    rate, rate_fact = _rate(ctx.facts, "pension_rate")
    account_rate, account_fact = _rate(ctx.facts, "pension_account_rate")
    basis = ctx.base_basis + tuple(regional.basis_of(f) for f in (rate_fact, account_fact) if f is not None)
    status = Status.worst([ctx.base_status, regional.status_of(rate_fact), regional.status_of(account_fact)])
    if ctx.base is None or rate is None or account_rate is None:
        note = (regional.caveat_of(rate_fact) if rate is None else None) or (
            regional.caveat_of(account_fact) if account_rate is None else None
        )
        return _line(
            "pension", status if status != Status.OK else Status.MISSING, ctx.base, rate, note=note, basis=basis
        )
    monthly = money(ctx.base * rate / HUNDRED)
    account = money(ctx.base * account_rate / HUNDRED)
    ctx.assumptions.append(Note.of("pension_split", rate=rate, account_rate=account_rate))
    return _line(
        "pension",
        status,
        ctx.base,
        rate,
        monthly=monthly,
        personal_account_monthly=account,
        pooled_monthly=monthly - account,
        account_rate=account_rate,
        note=regional.caveat_of(rate_fact) or regional.caveat_of(account_fact),
        basis=basis,
    )


def _medical_line(ctx) -> ContributionLine:
    facts = ctx.facts
    fixed, rate_fact = facts.get("medical_fixed"), facts.get("medical_rate")
    candidates = [
        f for f in (fixed, rate_fact) if f is not None and not (f.region_id == regional.NATIONAL and f.value is None)
    ]
    if not candidates:
        fact = rate_fact or fixed
        note = regional.caveat_of(fact) or Note.of("medical_rate_unknown", region=facts.region.name)
        return _line("medical", Status.MISSING, note=note, basis=(regional.basis_of(fact),) if fact is not None else ())
    chosen = min(candidates, key=lambda f: (facts.rank(f), 0 if f.key == "medical_fixed" else 1))
    if chosen.key == "medical_fixed":
        return _medical_fixed(chosen, ctx.tier)
    return _medical_rate(ctx, chosen)


def _medical_fixed(fact, tier) -> ContributionLine:
    status, basis, per = regional.status_of(fact), (regional.basis_of(fact),), fact.per or "month"
    if status not in (Status.OK, Status.CAVEAT):
        return _line("medical", status, fixed=True, per=per, note=regional.caveat_of(fact), basis=basis)
    options = tuple(dec(v) for v in fact.value)
    if isinstance(tier, bool) or not isinstance(tier, int) or not 1 <= tier <= len(options):
        raise OutOfRangeError("medical_tier_out_of_range", allowed=(1, len(options)), options=options, given=tier)
    amount = options[tier - 1]
    monthly, yearly = (money(amount / 12), money(amount)) if per == "year" else (money(amount), money(amount * 12))
    note = Note.of("medical_fixed", amount=amount, per=per, tier=tier, caveat=regional.caveat_of(fact))
    return _line(
        "medical",
        status,
        fixed=True,
        per=per,
        monthly=monthly,
        yearly=yearly,
        options=options,
        tier=tier,
        note=note,
        basis=basis,
    )


def _medical_rate(ctx, rate_fact):
    """rate × base, where the base is the region's own medical base if it has one, else the pension base."""
    facts = ctx.facts
    basis = (regional.basis_of(rate_fact),)
    rate_status = regional.status_of(rate_fact)
    if rate_status not in (Status.OK, Status.CAVEAT):
        return _line("medical", rate_status, note=regional.caveat_of(rate_fact), basis=basis)
    rate = dec(rate_fact.value)
    own = [
        f
        for f in (
            facts.get("medical_base", ctx.base_year) or facts.get("medical_base"),
            facts.get("medical_base_amount"),
            facts.get("medical_base_rule"),
        )
        if f is not None
    ]
    if own:
        base_fact = min(own, key=facts.rank)  # the most specific; ties keep this order
        if base_fact.key == "medical_base_amount":
            return _medical_set_base(base_fact, rate_fact, rate, basis)
        return _medical_own_base(ctx, base_fact, rate_fact, rate, basis)
    status = Status.worst([ctx.base_status, rate_status])
    note = regional.caveat_of(rate_fact)
    if ctx.base is None:
        return _line(
            "medical",
            Status.MISSING if status == Status.OK else status,
            rate=rate,
            note=note,
            basis=ctx.base_basis + basis,
        )
    ctx.assumptions.append(Note.of("medical_same_base"))
    return _line(
        "medical",
        status,
        ctx.base,
        rate,
        monthly=money(ctx.base * rate / HUNDRED),
        note=note,
        basis=ctx.base_basis + basis,
    )


def _medical_set_base(base_fact, rate_fact, rate, basis):
    """The region sets one medical base for everyone (e.g. a share of the average wage)."""
    basis = basis + (regional.basis_of(base_fact),)
    status = Status.worst([regional.status_of(base_fact), regional.status_of(rate_fact)])
    if status not in (Status.OK, Status.CAVEAT):
        return _line("medical", status, rate=rate, note=regional.caveat_of(base_fact), basis=basis)
    med_base = dec(base_fact.value)
    note = Note.of(
        "medical_set_base", base=med_base, caveat=regional.caveat_of(rate_fact) or regional.caveat_of(base_fact)
    )
    return _line("medical", status, med_base, rate, monthly=money(med_base * rate / HUNDRED), note=note, basis=basis)


def _medical_own_base(ctx, base_fact, rate_fact, rate, basis):
    """The region publishes its own medical base: resolve the same choice against it."""
    basis = basis + (regional.basis_of(base_fact),)
    rng = range_of(base_fact)
    status = Status.worst([regional.status_of(base_fact), regional.status_of(rate_fact)])
    if rng is None:
        note = regional.caveat_of(base_fact)
        if note is None:  # a rule stated in words, without amounts
            rule = base_fact.value if isinstance(base_fact.value, dict) and "zh" in base_fact.value else None
            note = Note.of(
                "medical_base_rule_only",
                region=ctx.facts.region.name,
                rate=rate,
                rule=Text(rule["zh"], rule["en"]) if rule else None,
            )
        return _line(
            "medical",
            Status.CONFLICT if status == Status.CONFLICT else Status.MISSING,
            rate=rate,
            note=note,
            basis=basis,
        )
    choice = ctx.choice
    if choice.kind == "grade":  # a pension grade is an amount as far as the medical range is concerned
        if ctx.base is None:
            return _line("medical", Status.MISSING, rate=rate, note=Note.of("grade_amount_unknown"), basis=basis)
        choice = BaseChoice("amount", ctx.base)
    try:
        med_base = resolve_base(
            choice, rng, ctx.facts.region, "medical", ctx.band, (), ctx.assumptions, ctx.band_basis.source_title
        )
    except OutOfRangeError as exc:
        return _line(
            "medical", Status.INVALID, rate=rate, note=Note.of("error", error=exc.code, **exc.details), basis=basis
        )
    note = regional.caveat_of(rate_fact) or regional.caveat_of(base_fact)
    return _line("medical", status, med_base, rate, monthly=money(med_base * rate / HUNDRED), note=note, basis=basis)


def _unemployment_line(ctx) -> ContributionLine:
    facts = ctx.facts
    rate, rate_fact = _rate(facts, "unemployment_rate")
    if rate is None:
        text_fact = facts.get("unemployment")
        words = text_fact.value if text_fact is not None and isinstance(text_fact.value, dict) else None
        note = (
            (text_note(Text(words["zh"], words["en"])) if words and words.get("zh") else None)
            or regional.caveat_of(rate_fact)
            or Note.of("unemployment_rate_unknown", region=facts.region.name)
        )
        basis = tuple(regional.basis_of(f) for f in (text_fact, rate_fact) if f is not None)
        return _line("unemployment", Status.NOT_INCLUDED, note=note, basis=basis)
    basis = ctx.base_basis + (regional.basis_of(rate_fact),)
    status = Status.worst([ctx.base_status, regional.status_of(rate_fact)])
    if ctx.base is None:
        return _line("unemployment", Status.MISSING if status == Status.OK else status, rate=rate, basis=basis)
    ctx.assumptions.append(Note.of("unemployment_same_base"))
    return _line(
        "unemployment",
        status,
        ctx.base,
        rate,
        monthly=money(ctx.base * rate / HUNDRED),
        note=regional.caveat_of(rate_fact),
        basis=basis,
    )
