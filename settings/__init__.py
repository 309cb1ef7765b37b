"""Every setting of the project in one place: its paths and each environment variable, with its
default and its validation (pydantic's BaseSettings, as installed with Rasa).

`get()` is read where a value is used, not copied at import: a test or an operator that changes
an environment variable is seen at the next call. Instances are cached per snapshot of the
variables, so a read costs a few dictionary look-ups. An invalid value (a port that is not a
number, a limit below 1) raises a ValidationError naming the variable; the servers read their
settings once at start-up, so a bad value stops them there rather than failing a request.
"""

import functools
import os
from pathlib import Path
from typing import Dict, Optional

from pydantic import BaseSettings, Field, confloat, conint

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUILD = PROJECT_ROOT / "build"

Positive = conint(ge=1)
Seconds = confloat(gt=0)


class Settings(BaseSettings):
    """Field names are the environment variables, lower-cased."""

    # where things are
    kb_database_url: Optional[str] = None  # default: SQLite build/knowledge.db
    app_database_url: Optional[str] = None  # default: SQLite build/app.db
    tracker_database_url: Optional[str] = None  # default: the tracker store of endpoints.yml
    shebao_model: Optional[Path] = None  # default: models/current.tar.gz
    redis_url: Optional[str] = None
    limits_redis_url: Optional[str] = None  # the rate limits' Redis (default: redis_url)
    # environment and secrets
    shebao_env: str = ""
    privacy_hash_key: str = ""
    callback_key: str = ""
    rasa_api_token: str = ""
    action_server_token: str = ""
    # servers
    action_host: str = "127.0.0.1"
    action_port: conint(ge=1, le=65535) = 5055
    staff_host: str = "127.0.0.1"
    staff_port: conint(ge=1, le=65535) = 5080
    sanic_backlog: Positive = 1024
    action_connections: Positive = 32
    action_request_timeout: Seconds = 60.0
    shebao_max_connections: Positive = 800
    shebao_request_timeout: Seconds = 10.0  # a whole request, first byte to last
    shebao_response_timeout: Seconds = 60.0  # first byte to the answer
    shebao_keep_alive_timeout: Seconds = 30.0  # longer than every client's (aiohttp 15 s, nginx 10 s)
    trusted_proxies: str = ""  # comma-separated addresses or networks
    widget_origins: str = ""  # comma-separated sites allowed to embed the widget
    log_level: str = "INFO"
    instance_name: str = ""
    # staff console
    staff_password: Optional[str] = None
    staff_cookie_secure: bool = False
    staff_session_idle_minutes: Positive = 30
    staff_session_max_hours: Positive = 12
    staff_login_max_failures: Positive = 5
    staff_login_max_failures_per_account: Positive = 10
    staff_login_max_failures_per_client: Positive = 20
    staff_login_window_minutes: Positive = 15
    staff_timezone: str = "Asia/Shanghai"
    # live hand-off and retention
    handoff_hours: str = ""
    handoff_closed_dates: str = ""
    handoff_idle_minutes: Positive = 30
    callback_retention_days: Positive = 14
    retention_days: Positive = 180
    # WeChat Official Account and WeCom (bot/wechat/platforms.py); empty means not configured
    wechat_token: str = ""
    wechat_app_id: str = ""
    wechat_app_secret: str = ""
    wechat_encoding_aes_key: str = ""
    wechat_api_base: str = ""
    wechat_redis_url: str = ""
    wechat_reply_deadline: confloat(ge=0.05, le=60) = 4.5  # WeChat gives up after 5 s
    wecom_token: str = ""
    wecom_corp_id: str = ""
    wecom_secret: str = ""
    wecom_encoding_aes_key: str = ""
    wecom_agent_id: str = ""
    wecom_api_base: str = ""
    wecom_redis_url: str = ""
    wecom_reply_deadline: confloat(ge=0.05, le=60) = 4.5
    # per-endpoint rate limits: LIMIT_<ENDPOINT>_PER_SENDER / _PER_CLIENT
    limits: Dict[str, Positive] = Field(default_factory=dict)

    class Config:
        case_sensitive = False

    @property
    def production(self) -> bool:
        return self.shebao_env.strip().lower() in ("production", "prod")

    @property
    def model(self) -> Path:
        return self.shebao_model or PROJECT_ROOT / "models" / "current.tar.gz"

    def limit(self, name: str, default: int) -> int:
        """The limit LIMIT_<NAME> (e.g. 'WIDGET_MESSAGE_PER_SENDER'), or its default."""
        return self.limits.get(name.upper(), default)


@functools.lru_cache(maxsize=16)
def _settings(environment: tuple) -> Settings:
    limits = {name[len("LIMIT_") :]: value for name, value in os.environ.items() if name.startswith("LIMIT_")}
    return Settings(limits=limits)


def get() -> Settings:
    """The settings as the environment says now (cached per state of the environment)."""
    return _settings(tuple(os.environ._data.items()))
