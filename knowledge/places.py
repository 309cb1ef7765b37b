"""Finding the places a text names: every division of kb_places, by any of its names.

The one scanner of place names (knowledge.query builds its regions on it; the NLU and the staff
search go through knowledge.query). It reads the text once, left to right, taking the longest
name at each position, so "浙江宁波" is 浙江 then 宁波 and "江北" inside "浙江北部" is not read.
A name several places share ("鼓楼区", "朝阳", "Suzhou") is one mention with several candidates;
`settle` narrows them with the other places the text names ("福州鼓楼区") or the place already
known (the conversation's), and keeps the most specific place when a text names a place and its
province or city ("江苏苏州昆山" → 昆山).
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from sqlalchemy import select

from knowledge import schema
from knowledge.db import session
from knowledge.textnorm import normalize

NATIONAL = "national"  # the knowledge region of the whole country, at the end of every chain

# Which names win when one surface names places through different kinds: the knowledge base's own
# aliases and official names before derived short names and pinyin.
_KIND_RANK = {"alias": 0, "full": 0, "short": 1, "en": 2}
_LEVELS = {"province": 0, "city": 1, "county": 2}


@dataclass(frozen=True)
class Place:
    code: str
    name_zh: str
    name_en: str
    level: str  # province | city | county
    city_code: Optional[str]
    province_code: str

    def within(self, other: "Place") -> bool:
        """True when self lies in other (a county in its city or province, a city in its province)."""
        if other.code == self.code:
            return False
        if other.level == "province":
            return self.province_code == other.code
        return other.level == "city" and self.city_code == other.code


@dataclass(frozen=True)
class Mention:
    surface: str
    start: int
    end: int
    candidates: tuple  # Place, best first; more than one: the name is ambiguous

    @property
    def place(self) -> Optional[Place]:
        return self.candidates[0] if len(self.candidates) == 1 else None


@dataclass(frozen=True)
class _Table:
    places: dict  # code -> Place
    names: dict  # name -> tuple of codes (best kind first)
    every: dict  # name -> every code bearing it, whatever the kind
    longest: int


@lru_cache(maxsize=4)
def _table(url: str) -> _Table:
    with session(url) as s:
        rows = s.scalars(select(schema.Place)).all()
        places = {p.code: Place(p.code, p.name_zh, p.name_en, p.level, p.city_code, p.province_code) for p in rows}
        named = s.execute(select(schema.PlaceName.name, schema.PlaceName.code, schema.PlaceName.kind)).all()
    ranked = {}
    for name, code, kind in named:
        ranked.setdefault(name, {})
        ranked[name][code] = min(ranked[name].get(code, 9), _KIND_RANK.get(kind, 3))
    names = {}
    for name, codes in ranked.items():
        best = min(codes.values())
        names[name] = tuple(
            sorted((c for c, r in codes.items() if r == best), key=lambda c: (_LEVELS[places[c].level], c))
        )
    every = {name: tuple(sorted(codes)) for name, codes in ranked.items()}
    return _Table(places, names, every, max((len(n) for n in names), default=0))


def clear_cache() -> None:
    _table.cache_clear()


def get(url: str, code: str) -> Optional[Place]:
    return _table(url).places.get(code)


def all_places(url: str) -> list:
    return list(_table(url).places.values())


def named(url: str, name: str) -> tuple:
    """The places called exactly name (any of their names), best kind first."""
    table = _table(url)
    return tuple(table.places[c] for c in table.names.get(" ".join(normalize(name).lower().split()), ()))


def bearing(url: str, name: str) -> tuple:
    """Every place that bears name in any of its kinds (the benchmark writes a place unambiguously)."""
    table = _table(url)
    return tuple(table.places[c] for c in table.every.get(" ".join(normalize(name).lower().split()), ()))


def names(url: str) -> dict:
    """name -> codes, for the lexicon (NLU gazetteer, staff search dictionary)."""
    return dict(_table(url).names)


def scan(url: str, text: str) -> list:
    """Every place name in text, leftmost-longest, as Mentions in reading order."""
    table = _table(url)
    low = normalize(text or "").lower()
    out, i = [], 0
    while i < len(low):
        found = None
        if low[i].isascii() and low[i].isalpha() and (i == 0 or not low[i - 1].isalpha()):
            found = _latin_at(table, low, i)
        elif not low[i].isascii():
            for size in range(min(table.longest, len(low) - i), 1, -1):
                piece = low[i : i + size]
                if piece in table.names:
                    found = piece
                    break
        if found:
            codes = table.names[found]
            out.append(Mention(text[i : i + len(found)], i, i + len(found), tuple(table.places[c] for c in codes)))
            i += len(found)
        else:
            i += 1
    return out


_WORD = re.compile(r"[a-z']+")


def _latin_at(table: _Table, low: str, i: int) -> Optional[str]:
    """The longest name of up to three words starting at i ('inner mongolia', 'kunshan')."""
    words = []
    for m in _WORD.finditer(low, i):
        if words and low[words[-1].end() : m.start()].strip():
            break
        words.append(m)
        if len(words) == 3:
            break
    for n in range(len(words), 0, -1):
        piece = low[i : words[n - 1].end()]
        if piece in table.names:
            return piece
    return None


def settle(mentions: list, known: Optional[Place] = None) -> list:
    """The mentions narrowed (module docstring): ancestors named beside a place are dropped."""
    if not mentions:
        return []
    narrowed = []
    for m in mentions:
        others = [c for o in mentions if o is not m for c in o.candidates]
        keep = tuple(c for c in m.candidates if any(c.within(o) or o.within(c) for o in others))
        if not keep and known is not None and len(m.candidates) > 1:
            keep = _near(m.candidates, known)
        narrowed.append(Mention(m.surface, m.start, m.end, keep or m.candidates))
    specific = [
        m
        for m in narrowed
        if not any(o is not m and all(any(c.within(p) for c in o.candidates) for p in m.candidates) for o in narrowed)
    ]
    return specific


def _near(candidates: tuple, known: Place) -> tuple:
    """The candidates nearest the known place: itself, in its city, else in its province."""
    city = known.code if known.level == "city" else known.city_code
    for test in (
        lambda c: c.code == known.code,
        lambda c: city is not None and (c.city_code == city or c.code == city),
        lambda c: c.province_code == known.province_code,
    ):
        near = tuple(c for c in candidates if test(c))
        if near:
            return near
    return ()
