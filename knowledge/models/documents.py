"""documents*.yml: the papers a person may need to bring."""

from typing import List, Optional

from pydantic import root_validator, validator

from knowledge.models.common import MISSING, Grade, Model, Text, Year, at_least_one_cite, cite


class Document(Model):
    name: Text = MISSING
    note: Optional[Text]
    year: Year = MISSING
    confidence: Grade = MISSING
    cites: List[cite(require_summary=False)] = MISSING  # no English summary needed

    _cites = validator("cites", pre=True, allow_reuse=True)(at_least_one_cite)

    @root_validator(skip_on_failure=False)
    def _caveat(cls, v):
        if v.get("confidence") == "C" and v.get("note") is None:
            raise ValueError("a C-grade document needs a 'note' with the caveat")
        return v
