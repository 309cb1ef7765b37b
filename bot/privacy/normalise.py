"""The one normaliser in front of every masker: how people write numbers, mapped to ASCII digits.

Masking must find a phone number however it was typed: full-width (１３８…), circled (①③⑧),
mathematical (𝟏𝟑𝟖), in any script's digits (Arabic-Indic ١٣٨, Devanagari १३८: the Unicode
decimal property), in Chinese numerals (一三八…, 幺三八…, 壹叁捌…, also 一-三-八 and 一、三、八), with
＠ for @, with zero-width characters anywhere. `normalise` maps each character on its own (NFKC,
then its digit value; zero-width and other format characters are dropped), so every character of
the result points back to the character of the original it came from: a match found in the
normalised text is replaced in the original, and everything that is not personal data stays as
the user wrote it. What separates the digits of one number is the detectors' business
(bot.privacy.numbers: any run of non-letters).

This is deliberately separate from the NLU's normaliser (knowledge/textnorm): that one serves
understanding (e.g. Traditional → Simplified), this one serves masking and must never change
with a lexicon.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Tuple

# Chinese numerals read digit by digit, as in a phone number (十, 百 are positional: never here).
NUMERALS = {
    "〇": "0",
    "零": "0",
    "○": "0",
    "洞": "0",
    "一": "1",
    "壹": "1",
    "幺": "1",
    "么": "1",
    "二": "2",
    "贰": "2",
    "貳": "2",
    "两": "2",
    "兩": "2",
    "三": "3",
    "叁": "3",
    "參": "3",
    "四": "4",
    "肆": "4",
    "五": "5",
    "伍": "5",
    "六": "6",
    "陆": "6",
    "陸": "6",
    "七": "7",
    "柒": "7",
    "拐": "7",
    "八": "8",
    "捌": "8",
    "九": "9",
    "玖": "9",
    "勾": "9",
}
# "洞", "拐", "勾", "么" are the radio / hotline readings of 0, 7, 9 and 1.
_CACHE: dict = {}


def char_form(ch: str) -> str:
    """What one character counts as: NFKC ('⑪' -> '11', '𝟏' -> '1'), any other digit as its ASCII
    digit ('١' -> '1', '❶' -> '1'), a format character (zero-width space, joiner, BOM) as nothing.
    Cached."""
    form = _CACHE.get(ch)
    if form is None:
        form = "".join(_fold(c) for c in unicodedata.normalize("NFKC", ch))
        if len(_CACHE) < 20_000:
            _CACHE[ch] = form
    return form


def _fold(c: str) -> str:
    if c.isascii():
        return c
    category = unicodedata.category(c)
    if category == "Cf":
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(c))
    if category == "No":  # ❶, ➀: digits by value; fractions and the like have none
        value = unicodedata.digit(c, None)
        return c if value is None else str(value)
    return c


@dataclass(frozen=True)
class Normalised:
    text: str  # NFKC, numerals as digits: where numbers are looked for
    plain: str  # NFKC only, the same length: where names and e-mail addresses are looked for
    origin: Tuple[int, ...]  # origin[i]: index in the original of the character text[i] came from
    ends: Tuple[int, ...] = ()  # ends[i]: where that character ends in the original (if escaped)

    def span(self, start: int, end: int) -> Tuple[int, int]:
        """The original span of text[start:end]."""
        return self.origin[start], (self.ends[end - 1] if self.ends else self.origin[end - 1] + 1)


# JSON's escapes, as structured logs write non-ASCII text: "\uff11" is "１" (a pair of escapes
# is one character beyond the BMP, "\ud835\udfcf" is "𝟏"), so "\uff11\uff13\uff18…" is a phone.
_ESCAPE = re.compile(r"\\u(?:[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|[0-9a-fA-F]{4})|.", re.DOTALL)


def normalise(text: str) -> Normalised:
    if text.isascii() and "\\u" not in text:  # most log lines, ids and keys: nothing to map
        return Normalised(text, text, tuple(range(len(text))))
    if "\\u" in text:
        return _normalise_escaped(text)
    plain: List[str] = []
    origin: List[int] = []
    for index, ch in enumerate(text):
        form = ch if ch.isascii() else char_form(ch)
        plain.append(form)
        origin.extend([index] * len(form))
    plain_text = "".join(plain)
    return Normalised(_numerals_to_digits(plain_text), plain_text, tuple(origin))


def _normalise_escaped(text: str) -> Normalised:
    plain: List[str] = []
    origin: List[int] = []
    ends: List[int] = []
    for unit in _ESCAPE.finditer(text):
        ch = unit.group(0)
        if len(ch) > 1:
            ch = ch.encode("ascii").decode("unicode_escape").encode("utf-16", "surrogatepass").decode("utf-16")
        form = ch if ch.isascii() else char_form(ch)
        plain.append(form)
        origin.extend([unit.start()] * len(form))
        ends.extend([unit.end()] * len(form))
    plain_text = "".join(plain)
    return Normalised(_numerals_to_digits(plain_text), plain_text, tuple(origin), tuple(ends))


_N = "".join(NUMERALS)
# Numerals read as digits: two or more joined by any run of non-letters ("一三八", "一 三 八",
# "一-三-八", "一、三、八"), or one right next to a digit ("138五"). A numeral alone is a word
# ("三年", "两个月", "第一条", the 三 of "2025 三年") and stays.
_AS_DIGITS = re.compile(f"[{_N}](?:[\\W_]*[{_N}])+|(?<=[0-9])[{_N}]|[{_N}](?=[0-9])")
_NUMERAL = re.compile(f"[{_N}]")


def _numerals_to_digits(text: str) -> str:
    return _AS_DIGITS.sub(lambda m: _NUMERAL.sub(lambda n: NUMERALS[n.group(0)], m.group(0)), text)
