"""Regional figures for the calculators, read only through the knowledge.query API.

Every function takes an optional `query` object (anything with resolve_region and region_facts)
so tests and tools can pass a stand-in; by default the real knowledge.query module is used.
"""
import importlib
import re
from typing import Optional

from knowledge.calculators.common import LOW_CONFIDENCE, Basis, Status, UnknownRegionError, dec, plain
from knowledge.query import Text

NATIONAL = "national"


def query_api(query=None):
    return query if query is not None else importlib.import_module("knowledge.query")


def resolve(region, query=None):
    """Region id, name or alias -> Region; unknown -> UnknownRegionError with a bilingual hint."""
    api = query_api(query)
    found = api.resolve_region(str(region).strip()) if region is not None and str(region).strip() else None
    if found is None:
        raise UnknownRegionError(Text(
            f"没有找到地区“{region}”。请填写省、直辖市或城市名称，例如“北京”“广州”“江苏”。",
            f"Region {region!r} is not known. Give a province, municipality or city, e.g. Beijing, Guangzhou, Jiangsu."),
            region=region)
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


def is_range(value) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(k), (int, float, str)) and not isinstance(value.get(k), bool)
                                           for k in ("min", "max"))


def describe(value) -> str:
    if is_range(value):
        return f"{plain(value['min'])}–{plain(value['max'])}"
    if isinstance(value, (list, tuple)):
        return "/".join(plain(v) for v in value)
    if isinstance(value, dict) and "zh" in value:
        return value["zh"]
    return "—" if value is None else plain(dec(value))


def basis_of(fact) -> Basis:
    return Basis(label=Text(fact.label_zh, fact.label_en), value=describe(fact.value), year=str(fact.year),
                 confidence=fact.confidence, source_id=fact.source_id, source_title=fact.source_title,
                 source_url=fact.source_url, region_id=fact.region_id)


def caveat_of(fact) -> Optional[Text]:
    """What to tell the user alongside a fact that is not plainly reliable (None for A/B facts)."""
    if fact is None:
        return None
    status = status_of(fact)
    if status == Status.OK:
        return None
    note = Text(fact.note_zh, fact.note_en) if getattr(fact, "note_zh", None) else None
    if status == Status.CONFLICT:
        alternatives = "; ".join(
            f"{describe(a.get('value'))} ({a.get('year')}, {a.get('source_id') or a.get('source')})"
            for a in getattr(fact, "alternatives", ()) or () if isinstance(a, dict))
        head = Text(f"{fact.label_zh}：来源互相矛盾" + (f"（{alternatives}）" if alternatives else "") + "，不作计算。",
                    f"{fact.label_en}: the sources disagree" + (f" ({alternatives})" if alternatives else "")
                    + ", so no amount is calculated.")
        return _join(head, note)
    if status == Status.MISSING:
        head = Text(f"{fact.label_zh}：本库没有可核实的数字，不作计算。",
                    f"{fact.label_en}: no verified figure in the knowledge base, so no amount is calculated.")
        return _join(head, note)
    return _join(Text(f"{fact.label_zh}（{fact.year}）：{LOW_CONFIDENCE.zh}", f"{fact.label_en} ({fact.year}): {LOW_CONFIDENCE.en}"), note)


def _join(head: Text, note: Optional[Text]) -> Text:
    return head if note is None else Text(f"{head.zh}{note.zh}", f"{head.en} {note.en}")
