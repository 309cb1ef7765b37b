"""Mask personal numbers before anything is stored: ID cards, phones, bank cards, e-mail.

The masked form keeps a short keyed hash so records of the same person can still be linked
without the number itself (PRIVACY_HASH_KEY; a per-deployment secret).
"""
import hashlib
import hmac
import os
import re

_PATTERNS = (
    ("ID", re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")),
    ("CARD", re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")),
    ("PHONE", re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")),
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
)


def _tag(kind: str, value: str) -> str:
    key = os.environ.get("PRIVACY_HASH_KEY", "shebao-dev-key").encode()
    digest = hmac.new(key, re.sub(r"[ -]", "", value).upper().encode(), hashlib.sha256).hexdigest()[:8]
    return f"[{kind}:{digest}]"


def mask_text(text):
    """'我的身份证110101199003071234' -> '我的身份证[ID:1a2b3c4d]'."""
    if not isinstance(text, str) or not text:
        return text
    for kind, pattern in _PATTERNS:
        text = pattern.sub(lambda m, k=kind: _tag(k, m.group(0)), text)
    return text


def contains_personal_data(text: str) -> bool:
    return isinstance(text, str) and any(p.search(text) for _, p in _PATTERNS)
