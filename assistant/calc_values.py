"""What the calculator reads from a message: the Values, and the normal form it reads them from
(full-width digits and punctuation folded, Chinese numerals before a unit written as digits)."""

import re
import unicodedata
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import Optional

from knowledge.numerals import cn_to_int

_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，：／－", "0123456789%.,:/-")
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
# A Chinese numeral is converted only when a unit follows it, so 一下 / 一起 stay words.
_CN_FOLLOW = re.compile(r"\s*(?:周岁|岁|年|个月|月|档|级|元|块|%|多岁|来岁|交|缴|的基数)")
MONTHS_EN = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_EN = r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"

INSURANCES = ("pension", "medical", "unemployment")


@dataclass
class Values:
    """What one message said; None means 'not mentioned'."""

    stop: bool = False
    restart: bool = False
    age: Optional[int] = None
    birth_year: Optional[int] = None
    birth_month: Optional[int] = None
    sex: Optional[str] = None  # male | female
    female_age: Optional[int] = None  # the original statutory age of a woman: 50 | 55
    paid_months: Optional[int] = None
    retire_age: Optional[int] = None  # a retirement age the person named ("60岁退休")
    retire_year: Optional[int] = None  # a retirement year ("2035年退休")
    rural: Optional[bool] = None  # rural hukou (True) or urban (False)
    group: Optional[str] = None  # hardship | 4050 | graduate: who may get a contribution subsidy
    category: Optional[str] = None  # worker | cadre | flexible | rural | public (what the person does)
    base: Optional[str] = None  # lowest | highest | "60%" | "grade 3" | "8000"
    balance: Optional[str] = None  # "35000" or "unknown"
    insurances: Optional[tuple] = None  # subset of INSURANCES, in that order
    compare: Optional[bool] = None  # compare with the resident scheme
    numbers: list = field(default_factory=list)  # every number left unexplained (for hints)

    def found(self) -> dict:
        """The values the message gave, by name (stop/restart/numbers excluded)."""
        skip = {"stop", "restart", "numbers"}
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in skip and getattr(self, f.name) is not None
        }


# ---------------------------------------------------------------- normalising


def _cn_value(run: str) -> Optional[int]:
    """'三十八' -> 38, '八千' -> 8000, '三万五千' -> 35000, '两万' -> 20000 (knowledge.numerals)."""
    try:
        return cn_to_int(run)
    except ValueError:
        return None


def normalise(text: str) -> str:
    """Half-width digits, lower case, 百分之六十 -> 60%, Chinese numerals before units -> digits."""
    text = unicodedata.normalize("NFKC", text or "").translate(_FULLWIDTH).lower()
    text = re.sub(
        r"百分之\s*([零〇一二两三四五六七八九十百]+|\d+(?:\.\d+)?)",
        lambda m: f"{m.group(1) if m.group(1)[0].isdigit() else _cn_value(m.group(1))}%",
        text,
    )

    def convert(match):
        run = match.group(0)
        if not _CN_FOLLOW.match(text, match.end()) or run in ("万", "千", "百"):
            return run
        value = _cn_value(run)
        return run if value is None else str(value)

    text = _CN_RUN.sub(convert, text)
    text = re.sub(r"(\d),(\d{3})", r"\1\2", text)  # 8,000 -> 8000
    return text


def read_amount(number: str, unit: Optional[str]) -> Optional[Decimal]:
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    factor = {"万": 10000, "w": 10000, "千": 1000, "k": 1000}.get((unit or "").strip(), 1)
    return value * factor


def plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


class Reading:
    """The message being read; spans that were understood are blanked so nothing is read twice."""

    def __init__(self, text: str):
        self.text = text

    def take(self, pattern, flags=0):
        match = re.search(pattern, self.text, flags)
        if match:
            self.text = self.text[: match.start()] + " " * (match.end() - match.start()) + self.text[match.end() :]
        return match

    def has(self, pattern) -> bool:
        return re.search(pattern, self.text) is not None
