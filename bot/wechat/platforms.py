"""The WeChat Official Account and WeCom platforms: settings from the environment and API clients.

Shared by the input channels (bot/channels/wechat.py, wecom.py) and the delivery of staff replies
(bot/wechat/delivery.py), so that the staff console reaches the platforms without the channels.
Imports no Rasa: the staff console loads it in a fraction of a second.
"""

import logging
from dataclasses import dataclass
from typing import Any, Dict, Optional

import settings
from bot.wechat.api import PlatformApi
from bot.wechat.split import DEFAULT_LIMIT_BYTES

logger = logging.getLogger(__name__)

WECHAT_API_BASE = "https://api.weixin.qq.com"
WECOM_API_BASE = "https://qyapi.weixin.qq.com"


@dataclass(frozen=True)
class ChannelSettings:
    """Everything a channel instance needs; built from the settings (environment variables) only."""

    token: Optional[str]
    receiver_id: Optional[str]  # AppID (WeChat) or CorpID (WeCom)
    secret: Optional[str]
    aes_key: Optional[str]
    api_base: str
    agent_id: Optional[str] = None
    redis_url: Optional[str] = None
    reply_deadline: float = 4.5
    timestamp_window: float = 300.0
    max_body_bytes: int = 64 * 1024
    reply_limit_bytes: int = DEFAULT_LIMIT_BYTES
    followup_delay: float = 0.5
    dedupe_ttl: float = 600.0
    answer_timeout: float = 120.0  # a stuck assistant must not pin a background task forever


def _strip(value: str) -> Optional[str]:
    return (value or "").strip() or None


def _common(prefix: str, default_api_base: str) -> Dict[str, Any]:
    config = settings.get()
    deadline = getattr(config, f"{prefix}_reply_deadline")
    if deadline > 4.8:
        logger.warning("%s_REPLY_DEADLINE=%s exceeds WeChat's 5 s window", prefix.upper(), deadline)
    return dict(
        api_base=_strip(getattr(config, f"{prefix}_api_base")) or default_api_base,
        redis_url=_strip(getattr(config, f"{prefix}_redis_url")) or _strip(config.redis_url),
        reply_deadline=deadline,
    )


def wechat_settings() -> ChannelSettings:
    config = settings.get()
    return ChannelSettings(
        token=_strip(config.wechat_token),
        receiver_id=_strip(config.wechat_app_id),
        secret=_strip(config.wechat_app_secret),
        aes_key=_strip(config.wechat_encoding_aes_key),
        **_common("wechat", WECHAT_API_BASE),
    )


def wecom_settings() -> ChannelSettings:
    config = settings.get()
    return ChannelSettings(
        token=_strip(config.wecom_token),
        receiver_id=_strip(config.wecom_corp_id),
        secret=_strip(config.wecom_secret),
        aes_key=_strip(config.wecom_encoding_aes_key),
        agent_id=_strip(config.wecom_agent_id),
        **_common("wecom", WECOM_API_BASE),
    )


class OfficialAccountApi(PlatformApi):
    """Customer-service messages: POST /cgi-bin/message/custom/send (token: /cgi-bin/token)."""

    token_path = "/cgi-bin/token"
    send_path = "/cgi-bin/message/custom/send"

    def __init__(self, settings: ChannelSettings, store, cache_key: str) -> None:
        super().__init__(settings.api_base, store, cache_key)
        self._app_id = settings.receiver_id
        self._secret = settings.secret

    def is_configured(self) -> bool:
        return bool(self._app_id and self._secret)

    def token_params(self) -> Dict[str, str]:
        return {"grant_type": "client_credential", "appid": self._app_id, "secret": self._secret}

    def message_body(self, user: str, text: str) -> Dict[str, Any]:
        return {"touser": user, "msgtype": "text", "text": {"content": text}}


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


# channel name -> (its settings from the environment, its API client)
PLATFORMS = {"wechat": (wechat_settings, OfficialAccountApi), "wecom": (wecom_settings, WeComApi)}
