"""Validate pension_rules.yml, the national tables of the calculators, into rows for the database.

The tables are reviewed data, not code: a wrong row must stop the build with a message a reviewer
can act on ('pension_rules.yml: entry: problem'), never produce a silently wrong pension. Every
published example in the file is recomputed with the calculators' own arithmetic, so the table
and the code that reads it cannot drift apart.

Each section becomes one kb_rule_sections row (its source or law article, year, grade, caveat and
scalar parameters) and its table entries kb_rule_rows rows, read back by knowledge.query.rule_tables.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from knowledge.calculators.arithmetic import delay_months, interpolate_divisor, minimum_years_by_rule
from knowledge.models.common import problems
from knowledge.models.pension_rules import Basis

FILE = "pension_rules.yml"
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_AGE = re.compile(r"^(\d{2})-(\d{1,2})$")


@dataclass
class RuleRows:
    """What the build writes: one section row each, and the rows of their tables."""

    sections: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)


class _Check:
    def __init__(self):
        self.out = RuleRows()
        self.divisors = {}  # the divisor table, for checking the interpolation examples

    def fail(self, entry: str, problem: str) -> None:
        self.out.problems.append(f"{FILE}: {entry}: {problem}")

    def text(self, entry, value, name, required=True) -> Optional[dict]:
        if value is None and not required:
            return None
        if not isinstance(value, dict) or not all(
            isinstance(value.get(k), str) and value[k].strip() for k in ("zh", "en")
        ):
            self.fail(entry, f"'{name}' needs non-empty zh and en texts")
            return None
        return {"zh": value["zh"].strip(), "en": value["en"].strip()}

    def number(self, entry, value, name, integer=False, positive=True):
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok or (positive and value <= 0):
            kind = "a positive whole number" if integer else "a positive number"
            self.fail(entry, f"'{name}' must be {kind}, not {value!r}")
            return None
        return value

    def year_month(self, entry, value, name):
        match = _YEAR_MONTH.match(str(value or ""))
        if not match or not 1 <= int(match.group(2)) <= 12:
            self.fail(entry, f"'{name}' must be YYYY-MM, not {value!r}")
            return None
        return int(match.group(1)), int(match.group(2))

    def section(self, key: str, data, params: dict, *, sourced=True) -> None:
        """The common fields (source or law article, year, grade, caveat) and the section row."""
        if not isinstance(data, dict):
            self.fail(key, "section is missing")
            return
        row = {
            "id": key,
            "source_id": None,
            "law_id": None,
            "article": None,
            "year": None,
            "confidence": None,
            "caveat_zh": None,
            "caveat_en": None,
            "note_zh": None,
            "note_en": None,
            "params": params,
        }
        if sourced:
            basis, lines = problems(Basis, data, FILE, key)
            self.out.problems.extend(lines)
            row.update(basis.row() if basis else {})
        self.out.sections.append(row)

    def unique_id(self, entry: str, item: dict, seen: set):
        """The entry's id, reported when it is missing or used twice."""
        found = item.get("id")
        if not found or found in seen:
            self.fail(entry, f"'id' must be present and unique, not {found!r}")
        seen.add(found)
        return found

    def row(self, section: str, key, value) -> None:
        position = sum(r["section_id"] == section for r in self.out.rows)
        self.out.rows.append({"section_id": section, "position": position, "key": str(key), "value": value})


def load_rules(data) -> RuleRows:
    """Rows and problems for the parsed pension_rules.yml (data); sources and law articles are those
    of the build in progress (knowledge.models.common.KNOWN)."""
    c = _Check()
    if not isinstance(data, dict):
        c.fail("-", "top level must be a mapping")
        return c.out
    for name, check in SECTIONS.items():
        section = data.get(name)
        if not isinstance(section, dict):
            c.fail(name, "section is missing")
            continue
        check(c, name, section)
    return c.out


# ---------------------------------------------------------------- one function per section


def _account_divisor(c, key, data):
    table = data.get("table")
    if not isinstance(table, dict):
        c.fail(f"{key}.table", "must map each age 40–70 to its number of months")
        table = {}
    divisors = {}
    for age, months in table.items():
        if not isinstance(age, int) or not 40 <= age <= 70:
            c.fail(f"{key}.table", f"age {age!r} is outside 40–70 or not a whole number")
        elif c.number(f"{key}.table.{age}", months, "months", integer=True) is not None:
            divisors[age] = months
    missing = [a for a in range(40, 71) if a not in table]
    if missing:
        c.fail(f"{key}.table", f"ages {missing} are missing (the official table has every age 40–70)")
    ages = sorted(divisors)
    for a, b in zip(ages, ages[1:], strict=False):
        if divisors[b] >= divisors[a]:
            c.fail(f"{key}.table", f"age {b} ({divisors[b]}) must be fewer months than age {a} ({divisors[a]})")
    c.section(key, data, {})
    for age in ages:
        c.row(key, age, divisors[age])
    c.divisors = divisors


def _divisor_interpolation(c, key, data):
    if data.get("rule") != "monthly_linear":
        c.fail(key, f"'rule' must be monthly_linear, not {data.get('rule')!r}")
    decimals = data.get("decimals")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
        c.fail(key, f"'decimals' must be a whole number 0–4, not {decimals!r}")
        decimals = 1
    examples = data.get("examples") or []
    if not examples:
        c.fail(key, "'examples' must list the published examples the rule reproduces")
    divisors = c.divisors
    for i, ex in enumerate(examples, 1):
        years, months = ex.get("age_years"), ex.get("age_months")
        if (
            years not in divisors
            or not isinstance(months, int)
            or not 0 <= months <= 11
            or (months and years + 1 not in divisors)
        ):
            c.fail(f"{key}.examples[{i}]", f"age {years!r} years {months!r} months is not in the table")
            continue
        got = interpolate_divisor(divisors, years, months, decimals)
        if got != Decimal(str(ex.get("divisor"))):
            c.fail(f"{key}.examples[{i}]", f"the rule gives {got}, the example says {ex.get('divisor')}")
    c.section(key, data, {"rule": "monthly_linear", "decimals": decimals})


def _resident_account_divisor(c, key, data):
    value = c.number(key, data.get("value"), "value", integer=True)
    c.section(key, data, {"value": value})


def _base_band(c, key, data):
    low = c.number(key, data.get("min_percent"), "min_percent")
    high = c.number(key, data.get("max_percent"), "max_percent")
    if low and high and low >= high:
        c.fail(key, f"min_percent {low} must be below max_percent {high}")
    c.section(key, data, {"min_percent": low, "max_percent": high})


def _basic_pension(c, key, data):
    accrual = c.number(key, data.get("accrual_percent_per_year"), "accrual_percent_per_year")
    c.section(key, data, {"accrual_percent_per_year": accrual})


def _retirement_reform(c, key, data):
    start = c.year_month(key, data.get("start"), "start")
    categories, seen = {}, set()
    for i, item in enumerate(data.get("categories") or [], 1):
        entry = f"{key}.categories[{i}]"
        cid = c.unique_id(entry, item, seen)
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
            categories[cid] = {
                "sex": item["sex"],
                "original_age": original,
                "target_age": target,
                "step_months": step,
                "first_birth": list(first),
                "label": label,
            }
    if not categories:
        c.fail(f"{key}.categories", "no usable category")
    for i, ex in enumerate(data.get("examples") or [], 1):
        entry = f"{key}.examples[{i}]"
        cat, birth = categories.get(ex.get("category")), _YEAR_MONTH.match(str(ex.get("birth") or ""))
        age = _AGE.match(str(ex.get("age") or ""))
        if cat is None or not birth or not age:
            c.fail(entry, "needs a known category, birth YYYY-MM and age 'years-months'")
            continue
        delay = delay_months(
            tuple(cat["first_birth"]),
            cat["step_months"],
            cat["target_age"] - cat["original_age"],
            int(birth.group(1)),
            int(birth.group(2)),
        )
        got = divmod(cat["original_age"] * 12 + delay, 12)
        if got != (int(age.group(1)), int(age.group(2))):
            c.fail(entry, f"the rule gives {got[0]}-{got[1]}, the example says {ex.get('age')}")
    c.section(key, data, {"start": list(start) if start else None})
    for cid, value in categories.items():
        c.row(key, cid, value)


def _flexible_retirement(c, key, data):
    c.section(
        key,
        data,
        {name: c.number(key, data.get(name), name, integer=True) for name in ("max_early_months", "max_late_months")},
    )


def _minimum_years(c, key, data):
    base = c.number(key, data.get("base_years"), "base_years")
    rise_from = c.number(key, data.get("rise_from"), "rise_from", integer=True)
    step = c.number(key, data.get("step_months_per_year"), "step_months_per_year", integer=True)
    top = c.number(key, data.get("max_years"), "max_years")
    raw = data.get("schedule")
    if not isinstance(raw, dict) or not raw:
        c.fail(f"{key}.schedule", "must map retirement years to minimum years")
        raw = {}
    params = {"base_years": base, "rise_from": rise_from, "step_months_per_year": step, "max_years": top}
    c.section(key, data, params)
    if None in (base, rise_from, step, top):
        return
    for year, years in raw.items():
        if not isinstance(year, int) or c.number(f"{key}.schedule.{year}", years, "years") is None:
            c.fail(f"{key}.schedule", f"entry {year!r}: {years!r} is not a year and a number of years")
            continue
        expected = minimum_years_by_rule(params, year)
        if Decimal(str(years)) != expected:
            c.fail(f"{key}.schedule.{year}", f"the rule gives {expected} years, the table says {years}")
        c.row(key, year, str(Decimal(str(years))))


def _unemployment_duration(c, key, data):
    qualifying = c.number(key, data.get("qualifying_years"), "qualifying_years")
    cap = c.number(key, data.get("combined_cap_months"), "combined_cap_months", integer=True)
    bands, previous = [], None
    for i, band in enumerate(data.get("bands") or [], 1):
        entry = f"{key}.bands[{i}]"
        start = c.number(entry, band.get("from_years"), "from_years")
        months = c.number(entry, band.get("months"), "months", integer=True)
        if start is None or months is None:
            continue
        if previous and (start <= previous[0] or months <= previous[1]):
            c.fail(entry, "bands must rise in years and months")
        previous = (start, months)
        bands.append((start, months))
    if not bands:
        c.fail(f"{key}.bands", "at least one band is required")
    elif qualifying is not None and bands[0][0] != qualifying:
        c.fail(f"{key}.bands", f"the first band must start at the qualifying {qualifying} years")
    c.section(key, data, {"qualifying_years": qualifying, "combined_cap_months": cap})
    for i, (start, months) in enumerate(bands):
        c.row(key, i, {"from_years": start, "months": months})


def _share(c, entry, value):
    if not isinstance(value, dict):
        c.fail(entry, "'share_cap' needs a numerator and a denominator")
        return None
    top = c.number(entry, value.get("numerator"), "share_cap.numerator", integer=True)
    bottom = c.number(entry, value.get("denominator"), "share_cap.denominator", integer=True)
    if top and bottom and top > bottom:
        c.fail(entry, "'share_cap' cannot be more than the whole contribution")
    return [top, bottom] if top and bottom else None


def _subsidy(c, key, data):
    """A subsidy rule for one group of flexible workers: its share cap and longest duration."""
    if data.get("group") not in ("hardship", "graduate"):
        c.fail(key, f"'group' must be hardship or graduate, not {data.get('group')!r}")
    params = {
        "group": data.get("group"),
        "share_cap": _share(c, key, data.get("share_cap")),
        "max_years": c.number(key, data.get("max_years"), "max_years", integer=True),
    }
    if "left_school_within_years" in data:
        params["left_school_within_years"] = c.number(
            key, data["left_school_within_years"], "left_school_within_years", integer=True
        )
    c.section(key, data, params)


def _subsidy_near_retirement(c, key, data):
    if data.get("group") != "hardship":
        c.fail(key, f"'group' must be hardship, not {data.get('group')!r}")
    c.section(
        key,
        data,
        {
            "group": "hardship",
            "years_left_below": c.number(key, data.get("years_left_below"), "years_left_below", integer=True),
        },
    )


def _assumptions(c, key, data):
    rationale = c.text(key, data.get("rationale"), "rationale")
    seen = set()
    scenarios = []
    for i, item in enumerate(data.get("scenarios") or [], 1):
        entry = f"{key}.scenarios[{i}]"
        sid = c.unique_id(entry, item, seen)
        growth = c.number(entry, item.get("wage_growth_percent"), "wage_growth_percent", positive=False)
        interest = c.number(entry, item.get("interest_percent"), "interest_percent", positive=False)
        label = c.text(entry, item.get("label"), "label")
        for name, value in (("wage_growth_percent", growth), ("interest_percent", interest)):
            if value is not None and not 0 <= value <= 15:
                c.fail(entry, f"'{name}' {value} is outside the plausible 0–15%")
        if None not in (growth, interest, label):
            scenarios.append(
                (sid, {"wage_growth_percent": str(growth), "interest_percent": str(interest), "label": label})
            )
    if not scenarios:
        c.fail(f"{key}.scenarios", "at least one scenario is required")
    c.section(key, data, {"rationale": rationale}, sourced=False)
    for sid, value in scenarios:
        c.row(key, sid, value)


SECTIONS = {
    "account_divisor": _account_divisor,
    "divisor_interpolation": _divisor_interpolation,
    "resident_account_divisor": _resident_account_divisor,
    "base_band": _base_band,
    "basic_pension": _basic_pension,
    "retirement_reform": _retirement_reform,
    "flexible_retirement": _flexible_retirement,
    "minimum_years": _minimum_years,
    "unemployment_duration": _unemployment_duration,
    "contribution_subsidy": _subsidy,
    "graduate_subsidy": _subsidy,
    "subsidy_near_retirement": _subsidy_near_retirement,
    "assumptions": _assumptions,
}
