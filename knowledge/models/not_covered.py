"""not_covered.yml: subjects people ask about that are not social insurance, and who handles them."""

from typing import Any, Optional

from pydantic import validator

from knowledge.models.common import KNOWN, MISSING, Model, SourceRef, Text
from knowledge.scope import overlapping_term


class Subject(Model):
    name: Text = MISSING
    handled_by: Text = MISSING
    keywords: Any = MISSING
    source: Optional[SourceRef]

    @validator("keywords")
    def _keywords(cls, value):
        """Lower-cased words per language; none may name social insurance itself (knowledge/scope.py)."""
        if not isinstance(value, dict) or not all(isinstance(value.get(k), list) and value[k] for k in ("zh", "en")):
            raise ValueError("'keywords' needs non-empty zh and en lists")
        words = {lang: [str(k).strip().lower() for k in value[lang] if str(k).strip()] for lang in ("zh", "en")}
        for word in words["zh"] + words["en"]:
            term = overlapping_term(word, KNOWN.get().terms)
            if term:
                raise ValueError(f"keyword {word!r} overlaps the social-insurance term {term!r}")
        return words
