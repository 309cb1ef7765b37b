"""Fixtures for the WeChat / WeCom channel tests (helpers live in wx_testkit.py)."""

import time

import aiohttp
import pytest
from wx_testkit import AES_KEY, AGENT_ID, ALL_ENV, APP_ID, APP_SECRET, CORP_ID, TOKEN, WECOM_SECRET, FakePlatformApi


@pytest.fixture
def clean_env(monkeypatch):
    for name in ALL_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
async def fake_api():
    api = FakePlatformApi()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
def wechat_env(clean_env, fake_api):
    """Plaintext-mode WeChat configuration pointing at the fake API; tests adjust it."""
    clean_env.setenv("WECHAT_TOKEN", TOKEN)
    clean_env.setenv("WECHAT_APP_ID", APP_ID)
    clean_env.setenv("WECHAT_APP_SECRET", APP_SECRET)
    clean_env.setenv("WECHAT_API_BASE", fake_api.base_url)
    clean_env.setenv("WECHAT_REPLY_DEADLINE", "3")
    return clean_env


@pytest.fixture
def wecom_env(clean_env, fake_api):
    clean_env.setenv("WECOM_TOKEN", TOKEN)
    clean_env.setenv("WECOM_CORP_ID", CORP_ID)
    clean_env.setenv("WECOM_SECRET", WECOM_SECRET)
    clean_env.setenv("WECOM_AGENT_ID", AGENT_ID)
    clean_env.setenv("WECOM_ENCODING_AES_KEY", AES_KEY)
    clean_env.setenv("WECOM_API_BASE", fake_api.base_url)
    clean_env.setenv("WECOM_REPLY_DEADLINE", "3")
    return clean_env


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def msg_ids():
    """Fresh MsgIds so no two tests share dedupe keys."""
    base = int(time.time() * 1000) * 1000
    counter = iter(range(1, 10**6))
    return lambda: str(base + next(counter))
