"""Shared pieces of the calculators: money rounding, errors, and the record of what a figure rests on.

Money is Decimal throughout (floats drift by fractions of a fen), rounded half up to the fen only
when a figure is shown, so intermediate steps keep full precision.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Optional

from knowledge.query import Text

FEN = Decimal("0.01")
YUAN = Decimal("1")
HUNDRED = Decimal(100)

ESTIMATE_LABEL = Text(
    "估算结果，仅供参考：以当地社保经办机构或税务部门核定的金额为准。",
    "Estimate only: the amount set by the local social insurance office or tax bureau prevails.",
)
LOW_CONFIDENCE = Text(
    "该数字来自二手、推算或未核对原文的资料（C级），请向12333或当地经办机构核实。",
    "This figure comes from a secondary, derived or unchecked source (grade C); please confirm with 12333 or the local office.",
)


def dec(value) -> Decimal:
    """Any number or numeric string -> Decimal, going through str() so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise InvalidInputError(Text(f"不是数字：{value!r}", f"not a number: {value!r}"))
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise InvalidInputError(Text(f"不是数字：{value!r}", f"not a number: {value!r}")) from None


def money(value) -> Decimal:
    """Round half up to the fen (0.01 yuan)."""
    return dec(value).quantize(FEN, rounding=ROUND_HALF_UP)


def whole_yuan(value) -> Decimal:
    return dec(value).quantize(YUAN, rounding=ROUND_HALF_UP)


def plain(value) -> str:
    """A rate or base for display without trailing zeros: 20.0 -> '20', 9.50 -> '9.5'."""
    return format(dec(value).normalize(), "f")


def yuan(value) -> str:
    """An amount for display, to the fen: 1432.4 -> '1432.40'."""
    return format(money(value), "f")


class CalculatorError(ValueError):
    """An input the calculators cannot use; carries a bilingual explanation for the user."""

    code = "invalid_input"

    def __init__(self, message: Text, **details):
        self.message = message
        self.details = details
        super().__init__(f"{message.en} / {message.zh}")


class InvalidInputError(CalculatorError):
    code = "invalid_input"


class OutOfRangeError(CalculatorError):
    """A base, percentage or grade outside what the region allows (never clamped silently)."""

    code = "out_of_range"


class UnknownRegionError(CalculatorError):
    code = "unknown_region"


@dataclass(frozen=True)
class Basis:
    """One sourced figure an estimate used: what it is, its value, year, grade and source."""

    label: Text
    value: str
    year: str
    confidence: str
    source_id: str
    source_title: Optional[str] = None
    source_url: Optional[str] = None
    region_id: Optional[str] = None


class Status:
    """How far a line (or a whole estimate) can be trusted."""

    OK = "ok"                  # figures graded A/B
    CAVEAT = "caveat"          # computed from a grade-C figure; shown with its caveat
    CONFLICT = "conflict"      # sources disagree: no amount is given
    MISSING = "missing"        # no (confirmed) figure in the knowledge base: no amount is given
    NOT_INCLUDED = "not_included"  # not charged here, or no rate recorded (the note says which)
    INVALID = "invalid"        # the chosen base is outside this insurance's own range
    INELIGIBLE = "ineligible"  # too few contribution years for a monthly pension: no amount

    ORDER = (OK, NOT_INCLUDED, CAVEAT, INVALID, INELIGIBLE, MISSING, CONFLICT)

    @classmethod
    def worst(cls, statuses) -> str:
        ranked = [cls.ORDER.index(s) for s in statuses] or [0]
        return cls.ORDER[max(ranked)]
