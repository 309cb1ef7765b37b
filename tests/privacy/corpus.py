"""The generated personal-number corpus: every number type × every spelling, and an independent
search for any of them in clear (tests/privacy, tests/security).

The search does not use bot.privacy: it folds text its own way (JSON escapes decoded, NFKC, the
Unicode digit value, Chinese numerals, zero-width characters dropped), removes everything but
letters, digits and @,
and looks for each number's digits. A masker that misses a spelling is caught here even when the
masker's own normaliser has the same blind spot.
"""

import re
import unicodedata
from typing import List, NamedTuple

# One number per type and spelling ({i}: the spelling's index), so that a finding names the exact
# spelling that leaked; the fixed digits keep the types apart.
NUMBERS = {
    "phone": "158{i:03d}67019",
    "phone+86": "+86159{i:03d}36587",
    "phone0086": "0086136{i:03d}45813",
    "id18": "110{i:03d}19491231002X",
    "id18-digits": "440{i:03d}198506123417",
    "id15": "110{i:03d}491231002",
    "card16": "6222{i:03d}234567890",
    "card19": "6217{i:03d}234567890123",
}
EMAIL = ("lisi.w{letter}", "example.com")

CHINESE = "〇一二三四五六七八九"
FORMAL = "零壹贰叁肆伍陆柒捌玖"
CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨"
BOLD = "".join(chr(0x1D7CE + d) for d in range(10))  # 𝟎…𝟗
DOUBLE_STRUCK = "".join(chr(0x1D7D8 + d) for d in range(10))
ARABIC_INDIC = "".join(chr(0x0660 + d) for d in range(10))
DEVANAGARI = "".join(chr(0x0966 + d) for d in range(10))
FULL_WIDTH = "".join(chr(0xFF10 + d) for d in range(10))


def _digits(table: str):
    return lambda s: "".join(table[int(c)] if c.isdigit() else c for c in s)


def _grouped(sep: str, sizes=(3, 4, 4, 4, 4)):
    def spell(s: str) -> str:
        out, i = [], 0
        for size in sizes:
            if i >= len(s):
                break
            out.append(s[i : i + size])
            i += size
        if i < len(s):
            out.append(s[i:])
        return sep.join(out)

    return spell


def _each(sep: str):
    return lambda s: sep.join(s)


# name -> how a digit string is written. Prefixes (+, 00) and the ID's X are kept as typed.
SPELLINGS = {
    "plain": lambda s: s,
    "full-width": _digits(FULL_WIDTH),
    "full-width-comma": _grouped("，"),
    "ascii-comma": _grouped(","),
    "comma-space": _grouped(", "),
    "line-breaks": _grouped("\n"),
    "crlf": _grouped("\r\n"),
    "spaces": _grouped("     "),
    "zero-width": _each("\u200b"),
    "zwj-bom": _grouped("\u200d\ufeff"),
    "hyphens": _grouped("-"),
    "dashes": _grouped(" — "),
    "katakana-dot": _grouped("・"),
    "ideographic-stop": _grouped("。"),
    "tilde": _grouped("~"),
    "slash": _grouped("/"),
    "enumeration-comma": _grouped("、"),
    "chinese-hyphen": lambda s: "-".join(_digits(CHINESE)(s)),
    "chinese-enum": lambda s: "、".join(_digits(CHINESE)(s)),
    "chinese-formal": _digits(FORMAL),
    "circled": _digits(CIRCLED),
    "math-bold": _digits(BOLD),
    "double-struck": _digits(DOUBLE_STRUCK),
    "arabic-indic": _digits(ARABIC_INDIC),
    "devanagari": _grouped(" ", (3, 4, 4, 4, 4)),
}
SPELLINGS["devanagari"] = lambda s: _grouped(" ")(_digits(DEVANAGARI)(s))

EMAIL_SPELLINGS = {
    "plain": "{l}@{d}",
    "full-width-at": "{l}＠{d}",
    "words": "{l} at {d:dot}",
    "ideographic-stop": "{l:。}@{d:。}",
    "full-width-comma": "{l}@{d:，}",
    "full-width-stop": "{l}＠{d:．}",
    "brackets": "{l}(at){d:(dot)}",
    "chinese": "{l}艾特{d:点}",
}


class Item(NamedTuple):
    kind: str  # the number type
    spelling: str
    text: str  # as typed
    needle: str  # what must never be found (digits, or the e-mail address)


def _email(form: str, local: str) -> str:
    domain = EMAIL[1]

    def sub(match):
        part = local if match.group(1) == "l" else domain
        dot = match.group(2)
        if dot is None:
            return part
        return part.replace(".", f" {dot} " if dot == "dot" else dot)

    return re.sub(r"\{([ld])(?::([^}]*))?\}", sub, form)


def corpus() -> List[Item]:
    items = []
    for kind, template in NUMBERS.items():
        for index, (name, spell) in enumerate(SPELLINGS.items()):
            number = template.format(i=index)
            prefix = re.match(r"^(\+?)", number).group(1)
            body = number[len(prefix) :]
            tail = "X" if body.endswith("X") else ""
            digits = body[: len(body) - len(tail)]
            needle = re.sub(r"^(\+86|0086)", "", number).rstrip("X")
            items.append(Item(kind, name, prefix + spell(digits) + tail, needle))
    for index, (name, form) in enumerate(EMAIL_SPELLINGS.items()):
        local = EMAIL[0].format(letter=chr(ord("a") + index))
        items.append(Item("email", name, _email(form, local), f"{local}@{EMAIL[1]}"))
    return items


# ------------------------------------------------------------------------------ the search
_NUMERALS = {c: str(i) for i, c in enumerate(CHINESE)} | {c: str(i) for i, c in enumerate(FORMAL)} | {"零": "0"}


def _fold(ch: str) -> str:
    form = unicodedata.normalize("NFKC", ch)
    out = []
    for c in form:
        if unicodedata.category(c) == "Cf":
            continue
        value = unicodedata.decimal(c, None)
        if value is None and unicodedata.category(c) == "No":
            value = unicodedata.digit(c, None)
        out.append(str(value) if value is not None else _NUMERALS.get(c, c))
    return "".join(out)


def unescape(text: str) -> str:
    """JSON escapes decoded, however often escaped: a log reader sees "\\\\uff11" as "１"."""
    if "\\u" not in text:
        return text
    decoded = re.sub(r"\\+u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def collapse(text: str) -> str:
    """Digits, ASCII letters and @ only, every digit form folded: what a reader could recover."""
    folded = "".join(_fold(ch) for ch in unescape(text)).lower()
    folded = re.sub(r"\s+at\s+|\(at\)|艾特", "@", folded)
    folded = re.sub(r"\s*(?:\bdot\b|\(dot\)|点)\s*", ".", folded)
    return re.sub(r"[^0-9a-z@x]", "", folded)


def _key(needle: str) -> str:
    return re.sub(r"[^0-9a-z@x]", "", needle.lower())


def found_in_clear(text: str, items: List[Item]) -> List[Item]:
    """The items whose number (or address) can be read back from `text`."""
    collapsed = collapse(text)
    folded = "".join(_fold(ch) for ch in unescape(text)).lower()
    return [item for item in items if item.text in text or _readable(item, collapsed, folded)]


def _readable(item: Item, collapsed: str, folded: str) -> bool:
    if item.kind != "email":
        return _key(item.needle) in collapsed
    # the local part alone, in any dot form, is the secret; collapsed, a short word would be found
    # across a whole page ("<li>si…"), so it is looked for in the folded text
    local = re.escape(item.needle.split("@")[0]).replace(r"\.", "[.。・· ]?") + "(?![a-z])"
    return _key(item.needle) in collapsed or re.search(local, folded) is not None
