"""The tag that replaces a masked value: [KIND:16 hex digits], a keyed hash (HMAC-SHA256, 64 bits).

The key is PRIVACY_HASH_KEY. With the key, the same number always gives the same tag, so records
of one person can be linked; without it, a tag cannot be turned back into the number (a phone
number has about 2^33 possible values: an unkeyed or short hash is reversed in seconds, which is
why the tag is keyed and 64 bits long). Production (SHEBAO_ENV=production) refuses to run
without a real key; elsewhere a fixed development key is used and said so.
"""

import functools
import hashlib
import hmac
import re

import settings

KINDS = ("ID", "PHONE", "CARD", "EMAIL", "NAME", "NUM")
TAG = re.compile(r"\[(?:ID|PHONE|CARD|EMAIL|NAME|NUM):[0-9a-f]{16}\]")
DEVELOPMENT_KEY = "shebao-development-key: not secret, never for production"
PLACEHOLDERS = {"", "change_me", "changeme", "change-me", "secret", "xxx", "todo"}
MIN_SECRET_CHARS = 16


class MissingSecret(RuntimeError):
    pass


def production() -> bool:
    return settings.get().production


def is_placeholder(value: str) -> bool:
    value = (value or "").strip()
    return value.lower() in PLACEHOLDERS or "change_me" in value.lower() or len(value) < MIN_SECRET_CHARS


def hash_key() -> bytes:
    value = settings.get().privacy_hash_key
    if is_placeholder(value):
        if production():
            raise MissingSecret(
                "PRIVACY_HASH_KEY is missing or a placeholder (production needs a secret "
                f"of at least {MIN_SECRET_CHARS} characters)"
            )
        return DEVELOPMENT_KEY.encode()
    return value.encode()


def tag(kind: str, canonical: str) -> str:
    return _tag(hash_key(), kind, canonical)


@functools.lru_cache(maxsize=4096)
def _tag(key: bytes, kind: str, canonical: str) -> str:
    digest = hmac.new(key, f"{kind}:{canonical}".encode("utf-8", "surrogatepass"), hashlib.sha256)
    return f"[{kind}:{digest.hexdigest()[:16]}]"
