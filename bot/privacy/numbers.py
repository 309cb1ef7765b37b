"""Personal numbers in normalised text: phones, ID cards, bank cards, and the last-resort rule.

People separate digits in every way ("138 1234 5678", "138，1234，5678", "138・1234・5678",
"(138)1234-5678", a line break, a run of spaces), so the text is read as *runs*: groups of digits
joined by any run of characters that are not letters (Chinese characters are letters: "2035年退休"
is one group, "交了9年，基数7162元" two runs). A run (or, when the whole run is no known kind,
consecutive groups of it) is classified by its digits alone:

    PHONE  1[3-9] + 9 digits, optionally after 86 / 0086 (and "+");
           a landline 0 + area code + 7–8 digits (10–12 digits)
    ID     18 characters (…X allowed) or 15 digits with a valid birth date
    CARD   16–19 digits (bank cards, however spaced)
    NUM    last resort: any other run of LAST_RESORT_DIGITS (9) or more digits

Some non-letters never join digits: %‰×÷=<>+:|$¥€£ (a sum, a share, a price, a clock time, a
table). Dates ("2025-07-01", "2025/7/1") are groups too, but a number made of nothing else is
none of these ("2025-07-01~2026-06-30" stays; an ID written "110105-1949-12-31-002X" is still an
ID), and neither is a list of round amounts ("100、200、300、400、500、600").

The last-resort rule and its trade-off: nothing the assistant needs has nine digits or more.
Contribution bases and pensions are at most six digits (27549, 100000), years four, dates eight
("2025-07-01"), so a run of nine or more unknown digits (a social security card number, a
passport or account number, two numbers typed together) is masked. Exceptions keep useful text:
a run made only of years and dates ("2023 2024 2025"), a range of two numbers of at most six
digits each ("4775-27549"), and a list of such numbers ("4775，5100，6235"). What this costs: a
nine-digit amount (a hundred million yuan or more) is masked in storage — the assistant still
reads the unmasked text of the current turn — and an unknown number typed as a list of short
groups ("1234，5678，9012") is not.
"""

import re
from dataclasses import dataclass
from typing import Iterator, List, Optional

LAST_RESORT_DIGITS = 9
MAX_SEGMENT_DIGITS = 23  # "0086" + a 19-digit card: longer segments are never one number

_PHONE = re.compile(r"(?:0086|86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{9,11}")
_ID18 = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]")
_ID15 = re.compile(r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")
_CARD = re.compile(r"\d{16,19}")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Group:
    digits: str
    start: int  # in the normalised text
    end: int
    soft: bool = False  # part of a date
    gap: str = ""  # the separator before it


@dataclass(frozen=True)
class Found:
    kind: str
    start: int  # in the normalised text
    end: int
    canonical: str  # what the tag is computed from


def kind_of(digits: str) -> Optional[str]:
    if _PHONE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return "PHONE"
    if _ID18.fullmatch(digits) or _ID15.fullmatch(digits):
        return "ID"
    if _CARD.fullmatch(digits):
        return "CARD"
    return None


def canonical(kind: str, digits: str) -> str:
    """One form per number, so '+86 138…' and '138…' get the same tag."""
    if kind == "PHONE" and digits.startswith(("0086", "86")) and len(digits) > 11:
        return digits[-11:]
    return digits


# Not separators: what makes digits a sum, a share, a price, a time or a table cell.
NOT_SEPARATORS = "%‰‱×÷=<>+:|$¥€£"
# A separator is any run of other non-letters (\w is letters, digits and "_").
_SEP = f"(?:[^\\w{re.escape(NOT_SEPARATORS)}]|_)"
_RUN = re.compile(f"[0-9]+(?:{_SEP}+[0-9]+)*(?:[Xx](?![A-Za-z0-9]))?")
_DATE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12][0-9]|3[01])(?![0-9])")
_LIST_GAP = re.compile("[,、;\n]")  # (after NFKC: ， is ",", ； is ";")
_GROUP = re.compile("[0-9]+(?:[Xx]$)?")
MAX_RUN_DIGITS = 200  # a longer run is masked whole (NUM), not searched for numbers inside it


def _runs(text: str) -> Iterator[List[Group]]:
    """Runs of digit groups separated by runs of non-letters."""
    for run in _RUN.finditer(text):
        body = run.group(0)
        soft = [(m.start(), m.end()) for m in _DATE.finditer(body)]
        groups, last = [], 0
        for g in _GROUP.finditer(body):
            dated = any(s <= g.start() and g.end() <= e for s, e in soft)
            groups.append(
                Group(g.group(0).upper(), run.start() + g.start(), run.start() + g.end(), dated, body[last : g.start()])
            )
            last = g.end()
        yield groups


def _digits(groups: List[Group]) -> str:
    return "".join(g.digits for g in groups)


def _kept(groups: List[Group]) -> bool:
    """The last-resort exceptions: only years and dates, a range of two amounts, a list of amounts."""
    if all(g.soft or _YEAR.fullmatch(g.digits) for g in groups) or _no_number(groups):
        return True
    if not all(len(g.digits) <= 6 for g in groups):
        return False
    return len(groups) == 2 or any(_LIST_GAP.search(g.gap) for g in groups[1:])


def _no_number(groups: List[Group]) -> bool:
    """Groups that look like one number by their digits but are not: dates only
    ("2025-07-01~2026-06-30"), or a list of amounts ("100、200、300、400、500、600", "4952, 6000,
    7000, 8000": rising amounts without leading zeros, half of them or more round hundreds)."""
    if all(g.soft for g in groups):
        return True
    if len(groups) < 3 or not all(g.digits.isdigit() and g.digits[0] != "0" for g in groups):
        return False
    rounds = sum(1 for g in groups if len(g.digits) >= 3 and g.digits.endswith("00"))
    rising = all(int(a.digits) < int(b.digits) for a, b in zip(groups, groups[1:], strict=False))
    return rising and 2 * rounds >= len(groups)


def _classify(groups: List[Group], text: str) -> List[Found]:
    whole = _digits(groups)
    kind = kind_of(whole) if len(whole) <= MAX_SEGMENT_DIGITS and not _no_number(groups) else None
    if kind:
        return [_found(kind, groups, text)]
    if len(whole) > MAX_RUN_DIGITS:
        return [_found("NUM", groups, text)]
    found: List[Found] = []
    i, leftover = 0, []
    while i < len(groups):
        best = None
        length = 0
        for j in range(i, len(groups)):
            length += len(groups[j].digits)
            if length > MAX_SEGMENT_DIGITS:
                break
            kind = kind_of(_digits(groups[i : j + 1]))
            if kind and not _no_number(groups[i : j + 1]):
                best = (j, kind)
        if best:
            if leftover:
                found += _last_resort(leftover, text)
                leftover = []
            j, kind = best
            found.append(_found(kind, groups[i : j + 1], text))
            i = j + 1
        else:
            leftover.append(groups[i])
            i += 1
    if leftover:
        found += _last_resort(leftover, text)
    return found


def _last_resort(groups: List[Group], text: str) -> List[Found]:
    digits = _digits(groups)
    if len(digits.rstrip("X")) < LAST_RESORT_DIGITS or _kept(groups):
        return []
    return [_found("NUM", groups, text)]


def _found(kind: str, groups: List[Group], text: str) -> Found:
    start, end = groups[0].start, groups[-1].end
    digits = _digits(groups)
    if kind == "PHONE" and digits.startswith("86") and start > 0 and text[start - 1] == "+":
        start -= 1
    if kind != "ID":
        digits = digits.rstrip("X")
        if groups[-1].digits.endswith("X"):
            end -= 1
    return Found(kind, start, end, canonical(kind, digits))


def find_numbers(text: str) -> List[Found]:
    """Every personal number in the normalised `text`."""
    found: List[Found] = []
    for run in _runs(text):
        if sum(len(g.digits) for g in run) >= LAST_RESORT_DIGITS:
            found += _classify(run, text)
    return found
