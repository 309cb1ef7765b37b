"""Signature, replay-window and AES checks shared by the WeChat and WeCom channels.

wechatpy does the cryptography. This module adds what it lacks -- constant-time signature
comparison, a replay window, explicit key validation (wechatpy only ``assert``s) -- and turns
its many failure modes (bad base64, bad padding, truncated plaintext, wrong AppID/CorpID) into
one ``RequestRejected`` carrying the HTTP status to answer with.
"""

import base64
import binascii
import hmac
import time
from typing import Optional

from wechatpy.crypto import WeChatCrypto as OfficialAccountCrypto
from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import WeChatSigner


class RequestRejected(Exception):
    """A request that must be refused with ``status``; ``reason`` is for the log only."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def sha1_signature(*parts: str) -> str:
    """WeChat's signature: SHA1 over the lexicographically sorted, concatenated parts."""
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def verify_signature(expected_from: tuple, signature: Optional[str]) -> None:
    """Compare in constant time (wechatpy's ``check_signature`` uses ``!=``)."""
    if not signature or not all(isinstance(p, str) for p in expected_from):
        raise RequestRejected(403, "missing signature parameters")
    expected = sha1_signature(*expected_from)
    if not hmac.compare_digest(expected, signature.strip().lower()):
        raise RequestRejected(403, "bad signature")


def check_timestamp(timestamp: Optional[str], window: float, now: Optional[float] = None) -> None:
    """Refuse requests whose timestamp is outside the replay window."""
    try:
        ts = int(timestamp or "")
    except ValueError:
        raise RequestRejected(403, "missing or malformed timestamp") from None
    now = time.time() if now is None else now
    if abs(now - ts) > window:
        raise RequestRejected(403, f"stale timestamp (skew {round(now - ts)} s)")


def aes_key_problem(encoding_aes_key: str) -> Optional[str]:
    """Return why an EncodingAESKey is unusable, or None if it is fine."""
    if len(encoding_aes_key) != 43:
        return "EncodingAESKey must be 43 characters"
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError):
        return "EncodingAESKey is not base64"
    return None if len(key) == 32 else "EncodingAESKey does not decode to 32 bytes"


class MessageCipher:
    """AES-CBC envelope of WeChat's safe/compatible mode, bound to one AppID or CorpID."""

    def __init__(self, token: str, encoding_aes_key: str, receiver_id: str, enterprise: bool):
        problem = aes_key_problem(encoding_aes_key)
        if problem:
            raise ValueError(problem)
        crypto_class = WeComCrypto if enterprise else OfficialAccountCrypto
        self._token = token
        self._crypto = crypto_class(token, encoding_aes_key, receiver_id)

    def _verify_and_decrypt(self, encrypted: str, msg_signature, timestamp, nonce, decrypt) -> str:
        verify_signature((self._token, timestamp, nonce, encrypted), msg_signature)
        try:
            return decrypt()
        except (InvalidAppIdException, InvalidCorpIdException):
            raise RequestRejected(403, "ciphertext is bound to another AppID/CorpID") from None
        except InvalidSignatureException:
            raise RequestRejected(403, "bad msg_signature") from None
        except Exception as exc:  # bad base64/padding/length/UTF-8 -- garbage ciphertext
            raise RequestRejected(400, f"undecryptable payload ({type(exc).__name__})") from None

    def decrypt_message(self, encrypted: str, msg_signature, timestamp, nonce) -> str:
        """Check msg_signature over (token, timestamp, nonce, Encrypt) and decrypt."""
        return self._verify_and_decrypt(
            encrypted,
            msg_signature,
            timestamp,
            nonce,
            lambda: self._crypto.decrypt_message({"Encrypt": encrypted}, msg_signature, timestamp, nonce),
        )

    def decrypt_echo(self, echostr: str, msg_signature, timestamp, nonce) -> str:
        """WeCom URL verification: check the signature and decrypt the echostr."""
        return self._verify_and_decrypt(
            echostr,
            msg_signature,
            timestamp,
            nonce,
            lambda: self._crypto.check_signature(msg_signature, timestamp, nonce, echostr),
        )

    def encrypt_reply(self, xml: str, nonce: str, timestamp: str) -> str:
        """Wrap a rendered reply in the signed ``<Encrypt>`` envelope."""
        return self._crypto.encrypt_message(xml, nonce, timestamp)
