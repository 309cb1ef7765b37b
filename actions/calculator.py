"""The calculator inputs of a conversation: what is known, what is wrong, what to ask next, the result.

No Rasa here: actions/forms.py reads and writes the slots, this module checks values and computes
through the knowledge-layer API (knowledge.calculators for every number, knowledge.query only for
region names and the published grades shown in a question). A value that is not allowed becomes a
Problem with a bilingual explanation naming the allowed range, its year and source; it is never
moved to the nearest allowed value.
"""
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from knowledge import query
from knowledge.calculators import (
    CalculatorError, InvalidInputError, OutOfRangeError, compare_schemes, contribution, estimate_pension,
    load_rules, parse_base, statutory_retirement,
)
from knowledge.query import Text

from actions.calc_inputs import INSURANCES, Values
from presentation.wording import catalogue

CONTRIBUTION = "contribution_form"
PENSION = "pension_form"
FORM_SLOTS = {
    CONTRIBUTION: ("region", "calc_base", "calc_insurances"),
    PENSION: ("calc_birth_year", "calc_birth_month", "calc_sex", "calc_female_age", "calc_paid_months", "region",
              "calc_base", "calc_balance"),
}
# slot name <-> Inputs field
SLOT_FIELDS = {"region": "region", "calc_base": "base", "calc_insurances": "insurances", "calc_compare": "compare",
               "calc_birth_year": "birth_year", "calc_birth_month": "birth_month", "calc_age": "age",
               "calc_sex": "sex", "calc_female_age": "female_age", "calc_paid_months": "paid_months",
               "calc_balance": "balance"}
FIELD_SLOTS = {v: k for k, v in SLOT_FIELDS.items()}
MAX_AGE, MIN_AGE = 100, 16
MAX_BALANCE = Decimal(5_000_000)
MAX_PAID_MONTHS = 60 * 12
CONTRIBUTION_ARTICLES = (10, 12)
PENSION_ARTICLES = (15, 16)


def today() -> tuple:
    """(year, month) of today; tests may replace it."""
    now = dt.date.today()
    return now.year, now.month


def _t(key: str, **values) -> Text:
    zh, en = catalogue()[key]["zh"], catalogue()[key]["en"]
    return Text(zh.format(**values) if values else zh, en.format(**values) if values else en)


def _pair(key: str, **texts) -> Text:
    """A message whose values are themselves bilingual Texts."""
    return Text(catalogue()[key]["zh"].format(**{k: v.zh for k, v in texts.items()}),
                catalogue()[key]["en"].format(**{k: v.en for k, v in texts.items()}))


def _int(value) -> Optional[int]:
    if value is None or value == "":
        return None
    try:
        return int(Decimal(str(value)))
    except Exception:  # noqa: BLE001 - a slot set to something odd is treated as not set
        return None


@dataclass
class Inputs:
    region: Optional[str] = None
    base: Optional[str] = None
    insurances: Optional[tuple] = None
    compare: Optional[bool] = None
    birth_year: Optional[int] = None
    birth_month: Optional[int] = None
    age: Optional[int] = None
    sex: Optional[str] = None
    female_age: Optional[int] = None
    paid_months: Optional[int] = None
    balance: Optional[str] = None

    @classmethod
    def from_slots(cls, get) -> "Inputs":
        """get: slot name -> value (e.g. tracker.get_slot)."""
        insurances = get("calc_insurances")
        return cls(region=get("region"), base=get("calc_base"),
                   insurances=tuple(i for i in insurances if i in INSURANCES) or None if insurances else None,
                   compare=bool(get("calc_compare")) if get("calc_compare") is not None else None,
                   birth_year=_int(get("calc_birth_year")), birth_month=_int(get("calc_birth_month")),
                   age=_int(get("calc_age")), sex=get("calc_sex"), female_age=_int(get("calc_female_age")),
                   paid_months=_int(get("calc_paid_months")),
                   balance=str(get("calc_balance")) if get("calc_balance") is not None else None)

    def slot_values(self) -> dict:
        out = {}
        for name, slot in FIELD_SLOTS.items():
            value = getattr(self, name)
            out[slot] = list(value) if isinstance(value, tuple) else value
        return out

    def region_info(self) -> Optional[query.Region]:
        return query.resolve_region(self.region) if self.region else None


@dataclass
class Problem:
    slot: str
    code: str
    text: Text
    details: dict = field(default_factory=dict)


# ---------------------------------------------------------------- merging what was said

def merge(inputs: Inputs, values: Values, region_text: Optional[str] = None, *, form: str = None) -> tuple:
    """(new inputs, changed field names). Age + month give the birth year; a new age replaces the year."""
    new = replace(inputs)
    found = values.found()
    if region_text:
        found["region"] = region_text
    for name, value in found.items():
        if name in ("age", "birth_year", "birth_month"):
            continue
        if name in ("insurances", "compare") and form == PENSION:
            continue
        setattr(new, name, value)
    year, month = today()
    if values.birth_year is not None:
        new.birth_year, new.age = values.birth_year, None
    if values.birth_month is not None:
        new.birth_month = values.birth_month
    if values.age is not None:
        new.age = values.age
        new.birth_year = None
    if new.age is not None and new.birth_month is not None and MIN_AGE <= new.age <= MAX_AGE \
            and 1 <= new.birth_month <= 12:
        new.birth_year = year - new.age - (1 if new.birth_month > month else 0)
    if new.sex == "male":
        new.female_age = None
    if new.paid_months == 0 and form == PENSION:
        new.balance = "0"
    changed = [f for f in FIELD_SLOTS if getattr(new, f) != getattr(inputs, f)]
    return new, changed


# ---------------------------------------------------------------- checking

@dataclass(frozen=True)
class BaseInfo:
    """What a region publishes about the pension base (for questions and error explanations)."""

    region: query.Region
    range: Optional[tuple]
    year: Optional[str]
    source: Optional[str]
    grades: tuple = ()


def base_info(region: query.Region) -> BaseInfo:
    try:
        est = contribution(region.id, "lowest", include=("pension",))
    except CalculatorError:
        return BaseInfo(region, None, None, None)
    source = None
    if est.base_range:
        wanted = f"{_plain(est.base_range[0])}–{_plain(est.base_range[1])}"
        match = [b for b in est.basis if b.value == wanted] or list(est.basis[:1])
        source = match[0].source_title if match else None
    grades = ()
    for fact in query.region_facts(region.id, ["pension_grades"]):
        if fact.stated and isinstance(fact.value, list) and str(fact.year) == str(est.base_year):
            grades = tuple(Decimal(str(g)) for g in fact.value)
            break
    return BaseInfo(region, est.base_range, est.base_year, source, grades)


def _plain(value) -> str:
    d = Decimal(str(value))
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d.quantize(Decimal("0.01")), "f")


def check(form: str, inputs: Inputs) -> tuple:
    """(inputs with every invalid value cleared, [Problem]) for the values known so far."""
    problems = []
    new = replace(inputs)
    year, month = today()
    region = None
    if new.region:
        region = query.resolve_region(new.region)
        if region is None:
            problems.append(Problem("region", "unknown_region", _t("calc_unknown_region", region=new.region)))
            new.region = None
        else:
            new.region = region.name_zh
    if form == PENSION:
        _check_person(new, problems, year, month)
    if new.base is not None:
        problem = _check_base(form, new, region)
        if problem:
            problems.append(problem)
            new.base = None
    if new.balance not in (None, "unknown"):
        try:
            balance = Decimal(new.balance)
        except Exception:  # noqa: BLE001
            balance = Decimal(-1)
        if not 0 <= balance <= MAX_BALANCE:
            problems.append(Problem("calc_balance", "out_of_range", _t("calc_bad_balance", value=new.balance),
                                    {"allowed": [0, int(MAX_BALANCE)]}))
            new.balance = None
    return new, problems


def _check_person(new: Inputs, problems: list, year: int, month: int) -> None:
    low_year, high_year = year - MAX_AGE, year - MIN_AGE
    if new.age is not None and not MIN_AGE <= new.age <= MAX_AGE:
        problems.append(Problem("calc_birth_year", "out_of_range", _t("calc_bad_age", age=new.age),
                                {"allowed": [MIN_AGE, MAX_AGE], "given": new.age}))
        new.age, new.birth_year = None, None
    if new.birth_year is not None and not low_year <= new.birth_year <= high_year:
        problems.append(Problem("calc_birth_year", "out_of_range",
                                _t("calc_bad_birth_year", year=new.birth_year, low=low_year, high=high_year),
                                {"allowed": [low_year, high_year], "given": new.birth_year}))
        new.birth_year = None
    if new.birth_month is not None and not 1 <= new.birth_month <= 12:
        problems.append(Problem("calc_birth_month", "out_of_range", _t("calc_bad_month", month=new.birth_month),
                                {"allowed": [1, 12], "given": new.birth_month}))
        new.birth_month = None
    if new.female_age is not None and new.female_age not in (50, 55):
        problems.append(Problem("calc_female_age", "out_of_range", _t("calc_bad_female_age", value=new.female_age),
                                {"allowed": [50, 55], "given": new.female_age}))
        new.female_age = None
    if new.paid_months is not None:
        most = None
        if new.birth_year is not None and new.birth_month is not None:
            most = max(0, (year - new.birth_year - MIN_AGE) * 12 + month - new.birth_month)
        elif new.age is not None:
            most = max(0, (new.age - MIN_AGE) * 12 + 11)
        if not 0 <= new.paid_months <= MAX_PAID_MONTHS:
            paid = _duration_text(new.paid_months)
            problems.append(Problem("calc_paid_months", "out_of_range",
                                    _pair("calc_bad_paid_range", paid=paid),
                                    {"allowed": [0, MAX_PAID_MONTHS], "given": new.paid_months}))
            new.paid_months = None
        elif most is not None and new.paid_months > most:
            problems.append(Problem("calc_paid_months", "out_of_range",
                                    _pair("calc_bad_paid", paid=_duration_text(new.paid_months),
                                          most=_duration_text(most)),
                                    {"allowed": [0, most], "given": new.paid_months}))
            new.paid_months = None
    ready = new.birth_year is not None and new.birth_month is not None and new.sex is not None \
        and (new.sex == "male" or new.female_age is not None)
    if ready:
        try:
            retirement = statutory_retirement(new.birth_year, new.birth_month, new.sex,
                                              new.female_age if new.sex == "female" else None)
        except InvalidInputError as exc:
            problems.append(Problem("calc_birth_year", exc.code, exc.message))
            new.birth_year = new.age = None
            return
        if (retirement.retire_year, retirement.retire_month) <= (year, month):
            birth = _t("calc_ym", year=new.birth_year, month=new.birth_month)
            problems.append(Problem(
                "calc_birth_year", "retired",
                Text(catalogue()["calc_retired"]["zh"].format(birth=birth.zh, category=retirement.category_label.zh,
                                                           year=retirement.retire_year, month=retirement.retire_month),
                     catalogue()["calc_retired"]["en"].format(birth=birth.en, category=retirement.category_label.en,
                                                           year=retirement.retire_year, month=retirement.retire_month)),
                {"retire_year": retirement.retire_year, "retire_month": retirement.retire_month}))
            new.birth_year = new.birth_month = new.age = None


def _check_base(form: str, new: Inputs, region: Optional[query.Region]) -> Optional[Problem]:
    try:
        choice = parse_base(new.base)
    except InvalidInputError as exc:
        return Problem("calc_base", exc.code, exc.message)
    rules = load_rules()
    low, high = rules.base_band
    if choice.kind == "percent" and not low <= choice.value <= high:
        band = rules.base_band_basis
        text = Text(f"缴费基数只能在平均工资的{_plain(low)}%至{_plain(high)}%之间选择，{_plain(choice.value)}%不在范围内。"
                    + catalogue()["calc_base_source"]["zh"].format(source=band.source_title, year=band.year)
                    + catalogue()["calc_base_retry"]["zh"],
                    f"The base must be {_plain(low)}% to {_plain(high)}% of the average wage; {_plain(choice.value)}% is "
                    "outside it. " + catalogue()["calc_base_source"]["en"].format(source=band.source_title, year=band.year)
                    + " " + catalogue()["calc_base_retry"]["en"])
        return Problem("calc_base", "out_of_range", text,
                       {"allowed": [float(low), float(high)], "unit": "percent", "given": float(choice.value),
                        "year": band.year, "source": band.source_title})
    if region is None:
        return None
    try:
        contribution(region.id, choice, include=("pension",))
    except OutOfRangeError as exc:
        info = base_info(region)
        source = Text("", "")
        if info.source:
            source = _t("calc_base_source", source=info.source, year=info.year)
        details = {key: (list(map(float, value)) if isinstance(value, tuple) else
                         float(value) if isinstance(value, Decimal) else value)
                   for key, value in exc.details.items()}
        details.update(source=info.source, year=info.year)
        return Problem("calc_base", exc.code,
                       Text(exc.message.zh + source.zh + catalogue()["calc_base_retry"]["zh"],
                            " ".join(x for x in (exc.message.en, source.en, catalogue()["calc_base_retry"]["en"]) if x)),
                       details)
    except CalculatorError as exc:
        return Problem("calc_base", exc.code, exc.message)
    if form == PENSION and choice.kind in ("amount", "grade"):
        info = base_info(region)
        if info.range is None:
            return Problem("calc_base", "missing", _t("calc_base_needs_range", region=region.name_zh,
                                                      amount=_plain(choice.value or 0)))
    return None


def _duration_text(months: int) -> Text:
    """60 -> 5年 / 5 years; 16 -> 1年4个月 / 1 year 4 months."""
    years, rest = divmod(int(months), 12)
    if rest and years:
        text = _t("calc_years_months", years=years, months=rest)
    elif rest:
        text = _t("calc_months", months=rest)
    else:
        text = _t("calc_years", years=years)
    en = text.en.replace(" 1 years", " 1 year").replace(" 1 months", " 1 month")
    en = re.sub(r"^1 years", "1 year", re.sub(r"^1 months", "1 month", en))
    return Text(text.zh, en)


def next_slot(form: str, inputs: Inputs) -> Optional[str]:
    """The next question to ask, or None when everything needed is known."""
    if form == CONTRIBUTION:
        if not inputs.region:
            return "region"
        if not inputs.base:
            return "calc_base"
        if not inputs.insurances:
            return "calc_insurances"
        return None
    if inputs.birth_year is None and not (inputs.age is not None and inputs.birth_month is None):
        return "calc_birth_year"
    if inputs.birth_month is None:
        return "calc_birth_month"
    if inputs.sex is None:
        return "calc_sex"
    if inputs.sex == "female" and inputs.female_age is None:
        return "calc_female_age"
    if inputs.paid_months is None:
        return "calc_paid_months"
    if not inputs.region:
        return "region"
    if not inputs.base:
        return "calc_base"
    if inputs.balance is None:
        return "calc_balance"
    return None


# ---------------------------------------------------------------- computing

@dataclass(frozen=True)
class ContributionResult:
    region: query.Region
    estimate: object            # knowledge.calculators.ContributionEstimate
    comparison: object = None   # knowledge.calculators.SchemeComparison, when asked for


def compute_contribution(inputs: Inputs) -> ContributionResult:
    region = inputs.region_info()
    if region is None:
        raise InvalidInputError(_t("calc_unknown_region", region=inputs.region))
    include = tuple(inputs.insurances or INSURANCES)
    if inputs.compare:
        comparison = compare_schemes(region.id, inputs.base, include=include)
        return ContributionResult(region, comparison.flexible, comparison)
    return ContributionResult(region, contribution(region.id, inputs.base, include=include))


@dataclass(frozen=True)
class PensionResult:
    region: query.Region
    estimate: object            # knowledge.calculators.PensionEstimate
    index: Decimal
    index_note: Optional[Text]
    balance_known: bool
    higher_base: Optional[tuple] = None     # (index, central total)
    minimum_only: Optional[tuple] = None    # (future months, central total)


def pension_index(inputs: Inputs, region: query.Region) -> tuple:
    """(average contribution index, Text explaining a conversion or None) for the chosen base."""
    choice = parse_base(inputs.base)
    low, high = load_rules().base_band
    if choice.kind == "lowest":
        return low / 100, None
    if choice.kind == "highest":
        return high / 100, None
    if choice.kind == "percent":
        return choice.value / 100, None
    est = contribution(region.id, choice, include=("pension",))
    if est.base is None or not est.base_range:
        raise InvalidInputError(_t("calc_base_needs_range", region=region.name_zh, amount=_plain(choice.value or 0)))
    average = est.base_range[1] / 3
    index = (est.base / average).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    index = min(max(index, low / 100), high / 100)  # only rounding can put a valid base outside the band
    note = _t("calc_p_index_assumption", base=f"{_plain(est.base)}", index=_plain(index), year=est.base_year,
              average=_plain(average.quantize(Decimal("0.01"))))
    return index, note


def central(estimate):
    scenarios = estimate.scenarios
    if not scenarios:
        return None
    return estimate.scenario("central") or scenarios[len(scenarios) // 2]


def compute_pension(inputs: Inputs) -> PensionResult:
    region = inputs.region_info()
    if region is None:
        raise InvalidInputError(_t("calc_unknown_region", region=inputs.region))
    index, note = pension_index(inputs, region)
    balance_known = inputs.balance not in (None, "unknown")
    common = dict(birth_year=inputs.birth_year, birth_month=inputs.birth_month, sex=inputs.sex,
                  female_original_age=inputs.female_age if inputs.sex == "female" else None,
                  past_contribution_months=inputs.paid_months or 0,
                  account_balance=Decimal(inputs.balance) if balance_known else 0)
    est = estimate_pension(region.id, average_index=index, **common)
    mid = central(est)
    higher = minimum_only = None
    if mid is not None:
        low, high = (b / 100 for b in load_rules().base_band)
        alt = Decimal(1) if index < 1 else (high if index < high else None)
        if alt is not None:
            alt_est = estimate_pension(region.id, average_index=alt, **common)
            alt_mid = central(alt_est)
            if alt_mid is not None:
                higher = (alt, alt_mid.total)
        need = est.minimum.months - (inputs.paid_months or 0)
        if 0 <= need < est.future_months:
            min_est = estimate_pension(region.id, average_index=index, future_contribution_months=need, **common)
            min_mid = central(min_est)
            if min_est.eligible and min_mid is not None:
                minimum_only = (need, min_mid.total)
    return PensionResult(region, est, index, note, balance_known, higher, minimum_only)


def law_citations(numbers) -> list:
    """Payload citations for articles of the Social Insurance Law (official text, with its year)."""
    out = []
    for art in query.articles("social_insurance_law", list(numbers)):
        out.append({"type": "law", "law": art.law.zh, "law_en": art.law.en, "law_id": art.law_id,
                    "article": art.number, "article_label": art.label, "text": art.text,
                    "summary_en": art.summary_en, "year": art.year})
    return out
