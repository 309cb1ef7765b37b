"""regions.yml (fact kinds, the national block) and regions-*.yml: regions and their facts."""

import re
from typing import Any, List, Optional

from pydantic import root_validator, validator

from knowledge.models.common import KNOWN, MISSING, Date, FactGrade, Model, SourceRef, Text, Year, choice, flat

FACT_TYPES = ("range", "percent", "amount", "amounts", "text")
_VALID = {
    "range": lambda v: isinstance(v, dict)
    and all(isinstance(v.get(k), (int, float)) for k in ("min", "max"))
    and 0 < v["min"] <= v["max"],
    "percent": lambda v: isinstance(v, (int, float)) and 0 < v <= 100,
    "amount": lambda v: isinstance(v, (int, float)) and v > 0,
    "amounts": lambda v: isinstance(v, list) and v and all(isinstance(x, (int, float)) and x > 0 for x in v),
    "text": lambda v: isinstance(v, dict) and all(isinstance(v.get(k), str) and v[k].strip() for k in ("zh", "en")),
}


def check_value(kind: str, value) -> None:
    if not _VALID[kind](value):
        raise ValueError(f"value {value!r} is not a valid {kind}")


class FactKind(Model):
    label: Text = MISSING
    type: choice(FACT_TYPES, show_value=False) = MISSING
    per: Optional[str]
    province_wide: Optional[SourceRef]  # the source saying provinces set this figure province-wide


class Region(Model):
    name: Text = MISSING
    level: str = "province"
    parent: Optional[str]
    aliases: List[Any] = []
    code: Optional[str]  # a 6-digit administrative division code (GB/T 2260)

    @validator("code")
    def _code(cls, code):
        if code is not None and not re.fullmatch(r"\d{6}", code):
            raise ValueError(f"'code' must be a 6-digit division code, not {code!r}")
        return code


class Alternative(Model):
    value: Any = None
    year: Year = MISSING
    source: SourceRef = MISSING


class Fact(Model):
    """One figure or rule of a region, with its year, source, grade and plain caveat."""

    key: str
    value: Any = None
    per: Optional[str]
    year: Year = MISSING
    period: Optional[Text]
    source: SourceRef = MISSING
    confidence: FactGrade = MISSING
    conflict: bool = False
    alternatives: Optional[List[Alternative]]
    note: Optional[Text]
    provenance: Optional[Text]
    valid_from: Optional[Date]
    valid_until: Optional[Date]

    @root_validator(skip_on_failure=False)
    def _conflict_grade(cls, v):
        if v.get("conflict") and v.get("confidence", "C") != "C":
            raise ValueError("a conflicting fact must have confidence C")
        return v

    @root_validator(skip_on_failure=False)
    def _value(cls, v):
        kind = KNOWN.get().fact_kinds[v["key"]]
        if v.get("conflict"):
            if "alternatives" not in v:
                return v  # the alternatives themselves are wrong: reported already
            if len(v["alternatives"] or []) < 2:
                raise ValueError("a conflicting fact lists at least two 'alternatives'")
            for alt in v["alternatives"]:
                check_value(kind, alt.value)
        elif v.get("confidence") == "UNCONFIRMED":
            if v.get("value") is not None:
                raise ValueError("an UNCONFIRMED fact must not carry a value (it is never stated as fact)")
        elif v.get("value") is None:
            if v.get("note") is None:
                raise ValueError("a fact without a value needs a 'note' saying why")
        else:
            check_value(kind, v["value"])
        return v

    @root_validator(skip_on_failure=False)
    def _caveat(cls, v):
        grade = v.get("confidence")
        if grade in ("C", "UNCONFIRMED") and v.get("note") is None:
            raise ValueError(f"a {grade} fact needs a 'note' (the caveat shown with it)")
        return v

    @root_validator(skip_on_failure=True)
    def _period(cls, v):
        start, end = v.get("valid_from"), v.get("valid_until")
        if start and end and end < start:
            raise ValueError(f"'valid_until' {end} is before 'valid_from' {start}")
        return v

    def row(self, region_id: str, position: int) -> dict:
        alternatives = [flat(a) for a in self.alternatives] if self.alternatives else None
        return flat(self, region_id=region_id, position=position, alternatives=alternatives)
