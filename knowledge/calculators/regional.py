"""Regional figures for the calculators, read only through the knowledge.query API.

Every function takes an optional `query` object (anything with resolve_region, region_facts and
rule_tables) so tests and tools can pass a stand-in; by default the real knowledge.query module is
used.
"""

import importlib
import re
from typing import Optional

from knowledge.calculators.common import Basis, Note, Status, UnknownRegionError, dec, plain
from knowledge.places import NATIONAL


def query_api(query=None):
    return query if query is not None else importlib.import_module("knowledge.query")


def resolve(region, query=None):
    """Region id, name or alias -> Region; unknown -> UnknownRegionError."""
    api = query_api(query)
    found = api.resolve_region(str(region).strip()) if region is not None and str(region).strip() else None
    if found is None:
        raise UnknownRegionError("unknown_region", given=str(region or ""))
    return found


def year_of(year_text) -> Optional[int]:
    """First four-digit year in a fact's year text ('2024-03–' -> 2024); None for '现行'."""
    match = re.search(r"\d{4}", str(year_text or ""))
    return int(match.group(0)) if match else None


class RegionalFacts:
    """The facts of one region (own, inherited and national), grouped by key in the API's order."""

    def __init__(self, region, facts, chain):
        self.region = region
        self.chain = chain  # region ids, most specific first, ending with national
        self.by_key = {}
        for fact in facts:
            self.by_key.setdefault(fact.key, []).append(fact)

    def get(self, key: str, year=None):
        """The most specific, newest fact for key (or the one for `year`, if given)."""
        items = self.by_key.get(key, [])
        if year is not None:
            items = [f for f in items if year_of(f.year) == int(year)]
        return items[0] if items else None

    def years(self, key: str) -> list:
        return [f.year for f in self.by_key.get(key, [])]

    def rank(self, fact) -> int:
        """0 for the region's own fact, larger for inherited ones."""
        return self.chain.index(fact.region_id) if fact.region_id in self.chain else len(self.chain)


def load(region, keys: list, query=None) -> RegionalFacts:
    """Resolve the region and fetch keys; national rules fill any key the region chain lacks."""
    api = query_api(query)
    found = resolve(region, api)
    facts = list(api.region_facts(found.id, list(keys)))
    missing = [k for k in keys if not any(f.key == k for f in facts)]
    if missing and found.id != NATIONAL:
        facts += list(api.region_facts(NATIONAL, missing))
    return RegionalFacts(found, facts, _chain(found, api))


def _chain(region, api) -> list:
    chain, current = [], region
    while current is not None and current.id not in chain:
        chain.append(current.id)
        current = api.resolve_region(current.parent_id) if getattr(current, "parent_id", None) else None
    if NATIONAL not in chain:
        chain.append(NATIONAL)
    return chain


def status_of(fact) -> str:
    if fact is None or fact.confidence == "UNCONFIRMED":
        return Status.MISSING
    if fact.conflict:
        return Status.CONFLICT
    if fact.value is None:
        return Status.MISSING
    return Status.CAVEAT if fact.confidence == "C" else Status.OK


def usable(fact) -> bool:
    """A figure that may be computed with (graded A/B, or C with its caveat)."""
    return status_of(fact) in (Status.OK, Status.CAVEAT)


def is_range(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(value.get(k), (int, float, str)) and not isinstance(value.get(k), bool) for k in ("min", "max")
    )


def describe(value) -> str:
    """A fact's value as a short string for its Basis ('7162–35811', '3075/6765', '20')."""
    if is_range(value):
        return f"{plain(value['min'])}–{plain(value['max'])}"
    if isinstance(value, (list, tuple)):
        return "/".join(plain(v) for v in value)
    if isinstance(value, dict) and "zh" in value:
        return value["zh"]
    return "—" if value is None else plain(dec(value))


def basis_of(fact) -> Basis:
    return Basis(
        key=fact.key,
        value=describe(fact.value),
        year=str(fact.year),
        confidence=fact.confidence,
        source_id=fact.source_id,
        source_title=fact.source_title,
        source_url=fact.source_url,
        region_id=fact.region_id,
        label=fact.label,
    )


def caveat_of(fact) -> Optional[Note]:
    """What to tell the user alongside a fact that is not plainly reliable (None for A/B facts)."""
    if fact is None:
        return None
    status = status_of(fact)
    if status == Status.OK:
        return None
    values = dict(label=fact.label, year=str(fact.year), note=fact.note)
    if status == Status.CONFLICT:
        alternatives = tuple(
            (describe(a.get("value")), str(a.get("year")), a.get("source_id") or a.get("source"))
            for a in getattr(fact, "alternatives", ()) or ()
            if isinstance(a, dict)
        )
        return Note.of("fact_conflict", alternatives=alternatives, **values)
    if status == Status.MISSING:
        return Note.of("fact_unverified", **values)
    return Note.of("fact_low_confidence", **values)
