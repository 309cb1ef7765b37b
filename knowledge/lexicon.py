"""The one lexicon of names the knowledge base knows: places, insurance types, schemes and laws.

Every place that recognises a name reads it from here, so they agree on what counts as one:
the NLU gazetteer and jieba's user words (bot/nlp/build_pipeline.py), and the staff search's
canonical tokens and dictionary (knowledge/search/). Surfaces are in the normal form of
knowledge/textnorm.py (what the NLU pipeline and the search read), with runs of spaces collapsed;
names shorter than two characters and the country as a whole ('全国', 'China': not a place to
filter by) are left out.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge import schema
from knowledge.db import session
from knowledge.query import NATIONAL
from knowledge.textnorm import normalize

REGION, INSURANCE_TYPE, SCHEME, LAW = "region", "insurance_type", "scheme", "law"


@dataclass(frozen=True, order=True)
class Name:
    surface: str  # normalised, as a user would type it
    kind: str  # region | insurance_type | scheme | law
    id: str  # the canonical id (region id, vocabulary id, law id)


def surface(text: str) -> str:
    return " ".join(normalize(text or "").split())


def from_session(s: Session) -> list:
    """Every name, sorted, each (surface, kind, id) once; reads the database being built, too."""
    raw = []
    for rid, zh, en in s.execute(select(schema.Region.id, schema.Region.name_zh, schema.Region.name_en)).all():
        raw += [(zh, REGION, rid), (en, REGION, rid)]
    raw += [
        (alias, REGION, rid)
        for alias, rid in s.execute(select(schema.RegionAlias.alias, schema.RegionAlias.region_id)).all()
    ]
    # Every division by its names (knowledge/divisions.py); the id is its knowledge region's, or its code.
    by_code = dict(s.execute(select(schema.Region.code, schema.Region.id).where(schema.Region.code.isnot(None))).all())
    raw += [
        (name, REGION, by_code.get(code, code))
        for name, code in s.execute(select(schema.PlaceName.name, schema.PlaceName.code)).all()
    ]
    for term in s.scalars(select(schema.Vocabulary)).all():
        raw += [(alias, term.kind, term.id) for alias in [*term.aliases, term.name_zh, term.name_en]]
    for law in s.scalars(select(schema.Law)).all():
        raw += [(name, LAW, law.id) for name in (law.title_zh, law.short_zh, law.title_en, law.short_en)]
    names = {
        Name(surface(text), kind, ident) for text, kind, ident in raw if not (kind == REGION and ident == NATIONAL)
    }
    return sorted(n for n in names if len(n.surface) >= 2)


def names(url: str = None, kinds: tuple = None) -> list:
    """The lexicon of the configured knowledge base (or url), optionally only some kinds."""
    with session(url) as s:
        found = from_session(s)
    return [n for n in found if kinds is None or n.kind in kinds]


def domain_words(found: list) -> list:
    """Chinese names, for jieba's user dictionary (so '灵活就业人员' stays one word)."""
    return sorted({n.surface for n in found if not n.surface.isascii()})
