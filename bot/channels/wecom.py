"""WeCom (企业微信) self-built app input channel for Rasa: ``bot.channels.wecom.WeComInput``.

Mounted at ``/webhooks/wecom/webhook``. WeCom always encrypts: the verification GET carries an
encrypted echostr, messages are bound to the CorpID, and late answers go through
POST /cgi-bin/message/send. Everything else is the shared pipeline in ``wx_core``.
"""

from typing import Any, Mapping, Optional, Text

from wechatpy.enterprise import parse_message as parse_wecom_message
from wechatpy.enterprise.replies import TextReply

from bot.channels.wx_core import (
    MAX_ECHOSTR_CHARS,
    Inbound,
    WeChatChannelBase,
    parse_xml_or_reject,
)
from bot.wechat.api import PlatformApi
from bot.wechat.crypto import RequestRejected, aes_key_problem
from bot.wechat.platforms import ChannelSettings, WeComApi, wecom_settings
from bot.wechat.xml import cdata_safe


class WeComInput(WeChatChannelBase):
    """WeCom app webhook; shares the WeChat pipeline, always in safe (encrypted) mode."""

    enterprise = True

    @classmethod
    def name(cls) -> Text:
        return "wecom"

    @classmethod
    def settings_from_env(cls) -> ChannelSettings:
        return wecom_settings()

    def config_problem(self) -> Optional[str]:
        settings = self.settings
        if not settings.token:
            return "WECOM_TOKEN is not set"
        if not settings.aes_key:
            return "WECOM_ENCODING_AES_KEY is not set (WeCom always encrypts)"
        problem = aes_key_problem(settings.aes_key)
        if problem:
            return f"WECOM_ENCODING_AES_KEY is invalid: {problem}"
        if not settings.receiver_id:
            return "WECOM_CORP_ID is not set"
        return None

    def make_api(self, store, cache_key: str) -> PlatformApi:
        return WeComApi(self.settings, store, cache_key)

    def verify_url(self, args: Mapping[str, Any]) -> str:
        # base64 '+' arrives as ' ' when the caller did not percent-encode it; the signature
        # is computed over the original, so restoring it cannot let anything else through.
        echostr = (args.get("echostr") or "").replace(" ", "+")
        if not echostr or len(echostr) > MAX_ECHOSTR_CHARS:
            raise RequestRejected(400, "missing or oversized echostr")
        return self.cipher.decrypt_echo(echostr, args.get("msg_signature"), args.get("timestamp"), args.get("nonce"))

    def authenticate(self, args: Mapping[str, Any], body: bytes) -> Inbound:
        fields = parse_xml_or_reject(body)
        if not fields.get("Encrypt"):
            raise RequestRejected(400, "message without <Encrypt>")
        xml = self.cipher.decrypt_message(
            fields["Encrypt"], args.get("msg_signature"), args.get("timestamp"), args.get("nonce")
        )
        return Inbound(xml, parse_xml_or_reject(xml), encrypted=True)

    def parse_message(self, xml: str):
        return parse_wecom_message(xml)

    def render_reply(self, message, text: str) -> str:
        return TextReply(
            source=cdata_safe(message.target or ""),
            target=cdata_safe(message.source or ""),
            agent=getattr(message, "agent", 0) or 0,
            content=text,
        ).render()
