"""WeCom (企业微信) self-built app input channel for Rasa: ``bot.channels.wecom.WeComInput``.

Mounted at ``/webhooks/wecom/webhook``. WeCom always encrypts: the verification GET carries an
encrypted echostr, messages are bound to the CorpID, and late answers go through
POST /cgi-bin/message/send. Everything else is the shared pipeline in ``wx_core``.
"""

from typing import Any, Dict, Mapping, Optional, Text

from wechatpy.enterprise import parse_message as parse_wecom_message
from wechatpy.enterprise.replies import TextReply

from bot.channels.wx_api import PlatformApi
from bot.channels.wx_core import (
    MAX_ECHOSTR_CHARS,
    ChannelSettings,
    Inbound,
    WeChatChannelBase,
    env_str,
    parse_xml_or_reject,
)
from bot.channels.wx_crypto import RequestRejected, aes_key_problem
from bot.channels.wx_xml import cdata_safe

DEFAULT_API_BASE = "https://qyapi.weixin.qq.com"


class WeComApi(PlatformApi):
    """App messages: POST /cgi-bin/message/send (token: /cgi-bin/gettoken)."""

    token_path = "/cgi-bin/gettoken"
    send_path = "/cgi-bin/message/send"

    def __init__(self, settings: ChannelSettings, store, cache_key: str) -> None:
        super().__init__(settings.api_base, store, cache_key)
        self._corp_id = settings.receiver_id
        self._secret = settings.secret
        agent = (settings.agent_id or "").strip()
        self._agent_id = int(agent) if agent.isdigit() else None

    def is_configured(self) -> bool:
        return bool(self._corp_id and self._secret and self._agent_id is not None)

    def token_params(self) -> Dict[str, str]:
        return {"corpid": self._corp_id, "corpsecret": self._secret}

    def message_body(self, user: str, text: str) -> Dict[str, Any]:
        return {"touser": user, "msgtype": "text", "agentid": self._agent_id, "text": {"content": text}}

    def delivery_problem(self, data: Dict[str, Any]) -> Optional[str]:
        # WeCom answers errcode 0 even when the recipient is unknown to the app.
        if data.get("invaliduser"):
            return "recipient is not a member visible to this app (invaliduser)"
        return None


class WeComInput(WeChatChannelBase):
    """WeCom app webhook; shares the WeChat pipeline, always in safe (encrypted) mode."""

    enterprise = True

    @classmethod
    def name(cls) -> Text:
        return "wecom"

    @classmethod
    def settings_from_env(cls, environ: Mapping[str, str]) -> ChannelSettings:
        return ChannelSettings(
            token=env_str(environ, "WECOM_TOKEN"),
            receiver_id=env_str(environ, "WECOM_CORP_ID"),
            secret=env_str(environ, "WECOM_SECRET"),
            aes_key=env_str(environ, "WECOM_ENCODING_AES_KEY"),
            agent_id=env_str(environ, "WECOM_AGENT_ID"),
            **cls.common_settings(environ, DEFAULT_API_BASE),
        )

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
