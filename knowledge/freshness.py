"""How current the regional figures are: which are old, which have lapsed, which are due again.

Bases and amounts are republished every year. A figure stays the answer until its successor is in
the knowledge base, but a citizen must be told which year it belongs to and, once the next year's
figure is due, that it is not here yet. The build prints the same view for reviewers
(`make kb`) and refuses a national fact past its end date: a national rule is never silently stale.

Dates are passed in (today), never read from the clock here, so the rules are testable.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

# Kinds republished every year (bases, amounts); a rate or a rule text has no yearly successor.
YEARLY_KINDS = ("range", "amount", "amounts")
PROVINCE_LEVELS = ("province", "municipality", "autonomous_region")
_YEAR = re.compile(r"(\d{4})")


def figure_year(year: str) -> Optional[int]:
    """The last calendar year a figure belongs to; None for an open-ended rule ("2019–", "现行")."""
    text = str(year or "").strip()
    if not text or text.endswith(("–", "-", "起")):
        return None
    years = _YEAR.findall(text)
    return int(years[-1]) if years else None


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def due_year(
    kind: str, year: str, valid_from: Optional[str], valid_until: Optional[str], today: dt.date
) -> Optional[int]:
    """The latest year whose figure should have replaced this one by today, or None if none is due.

    A yearly figure is followed a year after it took effect (valid_from), or on 1 January of the
    next year when its start is not recorded. A figure with an end date is reported as lapsed
    instead (knowledge.query.RegionFact.lapsed).
    """
    last = figure_year(year)
    if kind not in YEARLY_KINDS or last is None or valid_until is not None:
        return None
    start = dt.date.fromisoformat(valid_from) if valid_from else dt.date(last, 1, 1)
    elapsed = 0
    while _add_years(start, elapsed + 1) <= today:
        elapsed += 1
    return start.year + elapsed if elapsed else None


def missing_successors(facts: Iterable, today: dt.date) -> dict:
    """{id(fact): year} for each fact whose next figure is due and not among facts.

    facts are objects or dicts with key, kind, region_id, year, valid_from, valid_until; a later
    figure of the same key and region counts as the successor.
    """
    facts = list(facts)
    latest = {}
    for f in facts:
        year = figure_year(_get(f, "year")) or 0
        slot = (_get(f, "region_id"), _get(f, "key"))
        latest[slot] = max(latest.get(slot, 0), year)
    out = {}
    for f in facts:
        if (figure_year(_get(f, "year")) or 0) < latest[(_get(f, "region_id"), _get(f, "key"))]:
            continue
        due = due_year(_get(f, "kind"), _get(f, "year"), _get(f, "valid_from"), _get(f, "valid_until"), today)
        if due is not None:
            out[id(f)] = due
    return out


def _get(item, name):
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


@dataclass
class Report:
    """What `make kb` prints: old figures, lapsed rules, provinces without a current figure."""

    today: dt.date
    old: list = field(default_factory=list)  # "region key year" older than last year
    lapsed: list = field(default_factory=list)  # "region key valid_until"
    national_lapsed: list = field(default_factory=list)  # the ones that stop the build
    due: list = field(default_factory=list)  # "region key year → due"
    provinces_without_current: list = field(default_factory=list)
    facts: int = 0

    def lines(self) -> list:
        head = (
            f"freshness on {self.today}: {self.facts} facts; {len(self.old)} older than "
            f"{self.today.year - 1}; {len(self.lapsed)} past their end date "
            f"({len(self.national_lapsed)} national); {len(self.due)} with next year's figure due; "
            f"{len(self.provinces_without_current)} provinces without a {self.today.year - 1}–"
            f"{self.today.year} figure"
        )
        out = [head]
        for title, items in (
            (f"older than {self.today.year - 1}", self.old),
            ("past their end date", self.lapsed),
            ("next year's figure due", self.due),
            ("provinces without current figures", self.provinces_without_current),
        ):
            if items:
                out.append(f"  {title}: " + ", ".join(items))
        return out


def report(facts: list, kinds: dict, regions: list, today: dt.date) -> Report:
    """The freshness of the built facts (the loader's dicts), kinds: fact key → value type."""
    rows = [{**f, "kind": kinds.get(f["key"])} for f in facts]
    out = Report(today=today, facts=len(rows))
    for f in rows:
        label = f"{f['region_id']}.{f['key']}"
        year = figure_year(f["year"])
        if year is not None and year < today.year - 1 and f["value"] is not None:
            out.old.append(f"{label} {f['year']}")
        if f.get("valid_until") and dt.date.fromisoformat(f["valid_until"]) < today:
            out.lapsed.append(f"{label} (until {f['valid_until']})")
            if f["region_id"] == "national":
                out.national_lapsed.append(f)
    due = missing_successors(rows, today)
    out.due = [f"{f['region_id']}.{f['key']} {f['year']} → {due[id(f)]}" for f in rows if id(f) in due]
    current = _current_dated(rows, today)
    out.provinces_without_current = [
        r["id"] for r in regions if r["level"] in PROVINCE_LEVELS and r["id"] not in current
    ]
    return out


def _current_dated(rows: list, today: dt.date) -> set:
    """Regions with at least one dated figure of last year or this year."""
    return {f["region_id"] for f in rows if (figure_year(f["year"]) or 0) >= today.year - 1}
