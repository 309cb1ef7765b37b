"""Mask personal data before anything is stored or logged: ID cards, phones, bank cards, e-mail,
names, and long digit runs of no known kind.

One normaliser (bot.privacy.normalise: NFKC, Chinese numerals, per-character so every match maps
back to the original) sits in front of every detector, and every masker in the project — the
tracker store, the project tables, the logs, the staff console and its export — goes through
`mask_text`. The widget's client-side warning (bot/widget/widget.js) is a port of the same rules,
tested against the same spellings (tests/privacy/spellings.json).

A masked value becomes [KIND:tag], a keyed 64-bit hash (bot.privacy.tags); text that is not
personal data is left exactly as it was written.
"""

import functools
import hashlib
import itertools
import re
from typing import List, Tuple

import settings
from bot.privacy.emails import find_emails
from bot.privacy.names import find_names
from bot.privacy.normalise import normalise
from bot.privacy.numbers import LAST_RESORT_DIGITS, find_numbers
from bot.privacy.tags import TAG, MissingSecret, production, tag  # noqa: F401  (part of this API)

_UNSTORABLE = str.maketrans({0: "\ufffd", **{c: "\ufffd" for c in range(0xD800, 0xE000)}})
_NAME_CUES = re.compile("叫|名|姓|联系人|参保人|申请人|持卡人|我是|本人|(?i:name|call me|i'm|i am|this is)")
_EMAIL_CUES = re.compile("@|＠|艾特|(?i:\\bat\\b)")
_DIGIT = re.compile("[0-9]")


_UNSTORABLE_CHARS = re.compile("[\x00\ud800-\udfff]")


def _needs_unstorable_fix(text: str) -> bool:
    return _UNSTORABLE_CHARS.search(text) is not None


def _enough_digits(text: str) -> bool:
    return sum(1 for _ in itertools.islice(_DIGIT.finditer(text), LAST_RESORT_DIGITS)) >= LAST_RESORT_DIGITS


def find(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, tag) of every personal value in `text`, in order, not overlapping."""
    norm = normalise(text)  # ASCII text is its own normal form (no copy)
    digits = _enough_digits(norm.text)
    maybe_email = _EMAIL_CUES.search(norm.plain) is not None
    maybe_name = _NAME_CUES.search(norm.plain) is not None
    if not (digits or maybe_email or maybe_name):
        return []
    tags = [(m.start(), m.end()) for m in TAG.finditer(norm.plain)]
    found = []  # (start, end, kind, canonical) in the normalised text
    if maybe_email:
        found += [(s, e, "EMAIL", c) for s, e, c in find_emails(norm.plain)]
    if digits:
        # a tag reads as letters: it ends a run of digits, never joins two
        numbers_text = TAG.sub(lambda m: "T" * len(m.group(0)), norm.text) if tags else norm.text
        found += [(f.start, f.end, f.kind, f.canonical) for f in find_numbers(numbers_text)]
    if maybe_name:
        found += [(s, e, "NAME", c) for s, e, c in find_names(norm.plain)]
    chosen, last_end = [], -1
    for start, end, kind, canonical in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if start < last_end or (tags and any(s < end and start < e for s, e in tags)):
            continue
        original = norm.span(start, end)
        chosen.append((original[0], original[1], tag(kind, canonical)))
        last_end = end
    return chosen


def mask_text(text):
    """'我的手机一三八 1234 5678' -> '我的手机[PHONE:…]'; '我叫张三' -> '我叫[NAME:…]'.

    Also makes text storable: NUL and lone surrogates (PostgreSQL rejects both) become U+FFFD.
    Deterministic and idempotent: a tag is never masked again. Short texts are cached (a turn
    stores the same bot texts, intent names and slot values over and over).
    """
    if not isinstance(text, str) or not text:
        return text
    if len(text) <= 2000:
        return _mask_cached(text, settings.get().privacy_hash_key, settings.get().shebao_env)
    return _mask(text)


@functools.lru_cache(maxsize=8192)
def _mask_cached(text: str, _key: str, _env: str) -> str:
    return _mask(text)


def _mask(text: str) -> str:
    if _needs_unstorable_fix(text):
        text = text.translate(_UNSTORABLE)
    spans = find(text)
    if not spans:
        return text
    out, last = [], 0
    for start, end, replacement in spans:
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)


def mask_names(text):
    """Names only (kept for callers that mask a display name)."""
    if not isinstance(text, str) or not text:
        return text
    norm = normalise(text)
    out, last = [], 0
    for start, end, canonical in sorted(find_names(norm.plain)):
        s, e = norm.span(start, end)
        if s < last:
            continue
        out += [text[last:s], tag("NAME", canonical)]
        last = e
    return "".join(out) + text[last:]


def contains_personal_data(text) -> bool:
    return isinstance(text, str) and bool(find(text))


def mask_value(value, skip_keys=frozenset()):
    """mask_text applied to every string inside a JSON-like value (dicts and their keys, lists,
    tuples): a client's metadata {"13812345678": …} is personal data in a key.

    Keys in skip_keys keep their values (event type names, intent names, ids that must match).
    """
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {
            mask_text(key): (item if key in skip_keys else mask_value(item, skip_keys)) for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [mask_value(item, skip_keys) for item in value]
    return value


_LETTERS = str.maketrans("0123456789", "ghijklmnop")
_DIGIT = re.compile(r"\d")
MAX_KEY_CHARS = 128  # the events.sender_id column holds 255; longer IDs are stored as a digest


def storage_key(sender_id: str) -> str:
    """The conversation ID as stored: masked, and bounded in length (deterministic, idempotent)."""
    if not isinstance(sender_id, str):
        return sender_id
    key = mask_text(sender_id)
    if len(key) > MAX_KEY_CHARS:
        # no digits in what is kept, so masking the result again changes nothing
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32].translate(_LETTERS)
        key = f"{_DIGIT.sub('', key[:64])}~{digest}"
    return key


def is_personal_id(sender_id) -> bool:
    """True when a conversation ID is itself personal data: it must never be stored, nor looked
    up, in this form (its masked form, storage_key, is the conversation's only name)."""
    return isinstance(sender_id, str) and mask_text(sender_id) != sender_id
