"""pension_rules.yml: where each national table of the calculators comes from.

The tables themselves are checked row by row, with every published example recomputed, in
knowledge/rules_loader.py; this model declares the part every table shares.
"""

from typing import Any, Optional

from pydantic import root_validator

from knowledge.models.common import KNOWN, MISSING, FactGrade, Model, Text, Year


class Basis(Model):
    """A law article or a source, the year, the grade (never UNCONFIRMED) and the caveat a C needs."""

    law: Optional[str]
    article: Any = None
    source: Any = None
    year: Year = MISSING
    confidence: FactGrade = MISSING
    caveat: Optional[Text]
    note: Optional[Text]

    @root_validator(skip_on_failure=False)
    def _cited(cls, v):
        if v.get("law") is not None:
            if (v["law"], v.get("article")) not in KNOWN.get().articles:
                raise ValueError(f"cites {v['law']} art. {v.get('article')}, which does not exist")
        elif v.get("source") not in KNOWN.get().sources:
            raise ValueError(f"unknown source {v.get('source')!r} (not in sources.yml)")
        return v

    @root_validator(skip_on_failure=False)
    def _usable(cls, v):
        if v.get("confidence") == "UNCONFIRMED":
            raise ValueError("an UNCONFIRMED table cannot be used by the calculators")
        if v.get("confidence") == "C" and v.get("caveat") is None and "caveat" in v:
            raise ValueError("'caveat' needs non-empty zh and en texts")
        return v

    def row(self) -> dict:
        pair = lambda text: text or (None, None)  # noqa: E731
        (caveat_zh, caveat_en), (note_zh, note_en) = pair(self.caveat), pair(self.note)
        return {
            "source_id": None if self.law else self.source,
            "law_id": self.law,
            "article": self.article if self.law else None,
            "year": self.year,
            "confidence": self.confidence,
            "caveat_zh": caveat_zh,
            "caveat_en": caveat_en,
            "note_zh": note_zh,
            "note_en": note_en,
        }
