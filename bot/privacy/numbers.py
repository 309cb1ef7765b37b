"""Personal numbers in normalised text: phones, ID cards, bank cards, and the last-resort rule.

People separate digits in every way ("138 1234 5678", "138.1234.5678", "(138)1234-5678",
"1 3 8 …"), so the text is read as *runs*: groups of digits joined by at most MAX_GAP separator
characters. A run (or, when the whole run is no known kind, consecutive groups of it) is
classified by its digits alone:

    PHONE  1[3-9] + 9 digits, optionally after 86 / 0086 (and "+");
           a landline 0 + area code + 7–8 digits (10–12 digits)
    ID     18 characters (…X allowed) or 15 digits with a valid birth date
    CARD   16–19 digits (bank cards, however spaced)
    NUM    last resort: any other run of LAST_RESORT_DIGITS (9) or more digits

The last-resort rule and its trade-off: nothing the assistant needs has nine digits or more.
Contribution bases and pensions are at most six digits (27549, 100000), years four, dates eight
("2025-07-01"), so a run of nine or more unknown digits (a social security card number, a
passport or account number, two numbers typed together) is masked. Two exceptions keep useful
text: a run made only of years ("2023 2024 2025") and a range of two numbers of at most six
digits each ("4775-27549"). What this costs: a nine-digit amount (a hundred million yuan or more)
is masked in storage — the assistant still reads the unmasked text of the current turn.
"""

import re
from dataclasses import dataclass
from typing import Iterator, List, Optional

SEPARATORS = frozenset(" \t\u00a0.-‐‑‒–—―−_·•()[]/\\*")
MAX_GAP = 3  # separator characters allowed between two digits of one number
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


_SEP_CLASS = "".join("\\" + ch if ch in "\\]^-[" else ch for ch in sorted(SEPARATORS))
_RUN = re.compile(f"[0-9]+(?:[{_SEP_CLASS}]{{1,{MAX_GAP}}}[0-9]+)*(?:[Xx](?![A-Za-z0-9]))?")
_GROUP = re.compile("[0-9]+(?:[Xx]$)?")
MAX_RUN_DIGITS = 200  # a longer run is masked whole (NUM), not searched for numbers inside it


def _runs(text: str) -> Iterator[List[Group]]:
    """Runs of digit groups separated by short separator gaps."""
    for run in _RUN.finditer(text):
        yield [
            Group(g.group(0).upper(), run.start() + g.start(), run.start() + g.end())
            for g in _GROUP.finditer(run.group(0))
        ]


def _digits(groups: List[Group]) -> str:
    return "".join(g.digits for g in groups)


def _kept(groups: List[Group]) -> bool:
    """The last-resort exceptions: only years, or a range of two amounts."""
    if all(_YEAR.fullmatch(g.digits) for g in groups):
        return True
    return len(groups) == 2 and all(len(g.digits) <= 6 for g in groups)


def _classify(groups: List[Group], text: str) -> List[Found]:
    whole = _digits(groups)
    kind = kind_of(whole) if len(whole) <= MAX_SEGMENT_DIGITS else None
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
            if kind:
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
