"""vocabulary.yml: insurance types and schemes with their aliases (NLU, jieba and the query layer)."""

from typing import Any, List

from pydantic import validator

from knowledge.models.common import MISSING, Model, Text


class Term(Model):
    id: Any = None
    name: Text = MISSING
    aliases: List[Any] = []

    @validator("aliases")
    def _aliases(cls, value):
        aliases = [str(a).strip() for a in value if str(a).strip()]
        if not aliases:
            raise ValueError("needs at least one alias")
        return aliases
