"""How a question is normalised before anything tries to understand it.

People type full-width letters and digits (ＡＢＣ１２３), Traditional characters (靈活就業),
zero-width and control characters, and punctuation in every width. `normalize` maps all of these
to one form, character by character, so its output has exactly the length of its input: entity
offsets found in the normalised text still point into what the user typed. The NLU pipeline
(bot/nlp/normalizer.py), the gazetteer (bot/nlp/build_pipeline.py) and the staff search
(knowledge/search/) all read text through this module.

- Unicode NFKC per character (a character whose NFKC form is longer, e.g. '½', is kept as it is);
- Traditional -> Simplified Chinese with OpenCC's t2s conversion (the `opencc` package); when a
  phrase conversion would change the length, each character is converted on its own;
- whitespace of any kind, control and format characters (zero-width space, BOM), unpaired
  surrogates and punctuation become one ASCII space each. Kept: '%', and '.' or ',' between two
  digits ('3.5', '3,000'), because amounts and rates need them, and '_' (identifiers).

`key` is the comparison form (normalised, lower-case, without spaces): two questions that differ
only in script, width, case, spacing or punctuation have the same key.
"""

import re
import unicodedata
from functools import lru_cache

SPACE = " "
_KEEP = {"%", "_"}
_NUMBER_MARKS = {".", ","}


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    """One character in its normal form, or a space; always exactly one character."""
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp") or ch.isspace():
        return SPACE
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        folded = ch
    if unicodedata.category(folded).startswith("P") and folded not in _KEEP | _NUMBER_MARKS:
        return SPACE
    return folded


def _to_simplified(text: str) -> str:
    if text.isascii():
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    single = _converter().convert
    return "".join(c if len(c := single(ch)) == 1 else ch for ch in text)


def normalize(text: str) -> str:
    """The normal form of text, of exactly the same length (see the module docstring)."""
    if not text:
        return ""
    chars = [_char(ch) for ch in text]
    for i, ch in enumerate(chars):  # '.' and ',' survive only between two digits
        if ch in _NUMBER_MARKS and not (0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit()):
            chars[i] = SPACE
    return _to_simplified("".join(chars))


_SPACES = re.compile(r"\s+")


def pinyin_key(text: str) -> str:
    """Sound form: the comparison form in toneless pinyin ('灵活就叶' and '灵活就业' -> 'linghuojiuye').

    One-character typos of a Chinese input method are mostly homophones; comparing this form finds
    the word meant (the staff search; the NLU may share it)."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(key(text)))


def key(text: str) -> str:
    """Comparison form: normalised, lower-case, spaces removed ('社保,怎麼交？' -> '社保怎么交')."""
    return _SPACES.sub("", normalize(text).lower())
