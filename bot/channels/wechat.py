"""WeChat Official Account (公众号) input channel for Rasa: ``bot.channels.wechat.WeChatInput``.

Mounted at ``/webhooks/wechat/webhook``. Supports plaintext, compatible and safe (AES) modes;
configured only from WECHAT_* environment variables (see README). The shared pipeline lives in
``wx_core``; this module holds what is specific to Official Accounts: the query parameters,
the AppID-bound envelope and the customer-service (客服消息) API.
"""

from typing import Any, Mapping, Optional, Text

from wechatpy import parse_message as parse_wechat_message
from wechatpy.replies import TextReply

from bot.channels.wx_core import (
    MAX_ECHOSTR_CHARS,
    Inbound,
    WeChatChannelBase,
    parse_xml_or_reject,
)
from bot.wechat.api import PlatformApi
from bot.wechat.crypto import RequestRejected, aes_key_problem, verify_signature
from bot.wechat.platforms import ChannelSettings, OfficialAccountApi, wechat_settings
from bot.wechat.xml import cdata_safe


class WeChatInput(WeChatChannelBase):
    """Official Account webhook: GET verifies the URL, POST carries user messages."""

    @classmethod
    def name(cls) -> Text:
        return "wechat"

    @classmethod
    def settings_from_env(cls) -> ChannelSettings:
        return wechat_settings()

    def config_problem(self) -> Optional[str]:
        settings = self.settings
        if not settings.token:
            return "WECHAT_TOKEN is not set"
        if settings.aes_key:
            problem = aes_key_problem(settings.aes_key)
            if problem:
                return f"WECHAT_ENCODING_AES_KEY is invalid: {problem}"
            if not settings.receiver_id:
                return "WECHAT_APP_ID is required when WECHAT_ENCODING_AES_KEY is set"
        return None

    def make_api(self, store, cache_key: str) -> PlatformApi:
        return OfficialAccountApi(self.settings, store, cache_key)

    def verify_url(self, args: Mapping[str, Any]) -> str:
        verify_signature((self.settings.token, args.get("timestamp"), args.get("nonce")), args.get("signature"))
        echostr = args.get("echostr") or ""
        if not echostr or len(echostr) > MAX_ECHOSTR_CHARS:
            raise RequestRejected(400, "missing or oversized echostr")
        return echostr

    def authenticate(self, args: Mapping[str, Any], body: bytes) -> Inbound:
        timestamp, nonce = args.get("timestamp"), args.get("nonce")
        # The plain signature covers only token/timestamp/nonce, so check it before parsing.
        verify_signature((self.settings.token, timestamp, nonce), args.get("signature"))
        fields = parse_xml_or_reject(body)
        encrypted = (args.get("encrypt_type") or "").lower() == "aes" or "Encrypt" in fields
        if not encrypted:
            if self.cipher is not None:
                raise RequestRejected(
                    403,
                    "plaintext message refused: WECHAT_ENCODING_AES_KEY is set, so only "
                    "compatible/safe-mode (encrypted) messages are accepted",
                )
            try:
                return Inbound(body.decode("utf-8"), fields, encrypted=False)
            except UnicodeDecodeError:
                raise RequestRejected(400, "body is not UTF-8") from None
        if self.cipher is None:
            raise RequestRejected(400, "encrypted message but WECHAT_ENCODING_AES_KEY is not set")
        if not fields.get("Encrypt"):
            raise RequestRejected(400, "encrypted message without <Encrypt>")
        # Compatible mode also carries plaintext copies; only the signed ciphertext is trusted.
        xml = self.cipher.decrypt_message(fields["Encrypt"], args.get("msg_signature"), timestamp, nonce)
        return Inbound(xml, parse_xml_or_reject(xml), encrypted=True)

    def parse_message(self, xml: str):
        return parse_wechat_message(xml)

    def render_reply(self, message, text: str) -> str:
        return TextReply(
            source=cdata_safe(message.target or ""), target=cdata_safe(message.source or ""), content=text
        ).render()
