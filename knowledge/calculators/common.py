"""Shared pieces of the calculators: money rounding, errors, notes, and what a figure rests on.

Money is Decimal throughout (floats drift by fractions of a fen), rounded half up to the fen only
when a figure is shown, so intermediate steps keep full precision.

The calculators return numbers and reason codes, never prose: an assumption or caveat is a Note
(a code and the values its wording needs), an error carries a code and its details (the allowed
range, the year, the source). presentation/calculator.py words them from the catalogue.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Optional

from knowledge.query import Text

FEN = Decimal("0.01")
YUAN = Decimal("1")
HUNDRED = Decimal(100)


class CalculatorError(ValueError):
    """An input the calculators cannot use: a reason code and the details that explain it."""

    kind = "invalid_input"

    def __init__(self, code: str, **details):
        self.code = code
        self.details = details
        super().__init__(f"{code}: {details}")


class InvalidInputError(CalculatorError):
    kind = "invalid_input"


class OutOfRangeError(CalculatorError):
    """A value outside what the rules or the region allow (never clamped silently); details name
    the allowed values, the year and the source."""

    kind = "out_of_range"


class UnknownRegionError(CalculatorError):
    kind = "unknown_region"


@dataclass(frozen=True)
class Note:
    """An assumption or caveat: a reason code and the values its wording needs (name, value) pairs.

    Values are numbers, strings or Text (names and notes that are data in the knowledge base).
    """

    code: str
    values: tuple = ()

    @classmethod
    def of(cls, code: str, **values) -> "Note":
        return cls(code, tuple(sorted(values.items())))

    @property
    def data(self) -> dict:
        return dict(self.values)


def text_note(text: Optional[Text]) -> Optional[Note]:
    """A caveat whose words are data of the knowledge base (a fact's note, a table's caveat)."""
    return Note.of("text", text=text) if text is not None else None


@dataclass(frozen=True)
class Basis:
    """One sourced figure an estimate used: which fact or table, its value, year, grade and source.

    key is the regional fact kind (label: its data label) or the national table (worded by key).
    """

    key: str
    value: str
    year: str
    confidence: str
    source_id: Optional[str]
    source_title: Optional[str] = None
    source_url: Optional[str] = None
    region_id: Optional[str] = None
    label: Optional[Text] = None
    law_id: Optional[str] = None
    article: Optional[int] = None


def dec(value) -> Decimal:
    """Any number or numeric string -> Decimal, going through str() so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise InvalidInputError("not_a_number", given=repr(value))
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise InvalidInputError("not_a_number", given=repr(value)) from None


def money(value) -> Decimal:
    """Round half up to the fen (0.01 yuan)."""
    return dec(value).quantize(FEN, rounding=ROUND_HALF_UP)


def whole_yuan(value) -> Decimal:
    return dec(value).quantize(YUAN, rounding=ROUND_HALF_UP)


def plain(value) -> str:
    """A rate or base without trailing zeros: 20.0 -> '20', 9.50 -> '9.5'."""
    return format(dec(value).normalize(), "f")


def yuan(value) -> str:
    """An amount to the fen: 1432.4 -> '1432.40'."""
    return format(money(value), "f")


def yuan_plain(value) -> str:
    """Whole-yuan bases without decimals, others to the fen: 7162 -> '7162', 7162.5 -> '7162.50'."""
    d = dec(value)
    return plain(d) if d == d.to_integral_value() else yuan(d)


class Status:
    """How far a line (or a whole estimate) can be trusted."""

    OK = "ok"  # figures graded A/B
    CAVEAT = "caveat"  # computed from a grade-C figure; shown with its caveat
    CONFLICT = "conflict"  # sources disagree: no amount is given
    MISSING = "missing"  # no (confirmed) figure in the knowledge base: no amount is given
    NOT_INCLUDED = "not_included"  # not charged here, or no rate recorded (the note says which)
    INVALID = "invalid"  # the chosen base is outside this insurance's own range
    INELIGIBLE = "ineligible"  # too few contribution years for a monthly pension: no amount

    ORDER = (OK, NOT_INCLUDED, CAVEAT, INVALID, INELIGIBLE, MISSING, CONFLICT)

    @classmethod
    def worst(cls, statuses) -> str:
        ranked = [cls.ORDER.index(s) for s in statuses] or [0]
        return cls.ORDER[max(ranked)]


def as_json(value):
    """Numbers, Texts, tuples and Notes of a result as JSON values (for figures and payloads)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Text):
        return {"zh": value.zh, "en": value.en}
    if isinstance(value, Note):
        return {"code": value.code, **{k: as_json(v) for k, v in value.values}}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if hasattr(value, "name_zh") and hasattr(value, "id"):  # a knowledge.query.Region
        return value.id
    return value
