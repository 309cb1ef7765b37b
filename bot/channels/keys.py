"""The web widget's per-conversation key: proof that a request comes from the browser that began
the conversation, not from someone who only knows (or guessed) its id.

The key is an HMAC of the conversation id under the server's secret (PRIVACY_HASH_KEY, which every
Rasa instance of a deployment shares), so any instance can check it and nothing is stored. The
server hands it out once, with the answer to the conversation's first message
(bot.channels.widget); every later request of the conversation must carry it. Without a real
secret (a development set-up) each process draws a random one: keys then last as long as the
process, and a restarted server simply starts new conversations.
"""

import base64
import functools
import hashlib
import hmac
import secrets as _random

import settings
from bot.privacy.tags import is_placeholder

KEY_CHARS = 32
_PURPOSE = b"shebao widget conversation key\x00"


@functools.lru_cache(maxsize=1)
def _process_secret() -> bytes:
    return _random.token_bytes(32)


def _secret(explicit: str = None) -> bytes:
    value = explicit if explicit is not None else settings.get().privacy_hash_key
    return _process_secret() if is_placeholder(value) else value.encode("utf-8")


def conversation_key(conversation_id: str, secret: str = None) -> str:
    """The key of a conversation (URL-safe, KEY_CHARS characters)."""
    digest = hmac.new(_secret(secret), _PURPOSE + conversation_id.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii")[:KEY_CHARS]


def key_matches(conversation_id: str, supplied) -> bool:
    """Whether `supplied` is this conversation's key (compared in constant time)."""
    if not isinstance(supplied, str) or len(supplied) != KEY_CHARS:
        return False
    return hmac.compare_digest(supplied.encode("ascii", "replace"), conversation_key(conversation_id).encode("ascii"))
