"""Encryption of the one personal value the project keeps on purpose: a call-back phone number.

A masked number cannot be called, so a number left for a call back (with the citizen's explicit
consent) is encrypted instead: Fernet (AES-128-CBC with HMAC-SHA256) under a key derived with
HKDF-SHA256 from CALLBACK_KEY. Production (SHEBAO_ENV=production) refuses to start the Rasa
server and the staff console without a real CALLBACK_KEY (bot.server.production); elsewhere a fixed
development key is used. Rows are deleted after CALLBACK_RETENTION_DAYS (bot.store.retention).
"""

import base64
import functools
import re

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

import settings
from bot.privacy.tags import MissingSecret, is_placeholder, production

DEVELOPMENT_KEY = "shebao-development-callback-key: not secret, never for production"
PHONE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9}|0\d{9,11})$")  # a mobile or a landline with its area code


def _secret() -> str:
    value = settings.get().callback_key
    if is_placeholder(value):
        if production():
            raise MissingSecret(
                "CALLBACK_KEY is missing or a placeholder (production needs a secret of at "
                "least 16 characters to encrypt call-back numbers)"
            )
        return DEVELOPMENT_KEY
    return value


@functools.lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"shebao-callback", info=b"phone").derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def normalise_phone(raw: str):
    """The digits of a Chinese mobile or landline number typed in any common way, or None."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    import unicodedata

    digits = re.sub(r"[\s\-().·]", "", unicodedata.normalize("NFKC", raw))
    match = PHONE.match(digits)
    return match.group(1) if match else None


def encrypt(value: str) -> str:
    return _fernet(_secret()).encrypt(value.encode()).decode()


def decrypt(token: str):
    """The plain value, or None when the key has changed since it was stored."""
    try:
        return _fernet(_secret()).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None
