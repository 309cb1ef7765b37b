"""Chinese numerals as used in article numbers (第五十八条) and the reverse, for labels."""

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
# No statute has ten thousand articles; a larger "article number" is not one (and would not fit a
# database integer: "第99999999999999999999999条" raised OverflowError in the query).
MAX_ARTICLE = 9999

ARTICLE_PATTERN = re.compile(
    r"第\s*([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)\s*条"
    r"|(?<![0-9０-９])([0-9０-９]{1,3})\s*条"
    r"|(?:\bart(?:icle)?s?\.?|§)\s*([0-9０-９]+)",
    re.IGNORECASE,
)


def cn_to_int(text: str) -> int:
    """Parse '五十八', '一百零二', '十', '三万五千', '两万' or Arabic digits; raises ValueError on anything else.

    The one reader of Chinese numerals: article numbers here, ages, years and amounts in
    assistant/calc_inputs.py."""
    text = text.strip().translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS and ch != "万" for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, section, current = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if current is None else current) * _UNITS[ch]
            current = None
        else:  # 万
            total += (section + (current or 0)) * 10000
            section, current = 0, None
    return total + section + (current or 0)


def int_to_cn(number: int) -> str:
    """58 -> '五十八', 10 -> '十', 102 -> '一百零二' (the form used in statute headings)."""
    if not 0 < number < 10000:
        raise ValueError(f"out of range: {number}")
    names = "零一二三四五六七八九"
    parts, zero_pending = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(("" if (digit == 1 and unit == "十" and not parts) else names[digit]) + unit)
    return "".join(parts)


def is_article_number(number) -> bool:
    return isinstance(number, int) and not isinstance(number, bool) and 0 < number <= MAX_ARTICLE


def find_article_numbers(text: str) -> list:
    """All article numbers mentioned in free text ('第58条', '第五十八条', 'Art. 58'), in range."""
    numbers = []
    for match in ARTICLE_PATTERN.finditer(text or ""):
        raw = match.group(1) or match.group(2) or match.group(3)
        if len(raw) > 12:  # a digit string this long is no article number (and int() of it is slow)
            continue
        try:
            number = cn_to_int(raw)
        except ValueError:
            continue
        if is_article_number(number):
            numbers.append(number)
    return numbers
