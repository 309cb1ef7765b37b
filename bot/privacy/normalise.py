"""The one normaliser in front of every masker: how people write numbers, mapped to ASCII digits.

Masking must find a phone number however it was typed: full-width (１３８…), in Chinese numerals
(一三八…, 幺三八…, 壹叁捌…), with ＠ for @, with an ideographic space. `normalise` maps each
character on its own (NFKC, then the numeral table), so every character of the result points
back to the character of the original it came from: a match found in the normalised text is
replaced in the original, and everything that is not personal data stays as the user wrote it.

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
    """NFKC of one character (possibly several characters, e.g. '⑪' -> '11'), cached."""
    form = _CACHE.get(ch)
    if form is None:
        form = unicodedata.normalize("NFKC", ch)
        if len(_CACHE) < 20_000:
            _CACHE[ch] = form
    return form


@dataclass(frozen=True)
class Normalised:
    text: str  # NFKC, numerals as digits: where numbers are looked for
    plain: str  # NFKC only, the same length: where names and e-mail addresses are looked for
    origin: Tuple[int, ...]  # origin[i]: index in the original of the character text[i] came from

    def span(self, start: int, end: int) -> Tuple[int, int]:
        """The original span of text[start:end]."""
        return self.origin[start], self.origin[end - 1] + 1


def normalise(text: str) -> Normalised:
    if unicodedata.is_normalized("NFKC", text):  # most text: nothing to map, one pass in C
        return Normalised(_numerals_to_digits(text), text, tuple(range(len(text))))
    plain: List[str] = []
    origin: List[int] = []
    for index, ch in enumerate(text):
        form = ch if ch.isascii() else char_form(ch)
        plain.append(form)
        origin.extend([index] * len(form))
    plain_text = "".join(plain)
    return Normalised(_numerals_to_digits(plain_text), plain_text, tuple(origin))


_N = "".join(NUMERALS)
_D = "0-9" + _N
# A numeral next to a digit-like character, or spelled one by one ("一 三 八").
_NUMERAL_AS_DIGIT = re.compile(f"(?<=[{_D}])[{_N}]|[{_N}](?=[{_D}])|(?<=[{_N}] )[{_N}]|[{_N}](?= [{_N}])")


def _numerals_to_digits(text: str) -> str:
    """Numerals next to another digit-like character become digits ("一三八", "138五"), and so do
    numerals spelled one by one ("一 三 八"); a lone numeral is a word ("三年", "两个月", the 三 of
    "2025 三年") and stays."""
    return _NUMERAL_AS_DIGIT.sub(lambda m: NUMERALS[m.group(0)], text)
