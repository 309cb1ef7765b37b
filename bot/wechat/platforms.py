"""The WeChat Official Account and WeCom platforms: settings from the environment and API clients.

Shared by the input channels (bot/channels/wechat.py, wecom.py) and the delivery of staff replies
(bot/wechat/delivery.py), so that the staff console reaches the platforms without the channels.
Imports no Rasa: the staff console loads it in a fraction of a second.
"""

import logging
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional

from bot.wechat.api import PlatformApi
from bot.wechat.split import DEFAULT_LIMIT_BYTES

logger = logging.getLogger(__name__)

WECHAT_API_BASE = "https://api.weixin.qq.com"
WECOM_API_BASE = "https://qyapi.weixin.qq.com"


@dataclass(frozen=True)
class ChannelSettings:
    """Everything a channel instance needs; built from environment variables only."""

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


def env_str(environ: Mapping[str, str], name: str) -> Optional[str]:
    value = (environ.get(name) or "").strip()
    return value or None


def env_float(environ: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env_str(environ, name)
    if raw is None:
        return default
    try:
        return min(high, max(low, float(raw)))
    except ValueError:
        logger.error("%s=%r is not a number; using %s", name, raw, default)
        return default


def _common(prefix: str, environ: Mapping[str, str], default_api_base: str) -> Dict[str, Any]:
    deadline = env_float(environ, f"{prefix}_REPLY_DEADLINE", 4.5, 0.05, 60.0)
    if deadline > 4.8:
        logger.warning("%s_REPLY_DEADLINE=%s exceeds WeChat's 5 s window", prefix, deadline)
    return dict(
        api_base=env_str(environ, f"{prefix}_API_BASE") or default_api_base,
        redis_url=env_str(environ, f"{prefix}_REDIS_URL") or env_str(environ, "REDIS_URL"),
        reply_deadline=deadline,
    )


def wechat_settings(environ: Mapping[str, str]) -> ChannelSettings:
    return ChannelSettings(
        token=env_str(environ, "WECHAT_TOKEN"),
        receiver_id=env_str(environ, "WECHAT_APP_ID"),
        secret=env_str(environ, "WECHAT_APP_SECRET"),
        aes_key=env_str(environ, "WECHAT_ENCODING_AES_KEY"),
        **_common("WECHAT", environ, WECHAT_API_BASE),
    )


def wecom_settings(environ: Mapping[str, str]) -> ChannelSettings:
    return ChannelSettings(
        token=env_str(environ, "WECOM_TOKEN"),
        receiver_id=env_str(environ, "WECOM_CORP_ID"),
        secret=env_str(environ, "WECOM_SECRET"),
        aes_key=env_str(environ, "WECOM_ENCODING_AES_KEY"),
        agent_id=env_str(environ, "WECOM_AGENT_ID"),
        **_common("WECOM", environ, WECOM_API_BASE),
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
