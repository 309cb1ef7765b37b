"""The national pension tables from knowledge/sources/pension_rules.yml, validated on first load.

The tables are reviewed data, not code: a wrong row must stop the calculators with a message a
reviewer can act on ('file: entry: problem'), never produce a silently wrong pension.
"""
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.calculators.common import Basis, dec
from knowledge.query import Text

SOURCES_DIR = Path(__file__).resolve().parent.parent / "sources"
RULES_PATH = SOURCES_DIR / "pension_rules.yml"
GRADES = ("A", "B", "C", "UNCONFIRMED")
SECTIONS = ("account_divisor", "divisor_interpolation", "resident_account_divisor", "base_band", "basic_pension",
            "retirement_reform", "minimum_years")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_AGE = re.compile(r"^(\d{2})-(\d{1,2})$")


class PensionRulesError(ValueError):
    """All problems found in pension_rules.yml, one 'file: entry: problem' line each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class ReformCategory:
    """One group of the 2025 retirement-age reform (men 60, women 55, women 50)."""

    id: str
    sex: str
    original_age: int
    first_birth: tuple  # (year, month): the first birth month whose age is raised
    step_months: int    # one month of delay per this many months of birth
    target_age: int
    label: Text

    @property
    def max_delay_months(self) -> int:
        return (self.target_age - self.original_age) * 12

    def delay_months(self, birth_year: int, birth_month: int) -> int:
        """0 before first_birth; then 1 for the first step_months birth months, 2 for the next … up to the cap."""
        offset = (birth_year * 12 + birth_month - 1) - (self.first_birth[0] * 12 + self.first_birth[1] - 1)
        if offset < 0:
            return 0
        return min(self.max_delay_months, offset // self.step_months + 1)


@dataclass(frozen=True)
class Scenario:
    """A projection assumption (not a sourced fact): yearly wage growth and account interest, in %."""

    id: str
    label: Text
    wage_growth_percent: Decimal
    interest_percent: Decimal


@dataclass(frozen=True)
class PensionRules:
    divisors: dict                 # integer age -> months
    divisor_basis: Basis
    interpolation_decimals: int
    interpolation_basis: Basis
    interpolation_caveat: Text
    resident_divisor: int
    resident_divisor_basis: Basis
    accrual_percent: Decimal
    basic_pension_basis: Basis
    base_band: tuple               # (min %, max %) of the average wage a base may be
    base_band_basis: Basis
    reform_start: tuple
    reform_categories: tuple
    reform_basis: Basis
    minimum_base_years: Decimal
    minimum_rise_from: int
    minimum_step_months: int
    minimum_max_years: Decimal
    minimum_schedule: dict         # retirement year -> years
    minimum_basis: Basis
    scenarios: tuple
    assumptions_rationale: Text

    def category(self, category_id: str) -> ReformCategory:
        return next(c for c in self.reform_categories if c.id == category_id)


def interpolate_divisor(table: dict, age_years: int, age_months: int, decimals: int) -> Decimal:
    """Monthly linear interpolation between two integer ages, rounded half up to `decimals`."""
    low = Decimal(table[age_years])
    if age_months == 0:
        return low
    high = Decimal(table[age_years + 1])
    value = low + (high - low) * Decimal(age_months) / Decimal(12)
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=4)
def load_rules(path: str = None) -> PensionRules:
    """The validated tables (cached); raises PensionRulesError on any problem."""
    return validate_pension_rules(Path(path) if path else RULES_PATH)


def validate_pension_rules(path: Path = RULES_PATH, sources_path: Path = None) -> PensionRules:
    """Check every table of pension_rules.yml against its rule and sources.yml; raise with all problems."""
    path = Path(path)
    checker = _Checker(path.name, _source_index(Path(sources_path) if sources_path else path.parent / "sources.yml"))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PensionRulesError([f"{path.name}: -: file is missing"]) from None
    except yaml.YAMLError as exc:
        raise PensionRulesError([f"{path.name}: -: not valid YAML ({exc})"]) from None
    if not isinstance(data, dict):
        raise PensionRulesError([f"{path.name}: -: top level must be a mapping"])
    bases = {name: checker.section(name, data.get(name)) for name in SECTIONS}
    if checker.problems:
        raise PensionRulesError(checker.problems)
    parsed = dict(
        **_divisors(checker, data, bases),
        **_reform(checker, data["retirement_reform"], bases["retirement_reform"]),
        **_minimum_years(checker, data["minimum_years"], bases["minimum_years"]),
        **_assumptions(checker, data.get("assumptions")),
    )
    if checker.problems:
        raise PensionRulesError(checker.problems)
    return PensionRules(**parsed)


# ---------------------------------------------------------------- checks

def _source_index(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (FileNotFoundError, yaml.YAMLError) as exc:
        raise PensionRulesError([f"{path.name}: -: cannot read the source list ({exc})"]) from None
    return {s["id"]: s for s in data.get("sources") or [] if isinstance(s, dict) and s.get("id")}


class _Checker:
    def __init__(self, file: str, sources: dict):
        self.file, self.sources, self.problems = file, sources, []

    def fail(self, entry: str, problem: str) -> None:
        self.problems.append(f"{self.file}: {entry}: {problem}")

    def text(self, entry: str, value, name: str):
        if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value[k].strip()
                                                  for k in ("zh", "en")):
            self.fail(entry, f"'{name}' needs non-empty zh and en texts")
            return None
        return Text(value["zh"].strip(), value["en"].strip())

    def number(self, entry: str, value, name: str, integer=False, positive=True):
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok or (positive and value <= 0):
            kind = "a positive whole number" if integer else "a positive number"
            self.fail(entry, f"'{name}' must be {kind}, not {value!r}")
            return None
        return value

    def year_month(self, entry: str, value, name: str):
        match = _YEAR_MONTH.match(str(value or ""))
        if not match or not 1 <= int(match.group(2)) <= 12:
            self.fail(entry, f"'{name}' must be YYYY-MM, not {value!r}")
            return None
        return int(match.group(1)), int(match.group(2))

    def section(self, name: str, section):
        """Common fields of every table: source id, year, grade (and a caveat for grade C)."""
        if not isinstance(section, dict):
            self.fail(name, "section is missing")
            return None
        source = self.sources.get(section.get("source"))
        if source is None:
            self.fail(name, f"unknown source {section.get('source')!r} (not in sources.yml)")
        if str(section.get("year") or "").strip() == "":
            self.fail(name, "'year' is required")
        if section.get("confidence") not in GRADES:
            self.fail(name, f"'confidence' must be one of {', '.join(GRADES)}, not {section.get('confidence')!r}")
        if section.get("confidence") == "C":
            self.text(name, section.get("caveat"), "caveat")
        if section.get("confidence") == "UNCONFIRMED":
            self.fail(name, "an UNCONFIRMED table cannot be used by the calculators")
        if source is None:
            return None
        return Basis(label=Text(name, name), value="", year=str(section.get("year")),
                     confidence=section.get("confidence"), source_id=source["id"],
                     source_title=source.get("title"), source_url=source.get("url"))


def _labelled(basis: Basis, label: Text, value: str) -> Basis:
    return Basis(label, value, basis.year, basis.confidence, basis.source_id, basis.source_title, basis.source_url)


def _divisors(c: _Checker, data: dict, bases: dict) -> dict:
    section, entry = data["account_divisor"], "account_divisor.table"
    table = section.get("table")
    divisors = {}
    if not isinstance(table, dict):
        c.fail(entry, "must map each age 40–70 to its number of months")
        table = {}
    for age, months in table.items():
        if not isinstance(age, int) or not 40 <= age <= 70:
            c.fail(entry, f"age {age!r} is outside 40–70 or not a whole number")
        elif c.number(f"{entry}.{age}", months, "months", integer=True) is not None:
            divisors[age] = months
    missing = [a for a in range(40, 71) if a not in table]
    if missing:
        c.fail(entry, f"ages {missing} are missing (the official table has every age 40–70)")
    ages = sorted(divisors)
    for a, b in zip(ages, ages[1:]):
        if divisors[b] >= divisors[a]:
            c.fail(entry, f"age {b} ({divisors[b]}) must be fewer months than age {a} ({divisors[a]})")

    interp, ientry = data["divisor_interpolation"], "divisor_interpolation"
    if interp.get("rule") != "monthly_linear":
        c.fail(ientry, f"'rule' must be monthly_linear, not {interp.get('rule')!r}")
    decimals = interp.get("decimals")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
        c.fail(ientry, f"'decimals' must be a whole number 0–4, not {decimals!r}")
        decimals = 1
    examples = interp.get("examples") or []
    if not examples:
        c.fail(ientry, "'examples' must list the published examples the rule reproduces")
    for i, ex in enumerate(examples, 1):
        years, months = ex.get("age_years"), ex.get("age_months")
        if years not in divisors or not isinstance(months, int) or not 0 <= months <= 11 \
                or (months and years + 1 not in divisors):
            c.fail(f"{ientry}.examples[{i}]", f"age {years!r} years {months!r} months is not in the table")
            continue
        got = interpolate_divisor(divisors, years, months, decimals)
        if got != dec(ex.get("divisor")):
            c.fail(f"{ientry}.examples[{i}]", f"the rule gives {got}, the example says {ex.get('divisor')}")

    resident = data["resident_account_divisor"].get("value")
    c.number("resident_account_divisor", resident, "value", integer=True)
    accrual = c.number("basic_pension", data["basic_pension"].get("accrual_percent_per_year"),
                       "accrual_percent_per_year")
    caveat = c.text(ientry, interp.get("caveat"), "caveat")
    band = data["base_band"]
    low = c.number("base_band", band.get("min_percent"), "min_percent")
    high = c.number("base_band", band.get("max_percent"), "max_percent")
    if low and high and low >= high:
        c.fail("base_band", f"min_percent {low} must be below max_percent {high}")
    return dict(
        base_band=(dec(low or 60), dec(high or 300)),
        base_band_basis=_labelled(bases["base_band"], Text("缴费基数可选范围（平均工资的百分比）", "Allowed base (share of the average wage)"),
                                  f"{low}%–{high}%"),
        divisors=divisors,
        divisor_basis=_labelled(bases["account_divisor"], Text("个人账户养老金计发月数表", "Personal-account divisor table"),
                                "40岁233 … 60岁139 … 70岁56"),
        interpolation_decimals=decimals,
        interpolation_basis=_labelled(bases["divisor_interpolation"], Text("非整岁计发月数按月插值", "Monthly interpolation of the divisor"),
                                      "monthly_linear"),
        interpolation_caveat=caveat,
        resident_divisor=resident,
        resident_divisor_basis=_labelled(bases["resident_account_divisor"],
                                         Text("城乡居民个人账户养老金计发月数", "Resident personal-account divisor"), str(resident)),
        accrual_percent=dec(accrual or 1),
        basic_pension_basis=_labelled(bases["basic_pension"], Text("基础养老金计发办法", "Basic pension formula"),
                                      f"{accrual}%/年"),
    )


def _reform(c: _Checker, section: dict, basis: Basis) -> dict:
    start = c.year_month("retirement_reform", section.get("start"), "start")
    categories, seen = [], set()
    for i, item in enumerate(section.get("categories") or [], 1):
        entry = f"retirement_reform.categories[{i}]"
        cid = item.get("id")
        if not cid or cid in seen:
            c.fail(entry, f"'id' must be present and unique, not {cid!r}")
        seen.add(cid)
        if item.get("sex") not in ("male", "female"):
            c.fail(entry, f"'sex' must be male or female, not {item.get('sex')!r}")
        original = c.number(entry, item.get("original_age"), "original_age", integer=True)
        target = c.number(entry, item.get("target_age"), "target_age", integer=True)
        step = c.number(entry, item.get("step_months"), "step_months", integer=True)
        first = c.year_month(entry, item.get("first_birth"), "first_birth")
        label = c.text(entry, item.get("label"), "label")
        if original and target and target <= original:
            c.fail(entry, f"target_age {target} must be above original_age {original}")
        if None not in (original, target, step, first, label) and target > original:
            categories.append(ReformCategory(cid, item["sex"], original, first, step, target, label))
    if not categories:
        c.fail("retirement_reform.categories", "no usable category")
    by_id = {cat.id: cat for cat in categories}
    for i, ex in enumerate(section.get("examples") or [], 1):
        entry = f"retirement_reform.examples[{i}]"
        cat, birth = by_id.get(ex.get("category")), _YEAR_MONTH.match(str(ex.get("birth") or ""))
        age = _AGE.match(str(ex.get("age") or ""))
        if cat is None or not birth or not age:
            c.fail(entry, "needs a known category, birth YYYY-MM and age 'years-months'")
            continue
        delay = cat.delay_months(int(birth.group(1)), int(birth.group(2)))
        got = divmod(cat.original_age * 12 + delay, 12)
        if got != (int(age.group(1)), int(age.group(2))):
            c.fail(entry, f"the rule gives {got[0]}-{got[1]}, the example says {ex.get('age')}")
    return dict(reform_start=start, reform_categories=tuple(categories),
                reform_basis=_labelled(basis, Text("渐进式延迟法定退休年龄", "Gradual rise of the statutory retirement age"),
                                       "60→63, 55→58, 50→55"))


def _minimum_years(c: _Checker, section: dict, basis: Basis) -> dict:
    entry = "minimum_years"
    base = c.number(entry, section.get("base_years"), "base_years")
    rise_from = c.number(entry, section.get("rise_from"), "rise_from", integer=True)
    step = c.number(entry, section.get("step_months_per_year"), "step_months_per_year", integer=True)
    top = c.number(entry, section.get("max_years"), "max_years")
    schedule = {}
    raw = section.get("schedule")
    if not isinstance(raw, dict) or not raw:
        c.fail(f"{entry}.schedule", "must map retirement years to minimum years")
        raw = {}
    if None not in (base, rise_from, step, top):
        for year, years in raw.items():
            if not isinstance(year, int) or c.number(f"{entry}.schedule.{year}", years, "years") is None:
                c.fail(f"{entry}.schedule", f"entry {year!r}: {years!r} is not a year and a number of years")
                continue
            expected = min(dec(top), dec(base) + dec(step) / 12 * max(0, year - rise_from + 1))
            if dec(years) != expected:
                c.fail(f"{entry}.schedule.{year}", f"the rule gives {expected} years, the table says {years}")
            schedule[year] = dec(years)
    return dict(minimum_base_years=dec(base or 15), minimum_rise_from=rise_from or 2030,
                minimum_step_months=step or 6, minimum_max_years=dec(top or 20), minimum_schedule=schedule,
                minimum_basis=_labelled(basis, Text("最低缴费年限", "Minimum contribution years"), "15→20"))


def _assumptions(c: _Checker, section) -> dict:
    entry = "assumptions"
    if not isinstance(section, dict):
        c.fail(entry, "section is missing")
        return dict(scenarios=(), assumptions_rationale=None)
    rationale = c.text(entry, section.get("rationale"), "rationale")
    scenarios, seen = [], set()
    for i, item in enumerate(section.get("scenarios") or [], 1):
        sentry = f"{entry}.scenarios[{i}]"
        sid = item.get("id")
        if not sid or sid in seen:
            c.fail(sentry, f"'id' must be present and unique, not {sid!r}")
        seen.add(sid)
        growth = c.number(sentry, item.get("wage_growth_percent"), "wage_growth_percent", positive=False)
        interest = c.number(sentry, item.get("interest_percent"), "interest_percent", positive=False)
        label = c.text(sentry, item.get("label"), "label")
        for name, value in (("wage_growth_percent", growth), ("interest_percent", interest)):
            if value is not None and not 0 <= value <= 15:
                c.fail(sentry, f"'{name}' {value} is outside the plausible 0–15%")
        if None not in (growth, interest, label):
            scenarios.append(Scenario(sid, label, dec(growth), dec(interest)))
    if not scenarios:
        c.fail(f"{entry}.scenarios", "at least one scenario is required")
    return dict(scenarios=tuple(scenarios), assumptions_rationale=rationale)
